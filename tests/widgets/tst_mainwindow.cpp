// The console's frame as an admin sees it: scopes with their utilisation, the lease search,
// live batches, the conflicts and other-servers tabs with their actions, the events list,
// remembered geometry, and screenshots of every tab.
#include "widgets/addressmapview.h"
#include "widgets/leasefiltermodel.h"
#include "widgets/leasesview.h"
#include "widgets/leasetablemodel.h"
#include "widgets/mainwindow.h"
#include "widgets/rogueservermodel.h"
#include "widgets/scopelistmodel.h"

#include <QAbstractItemModelTester>
#include <QCoreApplication>
#include <QDateTime>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace leasedesk;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void scopeListShowsUtilisation();
    void scopeModelPassesTheTester();
    void selectingAScopeDrivesTheAddressMap();
    void filterNarrowsTheLeases();
    void batchUpdatesARowWithoutReset();
    void reclaimAsksForTheSelectedAddress();
    void checkNowAsksForARogueCheck();
    void missingRightsShowTheCommandThatGrantsThem();
    void eventsAreNewestFirstAndAskForNetworkState();
    void shortcutsAndGeometryAreRemembered();
    void screenshots();
};

namespace {

const qint64 Now = QDateTime::currentSecsSinceEpoch();

Ipv4Address addr(const char *text)
{
    return *Ipv4Address::fromString(text);
}

Ipv4Address addr(quint32 base, int offset)
{
    return Ipv4Address(base + quint32(offset));
}

// Vendor-looking MACs whose last three octets differ for every client.
QByteArray mac(int n)
{
    const char bytes[] = {
        char(0x3c), char(0x22), char(0xfb), char((n * 37) & 0xff), char((n * 91 + 7) & 0xff),
        char(n)};
    return QByteArray(bytes, 6);
}

Configuration configuration()
{
    Configuration c;
    c.revision = 7;
    Scope lab;
    lab.name = QStringLiteral("lab");
    lab.network = addr("198.18.0.0");
    lab.prefixLength = 24;
    lab.ranges = {{addr("198.18.0.100"), addr("198.18.0.199")}};
    lab.exclusions = {{addr("198.18.0.150"), addr("198.18.0.159")}}; // 90 dynamic
    lab.router = addr("198.18.0.1");
    lab.dns = {addr("198.18.0.1")};
    Reservation r;
    r.ip = addr("198.18.0.10");
    r.macs = {mac(99)};
    r.hostname = QStringLiteral("core-switch");
    lab.reservations = {r};
    Scope guests;
    guests.name = QStringLiteral("guests");
    guests.network = addr("198.18.1.0");
    guests.prefixLength = 24;
    guests.ranges = {{addr("198.18.1.20"), addr("198.18.1.69")}}; // 50 dynamic
    guests.leaseTime = 1800;
    guests.enabled = false;
    c.scopes = {lab, guests};
    return c;
}

// A tab's title, found by how it starts: counts are appended, and tabs move as the console
// grows.
QString tabTitle(const MainWindow &w, const char *start)
{
    for (int i = 0; i < w.tabs()->count(); ++i)
        if (w.tabs()->tabText(i).startsWith(QLatin1String(start)))
            return w.tabs()->tabText(i);
    return {};
}

const QStringList Hosts = {
    QStringLiteral("ws-anna"),    QStringLiteral("ws-bruno"),  QStringLiteral("nas-01"),
    QStringLiteral("printer-2f"), QStringLiteral("cam-lobby"), QStringLiteral("pixel-7"),
    QStringLiteral(""),           QStringLiteral("build-03"),  QStringLiteral("ipad-ops"),
    QStringLiteral("thermostat"), QStringLiteral("ws-chen"),   QStringLiteral("lab-pi4"),
};

Lease lease(Ipv4Address a, LeaseState state, int client, const QString &scope)
{
    Lease l;
    l.address = a;
    l.state = state;
    l.hardwareAddress = mac(client);
    l.hostname = Hosts[client % Hosts.size()];
    l.scope = scope;
    l.start = Now - 600 - client * 60;
    l.end = state == LeaseState::Offered ? Now + 40 : Now + 3000 - client * 90;
    return l;
}

// 30 leases in lab (24 offered or bound), 10 in guests (8), and 2 quarantined in lab.
QList<Lease> leases()
{
    QList<Lease> out;
    const quint32 lab = addr("198.18.0.100").toUint32();
    for (int i = 0; i < 30; ++i) {
        static const LeaseState states[] = {
            LeaseState::Bound, LeaseState::Bound,  LeaseState::Bound,   LeaseState::Bound,
            LeaseState::Bound, LeaseState::Bound,  LeaseState::Offered, LeaseState::Released,
            LeaseState::Bound, LeaseState::Expired};
        out << lease(addr(lab, i), states[i % 10], i, QStringLiteral("lab"));
    }
    const quint32 guests = addr("198.18.1.20").toUint32();
    for (int i = 0; i < 10; ++i)
        out << lease(addr(guests, i), i % 5 == 4 ? LeaseState::Expired : LeaseState::Bound, 40 + i,
                     QStringLiteral("guests"));
    return out;
}

QList<Lease> quarantine()
{
    Lease declined = lease(addr("198.18.0.131"), LeaseState::Declined, 60, QStringLiteral("lab"));
    declined.detail = QStringLiteral("declined by %1: the address is in use on the network")
                          .arg(formatMac(mac(60)));
    Lease conflict = lease(addr("198.18.0.130"), LeaseState::Conflict, 61, QStringLiteral("lab"));
    conflict.detail =
        QStringLiteral("is in use by %1 (answered ICMP echo)").arg(formatMac(mac(61)));
    conflict.hostname.clear();
    return {declined, conflict};
}

QList<RogueServer> servers()
{
    RogueServer known;
    known.timeMs = (Now - 120) * 1000;
    known.interfaceName = QStringLiteral("br0");
    known.serverId = known.sourceIp = addr("198.18.0.2");
    known.sourceMac = *parseMac(QStringLiteral("02:00:00:00:00:02"));
    known.messageType = 2; // OFFER
    known.offered = addr("198.18.0.120");
    known.router = addr("198.18.0.1");
    known.dns = {known.router};
    known.leaseTime = 3600;
    known.responseMs = 4;
    known.allowed = true;
    RogueServer rogue = known;
    rogue.serverId = rogue.sourceIp = addr("198.18.0.66");
    rogue.sourceMac = *parseMac(QStringLiteral("f4:f2:6d:11:22:33"));
    rogue.offered = addr("198.18.0.180");
    rogue.router = addr("198.18.0.66");
    rogue.dns = {addr("8.8.8.8"), addr("198.18.0.66")};
    rogue.leaseTime = 86400;
    rogue.responseMs = 12;
    rogue.allowed = false;
    return {known, rogue};
}

NetworkEvent networkEvent(NetworkEvent::Kind kind, NetworkEvent::Severity severity, int secondsAgo,
                          const QString &text)
{
    NetworkEvent e;
    e.kind = kind;
    e.severity = severity;
    e.timeMs = (Now - secondsAgo) * 1000;
    e.interfaceName = QStringLiteral("br0");
    e.text = text;
    return e;
}

void feed(MainWindow &w)
{
    w.showEngineStatus({QStringLiteral("/var/lib/leasedesk/leasedesk.sqlite"), 7, 2, 42, true, {}});
    w.leasesView()->leaseModel()->setNow(Now);
    w.showLeases(leases() + quarantine());
    w.showConfiguration(configuration());
    w.showNetworkState(quarantine(), servers());
    using K = NetworkEvent::Kind;
    using S = NetworkEvent::Severity;
    w.showNetworkEvent(
        networkEvent(K::SelfCheck, S::Info, 900,
                     QStringLiteral("198.18.0.1/24 serves scope lab; port 67 is ours")));
    w.showNetworkEvent(networkEvent(K::KnownServer, S::Info, 600, servers()[0].describe()));
    w.showNetworkEvent(
        networkEvent(K::Conflict, S::Warning, 300,
                     QStringLiteral("198.18.0.130 is in use by %1 (answered ICMP echo)")
                         .arg(formatMac(mac(61)))));
    w.showNetworkEvent(networkEvent(K::RogueServer, S::Critical, 120, servers()[1].describe()));
}

template<typename T> T *child(QObject &parent, const char *name)
{
    auto *c = parent.findChild<T *>(QLatin1String(name));
    if (!c)
        qFatal("no child %s", name);
    return c;
}

QString cell(const QAbstractItemModel *m, int row, int column)
{
    return m->index(row, column).data().toString();
}

} // namespace

void TestMainWindow::initTestCase()
{
    // Remembered geometry goes to a throw-away location, not the developer's settings.
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("LeaseDeskTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
}

void TestMainWindow::init()
{
    QSettings().clear();
}

void TestMainWindow::scopeListShowsUtilisation()
{
    MainWindow w;
    feed(w);
    auto *list = child<QTreeView>(w, "scopeList");
    const QAbstractItemModel *m = list->model();
    QCOMPARE(m->rowCount(), 2);
    QCOMPARE(cell(m, 0, ScopeListModel::Name), QStringLiteral("lab"));
    QCOMPARE(cell(m, 0, ScopeListModel::Subnet), QStringLiteral("198.18.0.0/24"));
    QCOMPARE(cell(m, 0, ScopeListModel::Utilisation), QStringLiteral("27 %")); // 24 of 90
    QCOMPARE(cell(m, 0, ScopeListModel::State), QStringLiteral("enabled"));
    QCOMPARE(cell(m, 1, ScopeListModel::Utilisation), QStringLiteral("16 %")); // 8 of 50
    QCOMPARE(cell(m, 1, ScopeListModel::State), QStringLiteral("disabled"));
    QCOMPARE(w.scopeModel()->usageAt(0), (ScopeListModel::Usage{24, 90}));
    QVERIFY(m->index(0, ScopeListModel::Utilisation)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("24 of 90")));
    QCOMPARE(child<QLabel>(w, "leaseCounts")->text(), QStringLiteral("29 bound of 42 leases"));
}

void TestMainWindow::scopeModelPassesTheTester()
{
    ScopeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setScopes(configuration().scopes);
    model.setLeases(leases());
    model.setLeases({});
    QCOMPARE(model.usageAt(0).inUse, 0u);
    model.setScopes({});
    QCOMPARE(model.rowCount(), 0);

    // Exclusions that overlap are subtracted once; network and broadcast never count.
    Scope s = configuration().scopes[0];
    s.ranges = {{addr("198.18.0.0"), addr("198.18.0.255")}};
    s.exclusions = {{addr("198.18.0.10"), addr("198.18.0.19")},
                    {addr("198.18.0.15"), addr("198.18.0.24")}};
    QCOMPARE(ScopeListModel::dynamicSize(s), 254u - 15u);
    QVERIFY(!ScopeListModel::isDynamic(s, addr("198.18.0.20")));
    QVERIFY(!ScopeListModel::isDynamic(s, addr("198.18.0.255")));
    QVERIFY(ScopeListModel::isDynamic(s, addr("198.18.0.25")));
}

void TestMainWindow::selectingAScopeDrivesTheAddressMap()
{
    MainWindow w;
    feed(w);
    auto *map = child<AddressMapView>(w, "addressMap");
    QCOMPARE(w.selectedScope(), QStringLiteral("lab")); // the first, without asking
    QCOMPARE(map->data().scopeName, QStringLiteral("lab"));
    QCOMPARE(map->data().stateOf(addr("198.18.0.130")), AddressMapData::State::Conflict);

    auto *list = child<QTreeView>(w, "scopeList");
    list->setCurrentIndex(list->model()->index(1, 0));
    QCOMPARE(map->data().scopeName, QStringLiteral("guests"));
    QCOMPARE(map->data().stateOf(addr("198.18.1.20")), AddressMapData::State::Bound);

    // A new configuration keeps the scope the admin was looking at.
    w.showConfiguration(configuration());
    QCOMPARE(w.selectedScope(), QStringLiteral("guests"));
    // A lease change shows on the map at once.
    Lease l = leases()[31]; // 198.18.1.21, bound
    l.state = LeaseState::Released;
    w.applyLeaseChanges({l});
    QCOMPARE(map->data().stateOf(addr("198.18.1.21")), AddressMapData::State::Free);
}

void TestMainWindow::filterNarrowsTheLeases()
{
    MainWindow w;
    feed(w);
    auto *filter = child<QLineEdit>(w, "leaseFilter");
    QCOMPARE(filter->placeholderText(), QStringLiteral("Filter by IP, MAC, hostname, state"));
    const QAbstractItemModel *table = child<QTableView>(w, "leaseTable")->model();
    QCOMPARE(table->rowCount(), 42);

    const QString macTail = formatMac(mac(17)).right(8); // the last three octets
    filter->setText(macTail);
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(cell(table, 0, LeaseTableModel::Address), QStringLiteral("198.18.0.117"));
    QCOMPARE(child<QLabel>(w, "leaseCount")->text(), QStringLiteral("1 of 42 leases"));

    filter->setText(QStringLiteral("198.18.1."));
    QCOMPARE(table->rowCount(), 10);
    filter->setText(QStringLiteral("printer"));
    QCOMPARE(table->rowCount(), 3); // clients 3, 15 and 27 share the name
    filter->clear();
    QCOMPARE(table->rowCount(), 42);
    QCOMPARE(child<QLabel>(w, "leaseCount")->text(), QStringLiteral("42 leases"));
}

void TestMainWindow::batchUpdatesARowWithoutReset()
{
    MainWindow w;
    feed(w);
    auto *table = child<QTableView>(w, "leaseTable");
    LeaseTableModel *model = w.leasesView()->leaseModel();
    QSignalSpy resets(model, &QAbstractItemModel::modelReset);
    QSignalSpy proxyResets(table->model(), &QAbstractItemModel::modelReset);
    table->selectRow(7);
    const QModelIndex selected = table->selectionModel()->currentIndex();

    Lease renewed = leases()[7]; // 198.18.0.107, released
    renewed.state = LeaseState::Bound;
    renewed.hostname = QStringLiteral("ws-renamed");
    Lease reused = quarantine()[1]; // 198.18.0.130 left quarantine and went to a client
    reused.state = LeaseState::Bound;
    w.applyLeaseChanges({renewed, reused});

    QCOMPARE(resets.size(), 0);
    QCOMPARE(proxyResets.size(), 0);
    QCOMPARE(table->model()->rowCount(), 42);
    const int row = model->rowOf(addr("198.18.0.107"));
    QCOMPARE(model->index(row, LeaseTableModel::Hostname).data().toString(),
             QStringLiteral("ws-renamed"));
    QCOMPARE(table->selectionModel()->currentIndex(), selected); // the view kept its place
    QCOMPARE(w.scopeModel()->usageAt(0).inUse, 26u);
    QCOMPARE(child<QTableView>(w, "conflictTable")->model()->rowCount(), 1);
    QCOMPARE(tabTitle(w, "Conflicts"), QStringLiteral("Conflicts (1)"));
}

void TestMainWindow::reclaimAsksForTheSelectedAddress()
{
    MainWindow w;
    feed(w);
    QSignalSpy asked(&w, &MainWindow::reclaimRequested);
    auto *reclaim = child<QPushButton>(w, "reclaimButton");
    auto *table = child<QTableView>(w, "conflictTable");
    QCOMPARE(table->model()->rowCount(), 2);
    QCOMPARE(tabTitle(w, "Conflicts"), QStringLiteral("Conflicts (2)"));
    QVERIFY(!reclaim->isEnabled()); // nothing selected yet
    table->selectRow(1); // sorted by address: .130 then .131
    QVERIFY(reclaim->isEnabled());
    QTest::mouseClick(reclaim, Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked[0][0].value<Ipv4Address>(), addr("198.18.0.131"));

    w.showNetworkState({}, servers());
    QVERIFY(!reclaim->isEnabled());
    QCOMPARE(tabTitle(w, "Conflicts"), QStringLiteral("Conflicts"));
}

void TestMainWindow::checkNowAsksForARogueCheck()
{
    MainWindow w;
    feed(w);
    QSignalSpy asked(&w, &MainWindow::rogueCheckRequested);
    QTest::mouseClick(child<QPushButton>(w, "checkNowButton"), Qt::LeftButton);
    QCOMPARE(asked.size(), 1);
    const QAbstractItemModel *table = child<QTableView>(w, "rogueTable")->model();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(tabTitle(w, "Other DHCP servers"),
             QStringLiteral("Other DHCP servers (1)")); // one allowed
    // What we give on that segment, beside what the other server gives.
    QVERIFY(cell(table, 0, RogueServerModel::Ours).contains(QStringLiteral("router 198.18.0.1")));
}

void TestMainWindow::missingRightsShowTheCommandThatGrantsThem()
{
    MainWindow w;
    w.show();
    auto *banner = child<QLabel>(w, "privilegeBanner");
    const QString problem = QStringLiteral(
        "cannot bind UDP port 67: permission denied, so no DHCP request can be received. Run as "
        "root, or grant the capabilities: sudo setcap cap_net_bind_service,cap_net_raw+ep "
        "/usr/bin/leasedesk");
    w.showEngineStatus({QStringLiteral("/tmp/lab.sqlite"), 3, 1, 10, false, {problem}});
    QVERIFY(banner->isVisible());
    QCOMPARE(banner->text(),
             QStringLiteral("LeaseDesk is not serving DHCP; configuration and leases can still "
                            "be edited.\n• cannot bind UDP port 67: permission denied, so no DHCP "
                            "request can be received.\nGrant the two network rights once (the "
                            "window never needs to run as root):\n    sudo setcap "
                            "cap_net_bind_service,cap_net_raw+ep /usr/bin/leasedesk"));
    QCOMPARE(banner->textFormat(), Qt::PlainText);
    // Serving, or running the simulated lab: no banner.
    w.showEngineStatus({QStringLiteral("/tmp/lab.sqlite"), 3, 1, 10, true, {}});
    QVERIFY(!banner->isVisible());
    w.showEngineStatus({QStringLiteral("simulated lab"), 1, 1, 0, true, {}, true});
    QVERIFY(!banner->isVisible());
    QCOMPARE(child<QLabel>(w, "servingStatus")->text(),
             QStringLiteral("Simulated lab: no network is touched"));
}

void TestMainWindow::eventsAreNewestFirstAndAskForNetworkState()
{
    MainWindow w;
    QSignalSpy wanted(&w, &MainWindow::networkStateWanted);
    feed(w);
    QCOMPARE(wanted.size(), 2); // the conflict and the rogue server, not the info events
    auto *events = child<QListWidget>(w, "events");
    QCOMPARE(events->count(), 4);
    QVERIFY(events->item(0)->text().contains(QStringLiteral("rogue DHCP server: 198.18.0.66")));
    QVERIFY(events->item(3)->text().contains(QStringLiteral("self-check br0")));
    QCOMPARE(events->item(0)->data(Qt::UserRole).toInt(), int(NetworkEvent::Severity::Critical));

    // Client text stays text: markup is neither rendered nor dropped.
    w.showNetworkEvent(networkEvent(NetworkEvent::Kind::SelfCheck, NetworkEvent::Severity::Info, 0,
                                    QStringLiteral("<b>host</b>")));
    QVERIFY(events->item(0)->text().endsWith(QStringLiteral("<b>host</b>")));
    for (int i = 0; i < MainWindow::MaxEvents; ++i)
        w.showNetworkEvent(networkEvent(NetworkEvent::Kind::SelfCheck, NetworkEvent::Severity::Info,
                                        0, QString::number(i)));
    QCOMPARE(events->count(), MainWindow::MaxEvents);
}

void TestMainWindow::shortcutsAndGeometryAreRemembered()
{
    {
        MainWindow w;
        feed(w);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        w.tabs()->setCurrentIndex(4);
        QTest::keySequence(&w, QKeySequence(QStringLiteral("Ctrl+F")));
        QCOMPARE(w.tabs()->currentIndex(), 0);
        QVERIFY(child<QLineEdit>(w, "leaseFilter")->hasFocus());

        w.resize(900, 600);
        QTest::keySequence(&w, QKeySequence(QStringLiteral("Ctrl+Q"))); // closes, and so saves
        QVERIFY(!w.isVisible());
    }
    MainWindow again;
    QCOMPARE(again.size(), QSize(900, 600));
}

void TestMainWindow::screenshots()
{
    MainWindow w;
    feed(w);
    w.resize(1100, 720);
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    const QStringList names = {QStringLiteral("leases"),       QStringLiteral("traffic"),
                               QStringLiteral("statistics"),   QStringLiteral("addressmap"),
                               QStringLiteral("scope"),        QStringLiteral("reservations"),
                               QStringLiteral("server"),       QStringLiteral("conflicts"),
                               QStringLiteral("otherservers"), QStringLiteral("history"),
                               QStringLiteral("troubleshoot"), QStringLiteral("packetdecoder")};
    QCOMPARE(w.tabs()->count(), names.size());
    for (int i = 0; i < names.size(); ++i) {
        w.tabs()->setCurrentIndex(i);
        QCoreApplication::processEvents();
        const QString path = QCoreApplication::applicationDirPath()
            + QStringLiteral("/mainwindow-%1.png").arg(names[i]);
        QVERIFY2(w.grab().save(path), qPrintable(path));
        qInfo("screenshot: %s", qPrintable(path));
    }
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
