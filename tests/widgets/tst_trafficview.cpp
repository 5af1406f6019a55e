// The Traffic tab as the admin uses it: batches from the tap show up in the list and the
// timeline, a pause holds them back without losing them, the filter row narrows the list,
// exports write what is shown or selected, and picking a packet anywhere shows it in the
// inspector.
#include "engine/testrequest.h"
#include "widgets/packetdetailview.h"
#include "widgets/packetfiltermodel.h"
#include "widgets/packetlistmodel.h"
#include "widgets/timelineview.h"
#include "widgets/trafficview.h"
#include "widgets/transactionmodel.h"

#include <QAction>
#include <QFile>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace leasedesk;

class TestTrafficView : public QObject
{
    Q_OBJECT

private slots:
    void batchesReachListAndTimeline();
    void pauseHoldsPacketsUntilResume();
    void filterRowNarrowsTheList();
    void exportsWriteShownOrSelectedPackets();
    void timelineStepSelectsThePacket();
};

namespace {

// One exchange's DISCOVER (received) and OFFER (sent) for client `n`, `ms` apart.
QList<PacketEvent> exchange(int n, qint64 atMs)
{
    TestRequest r;
    r.mac = QByteArray::fromHex("020000000000");
    r.mac[5] = char(n);
    r.xid = 0x1000u + quint32(n);
    PacketEvent discover;
    discover.timeMs = atMs;
    discover.interfaceName = QStringLiteral("lab0");
    discover.messageType = 1;
    discover.xid = r.xid;
    discover.hardwareAddress = r.mac;
    discover.outcome = Decision::Outcome::Replied;
    discover.reason = QStringLiteral("offered 198.18.0.%1 (a free address)").arg(100 + n);
    discover.scope = QStringLiteral("lab");
    discover.payload = encodeTestRequest(r);
    PacketEvent offer = discover;
    offer.timeMs = atMs + 2;
    offer.direction = PacketEvent::Direction::Sent;
    offer.messageType = 2;
    offer.yiaddr = Ipv4Address(198, 18, 0, quint8(100 + n));
    offer.address = offer.yiaddr;
    offer.peer = Ipv4Address(0xffffffffu);
    offer.peerPort = 68;
    offer.reason = QStringLiteral("sent to 255.255.255.255:68 (broadcast)");
    return {discover, offer};
}

// Numbers events as the PacketTap does.
QList<PacketEvent> numbered(QList<PacketEvent> events, quint64 &next)
{
    for (PacketEvent &e : events)
        e.serial = next++;
    return events;
}

int pcapRecords(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray bytes = f.readAll();
    int records = 0;
    for (qsizetype at = 24; at + 16 <= bytes.size(); ++records)
        at += 16 + qFromLittleEndian<quint32>(bytes.constData() + at + 8);
    return records;
}

} // namespace

void TestTrafficView::batchesReachListAndTimeline()
{
    TrafficView view;
    quint64 next = 1;
    view.appendEvents(numbered(exchange(1, 1000) + exchange(2, 1010), next));
    QCOMPARE(view.packetModel()->rowCount(), 4);
    QCOMPARE(view.transactionModel()->rowCount(), 2);
    QCOMPARE(view.transactionModel()->transactionAt(0).outcome, Transaction::Outcome::Offered);
    view.appendEvents({}, 7); // the tap had to drop seven
    QVERIFY2(view.statusText().contains(QLatin1String("7 not shown")),
             qPrintable(view.statusText()));
}

void TestTrafficView::pauseHoldsPacketsUntilResume()
{
    TrafficView view;
    quint64 next = 1;
    view.appendEvents(numbered(exchange(1, 1000), next));
    view.pauseAction()->trigger();
    QVERIFY(view.isPaused());
    view.appendEvents(numbered(exchange(2, 2000), next));
    view.appendEvents(numbered(exchange(3, 3000), next));
    QCOMPARE(view.packetModel()->rowCount(), 2); // frozen
    QVERIFY2(view.statusText().contains(QLatin1String("paused: 4 waiting")),
             qPrintable(view.statusText()));
    QCOMPARE(view.pauseAction()->text(), QStringLiteral("Resume"));

    view.pauseAction()->trigger();
    QCOMPARE(view.packetModel()->rowCount(), 6); // nothing lost, in order
    for (int r = 0; r < 6; ++r)
        QCOMPARE(view.packetModel()->eventAt(r).serial, quint64(r + 1));
    QCOMPARE(view.transactionModel()->rowCount(), 3);
    QVERIFY2(view.statusText().startsWith(QLatin1String("6 packets")),
             qPrintable(view.statusText()));
}

void TestTrafficView::filterRowNarrowsTheList()
{
    TrafficView view;
    quint64 next = 1;
    for (int n = 1; n <= 5; ++n)
        view.appendEvents(numbered(exchange(n, 1000 * n), next));
    auto *mac = view.findChild<QLineEdit *>(QStringLiteral("macFilter"));
    QTest::keyClicks(mac, QStringLiteral("00-00-03"));
    QCOMPARE(view.filterModel()->rowCount(), 2);
    QVERIFY(view.statusText().contains(QLatin1String("2 match the filter")));
    mac->clear();
    QTest::keyClicks(view.findChild<QLineEdit *>(QStringLiteral("addressFilter")),
                     QStringLiteral("198.18.0.104"));
    QCOMPARE(view.filterModel()->rowCount(), 1); // the OFFER's yiaddr
    QCOMPARE(view.packetModel()
                 ->eventAt(view.filterModel()->mapToSource(view.filterModel()->index(0, 0)).row())
                 .messageType,
             quint8(2));

    // Text that can match nothing says why instead of just showing an empty list.
    auto *xid = view.findChild<QLineEdit *>(QStringLiteral("xidFilter"));
    QTest::keyClicks(xid, QStringLiteral("0xzz"));
    QCOMPARE(view.filterModel()->rowCount(), 0);
    QVERIFY(xid->toolTip().contains(QLatin1String("hex digits")));
    xid->clear();
    QVERIFY(xid->toolTip().isEmpty());
}

void TestTrafficView::exportsWriteShownOrSelectedPackets()
{
    TrafficView view;
    quint64 next = 1;
    for (int n = 1; n <= 3; ++n)
        view.appendEvents(numbered(exchange(n, 1000 * n), next));
    QTemporaryDir dir;
    QVERIFY(view.exportPcap(dir.filePath(QStringLiteral("all.pcap")), false).isEmpty());
    QCOMPARE(pcapRecords(dir.filePath(QStringLiteral("all.pcap"))), 6);

    QTableView *table = view.packetTable();
    table->selectionModel()->select(view.filterModel()->index(1, 0),
                                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
    table->selectionModel()->select(view.filterModel()->index(4, 0),
                                    QItemSelectionModel::Select | QItemSelectionModel::Rows);
    QVERIFY(view.exportPcap(dir.filePath(QStringLiteral("two.pcap")), true).isEmpty());
    QCOMPARE(pcapRecords(dir.filePath(QStringLiteral("two.pcap"))), 2);
    QVERIFY(view.exportCsv(dir.filePath(QStringLiteral("two.csv")), true).isEmpty());
    QFile csv(dir.filePath(QStringLiteral("two.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
    QCOMPARE(lines.size(), 3); // header and the two rows
    QVERIFY(lines.at(1).contains("OFFER"));
    QVERIFY(lines.at(2).contains("DISCOVER"));

    // A file that cannot be written is named in the error.
    const QString bad = dir.filePath(QStringLiteral("all.pcap/inside.csv"));
    QVERIFY(view.exportCsv(bad, false).contains(bad));
}

void TestTrafficView::timelineStepSelectsThePacket()
{
    TrafficView view;
    quint64 next = 1;
    for (int n = 1; n <= 3; ++n)
        view.appendEvents(numbered(exchange(n, 1000 * n), next));
    emit view.timeline()->stepSelected(4); // client 2's OFFER
    const QModelIndex current = view.packetTable()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(view.packetModel()->eventAt(view.filterModel()->mapToSource(current).row()).serial,
             quint64(4));
    QVERIFY(!view.followAction()->isChecked()); // reading an older packet stops following
    const QString headline =
        view.detailView()->findChild<QLabel *>(QStringLiteral("summary"))->text();
    QVERIFY2(headline.contains(QLatin1String("OFFER")), qPrintable(headline));
    QVERIFY(headline.contains(QLatin1String("0x00001002")));
}

QTEST_MAIN(TestTrafficView)
#include "tst_trafficview.moc"
