#include "framecapture.h"

#include "networklab.h"

#include <QDeadlineTimer>

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <poll.h>
#include <sys/socket.h>

namespace leasedesk::test {

namespace {

constexpr int kEthernetHeader = 14;
constexpr int kUdpHeader = 8;
constexpr int kProtocolUdp = 17;

quint16 word(const QByteArray &data, int offset)
{
    return quint16(quint8(data[offset]) << 8 | quint8(data[offset + 1]));
}

// One's complement sum of 16-bit words, folded: 0xFFFF over data that includes a correct
// checksum (RFC 1071 §1).
quint32 foldedSum(const QByteArray &data, quint32 sum = 0)
{
    for (int i = 0; i + 1 < data.size(); i += 2)
        sum += word(data, i);
    if (data.size() % 2)
        sum += quint32(quint8(data.back())) << 8;
    while (sum > 0xFFFF)
        sum = (sum & 0xFFFF) + (sum >> 16);
    return sum;
}

std::optional<CapturedUdp> parse(const QByteArray &frame, int packetType)
{
    if (frame.size() < kEthernetHeader + 20 || word(frame, 12) != ETH_P_IP)
        return std::nullopt;
    const QByteArray ip = frame.mid(kEthernetHeader);
    const int headerLength = (quint8(ip[0]) & 0x0F) * 4;
    const int totalLength = word(ip, 2);
    if ((quint8(ip[0]) >> 4) != 4 || quint8(ip[9]) != kProtocolUdp || totalLength > ip.size()
        || totalLength < headerLength + kUdpHeader)
        return std::nullopt;
    const QByteArray udp = ip.mid(headerLength, totalLength - headerLength);
    CapturedUdp c;
    c.packetType = packetType;
    c.destinationMac = frame.left(6);
    c.sourceMac = frame.mid(6, 6);
    c.source =
        proto::Ipv4Address::fromBytes(reinterpret_cast<const std::uint8_t *>(ip.constData() + 12));
    c.destination =
        proto::Ipv4Address::fromBytes(reinterpret_cast<const std::uint8_t *>(ip.constData() + 16));
    c.ttl = quint8(ip[8]);
    c.ipChecksumValid = foldedSum(ip.left(headerLength)) == 0xFFFF;
    c.sourcePort = word(udp, 0);
    c.destinationPort = word(udp, 2);
    c.udpChecksum = word(udp, 6);
    // Pseudo-header: source, destination, zero and protocol, UDP length (RFC 768).
    const quint32 pseudo = foldedSum(ip.mid(12, 8)) + kProtocolUdp + quint32(udp.size());
    c.udpChecksumValid =
        c.udpChecksum != 0 && word(udp, 4) == udp.size() && foldedSum(udp, pseudo) == 0xFFFF;
    c.payload = udp.mid(kUdpHeader);
    return c;
}

} // namespace

std::unique_ptr<FrameCapture> FrameCapture::open(NetworkLab &lab, int peerIndex, QString *error)
{
    UniqueFd fd = lab.peerSocket(AF_PACKET, SOCK_RAW | SOCK_NONBLOCK, htons(ETH_P_IP));
    sockaddr_ll address = {};
    address.sll_family = AF_PACKET;
    address.sll_protocol = htons(ETH_P_IP);
    address.sll_ifindex = peerIndex;
    if (!fd.isValid()
        || ::bind(fd.get(), reinterpret_cast<const sockaddr *>(&address), sizeof address) != 0) {
        *error = QStringLiteral("cannot open a capture: %1").arg(qt_error_string(errno));
        return nullptr;
    }
    std::unique_ptr<FrameCapture> capture(new FrameCapture(std::move(fd)));
    // Frames of other interfaces may have arrived between socket() and bind().
    capture->drain();
    return capture;
}

std::optional<CapturedUdp> FrameCapture::next(quint16 port, int timeoutMs)
{
    const QDeadlineTimer deadline(timeoutMs);
    QByteArray frame(65536, Qt::Uninitialized);
    for (;;) {
        pollfd p = {m_fd.get(), POLLIN, 0};
        if (::poll(&p, 1, int(deadline.remainingTime())) <= 0)
            return std::nullopt;
        sockaddr_ll from = {};
        socklen_t fromLength = sizeof from;
        const ssize_t size = ::recvfrom(m_fd.get(), frame.data(), size_t(frame.size()), 0,
                                        reinterpret_cast<sockaddr *>(&from), &fromLength);
        if (size <= 0 || from.sll_pkttype == PACKET_OUTGOING)
            continue;
        const auto udp = parse(frame.left(size), from.sll_pkttype);
        if (udp && udp->destinationPort == port)
            return udp;
    }
}

void FrameCapture::drain()
{
    char buffer[2048];
    while (::recv(m_fd.get(), buffer, sizeof buffer, MSG_DONTWAIT) >= 0) { }
}

} // namespace leasedesk::test
