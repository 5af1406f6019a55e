// Packets grouped into DHCP exchanges, and the "why no address" explanation built on them.
#include "core/configuration.h"
#include "proto/dhcpcodec.h"
#include "widgets/clientdiagnosis.h"
#include "widgets/clientdiagnosisview.h"
#include "widgets/transactionmodel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTest>

using namespace leasedesk;

class TestTransactionModel : public QObject
{
    Q_OBJECT

private slots:
    void groupsDoraIntoOneBoundTransaction();
    void drawsRelayedPacketsThroughTheRelay();
    void ignoredDiscoverSaysWhy();
    void nakSaysWhy();
    void declineIsAConflict();
    void startsOverAfterQuietOrAFinishedExchange();
    void capRemovesOldestInOneStep();
    void batchInsertsOnceAndUpdatesInPlace();
    void otherServerOfferJoinsItsTransaction();
    void explainsAnUnknownClient();
    void explainsAMacFilter();
    void explainsAnOfferTakenElsewhere();
    void explainsANak();
    void explainsABoundClient();
    void parsesTypedMacs();
    void viewExplainsTheChosenClient();
};

namespace {

using proto::MessageType;

const QByteArray Mac = *parseMac(QStringLiteral("02:00:00:00:00:01"));
const QByteArray OtherMac = *parseMac(QStringLiteral("02:00:00:00:00:02"));
constexpr qint64 T0 = 1'700'000'000'000;

Ipv4Address ip(const char *text)
{
    return *Ipv4Address::fromString(text);
}

PacketEvent received(quint64 serial, qint64 ms, MessageType type, Decision::Outcome outcome,
                     const QString &reason, quint32 xid = 0x1000, const QByteArray &mac = Mac)
{
    PacketEvent e;
    e.serial = serial;
    e.timeMs = T0 + ms;
    e.direction = PacketEvent::Direction::Received;
    e.interfaceName = QStringLiteral("lab0");
    e.messageType = quint8(type);
    e.xid = xid;
    e.hardwareAddress = mac;
    e.outcome = outcome;
    e.reason = reason;
    e.scope = QStringLiteral("lab");
    e.local = ip("198.18.0.1");
    return e;
}

PacketEvent sent(quint64 serial, qint64 ms, MessageType type, const char *address,
                 quint32 xid = 0x1000, const QByteArray &mac = Mac)
{
    PacketEvent e;
    e.serial = serial;
    e.timeMs = T0 + ms;
    e.direction = PacketEvent::Direction::Sent;
    e.interfaceName = QStringLiteral("lab0");
    e.messageType = quint8(type);
    e.xid = xid;
    e.hardwareAddress = mac;
    e.address = ip(address);
    e.yiaddr = e.address;
    e.peer = ip("255.255.255.255");
    e.peerPort = 68;
    e.reason = QStringLiteral("255.255.255.255:68 on lab0 (broadcast)");
    return e;
}

QList<PacketEvent> dora(quint64 serial, qint64 ms, quint32 xid = 0x1000,
                        const QByteArray &mac = Mac)
{
    using O = Decision::Outcome;
    return {received(serial, ms, MessageType::Discover, O::Replied,
                     QStringLiteral("offered 198.18.1.7 (a free address)"), xid, mac),
            sent(serial + 1, ms + 12, MessageType::Offer, "198.18.1.7", xid, mac),
            received(serial + 2, ms + 100, MessageType::Request, O::Replied,
                     QStringLiteral("acknowledged 198.18.1.7 for 3600 s"), xid, mac),
            sent(serial + 3, ms + 105, MessageType::Ack, "198.18.1.7", xid, mac)};
}

PacketEvent ignoredDiscover(quint64 serial, qint64 ms)
{
    return received(serial, ms, MessageType::Discover, Decision::Outcome::Ignored,
                    QStringLiteral("MAC 02:00:00:00:00:01 denied by scope lab"));
}

PacketEvent nakedRequest(quint64 serial, qint64 ms)
{
    return received(serial, ms, MessageType::Request, Decision::Outcome::Replied,
                    QStringLiteral("NAK: 10.0.0.5 is not on this network (lab0)"));
}

RogueServer otherOffer(quint32 xid = 0x1000)
{
    RogueServer s;
    s.serverId = ip("198.18.0.250");
    s.sourceIp = s.serverId;
    s.messageType = quint8(MessageType::Offer);
    s.offered = ip("198.18.0.150");
    s.clientMac = Mac;
    s.xid = xid;
    return s;
}

PacketEvent requestForOther(quint64 serial, qint64 ms)
{
    return received(serial, ms, MessageType::Request, Decision::Outcome::Silent,
                    QStringLiteral("client chose server 198.18.0.250"));
}

} // namespace

void TestTransactionModel::groupsDoraIntoOneBoundTransaction()
{
    TransactionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<PacketEvent> events = dora(1, 0);
    model.appendEvents(events.mid(0, 2));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.transactionAt(0).outcome, Transaction::Outcome::Offered);
    QCOMPARE(model.transactionAt(0).outcomeText, QStringLiteral("offered 198.18.1.7"));
    model.appendEvents(events.mid(2));
    QCOMPARE(model.rowCount(), 1);

    const auto t = model.index(0).data(TransactionModel::TransactionRole).value<Transaction>();
    QCOMPARE(t.id, quint64(1));
    QCOMPARE(t.outcome, Transaction::Outcome::Bound);
    QCOMPARE(t.outcomeText, QStringLiteral("bound 198.18.1.7"));
    QCOMPARE(t.address, ip("198.18.1.7"));
    QCOMPARE(t.scope, QStringLiteral("lab"));
    QCOMPARE(t.offerLatencyMs, std::optional<qint64>(12));
    QCOMPARE(t.ackLatencyMs, std::optional<qint64>(5));
    QCOMPARE(t.firstMs, T0);
    QCOMPARE(t.lastMs, T0 + 105);
    QCOMPARE(t.steps.size(), 4);
    QCOMPARE(t.steps[0].from, Lane::Client);
    QCOMPARE(t.steps[0].to, Lane::LeaseDesk);
    QCOMPARE(t.steps[1].from, Lane::LeaseDesk);
    QCOMPARE(t.steps[1].to, Lane::Client);
    QCOMPARE(t.steps[3].messageType, quint8(MessageType::Ack));
    QVERIFY(!t.steps[0].relayed);
    QCOMPARE(model.rowOfSerial(3), 0);
    QCOMPARE(model.rowOfSerial(99), -1);
    QCOMPARE(model.rowOfId(1), 0);
    QCOMPARE(model.index(0).data(TransactionModel::IdRole).toULongLong(), quint64(1));
    QVERIFY(model.index(0).data().toString().contains(QStringLiteral("bound 198.18.1.7")));
}

void TestTransactionModel::drawsRelayedPacketsThroughTheRelay()
{
    TransactionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<PacketEvent> events = dora(1, 0);
    for (PacketEvent &e : events) {
        e.giaddr = ip("198.19.0.1");
        if (e.direction == PacketEvent::Direction::Sent) {
            e.peer = e.giaddr;
            e.peerPort = 67;
        }
    }
    model.appendEvents(events);
    const Transaction &t = model.transactionAt(0);
    QCOMPARE(t.outcome, Transaction::Outcome::Bound);
    for (const TransactionStep &s : t.steps) {
        QVERIFY(s.relayed);
        QVERIFY(!s.failed);
    }
    QCOMPARE(t.steps[0].from, Lane::Relay);
    QCOMPARE(t.steps[0].to, Lane::LeaseDesk);
    QCOMPARE(t.steps[1].from, Lane::LeaseDesk);
    QCOMPARE(t.steps[1].to, Lane::Relay);
}

void TestTransactionModel::ignoredDiscoverSaysWhy()
{
    TransactionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEvents({ignoredDiscover(1, 0)});
    model.appendEvents({ignoredDiscover(2, 4000)}); // the client's retransmission: same exchange
    QCOMPARE(model.rowCount(), 1);
    const Transaction &t = model.transactionAt(0);
    QCOMPARE(t.outcome, Transaction::Outcome::Ignored);
    QCOMPARE(t.outcomeText,
             QStringLiteral("ignored because MAC 02:00:00:00:00:01 denied by scope lab"));
    QCOMPARE(t.steps.size(), 2);
    QVERIFY(t.steps[0].failed);
    QCOMPARE(t.steps[0].note, QStringLiteral("MAC 02:00:00:00:00:01 denied by scope lab"));
    QVERIFY(!t.offerLatencyMs);
}

void TestTransactionModel::nakSaysWhy()
{
    TransactionModel model;
    model.appendEvents({nakedRequest(1, 0), sent(2, 3, MessageType::Nak, "0.0.0.0")});
    const Transaction &t = model.transactionAt(0);
    QCOMPARE(t.outcome, Transaction::Outcome::Nak);
    QCOMPARE(t.outcomeText, QStringLiteral("NAK because 10.0.0.5 is not on this network (lab0)"));
    QCOMPARE(t.ackLatencyMs, std::optional<qint64>(3));
}

void TestTransactionModel::declineIsAConflict()
{
    TransactionModel model;
    model.appendEvents(dora(1, 0));
    PacketEvent decline = received(5, 900, MessageType::Decline, Decision::Outcome::Silent,
                                   QStringLiteral("198.18.1.7 quarantined for 3600 s: declined"));
    decline.address = ip("198.18.1.7");
    model.appendEvents({decline});
    QCOMPARE(model.rowCount(), 1);
    const Transaction &t = model.transactionAt(0);
    QCOMPARE(t.outcome, Transaction::Outcome::Conflict);
    QCOMPARE(t.outcomeText, QStringLiteral("conflict on 198.18.1.7: the client found it in use"));
    QCOMPARE(t.steps.size(), 5);
}

void TestTransactionModel::startsOverAfterQuietOrAFinishedExchange()
{
    TransactionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEvents(dora(1, 0));
    // A renewal half an hour later with the same xid (dhclient does that) is a new exchange.
    model.appendEvents({received(5, 1'800'000, MessageType::Request, Decision::Outcome::Replied,
                                 QStringLiteral("renewed 198.18.1.7 for 3600 s"))});
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.transactionAt(1).id, quint64(5));
    QCOMPARE(model.transactionAt(1).outcome, Transaction::Outcome::Pending);
    // A DISCOVER right after a bound exchange starts again.
    model.appendEvents(
        {sent(6, 1'800'002, MessageType::Ack, "198.18.1.7"), ignoredDiscover(7, 1'800'010)});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.transactionAt(1).outcome, Transaction::Outcome::Bound);
    QCOMPARE(model.rowOfSerial(7), 2);
    QCOMPARE(model.transactionsOf(Mac).size(), 3);
}

void TestTransactionModel::capRemovesOldestInOneStep()
{
    TransactionModel model(3);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEvents({ignoredDiscover(1, 0),
                        received(2, 1, MessageType::Discover, Decision::Outcome::Ignored,
                                 QStringLiteral("x"), 0x2000)});
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QList<PacketEvent> more;
    for (quint32 i = 0; i < 3; ++i)
        more.append(received(3 + i, 2 + i, MessageType::Discover, Decision::Outcome::Ignored,
                             QStringLiteral("x"), 0x3000 + i));
    model.appendEvents(more);
    QCOMPARE(removed.size(), 1);
    QCOMPARE(removed[0][1].toInt(), 0);
    QCOMPARE(removed[0][2].toInt(), 1);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.rowOfId(1), -1);
    QCOMPARE(model.rowOfSerial(2), -1);
    QCOMPARE(model.transactionAt(0).id, quint64(3));
    // The dropped exchange's key is free: its xid again is a new row.
    model.appendEvents({ignoredDiscover(9, 10)});
    QCOMPARE(model.transactionAt(2).id, quint64(9));
}

void TestTransactionModel::batchInsertsOnceAndUpdatesInPlace()
{
    TransactionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEvents({ignoredDiscover(1, 0), nakedRequest(2, 1)});
    model.appendEvents(
        {received(3, 2, MessageType::Discover, Decision::Outcome::Replied,
                  QStringLiteral("offered 198.18.1.9 (a free address)"), 0x2000, OtherMac)});
    QCOMPARE(model.rowCount(), 2);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.appendEvents({received(4, 10, MessageType::Discover, Decision::Outcome::Ignored,
                                 QStringLiteral("x"), 0x3000),
                        sent(5, 11, MessageType::Offer, "198.18.1.9", 0x2000, OtherMac),
                        received(6, 12, MessageType::Discover, Decision::Outcome::Ignored,
                                 QStringLiteral("x"), 0x4000)});
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted[0][1].toInt(), 2);
    QCOMPARE(inserted[0][2].toInt(), 3);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed[0][0].value<QModelIndex>().row(), 1);
    QCOMPARE(changed[0][1].value<QModelIndex>().row(), 1);
    QCOMPARE(model.transactionAt(1).outcome, Transaction::Outcome::Offered);
    QCOMPARE(model.clients(), (QList<QByteArray>{Mac, OtherMac}));
}

void TestTransactionModel::otherServerOfferJoinsItsTransaction()
{
    TransactionModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<PacketEvent> events = dora(1, 0);
    model.appendEvents(events.mid(0, 2));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.addOtherServerOffer(otherOffer(), T0 + 5);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(changed.size(), 1);
    model.appendEvents({requestForOther(3, 100)});
    const Transaction &t = model.transactionAt(0);
    QCOMPARE(t.steps.size(), 4);
    QCOMPARE(t.steps[1].from, Lane::OtherServers); // in time order: before our OFFER
    QCOMPARE(t.steps[1].to, Lane::Client);
    QCOMPARE(t.steps[1].serial, quint64(0));
    QCOMPARE(t.steps[1].note, QStringLiteral("198.18.0.250 offered 198.18.0.150"));
    QCOMPARE(t.steps[3].to, Lane::OtherServers);
    QCOMPARE(t.outcome, Transaction::Outcome::OtherServer);
    QCOMPARE(t.outcomeText, QStringLiteral("took 198.18.0.250's offer"));
    QCOMPARE(t.otherServer, ip("198.18.0.250"));

    // The server named by option 54 in the REQUEST itself.
    proto::DhcpMessage request;
    request.xid = 0x5000;
    request.setOption(proto::OptionCode::MessageType, {quint8(MessageType::Request)});
    request.setOption(proto::OptionCode::ServerIdentifier, {198, 18, 0, 251});
    PacketEvent chose =
        received(4, 150, MessageType::Request, Decision::Outcome::Silent, {}, 0x5000);
    chose.payload = toByteArray(proto::DhcpCodec::serialize(request).bytes);
    model.appendEvents({chose});
    QCOMPARE(model.transactionAt(1).outcomeText, QStringLiteral("took 198.18.0.251's offer"));
    QCOMPARE(model.transactionAt(1).steps[0].to, Lane::OtherServers);

    // One with no packet of ours yet is a transaction of its own.
    model.addOtherServerOffer(otherOffer(0x9999), T0 + 200);
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(model.transactionAt(2).id > model.transactionAt(1).id);
    QCOMPARE(model.transactionAt(2).steps.size(), 1);
    QCOMPARE(model.transactionAt(2).outcomeText,
             QStringLiteral("198.18.0.250 offered 198.18.0.150"));
    // An answer to our own rogue check is nobody's exchange.
    RogueServer own = otherOffer(0x7777);
    own.responseMs = 20;
    model.addOtherServerOffer(own, T0 + 300);
    QCOMPARE(model.rowCount(), 3);
}

void TestTransactionModel::explainsAnUnknownClient()
{
    const QStringList lines = explainClient(Mac, {}, {});
    QVERIFY(lines.size() >= 3);
    QVERIFY(lines[0].contains(QStringLiteral("received nothing from 02:00:00:00:00:01")));
    QVERIFY(lines.join(' ').contains(QStringLiteral("relay")));
    QVERIFY(lines.join(' ').contains(QStringLiteral("VLAN")));
}

void TestTransactionModel::explainsAMacFilter()
{
    TransactionModel model;
    model.appendEvents({ignoredDiscover(1, 0), ignoredDiscover(2, 4000)});
    model.appendEvents({ignoredDiscover(3, 80'000)});
    const QStringList lines = explainClient(Mac, model.transactionsOf(Mac), {});
    QVERIFY2(lines[0].startsWith(QStringLiteral("All 3 DISCOVERs")), qPrintable(lines[0]));
    QVERIFY(lines[0].contains(QStringLiteral("denied by scope lab")));
    QCOMPARE(lines[1],
             QStringLiteral("Its MAC is refused by the MAC filter of scope lab: allow "
                            "it there if it should get an address."));
}

void TestTransactionModel::explainsAnOfferTakenElsewhere()
{
    TransactionModel model;
    model.appendEvents(dora(1, 0).mid(0, 2));
    QStringList lines = explainClient(Mac, model.transactionsOf(Mac), {});
    QVERIFY(lines[0].contains(QStringLiteral("offered 198.18.1.7")));
    QVERIFY(lines[0].contains(QStringLiteral("never asked for it")));
    QVERIFY(lines.join(' ').contains(QStringLiteral("did not reach it")));

    model.addOtherServerOffer(otherOffer(), T0 + 5);
    lines = explainClient(Mac, model.transactionsOf(Mac), {});
    QVERIFY(lines[0].contains(QStringLiteral("never asked for it")));
    QVERIFY2(lines[1].contains(QStringLiteral("another DHCP server, 198.18.0.250")),
             qPrintable(lines[1]));
}

void TestTransactionModel::explainsANak()
{
    TransactionModel model;
    model.appendEvents({nakedRequest(1, 0), sent(2, 3, MessageType::Nak, "0.0.0.0")});
    const QStringList lines = explainClient(Mac, model.transactionsOf(Mac), {});
    QVERIFY(lines[0].contains(QStringLiteral("NAK")));
    QVERIFY(lines[0].contains(QStringLiteral("10.0.0.5 is not on this network")));
    QVERIFY(lines[1].contains(QStringLiteral("moved between networks")));
}

void TestTransactionModel::explainsABoundClient()
{
    TransactionModel model;
    model.appendEvents(dora(1, 0));
    Lease lease;
    lease.address = ip("198.18.1.7");
    lease.hardwareAddress = Mac;
    lease.scope = QStringLiteral("lab");
    lease.state = LeaseState::Bound;
    lease.start = T0 / 1000;
    lease.end = T0 / 1000 + 3600;
    const QStringList lines = explainClient(Mac, model.transactionsOf(Mac), {lease});
    QCOMPARE(lines[0],
             QStringLiteral("It has an address: 198.18.1.7 since %1, expiring %2 "
                            "(scope lab).")
                 .arg(momentText(T0), momentText(T0 + 3'600'000)));
    QVERIFY(lines[1].contains(QStringLiteral("problem is elsewhere")));
    // No packets since the console started, but the lease table knows it.
    const QStringList quiet = explainClient(Mac, {}, {lease});
    QVERIFY(quiet.join(' ').contains(QStringLiteral("198.18.1.7 bound to it")));
}

void TestTransactionModel::parsesTypedMacs()
{
    for (const char *text : {"02:00:00:00:00:01", "02-00-00-00-00-01", "0200.0000.0001",
                             "020000000001", " 02 00 00 00 00 01 "})
        QCOMPARE(parseTypedMac(QString::fromLatin1(text)), std::optional<QByteArray>(Mac));
    for (const char *text : {"", "2:0:0:0:0:1", "02:00:00:00:00:0g", "hello"})
        QVERIFY2(!parseTypedMac(QString::fromLatin1(text)), text);
}

void TestTransactionModel::viewExplainsTheChosenClient()
{
    TransactionModel model;
    ClientDiagnosisView view(&model);
    view.show(); // a hidden panel only notes that it is stale
    model.appendEvents({ignoredDiscover(1, 0)});
    model.appendEvents(dora(2, 10, 0x2000, OtherMac));
    auto *combo = view.findChild<QComboBox *>(QStringLiteral("clientMac"));
    QVERIFY(combo);
    QTRY_COMPARE(combo->count(), 2); // refreshed after the model changed
    QCOMPARE(combo->itemText(0), QStringLiteral("02:00:00:00:00:02")); // most recent first

    view.explain(Mac);
    QVERIFY(view.explanationText().contains(QStringLiteral("denied by scope lab")));
    QCOMPARE(combo->currentText(), QStringLiteral("02:00:00:00:00:01"));

    // Typed in Cisco style, explained with Return.
    combo->lineEdit()->setText(QStringLiteral("0200.0000.0002"));
    QTest::keyClick(combo->lineEdit(), Qt::Key_Return);
    QCOMPARE(view.explainedMac(), OtherMac);
    QVERIFY(view.explanationText().contains(QStringLiteral("It has an address: 198.18.1.7")));

    auto *table = view.findChild<QTableWidget *>(QStringLiteral("clientTransactions"));
    QVERIFY(table);
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 3)->text(), QStringLiteral("12 ms"));
    QSignalSpy activated(&view, &ClientDiagnosisView::transactionActivated);
    emit table->itemActivated(table->item(0, 2));
    QCOMPARE(activated.size(), 1);
    QCOMPARE(activated[0][0].toULongLong(), quint64(2));

    // Live: the explained client's new packets update the text.
    PacketEvent release = received(6, 20'000, MessageType::Release, Decision::Outcome::Silent,
                                   QStringLiteral("released 198.18.1.7"), 0x2001, OtherMac);
    release.address = ip("198.18.1.7");
    model.appendEvents({release});
    QTRY_VERIFY(view.explanationText().contains(QStringLiteral("It gave 198.18.1.7 back")));

    combo->lineEdit()->setText(QStringLiteral("nonsense"));
    QTest::keyClick(combo->lineEdit(), Qt::Key_Return);
    QVERIFY(view.explanationText().contains(QStringLiteral("is not a MAC address")));
}

QTEST_MAIN(TestTransactionModel)
#include "tst_transactionmodel.moc"
