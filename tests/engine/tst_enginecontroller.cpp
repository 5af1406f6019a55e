// The GUI's door to the engine (EngineController), here in its simulated-lab mode: the engine
// runs in its own thread, and the window learns everything through queued signals carrying
// plain values (design.md).
#include "engine/enginecontroller.h"

#include <QSignalSpy>
#include <QTest>

using namespace leasedesk;

class TestEngineController : public QObject
{
    Q_OBJECT

private slots:
    void simulatedLabRunsWithoutSocketsOrDatabase();
};

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
    QSet<quint32> bound;
    QTRY_VERIFY_WITH_TIMEOUT(([&] {
                                 for (const auto &args : changed)
                                     for (const Lease &l : args.front().value<QList<Lease>>())
                                         if (l.state == LeaseState::Bound)
                                             bound.insert(l.address.toUint32());
                                 return bound.size() >= 6;
                             }()),
                             20000);
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

QTEST_GUILESS_MAIN(TestEngineController)
#include "tst_enginecontroller.moc"
