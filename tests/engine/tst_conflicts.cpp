// Conflict detection in the engine (issue 5), in-process: a scripted prober answers when the
// test says so and a manual clock moves time, so every probe state is visited without a
// socket: parked offers, answers, the next candidate, the cache, the caps, passive ARP, the
// quarantine and its end.
#include "enginebench.h"

#include <QSignalSpy>
#include <QTest>

using namespace lab;

namespace {

const char *ProbingConfig = R"({
  "server": {"offer_hold_s": 10, "decline_quarantine_s": 600,
             "conflict_detection": {"enabled": true, "method": "both", "attempts": 2,
                                    "timeout_ms": 300},
             "rogue_detection": {"enabled": false}},
  "scopes": [
    {"name": "lab", "subnet": "198.18.0.0/24",
     "ranges": [{"start": "198.18.0.100", "end": "198.18.0.109"}],
     "reservations": [{"mac": "02:00:00:00:00:aa", "ip": "198.18.0.50"}]},
    {"name": "remote", "subnet": "198.19.0.0/24",
     "ranges": [{"start": "198.19.0.10", "end": "198.19.0.20"}]}
  ]
})";

const QByteArray Squatter = QByteArray::fromHex("0200000000ee");

struct Bench : EngineBench
{
    QSignalSpy events{&engine, &Engine::networkEvent};
    QSignalSpy packets{&engine, &Engine::packetEvents};

    explicit Bench(const char *json = ProbingConfig) : EngineBench(json, true) { }

    void send(const DhcpMessage &m) { engine.handleDatagram(bytesOf(m), info); }
    // Lets queued work (commits, sends) run.
    void settle() { QCoreApplication::processEvents(); }
    QList<DhcpMessage> offers() const
    {
        QList<DhcpMessage> out;
        for (const auto &s : transport.sent())
            out.append(decode(s.payload));
        return out;
    }
    std::optional<Lease> stored(const char *address) const { return store.lease(ip(address)); }
    std::optional<LeaseState> storedState(const char *address) const
    {
        const auto l = stored(address);
        return l ? std::optional(l->state) : std::nullopt;
    }
    std::optional<LeaseState> heldState(const char *address) const
    {
        const Lease *l = engine.server().allocations().lease(ip(address));
        return l ? std::optional(l->state) : std::nullopt;
    }
    NetworkEvent event(int i) const { return events.at(i).front().value<NetworkEvent>(); }
    QString lastReason() const
    {
        const auto list = packets.back().front().value<QList<PacketEvent>>();
        return list.back().reason;
    }
    ArpObservation arp(const char *sender, const QByteArray &mac) const
    {
        ArpObservation a;
        a.timeMs = clock.nowMs();
        a.interfaceName = QStringLiteral("lab0");
        a.interfaceIndex = 2;
        a.operation = 1;
        a.senderMac = mac;
        a.senderIp = ip(sender);
        a.targetIp = ip("198.18.0.1");
        return a;
    }
};

} // namespace

class TestConflicts : public QObject
{
    Q_OBJECT

private slots:
    void offerWaitsForItsProbeWhileOthersAreServed();
    void answeredProbeQuarantinesAndProbesTheNext();
    void repeatedDiscoverWhileProbingIsOneProbe();
    void clearAnswerIsTrustedForAMinute();
    void ownAndReservedAddressesAreNotProbed();
    void disabledOrZeroAttemptsProbeNothing();
    void relayedClientsAreProbedWithIcmp();
    void unusableProberOffersUncheckedAndSaysSoOnce();
    void probesInFlightAreCapped();
    void chainOfConflictsGivesUp();
    void failedCommitStartsNoProbe();
    void lateOrUnknownAnswersAreIgnored();
    void arpClaimOfAFreeAddressQuarantinesIt();
    void arpClaimOfABoundLeaseIsReportedNotTaken();
    void arpClaimOnAParkedOfferMovesOn();
    void machineSeenUsingAnAddressIsNotRefusedIt();
    void previousHolderAnsweringItsProbeGetsItBack();
    void offerGivenUpDuringItsProbeIsNotSent();
    void reclaimedReservationStaysReserved();
    void quarantineCanBeReclaimed();
    void quarantineEnds();
    void declineIsAConflictUntilTheQuarantineEnds();
};

void TestConflicts::offerWaitsForItsProbeWhileOthersAreServed()
{
    Bench b;
    b.send(Client(1).discover());
    QTRY_COMPARE(b.prober.started.size(), 1);
    const ProbeTarget t = b.prober.started.front();
    QCOMPARE(t.address, ip("198.18.0.100"));
    QCOMPARE(t.method, ProbeMethod::Both);
    QCOMPARE(t.attempts, 2);
    QCOMPARE(t.timeoutMs, 300);
    QCOMPARE(t.interfaceName, QStringLiteral("lab0"));
    QCOMPARE(t.source, ip("198.18.0.1"));
    // The offer is held for its client while the probe runs (in memory: an offer need not be
    // on disk, RFC 2131 §3.1, docs/server.md); nothing has left yet.
    QCOMPARE(b.heldState("198.18.0.100"), std::optional(LeaseState::Offered));
    QVERIFY(!b.stored("198.18.0.100"));
    QVERIFY(b.transport.sent().isEmpty());
    QVERIFY(b.lastReason().contains(QStringLiteral("probing 198.18.0.100 (both, 2 × 300 ms)")));
    QCOMPARE(b.engine.parkedOffers(), 1);

    // Others are served meanwhile: an INFORM at once, another DISCOVER gets its own probe.
    b.send(Client(2).inform(ip("198.18.0.30")));
    b.send(Client(3).discover());
    QTRY_COMPARE(b.transport.sent().size(), 1);
    QCOMPARE(b.prober.started.size(), 2);
    QCOMPARE(b.prober.started[1].address, ip("198.18.0.101"));

    b.prober.answer(0, false);
    QTRY_COMPARE(b.transport.sent().size(), 2);
    const DhcpMessage offer = b.offers().back();
    QCOMPARE(offer.messageType(), std::uint8_t(MessageType::Offer));
    QCOMPARE(offer.yiaddr, ip("198.18.0.100"));
    QCOMPARE(toByteArray(offer.hardwareAddress()), Client(1).mac());
    // The log says why the OFFER could leave.
    QTRY_VERIFY(
        b.lastReason().endsWith(QStringLiteral("no answer for 198.18.0.100 in 12 ms: it is free")));
    QCOMPARE(b.engine.counters().probes, 2u);
    QCOMPARE(b.engine.parkedOffers(), 1);
}

void TestConflicts::answeredProbeQuarantinesAndProbesTheNext()
{
    Bench b;
    b.send(Client(1).discover());
    QTRY_COMPARE(b.prober.started.size(), 1);
    b.prober.answer(0, true, ProbeMethod::Arp, Squatter);
    // The next candidate is probed; the first is quarantined as a conflict, with who and how.
    QTRY_COMPARE(b.prober.started.size(), 2);
    QCOMPARE(b.prober.started[1].address, ip("198.18.0.101"));
    QVERIFY(b.stored("198.18.0.100"));
    const Lease q = *b.stored("198.18.0.100");
    QCOMPARE(q.state, LeaseState::Conflict);
    QCOMPARE(q.hardwareAddress, Squatter);
    QCOMPARE(q.end, b.clock.nowS() + 600);
    QVERIFY(q.detail.contains(QStringLiteral("answered ARP")));
    QCOMPARE(b.events.size(), 1);
    const NetworkEvent e = b.event(0);
    QCOMPARE(e.kind, NetworkEvent::Kind::Conflict);
    QCOMPARE(e.mac, Squatter);
    QVERIFY2(e.summary().startsWith(QStringLiteral(
                 "conflict: 198.18.0.100 is in use by 02:00:00:00:00:ee (answered ARP); "
                 "quarantined until ")),
             qPrintable(e.summary()));
    QVERIFY(b.lastReason().startsWith(QStringLiteral("again after 1 conflict(s): probing")));
    QVERIFY(b.transport.sent().isEmpty());

    b.prober.answer(1, false);
    QTRY_COMPARE(b.transport.sent().size(), 1);
    QCOMPARE(b.offers().front().yiaddr, ip("198.18.0.101"));
    QCOMPARE(b.engine.counters().conflicts, 1u);
    const QList<Lease> quarantine = b.engine.quarantine();
    QCOMPARE(quarantine.size(), 1);
    QCOMPARE(quarantine.front().address, ip("198.18.0.100"));
    // Issue 8: the DISCOVER handled again for the next candidate is one DISCOVER in the
    // statistics, answered by one OFFER.
    QCOMPARE(b.engine.traffic().discover, 1u);
    QCOMPARE(b.engine.traffic().offer, 1u);

    // An ICMP answer without a known MAC says so.
    b.send(Client(2).discover());
    QTRY_COMPARE(b.prober.started.size(), 3);
    b.prober.answer(2, true, ProbeMethod::Icmp);
    QTRY_COMPARE(b.events.size(), 2);
    QVERIFY(b.event(1).summary().contains(
        QStringLiteral("is in use by an unknown machine (answered ICMP echo)")));
}

void TestConflicts::repeatedDiscoverWhileProbingIsOneProbe()
{
    Bench b;
    Client c(1);
    b.send(c.discover());
    QTRY_COMPARE(b.prober.started.size(), 1);
    c.nextTransaction();
    b.send(c.discover());
    b.settle();
    QCOMPARE(b.prober.started.size(), 1);
    b.prober.answer(0, false);
    QTRY_COMPARE(b.transport.sent().size(), 1);
    b.settle();
    QCOMPARE(b.transport.sent().size(), 1);
    QCOMPARE(b.offers().front().xid, c.xid()); // the answer is to the newest DISCOVER
}

void TestConflicts::clearAnswerIsTrustedForAMinute()
{
    Bench b;
    b.send(Client(1).discover());
    QTRY_COMPARE(b.prober.started.size(), 1);
    b.prober.answer(0, false);
    QTRY_COMPARE(b.transport.sent().size(), 1);
    // Client 1 never takes the offer; after its hold another client asks for that address.
    b.clock.advanceS(11);
    b.engine.sweep();
    b.send(Client(2).discover(ip("198.18.0.100")));
    QTRY_COMPARE(b.transport.sent().size(), 2);
    QCOMPARE(b.offers().back().yiaddr, ip("198.18.0.100"));
    QCOMPARE(b.prober.started.size(), 1); // from the cache, not probed again
    // Past a minute the address is probed again.
    b.clock.advanceS(50);
    b.engine.sweep();
    b.send(Client(3).discover(ip("198.18.0.100")));
    QTRY_COMPARE(b.prober.started.size(), 2);
    QCOMPARE(b.prober.started.back().address, ip("198.18.0.100"));
}

void TestConflicts::ownAndReservedAddressesAreNotProbed()
{
    Bench b;
    b.send(Client(0xaa).discover());
    QTRY_COMPARE(b.transport.sent().size(), 1);
    QCOMPARE(b.offers().front().yiaddr, ip("198.18.0.50"));
    QVERIFY(b.prober.started.isEmpty());

    Client c(1);
    b.send(c.discover());
    QTRY_COMPARE(b.prober.started.size(), 1);
    b.prober.answer(0, false);
    QTRY_COMPARE(b.transport.sent().size(), 2);
    b.send(c.selecting(ip("198.18.0.100"), ip("198.18.0.1")));
    QTRY_COMPARE(b.transport.sent().size(), 3);
    QCOMPARE(b.offers().back().messageType(), std::uint8_t(MessageType::Ack));
    // Its own binding: offered again at once, even after the cache is long gone.
    b.clock.advanceS(120);
    c.nextTransaction();
    b.send(c.discover());
    QTRY_COMPARE(b.transport.sent().size(), 4);
    QCOMPARE(b.offers().back().yiaddr, ip("198.18.0.100"));
    QCOMPARE(b.prober.started.size(), 1);
}

void TestConflicts::disabledOrZeroAttemptsProbeNothing()
{
    Bench b;
    Configuration c = b.engine.server().configuration();
    c.server.conflictDetection.attempts = 0;
    b.engine.applyConfiguration(c);
    b.send(Client(1).discover());
    QTRY_COMPARE(b.transport.sent().size(), 1);
    c.server.conflictDetection.attempts = 1;
    c.server.conflictDetection.enabled = false;
    b.engine.applyConfiguration(c);
    b.send(Client(2).discover());
    QTRY_COMPARE(b.transport.sent().size(), 2);
    QVERIFY(b.prober.started.isEmpty());
}

void TestConflicts::relayedClientsAreProbedWithIcmp()
{
    Bench b;
    DhcpMessage m = Client(1).discover();
    m.giaddr = ip("198.19.0.1");
    m.hops = 1;
    ReceiveInfo relayed = b.info;
    relayed.source = ip("198.19.0.1");
    relayed.sourcePort = 67;
    relayed.destination = ip("198.18.0.1");
    b.engine.handleDatagram(bytesOf(m), relayed);
    QTRY_COMPARE(b.prober.started.size(), 1);
    QCOMPARE(b.prober.started.front().address, ip("198.19.0.10"));
    // ARP cannot reach a relayed subnet.
    QCOMPARE(b.prober.started.front().method, ProbeMethod::Icmp);
}

void TestConflicts::unusableProberOffersUncheckedAndSaysSoOnce()
{
    Bench b;
    QSignalSpy problems(&b.engine, &Engine::problem);
    b.prober.unavailableWhy = QStringLiteral("no raw ICMP socket (needs CAP_NET_RAW)");
    b.send(Client(1).discover());
    b.send(Client(2).discover());
    QTRY_COMPARE(b.transport.sent().size(), 2);
    QVERIFY(b.prober.started.isEmpty());
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.front().front().toString().contains(QStringLiteral("unchecked")));
    QVERIFY(problems.front().front().toString().contains(QStringLiteral("CAP_NET_RAW")));
    // And with no prober at all.
    b.engine.setConflictProbe(nullptr);
    b.send(Client(3).discover());
    QTRY_COMPARE(b.transport.sent().size(), 3);
}

void TestConflicts::probesInFlightAreCapped()
{
    Bench b(R"({"server": {"conflict_detection": {"enabled": true}},
                "scopes": [{"name": "big", "subnet": "198.18.0.0/22",
                            "ranges": [{"start": "198.18.0.10", "end": "198.18.3.250"}]}]})");
    const int cap = ConflictGuard::MaxProbesInFlight;
    for (int i = 0; i < cap + 1; ++i) {
        DhcpMessage m = Client(1).discover();
        m.chaddr[4] = std::uint8_t(i >> 8);
        m.chaddr[5] = std::uint8_t(i);
        b.send(m);
    }
    QTRY_COMPARE(b.prober.started.size(), cap);
    QVERIFY(b.lastReason().contains(QStringLiteral("256 conflict probes are in flight")));
    // One answer later the dropped client's retry is probed, with the address it would have
    // had: nothing was lost from the pool.
    b.prober.answer(0, false);
    DhcpMessage retry = Client(1).discover();
    retry.chaddr[4] = std::uint8_t(cap >> 8);
    retry.chaddr[5] = std::uint8_t(cap);
    b.send(retry);
    QTRY_COMPARE(b.prober.started.size(), cap + 1);
    QCOMPARE(b.prober.started.back().address, ip("198.18.1.10")); // .10 + 256
}

void TestConflicts::chainOfConflictsGivesUp()
{
    Bench b;
    b.send(Client(1).discover());
    for (int i = 0; i < Engine::MaxConflictsPerRequest; ++i) {
        QTRY_COMPARE(b.prober.started.size(), i + 1);
        b.prober.answer(i, true, ProbeMethod::Icmp);
    }
    b.settle();
    QCOMPARE(b.prober.started.size(), Engine::MaxConflictsPerRequest);
    QVERIFY(b.transport.sent().isEmpty());
    QVERIFY(b.lastReason().contains(QStringLiteral("8 addresses in a row were in use")));
    QCOMPARE(b.engine.quarantine().size(), 8);
    QCOMPARE(b.engine.parkedOffers(), 0);
    // The client's next DISCOVER starts afresh.
    b.send(Client(1).discover());
    QTRY_COMPARE(b.prober.started.size(), 9);
}

void TestConflicts::failedCommitStartsNoProbe()
{
    Bench b;
    QSignalSpy problems(&b.engine, &Engine::problem);
    b.store.failNextCommit();
    // An offer alone is not committed at once; a binding in the same turn is, and its commit
    // fails: neither the ACK nor the probe for the offer goes out.
    b.engine.handleDatagram(bytesOf(Client(2).selecting(ip("198.18.0.105"), ip("198.18.0.1"))),
                            b.info);
    b.send(Client(1).discover());
    QTRY_COMPARE(problems.size(), 1);
    QVERIFY(b.transport.sent().isEmpty());
    QVERIFY(b.prober.started.isEmpty());
    QCOMPARE(b.engine.parkedOffers(), 0);
    b.send(Client(1).discover());
    QTRY_COMPARE(b.prober.started.size(), 1);
}

void TestConflicts::lateOrUnknownAnswersAreIgnored()
{
    Bench b;
    emit b.prober.finished(
        ProbeResult{4242, ip("198.18.0.100"), true, ProbeMethod::Icmp, {}, 1, {}});
    b.settle();
    QVERIFY(b.events.isEmpty());
    QVERIFY(b.engine.quarantine().isEmpty());
    b.send(Client(1).discover());
    QTRY_COMPARE(b.prober.started.size(), 1);
    b.prober.answer(0, false);
    b.prober.answer(0, true); // a second answer to the same probe
    QTRY_COMPARE(b.transport.sent().size(), 1);
    b.settle();
    QVERIFY(b.engine.quarantine().isEmpty());
}

void TestConflicts::arpClaimOfAFreeAddressQuarantinesIt()
{
    Bench b;
    b.engine.handleArp(b.arp("198.18.0.100", Squatter));
    QTRY_COMPARE(b.events.size(), 1);
    QVERIFY2(b.event(0).summary().startsWith(QStringLiteral(
                 "conflict: 198.18.0.100 is in use by 02:00:00:00:00:ee, which holds no lease "
                 "(ARP claim); quarantined until")),
             qPrintable(b.event(0).summary()));
    QCOMPARE(b.storedState("198.18.0.100"), std::optional(LeaseState::Conflict));
    // The pool skips it.
    b.send(Client(1).discover());
    QTRY_COMPARE(b.prober.started.size(), 1);
    QCOMPARE(b.prober.started.front().address, ip("198.18.0.101"));
    // The same squatter again: no second event. Probes, addresses outside the ranges and
    // the router are not claims.
    b.engine.handleArp(b.arp("198.18.0.100", Squatter));
    ArpObservation probe = b.arp("198.18.0.0", Squatter);
    probe.targetIp = ip("198.18.0.102");
    b.engine.handleArp(probe);
    b.engine.handleArp(b.arp("198.18.0.1", Squatter));
    b.engine.handleArp(b.arp("198.18.0.60", Squatter));
    b.engine.handleArp(b.arp("203.0.113.5", Squatter));
    b.settle();
    QCOMPARE(b.events.size(), 1);
    QCOMPARE(b.engine.quarantine().size(), 1);
}

void TestConflicts::arpClaimOfABoundLeaseIsReportedNotTaken()
{
    Bench b;
    Client c(1);
    b.send(c.discover());
    QTRY_COMPARE(b.prober.started.size(), 1);
    b.prober.answer(0, false);
    QTRY_COMPARE(b.transport.sent().size(), 1);
    b.send(c.selecting(ip("198.18.0.100"), ip("198.18.0.1")));
    QTRY_COMPARE(b.transport.sent().size(), 2);
    b.engine.handleArp(b.arp("198.18.0.100", c.mac())); // its holder
    b.settle();
    QVERIFY(b.events.isEmpty());
    b.engine.handleArp(b.arp("198.18.0.100", Squatter));
    QTRY_COMPARE(b.events.size(), 1);
    QVERIFY2(b.event(0).summary().contains(QStringLiteral(
                 "198.18.0.100 is leased to 02:00:00:00:00:01 but 02:00:00:00:00:ee uses it too")),
             qPrintable(b.event(0).summary()));
    QCOMPARE(b.storedState("198.18.0.100"), std::optional(LeaseState::Bound));
}

void TestConflicts::arpClaimOnAParkedOfferMovesOn()
{
    Bench b;
    b.send(Client(1).discover());
    QTRY_COMPARE(b.prober.started.size(), 1);
    // The squatter answers the kernel's ARP for the echo before the echo itself.
    b.engine.handleArp(b.arp("198.18.0.100", Squatter));
    QTRY_COMPARE(b.events.size(), 1);
    QCOMPARE(b.storedState("198.18.0.100"), std::optional(LeaseState::Conflict));
    b.prober.answer(0, false); // too late: the address is taken; the next one is probed
    QTRY_COMPARE(b.prober.started.size(), 2);
    QCOMPARE(b.prober.started[1].address, ip("198.18.0.101"));
    b.prober.answer(1, false);
    QTRY_COMPARE(b.transport.sent().size(), 1);
    QCOMPARE(b.offers().front().yiaddr, ip("198.18.0.101"));
    QCOMPARE(b.engine.parkedOffers(), 0);
}

void TestConflicts::machineSeenUsingAnAddressIsNotRefusedIt()
{
    Bench b;
    Client c(1);
    b.engine.handleArp(b.arp("198.18.0.100", c.mac()));
    QTRY_COMPARE(b.engine.quarantine().size(), 1);
    // We have no lease record for it: INIT-REBOOT and broadcast REBINDING stay unanswered
    // (RFC 2131 §4.3.2), as they were before the ARP was seen.
    b.send(c.initReboot(ip("198.18.0.100")));
    DhcpMessage rebinding = c.renewing(ip("198.18.0.100"));
    b.send(rebinding);
    b.settle();
    QVERIFY(b.transport.sent().isEmpty());
    // Asked for by DISCOVER, it is probed, the machine answers for itself, and it gets it.
    b.send(c.discover(ip("198.18.0.100")));
    QTRY_COMPARE(b.prober.started.size(), 1);
    QCOMPARE(b.prober.started.front().address, ip("198.18.0.100"));
    b.prober.answer(0, true, ProbeMethod::Arp, c.mac());
    QTRY_COMPARE(b.transport.sent().size(), 1);
    QCOMPARE(b.offers().front().yiaddr, ip("198.18.0.100"));
    QTRY_VERIFY(b.lastReason().contains(QStringLiteral("answered by the client itself")));
}

void TestConflicts::previousHolderAnsweringItsProbeGetsItBack()
{
    Bench b;
    Client c(1);
    b.send(c.discover());
    QTRY_COMPARE(b.prober.started.size(), 1);
    b.prober.answer(0, false);
    QTRY_COMPARE(b.transport.sent().size(), 1);
    b.send(c.selecting(ip("198.18.0.100"), ip("198.18.0.1")));
    QTRY_COMPARE(b.transport.sent().size(), 2);
    b.clock.advanceS(3601); // the lease ends; the machine keeps its address configured
    b.engine.sweep();
    c.nextTransaction();
    b.send(c.discover());
    QTRY_COMPARE(b.prober.started.size(), 2);
    QCOMPARE(b.prober.started[1].address, ip("198.18.0.100"));
    b.prober.answer(1, true, ProbeMethod::Arp, c.mac());
    QTRY_COMPARE(b.transport.sent().size(), 3);
    QCOMPARE(b.offers().back().yiaddr, ip("198.18.0.100"));
    QVERIFY(b.events.isEmpty());
}

void TestConflicts::offerGivenUpDuringItsProbeIsNotSent()
{
    Bench b;
    Client c(1);
    b.send(c.discover());
    QTRY_COMPARE(b.prober.started.size(), 1);
    // The client takes another server's offer meanwhile (RFC 2131 §4.3.2: our offer is free).
    b.send(c.selecting(ip("198.18.0.150"), ip("198.18.0.9")));
    b.settle();
    b.prober.answer(0, false);
    b.settle();
    QVERIFY(b.transport.sent().isEmpty());
    QVERIFY2(b.lastReason().startsWith(QStringLiteral("not sent: no answer for 198.18.0.100")),
             qPrintable(b.lastReason()));
}

void TestConflicts::reclaimedReservationStaysReserved()
{
    Bench b(R"({"server": {"conflict_detection": {"enabled": true}},
                "scopes": [{"name": "lab", "subnet": "198.18.0.0/24",
                            "ranges": [{"start": "198.18.0.100", "end": "198.18.0.109"}],
                            "reservations": [{"mac": "02:00:00:00:00:aa", "ip": "198.18.0.100"}]}]})");
    Client owner(0xaa);
    b.send(owner.discover());
    QTRY_COMPARE(b.transport.sent().size(), 1);
    b.send(owner.selecting(ip("198.18.0.100"), ip("198.18.0.1")));
    QTRY_COMPARE(b.transport.sent().size(), 2);
    b.send(owner.decline(ip("198.18.0.100"), ip("198.18.0.1")));
    QTRY_COMPARE(b.engine.quarantine().size(), 1);
    b.engine.reclaim(ip("198.18.0.100"));
    b.settle();
    QVERIFY(b.engine.quarantine().isEmpty());
    b.send(Client(1).discover());
    QTRY_COMPARE(b.prober.started.size(), 1);
    QCOMPARE(b.prober.started.front().address, ip("198.18.0.101"));
}

void TestConflicts::quarantineCanBeReclaimed()
{
    Bench b;
    QSignalSpy problems(&b.engine, &Engine::problem);
    b.engine.handleArp(b.arp("198.18.0.100", Squatter));
    QTRY_COMPARE(b.engine.quarantine().size(), 1);
    b.engine.reclaim(ip("198.18.0.100"));
    b.settle();
    QVERIFY(b.engine.quarantine().isEmpty());
    QVERIFY(!b.stored("198.18.0.100"));
    const auto history = b.store.history(10, Squatter, nullptr);
    QVERIFY(!history.isEmpty());
    QCOMPARE(history.front().reason, QStringLiteral("reclaimed by the administrator"));
    // It is offered again (after a probe), first in line.
    b.send(Client(1).discover());
    QTRY_COMPARE(b.prober.started.size(), 1);
    QCOMPARE(b.prober.started.front().address, ip("198.18.0.100"));
    b.engine.reclaim(ip("198.18.0.107"));
    QCOMPARE(problems.size(), 1);
    QVERIFY(problems.front().front().toString().contains(QStringLiteral("not quarantined")));
}

void TestConflicts::quarantineEnds()
{
    Bench b;
    b.engine.handleArp(b.arp("198.18.0.100", Squatter));
    QTRY_COMPARE(b.engine.quarantine().size(), 1);
    b.clock.advanceS(599);
    b.engine.sweep();
    QCOMPARE(b.engine.quarantine().size(), 1);
    b.clock.advanceS(2);
    b.engine.sweep();
    b.settle();
    QVERIFY(b.engine.quarantine().isEmpty());
    QVERIFY(!b.stored("198.18.0.100"));
}

void TestConflicts::declineIsAConflictUntilTheQuarantineEnds()
{
    Bench b;
    Client c(1);
    b.send(c.discover());
    QTRY_COMPARE(b.prober.started.size(), 1);
    b.prober.answer(0, false);
    QTRY_COMPARE(b.transport.sent().size(), 1);
    b.send(c.selecting(ip("198.18.0.100"), ip("198.18.0.1")));
    QTRY_COMPARE(b.transport.sent().size(), 2);
    b.send(c.decline(ip("198.18.0.100"), ip("198.18.0.1")));
    QTRY_COMPARE(b.events.size(), 1);
    QVERIFY2(b.event(0).summary().startsWith(QStringLiteral(
                 "conflict: 198.18.0.100 is in use by an unknown machine (declined by "
                 "02:00:00:00:00:01); quarantined until")),
             qPrintable(b.event(0).summary()));
    QCOMPARE(b.engine.quarantine().size(), 1);
    // Asked for by name, it is still not offered while quarantined.
    b.send(Client(2).discover(ip("198.18.0.100")));
    QTRY_COMPARE(b.prober.started.size(), 2);
    QCOMPARE(b.prober.started.back().address, ip("198.18.0.101"));
    b.clock.advanceS(601);
    b.engine.sweep();
    b.send(Client(3).discover(ip("198.18.0.100")));
    QTRY_COMPARE(b.prober.started.size(), 3);
    QCOMPARE(b.prober.started.back().address, ip("198.18.0.100"));
}

QTEST_GUILESS_MAIN(TestConflicts)
#include "tst_conflicts.moc"
