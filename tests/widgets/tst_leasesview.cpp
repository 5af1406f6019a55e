// The Leases tab's actions: they become request signals (the main window forwards them to
// the engine) and the answers come back through the view's slots.
#include "core/configuration.h"
#include "widgets/leasefiltermodel.h"
#include "widgets/leasehistorymodel.h"
#include "widgets/leasehistoryview.h"
#include "widgets/leasesview.h"
#include "widgets/leasetablemodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

using namespace leasedesk;

class TestLeasesView : public QObject
{
    Q_OBJECT

private slots:
    void filtersBySubstringOfLabelAndState();
    void releaseEmitsForBoundAndIsDisabledForDeclined();
    void deleteAsksAndEmitsOnlyOnYes();
    void deleteWarningIsHonest();
    void reserveEmitsTheLease();
    void copyPutsTsvWithHeaderOnTheClipboard();
    void exportsSelectedRowsAsCsv();
    void selectAddressFindsRowsTheFilterHides();
    void removeLeasesRemovesRows();
    void historyAsksForAddressOrMachine();
    void showHistoryFillsThePaneWithATitle();
    void dropsAStaleHistoryAnswer();
    void screenshot();
};

namespace {

constexpr qint64 Now = 1'700'000'000;

Ipv4Address ip(const char *text)
{
    return *Ipv4Address::fromString(text);
}

QByteArray mac(const char *text)
{
    return *parseMac(QString::fromLatin1(text));
}

Lease lease(const char *address, const char *hw, const QString &host,
            LeaseState state = LeaseState::Bound)
{
    Lease l;
    l.address = ip(address);
    l.hardwareAddress = mac(hw);
    l.hostname = host;
    l.scope = QStringLiteral("lab");
    l.state = state;
    l.start = Now - 600;
    l.end = Now + 42 * 60;
    return l;
}

QList<Lease> sampleLeases()
{
    return {
        lease("198.18.0.5", "02:00:00:00:00:05", QStringLiteral("printer")),
        lease("198.18.0.6", "02:00:00:00:00:06", QStringLiteral("laptop"), LeaseState::Offered),
        lease("198.18.0.7", "02:00:00:00:00:07", QStringLiteral("node7")),
        lease("198.18.0.8", "02:00:00:00:00:08", QStringLiteral("camera"), LeaseState::Declined),
        lease("198.18.0.9", "02:00:00:00:00:09", QStringLiteral("old"), LeaseState::Expired),
        lease("198.18.0.10", "02:00:00:00:00:0a", QStringLiteral("squatter"),
              LeaseState::Conflict)};
}

// A view with the sample leases, a fixed clock, and a delete confirmation that never opens
// a dialog.
struct Fixture
{
    LeasesView view;
    QAbstractItemModelTester sourceTester{view.leaseModel(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest};
    QAbstractItemModelTester filterTester{view.filterModel(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest};
    QStringList asked;
    bool answer = false;

    Fixture()
    {
        view.leaseModel()->setNow(Now);
        view.setLeases(sampleLeases());
        view.setConfirm([this](QWidget *, const QString &, const QString &text) {
            asked.append(text);
            return answer;
        });
    }

    void select(const QList<const char *> &addresses)
    {
        QItemSelectionModel *selection = view.table()->selectionModel();
        selection->clear();
        for (const char *a : addresses) {
            const QModelIndex source = view.leaseModel()->index(view.leaseModel()->rowOf(ip(a)), 0);
            const QModelIndex index = view.filterModel()->mapFromSource(source);
            QVERIFY(index.isValid());
            selection->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }
};

QList<HistoryQuery> queries(const QSignalSpy &spy)
{
    QList<HistoryQuery> out;
    for (const QList<QVariant> &args : spy)
        out.append(args.at(0).value<HistoryQuery>());
    return out;
}

QList<LeaseHistoryEntry> sampleHistory()
{
    QList<LeaseHistoryEntry> out;
    const auto add = [&](qint64 when, std::optional<LeaseState> from, LeaseState to,
                         const char *reason) {
        LeaseHistoryEntry e;
        e.when = when;
        e.address = ip("198.18.0.7");
        e.hardwareAddress = mac("02:00:00:00:00:07");
        e.from = from;
        e.to = to;
        e.reason = QString::fromUtf8(reason);
        out.append(e);
    };
    add(Now - 60, LeaseState::Bound, LeaseState::Bound, "renewed");
    add(Now - 1800, LeaseState::Offered, LeaseState::Bound, "DHCPREQUEST");
    add(Now - 1801, std::nullopt, LeaseState::Offered, "DHCPDISCOVER, probe quiet");
    return out;
}

} // namespace

void TestLeasesView::filtersBySubstringOfLabelAndState()
{
    Fixture f;
    f.view.leaseModel()->setDeviceLabels({{mac("02:00:00:00:00:07"), QStringLiteral("Rack B")}});
    f.view.filterEdit()->setText(QStringLiteral("rack"));
    QCOMPARE(f.view.filterModel()->rowCount(), 1);
    QCOMPARE(f.view.filterModel()->index(0, LeaseTableModel::Address).data().toString(),
             QStringLiteral("198.18.0.7"));
    f.view.filterEdit()->setText(QStringLiteral("DECLIN"));
    QCOMPARE(f.view.filterModel()->rowCount(), 1);
    QCOMPARE(f.view.filterModel()->index(0, LeaseTableModel::Hostname).data().toString(),
             QStringLiteral("camera"));
    QCOMPARE(f.view.findChild<QLabel *>(QStringLiteral("leaseCount"))->text(),
             QStringLiteral("1 of 6 leases"));
}

void TestLeasesView::releaseEmitsForBoundAndIsDisabledForDeclined()
{
    Fixture f;
    QSignalSpy released(&f.view, &LeasesView::releaseRequested);
    f.select({"198.18.0.8"});
    QVERIFY(!f.view.releaseAction()->isEnabled());
    f.select({"198.18.0.7"});
    QVERIFY(f.view.releaseAction()->isEnabled());
    f.view.releaseAction()->trigger();
    QCOMPARE(released.count(), 1);
    QCOMPARE(released.at(0).at(0).value<Ipv4Address>(), ip("198.18.0.7"));

    // A mixed selection releases only the leases that are in use.
    released.clear();
    f.select({"198.18.0.6", "198.18.0.8", "198.18.0.9"});
    f.view.releaseAction()->trigger();
    QCOMPARE(released.count(), 1);
    QCOMPARE(released.at(0).at(0).value<Ipv4Address>(), ip("198.18.0.6"));

    // The engine released it: the action follows the new state.
    Lease gone = sampleLeases().at(2);
    gone.state = LeaseState::Released;
    f.select({"198.18.0.7"});
    f.view.applyChanges({gone});
    QVERIFY(!f.view.releaseAction()->isEnabled());
}

void TestLeasesView::deleteAsksAndEmitsOnlyOnYes()
{
    Fixture f;
    QSignalSpy deleted(&f.view, &LeasesView::deleteRequested);
    f.select({"198.18.0.7"});
    f.answer = false;
    f.view.deleteAction()->trigger();
    QCOMPARE(f.asked.size(), 1);
    QCOMPARE(f.asked.at(0),
             QStringLiteral("The client may keep using 198.18.0.7 until its lease "
                            "runs out; LeaseDesk will offer it to someone else. "
                            "Delete?"));
    QCOMPARE(deleted.count(), 0);

    f.answer = true;
    f.view.deleteAction()->trigger();
    QCOMPARE(f.asked.size(), 2);
    QCOMPARE(deleted.count(), 1);
    QCOMPARE(deleted.at(0).at(0).value<Ipv4Address>(), ip("198.18.0.7"));

    f.view.table()->selectionModel()->clear();
    QVERIFY(!f.view.deleteAction()->isEnabled());
}

void TestLeasesView::deleteWarningIsHonest()
{
    const QList<Lease> all = sampleLeases();
    const QString quarantined = LeasesView::deleteWarning({all[3]});
    QVERIFY2(quarantined.contains(QStringLiteral("198.18.0.8 is held back")),
             qPrintable(quarantined));
    QVERIFY2(quarantined.contains(QStringLiteral("even if something still uses it")),
             qPrintable(quarantined));
    const QString expired = LeasesView::deleteWarning({all[4]});
    QVERIFY2(expired.contains(QStringLiteral("forget which client last had 198.18.0.9")),
             qPrintable(expired));
    const QString many = LeasesView::deleteWarning(all);
    QVERIFY2(many.contains(QStringLiteral("198.18.0.5, 198.18.0.6, 198.18.0.7")), qPrintable(many));
    QVERIFY2(many.endsWith(QStringLiteral("Delete 6 leases?")), qPrintable(many));
}

void TestLeasesView::reserveEmitsTheLease()
{
    Fixture f;
    QSignalSpy reserved(&f.view, &LeasesView::reserveRequested);
    f.select({"198.18.0.5", "198.18.0.7"});
    QVERIFY(!f.view.reserveAction()->isEnabled()); // one reservation at a time
    f.select({"198.18.0.5"});
    QVERIFY(f.view.reserveAction()->isEnabled());
    f.view.reserveAction()->trigger();
    QCOMPARE(reserved.count(), 1);
    QCOMPARE(reserved.at(0).at(0).value<Lease>(), sampleLeases().at(0));
}

void TestLeasesView::copyPutsTsvWithHeaderOnTheClipboard()
{
    Fixture f;
    Lease tabbed = sampleLeases().at(0);
    tabbed.hostname = QStringLiteral("odd\thost");
    f.view.applyChanges({tabbed});
    f.select({"198.18.0.7", "198.18.0.5"});
    f.view.copyAction()->trigger();
    const QString expected =
        QStringLiteral("Address\tMAC\tHostname\tLabel\tState\tExpires\tScope\n"
                       "198.18.0.5\t02:00:00:00:00:05\todd host\t\tbound\tin 42 min\tlab\n"
                       "198.18.0.7\t02:00:00:00:00:07\tnode7\t\tbound\tin 42 min\tlab\n");
    QCOMPARE(f.view.copyText(), expected);
    QCOMPARE(QApplication::clipboard()->text(), expected);
    QCOMPARE(f.view.copyAction()->shortcut(), QKeySequence(QKeySequence::Copy));
}

void TestLeasesView::exportsSelectedRowsAsCsv()
{
    Fixture f;
    f.select({"198.18.0.9"});
    const QByteArray header = "Address,MAC,Hostname,Label,State,Expires,Scope\r\n";
    QCOMPARE(f.view.exportCsv(true),
             header + "198.18.0.9,02:00:00:00:00:09,old,,expired,in 42 min,lab\r\n");
    // Every shown row, in the table's order; the filter decides what "shown" means.
    f.view.filterEdit()->setText(QStringLiteral("bound"));
    const QByteArray shown = f.view.exportCsv(false);
    QCOMPARE(shown.count("\r\n"), 3);
    QVERIFY(shown.indexOf("198.18.0.5") < shown.indexOf("198.18.0.7"));
    f.view.table()->selectionModel()->clear();
    QCOMPARE(f.view.exportCsv(true), header);
}

void TestLeasesView::selectAddressFindsRowsTheFilterHides()
{
    Fixture f;
    f.view.filterEdit()->setText(QStringLiteral("printer"));
    QCOMPARE(f.view.filterModel()->rowCount(), 1);
    QVERIFY(f.view.selectAddress(ip("198.18.0.10")));
    QCOMPARE(f.view.filterEdit()->text(), QString());
    QCOMPARE(f.view.selectedLeases().size(), 1);
    QCOMPARE(f.view.selectedLeases().at(0).address, ip("198.18.0.10"));
    QCOMPARE(f.view.table()->currentIndex().row(),
             f.view.filterModel()
                 ->mapFromSource(
                     f.view.leaseModel()->index(f.view.leaseModel()->rowOf(ip("198.18.0.10")), 0))
                 .row());

    // A row the filter shows keeps the filter.
    f.view.filterEdit()->setText(QStringLiteral("node"));
    QVERIFY(f.view.selectAddress(ip("198.18.0.7")));
    QCOMPARE(f.view.filterEdit()->text(), QStringLiteral("node"));
    // No lease there (perhaps a reservation): nothing changes, and the caller learns it.
    QVERIFY(!f.view.selectAddress(ip("198.18.0.99")));
    QCOMPARE(f.view.selectedLeases().at(0).address, ip("198.18.0.7"));
}

void TestLeasesView::removeLeasesRemovesRows()
{
    Fixture f;
    QSignalSpy resets(f.view.leaseModel(), &QAbstractItemModel::modelReset);
    QSignalSpy removed(f.view.leaseModel(), &QAbstractItemModel::rowsRemoved);
    f.select({"198.18.0.5"});
    f.view.removeLeases({ip("198.18.0.7"), ip("198.18.0.8"), ip("198.18.0.99")});
    QCOMPARE(resets.count(), 0);
    QCOMPARE(removed.count(), 1); // adjacent rows go in one run
    QCOMPARE(f.view.leaseModel()->rowCount(), 4);
    QCOMPARE(f.view.leaseModel()->rowOf(ip("198.18.0.7")), -1);
    QCOMPARE(f.view.selectedLeases().at(0).address, ip("198.18.0.5"));

    // Removing the selected lease leaves nothing to act on.
    f.view.removeLeases({ip("198.18.0.5")});
    QVERIFY(f.view.selectedLeases().isEmpty());
    QVERIFY(!f.view.deleteAction()->isEnabled());
    QCOMPARE(f.view.findChild<QLabel *>(QStringLiteral("leaseCount"))->text(),
             QStringLiteral("3 leases"));
}

void TestLeasesView::historyAsksForAddressOrMachine()
{
    Fixture f;
    QSignalSpy wanted(&f.view, &LeasesView::historyWanted);
    f.select({"198.18.0.7"});
    QVERIFY(f.view.historyAction()->isEnabled());
    f.view.historyAction()->trigger();
    HistoryQuery byAddress;
    byAddress.address = ip("198.18.0.7");
    QCOMPARE(queries(wanted), QList<HistoryQuery>{byAddress});
    QVERIFY(!f.view.historyView()->isHidden());
    QCOMPARE(f.view.historyView()->titleLabel()->text(),
             QStringLiteral("History of 198.18.0.7 — loading…"));

    f.view.historyView()->machineButton()->click();
    HistoryQuery byMachine;
    byMachine.mac = mac("02:00:00:00:00:07");
    QCOMPARE(queries(wanted), (QList<HistoryQuery>{byAddress, byMachine}));
    f.view.historyView()->addressButton()->click();
    QCOMPARE(wanted.count(), 3);
    QCOMPARE(queries(wanted).last(), byAddress);
}

void TestLeasesView::showHistoryFillsThePaneWithATitle()
{
    Fixture f;
    QVERIFY(f.view.historyView()->isHidden());
    QAbstractItemModelTester tester(f.view.historyView()->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    HistoryQuery query;
    query.address = ip("198.18.0.7");
    f.view.showHistory(query, sampleHistory());
    QVERIFY(!f.view.historyView()->isHidden());
    QCOMPARE(f.view.historyView()->titleLabel()->text(),
             QStringLiteral("History of 198.18.0.7 — 3 entries"));
    QCOMPARE(f.view.historyView()->titleLabel()->textFormat(), Qt::PlainText);
    QCOMPARE(f.view.historyView()->model()->rowCount(), 3);
    QCOMPARE(f.view.historyView()->model()->index(1, LeaseHistoryModel::Change).data().toString(),
             QStringLiteral("offered → bound"));
    QVERIFY(f.view.historyView()->exportCsv().startsWith("Time,Address,MAC,Change,Reason\r\n"));
}

void TestLeasesView::dropsAStaleHistoryAnswer()
{
    Fixture f;
    f.select({"198.18.0.7"});
    f.view.historyAction()->trigger();
    f.select({"198.18.0.5"});
    f.view.historyAction()->trigger();
    // The answer for .7 arrives after the admin asked about .5: it must not be titled or
    // shown as .5's history.
    HistoryQuery old;
    old.address = ip("198.18.0.7");
    f.view.showHistory(old, sampleHistory());
    QCOMPARE(f.view.historyView()->model()->rowCount(), 0);
    QCOMPARE(f.view.historyView()->titleLabel()->text(),
             QStringLiteral("History of 198.18.0.5 — loading…"));
    HistoryQuery current;
    current.address = ip("198.18.0.5");
    current.limit = 100; // the engine may echo its own limit: only the subject must match
    f.view.showHistory(current, {});
    QCOMPARE(f.view.historyView()->titleLabel()->text(),
             QStringLiteral("History of 198.18.0.5 — no entries"));
}

void TestLeasesView::screenshot()
{
    Fixture f;
    f.view.leaseModel()->setDeviceLabels(
        {{mac("02:00:00:00:00:05"), QStringLiteral("Printer 2F")}});
    f.view.resize(900, 620);
    f.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&f.view));
    f.select({"198.18.0.7"});
    f.view.historyAction()->trigger();
    HistoryQuery query;
    query.address = ip("198.18.0.7");
    f.view.showHistory(query, sampleHistory());
    // The splitter lays the newly shown pane out on its next layout request.
    QTRY_VERIFY(f.view.historyView()->height() > 150);
    const QString path =
        QCoreApplication::applicationDirPath() + QStringLiteral("/leasesview-history.png");
    QVERIFY(f.view.grab().save(path));
    qInfo("screenshot: %s", qPrintable(path));
}

QTEST_MAIN(TestLeasesView)
#include "tst_leasesview.moc"
