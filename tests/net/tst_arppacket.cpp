// ArpPacket: the RFC 5227 probe octet by octet, build/parse round trips, and everything that
// is not Ethernet/IPv4 ARP refused. No privileges needed.

#include "net/arppacket.h"

#include <QTest>

using namespace leasedesk;
using proto::Ipv4Address;

namespace {

using Bytes = std::vector<std::uint8_t>;

const ArpPacket::MacAddress kOurMac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x01};
const ArpPacket::MacAddress kPeerMac = {0x02, 0x00, 0x00, 0x00, 0x00, 0x02};

ArpPacket::Fields replyFromPeer()
{
    ArpPacket::Fields f;
    f.operation = ArpPacket::Reply;
    f.senderMac = kPeerMac;
    f.senderIp = Ipv4Address(198, 18, 0, 2);
    f.targetMac = kOurMac;
    f.targetIp = Ipv4Address(198, 18, 0, 1);
    return f;
}

bool sameFields(const ArpPacket::Fields &a, const ArpPacket::Fields &b)
{
    return a.operation == b.operation && a.senderMac == b.senderMac && a.senderIp == b.senderIp
        && a.targetMac == b.targetMac && a.targetIp == b.targetIp;
}

} // namespace

class TestArpPacket : public QObject
{
    Q_OBJECT

private slots:
    void probeIsRfc5227();
    void roundTrip_data();
    void roundTrip();
    void ignoresEthernetPadding();
    void rejectsTruncated_data();
    void rejectsTruncated();
    void rejectsOtherKinds_data();
    void rejectsOtherKinds();
};

// RFC 5227 §2.1.1: request, sender hardware address ours, sender IP all zero, target
// hardware address all zero (RFC 826 field order), target IP the candidate.
void TestArpPacket::probeIsRfc5227()
{
    const Bytes expected = {
        0x00, 0x01, // hardware type: Ethernet
        0x08, 0x00, // protocol type: IPv4
        6,    4, // address lengths
        0x00, 0x01, // request
        0x02, 0x00, 0x00, 0x00, 0x00, 0x01, // sender MAC
        0,    0,    0,    0, // sender IP 0.0.0.0
        0,    0,    0,    0,    0,    0, // target MAC
        198,  18,   0,    5, // target IP
    };
    QCOMPARE(ArpPacket::probe(kOurMac, Ipv4Address(198, 18, 0, 5)), expected);
    QCOMPARE(expected.size(), ArpPacket::Size);
}

void TestArpPacket::roundTrip_data()
{
    QTest::addColumn<int>("operation");
    QTest::newRow("request") << int(ArpPacket::Request);
    QTest::newRow("reply") << int(ArpPacket::Reply);
}

void TestArpPacket::roundTrip()
{
    QFETCH(int, operation);
    ArpPacket::Fields fields = replyFromPeer();
    fields.operation = std::uint16_t(operation);
    const Bytes bytes = ArpPacket::build(fields);
    QCOMPARE(bytes.size(), ArpPacket::Size);
    const auto parsed = ArpPacket::parse(bytes);
    QVERIFY(parsed);
    QVERIFY(sameFields(*parsed, fields));
}

// A frame carries at least 46 octets of payload; SOCK_DGRAM hands the padding over too.
void TestArpPacket::ignoresEthernetPadding()
{
    Bytes bytes = ArpPacket::build(replyFromPeer());
    bytes.resize(46, 0);
    const auto parsed = ArpPacket::parse(bytes);
    QVERIFY(parsed);
    QVERIFY(sameFields(*parsed, replyFromPeer()));
}

void TestArpPacket::rejectsTruncated_data()
{
    QTest::addColumn<int>("size");
    for (int size : {0, 1, 7, 8, 14, 27})
        QTest::newRow(qPrintable(QString::number(size))) << size;
}

void TestArpPacket::rejectsTruncated()
{
    QFETCH(int, size);
    Bytes bytes = ArpPacket::build(replyFromPeer());
    bytes.resize(std::size_t(size));
    QVERIFY(!ArpPacket::parse(bytes));
}

void TestArpPacket::rejectsOtherKinds_data()
{
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("value");
    QTest::newRow("IEEE 802 hardware (type 6)") << 1 << 6;
    QTest::newRow("IPv6 protocol type") << 2 << 0x86;
    QTest::newRow("8-octet hardware addresses") << 4 << 8;
    QTest::newRow("16-octet protocol addresses") << 5 << 16;
    QTest::newRow("operation 0") << 7 << 0;
    QTest::newRow("RARP request (3)") << 7 << 3;
    QTest::newRow("InARP reply (9)") << 7 << 9;
}

void TestArpPacket::rejectsOtherKinds()
{
    QFETCH(int, offset);
    QFETCH(int, value);
    Bytes bytes = ArpPacket::build(replyFromPeer());
    bytes[std::size_t(offset)] = std::uint8_t(value);
    QVERIFY(!ArpPacket::parse(bytes));
}

QTEST_GUILESS_MAIN(TestArpPacket)
#include "tst_arppacket.moc"
