// The console's workflows across its parts, as an admin goes through them: the first start
// proposes a scope and serves it; a lease becomes a reservation; Edit ▸ Undo takes it back;
// a click on the address map finds the lease; Start/Stop and the engine's answer to Apply.
// (The packet rate is PacketRateMeter's, tested with its own clock in tst_configurationfiles,
// and seen live in tst_consolelab.)
// The window is fed plain values, as the engine would, and what it asks for is checked on
// its signals.
#include "widgets/addressmapview.h"
#include "widgets/configurationdocument.h"
#include "widgets/leasesview.h"
#include "widgets/leasetablemodel.h"
#include "widgets/mainwindow.h"
#include "widgets/newscopedialog.h"
#include "widgets/reservationmodel.h"
#include "widgets/reservationsview.h"
#include "widgets/scopeeditor.h"
#include "widgets/servercontrolview.h"

#include <QAction>
#include <QApplication>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>

using namespace leasedesk;

class TestConsole : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void firstStartProposesAScopeAndServesIt();
    void noFirstStartFlowWithScopesOrInTheLab();
    void leaseBecomesAReservationAndUndoTakesItBack();
    void applyBarSendsTheEditedConfiguration();
    void mapClickSelectsTheLeaseOrTheReservation();
    void startStopFollowsTheEngine();
    void refusedApplyIsExplained();
    void renamingAScopeKeepsItOnShow();
    void scopesWithTheSameNameCanEachBeOpened();
    void reservingAnOldLeaseFindsItsScopeByAddress();
    void removedLeasesRefreshTheConflicts();
    void stoppedByTheAdminIsNoProblemBanner();
};

namespace {

Ipv4Address addr(const char *text)
{
    return *Ipv4Address::fromString(text);
}

EngineStatus realStatus()
{
    EngineStatus s;
    s.databaseFile = QStringLiteral("/tmp/leasedesk-test.sqlite");
    s.serving = true;
    return s;
}

ServingState servingOn(bool serving)
{
    ServingState state;
    state.serving = serving;
    state.canServe = true;
    NetworkInterfaceInfo lab;
    lab.name = QStringLiteral("lab0");
    lab.mac = *parseMac(QStringLiteral("02:00:5e:10:00:01"));
    lab.address = addr("198.18.5.1");
    lab.prefixLength = 24;
    lab.up = true;
    NetworkInterfaceInfo lo;
    lo.name = QStringLiteral("lo");
    lo.address = addr("127.0.0.1");
    lo.prefixLength = 8;
    lo.up = true;
    lo.loopback = true;
    state.available = {lab, lo};
    return state;
}

Configuration labConfiguration()
{
    Configuration c;
    c.revision = 3;
    Scope lab;
    lab.name = QStringLiteral("lab");
    lab.network = addr("198.18.0.0");
    lab.prefixLength = 24;
    lab.ranges = {{addr("198.18.0.100"), addr("198.18.0.199")}};
    lab.router = addr("198.18.0.1");
    Reservation printer;
    printer.ip = addr("198.18.0.20");
    printer.macs = {*parseMac(QStringLiteral("02:00:00:00:00:20"))};
    printer.hostname = QStringLiteral("printer");
    lab.reservations = {printer};
    c.scopes = {lab};
    return c;
}

Lease boundLease()
{
    Lease l;
    l.address = addr("198.18.0.120");
    l.hardwareAddress = *parseMac(QStringLiteral("3c:22:fb:00:00:42"));
    l.hostname = QStringLiteral("scanner");
    l.scope = QStringLiteral("lab");
    l.state = LeaseState::Bound;
    l.start = QDateTime::currentSecsSinceEpoch() - 60;
    l.end = l.start + 3600;
    return l;
}

NewScopeDialog *waitForDialog(MainWindow &w)
{
    NewScopeDialog *dialog = nullptr;
    const bool shown = QTest::qWaitFor([&] {
        dialog = w.findChild<NewScopeDialog *>(QStringLiteral("newScopeDialog"));
        return dialog && dialog->isVisible();
    });
    return shown ? dialog : nullptr;
}

} // namespace

void TestConsole::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LeaseDeskTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_console"));
}

void TestConsole::init()
{
    QSettings().clear(); // no remembered layout between cases
}

void TestConsole::firstStartProposesAScopeAndServesIt()
{
    MainWindow w;
    QSignalSpy applied(&w, &MainWindow::applyRequested);
    w.show();
    w.showEngineStatus(realStatus());
    w.showConfiguration({});
    w.showLeases({});
    w.showServingState(servingOn(true));

    NewScopeDialog *dialog = waitForDialog(w);
    QVERIFY2(dialog, "the first start with no scope offers the guided flow");
    // One usable interface (loopback is not one): its proposal is filled in at once.
    QCOMPARE(dialog->interfaceList()->topLevelItemCount(), 1);
    QCOMPARE(dialog->edit(NewScopeDialog::Subnet)->text(), QStringLiteral("198.18.5.0/24"));
    QCOMPARE(dialog->edit(NewScopeDialog::Router)->text(), QStringLiteral("198.18.5.1"));
    QVERIFY(dialog->createButton()->isEnabled());
    QTest::mouseClick(dialog->createButton(), Qt::LeftButton);

    QCOMPARE(applied.size(), 1); // created from a checked proposal: served at once
    const auto config = applied.at(0).at(0).value<Configuration>();
    QCOMPARE(config.scopes.size(), 1);
    QCOMPARE(config.scopes.at(0).network, addr("198.18.5.0"));
    QVERIFY(!config.scopes.at(0).ranges.isEmpty());
    QVERIFY(!config.scopes.at(0).ranges.at(0).contains(addr("198.18.5.1")));
    QCOMPARE(w.selectedScope(), config.scopes.at(0).name);

    // The offer is made once: a later state from the engine does not open it again.
    w.showServingState(servingOn(true));
    QTest::qWait(50);
    const auto dialogs = w.findChildren<NewScopeDialog *>();
    QVERIFY(std::none_of(dialogs.begin(), dialogs.end(),
                         [](NewScopeDialog *d) { return d->isVisible(); }));
}

void TestConsole::noFirstStartFlowWithScopesOrInTheLab()
{
    {
        MainWindow w;
        w.show();
        w.showEngineStatus(realStatus());
        w.showConfiguration(labConfiguration());
        w.showServingState(servingOn(true));
        QTest::qWait(50);
        QVERIFY(!w.findChild<NewScopeDialog *>());
    }
    MainWindow lab;
    lab.show();
    EngineStatus simulated = realStatus();
    simulated.simulated = true;
    lab.showEngineStatus(simulated);
    lab.showConfiguration({});
    lab.showServingState(servingOn(true));
    QTest::qWait(50);
    QVERIFY(!lab.findChild<NewScopeDialog *>());
}

void TestConsole::leaseBecomesAReservationAndUndoTakesItBack()
{
    MainWindow w;
    w.show();
    w.showEngineStatus(realStatus());
    w.showConfiguration(labConfiguration());
    w.showLeases({boundLease()});
    QVERIFY(w.leasesView()->selectAddress(addr("198.18.0.120")));
    QVERIFY(w.leasesView()->reserveAction()->isEnabled());
    w.leasesView()->reserveAction()->trigger();

    QCOMPARE(w.tabs()->currentWidget(), w.reservationsView());
    const QList<Reservation> reservations = w.document()->configuration().scopes.at(0).reservations;
    QCOMPARE(reservations.size(), 2);
    QCOMPARE(reservations.at(1).ip, addr("198.18.0.120"));
    QCOMPARE(reservations.at(1).macs, QList<QByteArray>{boundLease().hardwareAddress});
    QCOMPARE(reservations.at(1).hostname, QStringLiteral("scanner"));
    QVERIFY(w.document()->isModified());
    auto *changes = w.findChild<QLabel *>(QStringLiteral("changes"));
    QVERIFY(changes && changes->text().contains(QLatin1String("1 unapplied change")));

    // Edit ▸ Undo names what it undoes, and takes the reservation back.
    auto *undo = w.findChild<QAction *>(QStringLiteral("undoAction"));
    QVERIFY(undo->isEnabled());
    QVERIFY2(undo->text().contains(QLatin1String("198.18.0.120")), qPrintable(undo->text()));
    undo->trigger();
    QCOMPARE(w.document()->configuration().scopes.at(0).reservations.size(), 1);
    QVERIFY(!w.document()->isModified());
    QCOMPARE(w.reservationsView()->model()->rowCount(), 1);
    w.findChild<QAction *>(QStringLiteral("redoAction"))->trigger();
    QCOMPARE(w.reservationsView()->model()->rowCount(), 2);
}

void TestConsole::applyBarSendsTheEditedConfiguration()
{
    MainWindow w;
    QSignalSpy applied(&w, &MainWindow::applyRequested);
    w.show();
    w.showEngineStatus(realStatus());
    w.showConfiguration(labConfiguration());
    auto *apply = w.findChild<QPushButton *>(QStringLiteral("apply"));
    QVERIFY(!apply->isEnabled()); // nothing to apply

    Scope lab = w.document()->configuration().scopes.at(0);
    lab.leaseTime = 600;
    w.document()->setScope(0, lab, QStringLiteral("Change lease time of lab"));
    QVERIFY(apply->isEnabled());
    QTest::mouseClick(apply, Qt::LeftButton);
    QCOMPARE(applied.size(), 1);
    QCOMPARE(applied.at(0).at(0).value<Configuration>().scopes.at(0).leaseTime, 600u);
    // Edit ▸ Apply changes (Ctrl+S) does the same.
    auto *applyAction = w.findChild<QAction *>(QStringLiteral("applyAction"));
    QVERIFY(applyAction->isEnabled());
    QCOMPARE(applyAction->shortcut(), QKeySequence(QKeySequence::Save));
    applyAction->trigger();
    QCOMPARE(applied.size(), 2);

    // The engine runs it now: nothing is pending, and the undo history stays.
    Configuration running = applied.at(0).at(0).value<Configuration>();
    running.revision = 4;
    w.showConfiguration(running);
    QVERIFY(!w.document()->isModified());
    QVERIFY(!apply->isEnabled());
    QVERIFY(!applyAction->isEnabled());
    QVERIFY(w.document()->undoStack()->canUndo());

    // An edit with an error cannot be applied: the router outside the subnet.
    lab.router = addr("198.18.9.1");
    w.document()->setScope(0, lab, QStringLiteral("Change router of lab"));
    QVERIFY(w.document()->isModified());
    QVERIFY(!apply->isEnabled());
    QVERIFY(!applyAction->isEnabled());
}

void TestConsole::mapClickSelectsTheLeaseOrTheReservation()
{
    MainWindow w;
    w.show();
    w.showEngineStatus(realStatus());
    w.showConfiguration(labConfiguration());
    w.showLeases({boundLease()});
    auto *map = w.findChild<AddressMapView *>(QStringLiteral("addressMap"));
    w.tabs()->setCurrentIndex(1);

    emit map->addressClicked(addr("198.18.0.120"));
    QCOMPARE(w.tabs()->currentWidget(), w.leasesView());
    const QModelIndexList rows = w.leasesView()->table()->selectionModel()->selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.at(0).data().toString(), QStringLiteral("198.18.0.120"));

    emit map->addressClicked(addr("198.18.0.20")); // reserved, no lease
    QCOMPARE(w.tabs()->currentWidget(), w.reservationsView());
    const QModelIndexList reserved =
        w.reservationsView()->table()->selectionModel()->selectedRows();
    QCOMPARE(reserved.size(), 1);
}

void TestConsole::startStopFollowsTheEngine()
{
    MainWindow w;
    QSignalSpy serve(&w, &MainWindow::servingRequested);
    w.show();
    w.showEngineStatus(realStatus());
    w.showConfiguration(labConfiguration());
    auto *action = w.findChild<QAction *>(QStringLiteral("startStopAction"));
    QVERIFY(!action->isEnabled()); // until the engine says what it can do

    w.showServingState(servingOn(true));
    QVERIFY(action->isEnabled());
    QCOMPARE(action->text(), QStringLiteral("Stop serving"));
    action->trigger();
    QCOMPARE(serve.size(), 1);
    QCOMPARE(serve.at(0).at(0).toBool(), false);

    w.showServingState(servingOn(false)); // the engine's answer
    QCOMPARE(action->text(), QStringLiteral("Start serving"));
    QCOMPARE(w.findChild<QLabel *>(QStringLiteral("servingStatus"))->text(),
             ServerControlView::stateText(servingOn(false)));
    action->trigger();
    QCOMPARE(serve.at(1).at(0).toBool(), true);

    ServingState noRights = servingOn(false);
    noRights.canServe = false;
    w.showServingState(noRights);
    QVERIFY(!action->isEnabled());
}

void TestConsole::refusedApplyIsExplained()
{
    MainWindow w;
    w.show();
    w.showEngineStatus(realStatus());
    w.showConfiguration(labConfiguration());
    w.showConfigurationSaved(5, {});
    QVERIFY(w.statusBar()->currentMessage().contains(QLatin1String("revision 5 applied")));
    // A refusal is a message box the admin has to read; the timer fires inside its exec().
    QTimer::singleShot(0, &w, [] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        QVERIFY(box);
        QVERIFY(box->text().contains(QLatin1String("refused")));
        QVERIFY(box->text().contains(QLatin1String("cannot write")));
        box->accept();
    });
    w.showConfigurationSaved(0, {QStringLiteral("cannot write to the database: disk full")});
}

namespace {

Configuration twoScopes(const QString &secondName)
{
    Configuration c = labConfiguration();
    Scope office = c.scopes.at(0);
    office.name = secondName;
    office.network = addr("198.18.1.0");
    office.ranges = {{addr("198.18.1.100"), addr("198.18.1.199")}};
    office.router = addr("198.18.1.1");
    office.reservations.clear();
    c.scopes.append(office);
    return c;
}

} // namespace

void TestConsole::renamingAScopeKeepsItOnShow()
{
    MainWindow w;
    w.show();
    w.showEngineStatus(realStatus());
    w.showConfiguration(twoScopes(QStringLiteral("lab2")));
    w.selectScope(QStringLiteral("lab2"));
    Scope renamed = w.document()->configuration().scopes.at(1);
    renamed.name = QStringLiteral("office");
    w.document()->setScope(1, renamed, QStringLiteral("Change name of lab2"));
    QCOMPARE(w.selectedScope(), QStringLiteral("office"));
    QCOMPARE(w.scopeEditor()->scopeIndex(), 1);
    w.document()->undoStack()->undo();
    QCOMPARE(w.selectedScope(), QStringLiteral("lab2"));
    QCOMPARE(w.scopeEditor()->scopeIndex(), 1);
}

void TestConsole::scopesWithTheSameNameCanEachBeOpened()
{
    MainWindow w;
    w.show();
    w.showEngineStatus(realStatus());
    w.showConfiguration({});
    // An imported file may name two scopes alike; the validator says so, and the admin must
    // be able to open the second to fix it.
    w.document()->replaceConfiguration(twoScopes(QStringLiteral("lab")), QStringLiteral("Import"));
    auto *list = w.findChild<QTreeView *>(QStringLiteral("scopeList"));
    list->setCurrentIndex(list->model()->index(1, 0));
    QCOMPARE(w.scopeEditor()->scopeIndex(), 1);
    QCOMPARE(list->currentIndex().row(), 1);
}

void TestConsole::reservingAnOldLeaseFindsItsScopeByAddress()
{
    MainWindow w;
    w.show();
    w.showEngineStatus(realStatus());
    w.showConfiguration(twoScopes(QStringLiteral("office")));
    w.selectScope(QStringLiteral("lab"));
    Lease old = boundLease();
    old.address = addr("198.18.1.150");
    old.scope = QStringLiteral("bench"); // the scope's name before it was renamed office
    w.showLeases({old});
    QVERIFY(w.leasesView()->selectAddress(old.address));
    w.leasesView()->reserveAction()->trigger();
    QCOMPARE(w.selectedScope(), QStringLiteral("office"));
    QCOMPARE(w.document()->configuration().scopes.at(1).reservations.size(), 1);
    QCOMPARE(w.document()->configuration().scopes.at(1).reservations.at(0).ip, old.address);

    Lease stray = boundLease();
    stray.address = addr("198.18.7.7"); // in no scope at all
    stray.scope.clear();
    w.showLeases({stray});
    QVERIFY(w.leasesView()->selectAddress(stray.address));
    w.leasesView()->reserveAction()->trigger();
    QVERIFY(w.statusBar()->currentMessage().contains(QLatin1String("lies in no scope")));
    QCOMPARE(w.document()->configuration().scopes.at(0).reservations.size(), 1); // unchanged
}

void TestConsole::removedLeasesRefreshTheConflicts()
{
    MainWindow w;
    QSignalSpy wanted(&w, &MainWindow::networkStateWanted);
    w.showConfiguration(labConfiguration());
    Lease conflict = boundLease();
    conflict.state = LeaseState::Conflict;
    w.showLeases({conflict});
    w.removeLeases({conflict.address});
    QCOMPARE(w.leasesView()->leaseModel()->rowCount(), 0);
    QCOMPARE(wanted.size(), 1); // the quarantine list is asked for again
}

void TestConsole::stoppedByTheAdminIsNoProblemBanner()
{
    MainWindow w;
    w.show();
    w.showEngineStatus(realStatus());
    w.showServingState(servingOn(false));
    auto *banner = w.findChild<QLabel *>(QStringLiteral("privilegeBanner"));
    QVERIFY(!banner->isVisible());
    EngineStatus noRights = realStatus();
    noRights.serving = false;
    noRights.problems = {QStringLiteral("port 67 is in use by dnsmasq (pid 812)")};
    w.showEngineStatus(noRights);
    QVERIFY(banner->isVisible());
    QVERIFY(banner->text().contains(QLatin1String("dnsmasq")));
}

QTEST_MAIN(TestConsole)
#include "tst_console.moc"
