// Issue 8 in the window: the History tab (any address or machine, past clients, CSV), and the
// events panel that shows the event history read at start under this session's events.
#include "widgets/csvexport.h"
#include "widgets/historyview.h"
#include "widgets/leasehistorymodel.h"
#include "widgets/mainwindow.h"
#include "widgets/pastclientmodel.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace leasedesk;

namespace {

constexpr qint64 Now = 1'800'000'000;

Ipv4Address ip(const char *text)
{
    return *Ipv4Address::fromString(text);
}

QByteArray mac(int n)
{
    return *parseMac(QStringLiteral("02:00:00:00:00:%1").arg(n, 2, 16, QLatin1Char('0')));
}

LeaseHistoryEntry entry(qint64 when, int client, const char *address, LeaseState to,
                        const QString &reason = {})
{
    LeaseHistoryEntry e;
    e.when = when;
    e.address = ip(address);
    e.hardwareAddress = mac(client);
    e.to = to;
    e.reason = reason;
    return e;
}

Lease lease(int client, const char *address, LeaseState state, qint64 end)
{
    Lease l;
    l.address = ip(address);
    l.hardwareAddress = mac(client);
    l.state = state;
    l.end = end;
    l.scope = QStringLiteral("lab");
    return l;
}

// Newest first, as the store answers: client 1 holds .10 now; client 2 had .11 then .12 and
// released it; client 3's lease expired; client 4's offer was never taken up.
QList<LeaseHistoryEntry> history()
{
    return {
        entry(Now - 10, 1, "198.18.0.10", LeaseState::Bound),
        entry(Now - 100, 2, "198.18.0.12", LeaseState::Released, QStringLiteral("RELEASE")),
        entry(Now - 200, 2, "198.18.0.12", LeaseState::Bound),
        entry(Now - 300, 3, "198.18.0.13", LeaseState::Expired),
        entry(Now - 400, 4, "198.18.0.14", LeaseState::Offered),
        entry(Now - 900, 2, "198.18.0.11", LeaseState::Bound),
        entry(Now - 1000, 3, "198.18.0.13", LeaseState::Bound),
    };
}

NetworkEvent networkEvent(qint64 timeMs, NetworkEvent::Kind kind, const QString &text)
{
    NetworkEvent e;
    e.kind = kind;
    e.severity = NetworkEvent::Severity::Warning;
    e.timeMs = timeMs;
    e.text = text;
    return e;
}

} // namespace

class TestEventsAndHistory : public QObject
{
    Q_OBJECT

private slots:
    void pastClientsAreThoseWithoutALeaseNow();
    void pastClientModelShowsThem();
    void historySearchTakesAnAddressOrAMac();
    void answersGoToTheViewThatAsked();
    void pastClientsLoadWhenTheTabOpensAndExport();
    void eventHistoryGoesUnderTheSessionsEvents();
};

void TestEventsAndHistory::pastClientsAreThoseWithoutALeaseNow()
{
    // Client 1 is bound; client 4's offer ran out at Now - 340, so it holds nothing now.
    const QList<Lease> current = {lease(1, "198.18.0.10", LeaseState::Bound, Now + 3000),
                                  lease(4, "198.18.0.14", LeaseState::Offered, Now - 340)};
    const QList<PastClient> past = pastClients(history(), current, Now);
    QCOMPARE(past.size(), 3);
    QCOMPARE(past[0].mac, mac(2)); // newest first
    QCOMPARE(past[0].lastAddress, ip("198.18.0.12"));
    QCOMPARE(past[0].lastState, LeaseState::Released);
    QCOMPARE(past[0].lastSeen, Now - 100);
    QCOMPARE(past[0].firstSeen, Now - 900);
    QCOMPARE(past[0].addresses, 2);
    QCOMPARE(past[1].mac, mac(3));
    QCOMPARE(past[1].lastState, LeaseState::Expired);
    QCOMPARE(past[2].mac, mac(4));
    QCOMPARE(past[2].addresses, 1);
    // While client 4's offer still holds, it is a current client.
    QCOMPARE(pastClients(history(), current, Now - 350).size(), 2);
}

void TestEventsAndHistory::pastClientModelShowsThem()
{
    PastClientModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setClients(pastClients(history(), {}, Now));
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 4);
    model.setDeviceLabels({{mac(2), QStringLiteral("bench-pc")}});
    const int row = 1; // client 2 (client 1's bound entry is newer)
    QCOMPARE(model.index(row, PastClientModel::Mac).data().toString(),
             QStringLiteral("02:00:00:00:00:02"));
    QCOMPARE(model.index(row, PastClientModel::Name).data().toString(), QStringLiteral("bench-pc"));
    QCOMPARE(model.index(row, PastClientModel::LastAddress).data().toString(),
             QStringLiteral("198.18.0.12"));
    QCOMPARE(model.index(row, PastClientModel::LastState).data().toString(),
             QStringLiteral("released"));
    QCOMPARE(model.index(row, PastClientModel::LastState).data(Qt::ToolTipRole).toString(),
             QStringLiteral("RELEASE"));
    QCOMPARE(model.index(row, PastClientModel::Addresses).data().toInt(), 2);
    QCOMPARE(model.index(row, PastClientModel::LastSeen).data(Qt::UserRole).toLongLong(),
             Now - 100);
}

void TestEventsAndHistory::historySearchTakesAnAddressOrAMac()
{
    HistoryView view;
    QSignalSpy wanted(&view, &HistoryView::historyWanted);
    QVERIFY(view.search(QStringLiteral(" 198.18.0.12 ")));
    QVERIFY(view.search(QStringLiteral("02-00-00-00-00-02")));
    QVERIFY(view.search(QStringLiteral("0200.0000.0002")));
    QCOMPARE(wanted.size(), 3);
    const auto q0 = wanted.at(0).at(0).value<HistoryQuery>();
    QCOMPARE(q0.address, ip("198.18.0.12"));
    QVERIFY(q0.mac.isEmpty());
    const auto q1 = wanted.at(1).at(0).value<HistoryQuery>();
    QCOMPARE(q1.mac, mac(2));
    QVERIFY(q1.address.isZero());
    QCOMPARE(wanted.at(2).at(0).value<HistoryQuery>(), q1);

    QVERIFY(!view.search(QStringLiteral("198.18.0.300")));
    QVERIFY(!view.search(QStringLiteral("0.0.0.0"))); // the query's "any address"
    QVERIFY(view.historyTitle()->text().contains(QStringLiteral("no client's address")));
    QCOMPARE(wanted.size(), 3);
    QVERIFY(!view.search(QStringLiteral("198.18.0.300")));
    QVERIFY2(view.historyTitle()->text().contains(QStringLiteral("neither")),
             qPrintable(view.historyTitle()->text()));
}

void TestEventsAndHistory::answersGoToTheViewThatAsked()
{
    MainWindow w;
    QSignalSpy wanted(&w, &MainWindow::historyWanted);
    HistoryView *view = w.historyView();
    QVERIFY(view->search(QStringLiteral("02:00:00:00:00:02")));
    QCOMPARE(wanted.size(), 1); // through the window to the engine
    const auto query = wanted.at(0).at(0).value<HistoryQuery>();

    // Another view's answer (the leases tab's pane) is not taken.
    HistoryQuery other;
    other.address = ip("198.18.0.10");
    QVERIFY(!view->showHistory(other, history().mid(0, 1)));
    QCOMPARE(view->historyModel()->rowCount(), 0);

    QList<LeaseHistoryEntry> mine;
    for (const LeaseHistoryEntry &e : history())
        if (e.hardwareAddress == mac(2))
            mine.append(e);
    w.showHistory(query, mine);
    QCOMPARE(view->historyModel()->rowCount(), 3);
    QVERIFY2(view->historyTitle()->text().contains(QStringLiteral("02:00:00:00:00:02")),
             qPrintable(view->historyTitle()->text()));
    const QByteArray csv = view->historyCsv();
    QCOMPARE(csv.count("\r\n"), 4); // header and three entries
    QVERIFY(csv.contains("198.18.0.11"));
    QVERIFY(csv.contains("RELEASE"));
}

void TestEventsAndHistory::pastClientsLoadWhenTheTabOpensAndExport()
{
    MainWindow w;
    w.resize(1280, 800);
    w.show();
    QSignalSpy wanted(&w, &MainWindow::historyWanted);
    w.showLeases(
        {lease(1, "198.18.0.10", LeaseState::Bound, QDateTime::currentSecsSinceEpoch() + 3600)});
    QCOMPARE(wanted.size(), 0); // not read before anyone looks
    w.tabs()->setCurrentWidget(w.historyView());
    QCOMPARE(wanted.size(), 1);
    QCOMPARE(wanted.at(0).at(0).value<HistoryQuery>(), HistoryView::pastClientsQuery());

    w.showHistory(HistoryView::pastClientsQuery(), history());
    HistoryView *view = w.historyView();
    QCOMPARE(view->pastClientModel()->rowCount(), 3); // client 1 holds .10
    QCOMPARE(view->pastTitle()->text(), QStringLiteral("Past clients: 3"));
    const QByteArray csv = view->pastClientsCsv();
    QVERIFY(csv.startsWith("MAC,Name,Last address,How it ended,Last seen"));
    QCOMPARE(csv.count("\r\n"), 4);
    QVERIFY(!csv.contains("02:00:00:00:00:01"));

    // Double-clicking a past client shows its history above.
    const QModelIndex first = view->pastTable()->model()->index(0, 0);
    view->pastTable()->doubleClicked(first);
    QCOMPARE(wanted.size(), 2);
    QCOMPARE(wanted.at(1).at(0).value<HistoryQuery>().mac, mac(2));
    QCOMPARE(view->searchField()->text(), QStringLiteral("02:00:00:00:00:02"));
}

void TestEventsAndHistory::eventHistoryGoesUnderTheSessionsEvents()
{
    MainWindow w;
    auto *events = w.findChild<QListWidget *>(QStringLiteral("events"));
    QVERIFY(events);
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const NetworkEvent live = networkEvent(now, NetworkEvent::Kind::Utilization,
                                           QStringLiteral("lab is above its warning threshold"));
    w.showNetworkEvent(live);
    // The history read at start includes the live event (already kept) and older ones.
    const NetworkEvent older = networkEvent(now - 3 * 86'400'000LL, NetworkEvent::Kind::Conflict,
                                            QStringLiteral("198.18.0.7 is in use"));
    w.showEventHistory({live, older});
    QCOMPARE(events->count(), 2);
    QVERIFY(events->item(0)->text().contains(QStringLiteral("utilization: lab")));
    // An older day shows its date.
    const QString day =
        QDateTime::fromMSecsSinceEpoch(older.timeMs).toString(QStringLiteral("yyyy-MM-dd"));
    QVERIFY2(events->item(1)->text().startsWith(day), qPrintable(events->item(1)->text()));
    QVERIFY(events->item(1)->text().contains(QStringLiteral("conflict: 198.18.0.7 is in use")));
    // New live events still go on top.
    w.showNetworkEvent(networkEvent(now + 1000, NetworkEvent::Kind::PoolExhausted,
                                    QStringLiteral("lab has no free address left")));
    QVERIFY(events->item(0)->text().contains(QStringLiteral("pool exhausted")));
}

QTEST_MAIN(TestEventsAndHistory)
#include "tst_eventsandhistory.moc"
