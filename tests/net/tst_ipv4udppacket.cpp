// The IPv4/UDP packet DhcpSocket builds for link-unicast replies: fields, checksums (RFC 1071,
// RFC 768) and limits; and the parser DhcpClientPort reads captured replies with. No
// privileges needed.

#include "net/ipv4udppacket.h"

#include <QTest>

using namespace leasedesk;
using proto::Ipv4Address;

namespace {

quint16 at(const std::vector<std::uint8_t> &p, std::size_t offset)
{
    return quint16(p[offset] << 8 | p[offset + 1]);
}

Ipv4UdpPacket::Header offerHeader()
{
    return {Ipv4Address(198, 18, 0, 1), 67, Ipv4Address(198, 18, 0, 77), 68, 64, 0x1234};
}

void putAt(std::vector<std::uint8_t> &p, std::size_t offset, quint16 value)
{
    p[offset] = std::uint8_t(value >> 8);
    p[offset + 1] = std::uint8_t(value);
}

// After changing the IPv4 header, so that only the change itself is refused.
void fixHeaderChecksum(std::vector<std::uint8_t> &p)
{
    const std::size_t length = std::size_t(p[0] & 0x0F) * 4;
    putAt(p, 10, 0);
    putAt(p, 10, Ipv4UdpPacket::checksum(std::span<const std::uint8_t>(p).first(length)));
}

// Inserts `words` words of IPv4 options (RFC 791 "no operation") after the fixed header.
std::vector<std::uint8_t> withOptions(std::vector<std::uint8_t> p, int words)
{
    p.insert(p.begin() + 20, 4 * std::size_t(words), 1);
    p[0] = std::uint8_t(0x40 | (5 + words));
    putAt(p, 2, quint16(p.size()));
    fixHeaderChecksum(p);
    return p;
}

} // namespace

class TestIpv4UdpPacket : public QObject
{
    Q_OBJECT

private slots:
    void checksumOfRfc1071Example();
    void headerFields();
    void checksumsVerify_data();
    void checksumsVerify();
    void zeroUdpChecksumIsSentAsOnes();
    void refusesOversizedPayload();
    void parseRoundTrip_data();
    void parseRoundTrip();
    void parseSkipsOptionsAndPadding();
    void parseRejectsTruncated();
    void parseRejects_data();
    void parseRejects();
};

// RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (after the carry), checksum 220d.
void TestIpv4UdpPacket::checksumOfRfc1071Example()
{
    const std::uint8_t data[] = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
    QCOMPARE(Ipv4UdpPacket::checksum(data), quint16(0x220d));
}

void TestIpv4UdpPacket::headerFields()
{
    const std::vector<std::uint8_t> payload(300, 0xAB);
    const auto p = Ipv4UdpPacket::build(offerHeader(), payload);
    QCOMPARE(p.size(), std::size_t(328));
    QCOMPARE(p[0], std::uint8_t(0x45)); // IPv4, 5 words of header
    QCOMPARE(at(p, 2), quint16(328)); // total length
    QCOMPARE(at(p, 4), quint16(0x1234)); // identification
    QCOMPARE(at(p, 6), quint16(0)); // no fragmentation
    QCOMPARE(p[8], std::uint8_t(64)); // TTL
    QCOMPARE(p[9], std::uint8_t(17)); // UDP
    QCOMPARE(std::vector<std::uint8_t>(p.begin() + 12, p.begin() + 20),
             std::vector<std::uint8_t>({198, 18, 0, 1, 198, 18, 0, 77}));
    QCOMPARE(at(p, 20), quint16(67));
    QCOMPARE(at(p, 22), quint16(68));
    QCOMPARE(at(p, 24), quint16(308)); // UDP length
    QVERIFY(std::equal(payload.begin(), payload.end(), p.begin() + 28));
}

void TestIpv4UdpPacket::checksumsVerify_data()
{
    QTest::addColumn<int>("size");
    QTest::newRow("empty") << 0;
    QTest::newRow("odd") << 301;
    QTest::newRow("DHCP minimum") << 300;
    QTest::newRow("large") << 1472;
}

// Summing a header or segment with its checksum in place gives zero after complementing.
void TestIpv4UdpPacket::checksumsVerify()
{
    QFETCH(int, size);
    std::vector<std::uint8_t> payload(static_cast<std::size_t>(size));
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = std::uint8_t(i * 7 + 3);
    const auto p = Ipv4UdpPacket::build(offerHeader(), payload);
    const std::span<const std::uint8_t> all(p);
    QCOMPARE(Ipv4UdpPacket::checksum(all.first(20)), quint16(0));
    const std::uint32_t pseudo = 0xC612 + 0x0001 + 0xC612 + 0x004D + 17 + std::uint32_t(8 + size);
    QCOMPARE(Ipv4UdpPacket::checksum(all.subspan(20), pseudo), quint16(0));
}

// RFC 768: a computed checksum of zero is transmitted as all ones (zero means "none").
void TestIpv4UdpPacket::zeroUdpChecksumIsSentAsOnes()
{
    const auto first = Ipv4UdpPacket::build(offerHeader(), std::vector<std::uint8_t>{0, 0});
    const quint16 c = at(first, 26);
    // Adding c as a payload word makes the sum 0xffff, whose complement is zero.
    const auto p = Ipv4UdpPacket::build(
        offerHeader(), std::vector<std::uint8_t>{std::uint8_t(c >> 8), std::uint8_t(c)});
    QCOMPARE(at(p, 26), quint16(0xFFFF));
}

void TestIpv4UdpPacket::refusesOversizedPayload()
{
    QVERIFY(
        !Ipv4UdpPacket::build(offerHeader(), std::vector<std::uint8_t>(Ipv4UdpPacket::MaxPayload))
             .empty());
    QVERIFY(Ipv4UdpPacket::build(offerHeader(),
                                 std::vector<std::uint8_t>(Ipv4UdpPacket::MaxPayload + 1))
                .empty());
}

void TestIpv4UdpPacket::parseRoundTrip_data()
{
    QTest::addColumn<int>("size");
    QTest::newRow("empty") << 0;
    QTest::newRow("odd") << 301;
    QTest::newRow("large") << 1472;
}

void TestIpv4UdpPacket::parseRoundTrip()
{
    QFETCH(int, size);
    std::vector<std::uint8_t> payload(static_cast<std::size_t>(size));
    for (std::size_t i = 0; i < payload.size(); ++i)
        payload[i] = std::uint8_t(i * 13 + 1);
    const auto p = Ipv4UdpPacket::build(offerHeader(), payload);
    const auto parsed = Ipv4UdpPacket::parse(p);
    QVERIFY(parsed);
    const Ipv4UdpPacket::Header &h = parsed->header;
    QCOMPARE(h.source, offerHeader().source);
    QCOMPARE(h.sourcePort, quint16(67));
    QCOMPARE(h.destination, offerHeader().destination);
    QCOMPARE(h.destinationPort, quint16(68));
    QCOMPARE(h.ttl, std::uint8_t(64));
    QCOMPARE(h.identification, quint16(0x1234));
    QCOMPARE(std::vector<std::uint8_t>(parsed->payload.begin(), parsed->payload.end()), payload);
}

// IHL above 5 moves the UDP header; octets after the total length (Ethernet padding of a
// short frame) are not payload.
void TestIpv4UdpPacket::parseSkipsOptionsAndPadding()
{
    const std::vector<std::uint8_t> payload = {1, 2, 3};
    auto p = withOptions(Ipv4UdpPacket::build(offerHeader(), payload), 3);
    p.resize(p.size() + 11, 0);
    const auto parsed = Ipv4UdpPacket::parse(p);
    QVERIFY(parsed);
    QCOMPARE(parsed->header.destinationPort, quint16(68));
    QCOMPARE(std::vector<std::uint8_t>(parsed->payload.begin(), parsed->payload.end()), payload);
}

void TestIpv4UdpPacket::parseRejectsTruncated()
{
    const auto whole = Ipv4UdpPacket::build(offerHeader(), std::vector<std::uint8_t>(10, 7));
    for (std::size_t size = 0; size < whole.size(); ++size) {
        const std::vector<std::uint8_t> cut(whole.begin(), whole.begin() + std::ptrdiff_t(size));
        QVERIFY2(!Ipv4UdpPacket::parse(cut), qPrintable(QStringLiteral("%1 octets").arg(size)));
    }
}

void TestIpv4UdpPacket::parseRejects_data()
{
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("value");
    QTest::addColumn<bool>("fixChecksum");
    QTest::newRow("IPv6 version") << 0 << 0x65 << true;
    QTest::newRow("IHL 4") << 0 << 0x44 << false;
    QTest::newRow("IHL past the data") << 0 << 0x4F << false;
    QTest::newRow("total length past the data") << 2 << 0x10 << true;
    QTest::newRow("total length shorter than the headers") << 3 << 27 << true;
    QTest::newRow("more fragments") << 6 << 0x20 << true;
    QTest::newRow("a later fragment") << 7 << 0x01 << true;
    QTest::newRow("ICMP, not UDP") << 9 << 1 << true;
    QTest::newRow("IPv4 header checksum wrong") << 8 << 1 << false;
    QTest::newRow("UDP length past the packet") << 24 << 0x01 << true;
    QTest::newRow("UDP length below its header") << 25 << 7 << true;
}

void TestIpv4UdpPacket::parseRejects()
{
    QFETCH(int, offset);
    QFETCH(int, value);
    QFETCH(bool, fixChecksum);
    auto p = Ipv4UdpPacket::build(offerHeader(), std::vector<std::uint8_t>(10, 7));
    QVERIFY(Ipv4UdpPacket::parse(p));
    QVERIFY(p[std::size_t(offset)] != std::uint8_t(value));
    p[std::size_t(offset)] = std::uint8_t(value);
    if (fixChecksum)
        fixHeaderChecksum(p);
    QVERIFY(!Ipv4UdpPacket::parse(p));
}

QTEST_GUILESS_MAIN(TestIpv4UdpPacket)
#include "tst_ipv4udppacket.moc"
