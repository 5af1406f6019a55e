#include "core/configurationvalidator.h"
#include "core/packetio.h"

#include "proto/optiondefinition.h"
#include "proto/optiontext.h"

#include <QHash>
#include <QSet>

namespace leasedesk {

QString ValidationIssue::toString() const
{
    return (isError() ? QStringLiteral("error: ") : QStringLiteral("warning: ")) + path
        + QStringLiteral(": ") + message;
}

namespace {

QString subnetText(const Scope &s)
{
    return addressText(s.network) + QLatin1Char('/') + QString::number(s.prefixLength);
}

// Collects issues with the path prefix of the part being checked.
class Checker
{
public:
    explicit Checker(QList<ValidationIssue> &out) : m_out(out) { }

    void error(const QString &path, const QString &message)
    {
        m_out.append({ValidationIssue::Severity::Error, path, message});
    }
    void warning(const QString &path, const QString &message)
    {
        m_out.append({ValidationIssue::Severity::Warning, path, message});
    }

private:
    QList<ValidationIssue> &m_out;
};

// Utilization alert thresholds (issue 8): percentages, the warning below the critical one.
void checkThresholds(int warning, int critical, const QString &base, Checker &c)
{
    if (warning < 1 || warning > 100)
        c.error(base + QStringLiteral(".warning_percent"),
                QStringLiteral("%1 %: choose 1 to 100").arg(warning));
    if (critical < 1 || critical > 100)
        c.error(base + QStringLiteral(".critical_percent"),
                QStringLiteral("%1 %: choose 1 to 100").arg(critical));
    else if (warning >= critical)
        c.error(base + QStringLiteral(".warning_percent"),
                QStringLiteral("the warning threshold, %1 %, must be below the critical one, "
                               "%2 %")
                    .arg(warning)
                    .arg(critical));
}

// A scope's own thresholds, checked as they apply: its warning against the server's critical
// and the other way round, the error at the field the scope set.
void checkScopeThresholds(const Scope &s, const StatisticsSettings &server, const QString &base,
                          Checker &c)
{
    for (const auto &[value, key] : {std::pair{s.warningPercent, "warning_percent"},
                                     std::pair{s.criticalPercent, "critical_percent"}})
        if (value && (*value < 1 || *value > 100))
            c.error(base + QLatin1Char('.') + QLatin1String(key),
                    QStringLiteral("%1 %: choose 1 to 100").arg(*value));
    const int warning = s.warningPercent.value_or(server.warningPercent);
    const int critical = s.criticalPercent.value_or(server.criticalPercent);
    if ((!s.warningPercent && !s.criticalPercent) || warning < critical)
        return;
    const QString whose = QStringLiteral(" (the server's)");
    c.error(base
                + (s.warningPercent ? QStringLiteral(".warning_percent")
                                    : QStringLiteral(".critical_percent")),
            QStringLiteral("the warning threshold, %1 %%2, must be below the critical one, %3 %%4")
                .arg(warning)
                .arg(s.warningPercent ? QString() : whose)
                .arg(critical)
                .arg(s.criticalPercent ? QString() : whose));
}

void checkServer(const ServerSettings &s, const QList<Scope> &scopes, Checker &c)
{
    const ConflictDetection &cd = s.conflictDetection;
    if (cd.attempts < 0 || cd.attempts > 5)
        c.error(QStringLiteral("server.conflict_detection.attempts"),
                QStringLiteral("%1 probe attempts: choose 0 to 5").arg(cd.attempts));
    if (cd.timeoutMs < 1 || cd.timeoutMs > 10000)
        c.error(QStringLiteral("server.conflict_detection.timeout_ms"),
                QStringLiteral("a probe timeout of %1 ms: choose 1 to 10000 ms").arg(cd.timeoutMs));
    const StatisticsSettings &st = s.statistics;
    if (st.intervalS < 1 || st.intervalS > 3600)
        c.error(QStringLiteral("server.statistics.interval_s"),
                QStringLiteral("a sample every %1 s: choose 1 to 3600 s").arg(st.intervalS));
    checkThresholds(st.warningPercent, st.criticalPercent, QStringLiteral("server.statistics"), c);
    const RogueDetection &rd = s.rogueDetection;
    if (rd.intervalS > 0 && rd.intervalS < 60)
        c.error(QStringLiteral("server.rogue_detection.interval_s"),
                QStringLiteral("a DISCOVER every %1 s floods the other servers' pools: choose 0 "
                               "(only at start and on demand) or at least 60 s")
                    .arg(rd.intervalS));
    if (rd.listenS < 1 || rd.listenS > 60)
        c.error(QStringLiteral("server.rogue_detection.listen_s"),
                QStringLiteral("listening %1 s for answers: choose 1 to 60 s").arg(rd.listenS));
    for (qsizetype i = 0; i < rd.allowed.size(); ++i) {
        const QString &entry = rd.allowed[i];
        if (!Ipv4Address::fromString(entry.toStdString()) && !parseMac(entry))
            c.error(
                QStringLiteral("server.rogue_detection.allowed[%1]").arg(i),
                QStringLiteral("\"%1\" is neither an IPv4 address nor a MAC address").arg(entry));
    }
    // The held offer must outlive its probe and the offer delay, or the address could be
    // offered to someone else while the first client's OFFER still waits.
    const qint64 probeMs = cd.enabled ? qint64(cd.attempts) * cd.timeoutMs : 0;
    quint32 delayMs = 0;
    for (const Scope &scope : scopes)
        delayMs = std::max(delayMs, scope.offerDelayMs);
    if (probeMs > 0 && qint64(s.offerHoldS) * 1000 <= probeMs + delayMs)
        c.error(QStringLiteral("server.offer_hold_s"),
                QStringLiteral("an offer held for %1 s ends before its conflict probe (%2 × %3 "
                               "ms) and the longest offer delay (%4 ms) are over: hold offers "
                               "longer or probe less")
                    .arg(s.offerHoldS)
                    .arg(cd.attempts)
                    .arg(cd.timeoutMs)
                    .arg(delayMs));
    if (s.offerHoldS < 1)
        c.error(QStringLiteral("server.offer_hold_s"),
                QStringLiteral("an offer must hold its address for at least 1 second"));
}

// Options the server writes itself, and why an admin cannot set them.
QString ownedOptionReason(quint8 code)
{
    switch (code) {
    case 0:
    case 255: return QStringLiteral("PAD and END are not options one sets");
    case 1: return QStringLiteral("the subnet mask comes from the scope's subnet");
    case 50:
    case 52:
    case 53:
    case 54:
    case 55:
    case 57:
    case 61:
    case 82: return QStringLiteral("the server sets or echoes this option itself");
    case 51: return QStringLiteral("set lease_time instead");
    case 58: return QStringLiteral("set renewal_time instead");
    case 59: return QStringLiteral("set rebinding_time instead");
    default: return {};
    }
}

void checkOptions(const QList<OptionSetting> &options, const QString &base, Checker &c)
{
    QSet<int> seen;
    for (qsizetype i = 0; i < options.size(); ++i) {
        const OptionSetting &o = options[i];
        const QString path = base + QStringLiteral("[%1]").arg(i);
        if (const QString why = ownedOptionReason(o.code); !why.isEmpty()) {
            c.error(path + QStringLiteral(".code"),
                    QStringLiteral("option %1 cannot be configured: %2").arg(o.code).arg(why));
            continue;
        }
        if (seen.contains(o.code))
            c.error(path + QStringLiteral(".code"),
                    QStringLiteral("option %1 is set twice").arg(o.code));
        seen.insert(o.code);
        const proto::OptionDefinition def = proto::optionDefinitionOrGeneric(o.code);
        const proto::EncodedOption enc = proto::encodeOptionText(def, o.value.toStdString());
        if (!enc)
            c.error(path + QStringLiteral(".value"), QString::fromStdString(enc.error));
    }
}

void checkRange(const Scope &s, const AddressRange &r, const QString &path, Checker &c)
{
    if (r.end < r.start) {
        c.error(path + QStringLiteral(".end"),
                QStringLiteral("the range ends at %1, before it starts at %2")
                    .arg(addressText(r.end), addressText(r.start)));
        return;
    }
    for (auto [a, key] : {std::pair{r.start, "start"}, std::pair{r.end, "end"}}) {
        if (!s.containsAddress(a))
            c.error(path + QLatin1Char('.') + QLatin1String(key),
                    QStringLiteral("%1 is outside the scope's subnet %2")
                        .arg(addressText(a), subnetText(s)));
    }
    if (s.prefixLength <= 30 && s.containsAddress(r.start) && s.containsAddress(r.end)) {
        if (r.contains(s.network))
            c.error(path + QStringLiteral(".start"),
                    QStringLiteral("the range includes the network address %1, which no host "
                                   "may use")
                        .arg(addressText(s.network)));
        if (r.contains(s.broadcast()))
            c.error(path + QStringLiteral(".end"),
                    QStringLiteral("the range includes the broadcast address %1, which no host "
                                   "may use")
                        .arg(addressText(s.broadcast())));
    }
}

void checkTimes(const Scope &s, const QString &base, Checker &c)
{
    if (s.leaseTime < 60)
        c.error(base + QStringLiteral(".lease_time"),
                QStringLiteral("a lease of %1 s is too short: clients would renew constantly; "
                               "use at least 60 s")
                    .arg(s.leaseTime));
    const quint32 t1 = s.effectiveRenewalTime();
    const quint32 t2 = s.effectiveRebindingTime();
    // RFC 2131 §4.4.5: T1 < T2 < lease.
    if ((s.renewalTime || s.rebindingTime) && t1 >= t2)
        c.error(base
                    + (s.renewalTime ? QStringLiteral(".renewal_time")
                                     : QStringLiteral(".rebinding_time")),
                QStringLiteral("renewal (T1, %1 s) must come before rebinding (T2, %2 s)")
                    .arg(t1)
                    .arg(t2));
    if (s.rebindingTime && t2 >= s.leaseTime)
        c.error(base + QStringLiteral(".rebinding_time"),
                QStringLiteral("rebinding (T2, %1 s) must come before the lease ends (%2 s)")
                    .arg(t2)
                    .arg(s.leaseTime));
}

void checkAddresses(const Scope &s, const QString &base, Checker &c)
{
    if (s.network.toUint32() & ~s.netmask()) {
        c.error(
            base + QStringLiteral(".subnet"),
            QStringLiteral("%1 has host bits set; the network is %2/%3")
                .arg(subnetText(s), addressText(Ipv4Address(s.network.toUint32() & s.netmask())))
                .arg(s.prefixLength));
    }
    if ((s.network.toUint32() & 0xffff0000u) == 0xa9fe0000u) // 169.254.0.0/16, RFC 3927
        c.warning(base + QStringLiteral(".subnet"),
                  QStringLiteral("%1 is link-local (APIPA) space, which hosts give themselves when "
                                 "no DHCP server answers; serving it hides that failure")
                      .arg(subnetText(s)));
    if (!s.router.isZero()) {
        if (!s.containsAddress(s.router))
            c.error(base + QStringLiteral(".router"),
                    QStringLiteral("the router %1 is outside the subnet %2, so clients cannot "
                                   "reach it")
                        .arg(addressText(s.router), subnetText(s)));
        else if (s.prefixLength <= 30 && (s.router == s.network || s.router == s.broadcast()))
            c.error(base + QStringLiteral(".router"),
                    QStringLiteral("the router %1 is the subnet's network or broadcast address")
                        .arg(addressText(s.router)));
        for (const AddressRange &r : s.ranges)
            if (r.contains(s.router))
                c.warning(
                    base + QStringLiteral(".router"),
                    QStringLiteral("the router %1 lies inside the range %2-%3; exclude it "
                                   "so it is never offered")
                        .arg(addressText(s.router), addressText(r.start), addressText(r.end)));
    }
    for (qsizetype i = 0; i < s.ranges.size(); ++i) {
        checkRange(s, s.ranges[i], base + QStringLiteral(".ranges[%1]").arg(i), c);
        for (qsizetype j = 0; j < i; ++j)
            if (s.ranges[i].overlaps(s.ranges[j]))
                c.error(base + QStringLiteral(".ranges[%1]").arg(i),
                        QStringLiteral("overlaps ranges[%1] (%2-%3)")
                            .arg(j)
                            .arg(addressText(s.ranges[j].start), addressText(s.ranges[j].end)));
    }
    for (qsizetype i = 0; i < s.exclusions.size(); ++i) {
        const AddressRange &x = s.exclusions[i];
        const QString path = base + QStringLiteral(".exclusions[%1]").arg(i);
        if (x.end < x.start) {
            c.error(path + QStringLiteral(".end"),
                    QStringLiteral("the exclusion ends at %1, before it starts at %2")
                        .arg(addressText(x.end), addressText(x.start)));
            continue;
        }
        const bool inAnyRange = std::any_of(s.ranges.begin(), s.ranges.end(),
                                            [&](const AddressRange &r) { return r.overlaps(x); });
        if (!inAnyRange)
            c.warning(path,
                      QStringLiteral("%1-%2 lies outside every range, so it excludes nothing")
                          .arg(addressText(x.start), addressText(x.end)));
    }
}

void checkBootFiles(const BootFiles &b, const QString &base, Checker &c)
{
    for (auto [name, key] : {std::pair{&b.fallback, "default"}, std::pair{&b.bios, "bios"},
                             std::pair{&b.uefiX64, "uefi_x64"}, std::pair{&b.arm64, "arm64"}}) {
        // The file field is 128 octets with a terminating NUL (RFC 2131 Table 1).
        if (name->toUtf8().size() > 127)
            c.error(base + QLatin1Char('.') + QLatin1String(key),
                    QStringLiteral("a boot file name longer than 127 bytes does not fit the "
                                   "DHCP file field"));
    }
}

void checkReservations(const Scope &s, const QString &base, Checker &c)
{
    QHash<quint32, qsizetype> byIp;
    QHash<QByteArray, qsizetype> byMac;
    QHash<QByteArray, qsizetype> byClientId;
    for (qsizetype i = 0; i < s.reservations.size(); ++i) {
        const Reservation &r = s.reservations[i];
        const QString path = base + QStringLiteral(".reservations[%1]").arg(i);
        if (r.macs.isEmpty() && r.clientId.isEmpty())
            c.error(path, QStringLiteral("a reservation needs a MAC address or a client-id"));
        if (!s.containsAddress(r.ip))
            c.error(path + QStringLiteral(".ip"),
                    QStringLiteral("%1 is outside the scope's subnet %2")
                        .arg(addressText(r.ip), subnetText(s)));
        else if (s.prefixLength <= 30 && (r.ip == s.network || r.ip == s.broadcast()))
            c.error(path + QStringLiteral(".ip"),
                    QStringLiteral("%1 is the subnet's network or broadcast address")
                        .arg(addressText(r.ip)));
        else if (r.ip == s.router)
            c.error(path + QStringLiteral(".ip"),
                    QStringLiteral("%1 is the scope's router").arg(addressText(r.ip)));
        if (auto it = byIp.constFind(r.ip.toUint32()); it != byIp.constEnd())
            c.error(path + QStringLiteral(".ip"),
                    QStringLiteral("%1 is already reserved by reservations[%2]")
                        .arg(addressText(r.ip))
                        .arg(*it));
        byIp.insert(r.ip.toUint32(), i);
        for (const QByteArray &mac : r.macs) {
            if (auto it = byMac.constFind(mac); it != byMac.constEnd())
                c.error(path + QStringLiteral(".mac"),
                        QStringLiteral("%1 already has a reservation: reservations[%2]")
                            .arg(formatMac(mac))
                            .arg(*it));
            byMac.insert(mac, i);
        }
        if (!r.clientId.isEmpty()) {
            if (auto it = byClientId.constFind(r.clientId); it != byClientId.constEnd())
                c.error(path + QStringLiteral(".client_id"),
                        QStringLiteral("client-id %1 already has a reservation: reservations[%2]")
                            .arg(QString::fromLatin1(r.clientId.toHex(':')))
                            .arg(*it));
            byClientId.insert(r.clientId, i);
        }
        if (!r.nextServer.isZero() && r.nextServer == s.network)
            c.error(path + QStringLiteral(".next_server"), QStringLiteral("not a usable address"));
        checkOptions(r.options, path + QStringLiteral(".options"), c);
        checkBootFiles(r.bootFiles, path + QStringLiteral(".boot_file"), c);
    }
}

void checkScope(const Scope &s, const QString &base, Checker &c)
{
    if (s.name.trimmed().isEmpty())
        c.error(base + QStringLiteral(".name"), QStringLiteral("every scope needs a name"));
    if (s.prefixLength < 8 || s.prefixLength > 30)
        c.error(base + QStringLiteral(".subnet"),
                QStringLiteral("a /%1 subnet cannot be served: choose a prefix from /8 to /30")
                    .arg(s.prefixLength));
    if (s.ranges.isEmpty() && s.reservations.isEmpty())
        c.warning(base + QStringLiteral(".ranges"),
                  QStringLiteral("no ranges and no reservations: this scope gives out nothing"));
    if (s.offerDelayMs > 10000)
        c.error(base + QStringLiteral(".offer_delay_ms"),
                QStringLiteral("an offer delay of %1 ms outlasts every client's patience; use at "
                               "most 10000 ms")
                    .arg(s.offerDelayMs));
    checkAddresses(s, base, c);
    checkTimes(s, base, c);
    for (const auto &[list, key] :
         {std::pair{&s.macAllow, "mac_allow"}, std::pair{&s.macDeny, "mac_deny"}}) {
        for (qsizetype i = 0; i < list->size(); ++i) {
            QString why;
            if (!MacPattern::isValid(list->at(i), &why))
                c.error(base + QStringLiteral(".%1[%2]").arg(QLatin1String(key)).arg(i), why);
        }
    }
    const auto hasOption = [&](quint8 code) {
        return std::any_of(s.options.begin(), s.options.end(),
                           [code](const OptionSetting &o) { return o.code == code; });
    };
    if (!s.router.isZero() && hasOption(3))
        c.error(base + QStringLiteral(".options"),
                QStringLiteral("option 3 (Router) and router are both set; keep one"));
    if (!s.dns.isEmpty() && hasOption(6))
        c.error(base + QStringLiteral(".options"),
                QStringLiteral("option 6 (Domain Name Server) and dns are both set; keep one"));
    if (!s.domain.isEmpty() && hasOption(15))
        c.error(base + QStringLiteral(".options"),
                QStringLiteral("option 15 (Domain Name) and domain are both set; keep one"));
    checkOptions(s.options, base + QStringLiteral(".options"), c);
    checkBootFiles(s.bootFiles, base + QStringLiteral(".boot_file"), c);
    checkReservations(s, base, c);
}

// Labels only name machines, so the rules are few: a name to show, short enough for a
// table cell, on a real MAC, and one name per machine (two would leave the console guessing).
constexpr qsizetype MaxLabelLength = 64;

void checkLabels(const QList<DeviceLabel> &labels, Checker &c)
{
    QHash<QByteArray, qsizetype> byMac;
    for (qsizetype i = 0; i < labels.size(); ++i) {
        const DeviceLabel &l = labels[i];
        const QString path = QStringLiteral("labels[%1]").arg(i);
        if (l.name.trimmed().isEmpty())
            c.error(path + QStringLiteral(".name"), QStringLiteral("a label needs a name"));
        else if (l.name.size() > MaxLabelLength)
            c.error(path + QStringLiteral(".name"),
                    QStringLiteral("%1 characters; a label has at most %2")
                        .arg(l.name.size())
                        .arg(MaxLabelLength));
        if (l.mac.size() != 6) {
            c.error(path + QStringLiteral(".mac"),
                    QStringLiteral("a MAC address has six octets (02:00:00:00:00:01)"));
            continue;
        }
        if (auto it = byMac.constFind(l.mac); it != byMac.constEnd())
            c.error(path + QStringLiteral(".mac"),
                    QStringLiteral("%1 is already labelled by labels[%2]")
                        .arg(formatMac(l.mac))
                        .arg(*it));
        else
            byMac.insert(l.mac, i);
    }
}

} // namespace

QList<ValidationIssue> ConfigurationValidator::validate(const Configuration &config)
{
    QList<ValidationIssue> issues;
    Checker c(issues);
    checkServer(config.server, config.scopes, c);
    checkLabels(config.labels, c);
    QHash<QString, qsizetype> names;
    for (qsizetype i = 0; i < config.scopes.size(); ++i) {
        const Scope &s = config.scopes[i];
        const QString base = QStringLiteral("scopes[%1]").arg(i);
        checkScope(s, base, c);
        checkScopeThresholds(s, config.server.statistics, base, c);
        if (auto it = names.constFind(s.name); it != names.constEnd() && !s.name.isEmpty())
            c.error(base + QStringLiteral(".name"),
                    QStringLiteral("the name \"%1\" is already used by scopes[%2]")
                        .arg(s.name)
                        .arg(*it));
        names.insert(s.name, i);
        for (qsizetype j = 0; j < i; ++j) {
            const Scope &o = config.scopes[j];
            const int prefix = std::min(s.prefixLength, o.prefixLength);
            const quint32 mask = prefix <= 0 ? 0 : 0xffffffffu << (32 - prefix);
            if ((s.network.toUint32() & mask) == (o.network.toUint32() & mask))
                c.error(base + QStringLiteral(".subnet"),
                        QStringLiteral("%1 overlaps scopes[%2] \"%3\" (%4)")
                            .arg(subnetText(s))
                            .arg(j)
                            .arg(o.name, subnetText(o)));
        }
    }
    return issues;
}

bool ConfigurationValidator::hasErrors(const QList<ValidationIssue> &issues)
{
    return std::any_of(issues.begin(), issues.end(),
                       [](const ValidationIssue &i) { return i.isError(); });
}

} // namespace leasedesk
