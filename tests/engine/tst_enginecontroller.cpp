// The GUI's door to the engine (EngineController), here in its simulated-lab mode: the engine
// runs in its own thread, and the window learns everything through queued signals carrying
// plain values (design.md).
#include "engine/enginecontroller.h"
#include "engine/simulatedlab.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace leasedesk;

class TestEngineController : public QObject
{
    Q_OBJECT

private slots:
    void simulatedLabRunsWithoutSocketsOrDatabase();
    void servingControlInTheLab();
    void labWithoutSquatterOrRogueServer();
};

namespace {

// Every address the engine has reported bound so far.
QSet<quint32> boundAddresses(const QSignalSpy &changed)
{
    QSet<quint32> bound;
    for (const auto &args : changed)
        for (const Lease &l : args.front().value<QList<Lease>>())
            if (l.state == LeaseState::Bound)
                bound.insert(l.address.toUint32());
    return bound;
}

} // namespace

void TestEngineController::simulatedLabRunsWithoutSocketsOrDatabase()
{
    qRegisterMetaType<leasedesk::EngineStatus>();
    EngineSockets sockets;
    sockets.simulatedClients = 6;
    sockets.simulatedSpeed = 60; // a lab minute a second
    const QString database =
        QDir::temp().filePath(QStringLiteral("leasedesk-never-created.sqlite"));
    QFile::remove(database);
    EngineController controller(database, std::move(sockets));
    QSignalSpy started(&controller, &EngineController::started);
    QSignalSpy configuration(&controller, &EngineController::configurationLoaded);
    QSignalSpy loaded(&controller, &EngineController::leasesLoaded);
    QSignalSpy changed(&controller, &EngineController::leasesChanged);
    QSignalSpy events(&controller, &EngineController::networkEvent);
    controller.start();
    QTRY_COMPARE(started.size(), 1);
    const auto status = started.front().front().value<EngineStatus>();
    QVERIFY(status.simulated);
    QVERIFY(status.serving);
    QVERIFY(status.problems.isEmpty());
    QCOMPARE(configuration.size(), 1);
    QCOMPARE(configuration.front().front().value<Configuration>().scopes.size(), 1);
    QCOMPARE(loaded.size(), 1);
    // The virtual machines boot within a few lab minutes (seconds here) and get leases; the
    // squatter is found and the rogue server reported.
    QTRY_VERIFY_WITH_TIMEOUT(boundAddresses(changed).size() >= 6, 20000);
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 bool rogue = false;
                                 for (const auto &args : events)
                                     rogue |= args.front().value<NetworkEvent>().kind
                                         == NetworkEvent::Kind::RogueServer;
                                 return rogue;
                             }()),
                             20000);
    QSignalSpy state(&controller, &EngineController::networkStateListed);
    controller.requestNetworkState();
    QTRY_COMPARE(state.size(), 1);
    QVERIFY(!state.front().at(1).value<QList<RogueServer>>().isEmpty());
    QVERIFY(!QFile::exists(database)); // the lab never touches the database
}

namespace {

// Whether a packet event is a reply that left, or a request ignored because the
// administrator stopped the engine.
bool isReply(const PacketEvent &e)
{
    return e.direction == PacketEvent::Direction::Sent
        && !e.reason.startsWith(QStringLiteral("not sent"));
}

bool isStoppedIgnore(const PacketEvent &e)
{
    return e.outcome == Decision::Outcome::Ignored
        && e.reason == QStringLiteral("not serving: stopped by the administrator");
}

} // namespace

// Issue 6: the console stops and starts the lab's server, sees its one interface, and reads
// the history of an address.
void TestEngineController::servingControlInTheLab()
{
    EngineSockets sockets;
    sockets.simulatedClients = 4;
    sockets.simulatedSpeed = 60;
    EngineController controller(QString(), std::move(sockets));
    QSignalSpy serving(&controller, &EngineController::servingChanged);
    QSignalSpy changed(&controller, &EngineController::leasesChanged);
    // What the console's traffic view gets: the batches it takes from the tap when woken.
    QList<PacketEvent> packets;
    connect(&controller.packetTap(), &PacketTap::eventsAvailable, this,
            [&] { packets += controller.packetTap().take(); });
    controller.start();
    QTRY_COMPARE(serving.size(), 1);
    ServingState state = serving.front().front().value<ServingState>();
    QVERIFY(state.serving);
    QVERIFY(state.canServe);
    QVERIFY(state.interfaces.isEmpty());
    const NetworkInterfaceInfo sim0{
        QStringLiteral("sim0"), {}, Ipv4Address(198, 18, 0, 1), 24, true, false};
    QCOMPARE(state.available, QList<NetworkInterfaceInfo>{sim0});

    Ipv4Address bound;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 for (const auto &args : changed)
                                     for (const Lease &l : args.front().value<QList<Lease>>())
                                         if (l.state == LeaseState::Bound)
                                             bound = l.address;
                                 return !bound.isZero();
                             }()),
                             10000);

    controller.setServing(false);
    QTRY_COMPARE(serving.size(), 2);
    QVERIFY(!serving.back().front().value<ServingState>().serving);
    // The clients keep asking (renewals every lab minute) and nobody answers them.
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(packets.begin(), packets.end(), isStoppedIgnore), 10000);
    packets.clear();
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(packets.begin(), packets.end(), isStoppedIgnore), 10000);
    QVERIFY(std::none_of(packets.begin(), packets.end(), isReply));

    QSignalSpy history(&controller, &EngineController::historyListed);
    const HistoryQuery query{bound, {}, 50};
    controller.requestHistory(query);
    QTRY_COMPARE(history.size(), 1);
    QCOMPARE(history.front().at(0).value<HistoryQuery>(), query);
    const auto entries = history.front().at(1).value<QList<LeaseHistoryEntry>>();
    QVERIFY(!entries.isEmpty());
    QVERIFY(std::all_of(entries.begin(), entries.end(),
                        [&](const LeaseHistoryEntry &e) { return e.address == bound; }));

    controller.setServing(true);
    QTRY_COMPARE(serving.size(), 3);
    QVERIFY(serving.back().front().value<ServingState>().serving);
    QTRY_VERIFY_WITH_TIMEOUT(std::any_of(packets.begin(), packets.end(), isReply), 10000);
}

// --no-squatter and --no-rogue: a quiet lab, for showing the console without alarms. The
// clients are served, the engine's own rogue round runs, and nothing is reported.
void TestEngineController::labWithoutSquatterOrRogueServer()
{
    EngineSockets sockets;
    sockets.simulatedClients = 4;
    sockets.simulatedSpeed = 60;
    sockets.simulatedSquatter = false;
    sockets.simulatedRogue = false;
    EngineController controller(QString(), std::move(sockets));
    QSignalSpy changed(&controller, &EngineController::leasesChanged);
    QSignalSpy events(&controller, &EngineController::networkEvent);
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(boundAddresses(changed).size() >= 4, 20000);
    // By now the lab with its squatter and rogue server has reported both (the case above);
    // two more lab minutes pass without either. (A virtual client may still decline an
    // address now and then: that conflict is the client's, not the squatter's.)
    QTest::qWait(2000);
    const QString squatter = formatMac(SimulatedLab::Settings().squatterMac);
    for (const auto &args : events) {
        const auto e = args.front().value<NetworkEvent>();
        QVERIFY2(e.kind != NetworkEvent::Kind::RogueServer, qPrintable(e.summary()));
        QVERIFY2(!e.summary().contains(squatter), qPrintable(e.summary()));
    }
    QSignalSpy state(&controller, &EngineController::networkStateListed);
    controller.requestNetworkState();
    QTRY_COMPARE(state.size(), 1);
    for (const Lease &q : state.front().at(0).value<QList<Lease>>())
        QVERIFY2(q.hardwareAddress != SimulatedLab::Settings().squatterMac, qPrintable(q.detail));
    QVERIFY(state.front().at(1).value<QList<RogueServer>>().isEmpty());
}

QTEST_GUILESS_MAIN(TestEngineController)
#include "tst_enginecontroller.moc"
