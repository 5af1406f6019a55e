#pragma once

#include "net/uniquefd.h"

#include <QString>
#include <QStringList>

namespace leasedesk {

// The sockets that need privileges, opened once at the very start of main() and handed to
// the engine; then every capability is dropped (design.md, "Privileges are taken once, then
// dropped"). Each socket that cannot be opened stays invalid and adds one sentence to
// problems() that says what is missing and how to grant it, so the GUI can start without
// rights and say so. Move-only; closes what it still owns on destruction.
class PrivilegedSockets
{
public:
    static constexpr quint16 ServerPort = 67; // RFC 2131 §4.1: servers listen on UDP 67

    // Opens, all non-blocking and close-on-exec:
    //  - UDP 0.0.0.0:67 with SO_REUSEADDR, SO_BROADCAST and IP_PKTINFO, so one socket serves
    //    every interface and tells on which one each request arrived (RFC 2131 §4.1);
    //  - an AF_PACKET SOCK_DGRAM socket that sends IPv4 (ETH_P_IP) frames to a client's MAC
    //    before the client has an address (RFC 2131 §4.1). It is opened with protocol 0,
    //    which receives nothing (packet(7)): with ETH_P_IP the kernel would queue a copy of
    //    every IPv4 frame of the machine that nobody reads;
    //  - a raw ICMP socket for echo probes before an address is offered (RFC 2131 §3.1 step
    //    2, §4.4.1), filtered to echo replies;
    //  - an AF_PACKET SOCK_DGRAM socket for ARP (ETH_P_ARP) on every interface: RFC 5227
    //    probes of an address before it is offered, and the ARP traffic it watches (who
    //    uses which address);
    //  - an AF_PACKET SOCK_DGRAM socket for IPv4 (ETH_P_IP) on every interface that sees the
    //    DHCP replies of other servers (UDP to port 68) and sends DHCPDISCOVERs as a client
    //    does, to find them. Its BPF filter (BootReplyFilter) is attached before the socket
    //    is bound to ETH_P_IP, so at no moment does the kernel queue the machine's other
    //    IPv4 frames on it.
    // Call it before any thread starts.
    static PrivilegedSockets open();

    // Drops every capability of the calling thread for good: ambient, inheritable, permitted
    // and effective sets, the bounding set and root's special treatment (securebits) where
    // CAP_SETPCAP allows it, and sets PR_SET_NO_NEW_PRIVS so that no execve can gain any.
    // Capabilities belong to threads (capabilities(7)), so call it before any thread starts:
    // threads created later inherit the empty sets. Returns an empty string on success,
    // otherwise what could not be dropped.
    static QString dropCapabilities();

    PrivilegedSockets(PrivilegedSockets &&) = default;
    PrivilegedSockets &operator=(PrivilegedSockets &&) = default;

    int udpFd() const { return m_udp.get(); }
    int packetFd() const { return m_packet.get(); }
    int icmpFd() const { return m_icmp.get(); }
    int arpFd() const { return m_arp.get(); }
    int clientFd() const { return m_client.get(); }

    // Hand a socket over (UDP and packet to DhcpSocket, ICMP and ARP to NetworkProber, client
    // to DhcpClientPort); this object no longer closes it.
    UniqueFd takeUdp() { return std::move(m_udp); }
    UniqueFd takePacket() { return std::move(m_packet); }
    UniqueFd takeIcmp() { return std::move(m_icmp); }
    UniqueFd takeArp() { return std::move(m_arp); }
    UniqueFd takeClient() { return std::move(m_client); }

    // One sentence per missing right or conflict, for people; empty when everything opened.
    const QStringList &problems() const { return m_problems; }

private:
    PrivilegedSockets() = default;
    void openUdp();
    void openPacket();
    void openIcmp();
    void openArp();
    void openClient();

    UniqueFd m_udp;
    UniqueFd m_packet;
    UniqueFd m_icmp;
    UniqueFd m_arp;
    UniqueFd m_client;
    QStringList m_problems;
};

} // namespace leasedesk
