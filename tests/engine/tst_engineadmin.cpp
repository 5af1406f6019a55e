// What the console's administrator does to the running engine (issue 6): release or delete a
// lease, read the history of an address or a machine, stop and start serving. Each change is
// committed before the GUI hears of it.
#include "enginebench.h"

#include <QSignalSpy>
#include <QTest>

using namespace lab;
using namespace Qt::StringLiterals;

namespace {

struct Bench : EngineBench
{
    QList<LeaseHistoryEntry> history(Ipv4Address address, const QByteArray &mac = {})
    {
        return engine.history({address, mac, 100});
    }
};

} // namespace

class TestEngineAdmin : public QObject
{
    Q_OBJECT

private slots:
    void releaseFreesTheAddress();
    void releasedClientGetsItsAddressBack();
    void releaseNeedsAnActiveLease();
    void deleteForgetsTheLease();
    void expiredOffersAreReportedRemoved();
    void historyByAddressAndByMachine();
    void stoppedEngineAnswersNobody();
    void stoppedEngineStillExpiresLeases();
};

void TestEngineAdmin::releaseFreesTheAddress()
{
    Bench b;
    const Client one(1), two(2);
    const Ipv4Address address = b.bind(one);
    QCOMPARE(address, ip("198.18.0.100"));
    QSignalSpy changed(&b.engine, &Engine::leasesChanged);
    b.clock.advanceS(30);
    b.engine.releaseLease(address);
    QTRY_COMPARE(changed.size(), 1);
    const Lease released = changed.front().front().value<QList<Lease>>().front();
    QCOMPARE(released.state, LeaseState::Released);
    QCOMPARE(released.end, b.clock.nowS());
    // On disk before the GUI heard of it.
    QCOMPARE(b.store.lease(address)->state, LeaseState::Released);
    QCOMPARE(b.history(address).front().reason, u"released by the administrator"_s);
    // Another machine asking for it gets it.
    QCOMPARE(b.discover(two, address), address);
}

// As after the client's own RELEASE (RFC 2131 §4.3.1): the server remembers the binding.
void TestEngineAdmin::releasedClientGetsItsAddressBack()
{
    Bench b;
    const Client one(1), two(2);
    const Ipv4Address address = b.bind(one);
    QCOMPARE(b.bind(two), ip("198.18.0.101"));
    b.engine.releaseLease(address);
    QTRY_COMPARE(b.store.lease(address)->state, LeaseState::Released);
    QCOMPARE(b.discover(one), address);
}

void TestEngineAdmin::releaseNeedsAnActiveLease()
{
    Bench b;
    QSignalSpy problems(&b.engine, &Engine::problem);
    b.engine.releaseLease(ip("198.18.0.103"));
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.front().front().toString(),
             u"cannot release the lease: 198.18.0.103 is neither offered nor bound"_s);
}

void TestEngineAdmin::deleteForgetsTheLease()
{
    Bench b;
    const Ipv4Address address = b.bind(Client(1));
    QSignalSpy removed(&b.engine, &Engine::leasesRemoved);
    b.engine.deleteLease(address);
    QTRY_COMPARE(removed.size(), 1);
    QCOMPARE(removed.front().front().value<QList<Ipv4Address>>(), QList<Ipv4Address>{address});
    QVERIFY(!b.store.lease(address));
    QVERIFY(!b.engine.server().allocations().lease(address));
    QCOMPARE(b.history(address).front().reason, u"deleted by the administrator"_s);
    // Nothing left to delete.
    QSignalSpy problems(&b.engine, &Engine::problem);
    b.engine.deleteLease(address);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.front().front().toString(),
             u"cannot delete the lease: 198.18.0.100 has no lease"_s);
}

// An OFFER nobody took up is forgotten by the sweep; the lease table must lose it too.
void TestEngineAdmin::expiredOffersAreReportedRemoved()
{
    Bench b;
    const Ipv4Address offered = b.discover(Client(1));
    QSignalSpy removed(&b.engine, &Engine::leasesRemoved);
    b.clock.advanceS(61); // offer_hold_s is 60
    b.engine.sweep();
    QTRY_COMPARE(removed.size(), 1);
    QCOMPARE(removed.front().front().value<QList<Ipv4Address>>(), QList<Ipv4Address>{offered});
    QVERIFY(!b.store.lease(offered));
}

void TestEngineAdmin::historyByAddressAndByMachine()
{
    Bench b;
    const Client one(1), two(2);
    const Ipv4Address first = b.bind(one);
    b.engine.releaseLease(first);
    QTRY_COMPARE(b.store.lease(first)->state, LeaseState::Released);
    b.clock.advanceS(1);
    QCOMPARE(b.bind(two, first), first);
    const auto ofAddress = b.history(first);
    QVERIFY(ofAddress.size() >= 4);
    QVERIFY(std::all_of(ofAddress.begin(), ofAddress.end(),
                        [&](const LeaseHistoryEntry &e) { return e.address == first; }));
    QCOMPARE(ofAddress.front().hardwareAddress, two.mac()); // newest first
    const auto ofOne = b.history(Ipv4Address(), one.mac());
    QCOMPARE(ofOne.size(), 3); // offered, bound, released
    QCOMPARE(ofOne.front().to, LeaseState::Released);
    QVERIFY(b.history(first, one.mac()) == ofOne);
    QCOMPARE(b.engine.history({Ipv4Address(), {}, 2}).size(), 2);
}

void TestEngineAdmin::stoppedEngineAnswersNobody()
{
    Bench b;
    const Client one(1);
    QSignalSpy events(&b.engine, &Engine::packetEvents);
    b.engine.setServing(false);
    QVERIFY(!b.engine.isServing());
    b.engine.handleDatagram(bytesOf(one.discover()), b.info);
    QTRY_COMPARE(events.size(), 1);
    const auto list = events.front().front().value<QList<PacketEvent>>();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.front().outcome, Decision::Outcome::Ignored);
    QCOMPARE(list.front().reason, u"not serving: stopped by the administrator"_s);
    QCOMPARE(list.front().hardwareAddress, one.mac());
    QVERIFY(b.transport.sent().isEmpty());
    QCOMPARE(b.engine.server().allocations().leaseCount(), 0);
    QCOMPARE(b.engine.counters().ignored, 1u);
    // Started again, the client's retry is answered.
    b.engine.setServing(true);
    QCOMPARE(b.discover(one), ip("198.18.0.100"));
}

// Stopping answers nobody, but time goes on: bindings end as they would.
void TestEngineAdmin::stoppedEngineStillExpiresLeases()
{
    Bench b;
    const Ipv4Address address = b.bind(Client(1));
    b.engine.setServing(false);
    QSignalSpy changed(&b.engine, &Engine::leasesChanged);
    b.clock.advanceS(3601);
    b.engine.sweep();
    QTRY_COMPARE(changed.size(), 1);
    QCOMPARE(b.store.lease(address)->state, LeaseState::Expired);
}

QTEST_GUILESS_MAIN(TestEngineAdmin)
#include "tst_engineadmin.moc"
