#pragma once

#include "widgets/timeserieschart.h"

#include <memory>

namespace leasedesk {

// TimeSeriesChart drawn with Qt Charts (QChartView, QLineSeries, QDateTimeAxis, QValueAxis).
// The Qt Charts types live only in the .cpp (behind a private struct), so nothing else in
// LeaseDesk depends on a module that Qt has deprecated.
class QtChartsTimeSeries : public TimeSeriesChart
{
    Q_OBJECT
public:
    explicit QtChartsTimeSeries(QWidget *parent = nullptr);
    ~QtChartsTimeSeries() override;

    int addSeries(const QString &name, const QColor &color) override;
    int seriesCount() const override;
    QString seriesName(int series) const override;
    void appendPoint(int series, qint64 timeMs, double value) override;
    void setPoints(int series, const QList<QPointF> &points) override;
    void removePointsBefore(qint64 timeMs) override;
    void setTimeRange(qint64 fromMs, qint64 toMs) override;
    void setValueRange(double min, double max) override;
    void setAutoValueRange(double minimumMax) override;
    void setValueTitle(const QString &title) override;
    void setThresholdLines(const QList<ThresholdLine> &lines) override;
    void setLegendAlignment(Qt::Alignment alignment) override;
    int pointCount(int series) const override;
    QList<QPointF> points(int series) const override;
    double valueAxisMax() const override;

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    struct Private;
    void updateTimeAxis();
    void updateValueAxis();
    void recomputeDataMax();

    std::unique_ptr<Private> m_d;
};

} // namespace leasedesk
