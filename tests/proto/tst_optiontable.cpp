// The option definition table: one table decodes bytes to typed values, formats them for
// people and reads back what an admin types.
#include "proto/dhcpmessage.h"
#include "proto/domainname.h"
#include "proto/optiondefinition.h"
#include "proto/optiontext.h"
#include "proto/optionvalue.h"

#include <QTest>

using namespace leasedesk::proto;

namespace {

QByteArray hexOf(const std::vector<std::uint8_t> &b)
{
    return QByteArray(reinterpret_cast<const char *>(b.data()), qsizetype(b.size())).toHex();
}

std::vector<std::uint8_t> bytesOf(const QByteArray &hex)
{
    const QByteArray raw = QByteArray::fromHex(hex);
    return {raw.begin(), raw.end()};
}

} // namespace

class TestOptionTable : public QObject
{
    Q_OBJECT

private slots:
    void tableCoversWhatLabsUse_data();
    void tableCoversWhatLabsUse();
    void typedRoundTrip_data();
    void typedRoundTrip();
    void badText_data();
    void badText();
    void badBytes_data();
    void badBytes();
    void domainSearchCompressionIsFollowedSafely();
    void unknownCodesAreShownAsHex();
};

void TestOptionTable::tableCoversWhatLabsUse_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("type");
    // RFC 2132 in full (1-76 less the unassigned 62, 63), then the lab options of issue 2.
    for (int code = 1; code <= 76; ++code) {
        if (code == 62 || code == 63)
            continue;
        QTest::addRow("%d", code) << code << QString();
    }
    const QList<QPair<int, const char *>> typed = {{43, "bytes"},
                                                   {60, "string"},
                                                   {61, "client-id"},
                                                   {66, "string"},
                                                   {67, "string"},
                                                   {77, "user-class"},
                                                   {81, "client-fqdn"},
                                                   {82, "relay-agent-info"},
                                                   {93, "u16-list"},
                                                   {94, "client-ndi"},
                                                   {97, "client-uuid"},
                                                   {119, "domain-list"},
                                                   {121, "classless-routes"},
                                                   {150, "ip-list"},
                                                   {252, "string"},
                                                   {1, "ip"},
                                                   {3, "ip-list"},
                                                   {51, "u32"},
                                                   {53, "message-type"},
                                                   {55, "u8-list"},
                                                   {19, "bool"},
                                                   {2, "i32"},
                                                   {33, "ip-pairs"},
                                                   {57, "u16"}};
    for (const auto &[code, type] : typed)
        QTest::addRow("%d is %s", code, type) << code << QString::fromLatin1(type);
}

void TestOptionTable::tableCoversWhatLabsUse()
{
    QFETCH(int, code);
    QFETCH(QString, type);
    const OptionDefinition *def = findOptionDefinition(std::uint8_t(code));
    QVERIFY2(def, "missing from the option table");
    QVERIFY(!def->name.empty());
    QVERIFY(!def->rfc.empty());
    if (!type.isEmpty())
        QCOMPARE(QString::fromLatin1(optionTypeName(def->type).data()), type);
}

void TestOptionTable::typedRoundTrip_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("text"); // what an admin types
    QTest::addColumn<QByteArray>("wire"); // the option data in hex
    QTest::addColumn<QString>("formatted"); // how it is shown back

    auto row = [](const char *name, int code, const char *text, const char *wire,
                  const char *formatted = nullptr) {
        QTest::newRow(name) << code << QString::fromUtf8(text) << QByteArray(wire)
                            << QString::fromUtf8(formatted ? formatted : text);
    };
    row("ip", 1, "255.255.0.0", "ffff0000");
    row("ip list", 6, "198.18.0.1, 198.18.0.2", "c6120001c6120002");
    row("ip list without spaces", 6, "198.18.0.1,198.18.0.2", "c6120001c6120002",
        "198.18.0.1, 198.18.0.2");
    row("ip pairs", 33, "198.18.5.0 198.18.0.1", "c6120500c6120001");
    row("u8", 23, "64", "40");
    row("u16", 26, "1500", "05dc");
    row("u32", 51, "3600", "00000e10");
    row("u32 hex input", 51, "0x0e10", "00000e10", "3600");
    row("i32 negative", 2, "-3600", "fffff1f0");
    row("bool", 19, "true", "01");
    row("bool off", 19, "off", "00", "false");
    row("string", 15, "lab.test", "6c61622e74657374");
    row("string with escapes", 12, "a\\x00b\\\\c", "6100625c63");
    row("bytes", 43, "01:02:0a", "01020a");
    row("bytes plain hex", 43, "01020a", "01020a", "01:02:0a");
    row("message type", 53, "DISCOVER (1)", "01");
    row("message type by name", 53, "ack", "05", "ACK (5)");
    row("parameter request list", 55, "1, 3, 6", "010306",
        "Subnet Mask (1), Router (3), Domain Name Server (6)");
    row("client-id", 61, "01:02:00:00:00:00:09", "01020000000009");
    row("client architecture", 93, "7", "0007", "UEFI x64 (7)");
    row("client architectures", 93, "BIOS x86 (0), UEFI ARM64 (11)", "0000000b");
    row("ndi", 94, "type=1 version=3.16", "010310");
    row("uuid", 97, "type=0 uuid=12345678-9abc-def0-1234-56789abcdef0",
        "00123456789abcdef0123456789abcdef0");
    row("domain search", 119, "lab.test, example.org",
        "036c6162047465737400076578616d706c65036f726700");
    row("classless routes", 121, "198.18.5.0/24 via 198.18.0.1, 0.0.0.0/0 via 198.18.0.1",
        "18c61205c612000100c6120001");
    row("host route", 121, "198.18.7.9/32 via 198.18.0.254", "20c6120709c61200fe");
    row("relay agent information", 82,
        "Circuit ID (1)=65:74:68:30; Remote ID (2)=02:00:00:00:00:01",
        "010465746830020602000000000"
        "1");
    row("relay by number", 82, "1=65:74:68:30", "010465746830", "Circuit ID (1)=65:74:68:30");
    row("user class", 77, "iPXE, lab",
        "046950584503"
        "6c6162");
    row("fqdn canonical", 81, "flags=0x05 rcode1=0 rcode2=0 name=node1.lab.test.",
        "050000056e6f646531036c61620474657374"
        "00");
    row("fqdn partial", 81, "flags=0x05 rcode1=0 rcode2=0 name=node1", "050000056e6f646531");
    row("fqdn ascii", 81, "flags=0x00 rcode1=255 rcode2=255 name=node1", "00ffff6e6f646531");
    row("tftp servers", 150, "198.18.0.5", "c6120005");
    row("wpad", 252, "http://198.18.0.1/wpad.dat",
        "687474703a2f2f3139382e31382e302e312f777061642e646174");
    row("rapid commit", 80, "", "");
}

void TestOptionTable::typedRoundTrip()
{
    QFETCH(int, code);
    QFETCH(QString, text);
    QFETCH(QByteArray, wire);
    QFETCH(QString, formatted);
    const OptionDefinition *def = findOptionDefinition(std::uint8_t(code));
    QVERIFY(def);

    const EncodedOption encoded = encodeOptionText(*def, text.toStdString());
    QVERIFY2(encoded, encoded.error.c_str());
    QCOMPARE(hexOf(encoded.bytes), wire);

    const DecodedOption decoded = decodeOption(*def, bytesOf(wire));
    QVERIFY2(decoded.value, decoded.error.c_str());
    QCOMPARE(QString::fromStdString(formatOptionValue(*def, *decoded.value)), formatted);
    // What we show can be typed back in and means the same.
    const ParsedOptionText reparsed = parseOptionText(*def, formatted.toStdString());
    QVERIFY2(reparsed.value, reparsed.error.c_str());
    QVERIFY(*reparsed.value == *decoded.value);
}

void TestOptionTable::badText_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");

    QTest::newRow("bad address") << 3 << "198.18.0.300"
                                 << "option 3 (Router): \"198.18.0.300\" is not an IPv4 address";
    QTest::newRow("two addresses for one") << 1 << "255.255.0.0, 255.0.0.0"
                                           << "option 1 (Subnet Mask) takes exactly one address";
    QTest::newRow("u8 too large")
        << 23 << "300"
        << "option 23 (Default IP Time-to-live) value 300 is larger than 255";
    QTest::newRow("not a number")
        << 51 << "an hour"
        << "option 51 (IP Address Lease Time): \"an hour\" is not a number";
    QTest::newRow("not a bool") << 19 << "maybe"
                                << "option 19 (IP Forwarding): \"maybe\" is not true or false";
    QTest::newRow("empty string")
        << 15 << ""
        << "option 15 (Domain Name) is 0 octets long; it must hold at least 1 character";
    QTest::newRow("odd hex")
        << 43 << "01:0"
        << "option 43 (Vendor Specific Information): \"01:0\" is not hex bytes (01:02:0a)";
    QTest::newRow("client-id too short")
        << 61 << "01"
        << "option 61 (Client Identifier): \"01\" is not a client identifier";
    QTest::newRow("route prefix 33") << 121 << "198.18.0.0/33 via 198.18.0.1"
                                     << "option 121 (Classless Static Route): \"198.18.0.0/33 via "
                                        "198.18.0.1\" is not NETWORK/PREFIX via ROUTER";
    QTest::newRow("label over 63")
        << 119 << QString(64, QLatin1Char('a')) + QStringLiteral(".test")
        << "option 119 (Domain Search) has a bad domain name: a label of";
    QTest::newRow("empty label")
        << 119 << "lab..test"
        << "option 119 (Domain Search) has a bad domain name: \"lab..test\" has an empty label";
    QTest::newRow("pairs need pairs") << 33 << "198.18.0.1"
                                      << "option 33 (Static Route) takes address pairs";
}

void TestOptionTable::badText()
{
    QFETCH(int, code);
    QFETCH(QString, text);
    QFETCH(QString, error);
    const EncodedOption e =
        encodeOptionText(*findOptionDefinition(std::uint8_t(code)), text.toStdString());
    QVERIFY(!e);
    QVERIFY2(QString::fromStdString(e.error).startsWith(error), e.error.c_str());
}

void TestOptionTable::badBytes_data()
{
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QString>("error");

    QTest::newRow("bool 2") << 19 << QByteArray("02")
                            << "option 19 (IP Forwarding) is 2; it must be 0 or 1";
    QTest::newRow("ip list of 5")
        << 6 << QByteArray("c612000101")
        << "option 6 (Domain Name Server) is 5 octets long; it must be a non-zero multiple of 4";
    QTest::newRow("route width 33")
        << 121 << QByteArray("21c6120000c6120001")
        << "option 121 (Classless Static Route) route at octet 0 has prefix length 33";
    QTest::newRow("route cut short")
        << 121 << QByteArray("18c61205c612")
        << "option 121 (Classless Static Route) route at octet 0 runs past the end";
    QTest::newRow("forward pointer") << 119 << QByteArray("c00203616263")
                                     << "option 119 (Domain Search) has a bad name: compression "
                                        "pointer at octet 0 points forward";
    QTest::newRow("pointer to itself") << 119 << QByteArray("0161c002")
                                       << "option 119 (Domain Search) has a bad name: compression "
                                          "pointer at octet 2 points forward to octet 2";
    QTest::newRow("label of 64 (CVE-2022-2929)")
        << 119 << QByteArray("40") + QByteArray(64 * 2, 'a') + "00"
        << "option 119 (Domain Search) has a bad name: label at octet 0 has length 64";
    QTest::newRow("name not closed")
        << 119 << QByteArray("036c6162")
        << "option 119 (Domain Search) has a bad name: the domain name runs past the end";
    QTest::newRow("ndi of 2") << 94 << QByteArray("0103")
                              << "option 94 (Client Network Interface Identifier) is 2 octets long";
    QTest::newRow("uuid of 16") << 97 << QByteArray(32, '0')
                                << "option 97 (Client Machine Identifier) is 16 octets long";
}

void TestOptionTable::badBytes()
{
    QFETCH(int, code);
    QFETCH(QByteArray, wire);
    QFETCH(QString, error);
    const DecodedOption d = decodeOption(*findOptionDefinition(std::uint8_t(code)), bytesOf(wire));
    QVERIFY(!d.value);
    QVERIFY2(QString::fromStdString(d.error).startsWith(error), d.error.c_str());
    // Shown to people as hex with the reason, never dropped silently.
    const std::string shown = formatOption(std::uint8_t(code), bytesOf(wire));
    QVERIFY(QString::fromStdString(shown).contains(QString::fromStdString(d.error)));
}

void TestOptionTable::domainSearchCompressionIsFollowedSafely()
{
    // "lab.test" then "a.lab.test" written as "a" + pointer to offset 0 (RFC 3397 §2).
    const auto wire = bytesOf("036c616204746573740001"
                              "61c000");
    std::string error;
    const auto names = DomainName::decodeList(wire, &error);
    QVERIFY2(names, error.c_str());
    QCOMPARE(*names, (std::vector<std::string>{"lab.test", "a.lab.test"}));
}

void TestOptionTable::unknownCodesAreShownAsHex()
{
    QVERIFY(!findOptionDefinition(224));
    QCOMPARE(formatOption(224, bytesOf("00ff10")), std::string("00:ff:10"));
    QCOMPARE(optionLabel(224), std::string("option 224"));
}

QTEST_APPLESS_MAIN(TestOptionTable)
#include "tst_optiontable.moc"
