// The simulated lab (issue 6): virtual clients, a squatter and a rogue server driving the real
// engine in memory. Lab time moves only when a test calls advance() (the tick is off), and the
// event loop is drained after every step, so each run is the same run.
#include "core/memoryleasestore.h"
#include "engine/engine.h"
#include "engine/simulatedlab.h"
#include "lab.h"

#include <QSignalSpy>
#include <QTest>

#include <set>

using namespace lab;

namespace {

SimulatedLab::Settings quietLab(int clients)
{
    SimulatedLab::Settings s;
    s.clientCount = clients;
    s.tickMs = 0; // the test moves time
    s.declineChance = 0;
    s.releaseChance = 0;
    s.seed = 42;
    return s;
}

// Drains the event loop: the engine's commits, its replies, the clients' answers to them.
void settle()
{
    for (int i = 0; i < 16; ++i)
        QCoreApplication::processEvents();
}

// Advances lab time in 1-second steps, letting the engine react after each, for at most
// `labMs`, or until `done` holds. Returns whether `done` held.
template<typename Done> bool runUntil(SimulatedLab &lab, qint64 labMs, Done done)
{
    for (qint64 t = 0; t < labMs; t += 1000) {
        lab.advance(1000);
        settle();
        if (done())
            return true;
    }
    return done();
}
void runFor(SimulatedLab &lab, qint64 labMs)
{
    runUntil(lab, labMs, [] { return false; });
}

QList<Ipv4Address> addressesOf(const SimulatedLab &lab)
{
    QList<Ipv4Address> out;
    for (const auto &c : lab.clients())
        out.append(c.address);
    return out;
}

int boundLeases(const MemoryLeaseStore &store)
{
    int n = 0;
    for (const Lease &l : store.loadLeases())
        n += l.state == LeaseState::Bound ? 1 : 0;
    return n;
}

QList<NetworkEvent> eventsOf(const QSignalSpy &spy, NetworkEvent::Kind kind)
{
    QList<NetworkEvent> out;
    for (const auto &args : spy) {
        const auto e = args.front().value<NetworkEvent>();
        if (e.kind == kind)
            out.append(e);
    }
    return out;
}

} // namespace

class TestSimulatedLab : public QObject
{
    Q_OBJECT

private slots:
    void defaultConfigurationIsValid();
    void everyClientBindsADistinctAddress();
    void clientsRenewAtT1AndKeepTheirAddresses();
    void squatterIsQuarantinedNeverBound();
    void squatterAnnouncementIsSeenPassively();
    void rogueServerIsReported();
    void noRogueServerNoReport();
    void releasesReturnAddresses();
    void declinedAddressIsQuarantined();
    void sameSeedSameRun();
    void runsOnItsOwnClock();
};

void TestSimulatedLab::defaultConfigurationIsValid()
{
    MemoryLeaseStore store;
    SimulatedLab lab(quietLab(3), &store);
    QCOMPARE(lab.start(), QString());
    const Configuration c = lab.engine().server().configuration();
    QCOMPARE(c.scopes.size(), 1);
    QCOMPARE(c.scopes.front().name, QStringLiteral("sim-lab"));
    QCOMPARE(c.scopes.front().reservations.size(), 2);
    QVERIFY(c.server.conflictDetection.enabled);
    QVERIFY(!lab.start().isEmpty()); // once only
    // Nothing happens before lab time moves.
    settle();
    QCOMPARE(lab.engine().counters().received, 0u);
}

void TestSimulatedLab::everyClientBindsADistinctAddress()
{
    MemoryLeaseStore store;
    SimulatedLab lab(quietLab(20), &store);
    QCOMPARE(lab.start(), QString());
    QVERIFY(runUntil(lab, 180'000, [&] { return lab.statistics().bound == 20; }));

    const auto clients = lab.clients();
    std::set<quint32> seen;
    for (const auto &c : clients) {
        QCOMPARE(c.state, VirtualClient::State::Bound);
        QVERIFY2(seen.insert(c.address.toUint32()).second, c.address.toString().c_str());
        if (c.hostname == QStringLiteral("lab-pc-01"))
            QCOMPARE(c.address, ip("198.18.0.50")); // its reservation
        else
            QVERIFY2(!(c.address < ip("198.18.0.100")) && !(ip("198.18.0.199") < c.address),
                     c.address.toString().c_str());
        // The engine agrees: the lease is bound to this client's MAC.
        const auto lease = store.lease(c.address);
        QVERIFY(lease);
        QCOMPARE(lease->state, LeaseState::Bound);
        QCOMPARE(lease->hardwareAddress, c.mac);
        QCOMPARE(lease->hostname, c.hostname);
    }
    QCOMPARE(boundLeases(store), 20);
    const auto s = lab.statistics();
    QCOMPARE(s.doraCompleted, 20u);
    QCOMPARE(s.clients, 20);
    QCOMPARE(s.declines, 0u);
    QCOMPARE(s.naks, 0u);
    QVERIFY(lab.engine().counters().probes >= 19); // every dynamic offer was probed
}

void TestSimulatedLab::clientsRenewAtT1AndKeepTheirAddresses()
{
    MemoryLeaseStore store;
    SimulatedLab lab(quietLab(10), &store);
    QCOMPARE(lab.start(), QString());
    QVERIFY(runUntil(lab, 180'000, [&] { return lab.statistics().bound == 10; }));
    const QList<Ipv4Address> before = addressesOf(lab);
    const quint64 renewalsBefore = lab.statistics().renewals;
    // 10-minute leases renew every 5 minutes (T1 = 0.5, RFC 2131 §4.4.5); 20 minutes is
    // three or four renewals each, and no lease ever expires on the way.
    for (int minute = 0; minute < 20; ++minute) {
        runFor(lab, 60'000);
        QCOMPARE(boundLeases(store), 10);
    }
    const auto s = lab.statistics();
    QVERIFY2(s.renewals - renewalsBefore >= 30, QByteArray::number(s.renewals));
    QCOMPARE(s.doraCompleted, 10u); // nobody had to start over
    QCOMPARE(s.naks, 0u);
    QCOMPARE(addressesOf(lab), before);
    QVERIFY(store.loadLeases().size() >= 10);
}

void TestSimulatedLab::squatterIsQuarantinedNeverBound()
{
    MemoryLeaseStore store;
    SimulatedLab::Settings settings = quietLab(20);
    settings.garpIntervalMs = 0; // found by the probe alone
    SimulatedLab lab(settings, &store);
    QSignalSpy events(&lab.engine(), &Engine::networkEvent);
    QCOMPARE(lab.start(), QString());
    const Ipv4Address squatter = settings.squatterAddress;
    const bool allBound = runUntil(lab, 180'000, [&] {
        for (const auto &c : lab.clients())
            if (c.address == squatter)
                return true; // fails below
        return lab.statistics().bound == 20;
    });
    QVERIFY(allBound);
    QVERIFY(!addressesOf(lab).contains(squatter));

    const QList<Lease> quarantine = lab.engine().quarantine();
    QCOMPARE(quarantine.size(), 1);
    QCOMPARE(quarantine.front().address, squatter);
    QCOMPARE(quarantine.front().state, LeaseState::Conflict);
    QCOMPARE(quarantine.front().hardwareAddress, settings.squatterMac);
    const auto conflicts = eventsOf(events, NetworkEvent::Kind::Conflict);
    QCOMPARE(conflicts.size(), 1);
    QCOMPARE(conflicts.front().address, squatter);
    QCOMPARE(conflicts.front().mac, settings.squatterMac);
    QVERIFY2(conflicts.front().summary().contains(QStringLiteral("answered ARP")),
             qPrintable(conflicts.front().summary()));
    QCOMPARE(lab.statistics().conflictsSeen, 1u);
    QCOMPARE(lab.statistics().declines, 0u); // probing kept it from ever being offered
}

void TestSimulatedLab::squatterAnnouncementIsSeenPassively()
{
    MemoryLeaseStore store;
    SimulatedLab::Settings settings = quietLab(2);
    settings.squatterAddress = ip("198.18.0.180"); // never reached by two clients
    settings.garpIntervalMs = 60'000; // first announcement after 30 s
    SimulatedLab lab(settings, &store);
    QSignalSpy events(&lab.engine(), &Engine::networkEvent);
    QCOMPARE(lab.start(), QString());
    runFor(lab, 29'000);
    QVERIFY(lab.engine().quarantine().isEmpty());
    runFor(lab, 2'000);
    const QList<Lease> quarantine = lab.engine().quarantine();
    QCOMPARE(quarantine.size(), 1);
    QCOMPARE(quarantine.front().address, ip("198.18.0.180"));
    QCOMPARE(quarantine.front().hardwareAddress, settings.squatterMac);
    QCOMPARE(eventsOf(events, NetworkEvent::Kind::Conflict).size(), 1);
}

void TestSimulatedLab::rogueServerIsReported()
{
    SimulatedLab lab(quietLab(2));
    QSignalSpy events(&lab.engine(), &Engine::networkEvent);
    QCOMPARE(lab.start(), QString());
    runFor(lab, 4'000);
    QVERIFY(eventsOf(events, NetworkEvent::Kind::RogueServer).isEmpty());
    runFor(lab, 2'000); // the first round is 5 s in; the rogue answers 40 ms later
    const auto rogue = eventsOf(events, NetworkEvent::Kind::RogueServer);
    QCOMPARE(rogue.size(), 1);
    QCOMPARE(rogue.front().address, lab.settings().rogueAddress);
    QCOMPARE(rogue.front().mac, lab.settings().rogueMac);
    QCOMPARE(rogue.front().interfaceName, QStringLiteral("sim0"));
    QVERIFY2(rogue.front().summary().contains(QStringLiteral("answered our DISCOVER in 40 ms")),
             qPrintable(rogue.front().summary()));
    QCOMPARE(lab.statistics().rogueOffersSeen, 1u);
    QCOMPARE(lab.network().rogueOffersSent(), 1u);
    const QList<RogueServer> servers = lab.engine().rogueWatch()->servers();
    QCOMPARE(servers.size(), 1);
    QCOMPARE(servers.front().router, lab.settings().rogueAddress);
    QCOMPARE(servers.front().leaseTime, 86400u);
}

void TestSimulatedLab::noRogueServerNoReport()
{
    SimulatedLab::Settings settings = quietLab(2);
    settings.rogueServer = false;
    SimulatedLab lab(settings);
    QSignalSpy events(&lab.engine(), &Engine::networkEvent);
    QCOMPARE(lab.start(), QString());
    runFor(lab, 10'000);
    QVERIFY(eventsOf(events, NetworkEvent::Kind::RogueServer).isEmpty());
    QCOMPARE(lab.statistics().rogueOffersSeen, 0u);
}

void TestSimulatedLab::releasesReturnAddresses()
{
    MemoryLeaseStore store;
    SimulatedLab::Settings settings = quietLab(5);
    settings.releaseChance = 1.0; // every binding ends in a RELEASE before T1
    SimulatedLab lab(settings, &store);
    QCOMPARE(lab.start(), QString());
    QVERIFY(runUntil(lab, 600'000, [&] { return lab.statistics().releases >= 3; }));
    // Every released lease is back in the pool (RFC 2131 §4.3.4) and its machine holds
    // nothing until it boots again.
    int released = 0;
    for (const Lease &l : store.loadLeases()) {
        if (l.state != LeaseState::Released)
            continue;
        ++released;
        for (const auto &c : lab.clients())
            if (c.mac == l.hardwareAddress)
                QVERIFY(c.address != l.address || c.state == VirtualClient::State::Bound);
    }
    QVERIFY(released >= 1);
    // The machines come back: more DORAs than machines.
    QVERIFY(runUntil(lab, 600'000, [&] { return lab.statistics().doraCompleted >= 8; }));
    QCOMPARE(lab.statistics().naks, 0u);
}

void TestSimulatedLab::declinedAddressIsQuarantined()
{
    MemoryLeaseStore store;
    SimulatedLab::Settings settings = quietLab(2);
    settings.clientCount = 2; // lab-pc-01 reserved (.50), lab-pc-02 from the pool
    settings.declineChance = 1.0;
    settings.squatter = false;
    SimulatedLab lab(settings, &store);
    QSignalSpy events(&lab.engine(), &Engine::networkEvent);
    QCOMPARE(lab.start(), QString());
    QVERIFY(runUntil(lab, 120'000, [&] { return lab.statistics().declines >= 2; }));
    QCOMPARE(lab.statistics().bound, 0);
    bool poolAddressDeclined = false;
    for (const Lease &l : lab.engine().quarantine())
        poolAddressDeclined |= l.state == LeaseState::Declined && l.address == ip("198.18.0.100");
    QVERIFY(poolAddressDeclined);
    QVERIFY(!eventsOf(events, NetworkEvent::Kind::Conflict).isEmpty());
}

void TestSimulatedLab::sameSeedSameRun()
{
    const auto run = [](quint32 seed) {
        SimulatedLab::Settings settings = quietLab(12);
        settings.seed = seed;
        settings.releaseChance = 0.3;
        settings.declineChance = 0.1;
        SimulatedLab lab(settings);
        if (!lab.start().isEmpty())
            return std::pair(QList<Ipv4Address>(), SimulatedLab::Statistics());
        runFor(lab, 30 * 60'000);
        return std::pair(addressesOf(lab), lab.statistics());
    };
    const auto first = run(7);
    const auto second = run(7);
    QCOMPARE(first.first.size(), 12);
    QCOMPARE(first.first, second.first);
    QVERIFY(first.second == second.second);
    QVERIFY(first.second.releases > 0);
    QVERIFY(first.second.declines > 0);
    QVERIFY(first.second.renewals > 0);
}

void TestSimulatedLab::runsOnItsOwnClock()
{
    SimulatedLab::Settings settings = quietLab(5);
    settings.tickMs = 20;
    settings.speed = 600; // 12 lab seconds per tick
    SimulatedLab lab(settings);
    QSignalSpy stats(&lab, &SimulatedLab::statisticsChanged);
    QCOMPARE(lab.start(), QString());
    QVERIFY(lab.isRunning());
    QTRY_COMPARE_WITH_TIMEOUT(lab.statistics().bound, 5, 15'000);
    QVERIFY(!stats.isEmpty());
    lab.stop();
    QVERIFY(!lab.isRunning());
    const qint64 stoppedAt = lab.clock().nowMs();
    QTest::qWait(100);
    QCOMPARE(lab.clock().nowMs(), stoppedAt);
}

QTEST_GUILESS_MAIN(TestSimulatedLab)
#include "tst_simulatedlab.moc"
