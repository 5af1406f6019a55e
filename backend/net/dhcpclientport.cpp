#include "net/dhcpclientport.h"

#include "net/ipv4udppacket.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>

namespace leasedesk {

namespace {

constexpr std::size_t kBufferSize = 65536; // the largest IPv4 packet
constexpr Ipv4Address kLimitedBroadcast(255, 255, 255, 255);

} // namespace

DhcpClientPort::DhcpClientPort(UniqueFd packetSocket, const Clock &clock, QObject *parent)
    : QObject(parent), m_fd(std::move(packetSocket)),
      m_reader(this, m_fd.get(), MaxFramesPerWakeup, [this] { return receiveOne(); }),
      m_clock(clock), m_buffer(kBufferSize)
{
    // The engine and the GUI receive these through queued connections.
    qRegisterMetaType<ServerReplySeen>();
}

// Reads one frame; false when there is nothing more to read now.
bool DhcpClientPort::receiveOne()
{
    sockaddr_ll from = {};
    socklen_t fromLength = sizeof from;
    const ssize_t size = ::recvfrom(m_fd.get(), m_buffer.data(), m_buffer.size(), MSG_DONTWAIT,
                                    reinterpret_cast<sockaddr *>(&from), &fromLength);
    if (size < 0)
        return DatagramReader::keepReading(errno, &m_stats.receiveErrors);
    // Our own server's replies are not another server. A socket bound to one protocol is
    // not shown the frames this machine sends (only ETH_P_ALL taps are, as PACKET_OUTGOING),
    // and the kernel drops PACKET_LOOPBACK copies (packet(7)); both are checked regardless.
    if (from.sll_pkttype == PACKET_OUTGOING || from.sll_pkttype == PACKET_LOOPBACK)
        return true;
    // sll_addr of a received frame is its Ethernet source address.
    const QByteArray mac(reinterpret_cast<const char *>(from.sll_addr),
                         qMin<qsizetype>(from.sll_halen, sizeof from.sll_addr));
    deliver(std::span<const std::uint8_t>(m_buffer.data(), std::size_t(size)), from.sll_ifindex,
            mac);
    return true;
}

void DhcpClientPort::deliver(std::span<const std::uint8_t> packet, int interfaceIndex,
                             const QByteArray &mac)
{
    const auto parsed = Ipv4UdpPacket::parse(packet);
    // The kernel filter already asked for port 68; a socket without it gets here too.
    if (!parsed || parsed->header.destinationPort != ClientPortNumber) {
        ++m_stats.malformed;
        return;
    }
    const auto interface = m_interfaces.lookup(interfaceIndex);
    const QString name = interface ? interface->name : QString();
    if (!m_allowed.isEmpty() && !m_allowed.contains(name)) {
        ++m_stats.droppedInterface;
        return;
    }
    ServerReplySeen seen;
    seen.timeMs = m_clock.nowMs();
    seen.interfaceIndex = interfaceIndex;
    seen.interfaceName = name;
    seen.sourceMac = mac;
    seen.sourceIp = parsed->header.source;
    seen.payload = QByteArray(reinterpret_cast<const char *>(parsed->payload.data()),
                              qsizetype(parsed->payload.size()));
    ++m_stats.received;
    emit serverReplySeen(seen);
}

bool DhcpClientPort::sendDiscover(const QString &interfaceName,
                                  std::span<const std::uint8_t> payload, QString *error)
{
    QString why;
    if (sendFrame(interfaceName, payload, &why)) {
        ++m_stats.sent;
        return true;
    }
    ++m_stats.sendErrors;
    if (error)
        *error = QStringLiteral("cannot send a DHCPDISCOVER on %1: %2").arg(interfaceName, why);
    return false;
}

// packet(7): SOCK_DGRAM lets the kernel build the Ethernet header from sll_addr, with the
// interface's own MAC as the source; the IPv4 and UDP headers are ours, since a client has
// no address to send from (RFC 2131 §4.1: source 0.0.0.0).
bool DhcpClientPort::sendFrame(const QString &interfaceName, std::span<const std::uint8_t> payload,
                               QString *why)
{
    if (!m_fd.isValid()) {
        *why = QStringLiteral("there is no packet socket (it needs CAP_NET_RAW)");
        return false;
    }
    const unsigned index = ::if_nametoindex(interfaceName.toLocal8Bit().constData());
    if (index == 0) {
        *why = QStringLiteral("there is no such interface");
        return false;
    }
    const std::vector<std::uint8_t> packet = Ipv4UdpPacket::build(
        {Ipv4Address(), ClientPortNumber, kLimitedBroadcast, ServerPortNumber, Ttl, m_nextIpId++},
        payload);
    if (packet.empty()) {
        *why = QStringLiteral("the message does not fit in one IPv4 packet");
        return false;
    }
    sockaddr_ll link = {};
    link.sll_family = AF_PACKET;
    link.sll_protocol = htons(ETH_P_IP);
    link.sll_ifindex = int(index);
    link.sll_halen = ETH_ALEN;
    std::memset(link.sll_addr, 0xFF, ETH_ALEN);
    if (::sendto(m_fd.get(), packet.data(), packet.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                 reinterpret_cast<const sockaddr *>(&link), sizeof link)
        < 0) {
        *why = qt_error_string(errno);
        return false;
    }
    return true;
}

} // namespace leasedesk
