// The Statistics tab as the admin reads it (issue 8): one bar per scope coloured by its
// thresholds, a "Runs out" estimate that follows the current rate, and charts that grow by
// one point per sample, keep only the chosen range and ask for the stored past when the range
// changes.
#include "widgets/statisticsview.h"
#include "widgets/timeserieschart.h"
#include "widgets/utilizationtablemodel.h"

#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QPixmap>
#include <QSignalSpy>
#include <QTest>

using namespace leasedesk;

class TestStatisticsView : public QObject
{
    Q_OBJECT

private slots:
    void rowsFollowScopesInConfigurationOrder();
    void sameScopesUpdateInPlace();
    void scopesAppearAndDisappear();
    void levelsFollowThresholds();
    void runsOutColumnForSteadyRise();
    void runsOutColumnExplainsMissingForecast();
    void appendSampleAppendsOnePointPerSeries();
    void pointsOlderThanRangeAreTrimmed();
    void rangeButtonsAskForHistory();
    void historyReplacesPoints();
    void forecastLabelForRisingPoolOnly();
    void trafficRatesAreCountPerSecond();
    void longSessionsHoldBoundedSamples();
    void screenshot();
};

namespace {

constexpr qint64 T0 = 1'750'000'000; // a fixed Unix time, seconds

ScopeUtilization scopeAt(const QString &name, quint32 total, quint32 used, quint32 bound = 0)
{
    ScopeUtilization u;
    u.scope = name;
    u.total = total;
    u.free = total - used;
    u.bound = bound ? bound : used;
    u.offered = used - u.bound;
    return u;
}

StatisticsSample sampleAt(qint64 timeS, const QList<ScopeUtilization> &scopes, qint32 seconds = 60)
{
    StatisticsSample s;
    s.timeS = timeS;
    s.seconds = seconds;
    s.scopes = scopes;
    return s;
}

Configuration configWith(const QStringList &names)
{
    Configuration config;
    for (const QString &name : names) {
        Scope scope;
        scope.name = name;
        config.scopes.append(scope);
    }
    return config;
}

// Samples every minute for `minutes` up to endS, used rising by `perHour`.
QList<StatisticsSample> rising(const QString &name, quint32 total, double usedAtEnd, double perHour,
                               qint64 endS, int minutes)
{
    QList<StatisticsSample> samples;
    for (int m = minutes; m >= 0; --m) {
        const double used = usedAtEnd - perHour * m / 60.0;
        samples.append(sampleAt(endS - m * 60, {scopeAt(name, total, quint32(qRound(used)))}));
    }
    return samples;
}

struct Fixture
{
    StatisticsView view;
    qint64 nowMs = T0 * 1000;
    Fixture()
    {
        view.setNowFunction([this] { return nowMs; });
    }
    void append(const StatisticsSample &s)
    {
        nowMs = s.timeS * 1000;
        view.appendSample(s);
    }
};

} // namespace

void TestStatisticsView::rowsFollowScopesInConfigurationOrder()
{
    UtilizationTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConfiguration(configWith({"lab", "office", "guest"}));
    model.setSample(
        sampleAt(T0,
                 {scopeAt("guest", 100, 10), scopeAt("lab", 200, 170), scopeAt("stray", 50, 5)}),
        T0);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.scopeAt(0), QStringLiteral("lab"));
    QCOMPARE(model.scopeAt(1), QStringLiteral("guest"));
    QCOMPARE(model.scopeAt(2), QStringLiteral("stray")); // unknown to the configuration: last
    using C = UtilizationTableModel;
    QCOMPARE(model.index(0, C::UsedColumn).data().toString(), QStringLiteral("170 / 200"));
    QCOMPARE(model.index(0, C::UtilizationColumn).data().toString(), QStringLiteral("85 %"));
    QCOMPARE(model.index(0, C::UtilizationColumn).data(C::PercentRole).toDouble(), 85.0);
    QCOMPARE(model.index(0, C::FreeColumn).data().toInt(), 30);
}

void TestStatisticsView::sameScopesUpdateInPlace()
{
    UtilizationTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSample(sampleAt(T0, {scopeAt("lab", 200, 100), scopeAt("guest", 100, 10)}), T0);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setSample(sampleAt(T0 + 10, {scopeAt("lab", 200, 170), scopeAt("guest", 100, 10)}),
                    T0 + 10);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(removed.size(), 0);
    QCOMPARE(changed.size(), 1); // only lab moved
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 0);
    QCOMPARE(model.index(0, UtilizationTableModel::UsedColumn).data().toString(),
             QStringLiteral("170 / 200"));
}

void TestStatisticsView::scopesAppearAndDisappear()
{
    UtilizationTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConfiguration(configWith({"lab", "office", "guest"}));
    model.setSample(sampleAt(T0, {scopeAt("lab", 200, 100), scopeAt("guest", 100, 10)}), T0);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setSample(
        sampleAt(T0 + 10,
                 {scopeAt("lab", 200, 100), scopeAt("office", 50, 1), scopeAt("guest", 100, 10)}),
        T0 + 10);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 1); // between lab and guest, as configured
    QCOMPARE(model.scopeAt(1), QStringLiteral("office"));
    model.setSample(sampleAt(T0 + 20, {scopeAt("office", 50, 2)}), T0 + 20);
    QCOMPARE(removed.size(), 2);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.scopeAt(0), QStringLiteral("office"));
}

void TestStatisticsView::levelsFollowThresholds()
{
    Configuration config = configWith({"a", "b", "c", "tight"});
    config.scopes[3].warningPercent = 50;
    config.scopes[3].criticalPercent = 60;
    UtilizationTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setConfiguration(config);
    model.setSample(sampleAt(T0,
                             {scopeAt("a", 100, 79), scopeAt("b", 100, 80), scopeAt("c", 100, 90),
                              scopeAt("tight", 100, 55)}),
                    T0);
    const auto level = [&](int row) {
        return UtilizationLevel(model.index(row, UtilizationTableModel::UtilizationColumn)
                                    .data(UtilizationTableModel::LevelRole)
                                    .toInt());
    };
    QCOMPARE(level(0), UtilizationLevel::Normal);
    QCOMPARE(level(1), UtilizationLevel::Warning);
    QCOMPARE(level(2), UtilizationLevel::Critical);
    QCOMPARE(level(3), UtilizationLevel::Warning); // its own 50 %, not the server's 80 %

    // Raising the server's thresholds recolours the bars without a new sample.
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    config.server.statistics.warningPercent = 85;
    config.server.statistics.criticalPercent = 95;
    model.setConfiguration(config);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(level(1), UtilizationLevel::Normal);
    QCOMPARE(level(2), UtilizationLevel::Warning);
}

void TestStatisticsView::runsOutColumnForSteadyRise()
{
    UtilizationTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // 20 addresses an hour, 60 left: about 3 h.
    const QList<StatisticsSample> samples = rising("lab", 200, 140, 20, T0, 40);
    for (const StatisticsSample &s : samples)
        model.setSample(s, s.timeS);
    const QModelIndex cell = model.index(0, UtilizationTableModel::RunsOutColumn);
    QCOMPARE(cell.data().toString(), QStringLiteral("in about 3 h"));
    QVERIFY2(cell.data(Qt::ToolTipRole).toString().contains(QStringLiteral("+20 addresses/h")),
             qPrintable(cell.data(Qt::ToolTipRole).toString()));
    QVERIFY(model.forecast("lab"));
    QVERIFY(qAbs(model.forecast("lab")->exhaustedAtS - (T0 + 3 * 3600)) < 300);
}

void TestStatisticsView::runsOutColumnExplainsMissingForecast()
{
    UtilizationTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setSample(sampleAt(T0, {scopeAt("lab", 200, 100)}), T0);
    const QModelIndex cell = model.index(0, UtilizationTableModel::RunsOutColumn);
    QCOMPARE(cell.data().toString(), QStringLiteral("—"));
    QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(QStringLiteral("too little data")));
    for (int m = 1; m <= 30; ++m)
        model.setSample(sampleAt(T0 + m * 60, {scopeAt("lab", 200, 100)}), T0 + m * 60);
    QCOMPARE(cell.data().toString(), QStringLiteral("—"));
    QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(QStringLiteral("not rising")));
}

void TestStatisticsView::appendSampleAppendsOnePointPerSeries()
{
    Fixture f;
    for (int i = 0; i < 3; ++i)
        f.append(sampleAt(T0 + i * 10, {scopeAt("lab", 200, 100 + i)}, 10));
    QCOMPARE(f.view.selectedScope(), QStringLiteral("lab")); // the first scope by default
    TimeSeriesChart *util = f.view.utilizationChart();
    TimeSeriesChart *traffic = f.view.trafficChart();
    QCOMPARE(util->pointCount(StatisticsView::UsedSeries), 3);
    const int replaced = util->replaceCount() + traffic->replaceCount();
    f.append(sampleAt(T0 + 30, {scopeAt("lab", 200, 110)}, 10));
    QCOMPARE(util->pointCount(StatisticsView::UsedSeries), 4);
    QCOMPARE(util->pointCount(StatisticsView::BoundSeries), 4);
    for (int i = 0; i < StatisticsView::TrafficSeriesCount; ++i)
        QCOMPARE(traffic->pointCount(i), 4);
    QCOMPARE(util->replaceCount() + traffic->replaceCount(), replaced); // appended, not rebuilt
    QCOMPARE(util->points(StatisticsView::UsedSeries).last(), QPointF((T0 + 30) * 1000.0, 55.0));
}

void TestStatisticsView::pointsOlderThanRangeAreTrimmed()
{
    Fixture f;
    f.view.setRange(StatisticsRange::FifteenMinutes);
    for (int m = 0; m <= 30; ++m)
        f.append(sampleAt(T0 + m * 60, {scopeAt("lab", 200, 100)}));
    const qint64 startMs = f.nowMs - 15 * 60 * 1000;
    for (TimeSeriesChart *chart : {f.view.utilizationChart(), f.view.trafficChart()}) {
        QCOMPARE(chart->pointCount(0), 16); // minutes 15…30
        QVERIFY(chart->points(0).first().x() >= double(startMs));
    }
}

void TestStatisticsView::rangeButtonsAskForHistory()
{
    Fixture f;
    QSignalSpy wanted(&f.view, &StatisticsView::historyWanted);
    QCOMPARE(f.view.range(), StatisticsRange::Hour);
    f.view.rangeButton(StatisticsRange::Day)->click();
    QCOMPARE(f.view.range(), StatisticsRange::Day);
    QCOMPARE(wanted.size(), 1);
    QCOMPARE(wanted.at(0).at(0).toLongLong(), T0 + 1 - 24 * 3600);
    QCOMPARE(wanted.at(0).at(1).toLongLong(), T0 + 1); // the current second included
    QVERIFY(f.view.rangeButton(StatisticsRange::Day)->isChecked());
    QVERIFY(!f.view.rangeButton(StatisticsRange::Hour)->isChecked());

    f.nowMs += 5000;
    f.view.rangeButton(StatisticsRange::All)->click();
    QCOMPARE(wanted.size(), 2);
    QCOMPARE(wanted.at(1).at(0).toLongLong(), 0); // All asks from the beginning
    QCOMPARE(wanted.at(1).at(1).toLongLong(), T0 + 6);

    f.view.rangeButton(StatisticsRange::FifteenMinutes)->click();
    QCOMPARE(wanted.at(2).at(0).toLongLong(), T0 + 6 - 15 * 60);
    // Showing the tab later asks nothing more: the range change already did.
    f.view.show();
    QCOMPARE(wanted.size(), 3);
}

void TestStatisticsView::historyReplacesPoints()
{
    Fixture f;
    QSignalSpy wanted(&f.view, &StatisticsView::historyWanted);
    f.view.show(); // the first show asks for the range's history
    QCOMPARE(wanted.size(), 1);
    QCOMPARE(wanted.at(0).at(0).toLongLong(), T0 + 1 - 3600);
    // A live sample arrives while the history is read; then the answer for the last hour.
    f.append(sampleAt(T0 + 10, {scopeAt("lab", 200, 120)}, 10));
    QList<StatisticsSample> history;
    for (int m = 50; m >= 1; --m)
        history.append(sampleAt(T0 - m * 60, {scopeAt("lab", 200, 100)}));
    history.append(sampleAt(T0 + 10, {scopeAt("lab", 200, 120)}, 10)); // the live one, stored
    f.view.setHistory(T0 + 1 - 3600, T0 + 1, history);
    TimeSeriesChart *util = f.view.utilizationChart();
    QCOMPARE(util->pointCount(StatisticsView::UsedSeries), 51);
    QCOMPARE(f.view.trafficChart()->pointCount(StatisticsView::AckSeries), 51);
    QCOMPARE(util->points(StatisticsView::UsedSeries).first().x(), double((T0 - 50 * 60) * 1000));
    QCOMPARE(util->points(StatisticsView::UsedSeries).last().y(), 60.0); // no duplicate
    // And the live path goes on from there.
    f.append(sampleAt(T0 + 20, {scopeAt("lab", 200, 121)}, 10));
    QCOMPARE(util->pointCount(StatisticsView::UsedSeries), 52);

    // The admin switches to 24 h and back to 1 h before the first answer arrives: the answer
    // to the 24 h question is stale and changes nothing; the 1 h answer is taken.
    f.view.rangeButton(StatisticsRange::Day)->click();
    f.view.rangeButton(StatisticsRange::Hour)->click();
    QCOMPARE(wanted.size(), 3);
    const auto asked = [&](int i) {
        return std::pair(wanted.at(i).at(0).toLongLong(), wanted.at(i).at(1).toLongLong());
    };
    f.view.setHistory(asked(1).first, asked(1).second, history.mid(0, 5));
    QCOMPARE(util->pointCount(StatisticsView::UsedSeries), 52);
    f.view.setHistory(asked(2).first, asked(2).second, history.mid(0, 5));
    QVERIFY(util->pointCount(StatisticsView::UsedSeries) < 52);
}

void TestStatisticsView::forecastLabelForRisingPoolOnly()
{
    Fixture rise;
    for (const StatisticsSample &s : rising("lab", 200, 140, 12, T0, 40))
        rise.append(s);
    QLabel *label = rise.view.forecastLabel();
    QVERIFY(!label->isHidden());
    QVERIFY2(label->text().contains(QStringLiteral("+12 addresses/h")), qPrintable(label->text()));
    QVERIFY(label->text().contains(QStringLiteral("lab runs out in about 5 h (")));

    Fixture flat;
    for (int m = 0; m <= 40; ++m)
        flat.append(sampleAt(T0 + m * 60, {scopeAt("lab", 200, 140)}));
    QVERIFY(flat.view.forecastLabel()->isHidden());
}

void TestStatisticsView::trafficRatesAreCountPerSecond()
{
    Fixture f;
    StatisticsSample s = sampleAt(T0, {scopeAt("lab", 200, 100)}, 10);
    s.traffic.discover = 25;
    s.traffic.ack = 7;
    s.traffic.nak = 1;
    f.append(s);
    TimeSeriesChart *traffic = f.view.trafficChart();
    QCOMPARE(traffic->seriesName(StatisticsView::DiscoverSeries), QStringLiteral("DISCOVER"));
    QCOMPARE(traffic->points(StatisticsView::DiscoverSeries).last().y(), 2.5);
    QCOMPARE(traffic->points(StatisticsView::AckSeries).last().y(), 0.7);
    QCOMPARE(traffic->points(StatisticsView::NakSeries).last().y(), 0.1);
    QCOMPARE(traffic->points(StatisticsView::InformSeries).last().y(), 0.0);
    QVERIFY(traffic->valueAxisMax() >= 2.5); // the axis follows the data
    // A sample without an interval has no rate; it must not divide by zero.
    f.append(sampleAt(T0 + 10, {scopeAt("lab", 200, 100)}, 0));
    QCOMPARE(traffic->pointCount(StatisticsView::DiscoverSeries), 1);
}

// A console left open for days on "All": the charts keep the newest samples only.
void TestStatisticsView::longSessionsHoldBoundedSamples()
{
    Fixture f;
    f.view.setConfiguration(configWith({"lab"}));
    f.view.setRange(StatisticsRange::All);
    f.view.setMaxHeldSamples(300); // the default (a day of samples) takes long to fill
    for (qsizetype i = 0; i < 325; ++i)
        f.append(sampleAt(T0 + 10 * i, {scopeAt("lab", 200, 100)}, 10));
    QCOMPARE(f.view.utilizationChart()->pointCount(0), 300);
    QCOMPARE(f.view.trafficChart()->pointCount(0), 300);
    QCOMPARE(f.view.utilizationChart()->points(0).first().x(), double((T0 + 250) * 1000));
}

void TestStatisticsView::screenshot()
{
    Fixture f;
    Configuration config = configWith({"lab", "office", "guest"});
    f.view.setConfiguration(config);
    // Two hours at one sample a minute: lab climbing towards 85 %, office steady at 95 %,
    // guest wandering around 40 %, with a DORA-shaped traffic mix.
    QList<StatisticsSample> samples;
    for (int m = 120; m >= 0; --m) {
        const qint64 t = T0 - m * 60;
        const double lab = 250 + 90.0 * (120 - m) / 120.0; // of 400
        const double guest = 40 + 6 * std::sin(m / 9.0);
        StatisticsSample s = sampleAt(t,
                                      {scopeAt("lab", 400, quint32(lab), quint32(lab) - 3),
                                       scopeAt("office", 200, 190 - (m % 7 == 0 ? 1 : 0), 186),
                                       scopeAt("guest", 100, quint32(guest), quint32(guest) - 1)});
        const quint32 wave = quint32(30 + 20 * std::sin(m / 11.0));
        s.traffic.discover = wave;
        s.traffic.offer = wave - 2;
        s.traffic.request = wave + 4;
        s.traffic.ack = wave + 2;
        s.traffic.nak = m % 13 == 0 ? 3 : 0;
        s.traffic.decline = m % 29 == 0 ? 2 : 0;
        s.traffic.release = 2 + m % 3;
        s.traffic.inform = 1;
        samples.append(s);
    }
    QSignalSpy wanted(&f.view, &StatisticsView::historyWanted);
    f.view.setRange(StatisticsRange::All);
    f.view.resize(1280, 800);
    f.view.show();
    QCOMPARE(wanted.size(), 1);
    f.view.setHistory(wanted.at(0).at(0).toLongLong(), wanted.at(0).at(1).toLongLong(),
                      samples.mid(0, samples.size() - 1));
    f.append(samples.last());
    QCOMPARE(f.view.selectedScope(), QStringLiteral("lab"));
    QCoreApplication::processEvents();
    const QPixmap shot = f.view.grab();
    QCOMPARE(shot.size(), QSize(1280, 800));
    QVERIFY(shot.save(QDir::current().filePath(QStringLiteral("statistics.png"))));
}

QTEST_MAIN(TestStatisticsView)
#include "tst_statisticsview.moc"
