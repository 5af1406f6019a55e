// The lease table, its search box and its CSV export, as the leases view uses them.
#include "core/configuration.h"
#include "widgets/csvexport.h"
#include "widgets/leasefiltermodel.h"
#include "widgets/leasetablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace leasedesk;

class TestLeaseTableModel : public QObject
{
    Q_OBJECT

private slots:
    void showsEveryColumn();
    void resetReplacesEverything();
    void batchUpdatesChangedRowsAndAppendsNewOnesOnce();
    void removesRunsOfRows();
    void filtersBySubstringOverEveryField_data();
    void filtersBySubstringOverEveryField();
    void sortsAddressesAsNumbers();
    void showsClientStringsAsPlainText();
    void exportsVisibleRowsAsCsv();
};

namespace {

constexpr qint64 Now = 1'700'000'000;

Lease lease(const char *ip, const char *mac, const QString &host,
            LeaseState state = LeaseState::Bound, qint64 end = Now + 42 * 60)
{
    Lease l;
    l.address = *Ipv4Address::fromString(ip);
    l.hardwareAddress = *parseMac(QString::fromLatin1(mac));
    l.hostname = host;
    l.scope = QStringLiteral("lab");
    l.state = state;
    l.start = Now - 60;
    l.end = end;
    return l;
}

QString cell(const QAbstractItemModel &m, int row, int column, int role = Qt::DisplayRole)
{
    return m.index(row, column).data(role).toString();
}

} // namespace

void TestLeaseTableModel::showsEveryColumn()
{
    LeaseTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setNow(Now);
    model.setLeases(
        {lease("198.18.0.9", "02:00:00:00:00:09", QStringLiteral("node9")),
         lease("198.18.0.10", "02:00:00:00:00:0a", {}, LeaseState::Expired, Now - 3 * 3600)});
    model.setDeviceLabels(
        {{*parseMac(QStringLiteral("02:00:00:00:00:09")), QStringLiteral("Printer")}});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 0, LeaseTableModel::Address), QStringLiteral("198.18.0.9"));
    QCOMPARE(cell(model, 0, LeaseTableModel::HardwareAddress), QStringLiteral("02:00:00:00:00:09"));
    QCOMPARE(cell(model, 0, LeaseTableModel::Hostname), QStringLiteral("node9"));
    QCOMPARE(cell(model, 0, LeaseTableModel::Label), QStringLiteral("Printer"));
    QCOMPARE(cell(model, 0, LeaseTableModel::State), QStringLiteral("bound"));
    QCOMPARE(cell(model, 0, LeaseTableModel::Expires), QStringLiteral("in 42 min"));
    QCOMPARE(cell(model, 0, LeaseTableModel::Expires, Qt::ToolTipRole),
             LeaseTableModel::formatAbsolute(Now + 42 * 60));
    QCOMPARE(cell(model, 0, LeaseTableModel::Scope), QStringLiteral("lab"));
    QCOMPARE(cell(model, 1, LeaseTableModel::Label), QString());
    QCOMPARE(cell(model, 1, LeaseTableModel::Expires), QStringLiteral("3 h ago"));
    QCOMPARE(model.index(0, 0).data(LeaseTableModel::SortRole).toUInt(),
             0xc6120009u); // 198.18.0.9 as a number
    QCOMPARE(model.index(1, LeaseTableModel::Expires).data(LeaseTableModel::SortRole).toLongLong(),
             Now - 3 * 3600);
    QCOMPARE(model.index(1, 0).data(LeaseTableModel::LeaseRole).value<Lease>(), model.leaseAt(1));
    // Each state has its own colours, and the text stays dark on a pale background.
    const QColor bound = model.index(0, 0).data(Qt::BackgroundRole).value<QColor>();
    const QColor expired = model.index(1, 0).data(Qt::BackgroundRole).value<QColor>();
    QVERIFY(bound != expired);
    for (int row = 0; row < 2; ++row) {
        const QColor bg = model.index(row, 0).data(Qt::BackgroundRole).value<QColor>();
        const QColor fg = model.index(row, 0).data(Qt::ForegroundRole).value<QColor>();
        QVERIFY(bg.lightnessF() - fg.lightnessF() > 0.5);
    }
    // The clock moves on: the text follows.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setNow(Now + 41 * 60 + 30);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(cell(model, 0, LeaseTableModel::Expires), QStringLiteral("in 30 s"));
}

void TestLeaseTableModel::resetReplacesEverything()
{
    LeaseTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLeases({lease("198.18.0.1", "02:00:00:00:00:01", {})});
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    // The same address twice counts once, the last one winning.
    model.setLeases({lease("198.18.0.2", "02:00:00:00:00:02", QStringLiteral("a")),
                     lease("198.18.0.2", "02:00:00:00:00:02", QStringLiteral("b"))});
    QCOMPARE(reset.size(), 1);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(cell(model, 0, LeaseTableModel::Hostname), QStringLiteral("b"));
    QCOMPARE(model.rowOf(*Ipv4Address::fromString("198.18.0.1")), -1);
}

void TestLeaseTableModel::batchUpdatesChangedRowsAndAppendsNewOnesOnce()
{
    LeaseTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLeases({lease("198.18.0.1", "02:00:00:00:00:01", QStringLiteral("a")),
                     lease("198.18.0.2", "02:00:00:00:00:02", QStringLiteral("b")),
                     lease("198.18.0.3", "02:00:00:00:00:03", QStringLiteral("c")),
                     lease("198.18.0.4", "02:00:00:00:00:04", QStringLiteral("d"))});
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    Lease b = model.leaseAt(1);
    b.state = LeaseState::Released;
    Lease a = model.leaseAt(0);
    a.hostname = QStringLiteral("a2");
    Lease d = model.leaseAt(3);
    d.end += 60;
    model.applyChanges({lease("198.18.0.20", "02:00:00:00:00:20", QStringLiteral("new1")), b,
                        lease("198.18.0.21", "02:00:00:00:00:21", QStringLiteral("x")), a,
                        model.leaseAt(2), // unchanged: no signal
                        lease("198.18.0.21", "02:00:00:00:00:21", QStringLiteral("new2")), d});

    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 1); // both new addresses in one insertion
    QCOMPARE(inserted[0][1].toInt(), 4);
    QCOMPARE(inserted[0][2].toInt(), 5);
    // Rows 0 and 1 are one run, row 3 another; row 2 did not change.
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed[0][0].toModelIndex().row(), 0);
    QCOMPARE(changed[0][1].toModelIndex().row(), 1);
    QCOMPARE(changed[0][1].toModelIndex().column(), LeaseTableModel::ColumnCount - 1);
    QCOMPARE(changed[1][0].toModelIndex().row(), 3);
    QCOMPARE(changed[1][1].toModelIndex().row(), 3);

    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(cell(model, 0, LeaseTableModel::Hostname), QStringLiteral("a2"));
    QCOMPARE(cell(model, 1, LeaseTableModel::State), QStringLiteral("released"));
    QCOMPARE(cell(model, 4, LeaseTableModel::Address), QStringLiteral("198.18.0.20"));
    QCOMPARE(cell(model, 5, LeaseTableModel::Hostname), QStringLiteral("new2"));
    QCOMPARE(model.rowOf(*Ipv4Address::fromString("198.18.0.21")), 5);

    // A batch of nothing new and nothing changed says nothing.
    changed.clear();
    inserted.clear();
    model.applyChanges({model.leaseAt(0), model.leaseAt(5)});
    QCOMPARE(changed.size(), 0);
    QCOMPARE(inserted.size(), 0);
}

void TestLeaseTableModel::removesRunsOfRows()
{
    LeaseTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<Lease> all;
    for (int i = 1; i <= 6; ++i)
        all.append(lease(QStringLiteral("198.18.0.%1").arg(i).toLatin1().constData(),
                         QStringLiteral("02:00:00:00:00:0%1").arg(i).toLatin1().constData(), {}));
    model.setLeases(all);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.removeLeases(
        {all[1].address, all[2].address, all[4].address, *Ipv4Address::fromString("198.18.9.9")});
    QCOMPARE(removed.size(), 2); // rows 4, then 1–2
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(cell(model, 1, LeaseTableModel::Address), QStringLiteral("198.18.0.4"));
    QCOMPARE(model.rowOf(all[5].address), 2);
    // The index stays right for later batches.
    Lease six = all[5];
    six.hostname = QStringLiteral("six");
    model.applyChanges({six});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(cell(model, 2, LeaseTableModel::Hostname), QStringLiteral("six"));
}

void TestLeaseTableModel::filtersBySubstringOverEveryField_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("addresses");
    const QStringList first{QStringLiteral("198.18.0.9")};
    const QStringList second{QStringLiteral("198.18.0.10")};
    QTest::newRow("nothing") << QString() << (first + second);
    QTest::newRow("ip") << QStringLiteral("0.10") << second;
    QTest::newRow("mac colons") << QStringLiteral("00:00:0A") << second;
    QTest::newRow("mac dashes") << QStringLiteral("02-00-00-00-00-09") << first;
    QTest::newRow("mac bare") << QStringLiteral("02000000000a") << second;
    QTest::newRow("mac cisco") << QStringLiteral("0200.0000.0009") << first;
    QTest::newRow("hostname") << QStringLiteral("LAPTOP") << first;
    QTest::newRow("label") << QStringLiteral("printer") << second;
    QTest::newRow("state") << QStringLiteral("Conflict") << second;
    QTest::newRow("no match") << QStringLiteral("zzz") << QStringList();
}

void TestLeaseTableModel::filtersBySubstringOverEveryField()
{
    QFETCH(QString, text);
    QFETCH(QStringList, addresses);
    LeaseTableModel model;
    LeaseFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLeases({lease("198.18.0.9", "02:00:00:00:00:09", QStringLiteral("my-laptop")),
                     lease("198.18.0.10", "02:00:00:00:00:0a", {}, LeaseState::Conflict)});
    model.setDeviceLabels(
        {{*parseMac(QStringLiteral("02:00:00:00:00:0a")), QStringLiteral("Printer in the hall")}});
    filter.setFilterText(text);
    QStringList shown;
    for (int row = 0; row < filter.rowCount(); ++row)
        shown.append(cell(filter, row, LeaseTableModel::Address));
    QCOMPARE(shown, addresses);
    // A lease arriving later is filtered too.
    model.applyChanges({lease("198.18.0.11", "02:00:00:00:00:0b", QStringLiteral("other"))});
    QCOMPARE(filter.rowCount(), text.isEmpty() ? 3 : addresses.size());
}

void TestLeaseTableModel::sortsAddressesAsNumbers()
{
    LeaseTableModel model;
    LeaseFilterModel filter;
    filter.setSourceModel(&model);
    QAbstractItemModelTester tester(&filter,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLeases({lease("198.18.0.10", "02:00:00:00:00:0a", {}),
                     lease("198.18.1.2", "02:00:00:00:00:01", {}),
                     lease("198.18.0.9", "02:00:00:00:00:09", {})});
    filter.sort(LeaseTableModel::Address, Qt::AscendingOrder);
    QStringList order;
    for (int row = 0; row < filter.rowCount(); ++row)
        order.append(cell(filter, row, LeaseTableModel::Address));
    QCOMPARE(order,
             (QStringList{QStringLiteral("198.18.0.9"), QStringLiteral("198.18.0.10"),
                          QStringLiteral("198.18.1.2")}));
    // New leases land in their sorted place.
    model.applyChanges({lease("198.18.0.100", "02:00:00:00:00:64", {})});
    QCOMPARE(cell(filter, 2, LeaseTableModel::Address), QStringLiteral("198.18.0.100"));
    filter.sort(LeaseTableModel::Address, Qt::DescendingOrder);
    QCOMPARE(cell(filter, 0, LeaseTableModel::Address), QStringLiteral("198.18.1.2"));
}

void TestLeaseTableModel::showsClientStringsAsPlainText()
{
    LeaseTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Lease l =
        lease("198.18.0.5", "02:00:00:00:00:05", QStringLiteral("<b>x</b>"), LeaseState::Declined);
    l.detail = QStringLiteral("declined by 02:00:00:00:00:05: (\"<img src=x>\")");
    model.setLeases({l});
    QCOMPARE(cell(model, 0, LeaseTableModel::Hostname), QStringLiteral("<b>x</b>"));
    QVERIFY(!model.index(0, LeaseTableModel::Hostname).data(Qt::ToolTipRole).isValid());
    // The detail's tooltip is rich text, but with the client's markup escaped.
    const QString tip = cell(model, 0, LeaseTableModel::State, Qt::ToolTipRole);
    QVERIFY(!tip.contains(QLatin1String("<img")));
    QVERIFY(tip.contains(QLatin1String("&lt;img")));
    // No text role anywhere hands the hostname over as markup.
    for (int column = 0; column < model.columnCount(); ++column)
        for (int role : {int(Qt::ToolTipRole), int(Qt::StatusTipRole), int(Qt::WhatsThisRole)})
            QVERIFY(!cell(model, 0, column, role).contains(QLatin1String("<b>")));
}

void TestLeaseTableModel::exportsVisibleRowsAsCsv()
{
    LeaseTableModel model;
    LeaseFilterModel filter;
    filter.setSourceModel(&model);
    model.setNow(Now);
    Lease evil = lease("198.18.0.10", "02:00:00:00:00:0a", QStringLiteral("=HYPERLINK(\"x\")"));
    Lease comma =
        lease("198.18.0.9", "02:00:00:00:00:09", QStringLiteral("a,b"), LeaseState::Offered, 0);
    model.setLeases(
        {evil, comma, lease("198.18.0.30", "02:00:00:00:00:30", QStringLiteral("hid"))});
    filter.setFilterText(QStringLiteral("198.18.0.")); // all three…
    filter.setFilterText(QStringLiteral("02:00:00:00:00:0")); // …then only the first two
    filter.sort(LeaseTableModel::Address);
    const QByteArray expected =
        "Address,MAC,Hostname,Label,State,Expires,Scope\r\n"
        "198.18.0.9,02:00:00:00:00:09,\"a,b\",,offered,,lab\r\n"
        "198.18.0.10,02:00:00:00:00:0a,\"'=HYPERLINK(\"\"x\"\")\",,bound,in 42 min,lab\r\n";
    QCOMPARE(CsvExport::write(filter), expected);
    // Copying a selection: those rows, in that order, without the header.
    QCOMPARE(CsvExport::write(filter, {1}, false),
             QByteArray("198.18.0.10,02:00:00:00:00:0a,\"'=HYPERLINK(\"\"x\"\")\",,bound,in 42 "
                        "min,lab\r\n"));
}

QTEST_GUILESS_MAIN(TestLeaseTableModel)
#include "tst_leasetablemodel.moc"
