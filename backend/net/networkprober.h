#pragma once

#include "core/clock.h"
#include "core/networkwatch.h"
#include "net/arppacket.h"
#include "net/datagramreader.h"
#include "net/interfacecache.h"
#include "net/uniquefd.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QStringList>

#include <vector>

namespace leasedesk {

// Conflict probes on the real network (RFC 2131 §3.1 step 2, §4.4.1: a server SHOULD probe
// an address before offering it), and the ARP traffic of the served links as it passes.
//
// A probe makes `attempts` attempts, each waiting `timeoutMs` on a timer; nothing blocks.
// Icmp sends an echo request (RFC 792) per attempt; a reply counts when its identifier (one
// per prober), sequence (one per request) and source address all match. Arp sends an ARP
// Probe (RFC 5227 §2.1.1) per attempt out of the target's interface; any ARP packet on that
// interface whose sender IP is the candidate, request or reply, from a MAC other than ours,
// counts (RFC 5227 §2.1.1: a reply, or the holder announcing itself). Both does both in each
// attempt and the first answer wins; when one of the two sockets is missing it probes with
// the other (unavailable() tells the caller). A late answer to an earlier attempt still
// counts. When every attempt has timed out the address is reported free.
//
// Every ARP packet received (not our own outgoing ones) on an allowed interface is also
// reported through arpObserved(), whether or not a probe is waiting for it.
//
// Receives without blocking: each wake-up reads at most MaxPacketsPerWakeup packets per
// socket, so a flood cannot starve the loop (DatagramReader). Lives and is used in one
// thread; create it in the engine's thread (or move it there before the first start()).
class NetworkProber : public ConflictProbe
{
    Q_OBJECT

public:
    static constexpr int MaxPacketsPerWakeup = 64;
    static constexpr int MaxAttempts = 5; // networkwatch.h: 1–5

    struct Statistics
    {
        quint64 probes = 0; // started
        quint64 answered = 0; // found in use
        quint64 timedOut = 0; // found free
        quint64 failed = 0; // could not be sent at all (ProbeResult::error)
        quint64 echoRequestsSent = 0;
        quint64 arpProbesSent = 0;
        quint64 sendErrors = 0;
        quint64 echoRepliesIgnored = 0; // other programs' pings, answers after the result
        quint64 arpObserved = 0; // reported through arpObserved()
        quint64 droppedInterface = 0; // ARP from an interface outside the allow-list
        quint64 malformed = 0; // not IPv4/ICMP with good checksums, not Ethernet/IPv4 ARP
        quint64 receiveErrors = 0;
    };

    // Takes the raw ICMP socket (PrivilegedSockets::takeIcmp(), filtered to echo replies) and
    // the ARP packet socket (takeArp()); makes both non-blocking. Either may be invalid: the
    // methods that need it are then unavailable(). `clock` stamps ARP observations and must
    // outlive the prober.
    NetworkProber(UniqueFd icmpSocket, UniqueFd arpSocket, const Clock &clock,
                  QObject *parent = nullptr);

    // A probe with an id that is still running replaces it (the old one reports nothing).
    // attempts are clamped to 1–MaxAttempts, timeoutMs to at least 1. The interface is
    // target.interfaceIndex, or target.interfaceName when the index is 0. An ICMP echo
    // leaves from target.source when it is set, by normal routing.
    void start(const ProbeTarget &target) override;
    void cancel(quint64 id) override;
    // Icmp and Arp: why that socket is missing. Both: non-empty only when neither works.
    QString unavailable(ProbeMethod method) const override;

    // The server's --interface list: ARP from any other interface is not reported through
    // arpObserved() (probes always listen on their own interface). Empty accepts all.
    void setAllowedInterfaces(const QStringList &names) { m_allowed = names; }
    const QStringList &allowedInterfaces() const { return m_allowed; }

    const Statistics &statistics() const { return m_stats; }
    int pendingProbes() const { return int(m_probes.size()); }
    quint16 echoIdentifier() const { return m_identifier; }

    // The MAC of a complete entry for `address` in the kernel's neighbour table (the
    // /proc/net/arp format, proc(5)), empty when there is none. An echo reply from a
    // directly attached host means the kernel resolved its address to send the request.
    // thread-self: the table of the calling thread's network namespace.
    static QByteArray
    neighbourMac(Ipv4Address address,
                 const QString &table = QStringLiteral("/proc/thread-self/net/arp"));

signals:
    void arpObserved(const leasedesk::ArpObservation &observation);

protected:
    void timerEvent(QTimerEvent *event) override;

private:
    struct Probe
    {
        ProbeTarget target;
        quint64 serial = 0; // tells a replaced probe's queued failure from the new one's
        bool icmp = false;
        bool arp = false;
        ArpPacket::MacAddress ourMac{};
        int attemptsSent = 0;
        int timerId = 0;
        QElapsedTimer elapsed;
        QList<quint16> sequences;
        QString error; // set: fails on the next event loop pass
    };

    QString choose(Probe &probe) const;
    QString prepareArp(Probe &probe) const;
    QString sendAttempt(Probe &probe);
    bool sendEcho(Probe &probe, QString *why);
    bool sendArpProbe(const Probe &probe, QString *why);
    void failLater(Probe probe);
    void failNow(quint64 id, quint64 serial);
    void finishInUse(const Probe &probe, ProbeMethod by, const QByteArray &mac);
    void finish(quint64 id, ProbeResult result);
    static ProbeResult resultOf(const Probe &probe);
    void forget(const Probe &probe);

    bool receiveIcmp();
    void handleEchoReply(std::span<const std::uint8_t> packet);
    bool receiveArp();
    void handleArp(const ArpPacket::Fields &arp, int interfaceIndex);
    void observe(const ArpPacket::Fields &arp, int interfaceIndex);

    UniqueFd m_icmp;
    UniqueFd m_arp;
    // After the descriptors they read, so that they let go of them first.
    DatagramReader m_icmpReader;
    DatagramReader m_arpReader;
    const Clock &m_clock;
    InterfaceCache m_interfaces;
    QStringList m_allowed;
    Statistics m_stats;
    QHash<quint64, Probe> m_probes;
    QHash<int, quint64> m_probeByTimer;
    QHash<quint16, quint64> m_probeBySequence;
    QMultiHash<quint32, quint64> m_arpProbesByAddress;
    std::vector<std::uint8_t> m_buffer;
    quint64 m_nextSerial = 0;
    quint16 m_identifier = 0;
    quint16 m_nextSequence = 0;
};

} // namespace leasedesk
