#pragma once

#include "core/networkwatch.h"

#include <QByteArray>
#include <QHash>

#include <optional>

namespace leasedesk {

// The bookkeeping of conflict probes (RFC 2131 §3.1 step 2, §4.4.1): which addresses are
// being probed and for which client, which were found clear a moment ago, and how many
// probes are out. The server logic asks it before every OFFER of an address that is new to
// the client; the engine carries the probes out. It also rate-limits what passive ARP
// watching reports, so one chatty squatter is one event, not one per packet.
class ConflictGuard
{
public:
    // A flood of DISCOVERs from made-up MACs must not become a flood of pings: past this
    // many probes in flight a DISCOVER is dropped (the client retries) rather than offered
    // unchecked.
    static constexpr int MaxProbesInFlight = 256;
    // A clear answer is trusted this long (Kea's ping-check trusts a recent lease the same
    // way), so a client that DISCOVERs twice is not pinged twice.
    static constexpr qint64 ClearCacheMs = 60'000;
    // How often the same address may be reported by passive ARP watching.
    static constexpr qint64 ArpReportIntervalMs = 600'000;

    enum class Check : quint8 {
        Offer, // recently found clear: offer at once
        Probe, // probe first
        InFlight, // already being probed for this client: its answer will carry the OFFER
        Busy, // being probed for another client
        TooMany, // MaxProbesInFlight reached
    };
    Check check(Ipv4Address address, const QByteArray &clientKey, qint64 nowMs) const;

    // Registers a probe for the client; the id is the one ProbeTarget and ProbeResult carry.
    quint64 begin(Ipv4Address address, const QByteArray &clientKey);
    std::optional<quint64> probeOf(Ipv4Address address) const;
    struct Finished
    {
        Ipv4Address address;
        QByteArray clientKey; // the client the probe was for
    };
    // Ends the probe of the result; a clear answer is cached. nullopt when the probe is not
    // ours any more (cancelled, or its address was given up).
    std::optional<Finished> finish(const ProbeResult &result, qint64 nowMs);
    void forget(Ipv4Address address); // the probe is abandoned
    int inFlight() const { return int(m_inFlight.size()); }

    // True when a passive finding about this address should be reported now.
    bool shouldReport(Ipv4Address address, qint64 nowMs);

private:
    struct InFlight
    {
        quint64 id = 0;
        QByteArray clientKey;
    };
    QHash<quint32, InFlight> m_inFlight;
    QHash<quint64, quint32> m_addressOfProbe;
    QHash<quint32, qint64> m_clearUntil;
    QHash<quint32, qint64> m_reported;
    quint64 m_nextId = 1;
};

} // namespace leasedesk
