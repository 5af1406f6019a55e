#include "core/alertmonitor.h"

#include <cmath>

namespace leasedesk {

namespace {

NetworkEvent alert(NetworkEvent::Kind kind, NetworkEvent::Severity severity, const QString &scope,
                   qint64 nowMs, QString text)
{
    NetworkEvent e;
    e.kind = kind;
    e.severity = severity;
    e.timeMs = nowMs;
    e.scope = scope;
    e.text = std::move(text);
    return e;
}

// "82 of 102 addresses in use (80.3 %)": one decimal, rounded down, so a value just below a
// threshold never reads as the threshold itself.
QString usage(const ScopeUtilization &s)
{
    return QStringLiteral("%1 of %2 addresses in use (%3 %)")
        .arg(s.used())
        .arg(s.total)
        .arg(QString::number(std::floor(s.percent() * 10) / 10, 'f', 1)
                 .replace(QStringLiteral(".0"), QString()));
}

// Going up takes crossing a line; coming down takes getting clear of it, so a pool that
// hovers at a line (a full pool whose clients come and go) does not alert every sample: an
// exhausted pool stays so until it is below its critical threshold, and a level is left only
// HysteresisPercent below the threshold that raised it.
AlertMonitor::Level levelOf(const ScopeUtilization &s, UtilizationThresholds t,
                            AlertMonitor::Level previous)
{
    using Level = AlertMonitor::Level;
    if (s.total == 0)
        return Level::Normal;
    const double p = s.percent();
    const double band = AlertMonitor::HysteresisPercent;
    Level level = Level::Normal;
    if (s.free == 0)
        level = Level::Exhausted;
    else if (p >= t.criticalPercent)
        level = Level::Critical;
    else if (p >= t.warningPercent)
        level = Level::Warning;
    if (level >= previous)
        return level;
    if (previous == Level::Exhausted && p >= t.criticalPercent)
        return Level::Exhausted;
    if (previous >= Level::Critical && p >= t.criticalPercent - band)
        return Level::Critical;
    if (previous >= Level::Warning && p >= t.warningPercent - band)
        return std::max(level, Level::Warning);
    return level;
}

} // namespace

QList<NetworkEvent> AlertMonitor::observe(const StatisticsSample &sample,
                                          const Configuration &config, qint64 nowMs)
{
    QList<NetworkEvent> out;
    QHash<QString, Level> seen;
    for (const ScopeUtilization &s : sample.scopes) {
        if (auto e = levelChange(s, config.thresholdsFor(s.scope), nowMs))
            out.append(*e);
        seen.insert(s.scope, m_levels.value(s.scope, Level::Normal));
    }
    m_levels = std::move(seen); // scopes that are gone forget their level
    return out;
}

std::optional<NetworkEvent> AlertMonitor::levelChange(const ScopeUtilization &s,
                                                      UtilizationThresholds t, qint64 nowMs)
{
    using Kind = NetworkEvent::Kind;
    using Severity = NetworkEvent::Severity;
    const Level before = m_levels.value(s.scope, Level::Normal);
    const Level now = levelOf(s, t, before);
    m_levels.insert(s.scope, now);
    if (now == before)
        return std::nullopt;
    const QString scope = s.scope;
    if (now < before) { // good news, said once per level
        if (before == Level::Exhausted)
            return alert(Kind::PoolExhausted, Severity::Info, scope, nowMs,
                         QStringLiteral("%1 has free addresses again: %2").arg(scope, usage(s)));
        if (now == Level::Normal)
            return alert(Kind::Utilization, Severity::Info, scope, nowMs,
                         QStringLiteral("%1 is back to normal: %2").arg(scope, usage(s)));
        return alert(
            Kind::Utilization, Severity::Info, scope, nowMs,
            QStringLiteral("%1 is below its critical threshold again: %2").arg(scope, usage(s)));
    }
    switch (now) {
    case Level::Exhausted:
        return alert(Kind::PoolExhausted, Severity::Critical, scope, nowMs,
                     QStringLiteral("%1 has no free address left: %2; new clients get none")
                         .arg(scope, usage(s)));
    case Level::Critical:
        return alert(Kind::Utilization, Severity::Critical, scope, nowMs,
                     QStringLiteral("%1 is above its critical threshold of %2 %: %3")
                         .arg(scope)
                         .arg(t.criticalPercent)
                         .arg(usage(s)));
    case Level::Warning:
        return alert(Kind::Utilization, Severity::Warning, scope, nowMs,
                     QStringLiteral("%1 is above its warning threshold of %2 %: %3")
                         .arg(scope)
                         .arg(t.warningPercent)
                         .arg(usage(s)));
    case Level::Normal: break;
    }
    return std::nullopt;
}

std::optional<NetworkEvent>
AlertMonitor::noteDecline(const QString &scope, const StatisticsSettings &settings, qint64 nowMs)
{
    if (settings.declineStormCount <= 0)
        return std::nullopt;
    Declines &d = m_declines[scope];
    const qint64 windowMs = qint64(settings.declineStormWindowS) * 1000;
    d.timesMs.push_back(nowMs);
    while (!d.timesMs.empty() && d.timesMs.front() <= nowMs - windowMs)
        d.timesMs.pop_front();
    if (qsizetype(d.timesMs.size()) < settings.declineStormCount || nowMs < d.stormUntilMs)
        return std::nullopt;
    d.stormUntilMs = nowMs + windowMs;
    // RFC 2131 §4.3.3: a client declines an address it found in use; many at once mean
    // something else answers for these addresses.
    return alert(NetworkEvent::Kind::DeclineStorm, NetworkEvent::Severity::Critical, scope, nowMs,
                 QStringLiteral("%1 DECLINEs in %2 s in %3: clients find the addresses they are "
                                "given already in use (another DHCP server, or machines with "
                                "static addresses inside the pool)")
                     .arg(d.timesMs.size())
                     .arg(settings.declineStormWindowS)
                     .arg(scope));
}

} // namespace leasedesk
