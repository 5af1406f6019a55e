#include "core/networkwatch.h"
#include "core/packetio.h"

#include "proto/dhcpmessage.h"

#include <QStringList>

#include <array>

namespace leasedesk {

namespace {

// Indexed by the enum values.
constexpr std::array<const char *, 8> KindNames = {
    "conflict",    "rogue-server",   "known-server",  "self-check",
    "utilization", "pool-exhausted", "decline-storm", "overload",
};
constexpr std::array<const char *, 3> SeverityNames = {"info", "warning", "critical"};
// A new kind needs a name here too.
static_assert(KindNames.size() == std::size_t(NetworkEvent::Kind::Overload) + 1);

template<typename Enum, std::size_t N>
std::optional<Enum> fromName(const std::array<const char *, N> &names, const QString &name)
{
    for (std::size_t i = 0; i < N; ++i)
        if (name == QLatin1String(names[i]))
            return Enum(i);
    return std::nullopt;
}

} // namespace

QString networkEventKindName(NetworkEvent::Kind kind)
{
    return QString::fromLatin1(KindNames.at(std::size_t(kind)));
}

std::optional<NetworkEvent::Kind> networkEventKindFromName(const QString &name)
{
    return fromName<NetworkEvent::Kind>(KindNames, name);
}

QString networkEventSeverityName(NetworkEvent::Severity severity)
{
    return QString::fromLatin1(SeverityNames.at(std::size_t(severity)));
}

std::optional<NetworkEvent::Severity> networkEventSeverityFromName(const QString &name)
{
    return fromName<NetworkEvent::Severity>(SeverityNames, name);
}

QString NetworkEvent::summary() const
{
    switch (kind) {
    case Kind::Conflict: return QStringLiteral("conflict: ") + text;
    case Kind::RogueServer: return QStringLiteral("rogue DHCP server: ") + text;
    case Kind::KnownServer: return QStringLiteral("known DHCP server: ") + text;
    case Kind::SelfCheck: return QStringLiteral("self-check %1: %2").arg(interfaceName, text);
    case Kind::Utilization: return QStringLiteral("utilization: ") + text;
    case Kind::PoolExhausted: return QStringLiteral("pool exhausted: ") + text;
    case Kind::DeclineStorm: return QStringLiteral("decline storm: ") + text;
    case Kind::Overload:
        return (severity == Severity::Info ? QStringLiteral("overload over: ")
                                           : QStringLiteral("overload: "))
            + text;
    }
    return text;
}

QString RogueServer::describe() const
{
    QString who = addressText(serverId);
    if (!sourceMac.isEmpty())
        who += QStringLiteral(" (MAC %1)").arg(formatMac(sourceMac));
    if (sourceIp != serverId && !sourceIp.isZero())
        who += QStringLiteral(" from %1").arg(addressText(sourceIp));
    QStringList what;
    const QString type = QString::fromLatin1(proto::messageTypeName(messageType));
    if (messageType == quint8(proto::MessageType::Nak))
        what << QStringLiteral("sends NAK");
    else if (!offered.isZero())
        what << (messageType == quint8(proto::MessageType::Offer)
                     ? QStringLiteral("offers %1").arg(addressText(offered))
                     : QStringLiteral("%1 %2").arg(type, addressText(offered)));
    else
        what << QStringLiteral("sends %1").arg(type);
    if (!clientMac.isEmpty() && responseMs < 0)
        what.back() += QStringLiteral(" to %1").arg(formatMac(clientMac));
    if (!router.isZero())
        what << QStringLiteral("router %1").arg(addressText(router));
    if (!dns.isEmpty()) {
        QStringList servers;
        for (Ipv4Address a : dns)
            servers << addressText(a);
        what << QStringLiteral("DNS %1").arg(servers.join(QLatin1Char(' ')));
    }
    if (leaseTime > 0)
        what << QStringLiteral("lease %1 s").arg(leaseTime);
    what << (responseMs >= 0 ? QStringLiteral("answered our DISCOVER in %1 ms").arg(responseMs)
                             : QStringLiteral("seen on the wire"));
    return QStringLiteral("%1 on %2 %3").arg(who, interfaceName, what.join(QStringLiteral(", ")));
}

} // namespace leasedesk
