#pragma once

#include "core/configuration.h"
#include "core/statisticssample.h"

#include <QList>
#include <QWidget>

#include <functional>

class QAbstractButton;
class QButtonGroup;
class QLabel;
class QTableView;

namespace leasedesk {

class TimeSeriesChart;
class UtilizationTableModel;

enum class StatisticsRange { FifteenMinutes, Hour, Day, Week, All };

// The "Statistics" tab (issue 8): every scope's utilization as bars, the selected scope's
// utilization over time with a forecast of when it runs out, and the DHCP messages per second
// by type over the same range. Live samples are appended to the charts (and old points
// trimmed to the range) as the sampler delivers them; a longer past comes from the stored
// history, asked for with historyWanted on a range change and at first show.
class StatisticsView : public QWidget
{
    Q_OBJECT
public:
    // Samples held for the charts at most by default: a day at one per 10 s. Longer ranges
    // come from the store, downsampled; Qt Charts recomputes a series' geometry on every
    // appended point, so the cost of a live sample grows with what is held.
    static constexpr qsizetype DefaultMaxHeldSamples = 8640;
    void setMaxHeldSamples(qsizetype max) { m_maxHeld = std::max<qsizetype>(1, max); }
    // Series of utilizationChart() and trafficChart(), in this order.
    enum UtilizationSeries { UsedSeries, BoundSeries };
    enum TrafficSeries {
        DiscoverSeries,
        OfferSeries,
        RequestSeries,
        AckSeries,
        NakSeries,
        DeclineSeries,
        ReleaseSeries,
        InformSeries,
        TrafficSeriesCount
    };

    explicit StatisticsView(QWidget *parent = nullptr);

    // Thresholds (bars and the dashed lines) and the order of the scopes.
    void setConfiguration(const leasedesk::Configuration &config);
    StatisticsRange range() const { return m_range; }
    QString selectedScope() const { return m_selected; }
    // The clock, so tests decide what "now" is; milliseconds since the epoch.
    void setNowFunction(std::function<qint64()> nowMs);
    // Seconds a range covers; 0 for All.
    static qint64 rangeSeconds(StatisticsRange range);

    UtilizationTableModel *utilizationModel() const { return m_model; }
    QTableView *utilizationTable() const { return m_table; }
    TimeSeriesChart *utilizationChart() const { return m_utilizationChart; }
    TimeSeriesChart *trafficChart() const { return m_trafficChart; }
    QLabel *forecastLabel() const { return m_forecast; }
    QAbstractButton *rangeButton(StatisticsRange range) const;

public slots:
    // Live, every sampler interval: the table updates and the charts append.
    void appendSample(const leasedesk::StatisticsSample &sample);
    // The answer to historyWanted: replaces the charts' points (keeping live samples newer
    // than toS, which arrived while the history was read).
    void setHistory(qint64 fromS, qint64 toS, const QList<leasedesk::StatisticsSample> &samples);
    void setRange(leasedesk::StatisticsRange range);
    void selectScope(const QString &name);

signals:
    void historyWanted(qint64 fromS, qint64 toS); // "All" asks from 0

protected:
    void showEvent(QShowEvent *event) override;

private:
    qsizetype m_maxHeld = DefaultMaxHeldSamples;
    QWidget *buildHeaderRow();
    void setUpCharts();
    void requestHistory();
    qint64 nowMs() const { return m_nowMs(); }
    qint64 rangeStartMs() const;
    void trimToRange();
    void updateTimeRange();
    void appendToCharts(const StatisticsSample &sample);
    void rebuildCharts();
    void rebuildUtilizationChart();
    void updateThresholdLines();
    void updateForecastLabel();
    void updateTableHeight();
    void ensureSelection();

    UtilizationTableModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_utilizationTitle = nullptr;
    QButtonGroup *m_rangeButtons = nullptr;
    TimeSeriesChart *m_utilizationChart = nullptr;
    QLabel *m_forecast = nullptr;
    TimeSeriesChart *m_trafficChart = nullptr;

    Configuration m_config;
    QList<StatisticsSample> m_samples; // in time order, within the range (the charts' data)
    StatisticsRange m_range = StatisticsRange::Hour;
    QString m_selected;
    std::function<qint64()> m_nowMs;
    bool m_historyAsked = false;
    std::pair<qint64, qint64> m_asked{-1, -1}; // the history question not answered yet
    bool m_selecting = false; // selectScope moving the table's selection itself
};

} // namespace leasedesk
