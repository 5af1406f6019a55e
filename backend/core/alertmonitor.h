#pragma once

#include "core/configuration.h"
#include "core/networkwatch.h"
#include "core/statisticssample.h"

#include <QHash>
#include <QList>
#include <QString>

#include <deque>
#include <optional>

namespace leasedesk {

// Turns statistics into alerts (issue 8): a scope crossing its warning or critical
// utilization threshold, a pool with no free address left, and a decline storm. Each alert is
// raised once when its condition starts; a scope must fall HysteresisPercent below the
// threshold that raised a level before it leaves it (and says so, once), and an exhausted
// pool must fall below its critical threshold, so a pool hovering at a line does not alert
// every sample. Conflicts and other servers are alerts the engine
// raises itself (NetworkEvent::Kind::Conflict, RogueServer).
class AlertMonitor
{
public:
    static constexpr double HysteresisPercent = 5.0;
    enum class Level : quint8 { Normal, Warning, Critical, Exhausted };

    // The alerts this sample raises, timed nowMs.
    QList<NetworkEvent> observe(const StatisticsSample &sample, const Configuration &config,
                                qint64 nowMs);
    // A DECLINE for an address of `scope`: an alert when it makes the declineStormCount-th in
    // the window, and not again within the window that follows (a storm that goes on is
    // reported once a window).
    std::optional<NetworkEvent> noteDecline(const QString &scope,
                                            const StatisticsSettings &settings, qint64 nowMs);

    Level level(const QString &scope) const { return m_levels.value(scope, Level::Normal); }

private:
    std::optional<NetworkEvent> levelChange(const ScopeUtilization &s, UtilizationThresholds t,
                                            qint64 nowMs);

    QHash<QString, Level> m_levels;
    struct Declines
    {
        std::deque<qint64> timesMs;
        qint64 stormUntilMs = 0; // no second alert before this
    };
    QHash<QString, Declines> m_declines;
};

} // namespace leasedesk
