#include "core/forecast.h"

#include <cmath>

namespace leasedesk {

namespace {

// A least-squares line through the points: slope in addresses per hour, r², and the fitted
// value at `atS`. Times in hours relative to the first point keep the sums small and exact
// enough in double.
struct Fit
{
    double slope = 0;
    double r2 = 0;
    bool flat = true; // no spread in time or in value: nothing to extend
    double meanHours = 0, meanUsed = 0;
    qint64 originS = 0;

    double at(qint64 timeS) const
    {
        return meanUsed + slope * (double(timeS - originS) / 3600.0 - meanHours);
    }
};

Fit fit(const QList<ForecastPoint> &points)
{
    Fit f;
    if (points.isEmpty())
        return f;
    f.originS = points.front().timeS;
    const double n = double(points.size());
    for (const ForecastPoint &p : points) {
        f.meanHours += double(p.timeS - f.originS) / 3600.0;
        f.meanUsed += p.used;
    }
    f.meanHours /= n;
    f.meanUsed /= n;
    double sxx = 0, sxy = 0, syy = 0;
    for (const ForecastPoint &p : points) {
        const double dx = double(p.timeS - f.originS) / 3600.0 - f.meanHours;
        const double dy = p.used - f.meanUsed;
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    if (sxx <= 0 || syy <= 0)
        return f;
    f.flat = false;
    f.slope = sxy / sxx;
    f.r2 = (sxy * sxy) / (sxx * syy);
    return f;
}

QList<ForecastPoint> since(const QList<ForecastPoint> &points, qint64 fromS, qint64 nowS)
{
    QList<ForecastPoint> out;
    for (const ForecastPoint &p : points)
        if (p.timeS >= fromS && p.timeS <= nowS)
            out.append(p);
    return out;
}

} // namespace

std::optional<Forecast> forecastExhaustion(const QList<ForecastPoint> &points, quint32 total,
                                           qint64 nowS)
{
    using R = ForecastRules;
    const QList<ForecastPoint> recent = since(points, nowS - R::WindowS, nowS);
    if (recent.size() < R::MinPoints || total == 0)
        return std::nullopt;
    qint64 first = recent.front().timeS, last = first;
    for (const ForecastPoint &p : recent) {
        first = std::min(first, p.timeS);
        last = std::max(last, p.timeS);
    }
    if (last - first < R::MinSpanS)
        return std::nullopt;

    const Fit window = fit(recent);
    if (window.flat || window.slope < R::MinRisePerHour || window.r2 < R::MinFit)
        return std::nullopt;
    // A pool that filled during the window but has stopped filling is not "running out at
    // the current rate": the last LatestS must still rise (a flat tail has no slope).
    const Fit latest = fit(since(recent, nowS - R::LatestS, nowS));
    if (latest.flat || latest.slope < R::MinRisePerHour)
        return std::nullopt;

    const double usedNow = window.at(nowS);
    if (usedNow >= double(total))
        return std::nullopt; // already full: the exhausted alert says so, not a forecast
    const double secondsLeft = (double(total) - usedNow) / window.slope * 3600.0;
    if (!std::isfinite(secondsLeft) || secondsLeft > double(R::MaxHorizonS))
        return std::nullopt;
    return Forecast{nowS + qint64(std::llround(secondsLeft)), window.slope};
}

} // namespace leasedesk
