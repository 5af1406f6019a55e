#pragma once

#include "core/configuration.h"
#include "core/packetio.h"

#include <QByteArray>
#include <QMetaType>
#include <QObject>
#include <QString>

#include <cstdint>
#include <optional>
#include <span>

namespace leasedesk {

// What the network layer tells the server logic about the wire, and what the server logic
// asks of it, for conflict detection and rogue server detection (issue 5). The real
// implementations live in net/ (NetworkProber, DhcpClientPort); tests script them. Core
// never touches a socket (design.md).

// One conflict probe of one address (RFC 2131 §3.1 step 2 and §4.4.1: the server SHOULD
// probe an address before allocating it).
struct ProbeTarget
{
    quint64 id = 0; // unique per probe, chosen by the caller
    Ipv4Address address; // the candidate
    ProbeMethod method = ProbeMethod::Icmp; // Arp and Both only for directly attached subnets
    int attempts = 1; // 1–5
    int timeoutMs = 500; // per attempt
    int interfaceIndex = 0; // where the client is (ARP goes out there)
    QString interfaceName;
    Ipv4Address source; // our address on that interface (ICMP source; ARP uses 0.0.0.0)
};

struct ProbeResult
{
    quint64 id = 0;
    Ipv4Address address;
    bool inUse = false; // something answered
    ProbeMethod answeredBy = ProbeMethod::Icmp; // Icmp or Arp, when inUse
    QByteArray responderMac; // the squatter's MAC when known (ARP, or the neighbour table)
    qint64 elapsedMs = 0;
    QString error; // set when the probe could not be sent at all (no socket, no interface)
};

// Starts probes and reports each one exactly once through finished(), never synchronously
// from start() (so the caller's bookkeeping is done before the answer comes).
class ConflictProbe : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;
    virtual void start(const ProbeTarget &target) = 0;
    // The result is no longer wanted; finished() is not emitted for it.
    virtual void cancel(quint64 id) = 0;
    // An empty string when the method can be used, else why not ("no raw ICMP socket: …").
    virtual QString unavailable(ProbeMethod method) const = 0;

signals:
    void finished(const leasedesk::ProbeResult &result);
};

// An ARP packet seen on a served interface (passive awareness, RFC 826 / RFC 5227 terms).
struct ArpObservation
{
    qint64 timeMs = 0;
    int interfaceIndex = 0;
    QString interfaceName;
    quint16 operation = 1; // 1 request, 2 reply
    QByteArray senderMac;
    Ipv4Address senderIp; // 0.0.0.0 in an RFC 5227 probe
    QByteArray targetMac;
    Ipv4Address targetIp;
};

// A BOOTREPLY (DHCP server message to a client, UDP port 68) seen on a served interface.
struct ServerReplySeen
{
    qint64 timeMs = 0;
    int interfaceIndex = 0;
    QString interfaceName;
    QByteArray sourceMac; // the Ethernet source: the box (or the relay) that sent it
    Ipv4Address sourceIp;
    QByteArray payload; // the DHCP message (UDP payload)
};

// Sends DHCP client messages the way a client does: from 0.0.0.0:68 to 255.255.255.255:67 in
// a broadcast frame on one interface, with our own MAC as the Ethernet source.
class ClientPort
{
public:
    virtual ~ClientPort() = default;
    virtual bool sendDiscover(const QString &interfaceName, std::span<const std::uint8_t> payload,
                              QString *error) = 0;

protected:
    ClientPort() = default;
};

// Something about the network the admin must hear of: an address in use by a machine that
// should not have it, another DHCP server, the result of the start-up self-check.
struct NetworkEvent
{
    // Utilization, PoolExhausted and DeclineStorm are the statistics alerts (issue 8).
    enum class Kind : quint8 {
        Conflict,
        RogueServer,
        KnownServer,
        SelfCheck,
        Utilization,
        PoolExhausted,
        DeclineStorm,
        Overload, // requests dropped because they came faster than served (issue 9)
    };
    enum class Severity : quint8 { Info, Warning, Critical };

    Kind kind = Kind::Conflict;
    Severity severity = Severity::Warning;
    qint64 timeMs = 0;
    QString interfaceName;
    Ipv4Address address; // the conflicting address, or the other server's identifier
    QByteArray mac; // the squatter's or the other server's MAC, when known
    QString scope;
    QString text; // a sentence for people, without the kind

    // One line for logs and stderr: "conflict: 198.18.0.50 is in use by …",
    // "rogue DHCP server: …", "known DHCP server: …", "self-check br0: …".
    QString summary() const;
};

// The names the store keeps kinds and severities under ("pool-exhausted", "critical"); they
// never change, because files in the field hold them.
QString networkEventKindName(NetworkEvent::Kind kind);
std::optional<NetworkEvent::Kind> networkEventKindFromName(const QString &name);
QString networkEventSeverityName(NetworkEvent::Severity severity);
std::optional<NetworkEvent::Severity> networkEventSeverityFromName(const QString &name);

// Another DHCP server, as seen by an active probe (our DISCOVER) or passively.
struct RogueServer
{
    qint64 timeMs = 0; // when it was last seen
    QString interfaceName;
    Ipv4Address serverId; // option 54, else the IP source
    Ipv4Address sourceIp;
    QByteArray sourceMac;
    quint8 messageType = 0; // OFFER, ACK, NAK, …
    Ipv4Address offered; // yiaddr
    Ipv4Address router;
    QList<Ipv4Address> dns;
    quint32 leaseTime = 0;
    qint64 responseMs = -1; // to our DISCOVER; -1 when seen passively
    bool allowed = false; // on the allow-list
    QByteArray clientMac; // chaddr: whom it answered
    quint32 xid = 0; // of the reply: tells an answer to our own DISCOVER

    QString describe() const; // "198.18.0.9 (MAC 02:…) on br0 offers 198.18.0.150, …"
};

} // namespace leasedesk

Q_DECLARE_METATYPE(leasedesk::NetworkEvent)
Q_DECLARE_METATYPE(leasedesk::RogueServer)
Q_DECLARE_METATYPE(leasedesk::ProbeResult)
Q_DECLARE_METATYPE(leasedesk::ArpObservation)
Q_DECLARE_METATYPE(leasedesk::ServerReplySeen)
