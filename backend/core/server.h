#pragma once

#include "core/allocationengine.h"
#include "core/clock.h"
#include "core/configuration.h"
#include "core/conflictguard.h"
#include "core/leasestore.h"
#include "core/networkwatch.h"
#include "core/packetio.h"
#include "proto/dhcpmessage.h"

#include <optional>
#include <span>
#include <vector>

namespace leasedesk {

struct Reply
{
    proto::DhcpMessage message;
    std::vector<std::uint8_t> bytes; // serialized, within the client's size limit
    Destination destination;
};

// What Server::handle decided about one datagram. It never touches a socket, a file or the
// real clock: the engine commits `changes`, waits `delayMs`, then sends `reply`.
struct Decision
{
    enum class Outcome : quint8 {
        Replied, // reply is set (OFFER, ACK, NAK)
        Silent, // handled, nothing to send (RELEASE, DECLINE, another server chosen)
        Ignored, // not for us or not allowed; reason says why
        Malformed, // not a usable DHCP message; reason says what is wrong
        Probing, // reply is held until the conflict probe `probe` says the address is clear
    };
    Outcome outcome = Outcome::Ignored;
    std::optional<proto::DhcpMessage> request; // what was received, when it parsed
    std::optional<Reply> reply;
    QString scope;
    QString reason; // "offered 198.18.1.5 (a free address)", "pool exhausted in scope lab"
    LeaseBatch changes; // durable before the reply leaves (design.md)
    int delayMs = 0; // the scope's offer delay, for a secondary server
    std::optional<ProbeTarget> probe; // Probing: what to probe before `reply` may leave
    QList<NetworkEvent> events; // a DECLINE reports a conflict
};

// What the server logic made of news from the wire: a probe's answer or an ARP packet.
struct NetworkVerdict
{
    bool known = false; // a probe result: the probe was ours and still wanted
    bool conflict = false; // the address is in use and now quarantined
    bool stale = false; // clear, but the offer is no longer the client's: do not send it
    Ipv4Address address;
    LeaseBatch changes; // commit them
    QList<NetworkEvent> events;
    QString reason; // for the packet log
};

// The RFC 2131 server logic (§4.3), with RFC 2132, RFC 3046 and RFC 6842. One call per
// datagram; the configuration and the leases live in memory (AllocationEngine), the caller
// persists what `changes` says. Policy choices are in docs/server.md.
class Server
{
public:
    explicit Server(const Clock &clock);

    // Applies at once; leases that no longer fit are refused at their next renewal.
    void setConfiguration(const Configuration &config);
    void loadLeases(const QList<Lease> &leases);

    Decision handle(std::span<const std::uint8_t> datagram, const ReceiveInfo &info);
    Decision handle(const proto::DhcpMessage &request, const ReceiveInfo &info);

    // Leases whose time has come change state; commit what it returns.
    LeaseBatch sweep();

    // The answer to a probe a Decision asked for. In use: the address is quarantined as a
    // conflict and the caller handles the parked request again, which picks (and probes) the
    // next candidate. Clear: the parked reply may leave.
    NetworkVerdict probeFinished(const ProbeResult &result);
    // The probe of a parked request will not be carried out (it was dropped).
    void abandonProbe(Ipv4Address address) { m_guard.forget(address); }
    // Passive awareness: an ARP packet seen on a served interface.
    NetworkVerdict observeArp(const ArpObservation &arp);
    // Declined and conflicting addresses whose quarantine has not ended.
    QList<Lease> quarantine() const;
    // Ends a quarantine now: the address goes back to the pool. Empty with *why when there
    // is nothing to reclaim.
    LeaseBatch reclaim(Ipv4Address address, QString *why);
    // The administrator's lease actions (issue 6). Releasing ends an offer or a binding now,
    // as the client's RELEASE would: the address is free and the client is remembered.
    // Deleting forgets the lease whatever its state (a quarantine's end included). Empty with
    // *why when the address has no such lease.
    LeaseBatch releaseLease(Ipv4Address address, QString *why);
    LeaseBatch deleteLease(Ipv4Address address, QString *why);
    const ConflictGuard &conflictGuard() const { return m_guard; }

    const Configuration &configuration() const { return m_config; }
    const AllocationEngine &allocations() const { return m_alloc; }

private:
    struct Context;
    Decision discover(Context &c);
    Decision request(Context &c);
    Decision selecting(Context &c, Ipv4Address serverId);
    Decision initReboot(Context &c, Ipv4Address requested);
    Decision renewing(Context &c);
    Decision decline(Context &c);
    Decision release(Context &c);
    Decision inform(Context &c);

    const Scope *scopeFor(const proto::DhcpMessage &m, const ReceiveInfo &info,
                          Ipv4Address *serverId, QString *whyNot) const;
    const Scope *scopeContaining(Ipv4Address a) const;
    bool isOurAddress(Ipv4Address a, const ReceiveInfo &info) const;
    Decision bind(Context &c, Ipv4Address address, const QString &how);
    Decision nak(Context &c, const QString &why);
    Decision ignore(Context &c, const QString &why);
    void commitLease(Context &c, Lease lease, const QString &why);
    bool holdForProbe(Context &c, const Allocation &chosen);
    Lease quarantined(Ipv4Address address, const QString &scope, const QByteArray &mac,
                      const QString &detail, qint64 now) const;
    NetworkEvent conflictEvent(const Lease &quarantine, const QString &interfaceName,
                               const QString &what) const;

    const Clock &m_clock;
    Configuration m_config;
    AllocationEngine m_alloc;
    ConflictGuard m_guard;
};

} // namespace leasedesk
