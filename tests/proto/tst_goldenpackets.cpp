// Real DISCOVER and REQUEST messages from dhclient, udhcpc and dhcpcd (tests/data/golden,
// see its README for how they were captured). Each is compared field by field with
// tcpdump's independent decode of the same bytes, and must survive parse → serialize
// byte for byte.
#include "proto/dhcpcodec.h"
#include "proto/optiondefinition.h"
#include "proto/optiontext.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace leasedesk::proto;

namespace {

struct TcpdumpDecode
{
    int length = -1;
    QString xid;
    int secs = 0;
    QString flags;
    QString clientIp = QStringLiteral("0.0.0.0");
    QString chaddr;
    QList<QPair<int, int>> options; // code, length in wire order
    QMap<int, QString> values; // the value tcpdump printed after "length N: "
};

TcpdumpDecode readTcpdump(const QString &path)
{
    TcpdumpDecode d;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return d;
    const QString text = QString::fromUtf8(file.readAll());
    static const QRegularExpression header(
        QStringLiteral("BOOTP/DHCP, Request from \\S+, length (\\d+), xid (0x[0-9a-f]+),"
                       "(?: secs (\\d+),)? Flags \\[\\w*\\] \\((0x[0-9a-f]+)\\)"));
    static const QRegularExpression clientIp(QStringLiteral("Client-IP (\\S+)"));
    static const QRegularExpression chaddr(QStringLiteral("Client-Ethernet-Address (\\S+)"));
    static const QRegularExpression option(
        QStringLiteral("^\\s+[\\w-]+ \\((\\d+)\\), length (\\d+):?\\s?(.*)$"),
        QRegularExpression::MultilineOption);
    if (auto m = header.match(text); m.hasMatch()) {
        d.length = m.captured(1).toInt();
        d.xid = m.captured(2);
        d.secs = m.captured(3).toInt();
        d.flags = m.captured(4);
    }
    if (auto m = clientIp.match(text); m.hasMatch())
        d.clientIp = m.captured(1);
    if (auto m = chaddr.match(text); m.hasMatch())
        d.chaddr = m.captured(1);
    for (auto it = option.globalMatch(text); it.hasNext();) {
        const auto m = it.next();
        const int code = m.captured(1).toInt();
        if (code == 255)
            continue;
        d.options.append({code, m.captured(2).toInt()});
        d.values.insert(code, m.captured(3).trimmed());
    }
    return d;
}

QByteArray readBytes(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::span<const std::uint8_t> asSpan(const QByteArray &b)
{
    return {reinterpret_cast<const std::uint8_t *>(b.constData()), std::size_t(b.size())};
}

QString goldenDir()
{
    return QStringLiteral(LEASEDESK_TEST_DATA "/golden");
}

} // namespace

class TestGoldenPackets : public QObject
{
    Q_OBJECT

private slots:
    void matchesTcpdump_data();
    void matchesTcpdump();
    void roundTripsByteForByte_data() { matchesTcpdump_data(); }
    void roundTripsByteForByte();
    void clientSpecifics();
};

void TestGoldenPackets::matchesTcpdump_data()
{
    QTest::addColumn<QString>("base");
    const QStringList files =
        QDir(goldenDir()).entryList({QStringLiteral("*.bin")}, QDir::Files, QDir::Name);
    QVERIFY2(files.size() >= 6, "the golden packets are missing");
    for (const QString &f : files)
        QTest::newRow(qPrintable(f)) << goldenDir() + QLatin1Char('/') + f.chopped(4);
}

void TestGoldenPackets::matchesTcpdump()
{
    QFETCH(QString, base);
    const QByteArray bytes = readBytes(base + QStringLiteral(".bin"));
    const TcpdumpDecode expected = readTcpdump(base + QStringLiteral(".txt"));
    QVERIFY2(expected.length > 0 && !expected.options.isEmpty(), "tcpdump decode unreadable");

    const ParseResult r = DhcpCodec::parse(asSpan(bytes));
    QVERIFY2(r, r.error.reason.c_str());
    QVERIFY2(r.warnings.empty(), r.warnings.empty() ? "" : r.warnings.front().c_str());
    const DhcpMessage &m = *r.message;

    QCOMPARE(int(bytes.size()), expected.length);
    QCOMPARE(m.op, BootRequest);
    QCOMPARE(QStringLiteral("0x%1").arg(m.xid, 0, 16), expected.xid);
    QCOMPARE(int(m.secs), expected.secs);
    QCOMPARE(QStringLiteral("0x%1").arg(m.flags, 4, 16, QLatin1Char('0')), expected.flags);
    QCOMPARE(QString::fromStdString(m.ciaddr.toString()), expected.clientIp);
    QCOMPARE(QString::fromStdString(formatHex(m.hardwareAddress())), expected.chaddr);

    QList<QPair<int, int>> ours;
    for (const DhcpOption &o : m.options)
        ours.append({o.code, int(o.data.size())});
    QCOMPARE(ours, expected.options);

    const bool discover = base.endsWith(QStringLiteral("discover"));
    QCOMPARE(m.messageType(), std::optional<std::uint8_t>(discover ? 1 : 3));

    // Where tcpdump prints a plain address, number or quoted string, ours must agree.
    static const QRegularExpression plain(
        QStringLiteral("^(\\d+\\.\\d+\\.\\d+\\.\\d+|\\d+|\"[^\"]*\")$"));
    int compared = 0;
    for (auto it = expected.values.cbegin(); it != expected.values.cend(); ++it) {
        // tcpdump prints codes it does not know as numbers; ours shows them as hex.
        if (!plain.match(it.value()).hasMatch() || !findOptionDefinition(std::uint8_t(it.key())))
            continue;
        QString theirs = it.value();
        theirs.remove(QLatin1Char('"'));
        const DhcpOption *opt = m.findOption(std::uint8_t(it.key()));
        QVERIFY(opt);
        QCOMPARE(QString::fromStdString(formatOption(opt->code, opt->data)), theirs);
        ++compared;
    }
    QVERIFY(compared > 0);
}

void TestGoldenPackets::roundTripsByteForByte()
{
    QFETCH(QString, base);
    const QByteArray bytes = readBytes(base + QStringLiteral(".bin"));
    const ParseResult r = DhcpCodec::parse(asSpan(bytes));
    QVERIFY(r);
    const EncodeResult e = DhcpCodec::serialize(*r.message, {.maxDatagramSize = 1500});
    QVERIFY2(e, e.error.c_str());
    QCOMPARE(QByteArray(reinterpret_cast<const char *>(e.bytes.data()), qsizetype(e.bytes.size()))
                 .toHex(),
             bytes.toHex());
}

void TestGoldenPackets::clientSpecifics()
{
    // What each client is known to send, from its capture.
    auto parse = [](const char *name) {
        const QByteArray b = readBytes(goldenDir() + QLatin1Char('/') + QLatin1String(name));
        return DhcpCodec::parse(asSpan(b)).message.value_or(DhcpMessage{});
    };
    const DhcpMessage dhclientRequest = parse("dhclient-request.bin");
    QCOMPARE(dhclientRequest.addressOption(OptionCode::ServerIdentifier),
             std::optional(Ipv4Address(198, 18, 0, 1)));
    QVERIFY(dhclientRequest.addressOption(OptionCode::RequestedAddress).has_value());
    QVERIFY(dhclientRequest.ciaddr.isZero()); // SELECTING: ciaddr 0 (RFC 2131 Table 4)

    const DhcpMessage initReboot = parse("dhclient-initreboot.bin");
    QVERIFY(!initReboot.hasOption(OptionCode::ServerIdentifier)); // INIT-REBOOT: no 54
    QVERIFY(initReboot.hasOption(OptionCode::RequestedAddress));

    const DhcpMessage udhcpc = parse("udhcpc-discover.bin");
    QCOMPARE(DhcpCodec::replySizeLimit(udhcpc), std::size_t(576));
    QCOMPARE(
        QString::fromStdString(formatOption(OptionCode::ClientIdentifier,
                                            udhcpc.findOption(OptionCode::ClientIdentifier)->data)),
        QStringLiteral("01:02:00:00:00:00:02"));

    const DhcpMessage dhcpcd = parse("dhcpcd-discover.bin");
    QCOMPARE(DhcpCodec::replySizeLimit(dhcpcd), std::size_t(1472));
    const DhcpOption *rapid = dhcpcd.findOption(80);
    QVERIFY(rapid); // RFC 4039 rapid commit: present, zero length
    QVERIFY(rapid->data.empty());
    QVERIFY(dhcpcd.hasOption(145)); // unknown to the table, still carried

    const DhcpMessage renew = parse("dhcpcd-renew.bin");
    QVERIFY(!renew.ciaddr.isZero()); // RENEWING: ciaddr set, no 50, no 54
    QVERIFY(!renew.hasOption(OptionCode::RequestedAddress));
    QVERIFY(!renew.hasOption(OptionCode::ServerIdentifier));
}

QTEST_APPLESS_MAIN(TestGoldenPackets)
#include "tst_goldenpackets.moc"
