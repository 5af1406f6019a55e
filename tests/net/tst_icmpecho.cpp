// IcmpEcho: the echo request octet by octet with its RFC 1071 checksum, and the parser of
// what a raw ICMP socket receives (IPv4 header first) refusing short and damaged packets.
// No privileges needed.

#include "net/icmpecho.h"
#include "net/ipv4udppacket.h"

#include <QTest>

using namespace leasedesk;
using proto::Ipv4Address;

namespace {

using Bytes = std::vector<std::uint8_t>;

quint16 wordAt(const Bytes &b, std::size_t offset)
{
    return quint16(b[offset] << 8 | b[offset + 1]);
}

void putWord(Bytes &b, std::size_t offset, quint16 value)
{
    b[offset] = std::uint8_t(value >> 8);
    b[offset + 1] = std::uint8_t(value);
}

// An echo reply (type 0) to the request with these numbers: what the peer sends back.
Bytes echoReply(quint16 identifier, quint16 sequence)
{
    Bytes icmp = IcmpEcho::buildRequest(identifier, sequence);
    icmp[0] = IcmpEcho::EchoReply;
    putWord(icmp, 2, 0);
    putWord(icmp, 2, Ipv4UdpPacket::checksum(icmp));
    return icmp;
}

// An IPv4 packet around `icmp` from 198.18.0.2 to 198.18.0.1, with `optionWords` words of
// options (IHL 5 + optionWords) and a correct header checksum, as the kernel delivers it.
Bytes inIpv4(const Bytes &icmp, int optionWords = 0)
{
    const std::size_t headerLength = 20 + 4 * std::size_t(optionWords);
    Bytes p(headerLength, 0);
    p[0] = std::uint8_t(0x40 | (5 + optionWords));
    putWord(p, 2, quint16(headerLength + icmp.size()));
    putWord(p, 4, 0x4242);
    putWord(p, 6, 0x4000); // don't fragment
    p[8] = 64;
    p[9] = 1; // ICMP
    const std::uint8_t addresses[] = {198, 18, 0, 2, 198, 18, 0, 1};
    std::copy(std::begin(addresses), std::end(addresses), p.begin() + 12);
    for (std::size_t i = 20; i < headerLength; ++i)
        p[i] = 1; // "no operation" options (RFC 791)
    putWord(p, 10, Ipv4UdpPacket::checksum(std::span<const std::uint8_t>(p)));
    p.insert(p.end(), icmp.begin(), icmp.end());
    return p;
}

void fixIpChecksum(Bytes &p)
{
    const std::size_t headerLength = std::size_t(p[0] & 0x0F) * 4;
    putWord(p, 10, 0);
    putWord(p, 10, Ipv4UdpPacket::checksum(std::span<const std::uint8_t>(p).first(headerLength)));
}

} // namespace

class TestIcmpEcho : public QObject
{
    Q_OBJECT

private slots:
    void requestLayout();
    void requestChecksumByHand();
    void requestChecksumVerifies_data();
    void requestChecksumVerifies();
    void parsesReply_data();
    void parsesReply();
    void ignoresTrailingOctets();
    void rejectsTruncated();
    void rejectsDamaged_data();
    void rejectsDamaged();
};

// RFC 792: type 8, code 0, checksum, identifier, sequence number, then the data.
void TestIcmpEcho::requestLayout()
{
    const Bytes r = IcmpEcho::buildRequest(0xBEEF, 0x0102);
    const auto data = IcmpEcho::defaultData();
    QCOMPARE(r.size(), IcmpEcho::HeaderSize + data.size());
    QVERIFY(!data.empty() && data.size() <= 56); // small, as ping's default
    QCOMPARE(r[0], std::uint8_t(8));
    QCOMPARE(r[1], std::uint8_t(0));
    QCOMPARE(wordAt(r, 4), quint16(0xBEEF));
    QCOMPARE(wordAt(r, 6), quint16(0x0102));
    QVERIFY(std::equal(data.begin(), data.end(), r.begin() + 8));
}

// Words 0800 0000 1234 0001: sum 1a35, one's complement e5ca (RFC 1071 §1).
void TestIcmpEcho::requestChecksumByHand()
{
    const Bytes r = IcmpEcho::buildRequest(0x1234, 0x0001, {});
    QCOMPARE(r, Bytes({0x08, 0x00, 0xE5, 0xCA, 0x12, 0x34, 0x00, 0x01}));
}

void TestIcmpEcho::requestChecksumVerifies_data()
{
    QTest::addColumn<int>("size");
    QTest::newRow("no data") << 0;
    QTest::newRow("odd") << 17;
    QTest::newRow("ping default") << 56;
}

void TestIcmpEcho::requestChecksumVerifies()
{
    QFETCH(int, size);
    Bytes data(std::size_t(size), 0);
    for (std::size_t i = 0; i < data.size(); ++i)
        data[i] = std::uint8_t(0xF0 + i);
    const Bytes r = IcmpEcho::buildRequest(0xFFFF, 0xFFFF, data);
    QCOMPARE(Ipv4UdpPacket::checksum(r), quint16(0));
}

void TestIcmpEcho::parsesReply_data()
{
    QTest::addColumn<int>("optionWords");
    QTest::newRow("IHL 5") << 0;
    QTest::newRow("IHL 6, one word of options") << 1;
    QTest::newRow("IHL 15, the most options") << 10;
}

void TestIcmpEcho::parsesReply()
{
    QFETCH(int, optionWords);
    const auto parsed = IcmpEcho::parse(inIpv4(echoReply(0x1234, 7), optionWords));
    QVERIFY(parsed);
    QCOMPARE(parsed->source, Ipv4Address(198, 18, 0, 2));
    QCOMPARE(parsed->type, IcmpEcho::EchoReply);
    QCOMPARE(parsed->code, std::uint8_t(0));
    QCOMPARE(parsed->identifier, quint16(0x1234));
    QCOMPARE(parsed->sequence, quint16(7));

    // A request parses as well: the type is the caller's to check.
    const auto request = IcmpEcho::parse(inIpv4(IcmpEcho::buildRequest(1, 2), optionWords));
    QVERIFY(request);
    QCOMPARE(request->type, IcmpEcho::EchoRequest);
}

// Octets after the IPv4 total length are not part of the packet.
void TestIcmpEcho::ignoresTrailingOctets()
{
    Bytes p = inIpv4(echoReply(9, 9));
    p.resize(p.size() + 6, 0xAA);
    QVERIFY(IcmpEcho::parse(p));
}

void TestIcmpEcho::rejectsTruncated()
{
    const Bytes whole = inIpv4(echoReply(0x1234, 7));
    for (std::size_t size = 0; size < whole.size(); ++size) {
        const Bytes cut(whole.begin(), whole.begin() + std::ptrdiff_t(size));
        QVERIFY2(!IcmpEcho::parse(cut), qPrintable(QStringLiteral("%1 octets").arg(size)));
    }
}

void TestIcmpEcho::rejectsDamaged_data()
{
    QTest::addColumn<int>("offset");
    QTest::addColumn<int>("value");
    QTest::addColumn<bool>("fixIpHeader");
    QTest::newRow("IPv6 version") << 0 << 0x65 << true;
    QTest::newRow("IHL 4") << 0 << 0x44 << true;
    QTest::newRow("IHL past the data") << 0 << 0x4F << true;
    QTest::newRow("total length past the data") << 3 << 0xFF << true;
    QTest::newRow("total length shorter than ICMP's header") << 3 << 27 << true;
    QTest::newRow("a later fragment") << 7 << 0x10 << true;
    QTest::newRow("UDP, not ICMP") << 9 << 17 << true;
    QTest::newRow("IPv4 header checksum wrong") << 8 << 1 << false;
    QTest::newRow("ICMP checksum wrong (data changed)") << 30 << 0 << true;
    QTest::newRow("ICMP checksum wrong (sequence changed)") << 27 << 8 << true;
}

void TestIcmpEcho::rejectsDamaged()
{
    QFETCH(int, offset);
    QFETCH(int, value);
    QFETCH(bool, fixIpHeader);
    Bytes p = inIpv4(echoReply(0x1234, 7));
    QVERIFY(IcmpEcho::parse(p));
    QVERIFY(p[std::size_t(offset)] != std::uint8_t(value));
    p[std::size_t(offset)] = std::uint8_t(value);
    if (fixIpHeader && (p[0] & 0x0F) >= 5 && std::size_t(p[0] & 0x0F) * 4 <= p.size())
        fixIpChecksum(p);
    QVERIFY(!IcmpEcho::parse(p));
}

QTEST_GUILESS_MAIN(TestIcmpEcho)
#include "tst_icmpecho.moc"
