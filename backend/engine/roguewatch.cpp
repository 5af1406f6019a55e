#include "engine/roguewatch.h"

#include "proto/dhcpcodec.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QNetworkInterface>
#include <QSysInfo>

namespace leasedesk {

using proto::DhcpMessage;
namespace Code = proto::OptionCode;

namespace {

QString serverKey(const QString &interfaceName, Ipv4Address serverId)
{
    return interfaceName + QLatin1Char('/') + QString::fromStdString(serverId.toString());
}

QList<Ipv4Address> machineAddresses()
{
    QList<Ipv4Address> out;
    for (const QHostAddress &a : QNetworkInterface::allAddresses())
        if (a.protocol() == QAbstractSocket::IPv4Protocol)
            out.append(Ipv4Address(a.toIPv4Address()));
    return out;
}

QList<Ipv4Address> addressList(const DhcpMessage &m, std::uint8_t code)
{
    QList<Ipv4Address> out;
    if (const proto::DhcpOption *o = m.findOption(code))
        for (std::size_t i = 0; i + 4 <= o->data.size(); i += 4)
            out.append(Ipv4Address::fromBytes(o->data.data() + i));
    return out;
}

} // namespace

RogueWatch::RogueWatch(ClientPort &port, const Clock &clock, QObject *parent)
    : QObject(parent), m_port(port), m_clock(clock), m_ownAddresses(machineAddresses)
{
    qRegisterMetaType<leasedesk::RogueServer>();
    qRegisterMetaType<leasedesk::NetworkEvent>();
    qRegisterMetaType<leasedesk::ServerReplySeen>();
    m_listen.setSingleShot(true);
    connect(&m_listen, &QTimer::timeout, this, &RogueWatch::finishRound);
    connect(&m_schedule, &QTimer::timeout, this, &RogueWatch::detectNow);
    m_nextXid = quint32(QDateTime::currentMSecsSinceEpoch());
}

void RogueWatch::setSettings(const RogueDetection &settings)
{
    m_settings = settings;
    m_schedule.stop();
    if (m_settings.enabled && m_settings.intervalS > 0)
        m_schedule.start(int(std::min<quint32>(m_settings.intervalS, 86'400)) * 1000);
}

QByteArray RogueWatch::probeMac(const QString &interfaceName)
{
    QByteArray mac =
        QCryptographicHash::hash(QSysInfo::machineUniqueId() + '/' + interfaceName.toUtf8(),
                                 QCryptographicHash::Sha256)
            .left(6);
    // IEEE 802: bit 1 of the first octet marks a locally administered address, bit 0 clear
    // keeps it unicast.
    mac[0] = char((quint8(mac[0]) & 0xfc) | 0x02);
    return mac;
}

void RogueWatch::setInterfaces(const QStringList &names)
{
    m_interfaces = names;
    m_probeMacs.clear();
    for (const QString &name : names)
        m_probeMacs.append(probeMac(name));
}

bool RogueWatch::isOwnProbe(const QByteArray &chaddr) const
{
    return m_probeMacs.contains(chaddr);
}

std::vector<std::uint8_t> RogueWatch::discover(const QByteArray &mac, quint32 xid)
{
    DhcpMessage m;
    m.xid = xid;
    m.flags = DhcpMessage::BroadcastFlag;
    std::copy(mac.begin(), mac.begin() + std::min<qsizetype>(mac.size(), 16), m.chaddr.begin());
    m.hlen = std::uint8_t(std::min<qsizetype>(mac.size(), 16));
    m.setOption(Code::MessageType, {std::uint8_t(proto::MessageType::Discover)});
    std::vector<std::uint8_t> clientId{1};
    clientId.insert(clientId.end(), mac.begin(), mac.end());
    m.setOption(Code::ClientIdentifier, clientId);
    // What a typical client asks for, so the other server shows its usual answer.
    m.setOption(Code::ParameterRequestList,
                {Code::SubnetMask, Code::Router, Code::DomainNameServer, Code::DomainName,
                 Code::LeaseTime, Code::ServerIdentifier});
    const std::string vendor = "LeaseDesk rogue server check";
    m.setOption(Code::VendorClass, {vendor.begin(), vendor.end()});
    return proto::DhcpCodec::serialize(m).bytes;
}

std::optional<RogueServer> RogueWatch::describeReply(const ServerReplySeen &seen)
{
    const auto bytes = std::span(reinterpret_cast<const std::uint8_t *>(seen.payload.constData()),
                                 std::size_t(seen.payload.size()));
    const proto::ParseResult parsed = proto::DhcpCodec::parse(bytes);
    if (!parsed || parsed.message->op != proto::BootReply || !parsed.message->messageType())
        return std::nullopt;
    const DhcpMessage &m = *parsed.message;
    RogueServer s;
    s.timeMs = seen.timeMs;
    s.interfaceName = seen.interfaceName;
    s.sourceIp = seen.sourceIp;
    s.sourceMac = seen.sourceMac;
    s.serverId = m.addressOption(Code::ServerIdentifier).value_or(seen.sourceIp);
    s.messageType = *m.messageType();
    s.offered = m.yiaddr;
    const QList<Ipv4Address> routers = addressList(m, Code::Router);
    if (!routers.isEmpty())
        s.router = routers.front();
    s.dns = addressList(m, Code::DomainNameServer);
    s.leaseTime = m.u32Option(Code::LeaseTime).value_or(0);
    s.clientMac = toByteArray(m.hardwareAddress());
    s.xid = m.xid;
    return s;
}

void RogueWatch::detectNow()
{
    if (m_listen.isActive())
        return; // a round is running; its answers will come
    m_sentAt.clear();
    m_answers.clear();
    m_probed.clear();
    m_reportedThisRound.clear();
    for (const QString &name : m_interfaces) {
        const quint32 xid = m_nextXid++;
        const auto packet = discover(probeMac(name), xid);
        QString error;
        if (!m_port.sendDiscover(name, packet, &error)) {
            emit problem(
                QStringLiteral("cannot look for other DHCP servers on %1: %2").arg(name, error));
            continue;
        }
        m_sentAt.insert(xid, m_clock.nowMs());
        m_probed.append(name);
    }
    m_listen.start(int(std::max<quint32>(m_settings.listenS, 1)) * 1000);
}

void RogueWatch::handleServerReply(const ServerReplySeen &seen)
{
    std::optional<RogueServer> s = describeReply(seen);
    if (!s || isOwnAddress(s->serverId) || isOwnAddress(s->sourceIp))
        return;
    const bool answer = isOwnProbe(s->clientMac) && m_sentAt.contains(s->xid);
    s->allowed = isAllowed(*s);
    if (answer) {
        s->responseMs = seen.timeMs - m_sentAt.value(s->xid);
        // A server that answers twice (an OFFER repeated) is one server.
        const bool counted = std::any_of(m_answers.begin(), m_answers.end(), [&](const auto &a) {
            return a.interfaceName == s->interfaceName && a.serverId == s->serverId;
        });
        if (!counted)
            m_answers.append(*s);
    }
    const QString key = serverKey(s->interfaceName, s->serverId);
    if (!m_servers.contains(key) && m_servers.size() >= MaxServers) {
        ++m_unreported;
        return;
    }
    m_servers.insert(key, *s);
    // Passive sightings are many (every client of that server); one report per interval.
    // Answers to our DISCOVER are reported once every round: a rogue server that stays is
    // news every time the admin asks.
    const qint64 last = m_reported.value(key, -1);
    const bool known = s->allowed && last >= 0;
    const bool quiet = answer ? m_reportedThisRound.contains(key)
                              : last >= 0 && seen.timeMs - last < PassiveReportIntervalMs;
    if (known || quiet || !report(*s))
        return;
    m_reported.insert(key, seen.timeMs);
    if (answer)
        m_reportedThisRound.insert(key);
}

bool RogueWatch::report(const RogueServer &s)
{
    m_recentReports.removeIf([&](qint64 t) { return s.timeMs - t >= 60'000; });
    if (m_recentReports.size() >= MaxReportsPerMinute) {
        ++m_unreported;
        return false;
    }
    m_recentReports.append(s.timeMs);
    NetworkEvent e;
    e.kind = s.allowed ? NetworkEvent::Kind::KnownServer : NetworkEvent::Kind::RogueServer;
    e.severity = s.allowed ? NetworkEvent::Severity::Info : NetworkEvent::Severity::Critical;
    e.timeMs = s.timeMs;
    e.interfaceName = s.interfaceName;
    e.address = s.serverId;
    e.mac = s.sourceMac;
    e.text = s.describe();
    emit serverFound(e, s);
    return true;
}

void RogueWatch::finishRound()
{
    m_sentAt.clear();
    emit roundFinished(m_probed, m_answers);
}

bool RogueWatch::isOwnAddress(Ipv4Address a)
{
    const qint64 now = m_clock.nowMs();
    if (m_ownCacheMs < 0 || now - m_ownCacheMs > 5000) {
        m_ownCache = m_ownAddresses();
        m_ownCacheMs = now;
    }
    return m_ownCache.contains(a);
}

bool RogueWatch::isAllowed(const RogueServer &s) const
{
    for (const QString &entry : m_settings.allowed) {
        if (const auto a = Ipv4Address::fromString(entry.toStdString());
            a && (*a == s.serverId || *a == s.sourceIp))
            return true;
        if (const auto mac = parseMac(entry); mac && *mac == s.sourceMac)
            return true;
    }
    return false;
}

} // namespace leasedesk
