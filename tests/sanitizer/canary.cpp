// A deliberate heap overflow. The test passes only when AddressSanitizer reports it, so if
// the sanitizer build ever lost its instrumentation, the suite would fail instead of letting
// memory errors slip through unseen.
#include <cstdio>
#include <cstdlib>

int main(int argc, char **)
{
    volatile int *p = static_cast<int *>(std::malloc(4 * sizeof(int)));
    p[argc + 3] = 1; // argc is 1: index 4 of 4
    std::printf("the overflow went unnoticed\n");
    std::free(const_cast<int *>(p));
    return 0;
}
