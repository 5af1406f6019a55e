#include "net/dhcpsocket.h"

#include "net/ipv4udppacket.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <optional>
#include <sys/socket.h>
#include <utility>

namespace leasedesk {

namespace {

// The largest UDP payload IPv4 can carry (65535 - 20 - 8).
constexpr std::size_t kMaxDatagram = 65507;
constexpr Ipv4Address kLimitedBroadcast(255, 255, 255, 255);

void enable(int fd, int level, int option)
{
    const int on = 1;
    ::setsockopt(fd, level, option, &on, sizeof on);
}

Ipv4Address fromNetwork(in_addr address)
{
    return Ipv4Address(ntohl(address.s_addr));
}

in_addr toNetwork(Ipv4Address address)
{
    in_addr a = {};
    a.s_addr = htonl(address.toUint32());
    return a;
}

// The IP_PKTINFO control message of a received datagram (ip(7)).
bool findPacketInfo(msghdr &msg, in_pktinfo *info)
{
    for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
            std::memcpy(info, CMSG_DATA(c), sizeof *info);
            return true;
        }
    }
    return false;
}

// socket(7), SO_RXQ_OVFL: a datagram carries the number of datagrams the socket dropped since
// it was created (a 32-bit count that wraps), once there is one.
std::optional<std::uint32_t> kernelDropCount(msghdr &msg)
{
    for (cmsghdr *c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SO_RXQ_OVFL) {
            std::uint32_t total = 0;
            std::memcpy(&total, CMSG_DATA(c), sizeof total);
            return total;
        }
    }
    return std::nullopt;
}

// Issue 9 (overload): the receive buffer must hold what arrives during one engine turn, or
// the kernel drops the newest before this socket can hand them to the ingress queue (which
// drops the oldest). The kernel charges each datagram its buffer's true size, 2–4 KiB on a
// veth or bridge, so the usual default (net.core.rmem_default, 208 KiB) holds only some 60
// DHCP requests. Asks for more, never less; the kernel caps the request at
// net.core.rmem_max and doubles it (socket(7), SO_RCVBUF).
void growReceiveBuffer(int fd)
{
    int current = 0;
    socklen_t length = sizeof current;
    if (::getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &current, &length) != 0
        || current >= 2 * DhcpSocket::ReceiveBufferBytes)
        return;
    const int wanted = DhcpSocket::ReceiveBufferBytes;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &wanted, sizeof wanted);
}

} // namespace

DhcpSocket::DhcpSocket(UniqueFd udpSocket, UniqueFd packetSocket, QObject *parent)
    : QObject(parent), m_udp(std::move(udpSocket)), m_packet(std::move(packetSocket)),
      m_reader(
          this, m_udp.get(), MaxDatagramsPerWakeup, [this] { return receiveOne(); },
          [this] {
              if (std::exchange(m_deliveredSinceWakeup, false))
                  emit readsFinished();
          },
          BusyPauseMs),
      m_buffer(kMaxDatagram)
{
    // Queued connections to the engine or across threads copy the arguments.
    qRegisterMetaType<ReceiveInfo>();
    DatagramReader::makeNonBlocking(m_packet.get());
    if (!m_udp.isValid())
        return;
    enable(m_udp.get(), IPPROTO_IP, IP_PKTINFO);
    enable(m_udp.get(), SOL_SOCKET, SO_BROADCAST);
    enable(m_udp.get(), SOL_SOCKET, SO_RXQ_OVFL);
    growReceiveBuffer(m_udp.get());
}

// Reads one datagram; false when there is nothing more to read now.
bool DhcpSocket::receiveOne()
{
    sockaddr_in from = {};
    alignas(cmsghdr) char
        control[CMSG_SPACE(sizeof(in_pktinfo)) * 2 + CMSG_SPACE(sizeof(std::uint32_t))] = {};
    iovec iov = {m_buffer.data(), m_buffer.size()};
    msghdr msg = {};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    const ssize_t size = ::recvmsg(m_udp.get(), &msg, MSG_DONTWAIT | MSG_TRUNC);
    if (size < 0)
        return DatagramReader::keepReading(errno, &m_stats.receiveErrors);
    if (const auto total = kernelDropCount(msg)) {
        m_stats.droppedByKernel += quint32(*total - m_kernelDrops);
        m_kernelDrops = *total;
    }
    if (msg.msg_flags & MSG_TRUNC) {
        ++m_stats.droppedTruncated;
        return true;
    }
    in_pktinfo packetInfo = {};
    if (!findPacketInfo(msg, &packetInfo)) {
        ++m_stats.receiveErrors;
        return true;
    }
    ReceiveInfo info;
    info.interfaceIndex = packetInfo.ipi_ifindex;
    info.destination = fromNetwork(packetInfo.ipi_addr);
    info.source = fromNetwork(from.sin_addr);
    info.sourcePort = ntohs(from.sin_port);
    deliver(QByteArray(reinterpret_cast<const char *>(m_buffer.data()), qsizetype(size)),
            std::move(info));
    return true;
}

void DhcpSocket::deliver(QByteArray payload, ReceiveInfo info)
{
    if (const auto interface = m_interfaces.lookup(info.interfaceIndex)) {
        info.interfaceName = interface->name;
        info.interfaceAddresses = interface->addresses;
    }
    // The server's --interface list: requests from elsewhere are not ours to answer.
    if (!m_allowed.isEmpty() && !m_allowed.contains(info.interfaceName)) {
        ++m_stats.droppedInterface;
        return;
    }
    ++m_stats.received;
    m_deliveredSinceWakeup = true;
    emit datagramReceived(std::move(payload), std::move(info));
}

bool DhcpSocket::send(std::span<const std::uint8_t> dhcpPayload, const Destination &d,
                      QString *error)
{
    QString why;
    const bool sent = sendTo(dhcpPayload, d, &why);
    if (sent) {
        ++m_stats.sent;
        return true;
    }
    ++m_stats.sendErrors;
    if (error) {
        *error = QStringLiteral("cannot send to %1 on %2: %3")
                     .arg(destinationText(d), interfaceText(d.interfaceIndex), why);
    }
    return false;
}

bool DhcpSocket::sendTo(std::span<const std::uint8_t> payload, const Destination &d, QString *why)
{
    if (!m_udp.isValid()) {
        *why = QStringLiteral("there is no DHCP socket (port 67 could not be opened)");
        return false;
    }
    if (d.port == 0) {
        *why = QStringLiteral("port 0 is not a destination");
        return false;
    }
    switch (d.kind) {
    case Destination::Kind::Relay:
    case Destination::Kind::Unicast:
        // Normal routing (RFC 2131 §4.1): the routing table picks the interface.
        return sendUdp(payload, d.address, d.port, 0, d.source, why);
    case Destination::Kind::Broadcast: return sendBroadcast(payload, d, why);
    case Destination::Kind::LinkUnicast: return sendLinkUnicast(payload, d, why);
    }
    *why = QStringLiteral("unknown kind of destination");
    return false;
}

// sendmsg with IP_PKTINFO (ip(7)): a non-zero ipi_ifindex makes the packet leave through that
// interface whatever the routing table says, and ipi_spec_dst is the source address.
bool DhcpSocket::sendUdp(std::span<const std::uint8_t> payload, Ipv4Address to, quint16 port,
                         int interfaceIndex, Ipv4Address source, QString *why)
{
    sockaddr_in destination = {};
    destination.sin_family = AF_INET;
    destination.sin_port = htons(port);
    destination.sin_addr = toNetwork(to);
    in_pktinfo packetInfo = {};
    packetInfo.ipi_ifindex = interfaceIndex;
    packetInfo.ipi_spec_dst = toNetwork(source);

    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in_pktinfo))] = {};
    iovec iov = {const_cast<std::uint8_t *>(payload.data()), payload.size()};
    msghdr msg = {};
    msg.msg_name = &destination;
    msg.msg_namelen = sizeof destination;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof packetInfo);
    std::memcpy(CMSG_DATA(c), &packetInfo, sizeof packetInfo);

    const ssize_t sent = ::sendmsg(m_udp.get(), &msg, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (sent < 0) {
        *why = qt_error_string(errno);
        return false;
    }
    if (std::size_t(sent) != payload.size()) {
        *why = QStringLiteral("only %1 of %2 octets were sent").arg(sent).arg(payload.size());
        return false;
    }
    return true;
}

// RFC 2131 §4.1: to 0xffffffff; conformance T-07: out of the interface the request came in
// on. Without an interface the routing table would choose, possibly another network.
bool DhcpSocket::sendBroadcast(std::span<const std::uint8_t> payload, const Destination &d,
                               QString *why)
{
    if (d.interfaceIndex <= 0) {
        *why = QStringLiteral("a broadcast needs the interface the request came in on");
        return false;
    }
    return sendUdp(payload, kLimitedBroadcast, d.port, d.interfaceIndex, d.source, why);
}

// RFC 2131 §4.1: a client without an address (broadcast bit clear) gets the reply unicast to
// its hardware address and yiaddr; "if unicasting is not possible, the message MAY be sent as
// an IP broadcast". Without a packet socket, or for a hardware address that is not Ethernet
// (conformance T-08), that is what happens.
bool DhcpSocket::sendLinkUnicast(std::span<const std::uint8_t> payload, const Destination &d,
                                 QString *why)
{
    if (!m_packet.isValid() || d.hardwareAddress.size() != EthernetAddressSize) {
        ++m_stats.linkUnicastFallbacks;
        return sendBroadcast(payload, d, why);
    }
    if (d.interfaceIndex <= 0) {
        *why = QStringLiteral("a reply to a hardware address needs the interface");
        return false;
    }
    const std::vector<std::uint8_t> packet = Ipv4UdpPacket::build(
        {sourceFor(d), ServerPort, d.address, d.port, Ttl, m_nextIpId++}, payload);
    if (packet.empty()) {
        *why = QStringLiteral("the message does not fit in one IPv4 packet");
        return false;
    }
    // packet(7): SOCK_DGRAM lets the kernel build the Ethernet header from sll_addr.
    sockaddr_ll link = {};
    link.sll_family = AF_PACKET;
    link.sll_protocol = htons(ETH_P_IP);
    link.sll_ifindex = d.interfaceIndex;
    link.sll_halen = EthernetAddressSize;
    std::memcpy(link.sll_addr, d.hardwareAddress.constData(), EthernetAddressSize);
    const ssize_t sent =
        ::sendto(m_packet.get(), packet.data(), packet.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                 reinterpret_cast<const sockaddr *>(&link), sizeof link);
    if (sent < 0) {
        *why = qt_error_string(errno);
        return false;
    }
    return true;
}

// A packet we build ourselves has no kernel to choose its source: the server identifier, or
// else the interface's first address.
Ipv4Address DhcpSocket::sourceFor(const Destination &d)
{
    if (!d.source.isZero())
        return d.source;
    const auto interface = m_interfaces.lookup(d.interfaceIndex);
    if (interface && !interface->addresses.isEmpty())
        return interface->addresses.first().address;
    return {};
}

QString DhcpSocket::interfaceText(int interfaceIndex)
{
    const auto interface = m_interfaces.lookup(interfaceIndex);
    if (interface)
        return interface->name;
    return QStringLiteral("interface %1").arg(interfaceIndex);
}

} // namespace leasedesk
