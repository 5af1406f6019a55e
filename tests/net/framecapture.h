#pragma once

#include "net/uniquefd.h"
#include "proto/ipv4address.h"

#include <QByteArray>

#include <memory>
#include <optional>

namespace leasedesk::test {

class NetworkLab;

// One UDP datagram as it arrived on the wire, Ethernet header included, with the checksums
// checked here independently of the code under test (RFC 1071 sums, RFC 768 pseudo-header).
struct CapturedUdp
{
    int packetType = -1; // sll_pkttype: PACKET_HOST (to our MAC), PACKET_BROADCAST …
    QByteArray destinationMac;
    QByteArray sourceMac;
    proto::Ipv4Address source;
    proto::Ipv4Address destination;
    quint16 sourcePort = 0;
    quint16 destinationPort = 0;
    int ttl = 0;
    quint16 udpChecksum = 0;
    bool ipChecksumValid = false;
    bool udpChecksumValid = false; // false too when the sender left the checksum out (0)
    QByteArray payload;
};

// A raw AF_PACKET capture (packet(7)) of the IPv4 frames arriving on one interface of the
// peer namespace: it sees a frame to a MAC whatever its IP destination, even when the peer
// has no address at all, as a client before its first lease.
class FrameCapture
{
public:
    static std::unique_ptr<FrameCapture> open(NetworkLab &lab, int peerIndex, QString *error);

    // The next UDP datagram arriving for `port` within `timeoutMs` (frames the peer sent
    // itself and other traffic are skipped); nothing when none came.
    std::optional<CapturedUdp> next(quint16 port, int timeoutMs);
    // Forgets whatever is queued.
    void drain();

private:
    explicit FrameCapture(UniqueFd fd) : m_fd(std::move(fd)) { }
    UniqueFd m_fd;
};

} // namespace leasedesk::test
