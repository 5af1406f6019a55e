// forecastExhaustion: "at the current rate, this pool runs out at …" only when the recent
// trend says so clearly (ForecastRules), and at the time a straight line through it gives.

#include "core/forecast.h"

#include <QTest>

#include <functional>

using namespace leasedesk;

namespace {

constexpr qint64 Now = 1'700'000'000;

// One point a minute over the `minutes` before Now (both ends included), used = f(hours
// before Now, negative).
QList<ForecastPoint> points(int minutes, const std::function<double(double)> &used)
{
    QList<ForecastPoint> list;
    for (int m = minutes; m >= 0; --m) {
        const qint64 t = Now - 60LL * m;
        list.append({t, used(double(t - Now) / 3600.0)});
    }
    return list;
}

// Deterministic noise in [-amplitude, amplitude].
double noise(int i, double amplitude)
{
    static constexpr double Pattern[] = {0.9, -0.4, -1.0, 0.3, 0.7, -0.8, 0.1, -0.2, 1.0, -0.6};
    return amplitude * Pattern[i % 10];
}

} // namespace

class TestForecast : public QObject
{
    Q_OBJECT

private slots:
    void steadyRiseGivesTheExactTime();
    void flatOrFallingGivesNothing_data();
    void flatOrFallingGivesNothing();
    void tooFewPointsOrTooShortASpanGiveNothing();
    void noisyButRisingIsReasonable();
    void pureNoiseGivesNothing();
    void pointsOlderThanTheWindowAreLeftOut();
    void fullPoolGivesNothing();
    void beyondNinetyDaysGivesNothing();
    void stoppedFillingGivesNothing();
};

void TestForecast::steadyRiseGivesTheExactTime()
{
    // 60 addresses an hour, 130 used now, 200 in the pool: 70 left, 70 minutes.
    const auto forecast =
        forecastExhaustion(points(30, [](double h) { return 130 + 60 * h; }), 200, Now);
    QVERIFY(forecast);
    QVERIFY2(qAbs(forecast->exhaustedAtS - (Now + 70 * 60)) <= 1,
             qPrintable(QString::number(forecast->exhaustedAtS - Now)));
    QVERIFY(qAbs(forecast->addressesPerHour - 60) < 1e-6);

    // The line is extended from the fit, not from the last point: a point that is late by
    // some minutes changes nothing when it lies on the line.
    QList<ForecastPoint> sparse{{Now - 3000, 80},  {Now - 2400, 90}, {Now - 1800, 100},
                                {Now - 1200, 110}, {Now - 600, 120}, {Now - 300, 125}};
    const auto fromSparse = forecastExhaustion(sparse, 200, Now);
    QVERIFY(fromSparse);
    QVERIFY(qAbs(fromSparse->exhaustedAtS - (Now + 70 * 60)) <= 1);
}

void TestForecast::flatOrFallingGivesNothing_data()
{
    QTest::addColumn<double>("perHour");
    QTest::newRow("flat") << 0.0;
    QTest::newRow("falling") << -30.0;
    QTest::newRow("rising too slowly") << 0.4;
}

void TestForecast::flatOrFallingGivesNothing()
{
    QFETCH(double, perHour);
    QVERIFY(!forecastExhaustion(points(60, [&](double h) { return 100 + perHour * h; }), 200, Now));
}

void TestForecast::tooFewPointsOrTooShortASpanGiveNothing()
{
    const auto at = [](qint64 ago) {
        return ForecastPoint{Now - ago, 130 - 60 * double(ago) / 3600};
    };
    // Five points over ten minutes: too few; a sixth makes it a forecast.
    QList<ForecastPoint> list{at(600), at(450), at(300), at(150), at(0)};
    QVERIFY(!forecastExhaustion(list, 200, Now));
    list.append(at(525));
    QVERIFY(forecastExhaustion(list, 200, Now));
    // Six points over four minutes: too short; over five minutes: enough.
    QVERIFY(!forecastExhaustion({at(240), at(192), at(144), at(96), at(48), at(0)}, 200, Now));
    QVERIFY(forecastExhaustion({at(300), at(240), at(180), at(120), at(60), at(0)}, 200, Now));
    QVERIFY(!forecastExhaustion({}, 200, Now));
}

void TestForecast::noisyButRisingIsReasonable()
{
    // 30 addresses an hour with ±3 of noise: about 100 minutes left for 50 addresses.
    QList<ForecastPoint> list = points(60, [](double h) { return 150 + 30 * h; });
    for (int i = 0; i < list.size(); ++i)
        list[i].used += noise(i, 3);
    const auto forecast = forecastExhaustion(list, 200, Now);
    QVERIFY(forecast);
    const double minutes = double(forecast->exhaustedAtS - Now) / 60.0;
    QVERIFY2(minutes > 90 && minutes < 110, qPrintable(QString::number(minutes)));
    QVERIFY(forecast->addressesPerHour > 27 && forecast->addressesPerHour < 33);
}

void TestForecast::pureNoiseGivesNothing()
{
    // A rise hidden in noise: the line explains too little to be believed.
    QList<ForecastPoint> list = points(60, [](double h) { return 100 + 20 * h; });
    for (int i = 0; i < list.size(); ++i)
        list[i].used += noise(i, 40);
    QVERIFY(!forecastExhaustion(list, 200, Now));
}

void TestForecast::pointsOlderThanTheWindowAreLeftOut()
{
    // Yesterday the pool emptied fast; in the last hour it fills at 60 an hour.
    const auto recent = points(60, [](double h) { return 130 + 60 * h; });
    QList<ForecastPoint> old;
    for (int m = 0; m < 60; ++m)
        old.append({Now - 86400 + 60 * m, 190.0 - m * 3});
    const auto forecast = forecastExhaustion(old + recent, 200, Now);
    QVERIFY(forecast);
    QVERIFY(qAbs(forecast->exhaustedAtS - (Now + 70 * 60)) <= 1);
    // Only old points: nothing recent to go by.
    QVERIFY(!forecastExhaustion(points(60, [](double h) { return 130 + 60 * h; }), 200,
                                Now + 2 * 3600));
}

void TestForecast::fullPoolGivesNothing()
{
    // The line reaches the total before now: the exhausted alert speaks, not a forecast.
    QVERIFY(!forecastExhaustion(points(30, [](double h) { return 200 + 60 * h; }), 200, Now));
    QVERIFY(!forecastExhaustion(points(30, [](double h) { return 150 + 60 * h; }), 100, Now));
    QVERIFY(!forecastExhaustion(points(30, [](double h) { return 10 + 60 * h; }), 0, Now));
}

void TestForecast::beyondNinetyDaysGivesNothing()
{
    // 10 an hour with 21 590 left: 2159 hours, just under 90 days (2160 h).
    const auto slow = [](double h) {
        return 10 + 10 * h;
    };
    const auto within = forecastExhaustion(points(60, slow), 21'600, Now);
    QVERIFY(within);
    QVERIFY(qAbs(within->exhaustedAtS - (Now + 2159LL * 3600)) <= 2);
    // 21 610 left: 2161 hours.
    QVERIFY(!forecastExhaustion(points(60, slow), 21'620, Now));
}

// Forty minutes of steady rise, then twenty flat: the whole hour still fits a rising line,
// but the pool is no longer filling, so there is no "at the current rate".
void TestForecast::stoppedFillingGivesNothing()
{
    const auto rising = [](double h) {
        return 100 + 60 * (h + 1);
    }; // +60 addresses/h
    QList<ForecastPoint> list =
        points(60, [&](double h) { return h < -20.0 / 60 ? rising(h) : rising(-20.0 / 60); });
    QVERIFY(!forecastExhaustion(list, 200, Now));
    // Still rising in the last quarter hour: a forecast.
    QVERIFY(forecastExhaustion(points(60, rising), 200, Now));
}

QTEST_GUILESS_MAIN(TestForecast)
#include "tst_forecast.moc"
