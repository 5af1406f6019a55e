// The IPv4/UDP packet DhcpSocket builds for link-unicast replies: fields, checksums (RFC 1071,
// RFC 768) and limits. No privileges needed.

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

QTEST_GUILESS_MAIN(TestIpv4UdpPacket)
#include "tst_ipv4udppacket.moc"
