// The console over a running simulated lab, wired as the application wires it: the real
// engine in its thread serves virtual clients, and the window shows them as an admin would
// see them. Saves a screenshot of every tab under the build tree (console-<tab>.png) for
// people to look at; the assertions are what must be visible in them.
#include "engine/enginecontroller.h"
#include "widgets/clientdiagnosisview.h"
#include "widgets/consoleconnection.h"
#include "widgets/leasesview.h"
#include "widgets/leasetablemodel.h"
#include "widgets/mainwindow.h"
#include "widgets/packetlistmodel.h"
#include "widgets/scopelistmodel.h"
#include "widgets/statisticsview.h"
#include "widgets/testclientview.h"
#include "widgets/timeserieschart.h"
#include "widgets/trafficview.h"
#include "widgets/transactionmodel.h"
#include "widgets/utilizationtablemodel.h"

#include <QCoreApplication>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

using namespace leasedesk;

class TestConsoleLab : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void labIsShownLive();
};

namespace {

int boundCount(const MainWindow &w)
{
    const QList<Lease> leases = w.leasesView()->leaseModel()->leases();
    return int(std::count_if(leases.begin(), leases.end(),
                             [](const Lease &l) { return l.state == LeaseState::Bound; }));
}

} // namespace

void TestConsoleLab::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LeaseDeskTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_consolelab"));
    QSettings().clear();
}

void TestConsoleLab::labIsShownLive()
{
    MainWindow window;
    EngineSockets sockets;
    sockets.simulatedClients = 24;
    sockets.simulatedSpeed = 30; // the lab's first minutes in a few seconds
    EngineController engine(QString(), std::move(sockets));
    connectConsole(window, engine);
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    engine.start();

    // The clients boot over the first 30 lab seconds; most hold an address soon after.
    QTRY_VERIFY_WITH_TIMEOUT(boundCount(window) >= 18, 20000);
    QCOMPARE(window.scopeModel()->rowCount(), 1);
    QVERIFY(window.scopeModel()->usageAt(0).inUse >= 18);
    // The squatter and the rogue server of the lab are found and counted in the tab titles.
    auto title = [&window](const char *start) {
        for (int i = 0; i < window.tabs()->count(); ++i)
            if (window.tabs()->tabText(i).startsWith(QLatin1String(start)))
                return window.tabs()->tabText(i);
        return QString();
    };
    // The squatter's address at least; a virtual client may also have declined one.
    QTRY_VERIFY_WITH_TIMEOUT(title("Conflicts").startsWith(QLatin1String("Conflicts (")), 20000);
    QTRY_COMPARE_WITH_TIMEOUT(title("Other DHCP servers"), QStringLiteral("Other DHCP servers (1)"),
                              20000);
    auto *serving = window.findChild<QLabel *>(QStringLiteral("servingStatus"));
    QVERIFY2(serving->text().contains(QLatin1String("Simulated lab")), qPrintable(serving->text()));
    QTRY_VERIFY_WITH_TIMEOUT(window.findChild<QLabel *>(QStringLiteral("packetRate"))->text()
                                 != QStringLiteral("0 packets/s"),
                             5000);

    // Issue 7: the Traffic tab lists the packets and the timeline has whole exchanges.
    TrafficView *traffic = window.trafficView();
    QVERIFY(traffic->packetModel()->rowCount() > 0);
    const auto boundTransactions = [traffic] {
        int bound = 0;
        for (int r = 0; r < traffic->transactionModel()->rowCount(); ++r)
            bound += traffic->transactionModel()->transactionAt(r).outcome
                == Transaction::Outcome::Bound;
        return bound;
    };
    QTRY_VERIFY_WITH_TIMEOUT(boundTransactions() >= 18, 5000);

    // The test client asks the lab's server; the answer and the rule come back to the form.
    TestClientView *client = window.testClient();
    window.tabs()->setCurrentWidget(window.diagnosisView()->parentWidget());
    client->findChild<QLineEdit *>(QStringLiteral("mac"))
        ->setText(QStringLiteral("02:7e:57:00:00:01"));
    auto *send = client->findChild<QPushButton *>(QStringLiteral("send"));
    QTRY_VERIFY(send->isEnabled()); // sim0 is listed once the serving state arrived
    send->click();
    auto *reply = client->findChild<QLabel *>(QStringLiteral("reply"));
    QTRY_VERIFY2_WITH_TIMEOUT(reply->text().startsWith(QLatin1String("OFFER of 198.18.0.")),
                              qPrintable(reply->text()), 10000);
    // The rule: the lab's server probes a free pool address before offering it.
    const QString verdict = client->findChild<QLabel *>(QStringLiteral("verdict"))->text();
    QVERIFY2(verdict.contains(QLatin1String("a free address")), qPrintable(verdict));
    auto *requestOffered = client->findChild<QPushButton *>(QStringLiteral("requestOffered"));
    QVERIFY(requestOffered->isEnabled());
    requestOffered->click();
    const auto testLease = [&window] {
        for (const Lease &l : window.leasesView()->leaseModel()->leases())
            if (l.hardwareAddress == QByteArray::fromHex("027e57000001")
                && l.state == LeaseState::Bound)
                return true;
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(testLease(), 10000);
    // "Why didn't this client get an address?" answers from the same exchanges: it did.
    window.diagnosisView()->explain(QByteArray::fromHex("027e57000001"));
    QVERIFY2(window.diagnosisView()->explanationText().contains(QLatin1String("198.18.0.")),
             qPrintable(window.diagnosisView()->explanationText()));

    // Issue 8: the engine's sampler feeds the Statistics tab (a sample every 10 s) with the
    // lab's scope, its bound machines counted. The wait covers two samples: under the
    // sanitizers the lab may not have 18 machines bound by the first one.
    StatisticsView *statistics = window.statisticsView();
    window.tabs()->setCurrentWidget(statistics);
    UtilizationTableModel *utilization = statistics->utilizationModel();
    QTRY_VERIFY_WITH_TIMEOUT(
        utilization->rowCount() == 1
            && utilization->index(0, UtilizationTableModel::BoundColumn).data().toInt() >= 18,
        30000);
    QCOMPARE(utilization->index(0, UtilizationTableModel::ScopeColumn).data().toString(),
             QStringLiteral("sim-lab"));
    QTRY_VERIFY_WITH_TIMEOUT(statistics->utilizationChart()->pointCount(0) >= 1, 5000);

    // The inspector shows the newest ACK of a whole exchange in the screenshot.
    for (int r = traffic->transactionModel()->rowCount() - 1; r >= 0; --r) {
        const Transaction &t = traffic->transactionModel()->transactionAt(r);
        if (t.outcome == Transaction::Outcome::Bound && t.steps.size() >= 4) {
            traffic->selectTransaction(t.id);
            QVERIFY(traffic->selectSerial(t.steps.last().serial));
            break;
        }
    }

    const QString dir = QCoreApplication::applicationDirPath();
    for (int i = 0; i < window.tabs()->count(); ++i) {
        window.tabs()->setCurrentIndex(i);
        QString name = window.tabs()->tabText(i).section(QLatin1Char(' '), 0, 0).toLower();
        const QString path = dir + QStringLiteral("/console-%1.png").arg(name);
        QTest::qWait(100); // one paint of the newly shown tab
        QVERIFY2(window.grab().save(path), qPrintable(path));
        qInfo("screenshot: %s", qPrintable(path));
    }
}

QTEST_MAIN(TestConsoleLab)
#include "tst_consolelab.moc"
