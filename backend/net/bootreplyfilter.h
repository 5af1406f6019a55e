#pragma once

namespace leasedesk {

// The classic BPF program (socket(7) SO_ATTACH_FILTER) of the packet socket that watches for
// DHCP server replies: it keeps IPv4 packets that carry UDP to port 68 (BOOTREPLY, RFC 2131
// §4.1) in one unfragmented piece and drops everything else in the kernel. Without it an
// AF_PACKET socket for ETH_P_IP would queue a copy of every IPv4 frame of the machine.
// The program reads from the IPv4 header on: on a SOCK_DGRAM packet socket the link-layer
// header is already gone when the filter runs (packet(7)), for incoming and outgoing frames.
class BootReplyFilter
{
public:
    static constexpr unsigned short ClientPort = 68; // RFC 2131 §4.1
    static constexpr int MaxDrained = 4096;

    // Attaches the program to `fd`; false with errno set when the kernel refused it.
    static bool attach(int fd);

    // Reads and discards what `fd` has queued (at most MaxDrained frames), without blocking:
    // frames that arrived before the filter was attached.
    static void drain(int fd);
};

} // namespace leasedesk
