// The list of other DHCP servers, each beside what we offer on that interface.
#include "widgets/csvexport.h"
#include "widgets/rogueservermodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTest>

using namespace leasedesk;

class TestRogueServerModel : public QObject
{
    Q_OBJECT

private slots:
    void showsWhatEachServerOffers();
    void showsOursBesideTheirs();
    void sortsByNumbers();
    void exportsAsCsv();
};

namespace {

RogueServer server(const char *id, const char *offered, qint64 responseMs, bool allowed)
{
    RogueServer s;
    s.interfaceName = QStringLiteral("br0");
    s.serverId = *Ipv4Address::fromString(id);
    s.sourceIp = s.serverId;
    s.sourceMac = *parseMac(QStringLiteral("02:00:00:00:00:09"));
    s.offered = *Ipv4Address::fromString(offered);
    s.router = *Ipv4Address::fromString("198.18.0.254");
    s.dns = {*Ipv4Address::fromString("198.18.0.53"), *Ipv4Address::fromString("198.18.0.54")};
    s.leaseTime = 7200;
    s.responseMs = responseMs;
    s.allowed = allowed;
    return s;
}

QString cell(const QAbstractItemModel &m, int row, int column, int role = Qt::DisplayRole)
{
    return m.index(row, column).data(role).toString();
}

} // namespace

void TestRogueServerModel::showsWhatEachServerOffers()
{
    RogueServerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setServers({server("198.18.0.9", "198.18.0.150", 12, false),
                      server("198.18.0.10", "198.18.0.160", -1, true)});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(cell(model, 0, RogueServerModel::Interface), QStringLiteral("br0"));
    QCOMPARE(cell(model, 0, RogueServerModel::ServerId), QStringLiteral("198.18.0.9"));
    QCOMPARE(cell(model, 0, RogueServerModel::HardwareAddress),
             QStringLiteral("02:00:00:00:00:09"));
    QCOMPARE(cell(model, 0, RogueServerModel::Offers), QStringLiteral("198.18.0.150"));
    QCOMPARE(cell(model, 0, RogueServerModel::Router), QStringLiteral("198.18.0.254"));
    QCOMPARE(cell(model, 0, RogueServerModel::Dns), QStringLiteral("198.18.0.53, 198.18.0.54"));
    QCOMPARE(cell(model, 0, RogueServerModel::LeaseTime), QStringLiteral("2 h"));
    QCOMPARE(cell(model, 0, RogueServerModel::ResponseTime), QStringLiteral("12 ms"));
    QCOMPARE(cell(model, 1, RogueServerModel::ResponseTime), QStringLiteral("seen on the wire"));
    QCOMPARE(cell(model, 0, RogueServerModel::Status), QStringLiteral("rogue"));
    QCOMPARE(cell(model, 1, RogueServerModel::Status), QStringLiteral("known"));
    QVERIFY(model.index(0, RogueServerModel::Status).data(Qt::BackgroundRole).isValid());
    QVERIFY(!model.index(1, RogueServerModel::Status).data(Qt::BackgroundRole).isValid());
    QCOMPARE(model.serverAt(1).offered, *Ipv4Address::fromString("198.18.0.160"));
}

void TestRogueServerModel::showsOursBesideTheirs()
{
    RogueServerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    RogueServer other = server("198.19.0.9", "198.19.0.150", 5, false);
    other.interfaceName = QStringLiteral("eth1");
    model.setServers({server("198.18.0.9", "198.18.0.150", 12, false), other});
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setOurSettings(
        {{QStringLiteral("br0"), QStringLiteral("router 198.18.0.1, DNS 198.18.0.1, lease 1 h")}});
    QCOMPARE(changed.size(), 1);
    QCOMPARE(cell(model, 0, RogueServerModel::Ours),
             QStringLiteral("router 198.18.0.1, DNS 198.18.0.1, lease 1 h"));
    QCOMPARE(cell(model, 1, RogueServerModel::Ours), QString());
}

void TestRogueServerModel::sortsByNumbers()
{
    RogueServerModel model;
    QSortFilterProxyModel sorted;
    sorted.setSourceModel(&model);
    sorted.setSortRole(RogueServerModel::SortRole);
    QAbstractItemModelTester tester(&sorted,
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setServers({server("198.18.0.10", "198.18.0.160", -1, false),
                      server("198.18.0.9", "198.18.0.150", 12, false)});
    sorted.sort(RogueServerModel::ServerId);
    QCOMPARE(cell(sorted, 0, RogueServerModel::ServerId), QStringLiteral("198.18.0.9"));
    sorted.sort(RogueServerModel::ResponseTime);
    QCOMPARE(cell(sorted, 0, RogueServerModel::ResponseTime), QStringLiteral("seen on the wire"));
}

void TestRogueServerModel::exportsAsCsv()
{
    RogueServerModel model;
    model.setServers({server("198.18.0.9", "198.18.0.150", 12, false)});
    QCOMPARE(CsvExport::write(model),
             QByteArray("Interface,Server,MAC,Offers,Router,DNS,Lease time,Response,Status,Ours\r\n"
                        "br0,198.18.0.9,02:00:00:00:00:09,198.18.0.150,198.18.0.254,"
                        "\"198.18.0.53, 198.18.0.54\",2 h,12 ms,rogue,\r\n"));
}

QTEST_GUILESS_MAIN(TestRogueServerModel)
#include "tst_rogueservermodel.moc"
