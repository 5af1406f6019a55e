#include "engine/pcapexport.h"

#include "net/ipv4udppacket.h"

#include <QIODevice>
#include <QSaveFile>
#include <QtEndian>

#include <algorithm>

namespace leasedesk {

namespace {

// The classic libpcap format (draft-ietf-opsawg-pcap §4, §5): a 24-octet file header, then
// a 16-octet header before each record. Written little-endian; readers recognise the byte
// order by the magic number.
constexpr quint32 PcapMagic = 0xa1b2c3d4; // microsecond timestamps
constexpr quint16 PcapVersionMajor = 2;
constexpr quint16 PcapVersionMinor = 4;
constexpr quint32 SnapLength = 65535;
constexpr quint32 LinkTypeRaw = 101; // LINKTYPE_RAW: the record starts with the IP header

constexpr quint16 ServerPort = 67; // RFC 2131 §4.1
constexpr quint16 ClientPort = 68;
constexpr Ipv4Address Broadcast(0xffffffffu);

void putU16(QByteArray &out, quint16 value)
{
    const quint16 le = qToLittleEndian(value);
    out.append(reinterpret_cast<const char *>(&le), sizeof le);
}

void putU32(QByteArray &out, quint32 value)
{
    const quint32 le = qToLittleEndian(value);
    out.append(reinterpret_cast<const char *>(&le), sizeof le);
}

QByteArray fileHeader()
{
    QByteArray h;
    putU32(h, PcapMagic);
    putU16(h, PcapVersionMajor);
    putU16(h, PcapVersionMinor);
    putU32(h, 0); // thiszone: timestamps are UTC
    putU32(h, 0); // sigfigs
    putU32(h, SnapLength);
    putU32(h, LinkTypeRaw);
    return h;
}

// The IP and UDP ends of the event, as design.md's engine sends and receives them.
Ipv4UdpPacket::Header ipHeader(const PacketEvent &e)
{
    Ipv4UdpPacket::Header h;
    const quint16 peerPort = e.peerPort != 0 ? e.peerPort : ClientPort;
    if (e.direction == PacketEvent::Direction::Received) {
        h.source = e.peer;
        h.sourcePort = peerPort;
        h.destination = e.local.isZero() ? Broadcast : e.local;
        h.destinationPort = ServerPort;
    } else {
        h.source = e.local;
        h.sourcePort = ServerPort;
        const bool broadcast = e.peer.isZero();
        h.destination = broadcast ? Broadcast : e.peer;
        h.destinationPort = broadcast ? ClientPort : peerPort;
    }
    h.identification = quint16(e.serial);
    return h;
}

// One record: timestamp, captured and original length, then the IPv4 packet. Empty when
// the payload cannot travel in one IPv4 datagram.
QByteArray record(const PacketEvent &e)
{
    const auto *data = reinterpret_cast<const std::uint8_t *>(e.payload.constData());
    const std::vector<std::uint8_t> packet =
        Ipv4UdpPacket::build(ipHeader(e), {data, std::size_t(e.payload.size())});
    if (packet.empty())
        return {};
    const qint64 ms = std::max<qint64>(e.timeMs, 0);
    QByteArray r;
    r.reserve(16 + qsizetype(packet.size()));
    putU32(r, quint32(ms / 1000));
    putU32(r, quint32(ms % 1000 * 1000));
    putU32(r, quint32(packet.size()));
    putU32(r, quint32(packet.size()));
    r.append(reinterpret_cast<const char *>(packet.data()), qsizetype(packet.size()));
    return r;
}

bool writeAll(QIODevice &out, const QByteArray &bytes, QString *error)
{
    if (out.write(bytes) == bytes.size())
        return true;
    if (error)
        *error = out.errorString();
    return false;
}

} // namespace

bool writePcap(QIODevice &out, const QList<PacketEvent> &events, QString *error)
{
    if (!writeAll(out, fileHeader(), error))
        return false;
    for (const PacketEvent &e : events) {
        if (e.payload.isEmpty())
            continue;
        const QByteArray r = record(e);
        if (!r.isEmpty() && !writeAll(out, r, error))
            return false;
    }
    return true;
}

namespace {

// Empty on success, else why not. QSaveFile writes beside the target and renames on commit,
// so a failure leaves any earlier file as it was.
QString save(QSaveFile &file, const QList<PacketEvent> &events)
{
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    QString reason;
    if (!writePcap(file, events, &reason)) {
        file.cancelWriting();
        return reason.isEmpty() ? QStringLiteral("the write failed") : reason;
    }
    if (!file.commit())
        return file.errorString();
    return {};
}

} // namespace

bool writePcapFile(const QString &path, const QList<PacketEvent> &events, QString *error)
{
    QSaveFile file(path);
    const QString reason = save(file, events);
    if (reason.isEmpty())
        return true;
    if (error)
        *error = QStringLiteral("cannot write %1: %2").arg(path, reason);
    return false;
}

} // namespace leasedesk
