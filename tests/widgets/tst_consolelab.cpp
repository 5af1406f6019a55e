// The console over a running simulated lab, wired as the application wires it: the real
// engine in its thread serves virtual clients, and the window shows them as an admin would
// see them. Saves a screenshot of every tab under the build tree (console-<tab>.png) for
// people to look at; the assertions are what must be visible in them.
#include "engine/enginecontroller.h"
#include "widgets/consoleconnection.h"
#include "widgets/leasesview.h"
#include "widgets/leasetablemodel.h"
#include "widgets/mainwindow.h"
#include "widgets/scopelistmodel.h"

#include <QCoreApplication>
#include <QLabel>
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
    window.resize(1100, 720);
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
