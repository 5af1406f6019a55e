# Warning and sanitizer flags shared by every LeaseDesk target (applied through an interface
# library so that third-party code found by find_package is not affected).
add_library(leasedesk_flags INTERFACE)
target_compile_options(leasedesk_flags INTERFACE -Wall -Wextra -Wpedantic)
# The wire codec does arithmetic on untrusted lengths: narrowing there must be explicit.
add_library(leasedesk_strict_flags INTERFACE)
target_compile_options(leasedesk_strict_flags INTERFACE -Wshadow -Wconversion -Wno-sign-conversion)
if(LEASEDESK_WERROR)
    target_compile_options(leasedesk_flags INTERFACE -Werror)
endif()
if(LEASEDESK_SANITIZE OR LEASEDESK_FUZZ)
    set(_ld_sanitizers address,undefined)
    target_compile_options(leasedesk_flags INTERFACE -fsanitize=${_ld_sanitizers}
                                                     -fno-sanitize-recover=all
                                                     -fno-omit-frame-pointer)
    target_link_options(leasedesk_flags INTERFACE -fsanitize=${_ld_sanitizers})
endif()
if(LEASEDESK_FUZZ)
    # Coverage instrumentation for everything the fuzzer exercises, not just its entry point:
    # without it libFuzzer is blind inside the codec.
    target_compile_options(leasedesk_flags INTERFACE -fsanitize=fuzzer-no-link)
endif()

# Precompiled Qt and standard headers for the libraries and the tests (most of their compile
# time is parsing Qt headers). The codec (leasedesk_proto) has none: it stays standard C++.
set(LEASEDESK_PCH ${CMAKE_CURRENT_LIST_DIR}/precompiled.h)
