#pragma once

#include <QList>

#include <optional>

namespace leasedesk {

// "At the current rate, this pool runs out at …" (issue 8). A least-squares line through the
// recent (time, used addresses) points of one scope, extended to where it reaches `total`.
struct ForecastPoint
{
    qint64 timeS = 0;
    double used = 0;
};

struct Forecast
{
    qint64 exhaustedAtS = 0; // when used reaches total, Unix seconds
    double addressesPerHour = 0; // the slope of the fit
};

// Only a meaningful forecast, else nothing: at least `MinPoints` points spanning at least
// `MinSpanS`, a rising trend (at least MinRisePerHour addresses per hour), a fit that
// explains most of the variation (r² >= MinFit), a pool not already full, and an exhaustion
// time no further than MaxHorizonS after nowS. Points older than nowS - WindowS are left out,
// so the forecast follows the current rate, not last week's, and the last LatestS must still
// be rising: a pool that stopped filling ten minutes ago gets no forecast.
struct ForecastRules
{
    static constexpr int MinPoints = 6;
    static constexpr qint64 MinSpanS = 5 * 60;
    static constexpr qint64 WindowS = 3600;
    static constexpr qint64 LatestS = 15 * 60;
    static constexpr double MinRisePerHour = 0.5;
    static constexpr double MinFit = 0.5;
    static constexpr qint64 MaxHorizonS = 90LL * 24 * 3600;
};

std::optional<Forecast> forecastExhaustion(const QList<ForecastPoint> &points, quint32 total,
                                           qint64 nowS);

} // namespace leasedesk
