// The live packet list and its filter bar, as the traffic tab uses them.
#include "core/configuration.h"
#include "proto/dhcpmessage.h"
#include "widgets/packetfiltermodel.h"
#include "widgets/packetlistmodel.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace leasedesk;
using Verdict = PacketListModel::Verdict;

class TestPacketListModel : public QObject
{
    Q_OBJECT

private slots:
    void showsEveryColumn();
    void showsVerdictsAndColours();
    void capDropsOldestWithOneRemoveAndOneInsert();
    void findsRowsBySerialAcrossGaps();
    void shrinkingAndClearing();
    void filtersByMac_data();
    void filtersByMac();
    void filtersByAddress_data();
    void filtersByAddress();
    void filtersByXid_data();
    void filtersByXid();
    void filtersByTypeAndVerdict();
    void combinesFilters();
    void keepsFilteringWhileRowsArriveAndFallOff();
    void refiltersOnlyWhenAFilterChanges();
    void keepsUpWithAFlood();
};

namespace {

constexpr qint64 When = 1'700'000'000'123; // Unix ms

Ipv4Address ip(const char *text)
{
    return *Ipv4Address::fromString(text);
}

PacketEvent packet(quint64 serial, quint8 type = 1, quint32 xid = 0x1000,
                   const char *mac = "02:00:00:00:00:01")
{
    PacketEvent e;
    e.serial = serial;
    e.timeMs = When + qint64(serial);
    e.interfaceName = QStringLiteral("eth1");
    e.peer = ip("0.0.0.0");
    e.peerPort = 68;
    e.messageType = type;
    e.xid = xid;
    e.hardwareAddress = *parseMac(QString::fromLatin1(mac));
    e.scope = QStringLiteral("lab");
    e.outcome = Decision::Outcome::Replied;
    e.reason = QStringLiteral("offered 198.18.0.100 (a free address)");
    return e;
}

PacketEvent sent(quint64 serial, const QString &reason)
{
    PacketEvent e = packet(serial, 2);
    e.direction = PacketEvent::Direction::Sent;
    e.peer = ip("255.255.255.255");
    e.yiaddr = ip("198.18.0.100");
    e.address = e.yiaddr;
    e.reason = reason;
    return e;
}

QList<PacketEvent> batch(quint64 firstSerial, int count)
{
    QList<PacketEvent> events;
    for (int i = 0; i < count; ++i)
        events.append(packet(firstSerial + quint64(i), quint8(1 + i % 8), quint32(i)));
    return events;
}

QString cell(const QAbstractItemModel &m, int row, int column, int role = Qt::DisplayRole)
{
    return m.index(row, column).data(role).toString();
}

QList<quint64> visibleSerials(const QAbstractItemModel &m)
{
    QList<quint64> serials;
    for (int row = 0; row < m.rowCount(); ++row)
        serials.append(m.index(row, 0).data(PacketListModel::SerialRole).toULongLong());
    return serials;
}

// Eight packets with different MACs, addresses, xids, types and verdicts, serials 1-8.
QList<PacketEvent> variety()
{
    QList<PacketEvent> events;
    PacketEvent e = packet(1, 1, 0x1000, "02:00:00:00:00:0a"); // DISCOVER, answered
    events.append(e);
    e = sent(2, QStringLiteral("255.255.255.255:68 on eth1 (broadcast)")); // OFFER .100
    e.hardwareAddress = *parseMac(QStringLiteral("02:00:00:00:00:0a"));
    events.append(e);
    e = packet(3, 3, 0x1000, "02:00:00:00:00:0a"); // REQUEST from .1 (renewing)
    e.ciaddr = ip("198.18.0.1");
    e.peer = ip("198.18.0.1");
    events.append(e);
    e = packet(4, 1, 0xdeadbeef, "aa:bb:cc:00:00:10"); // relayed DISCOVER, ignored
    e.giaddr = ip("198.18.0.10");
    e.peer = ip("198.18.0.10");
    e.outcome = Decision::Outcome::Ignored;
    e.reason = QStringLiteral("no scope for relay 198.18.0.10");
    events.append(e);
    e = packet(5, 3, 0x2000, "aa:bb:cc:00:00:21"); // REQUEST about .21
    e.address = ip("198.18.0.21");
    e.outcome = Decision::Outcome::Silent;
    e.reason = QStringLiteral("another server chosen");
    events.append(e);
    e = packet(6, 0, 0x3000, "aa:bb:cc:00:00:22"); // garbage
    e.outcome = Decision::Outcome::Malformed;
    e.reason = QStringLiteral("truncated header");
    events.append(e);
    e = sent(7, QStringLiteral("not sent: network unreachable")); // ACK .150, xid 0x1000, mac :01
    e.messageType = 5;
    e.yiaddr = ip("198.18.0.150");
    e.address = e.yiaddr;
    events.append(e);
    e = packet(8, 1, 0x4000, "02:00:00:00:00:0b");
    e.outcome = Decision::Outcome::Probing;
    e.reason = QStringLiteral("probing 198.18.1.1");
    e.address = ip("198.18.1.1");
    events.append(e);
    return events;
}

struct Lab
{
    PacketListModel list{100};
    PacketFilterModel filter;
    QAbstractItemModelTester listTester{&list,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest};
    QAbstractItemModelTester filterTester{&filter,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest};
    Lab()
    {
        filter.setSourceModel(&list);
        list.appendEvents(variety());
    }
};

} // namespace

void TestPacketListModel::showsEveryColumn()
{
    PacketListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    PacketEvent test = sent(3, QStringLiteral("to the test client"));
    test.test = true;
    PacketEvent unknown = packet(4, 0, 0xabcdef);
    unknown.hardwareAddress.clear();
    model.appendEvents(
        {packet(1, 1, 0x1000, "02:00:00:00:00:0A"), sent(2, QStringLiteral("x")), test, unknown});

    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.columnCount(), int(PacketListModel::ColumnCount));
    QCOMPARE(cell(model, 0, PacketListModel::Number), QStringLiteral("1"));
    QCOMPARE(cell(model, 0, PacketListModel::Time),
             QDateTime::fromMSecsSinceEpoch(When + 1).toString(QStringLiteral("hh:mm:ss.zzz")));
    QCOMPARE(cell(model, 0, PacketListModel::Time).size(), 12);
    QCOMPARE(cell(model, 0, PacketListModel::Direction), QStringLiteral("◂"));
    QCOMPARE(cell(model, 1, PacketListModel::Direction), QStringLiteral("▸"));
    QCOMPARE(cell(model, 2, PacketListModel::Direction), QStringLiteral("test ▸"));
    QVERIFY(model.index(2, 0).data(Qt::FontRole).value<QFont>().italic());
    QVERIFY(!model.index(1, 0).data(Qt::FontRole).isValid());
    QCOMPARE(cell(model, 0, PacketListModel::Interface), QStringLiteral("eth1"));
    QCOMPARE(cell(model, 0, PacketListModel::Type), QStringLiteral("DISCOVER"));
    QCOMPARE(cell(model, 1, PacketListModel::Type), QStringLiteral("OFFER"));
    QCOMPARE(cell(model, 3, PacketListModel::Type), QStringLiteral("—"));
    QCOMPARE(cell(model, 0, PacketListModel::Xid), QStringLiteral("0x00001000"));
    QCOMPARE(cell(model, 3, PacketListModel::Xid), QStringLiteral("0x00abcdef"));
    QCOMPARE(cell(model, 0, PacketListModel::Mac), QStringLiteral("02:00:00:00:00:0a"));
    QCOMPARE(cell(model, 3, PacketListModel::Mac), QString());
    QCOMPARE(cell(model, 0, PacketListModel::Ciaddr), QString()); // 0.0.0.0: not set
    QCOMPARE(cell(model, 0, PacketListModel::Yiaddr), QString());
    QCOMPARE(cell(model, 1, PacketListModel::Yiaddr), QStringLiteral("198.18.0.100"));
    QCOMPARE(cell(model, 0, PacketListModel::Scope), QStringLiteral("lab"));
    QVERIFY(cell(model, 0, PacketListModel::Direction, Qt::ToolTipRole)
                .contains(QStringLiteral("received from 0.0.0.0:68")));
    QVERIFY(cell(model, 2, PacketListModel::Direction, Qt::ToolTipRole)
                .contains(QStringLiteral("test client")));
    QCOMPARE(model.index(0, 0).data(PacketListModel::SerialRole).toULongLong(), 1u);
    const auto back = model.index(3, 5).data(PacketListModel::EventRole).value<PacketEvent>();
    QCOMPARE(back.serial, 4u);
    QCOMPARE(back.xid, 0xabcdefu);

    const QStringList headers{"No.",        "Time",   "",       "Interface", "Type",  "xid",
                              "Client MAC", "ciaddr", "yiaddr", "giaddr",    "Scope", "Verdict"};
    for (int c = 0; c < PacketListModel::ColumnCount; ++c)
        QCOMPARE(model.headerData(c, Qt::Horizontal).toString(), headers[c]);
}

void TestPacketListModel::showsVerdictsAndColours()
{
    PacketListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEvents(variety());
    const auto verdict = [&](int row) {
        return Verdict(model.index(row, 0).data(PacketListModel::VerdictRole).toInt());
    };
    QCOMPARE(verdict(0), Verdict::Answered);
    QCOMPARE(verdict(1), Verdict::Sent);
    QCOMPARE(verdict(3), Verdict::Ignored);
    QCOMPARE(verdict(4), Verdict::Silent);
    QCOMPARE(verdict(5), Verdict::Malformed);
    QCOMPARE(verdict(6), Verdict::NotSent);
    QCOMPARE(verdict(7), Verdict::Probing);

    const int v = PacketListModel::VerdictColumn;
    QCOMPARE(cell(model, 3, v), QStringLiteral("ignored: no scope for relay 198.18.0.10"));
    QCOMPARE(cell(model, 0, v), QStringLiteral("answered: offered 198.18.0.100 (a free address)"));
    QCOMPARE(cell(model, 6, v), QStringLiteral("not sent: network unreachable")); // not twice
    QCOMPARE(cell(model, 5, v), QStringLiteral("malformed: truncated header"));
    QVERIFY(cell(model, 3, v, Qt::ToolTipRole).contains(QStringLiteral("no scope for relay")));

    // Problems stand out; a plain answer keeps the theme's colours.
    const QColor red = PacketListModel::verdictForeground(Verdict::Ignored);
    QVERIFY(red.isValid());
    for (int row : {3, 5, 6})
        QCOMPARE(model.index(row, 2).data(Qt::ForegroundRole).value<QColor>(), red);
    QVERIFY(!model.index(0, 2).data(Qt::ForegroundRole).isValid());
    QVERIFY(!model.index(0, 2).data(Qt::BackgroundRole).isValid());
    QVERIFY(model.index(7, 2).data(Qt::BackgroundRole).isValid()); // probing: waiting
}

void TestPacketListModel::capDropsOldestWithOneRemoveAndOneInsert()
{
    PacketListModel model(100);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy removing(&model, &QAbstractItemModel::rowsAboutToBeRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);

    model.appendEvents(batch(1, 70));
    QCOMPARE(model.rowCount(), 70);
    QCOMPARE(removing.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.droppedFromView(), 0u);

    model.appendEvents(batch(71, 70)); // 140 > 100: the 40 oldest go
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(removing.count(), 1);
    QCOMPARE(removing.last().at(1).toInt(), 0);
    QCOMPARE(removing.last().at(2).toInt(), 39);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.last().at(1).toInt(), 30);
    QCOMPARE(inserted.last().at(2).toInt(), 99);
    QCOMPARE(model.eventAt(0).serial, 41u);
    QCOMPARE(model.rowOfSerial(40), -1);
    QCOMPARE(model.rowOfSerial(41), 0);
    QCOMPARE(model.droppedFromView(), 40u);

    model.appendEvents(batch(141, 250)); // bigger than the list: its newest 100 stay
    QCOMPARE(model.rowCount(), 100);
    QCOMPARE(removing.count(), 2);
    QCOMPARE(removing.last().at(2).toInt(), 99);
    QCOMPARE(inserted.count(), 3);
    QCOMPARE(model.eventAt(0).serial, 291u);
    QCOMPARE(model.eventAt(99).serial, 390u);
    QCOMPARE(model.rowOfSerial(140), -1);
    QCOMPARE(model.rowOfSerial(290), -1);
    QCOMPARE(model.rowOfSerial(291), 0);
    QCOMPARE(model.rowOfSerial(390), 99);
    QCOMPARE(model.rowOfSerial(391), -1);
    QCOMPARE(model.droppedFromView(), 40u + 100u + 150u);
    QCOMPARE(cell(model, 0, PacketListModel::Number), QStringLiteral("291"));

    model.appendEvents({});
    QCOMPARE(removing.count(), 2);
    QCOMPARE(inserted.count(), 3);
}

void TestPacketListModel::findsRowsBySerialAcrossGaps()
{
    PacketListModel model;
    // The tap dropped 2, 4, 6…: gaps in the serials.
    QList<PacketEvent> events;
    for (quint64 s = 1; s < 200; s += 2)
        events.append(packet(s));
    model.appendEvents(events);
    QCOMPARE(model.rowOfSerial(1), 0);
    QCOMPARE(model.rowOfSerial(101), 50);
    QCOMPARE(model.rowOfSerial(199), 99);
    QCOMPARE(model.rowOfSerial(100), -1);
    QCOMPARE(model.rowOfSerial(0), -1);
    QCOMPARE(model.rowOfSerial(1000), -1);
}

void TestPacketListModel::shrinkingAndClearing()
{
    PacketListModel model(100);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEvents(batch(1, 80));
    model.setCapacity(30);
    QCOMPARE(model.capacity(), 30);
    QCOMPARE(model.rowCount(), 30);
    QCOMPARE(model.eventAt(0).serial, 51u);
    QCOMPARE(model.droppedFromView(), 50u);
    model.setCapacity(0); // nonsense: one row at least
    QCOMPARE(model.capacity(), 1);
    QCOMPARE(model.eventAt(0).serial, 80u);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.clear();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.droppedFromView(), 0u);
    QCOMPARE(model.rowOfSerial(80), -1);
}

void TestPacketListModel::filtersByMac_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QList<quint64>>("serials");
    const QList<quint64> a{1, 2, 3};
    QTest::newRow("colons") << "02:00:00:00:00:0a" << true << a;
    QTest::newRow("dashes, upper case") << "02-00-00-00-00-0A" << true << a;
    QTest::newRow("cisco dots") << "0200.0000.000a" << true << a;
    QTest::newRow("bare tail") << "000a" << true << a;
    QTest::newRow("prefix") << "0200" << true << QList<quint64>{1, 2, 3, 7, 8};
    QTest::newRow("vendor") << "AA:BB:CC" << true << QList<quint64>{4, 5, 6};
    QTest::newRow("padded") << "  aa bb cc 00 00 21 " << true << QList<quint64>{5};
    QTest::newRow("absent") << "02:00:00:00:00:ff" << true << QList<quint64>{};
    QTest::newRow("not hex") << "printer" << false << QList<quint64>{};
    QTest::newRow("empty") << "" << true << QList<quint64>{1, 2, 3, 4, 5, 6, 7, 8};
}

void TestPacketListModel::filtersByMac()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QList<quint64>, serials);
    Lab lab;
    QCOMPARE(lab.filter.setMacFilter(text), valid);
    QCOMPARE(visibleSerials(lab.filter), serials);
    QCOMPARE(lab.filter.isFiltering(), !text.isEmpty());
}

void TestPacketListModel::filtersByAddress_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QList<quint64>>("serials");
    // ciaddr .1 (3), giaddr/peer .10 (4), address .21 (5), yiaddr .100 (2), .150 (7), 1.1 (8)
    QTest::newRow("prefix .1") << "198.18.0.1" << true << QList<quint64>{2, 3, 4, 7};
    QTest::newRow("exact .1") << "198.18.0.1 " << true << QList<quint64>{3};
    QTest::newRow("cidr /32") << "198.18.0.10/32" << true << QList<quint64>{4};
    QTest::newRow("prefix .2") << "198.18.0.2" << true << QList<quint64>{5};
    QTest::newRow("subnet /24") << "198.18.0.0/24" << true << QList<quint64>{2, 3, 4, 5, 7};
    QTest::newRow("trailing dot") << "198.18.1." << true << QList<quint64>{8};
    QTest::newRow("first octets") << "198.1" << true << QList<quint64>{2, 3, 4, 5, 7, 8};
    QTest::newRow("broadcast peer") << "255." << true << QList<quint64>{2, 7};
    QTest::newRow("zero never matches") << "0." << true << QList<quint64>{};
    QTest::newRow("too big") << "198.300" << false << QList<quint64>{};
    QTest::newRow("letters") << "lab" << false << QList<quint64>{};
    QTest::newRow("exact needs four") << "198.18 " << false << QList<quint64>{};
}

void TestPacketListModel::filtersByAddress()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QList<quint64>, serials);
    Lab lab;
    QCOMPARE(lab.filter.setAddressFilter(text), valid);
    QCOMPARE(visibleSerials(lab.filter), serials);
    QVERIFY(lab.filter.isFiltering());
}

void TestPacketListModel::filtersByXid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QList<quint64>>("serials");
    const QList<quint64> dora{1, 2, 3, 7};
    QTest::newRow("bare") << "1000" << true << dora;
    QTest::newRow("0x") << "0x1000" << true << dora;
    QTest::newRow("0X padded") << "0X00001000" << true << dora;
    QTest::newRow("exact, not prefix") << "100" << true << QList<quint64>{};
    QTest::newRow("upper case") << "DEADBEEF" << true << QList<quint64>{4};
    QTest::newRow("too long") << "0x123456789" << false << QList<quint64>{};
    QTest::newRow("not hex") << "0xzz" << false << QList<quint64>{};
}

void TestPacketListModel::filtersByXid()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(QList<quint64>, serials);
    Lab lab;
    QCOMPARE(lab.filter.setXidFilter(text), valid);
    QCOMPARE(visibleSerials(lab.filter), serials);
}

void TestPacketListModel::filtersByTypeAndVerdict()
{
    Lab lab;
    lab.filter.setTypeFilter(3); // REQUEST
    QCOMPARE(visibleSerials(lab.filter), (QList<quint64>{3, 5}));
    lab.filter.setTypeFilter(0);
    QCOMPARE(lab.filter.rowCount(), 8);
    QVERIFY(!lab.filter.isFiltering());

    lab.filter.setVerdictFilter(Verdict::Ignored);
    QCOMPARE(visibleSerials(lab.filter), (QList<quint64>{4}));
    lab.filter.setVerdictFilter(Verdict::NotSent);
    QCOMPARE(visibleSerials(lab.filter), (QList<quint64>{7}));
    lab.filter.setVerdictFilter(std::nullopt);
    lab.filter.setProblemsOnly(true);
    QCOMPARE(visibleSerials(lab.filter), (QList<quint64>{4, 6, 7}));
    lab.filter.clearFilters();
    QCOMPARE(lab.filter.rowCount(), 8);
    QVERIFY(!lab.filter.isFiltering());
}

void TestPacketListModel::combinesFilters()
{
    Lab lab;
    lab.filter.setMacFilter(QStringLiteral("02:00"));
    lab.filter.setTypeFilter(1); // DISCOVER
    QCOMPARE(visibleSerials(lab.filter), (QList<quint64>{1, 8}));
    lab.filter.setXidFilter(QStringLiteral("4000"));
    QCOMPARE(visibleSerials(lab.filter), (QList<quint64>{8}));
    lab.filter.setVerdictFilter(Verdict::Answered);
    QCOMPARE(visibleSerials(lab.filter), QList<quint64>{});
    lab.filter.setVerdictFilter(Verdict::Probing);
    lab.filter.setAddressFilter(QStringLiteral("198.18.1.1 "));
    QCOMPARE(visibleSerials(lab.filter), (QList<quint64>{8}));
}

void TestPacketListModel::keepsFilteringWhileRowsArriveAndFallOff()
{
    PacketListModel list(100);
    PacketFilterModel filter;
    filter.setSourceModel(&list);
    QAbstractItemModelTester listTester(&list,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(&filter,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    filter.setTypeFilter(3); // batch(): type 1 + i % 8, so every 8th packet is a REQUEST
    filter.setXidFilter(QStringLiteral("0x2")); // and i == 2 makes it a REQUEST: one per batch
    const auto expected = [&] {
        QList<quint64> serials;
        for (int row = 0; row < list.rowCount(); ++row)
            if (list.eventAt(row).messageType == 3 && list.eventAt(row).xid == 2)
                serials.append(list.eventAt(row).serial);
        return serials;
    };
    quint64 next = 1;
    for (int size : {70, 70, 250, 30, 1, 99}) {
        list.appendEvents(batch(next, size));
        next += quint64(size);
        QCOMPARE(list.rowCount(), std::min<qsizetype>(100, qsizetype(next - 1)));
        QCOMPARE(visibleSerials(filter), expected());
    }
    // batch() gives xid i to its i-th packet: of the newest 100 (421-520), only the third
    // packet of the last batch is left; 393 (the 30-packet batch's) fell off with its batch.
    QCOMPARE(visibleSerials(filter), (QList<quint64>{424}));
    QCOMPARE(list.rowOfSerial(393), -1);

    filter.setXidFilter({});
    int requests = 0;
    for (int row = 0; row < list.rowCount(); ++row)
        requests += list.eventAt(row).messageType == 3;
    QCOMPARE(filter.rowCount(), requests);
    QCOMPARE(requests, 13); // 422-520: i = 2, 10, … 98
    for (int row = 0; row < filter.rowCount(); ++row)
        QCOMPARE(filter.index(row, PacketListModel::Type).data().toString(),
                 QStringLiteral("REQUEST"));
}

void TestPacketListModel::refiltersOnlyWhenAFilterChanges()
{
    class CountingFilter : public PacketFilterModel
    {
    public:
        mutable int calls = 0;

    protected:
        bool filterAcceptsRow(int row, const QModelIndex &parent) const override
        {
            ++calls;
            return PacketFilterModel::filterAcceptsRow(row, parent);
        }
    };
    PacketListModel list;
    CountingFilter filter;
    filter.setSourceModel(&list);
    list.appendEvents(batch(1, 1000));
    filter.setMacFilter(QStringLiteral("02:00"));
    filter.setAddressFilter(QStringLiteral("198.18."));
    filter.setXidFilter(QStringLiteral("0x10"));
    filter.setTypeFilter(1);
    filter.setVerdictFilter(Verdict::Answered);
    filter.setProblemsOnly(false);
    filter.calls = 0;
    QVERIFY(filter.setMacFilter(QStringLiteral(" 02:00 ")));
    QVERIFY(filter.setAddressFilter(QStringLiteral("198.18.")));
    QVERIFY(filter.setXidFilter(QStringLiteral("0x10")));
    filter.setTypeFilter(1);
    filter.setVerdictFilter(Verdict::Answered);
    filter.setProblemsOnly(false);
    QCOMPARE(filter.calls, 0);
    filter.setTypeFilter(2);
    QVERIFY(filter.calls >= 1000);
}

void TestPacketListModel::keepsUpWithAFlood()
{
    PacketListModel list(50'000);
    PacketFilterModel filter;
    filter.setSourceModel(&list);
    filter.setProblemsOnly(true);
    QList<PacketEvent> events = batch(0, 500);
    QElapsedTimer timer;
    timer.start();
    for (quint64 serial = 1; serial <= 200'000; serial += 500) {
        for (int i = 0; i < events.size(); ++i)
            events[i].serial = serial + quint64(i);
        events[0].outcome = Decision::Outcome::Ignored; // one problem per batch
        list.appendEvents(events);
    }
    qInfo("200,000 events in batches of 500, cap 50,000, with a filter: %lld ms", timer.elapsed());
    QCOMPARE(list.rowCount(), 50'000);
    QCOMPARE(list.eventAt(0).serial, 150'001u);
    QCOMPARE(list.droppedFromView(), 150'000u);
    QCOMPARE(filter.rowCount(), 100);
    QCOMPARE(list.rowOfSerial(175'000), 25'000 - 1);
}

QTEST_MAIN(TestPacketListModel)
#include "tst_packetlistmodel.moc"
