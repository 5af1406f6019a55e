// The history pane's model: one row per state change, a title that says what it shows.
#include "core/configuration.h"
#include "widgets/csvexport.h"
#include "widgets/leasehistorymodel.h"
#include "widgets/leasetablemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace leasedesk;

class TestLeaseHistoryModel : public QObject
{
    Q_OBJECT

private slots:
    void showsEveryColumn();
    void replacesTheListWithOneReset();
    void titleSaysWhatAndHowMany_data();
    void titleSaysWhatAndHowMany();
    void keepsClientTextPlain();
    void exportsAsCsv();
};

namespace {

Ipv4Address ip(const char *text)
{
    return *Ipv4Address::fromString(text);
}

LeaseHistoryEntry entry(qint64 when, std::optional<LeaseState> from, LeaseState to,
                        const QString &reason = {})
{
    LeaseHistoryEntry e;
    e.when = when;
    e.address = ip("198.18.0.7");
    e.hardwareAddress = *parseMac(QStringLiteral("02:00:00:00:00:07"));
    e.from = from;
    e.to = to;
    e.reason = reason;
    return e;
}

HistoryQuery byAddress(const char *text)
{
    HistoryQuery q;
    q.address = ip(text);
    return q;
}

QString cell(const QAbstractItemModel &m, int row, int column, int role = Qt::DisplayRole)
{
    return m.index(row, column).data(role).toString();
}

} // namespace

void TestLeaseHistoryModel::showsEveryColumn()
{
    LeaseHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setHistory(byAddress("198.18.0.7"),
                     {entry(1'700'000'100, LeaseState::Bound, LeaseState::Released,
                            QStringLiteral("DHCPRELEASE")),
                      entry(1'700'000'000, std::nullopt, LeaseState::Offered)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.columnCount(), int(LeaseHistoryModel::ColumnCount));
    QCOMPARE(cell(model, 0, LeaseHistoryModel::Time),
             LeaseTableModel::formatAbsolute(1'700'000'100));
    QCOMPARE(cell(model, 0, LeaseHistoryModel::Address), QStringLiteral("198.18.0.7"));
    QCOMPARE(cell(model, 0, LeaseHistoryModel::HardwareAddress),
             QStringLiteral("02:00:00:00:00:07"));
    QCOMPARE(cell(model, 0, LeaseHistoryModel::Change), QStringLiteral("bound → released"));
    QCOMPARE(cell(model, 0, LeaseHistoryModel::Reason), QStringLiteral("DHCPRELEASE"));
    QCOMPARE(cell(model, 1, LeaseHistoryModel::Change), QStringLiteral("new → offered"));
    // The change cell wears the colours of the state it ends in, as the lease table does.
    QCOMPARE(model.index(0, LeaseHistoryModel::Change).data(Qt::BackgroundRole).value<QColor>(),
             LeaseTableModel::stateBackground(LeaseState::Released));
    QVERIFY(!model.index(0, LeaseHistoryModel::Reason).data(Qt::BackgroundRole).isValid());
    QCOMPARE(model.headerData(LeaseHistoryModel::Change, Qt::Horizontal).toString(),
             QStringLiteral("Change"));
}

void TestLeaseHistoryModel::replacesTheListWithOneReset()
{
    LeaseHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    model.setHistory(byAddress("198.18.0.7"), {entry(1, std::nullopt, LeaseState::Offered)});
    model.setHistory(byAddress("198.18.0.8"), {});
    QCOMPARE(resets.count(), 2);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.query(), byAddress("198.18.0.8"));
    model.clear();
    QCOMPARE(model.query(), HistoryQuery{});
}

void TestLeaseHistoryModel::titleSaysWhatAndHowMany_data()
{
    QTest::addColumn<HistoryQuery>("query");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("title");
    HistoryQuery mac;
    mac.mac = *parseMac(QStringLiteral("02:00:00:00:00:07"));
    HistoryQuery small = byAddress("198.18.0.7");
    small.limit = 3;
    QTest::newRow("address") << byAddress("198.18.0.7") << 14
                             << QStringLiteral("History of 198.18.0.7 — 14 entries");
    QTest::newRow("one") << byAddress("198.18.0.7") << 1
                         << QStringLiteral("History of 198.18.0.7 — 1 entry");
    QTest::newRow("none") << byAddress("198.18.0.7") << 0
                          << QStringLiteral("History of 198.18.0.7 — no entries");
    QTest::newRow("mac") << mac << 2 << QStringLiteral("History of 02:00:00:00:00:07 — 2 entries");
    QTest::newRow("cut at limit") << small << 3
                                  << QStringLiteral("History of 198.18.0.7 — latest 3 entries");
}

void TestLeaseHistoryModel::titleSaysWhatAndHowMany()
{
    QFETCH(HistoryQuery, query);
    QFETCH(int, count);
    QFETCH(QString, title);
    QCOMPARE(LeaseHistoryModel::title(query, count), title);
}

void TestLeaseHistoryModel::keepsClientTextPlain()
{
    LeaseHistoryModel model;
    const QString reason = QStringLiteral("declined: <b>taken</b>");
    model.setHistory(byAddress("198.18.0.7"),
                     {entry(1, LeaseState::Bound, LeaseState::Declined, reason)});
    QCOMPARE(cell(model, 0, LeaseHistoryModel::Reason), reason);
    const QString tip = cell(model, 0, LeaseHistoryModel::Reason, Qt::ToolTipRole);
    QVERIFY2(tip.contains(QStringLiteral("&lt;b&gt;")), qPrintable(tip));
}

void TestLeaseHistoryModel::exportsAsCsv()
{
    LeaseHistoryModel model;
    LeaseHistoryEntry byId = entry(1, std::nullopt, LeaseState::Offered);
    byId.hardwareAddress.clear();
    byId.clientId = QByteArray::fromHex("01aabb");
    model.setHistory(byAddress("198.18.0.7"), {byId});
    const QByteArray csv = CsvExport::write(model);
    QVERIFY2(csv.startsWith("Time,Address,MAC,Change,Reason\r\n"), csv.constData());
    QVERIFY2(csv.contains("id 01:aa:bb"), csv.constData());
}

QTEST_GUILESS_MAIN(TestLeaseHistoryModel)
#include "tst_leasehistorymodel.moc"
