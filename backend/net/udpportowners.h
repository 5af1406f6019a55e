#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace leasedesk {

// Who else holds a UDP port, so that "port 67 is already in use" can name the other DHCP
// server (dnsmasq, kea-dhcp4, dhcpd …). Reads /proc/thread-self/net/udp, which lists the
// sockets of the calling thread's network namespace (proc(5)), then looks for the socket
// inodes among the processes' descriptors in /proc/PID/fd. Without the rights to see other
// processes' descriptors the sockets are still counted but their owners stay unnamed.
class UdpPortOwners
{
public:
    // The inodes of the IPv4 UDP sockets bound to `port` (any address).
    static QList<quint64> socketInodes(quint16 port);

    // One "NAME, pid PID" per process holding one of `inodes`, and one "an unidentified
    // program" per inode without a visible owner.
    static QStringList describe(const QList<quint64> &inodes);
};

} // namespace leasedesk
