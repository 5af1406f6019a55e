#include "core/configuration.h"

#include <QRegularExpression>

namespace leasedesk {

QString BootFiles::forArchitecture(std::optional<quint16> arch) const
{
    QString chosen;
    if (arch) {
        switch (*arch) {
        case 0: chosen = bios; break;
        case 7:
        case 9: chosen = uefiX64; break;
        case 11: chosen = arm64; break;
        default: break;
        }
    }
    return chosen.isEmpty() ? fallback : chosen;
}

quint32 Scope::netmask() const
{
    return prefixLength <= 0 ? 0 : quint32(0xffffffffu << (32 - std::min(prefixLength, 32)));
}

Ipv4Address Scope::broadcast() const
{
    return Ipv4Address(network.toUint32() | ~netmask());
}

bool Scope::containsAddress(Ipv4Address a) const
{
    return (a.toUint32() & netmask()) == (network.toUint32() & netmask());
}

quint32 Scope::effectiveRenewalTime() const
{
    return renewalTime.value_or(quint32(quint64(leaseTime) / 2));
}

quint32 Scope::effectiveRebindingTime() const
{
    return rebindingTime.value_or(quint32(quint64(leaseTime) * 7 / 8));
}

QString probeMethodName(ProbeMethod m)
{
    switch (m) {
    case ProbeMethod::Icmp: return QStringLiteral("icmp");
    case ProbeMethod::Arp: return QStringLiteral("arp");
    case ProbeMethod::Both: return QStringLiteral("both");
    }
    return {};
}

const Scope *Configuration::findScope(const QString &name) const
{
    for (const Scope &s : scopes)
        if (s.name == name)
            return &s;
    return nullptr;
}

UtilizationThresholds Configuration::thresholdsFor(const QString &scope) const
{
    UtilizationThresholds t{server.statistics.warningPercent, server.statistics.criticalPercent};
    if (const Scope *s = findScope(scope)) {
        t.warningPercent = s->warningPercent.value_or(t.warningPercent);
        t.criticalPercent = s->criticalPercent.value_or(t.criticalPercent);
    }
    return t;
}

std::optional<QByteArray> parseMac(const QString &text)
{
    static const QRegularExpression form(QStringLiteral("^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$"));
    if (!form.match(text.trimmed()).hasMatch())
        return std::nullopt;
    QString hex = text.trimmed();
    hex.remove(QLatin1Char(':')).remove(QLatin1Char('-'));
    return QByteArray::fromHex(hex.toLatin1());
}

QString formatMac(const QByteArray &mac)
{
    return QString::fromLatin1(mac.toHex(':'));
}

namespace {

QStringList patternGroups(const QString &pattern)
{
    return pattern.trimmed().toLower().split(QLatin1Char(':'));
}

bool groupIsValid(const QString &g)
{
    static const QRegularExpression octet(QStringLiteral("^[0-9a-f?]{2}$"));
    return g == QLatin1String("*") || octet.match(g).hasMatch();
}

} // namespace

bool MacPattern::isValid(const QString &pattern, QString *why)
{
    const QStringList groups = patternGroups(pattern);
    const bool open = groups.last() == QLatin1String("*");
    bool ok = groups.size() <= 6 && (groups.size() == 6 || open);
    for (const QString &g : groups)
        ok = ok && groupIsValid(g);
    if (!ok && why)
        *why = QStringLiteral("\"%1\" is not a MAC pattern: six octets such as 02:00:5e:0?:*:01, "
                              "or a prefix ending in * such as 02:00:00:*")
                   .arg(pattern);
    return ok;
}

bool MacPattern::matches(const QString &pattern, const QByteArray &mac)
{
    if (!isValid(pattern))
        return false;
    const QStringList groups = patternGroups(pattern);
    const QString hex = QString::fromLatin1(mac.toHex());
    for (qsizetype i = 0; i < groups.size(); ++i) {
        const QString &g = groups[i];
        if (g == QLatin1String("*")) {
            if (i == groups.size() - 1 && groups.size() < 6)
                return true; // a trailing * takes the rest
            continue;
        }
        if (2 * i + 1 >= hex.size())
            return false;
        for (int k = 0; k < 2; ++k)
            if (g[k] != QLatin1Char('?') && g[k] != hex[2 * i + k])
                return false;
    }
    return hex.size() == 12;
}

} // namespace leasedesk
