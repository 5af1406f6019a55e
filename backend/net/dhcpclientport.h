#pragma once

#include "core/clock.h"
#include "core/networkwatch.h"
#include "net/datagramreader.h"
#include "net/interfacecache.h"
#include "net/uniquefd.h"

#include <QObject>
#include <QStringList>

#include <vector>

namespace leasedesk {

// The client's side of the wire, for finding other DHCP servers (rogue server detection):
// sends DHCPDISCOVERs as a client does (from 0.0.0.0:68 to 255.255.255.255:67 in a broadcast
// frame, RFC 2131 §4.1, §4.4.1) and reports every BOOTREPLY that passes on a served link,
// whoever it is for, with the Ethernet source of the box that sent it.
//
// Works on one AF_PACKET SOCK_DGRAM socket for IPv4 (packet(7)) filtered in the kernel to
// unfragmented UDP to port 68 (BootReplyFilter; PrivilegedSockets::takeClient() gives one).
// The frames this machine sends itself, our own server's OFFERs and ACKs among them, are
// not reported (packet(7): a socket bound to ETH_P_IP receives incoming frames only, and
// PACKET_OUTGOING is skipped besides). Receives without blocking, at most MaxFramesPerWakeup frames
// per wake-up (DatagramReader). Lives and is used in one thread.
class DhcpClientPort : public QObject, public ClientPort
{
    Q_OBJECT

public:
    static constexpr int MaxFramesPerWakeup = 64;
    static constexpr quint16 ClientPortNumber = 68; // RFC 2131 §4.1
    static constexpr quint16 ServerPortNumber = 67;
    static constexpr quint8 Ttl = 64; // of the DISCOVERs we build

    struct Statistics
    {
        quint64 received = 0; // reported through serverReplySeen
        quint64 droppedInterface = 0; // from an interface outside the allow-list
        quint64 malformed = 0; // not a whole IPv4/UDP packet to port 68
        quint64 receiveErrors = 0;
        quint64 sent = 0;
        quint64 sendErrors = 0;
    };

    // Takes the filtered packet socket and makes it non-blocking. An invalid socket gives an
    // object that sees nothing and whose sends fail with a reason. `clock` stamps the replies
    // seen and must outlive the port.
    DhcpClientPort(UniqueFd packetSocket, const Clock &clock, QObject *parent = nullptr);

    // The server's --interface list: replies seen on other interfaces are dropped and
    // counted. Empty (the default) accepts every interface. Sending is not restricted.
    void setAllowedInterfaces(const QStringList &names) { m_allowed = names; }
    const QStringList &allowedInterfaces() const { return m_allowed; }

    bool isValid() const { return m_fd.isValid(); }
    const Statistics &statistics() const { return m_stats; }

    // Sends `payload` (a DHCP message) in an IPv4/UDP packet from 0.0.0.0:68 to
    // 255.255.255.255:67, in a frame to ff:ff:ff:ff:ff:ff out of `interfaceName`, with that
    // interface's MAC as the Ethernet source. On failure *error (when not null) is a sentence
    // that names the interface.
    bool sendDiscover(const QString &interfaceName, std::span<const std::uint8_t> payload,
                      QString *error) override;

signals:
    void serverReplySeen(const leasedesk::ServerReplySeen &reply);

private:
    bool receiveOne();
    void deliver(std::span<const std::uint8_t> packet, int interfaceIndex, const QByteArray &mac);
    bool sendFrame(const QString &interfaceName, std::span<const std::uint8_t> payload,
                   QString *why);

    UniqueFd m_fd;
    DatagramReader m_reader; // of m_fd; after it, so that it lets go of it first
    const Clock &m_clock;
    InterfaceCache m_interfaces;
    QStringList m_allowed;
    Statistics m_stats;
    std::vector<std::uint8_t> m_buffer;
    quint16 m_nextIpId = 0;
};

} // namespace leasedesk
