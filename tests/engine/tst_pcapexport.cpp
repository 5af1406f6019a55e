// pcap export (issue 7): the traffic an administrator saves opens in Wireshark with the
// addresses, ports, message types and xids the engine saw. tshark reads the file back when it
// is installed; the record layout is also checked here without it.
#include "engine/pcapexport.h"
#include "net/ipv4udppacket.h"
#include "proto/dhcpcodec.h"

#include <QBuffer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using namespace leasedesk;
using proto::DhcpMessage;
using proto::MessageType;

namespace {

constexpr qint64 StartMs = 1700000000123; // 2023-11-14T22:13:20.123Z

Ipv4Address ip(const char *text)
{
    return *Ipv4Address::fromString(text);
}

QByteArray dhcpPayload(quint8 op, MessageType type, quint32 xid, quint8 macLast)
{
    DhcpMessage m;
    m.op = op;
    m.xid = xid;
    m.chaddr = {2, 0, 0, 0, 0, macLast};
    m.setOption(proto::OptionCode::MessageType, {std::uint8_t(type)});
    const auto bytes = proto::DhcpCodec::serialize(m).bytes;
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}

PacketEvent event(PacketEvent::Direction direction, MessageType type, quint32 xid, const char *peer,
                  quint16 peerPort, const char *local)
{
    PacketEvent e;
    e.direction = direction;
    e.timeMs = StartMs + xid % 16 * 250;
    e.peer = ip(peer);
    e.peerPort = peerPort;
    e.local = ip(local);
    e.messageType = quint8(type);
    e.xid = xid;
    const bool received = direction == PacketEvent::Direction::Received;
    e.payload = dhcpPayload(received ? proto::BootRequest : proto::BootReply, type, xid, 1);
    return e;
}

// A broadcast DORA from a client with no address, then a REQUEST/ACK through a relay, and one
// event whose payload was not kept (it must not become a record).
QList<PacketEvent> sampleEvents()
{
    using D = PacketEvent::Direction;
    PacketEvent noPayload =
        event(D::Received, MessageType::Inform, 0x99, "198.18.0.7", 68, "198.18.0.1");
    noPayload.payload.clear();
    return {
        event(D::Received, MessageType::Discover, 0x1001, "0.0.0.0", 68, "0.0.0.0"),
        event(D::Sent, MessageType::Offer, 0x1001, "0.0.0.0", 68, "198.18.0.1"),
        noPayload,
        event(D::Received, MessageType::Request, 0x1002, "198.19.0.1", 67, "198.18.0.1"),
        event(D::Sent, MessageType::Ack, 0x1002, "198.19.0.1", 67, "198.18.0.1"),
    };
}

// What each record of sampleEvents() must say: ip.src, ip.dst, ports, message type, xid.
struct Expected
{
    QString src, dst;
    int srcPort, dstPort, type;
    quint32 xid;
};
const QList<Expected> ExpectedRecords = {
    {"0.0.0.0", "255.255.255.255", 68, 67, 1, 0x1001},
    {"198.18.0.1", "255.255.255.255", 67, 68, 2, 0x1001},
    {"198.19.0.1", "198.18.0.1", 67, 67, 3, 0x1002},
    {"198.18.0.1", "198.19.0.1", 67, 67, 5, 0x1002},
};

quint32 le32(const QByteArray &b, qsizetype at)
{
    return qFromLittleEndian<quint32>(b.constData() + at);
}

} // namespace

class TestPcapExport : public QObject
{
    Q_OBJECT

private slots:
    void recordsCarryTheEventsAddresses()
    {
        QBuffer buffer;
        QVERIFY(buffer.open(QIODevice::WriteOnly));
        QString error;
        QVERIFY2(writePcap(buffer, sampleEvents(), &error), qPrintable(error));
        const QByteArray file = buffer.data();
        QVERIFY(file.size() > 24);
        QCOMPARE(le32(file, 0), 0xa1b2c3d4u);
        QCOMPARE(qFromLittleEndian<quint16>(file.constData() + 4), quint16(2));
        QCOMPARE(qFromLittleEndian<quint16>(file.constData() + 6), quint16(4));
        QCOMPARE(le32(file, 16), 65535u);
        QCOMPARE(le32(file, 20), 101u); // LINKTYPE_RAW

        qsizetype at = 24;
        for (const Expected &want : ExpectedRecords) {
            QVERIFY(at + 16 <= file.size());
            const quint32 length = le32(file, at + 8);
            QCOMPARE(le32(file, at + 12), length);
            QCOMPARE(le32(file, at), quint32(StartMs / 1000));
            QCOMPARE(le32(file, at + 4), quint32((StartMs + want.xid % 16 * 250) % 1000 * 1000));
            const auto *data = reinterpret_cast<const std::uint8_t *>(file.constData() + at + 16);
            const auto parsed = Ipv4UdpPacket::parse({data, length}); // checks the IP checksum
            QVERIFY(parsed);
            QCOMPARE(QString::fromStdString(parsed->header.source.toString()), want.src);
            QCOMPARE(QString::fromStdString(parsed->header.destination.toString()), want.dst);
            QCOMPARE(int(parsed->header.sourcePort), want.srcPort);
            QCOMPARE(int(parsed->header.destinationPort), want.dstPort);
            QCOMPARE(parsed->header.ttl, std::uint8_t(64));
            const auto message = proto::DhcpCodec::parse(parsed->payload);
            QVERIFY(message);
            QCOMPARE(message.message->xid, want.xid);
            at += 16 + length;
        }
        QCOMPARE(at, file.size()); // the event without payload added nothing
    }

    void tsharkReadsEveryPacket()
    {
        const QString tshark = QStandardPaths::findExecutable(QStringLiteral("tshark"));
        if (tshark.isEmpty())
            QSKIP("tshark is not installed (apt-get install tshark); the export is not checked "
                  "against Wireshark's dissectors");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("traffic.pcap"));
        QString error;
        QVERIFY2(writePcapFile(path, sampleEvents(), &error), qPrintable(error));

        QProcess process;
        process.start(tshark, {"-r", path,
                               "-o", "ip.check_checksum:TRUE",
                               "-o", "udp.check_checksum:TRUE",
                               "-T", "fields",
                               "-e", "frame.number",
                               "-e", "ip.src",
                               "-e", "ip.dst",
                               "-e", "udp.srcport",
                               "-e", "udp.dstport",
                               "-e", "dhcp.option.dhcp",
                               "-e", "dhcp.id",
                               "-e", "dhcp.hw.mac_addr",
                               "-e", "ip.checksum.status",
                               "-e", "udp.checksum.status",
                               "-e", "frame.time_epoch"});
        QVERIFY(process.waitForFinished(10000));
        QCOMPARE(process.exitCode(), 0);
        const QStringList lines =
            QString::fromUtf8(process.readAllStandardOutput()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), ExpectedRecords.size());
        for (qsizetype i = 0; i < lines.size(); ++i) {
            const QStringList f = lines[i].split('\t');
            const Expected &want = ExpectedRecords[i];
            QCOMPARE(f.size(), 11);
            QCOMPARE(f[0].toInt(), int(i + 1));
            QCOMPARE(f[1], want.src);
            QCOMPARE(f[2], want.dst);
            QCOMPARE(f[3].toInt(), want.srcPort);
            QCOMPARE(f[4].toInt(), want.dstPort);
            QCOMPARE(f[5].toInt(), want.type);
            QCOMPARE(f[6].toUInt(nullptr, 16), want.xid);
            QCOMPARE(f[7], QStringLiteral("02:00:00:00:00:01"));
            QCOMPARE(f[8], QStringLiteral("1")); // Good
            QCOMPARE(f[9], QStringLiteral("1"));
            const qint64 ms = qRound64(f[10].toDouble() * 1000);
            QCOMPARE(ms, StartMs + want.xid % 16 * 250);
        }
    }

    void unwritablePathFailsNamingIt()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // A path under a regular file: refused even for root, unlike a read-only folder.
        const QString notADir = dir.filePath(QStringLiteral("plain"));
        QFile plain(notADir);
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.close();
        const QString path = notADir + QStringLiteral("/traffic.pcap");
        QString error;
        QVERIFY(!writePcapFile(path, sampleEvents(), &error));
        QVERIFY2(error.contains(path), qPrintable(error));
        QVERIFY2(error.size() > path.size() + 16, qPrintable(error)); // and a reason
        QVERIFY(!QFile::exists(path));
    }
};

QTEST_GUILESS_MAIN(TestPcapExport)
#include "tst_pcapexport.moc"
