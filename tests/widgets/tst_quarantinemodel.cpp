// The conflicts and quarantine list: how each address was found in use, by whom, and the
// reclaim action.
#include "core/configuration.h"
#include "widgets/leasetablemodel.h"
#include "widgets/quarantinemodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace leasedesk;

class TestQuarantineModel : public QObject
{
    Q_OBJECT

private slots:
    void namesMethodSquatterAndTimes();
    void methodFromTheEnginesWording_data();
    void methodFromTheEnginesWording();
    void batchAddsUpdatesAndDrops();
    void reclaimAsksForTheAddress();
    void showsClientTextPlainly();
};

namespace {

constexpr qint64 Now = 1'700'000'000;

Lease quarantined(const char *ip, LeaseState state, const char *mac, const QString &detail)
{
    Lease l;
    l.address = *Ipv4Address::fromString(ip);
    l.hardwareAddress = *parseMac(QString::fromLatin1(mac));
    l.state = state;
    l.start = Now;
    l.end = Now + 3600;
    l.detail = detail;
    l.scope = QStringLiteral("lab");
    return l;
}

QString cell(const QAbstractItemModel &m, int row, int column, int role = Qt::DisplayRole)
{
    return m.index(row, column).data(role).toString();
}

const QString Icmp = QStringLiteral("is in use by 02:00:00:00:00:99 (answered ICMP echo)");
const QString Declined =
    QStringLiteral("declined by 02:00:00:00:00:07: the address is in use on the network");

} // namespace

void TestQuarantineModel::namesMethodSquatterAndTimes()
{
    QuarantineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Lease bound = quarantined("198.18.0.3", LeaseState::Bound, "02:00:00:00:00:03", {});
    model.setLeases(
        {quarantined("198.18.0.1", LeaseState::Conflict, "02:00:00:00:00:99", Icmp), bound,
         quarantined("198.18.0.2", LeaseState::Declined, "02:00:00:00:00:07", Declined)});
    QCOMPARE(model.rowCount(), 2); // the bound lease is not in quarantine
    QCOMPARE(cell(model, 0, QuarantineModel::Address), QStringLiteral("198.18.0.1"));
    QCOMPARE(cell(model, 0, QuarantineModel::State), QStringLiteral("conflict"));
    QCOMPARE(cell(model, 0, QuarantineModel::Method), QStringLiteral("ICMP echo"));
    QCOMPARE(cell(model, 0, QuarantineModel::Squatter), QStringLiteral("02:00:00:00:00:99"));
    QCOMPARE(cell(model, 0, QuarantineModel::Since), LeaseTableModel::formatAbsolute(Now));
    QCOMPARE(cell(model, 0, QuarantineModel::Until), LeaseTableModel::formatAbsolute(Now + 3600));
    QCOMPARE(model.index(0, QuarantineModel::Until).data(QuarantineModel::SortRole).toLongLong(),
             Now + 3600);
    QCOMPARE(cell(model, 1, QuarantineModel::Method), QStringLiteral("DHCPDECLINE"));
    // The decliner is not the machine using the address.
    QCOMPARE(cell(model, 1, QuarantineModel::Squatter), QString());
    QCOMPARE(cell(model, 1, QuarantineModel::Detail), Declined);
    QCOMPARE(model.leaseAt(1).address, *Ipv4Address::fromString("198.18.0.2"));
}

void TestQuarantineModel::methodFromTheEnginesWording_data()
{
    QTest::addColumn<QString>("detail");
    QTest::addColumn<QString>("method");
    QTest::newRow("icmp") << Icmp << QStringLiteral("ICMP echo");
    QTest::newRow("arp") << QStringLiteral("is in use by 02:00:00:00:00:99 (answered ARP)")
                         << QStringLiteral("ARP reply");
    QTest::newRow("arp claim") << QStringLiteral(
        "is in use by 02:00:00:00:00:99, which holds no lease (ARP claim)")
                               << QStringLiteral("ARP claim");
    QTest::newRow("declined") << Declined << QStringLiteral("DHCPDECLINE");
    QTest::newRow("unknown") << QStringLiteral("something else") << QString();
}

void TestQuarantineModel::methodFromTheEnginesWording()
{
    QFETCH(QString, detail);
    QFETCH(QString, method);
    QCOMPARE(QuarantineModel::methodFromDetail(detail), method);
}

void TestQuarantineModel::batchAddsUpdatesAndDrops()
{
    QuarantineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setLeases({quarantined("198.18.0.1", LeaseState::Conflict, "02:00:00:00:00:91", Icmp),
                     quarantined("198.18.0.2", LeaseState::Conflict, "02:00:00:00:00:92", Icmp),
                     quarantined("198.18.0.3", LeaseState::Conflict, "02:00:00:00:00:93", Icmp)});
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    Lease reclaimed = model.leaseAt(0);
    reclaimed.state = LeaseState::Expired; // reclaim ends the quarantine
    Lease longer = model.leaseAt(2);
    longer.end += 3600;
    model.applyChanges(
        {reclaimed, longer,
         quarantined("198.18.0.8", LeaseState::Declined, "02:00:00:00:00:08", Declined),
         quarantined("198.18.0.9", LeaseState::Conflict, "02:00:00:00:00:09", Icmp),
         quarantined("198.18.0.10", LeaseState::Bound, "02:00:00:00:00:10", {})});
    QCOMPARE(reset.size(), 0);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted[0][2].toInt() - inserted[0][1].toInt(), 1); // two rows in one go
    QCOMPARE(changed.size(), 1);
    QStringList addresses;
    for (int row = 0; row < model.rowCount(); ++row)
        addresses.append(cell(model, row, QuarantineModel::Address));
    QCOMPARE(addresses,
             (QStringList{QStringLiteral("198.18.0.2"), QStringLiteral("198.18.0.3"),
                          QStringLiteral("198.18.0.8"), QStringLiteral("198.18.0.9")}));
    QCOMPARE(model.leaseAt(1).end, Now + 7200);
}

void TestQuarantineModel::reclaimAsksForTheAddress()
{
    QuarantineModel model;
    model.setLeases({quarantined("198.18.0.1", LeaseState::Conflict, "02:00:00:00:00:91", Icmp)});
    QSignalSpy asked(&model, &QuarantineModel::reclaimRequested);
    model.reclaim(0);
    model.reclaim(5); // no such row: nothing
    QCOMPARE(asked.size(), 1);
    QCOMPARE(asked[0][0].value<Ipv4Address>(), *Ipv4Address::fromString("198.18.0.1"));
}

void TestQuarantineModel::showsClientTextPlainly()
{
    QuarantineModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString detail = Declined + QStringLiteral(" (\"<b>x</b>\")");
    model.setLeases({quarantined("198.18.0.1", LeaseState::Declined, "02:00:00:00:00:07", detail)});
    QCOMPARE(cell(model, 0, QuarantineModel::Detail), detail);
    QVERIFY(
        !cell(model, 0, QuarantineModel::Detail, Qt::ToolTipRole).contains(QLatin1String("<b>")));
}

QTEST_GUILESS_MAIN(TestQuarantineModel)
#include "tst_quarantinemodel.moc"
