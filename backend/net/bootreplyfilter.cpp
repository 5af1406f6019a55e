#include "net/bootreplyfilter.h"

#include <array>
#include <linux/filter.h>
#include <sys/socket.h>

namespace leasedesk {

namespace {

// Offsets in the IPv4 header (RFC 791 §3.1) and UDP header (RFC 768).
constexpr __u32 kVersionOffset = 0; // version and IHL
constexpr __u32 kFragmentOffset = 6; // flags and fragment offset
constexpr __u32 kProtocolOffset = 9;
constexpr __u32 kUdpDestinationOffset = 2; // after the IPv4 header
constexpr __u32 kVersionMask = 0xF0;
constexpr __u32 kVersion4 = 0x40;
constexpr __u32 kMoreFragmentsAndOffset = 0x3FFF;
constexpr __u32 kProtocolUdp = 17;
// Accepting returns how many octets to keep: the largest IPv4 packet, all of it.
constexpr __u32 kKeepWholePacket = 0xFFFF;

// Each jump skips jt or jf instructions (the kernel's Documentation/networking/filter.rst,
// "BPF engine and instruction set"); every "drop" lands on the last instruction.
constexpr std::array<sock_filter, 12> kProgram = {{
    BPF_STMT(BPF_LD | BPF_B | BPF_ABS, kVersionOffset), // 0: A = version and IHL
    BPF_STMT(BPF_ALU | BPF_AND | BPF_K, kVersionMask), // 1
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kVersion4, 0, 8), // 2: IPv4, else drop
    BPF_STMT(BPF_LD | BPF_B | BPF_ABS, kProtocolOffset), // 3
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kProtocolUdp, 0, 6), // 4: UDP, else drop
    BPF_STMT(BPF_LD | BPF_H | BPF_ABS, kFragmentOffset), // 5
    BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, kMoreFragmentsAndOffset, 4, 0), // 6: fragment: drop
    BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, kVersionOffset), // 7: X = IHL * 4
    BPF_STMT(BPF_LD | BPF_H | BPF_IND, kUdpDestinationOffset), // 8: A = UDP destination
    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, BootReplyFilter::ClientPort, 0, 1), // 9: 68, else drop
    BPF_STMT(BPF_RET | BPF_K, kKeepWholePacket), // 10: accept
    BPF_STMT(BPF_RET | BPF_K, 0), // 11: drop
}};

} // namespace

bool BootReplyFilter::attach(int fd)
{
    // The kernel copies the program; sock_fprog wants a mutable pointer.
    std::array<sock_filter, kProgram.size()> program = kProgram;
    sock_fprog fprog = {};
    fprog.len = static_cast<unsigned short>(program.size());
    fprog.filter = program.data();
    return ::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &fprog, sizeof fprog) == 0;
}

void BootReplyFilter::drain(int fd)
{
    // Each recv takes one whole datagram however small the buffer. Bounded, so that frames
    // still arriving cannot keep the caller here.
    char discard[1];
    for (int i = 0; i < MaxDrained && ::recv(fd, discard, sizeof discard, MSG_DONTWAIT) >= 0; ++i) {
    }
}

} // namespace leasedesk
