// The packet inspector's detail pane and the console's test client: what an admin sees after
// selecting a packet, and after sending a test DISCOVER.
#include "engine/packetevent.h"
#include "engine/testrequest.h"
#include "proto/dhcpcodec.h"
#include "widgets/hexdumpview.h"
#include "widgets/packetdetailview.h"
#include "widgets/testclientview.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTreeWidget>

using namespace leasedesk;
using proto::DhcpMessage;
namespace Code = proto::OptionCode;

class TestPacketInspector : public QObject
{
    Q_OBJECT

private slots:
    void hexLayoutPlacesBytes();
    void hexLayoutHitTests();
    void hexDumpHighlightsBothColumns();
    void detailListsAnOffer();
    void selectingAFieldHighlightsItsBytes();
    void clickingAByteSelectsItsField();
    void malformedBytesShowTheError();
    void eventWithoutPayloadSaysSo();
    void invalidMacDisablesSend();
    void validFormEmitsARequest();
    void answerOfTheMatchingXidIsShown();
    void otherEventsAreIgnored();
    void ignoredRequestSaysWhy();
    void requestThisAddressSendsARequest();
};

namespace {

Ipv4Address ip(const char *text)
{
    return *Ipv4Address::fromString(text);
}

constexpr quint32 Xid = 0x3903f326;
const QByteArray Mac = QByteArray::fromHex("020000000001");

QByteArray encode(const DhcpMessage &m)
{
    const auto result = proto::DhcpCodec::serialize(m);
    return QByteArray(reinterpret_cast<const char *>(result.bytes.data()),
                      qsizetype(result.bytes.size()));
}

QByteArray offerBytes(quint32 xid = Xid)
{
    DhcpMessage m;
    m.op = proto::BootReply;
    m.xid = xid;
    m.yiaddr = ip("198.18.0.100");
    std::copy(Mac.begin(), Mac.end(), m.chaddr.begin());
    m.setOption(Code::MessageType, {2});
    m.setOption(Code::ServerIdentifier, {198, 18, 0, 1});
    m.setOption(Code::LeaseTime, {0, 0, 0x0e, 0x10});
    m.setOption(Code::SubnetMask, {255, 255, 255, 0});
    m.setOption(Code::Router, {198, 18, 0, 1});
    return encode(m);
}

PacketEvent offerEvent(quint32 xid = Xid, bool test = true)
{
    PacketEvent e;
    e.timeMs = 1'700'000'000'000;
    e.direction = PacketEvent::Direction::Sent;
    e.interfaceName = QStringLiteral("sim0");
    e.peer = ip("255.255.255.255");
    e.peerPort = 68;
    e.messageType = 2;
    e.xid = xid;
    e.hardwareAddress = Mac;
    e.address = e.yiaddr = ip("198.18.0.100");
    e.local = ip("198.18.0.1");
    e.reason = QStringLiteral("255.255.255.255:68 on sim0 (broadcast)");
    e.payload = offerBytes(xid);
    e.test = test;
    return e;
}

PacketEvent receivedEvent(quint8 type, quint32 xid, const QString &reason,
                          Decision::Outcome outcome = Decision::Outcome::Replied)
{
    PacketEvent e;
    e.timeMs = 1'700'000'000'000;
    e.interfaceName = QStringLiteral("sim0");
    e.peerPort = 68;
    e.messageType = type;
    e.xid = xid;
    e.hardwareAddress = Mac;
    e.outcome = outcome;
    e.reason = reason;
    e.test = true;
    return e;
}

QTreeWidgetItem *row(QTreeWidget *tree, const QString &field)
{
    const auto found = tree->findItems(field, Qt::MatchExactly | Qt::MatchRecursive, 0);
    return found.size() == 1 ? found.front() : nullptr;
}

QString valueOf(QTreeWidget *tree, const QString &field)
{
    QTreeWidgetItem *item = row(tree, field);
    return item ? item->text(1) : QStringLiteral("<no single row %1>").arg(field);
}

// The text the hex view highlights in its hex column (every other extra selection).
QString highlightedHex(HexDumpView *view)
{
    QStringList parts;
    const auto selections = view->extraSelections();
    for (qsizetype i = 0; i < selections.size(); i += 2)
        parts << selections.at(i).cursor.selectedText();
    return parts.join(QLatin1Char('|'));
}

template<typename T> T *child(QWidget *w, const char *name)
{
    T *found = w->findChild<T *>(QLatin1String(name));
    if (!found)
        qFatal("no child %s", name);
    return found;
}

// A view filled as an admin would: a valid MAC on sim0.
struct Client
{
    TestClientView view;
    QSignalSpy spy{&view, &TestClientView::testRequested};
    Client()
    {
        view.setInterfaces({QStringLiteral("sim0"), QStringLiteral("eth0")});
        child<QLineEdit>(&view, "mac")->setText(QStringLiteral("02-00-00-00-00-01"));
    }
    TestRequest sent(int i = -1) const
    {
        return spy.at(i < 0 ? spy.size() - 1 : i).at(0).value<TestRequest>();
    }
    QString verdict() { return child<QLabel>(&view, "verdict")->text(); }
    QString reply() { return child<QLabel>(&view, "reply")->text(); }
};

} // namespace

void TestPacketInspector::hexLayoutPlacesBytes()
{
    QCOMPARE(HexDumpLayout::line(0), 0);
    QCOMPARE(HexDumpLayout::hexColumn(0), 6);
    QCOMPARE(HexDumpLayout::hexColumn(7), 27);
    QCOMPARE(HexDumpLayout::hexColumn(8), 31); // after the group gap
    QCOMPARE(HexDumpLayout::line(17), 1);
    QCOMPARE(HexDumpLayout::hexColumn(17), 9);
    QCOMPARE(HexDumpLayout::hexColumn(24), 31);
    QCOMPARE(HexDumpLayout::asciiColumn(0), 56);
    QCOMPARE(HexDumpLayout::asciiColumn(31), 71);

    const QByteArray bytes = QByteArray::fromHex("010106003903f3260000000000000000") + "AB";
    const QString first = HexDumpLayout::formatLine(bytes, 0);
    QCOMPARE(first,
             QStringLiteral("0000  01 01 06 00 39 03 f3 26  00 00 00 00 00 00 00 00  "
                            "....9..&........"));
    QCOMPARE(first.mid(HexDumpLayout::hexColumn(4), 2), QStringLiteral("39"));
    QCOMPARE(first.at(HexDumpLayout::asciiColumn(4)), QLatin1Char('9'));
    // A short last line keeps the ASCII column where the full lines have it.
    const QString last = HexDumpLayout::formatLine(bytes, 1);
    QCOMPARE(last.mid(0, 11), QStringLiteral("0010  41 42"));
    QCOMPARE(last.mid(HexDumpLayout::asciiColumn(16)), QStringLiteral("AB"));
}

void TestPacketInspector::hexLayoutHitTests()
{
    const qsizetype size = 20;
    QCOMPARE(HexDumpLayout::byteAt(0, 6, size), 0);
    QCOMPARE(HexDumpLayout::byteAt(0, 7, size), 0);
    QCOMPARE(HexDumpLayout::byteAt(0, 8, size), 0); // the space after a byte is its own
    QCOMPARE(HexDumpLayout::byteAt(0, 30, size), 7); // the group gap
    QCOMPARE(HexDumpLayout::byteAt(0, 31, size), 8);
    QCOMPARE(HexDumpLayout::byteAt(0, 53, size), 15);
    QCOMPARE(HexDumpLayout::byteAt(0, 55, size), -1);
    QCOMPARE(HexDumpLayout::byteAt(0, 56, size), 0);
    QCOMPARE(HexDumpLayout::byteAt(0, 71, size), 15);
    QCOMPARE(HexDumpLayout::byteAt(1, 9, size), 17);
    QCOMPARE(HexDumpLayout::byteAt(1, 60, size), -1); // past the end
    QCOMPARE(HexDumpLayout::byteAt(0, 2, size), -1); // the offset column
    for (qsizetype b = 0; b < 64; ++b) {
        QCOMPARE(HexDumpLayout::byteAt(HexDumpLayout::line(b), HexDumpLayout::hexColumn(b), 64), b);
        QCOMPARE(HexDumpLayout::byteAt(HexDumpLayout::line(b), HexDumpLayout::asciiColumn(b), 64),
                 b);
    }
}

void TestPacketInspector::hexDumpHighlightsBothColumns()
{
    HexDumpView view;
    QByteArray bytes(40, 'x');
    view.setBytes(bytes);
    QCOMPARE(view.document()->blockCount(), 3);
    view.highlight(14, 4); // across a line end
    QCOMPARE(view.highlightedOffset(), 14);
    QCOMPARE(view.highlightedLength(), 4);
    const auto selections = view.extraSelections();
    QCOMPARE(selections.size(), 4);
    QCOMPARE(selections.at(0).cursor.selectedText(), QStringLiteral("78 78"));
    QCOMPARE(selections.at(1).cursor.selectedText(), QStringLiteral("xx"));
    QCOMPARE(selections.at(2).cursor.selectedText(), QStringLiteral("78 78"));
    QCOMPARE(selections.at(0).format.background(), view.palette().brush(QPalette::Highlight));
    view.highlight(0, 0);
    QVERIFY(view.extraSelections().isEmpty());

    // A field far down the dump is scrolled into view.
    HexDumpView big;
    big.resize(600, 200);
    big.setBytes(QByteArray(2000, '\0'));
    big.show();
    QVERIFY(QTest::qWaitForWindowExposed(&big));
    QCOMPARE(big.verticalScrollBar()->value(), 0);
    big.highlight(1900, 4);
    QVERIFY(big.verticalScrollBar()->value() > 0);
    QVERIFY(big.viewport()->rect().contains(big.cursorRect()));
}

void TestPacketInspector::detailListsAnOffer()
{
    PacketDetailView view;
    view.showPacket(offerEvent());
    QTreeWidget *tree = view.fieldTree();
    QCOMPARE(valueOf(tree, QStringLiteral("xid")), QStringLiteral("0x3903f326"));
    QCOMPARE(valueOf(tree, QStringLiteral("yiaddr")), QStringLiteral("198.18.0.100"));
    QVERIFY2(valueOf(tree, QStringLiteral("Option 51 IP Address Lease Time")).startsWith("3600"),
             qPrintable(valueOf(tree, QStringLiteral("Option 51 IP Address Lease Time"))));
    QCOMPARE(valueOf(tree, QStringLiteral("Option 53 DHCP Message Type")),
             QStringLiteral("OFFER (2)"));
    // Header fields come first.
    QCOMPARE(tree->topLevelItem(0)->text(0), QStringLiteral("Header"));
    QVERIFY(tree->topLevelItem(1)->text(0).startsWith(QStringLiteral("Options")));
    const QString summary = child<QLabel>(&view, "summary")->text();
    QVERIFY2(summary.contains(QStringLiteral("sent on sim0 to 255.255.255.255:68")),
             qPrintable(summary));
    QVERIFY(summary.contains(QStringLiteral("OFFER xid 0x3903f326")));
    QVERIFY(summary.contains(QStringLiteral("(test client)")));
    QCOMPARE(view.hexDump()->bytes(), offerEvent().payload);

    view.resize(720, 560);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.fieldTree()->setCurrentItem(row(tree, QStringLiteral("Option 51 IP Address Lease Time")));
    QVERIFY(view.grab().save(QStringLiteral("packetdetail.png")));
}

void TestPacketInspector::selectingAFieldHighlightsItsBytes()
{
    PacketDetailView view;
    view.showPacket(offerEvent());
    view.fieldTree()->setCurrentItem(row(view.fieldTree(), QStringLiteral("xid")));
    QCOMPARE(view.hexDump()->highlightedOffset(), 4);
    QCOMPARE(view.hexDump()->highlightedLength(), 4);
    QCOMPARE(highlightedHex(view.hexDump()), QStringLiteral("39 03 f3 26"));

    view.fieldTree()->setCurrentItem(
        row(view.fieldTree(), QStringLiteral("Option 53 DHCP Message Type")));
    QCOMPARE(view.hexDump()->highlightedOffset(), 240); // the first option, after the cookie
    QCOMPARE(highlightedHex(view.hexDump()), QStringLiteral("35 01 02"));

    // A group ("Header") has no bytes of its own: selecting it clears the highlight.
    view.fieldTree()->setCurrentItem(view.fieldTree()->topLevelItem(0));
    QCOMPARE(view.hexDump()->highlightedLength(), 0);
    QVERIFY(view.hexDump()->extraSelections().isEmpty());
}

void TestPacketInspector::clickingAByteSelectsItsField()
{
    PacketDetailView view;
    view.resize(720, 560);
    view.showPacket(offerEvent());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    HexDumpView *hex = view.hexDump();
    QSignalSpy clicked(hex, &HexDumpView::byteClicked);
    // Click the middle of byte 4's first hex digit, where the user sees it.
    QTextCursor cursor(hex->document()->findBlockByNumber(0));
    cursor.setPosition(HexDumpLayout::hexColumn(4));
    const QRect r = hex->cursorRect(cursor);
    QTest::mouseClick(
        hex->viewport(), Qt::LeftButton, {},
        QPoint(r.left() + hex->fontMetrics().horizontalAdvance('0') / 2, r.center().y()));
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(clicked.at(0).at(0).value<qsizetype>(), 4);
    QCOMPARE(view.fieldTree()->currentItem()->text(0), QStringLiteral("xid"));
    QCOMPARE(hex->highlightedOffset(), 4);

    view.selectByte(29); // inside chaddr
    QCOMPARE(view.fieldTree()->currentItem()->text(0), QStringLiteral("chaddr"));
    view.selectByte(242);
    QCOMPARE(view.fieldTree()->currentItem()->text(0),
             QStringLiteral("Option 53 DHCP Message Type"));
}

void TestPacketInspector::malformedBytesShowTheError()
{
    // Option 51 claims 4 bytes but the message ends after 2.
    QByteArray bytes = offerBytes().left(240);
    bytes += QByteArray::fromHex("350102330400");
    PacketEvent e = offerEvent();
    e.payload = bytes;
    PacketDetailView view;
    view.showPacket(e);
    const QString status = child<QLabel>(&view, "status")->text();
    QVERIFY2(status.contains(QStringLiteral("not a usable DHCP message")), qPrintable(status));
    QCOMPARE(valueOf(view.fieldTree(), QStringLiteral("xid")), QStringLiteral("0x3903f326"));
    QCOMPARE(view.hexDump()->bytes(), bytes); // every byte still shown
    QCOMPARE(view.hexDump()->document()->blockCount(), 16);
    view.resize(720, 560);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(view.grab().save(QStringLiteral("malformed.png")));
}

void TestPacketInspector::eventWithoutPayloadSaysSo()
{
    PacketEvent e = offerEvent();
    e.payload.clear();
    e.reason = QStringLiteral("not sent: the engine is stopped");
    PacketDetailView view;
    view.showPacket(e);
    QVERIFY(child<QLabel>(&view, "summary")
                ->text()
                .contains(QStringLiteral("Not sent: the engine is stopped")));
    QVERIFY(child<QLabel>(&view, "status")->text().contains(QStringLiteral("never encoded")));
    QCOMPARE(view.fieldTree()->topLevelItemCount(), 0);
    QVERIFY(view.hexDump()->toPlainText().isEmpty());
}

void TestPacketInspector::invalidMacDisablesSend()
{
    Client c;
    auto *send = child<QPushButton>(&c.view, "send");
    QVERIFY(send->isEnabled());
    child<QLineEdit>(&c.view, "mac")->setText(QStringLiteral("02:00:00:00:01"));
    QVERIFY(!send->isEnabled());
    const QString problems = child<QLabel>(&c.view, "problems")->text();
    QVERIFY2(problems.startsWith(QStringLiteral("MAC address: \"02:00:00:00:01\"")),
             qPrintable(problems));
    send->click();
    QCOMPARE(c.spy.size(), 0);

    // Cisco style and bare hex are MACs too.
    child<QLineEdit>(&c.view, "mac")->setText(QStringLiteral("0200.0000.00AB"));
    QVERIFY(send->isEnabled());
    QVERIFY(child<QLabel>(&c.view, "problems")->isHidden());
    child<QLineEdit>(&c.view, "mac")->setText(QStringLiteral("0200000000ab"));
    QVERIFY(send->isEnabled());

    child<QLineEdit>(&c.view, "giaddr")->setText(QStringLiteral("198.18.0"));
    QVERIFY(!send->isEnabled());
    QVERIFY(child<QLabel>(&c.view, "problems")->text().startsWith(QStringLiteral("Relay address")));
}

void TestPacketInspector::validFormEmitsARequest()
{
    Client c;
    child<QComboBox>(&c.view, "interface")->setCurrentIndex(1);
    child<QLineEdit>(&c.view, "vendorClass")->setText(QStringLiteral("PXEClient:Arch:00007"));
    child<QLineEdit>(&c.view, "giaddr")->setText(QStringLiteral("198.19.0.1"));
    child<QLineEdit>(&c.view, "circuitId")->setText(QStringLiteral("eth0/1"));
    child<QLineEdit>(&c.view, "remoteId")->setText(QStringLiteral("switch-3"));
    child<QLineEdit>(&c.view, "clientId")->setText(QStringLiteral("01:02:00:00:00:00:01"));
    child<QLineEdit>(&c.view, "hostname")->setText(QStringLiteral("pxe-node"));
    child<QPushButton>(&c.view, "send")->click();
    QCOMPARE(c.spy.size(), 1);
    const TestRequest r = c.sent();
    QCOMPARE(r.type, TestRequest::Type::Discover);
    QCOMPARE(r.interfaceName, QStringLiteral("eth0"));
    QCOMPARE(r.mac, Mac);
    QCOMPARE(r.vendorClass, QByteArray("PXEClient:Arch:00007"));
    QCOMPARE(r.giaddr, ip("198.19.0.1"));
    QCOMPARE(r.circuitId, QByteArray("eth0/1"));
    QCOMPARE(r.remoteId, QByteArray("switch-3"));
    QCOMPARE(r.clientId, QByteArray::fromHex("01020000000001"));
    QCOMPARE(r.hostname, QStringLiteral("pxe-node"));
    QVERIFY(r.requestedAddress.isZero());
    QVERIFY(r.xid != 0);
    QCOMPARE(c.view.currentXid(), r.xid);

    // Every send is a new transaction with its own xid.
    child<QPushButton>(&c.view, "send")->click();
    QVERIFY(c.sent().xid != r.xid);

    // A random MAC is locally administered and unicast (RFC 7042 §2.1).
    child<QPushButton>(&c.view, "randomMac")->click();
    const auto mac = TestClientView::parseMac(child<QLineEdit>(&c.view, "mac")->text());
    QVERIFY(mac);
    QCOMPARE(quint8(mac->at(0)), quint8(0x02));
}

void TestPacketInspector::answerOfTheMatchingXidIsShown()
{
    Client c;
    child<QPushButton>(&c.view, "send")->click();
    const quint32 xid = c.sent().xid;
    auto *request = child<QPushButton>(&c.view, "requestOffered");
    QVERIFY(request->isHidden());
    c.view.takeEvents(
        {receivedEvent(1, xid,
                       QStringLiteral("offered 198.18.0.100 (reserved for 02:00:00:00:00:01)")),
         offerEvent(xid)});
    QCOMPARE(c.verdict(),
             QStringLiteral(
                 "LeaseDesk's decision: offered 198.18.0.100 (reserved for 02:00:00:00:00:01)"));
    QCOMPARE(c.reply(), QStringLiteral("OFFER of 198.18.0.100"));
    auto *answer = child<QTreeWidget>(&c.view, "answer");
    QCOMPARE(valueOf(answer, QStringLiteral("Option 54 Server Identifier")),
             QStringLiteral("198.18.0.1"));
    QVERIFY(valueOf(answer, QStringLiteral("Option 51 IP Address Lease Time")).startsWith("3600"));
    QVERIFY(!row(answer, QStringLiteral("Option 53 DHCP Message Type"))); // said in the title
    QVERIFY(!request->isHidden());

    c.view.resize(900, 480);
    c.view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&c.view));
    QVERIFY(c.view.grab().save(QStringLiteral("testclient.png")));
}

void TestPacketInspector::otherEventsAreIgnored()
{
    Client c;
    child<QPushButton>(&c.view, "send")->click();
    const quint32 xid = c.sent().xid;
    const QString waiting = c.verdict();
    QVERIFY(waiting.contains(QStringLiteral("waiting")));
    PacketEvent notATest = offerEvent(xid, false);
    c.view.takeEvents({offerEvent(xid + 1), notATest,
                       receivedEvent(1, xid + 1, QStringLiteral("offered 198.18.0.101"))});
    QCOMPARE(c.verdict(), waiting);
    QVERIFY(c.reply().isEmpty());
    QCOMPARE(child<QTreeWidget>(&c.view, "answer")->topLevelItemCount(), 0);
    QVERIFY(child<QPushButton>(&c.view, "requestOffered")->isHidden());
}

void TestPacketInspector::ignoredRequestSaysWhy()
{
    Client c;
    child<QPushButton>(&c.view, "send")->click();
    c.view.takeEvents({receivedEvent(1, c.sent().xid, QStringLiteral("no scope for 198.19.0.1"),
                                     Decision::Outcome::Ignored)});
    QCOMPARE(c.verdict(), QStringLiteral("LeaseDesk ignored it: no scope for 198.19.0.1"));
}

void TestPacketInspector::requestThisAddressSendsARequest()
{
    Client c;
    auto *requested = child<QLineEdit>(&c.view, "requestedAddress");
    QVERIFY(!requested->isEnabled()); // DISCOVER asks for nothing
    child<QPushButton>(&c.view, "send")->click();
    const TestRequest discover = c.sent();
    c.view.takeEvents({receivedEvent(1, discover.xid, QStringLiteral("offered 198.18.0.100")),
                       offerEvent(discover.xid)});
    child<QPushButton>(&c.view, "requestOffered")->click();
    QCOMPARE(c.spy.size(), 2);
    const TestRequest r = c.sent();
    QCOMPARE(r.type, TestRequest::Type::Request);
    QCOMPARE(r.xid, discover.xid);
    QCOMPARE(r.mac, discover.mac);
    QCOMPARE(r.requestedAddress, ip("198.18.0.100"));
    QCOMPARE(r.serverId, ip("198.18.0.1"));
    QVERIFY(requested->isEnabled());
    QVERIFY(c.verdict().contains(QStringLiteral("Sent REQUEST")));

    // The OFFER of the DISCOVER, arriving late, is not the REQUEST's answer.
    c.view.takeEvents({offerEvent(discover.xid)});
    QVERIFY(c.reply().isEmpty());
    PacketEvent ack = offerEvent(discover.xid);
    ack.messageType = 5;
    c.view.takeEvents(
        {receivedEvent(3, discover.xid, QStringLiteral("acknowledged 198.18.0.100")), ack});
    QCOMPARE(c.verdict(), QStringLiteral("LeaseDesk's decision: acknowledged 198.18.0.100"));
    QVERIFY(child<QPushButton>(&c.view, "requestOffered")->isHidden());
}

QTEST_MAIN(TestPacketInspector)
#include "tst_packetinspector.moc"
