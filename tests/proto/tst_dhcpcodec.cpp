// The wire codec: malformed input, reassembly (RFC 3396), overload (RFC 2131 §4.1) and the
// rules for writing replies (size limits, padding, option 82 placement).
#include "proto/dhcpcodec.h"
#include "proto/optiondefinition.h"
#include "testpackets.h"

#include <QTest>

using namespace leasedesk::proto;
using Packet = std::vector<std::uint8_t>;
Q_DECLARE_METATYPE(Packet)

namespace {

Packet withOverload(std::uint8_t value, std::initializer_list<std::uint8_t> fileBytes,
                    std::initializer_list<std::uint8_t> snameBytes)
{
    Packet p = testpackets::request({53, 1, 1, 52, 1, value, 255});
    std::copy(fileBytes.begin(), fileBytes.end(), p.begin() + DhcpMessage::FileOffset);
    std::copy(snameBytes.begin(), snameBytes.end(), p.begin() + DhcpMessage::SnameOffset);
    return p;
}

Packet clientIdOfLength(std::size_t length, std::size_t present)
{
    Packet p = testpackets::request({53, 1, 1, 61, std::uint8_t(length)});
    for (std::size_t i = 0; i < present; ++i)
        p.push_back(std::uint8_t(i == 0 ? 1 : i));
    if (present == length)
        p.push_back(255);
    return p;
}

DhcpMessage sampleReply()
{
    DhcpMessage m;
    m.op = BootReply;
    m.xid = 0xcafef00d;
    m.yiaddr = Ipv4Address(198, 18, 1, 20);
    m.chaddr = {2, 0, 0, 0, 0, 9};
    m.setOption(OptionCode::MessageType, {2});
    m.setOption(OptionCode::ServerIdentifier, {198, 18, 0, 1});
    m.setOption(OptionCode::LeaseTime, {0, 0, 0x0e, 0x10});
    return m;
}

Packet truncated(std::size_t n)
{
    Packet p = testpackets::discover();
    p.resize(n);
    return p;
}

std::vector<std::uint8_t> filled(std::size_t n, std::uint8_t value)
{
    return std::vector<std::uint8_t>(n, value);
}

// Walks the raw options area and returns each instance's code, in wire order.
std::vector<std::uint8_t> wireCodes(const Packet &p, std::size_t begin, std::size_t end)
{
    std::vector<std::uint8_t> codes;
    for (std::size_t i = begin; i < end;) {
        if (p[i] == 0) {
            ++i;
            continue;
        }
        if (p[i] == 255)
            break;
        codes.push_back(p[i]);
        i += 2 + p[i + 1];
    }
    return codes;
}

} // namespace

class TestDhcpCodec : public QObject
{
    Q_OBJECT

private slots:
    void malformed_data();
    void malformed();
    void tolerated_data();
    void tolerated();

    void splitOptionsAreConcatenated();
    void overloadedFieldsAreReadInOrder();
    void hardwareAddressIsClampedToChaddr();
    void unterminatedNamesAreReadBounded();

    void repliesArePaddedTo300();
    void clientMaximumSizeIsHonoured();
    void overloadCarriesWhatTheOptionsFieldCannot();
    void overloadNeverUsesAFieldThatHoldsABootFile();
    void longOptionsAreSplitAndRejoined();
    void relayAgentInformationGoesLastAndNeverIntoOverload();
    void tooLargeReplyNamesTheOptionsLeftOver();
    void encoderRefusesOptionsItOwns();
};

void TestDhcpCodec::malformed_data()
{
    QTest::addColumn<Packet>("bytes");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<int>("offset");

    Packet badCookie = testpackets::discover();
    badCookie[236] = 0x63;
    badCookie[237] = 0x82;
    badCookie[238] = 0x53;
    badCookie[239] = 0x64;
    Packet badOp = testpackets::discover();
    badOp[0] = 3;

    QTest::newRow("empty") << Packet{}
                           << "the message is 0 octets long; a DHCP message needs at least 240"
                           << 0;
    QTest::newRow("truncated header")
        << truncated(100) << "the message is 100 octets long; a DHCP message needs at least 240"
        << 100;
    QTest::newRow("header without cookie")
        << truncated(236) << "the message is 236 octets long" << 236;
    QTest::newRow("bad cookie") << badCookie
                                << "the magic cookie at offset 236 is 63 82 53 64, not 63 82 53 63"
                                << 236;
    QTest::newRow("op neither request nor reply")
        << badOp << "op is 3 at offset 0; only 1 (BOOTREQUEST) and 2 (BOOTREPLY) exist" << 0;
    QTest::newRow("option overrun")
        << testpackets::request({53, 4, 1, 255})
        << "option 53 (DHCP Message Type) length 4 runs past the end of the packet at "
           "offset 240: only 2 octets are left"
        << 240;
    QTest::newRow("option without length octet")
        << testpackets::request({53, 1, 1, 12})
        << "option 12 (Host Name) at offset 243 has no length octet before the end of the packet"
        << 243;
    QTest::newRow("message type of two octets")
        << testpackets::request({53, 2, 1, 1, 255})
        << "option 53 (DHCP Message Type) is 2 octets long; it must be exactly 1 octet (at offset "
           "240)"
        << 240;
    QTest::newRow("requested address of three octets")
        << testpackets::request({53, 1, 3, 50, 3, 198, 18, 1, 255})
        << "option 50 (Requested IP Address) is 3 octets long; it must be exactly 4 octets" << 243;
    QTest::newRow("zero-length client-id")
        << testpackets::request({53, 1, 1, 61, 0, 255})
        << "option 61 (Client Identifier) is 0 octets long; it needs a type octet and at "
           "least one octet of identifier"
        << 243;
    QTest::newRow("one-octet client-id") << testpackets::request({53, 1, 1, 61, 1, 1, 255})
                                         << "option 61 (Client Identifier) is 1 octet long" << 243;
    QTest::newRow("255-length client-id cut short")
        << clientIdOfLength(255, 40)
        << "option 61 (Client Identifier) length 255 runs past the end of the packet at "
           "offset 243: only 40 octets are left"
        << 243;
    QTest::newRow("overload value 4")
        << testpackets::request({53, 1, 1, 52, 1, 4, 255})
        << "option 52 (Option Overload) at offset 243 has value 4; only 1 (file), 2 (sname) "
           "and 3 (both) are defined"
        << 243;
    QTest::newRow("overload of two octets")
        << testpackets::request({53, 1, 1, 52, 2, 1, 1, 255})
        << "option 52 (Option Overload) at offset 243 is 2 octets long; it must be exactly 1"
        << 243;
    QTest::newRow("overload pointing at garbage in file")
        << withOverload(1, {12, 200, 'x'}, {})
        << "option 12 (Host Name) length 200 runs past the end of the file field "
           "(overloaded by option 52) at offset 108: only 126 octets are left"
        << 108;
    QTest::newRow("overload pointing at garbage in sname")
        << withOverload(2, {}, {0, 0, 15, 70})
        << "option 15 (Domain Name) length 70 runs past the end of the sname field "
           "(overloaded by option 52) at offset 46: only 60 octets are left"
        << 46;
    QTest::newRow("relay agent sub-option overrun")
        << testpackets::request({53, 1, 1, 82, 4, 1, 9, 'a', 'b', 255})
        << "option 82 (Relay Agent Information) sub-option 1 length 9 runs past the end of the "
           "option"
        << 243;
    QTest::newRow("oversized option area") <<
        [] {
            Packet p = testpackets::request({53, 1, 1, 255});
            p.resize(DhcpCodec::MaximumSize + 1, 0);
            return p;
        }() << "the message is 65508 octets long; an IPv4 UDP datagram carries at most 65507"
                                           << 65507;
}

void TestDhcpCodec::malformed()
{
    QFETCH(Packet, bytes);
    QFETCH(QString, reason);
    QFETCH(int, offset);

    const ParseResult result = DhcpCodec::parse(bytes);
    QVERIFY(!result);
    QVERIFY2(QString::fromStdString(result.error.reason).startsWith(reason),
             result.error.reason.c_str());
    QCOMPARE(int(result.error.offset), offset);
}

void TestDhcpCodec::tolerated_data()
{
    QTest::addColumn<Packet>("bytes");
    QTest::addColumn<QString>("warning");

    Packet noEnd = testpackets::request({53, 1, 1, 12, 3, 'p', 'c', '1'});
    QTest::newRow("missing END") << noEnd
                                 << "no END option closes the packet; options were read up to "
                                    "its end at offset 248";
    QTest::newRow("overloaded file without END") << [] {
        Packet p = withOverload(1, {}, {});
        std::fill(p.begin() + DhcpMessage::FileOffset, p.begin() + DhcpMessage::FileOffset + 128,
                  std::uint8_t(0));
        p[DhcpMessage::FileOffset] = 12;
        p[DhcpMessage::FileOffset + 1] = 126;
        return p;
    }() << "no END option closes the file field (overloaded by option 52)";
    QTest::newRow("maximum message size below 576")
        << testpackets::request({53, 1, 1, 57, 2, 0x01, 0x2c, 255})
        << "option 57 (Maximum DHCP Message Size) is 300, below the 576 every client must "
           "accept; it is ignored";
    QTest::newRow("subnet mask of three octets")
        << testpackets::request({53, 1, 1, 1, 3, 255, 255, 0, 255})
        << "option 1 (Subnet Mask) is 3 octets long; it must be exactly 4 octets";
    QTest::newRow("overload inside the file field")
        << withOverload(1, {52, 1, 2, 255}, {})
        << "option 52 at offset 108 is ignored: only the options field may set overload";
    QTest::newRow("255-length client-id, complete") << clientIdOfLength(255, 255) << "";
}

void TestDhcpCodec::tolerated()
{
    QFETCH(Packet, bytes);
    QFETCH(QString, warning);

    const ParseResult result = DhcpCodec::parse(bytes);
    QVERIFY2(result, result.error.reason.c_str());
    if (warning.isEmpty()) {
        QVERIFY(result.warnings.empty());
        return;
    }
    QCOMPARE(result.warnings.size(), std::size_t(1));
    QVERIFY2(QString::fromStdString(result.warnings.front()).startsWith(warning),
             result.warnings.front().c_str());
    if (QByteArray(QTest::currentDataTag()) == "maximum message size below 576")
        QCOMPARE(DhcpCodec::replySizeLimit(*result.message), std::size_t(576));
}

void TestDhcpCodec::splitOptionsAreConcatenated()
{
    // P-08: a parameter request list sent as two instances is one list, in arrival order.
    const ParseResult r = DhcpCodec::parse(
        testpackets::request({53, 1, 1, 55, 2, 1, 3, 12, 2, 'a', 'b', 55, 2, 6, 15, 255}));
    QVERIFY(r);
    const DhcpOption *prl = r.message->findOption(OptionCode::ParameterRequestList);
    QVERIFY(prl);
    QCOMPARE(prl->data, (std::vector<std::uint8_t>{1, 3, 6, 15}));
    // Options keep the order of their first appearance.
    QCOMPARE(r.message->options.size(), std::size_t(3));
    QCOMPARE(r.message->options[1].code, std::uint8_t(55));
    QCOMPARE(r.message->options[2].code, std::uint8_t(12));
}

void TestDhcpCodec::overloadedFieldsAreReadInOrder()
{
    // RFC 2131 §4.1: options field, then file, then sname; one option split across all three
    // is joined in that order.
    const Packet p = withOverload(3, {12, 2, 'b', 'c', 255}, {12, 1, 'd', 255});
    Packet withHead = p;
    // put the first part of option 12 in the options field, before END
    withHead.pop_back();
    withHead.insert(withHead.end(), {12, 1, 'a', 255});
    const ParseResult r = DhcpCodec::parse(withHead);
    QVERIFY2(r, r.error.reason.c_str());
    QCOMPARE(r.overload, std::uint8_t(3));
    QCOMPARE(r.message->findOption(OptionCode::HostName)->data,
             (std::vector<std::uint8_t>{'a', 'b', 'c', 'd'}));
    // The overloaded fields held options, not names.
    QCOMPARE(r.message->bootFileName(), std::string());
    QCOMPARE(r.message->serverName(), std::string());
    QVERIFY(!r.message->hasOption(OptionCode::Overload));
}

void TestDhcpCodec::hardwareAddressIsClampedToChaddr()
{
    Packet p = testpackets::discover();
    p[2] = 200; // hlen beyond the 16-octet chaddr (P-10)
    const ParseResult r = DhcpCodec::parse(p);
    QVERIFY(r);
    QCOMPARE(r.message->hardwareAddress().size(), std::size_t(16));
    p[2] = 6;
    QCOMPARE(DhcpCodec::parse(p).message->hardwareAddress().size(), std::size_t(6));
}

void TestDhcpCodec::unterminatedNamesAreReadBounded()
{
    Packet p = testpackets::discover();
    std::fill(p.begin() + DhcpMessage::SnameOffset, p.begin() + DhcpMessage::SnameOffset + 64,
              std::uint8_t('s'));
    std::fill(p.begin() + DhcpMessage::FileOffset, p.begin() + DhcpMessage::FileOffset + 128,
              std::uint8_t('f'));
    const ParseResult r = DhcpCodec::parse(p);
    QVERIFY(r);
    QCOMPARE(r.message->serverName(), std::string(64, 's'));
    QCOMPARE(r.message->bootFileName(), std::string(128, 'f'));
}

void TestDhcpCodec::repliesArePaddedTo300()
{
    const EncodeResult e = DhcpCodec::serialize(sampleReply());
    QVERIFY2(e, e.error.c_str());
    QCOMPARE(e.bytes.size(), std::size_t(300));
    // 240 + 53 (3) + 54 (6) + 51 (6) = 255: END there, PAD after it.
    QCOMPARE(e.bytes[255], std::uint8_t(255));
    QVERIFY(std::all_of(e.bytes.begin() + 256, e.bytes.end(), [](auto b) { return b == 0; }));
    QCOMPARE(DhcpCodec::parse(e.bytes).message, std::optional(sampleReply()));
}

void TestDhcpCodec::clientMaximumSizeIsHonoured()
{
    DhcpMessage m = sampleReply();
    m.setOption(43, filled(250, 0xab));
    m.setOption(125, filled(250, 0xcd));
    m.setOption(224, filled(200, 0xef)); // 240 + 15 + 3*2 + 700 + 1 = 962 octets in all

    // 1500 fits everything in the options field.
    EncodeResult big = DhcpCodec::serialize(m, {.maxDatagramSize = 1500});
    QVERIFY2(big, big.error.c_str());
    QCOMPARE(big.overload, std::uint8_t(0));
    QCOMPARE(big.bytes.size(), std::size_t(962));

    // A request's option 57 sets the limit; below 576 it is ignored (CVE-2007-5365).
    DhcpMessage request;
    request.setOption(OptionCode::MaxMessageSize, {0x03, 0xe8}); // 1000
    QCOMPARE(DhcpCodec::replySizeLimit(request), std::size_t(1000));
    EncodeResult fits =
        DhcpCodec::serialize(m, {.maxDatagramSize = DhcpCodec::replySizeLimit(request)});
    QVERIFY(fits);
    QVERIFY(fits.bytes.size() <= 1000 - 28);
    request.setOption(OptionCode::MaxMessageSize, {0x01, 0x00}); // 256
    QCOMPARE(DhcpCodec::replySizeLimit(request), std::size_t(576));
    request.removeOption(OptionCode::MaxMessageSize);
    QCOMPARE(DhcpCodec::replySizeLimit(request), std::size_t(576));
}

void TestDhcpCodec::overloadCarriesWhatTheOptionsFieldCannot()
{
    DhcpMessage m = sampleReply();
    m.setOption(43, filled(250, 0xab));
    m.setOption(12, filled(60, 'h'));
    m.setOption(15, filled(50, 'd'));
    m.setOption(17, filled(40, 'r'));
    // 548 octets allowed: 240 + 3 (overload) + 15 + 252 + 1 (END) = 511 in the options
    // field; 12 (62) and 15 (52) go to file, 17 (42) to sname.
    const EncodeResult e = DhcpCodec::serialize(m, {.maxDatagramSize = 576});
    QVERIFY2(e, e.error.c_str());
    QVERIFY(e.bytes.size() <= 548);
    QCOMPARE(e.overload, std::uint8_t(3));
    QCOMPARE(wireCodes(e.bytes, DhcpMessage::FileOffset, DhcpMessage::FileOffset + 128),
             (std::vector<std::uint8_t>{12, 15}));
    QCOMPARE(wireCodes(e.bytes, DhcpMessage::SnameOffset, DhcpMessage::SnameOffset + 64),
             (std::vector<std::uint8_t>{17}));
    const ParseResult back = DhcpCodec::parse(e.bytes);
    QVERIFY2(back, back.error.reason.c_str());
    QVERIFY(back.warnings.empty()); // each overloaded field ends with END
    QCOMPARE(back.overload, e.overload);
    QCOMPARE(back.message, std::optional(m));
}

void TestDhcpCodec::overloadNeverUsesAFieldThatHoldsABootFile()
{
    DhcpMessage m = sampleReply();
    QVERIFY(m.setBootFileName("pxelinux.0"));
    m.setOption(43, filled(250, 0xab));
    m.setOption(15, filled(60, 'd'));
    const EncodeResult e = DhcpCodec::serialize(m, {.maxDatagramSize = 576});
    QVERIFY2(e, e.error.c_str());
    QCOMPARE(e.overload, std::uint8_t(2)); // sname only
    const ParseResult back = DhcpCodec::parse(e.bytes);
    QCOMPARE(back.message->bootFileName(), std::string("pxelinux.0"));
    QCOMPARE(back.message, std::optional(m));

    // Without overload the same message does not fit 576.
    const EncodeResult strict =
        DhcpCodec::serialize(m, {.maxDatagramSize = 576, .allowOverload = false});
    QVERIFY(!strict);
    QCOMPARE(strict.unplacedOptions, (std::vector<std::uint8_t>{15}));
}

void TestDhcpCodec::longOptionsAreSplitAndRejoined()
{
    DhcpMessage m = sampleReply();
    std::vector<std::uint8_t> routes;
    for (int i = 0; i < 120; ++i) // 120 routes of 5 octets: 600 octets of option 121
        routes.insert(routes.end(), {0, 198, 18, 0, std::uint8_t(i)});
    m.setOption(OptionCode::ClasslessStaticRoute, routes);
    const EncodeResult e = DhcpCodec::serialize(m, {.maxDatagramSize = 1500});
    QVERIFY2(e, e.error.c_str());
    const auto codes = wireCodes(e.bytes, 240, e.bytes.size());
    QCOMPARE(std::count(codes.begin(), codes.end(), std::uint8_t(121)), 3); // 255 + 255 + 90
    QCOMPARE(DhcpCodec::parse(e.bytes).message, std::optional(m));
}

void TestDhcpCodec::relayAgentInformationGoesLastAndNeverIntoOverload()
{
    DhcpMessage m;
    m.op = BootReply;
    m.setOption(OptionCode::RelayAgentInformation, {1, 4, 'e', 't', 'h', '0'});
    m.setOption(OptionCode::MessageType, {5});
    m.setOption(43, filled(250, 1));
    m.setOption(15, filled(100, 'd'));
    const EncodeResult e = DhcpCodec::serialize(m, {.maxDatagramSize = 576});
    QVERIFY2(e, e.error.c_str());
    QVERIFY(e.overload != 0);
    const auto mainCodes = wireCodes(e.bytes, 240, e.bytes.size());
    QCOMPARE(mainCodes.back(), std::uint8_t(82));
    const auto fileCodes =
        wireCodes(e.bytes, DhcpMessage::FileOffset, DhcpMessage::FileOffset + 128);
    const auto snameCodes =
        wireCodes(e.bytes, DhcpMessage::SnameOffset, DhcpMessage::SnameOffset + 64);
    QVERIFY(std::find(fileCodes.begin(), fileCodes.end(), 82) == fileCodes.end());
    QVERIFY(std::find(snameCodes.begin(), snameCodes.end(), 82) == snameCodes.end());
}

void TestDhcpCodec::tooLargeReplyNamesTheOptionsLeftOver()
{
    DhcpMessage m = sampleReply();
    m.setOption(43, filled(255, 1));
    m.setOption(125, filled(255, 2));
    m.setOption(224, filled(255, 3));
    const EncodeResult e = DhcpCodec::serialize(m, {.maxDatagramSize = 576});
    QVERIFY(!e);
    QCOMPARE(e.unplacedOptions, (std::vector<std::uint8_t>{125, 224}));
    QCOMPARE(QString::fromStdString(e.error),
             QStringLiteral("the message does not fit in the 548 octets the receiver accepts: "
                            "options 125, 224 left over"));
}

void TestDhcpCodec::encoderRefusesOptionsItOwns()
{
    for (std::uint8_t code : {std::uint8_t(0), std::uint8_t(52), std::uint8_t(255)}) {
        DhcpMessage m = sampleReply();
        m.options.push_back({code, {1}});
        QVERIFY(!DhcpCodec::serialize(m));
    }
    DhcpMessage twice = sampleReply();
    twice.options.push_back({OptionCode::MessageType, {5}});
    const EncodeResult e = DhcpCodec::serialize(twice);
    QCOMPARE(QString::fromStdString(e.error),
             QStringLiteral("option 53 (DHCP Message Type) appears twice; give it once"));
}

QTEST_APPLESS_MAIN(TestDhcpCodec)
#include "tst_dhcpcodec.moc"
