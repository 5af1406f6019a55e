#pragma once

#include "net/datagramreader.h"
#include "net/interfacecache.h"
#include "net/transport.h"
#include "net/uniquefd.h"

#include <QByteArray>
#include <QObject>
#include <QStringList>

#include <vector>

namespace leasedesk {

// The server's UDP socket on port 67 (and, optionally, the AF_PACKET socket) in the engine's
// event loop. Receives without blocking: each wake-up drains at most MaxDatagramsPerWakeup
// datagrams, so a flood cannot starve the rest of the loop; what is left wakes it again.
// That is four times what the engine takes per turn from the IngressQueue it feeds (issue 9):
// under overload the kernel's buffer stays near empty and the datagrams wait in that queue,
// which drops the oldest, not in the kernel's, which drops the newest (counted here anyway,
// SO_RXQ_OVFL).
// Each datagram is delivered with the interface it arrived on and that interface's IPv4
// addresses (IP_PKTINFO, ip(7)), which the server logic needs to choose the scope and the
// server identifier (RFC 2131 §4.3.1, §4.1). Lives and is used in one thread.
class DhcpSocket : public QObject, public Transport
{
    Q_OBJECT

public:
    static constexpr int MaxDatagramsPerWakeup = 256;
    // Under load (wake-ups less than this apart) the socket is read at most this often
    // (DatagramReader): DHCP clients wait seconds for an answer (RFC 2131 §4.1), and a server
    // that wakes once per datagram spends most of its CPU waking.
    static constexpr int BusyPauseMs = 2;
    // Asked for as SO_RCVBUF (the kernel caps it at net.core.rmem_max), see growReceiveBuffer.
    static constexpr int ReceiveBufferBytes = 2 * 1024 * 1024;
    static constexpr quint16 ServerPort = 67; // RFC 2131 §4.1
    static constexpr quint8 Ttl = 64; // of link-unicast packets we build
    static constexpr qsizetype EthernetAddressSize = 6;

    struct Statistics
    {
        quint64 received = 0; // delivered through datagramReceived
        quint64 droppedInterface = 0; // from an interface outside the allow-list
        quint64 droppedTruncated = 0; // larger than the receive buffer
        quint64 receiveErrors = 0; // recvmsg failed, or no IP_PKTINFO came with it
        // Dropped by the kernel because the socket's receive buffer was full (SO_RXQ_OVFL,
        // socket(7)): learned with the next datagram that gets through.
        quint64 droppedByKernel = 0;
        quint64 sent = 0;
        quint64 sendErrors = 0;
        quint64 linkUnicastFallbacks = 0; // LinkUnicast sent as Broadcast instead
    };

    // Takes the UDP socket bound to port 67 (PrivilegedSockets::takeUdp()) and, when there is
    // one, the AF_PACKET socket (takePacket()); makes both non-blocking and makes sure
    // IP_PKTINFO and SO_BROADCAST are on. An invalid UDP socket gives an object that receives
    // nothing and whose sends fail with a reason.
    explicit DhcpSocket(UniqueFd udpSocket, UniqueFd packetSocket = UniqueFd(),
                        QObject *parent = nullptr);

    // The server's --interface list: datagrams from any other interface are dropped and
    // counted. Empty (the default) accepts every interface.
    void setAllowedInterfaces(const QStringList &names) { m_allowed = names; }
    const QStringList &allowedInterfaces() const { return m_allowed; }

    // False when replies to a client's MAC (Destination::Kind::LinkUnicast) are broadcast
    // instead because there is no AF_PACKET socket; statistics().linkUnicastFallbacks counts
    // them.
    bool canLinkUnicast() const { return m_packet.isValid(); }
    const Statistics &statistics() const { return m_stats; }

    // Relay: to d.address:d.port (giaddr:67) by normal routing. Unicast: to d.address:d.port
    // (ciaddr:68) by normal routing. Broadcast: to 255.255.255.255:d.port out of
    // d.interfaceIndex only. LinkUnicast: an IPv4/UDP packet from d.source:67 to
    // d.address:d.port in a frame to d.hardwareAddress on d.interfaceIndex, or a Broadcast
    // when that is impossible (RFC 2131 §4.1). d.source is the source address where given.
    bool send(std::span<const std::uint8_t> dhcpPayload, const Destination &d,
              QString *error) override;

public slots:
    // Re-reads the interfaces now (the cache also refreshes by itself, see InterfaceCache).
    void refreshInterfaces() { m_interfaces.refresh(); }

signals:
    void datagramReceived(QByteArray payload, leasedesk::ReceiveInfo info);
    // After a wake-up's reads that delivered at least one datagram: what arrived together
    // can be served together (IngressQueue::drainNow).
    void readsFinished();

private:
    bool receiveOne();
    void deliver(QByteArray payload, ReceiveInfo info);
    bool sendTo(std::span<const std::uint8_t> payload, const Destination &d, QString *why);
    bool sendUdp(std::span<const std::uint8_t> payload, Ipv4Address to, quint16 port,
                 int interfaceIndex, Ipv4Address source, QString *why);
    bool sendBroadcast(std::span<const std::uint8_t> payload, const Destination &d, QString *why);
    bool sendLinkUnicast(std::span<const std::uint8_t> payload, const Destination &d, QString *why);
    Ipv4Address sourceFor(const Destination &d);
    QString interfaceText(int interfaceIndex);

    UniqueFd m_udp;
    UniqueFd m_packet;
    bool m_deliveredSinceWakeup = false;
    DatagramReader m_reader; // of m_udp; after it, so that it lets go of it first
    InterfaceCache m_interfaces;
    QStringList m_allowed;
    Statistics m_stats;
    std::vector<std::uint8_t> m_buffer;
    quint16 m_nextIpId = 0;
    quint32 m_kernelDrops = 0; // the socket's running SO_RXQ_OVFL count, as last seen
};

} // namespace leasedesk
