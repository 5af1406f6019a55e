#pragma once

#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>
#include <QWidget>

namespace leasedesk {

// A horizontal reference line across a time-series chart, e.g. a utilization threshold.
struct ThresholdLine
{
    double value = 0;
    QColor color;
    QString name; // shown in the legend
};

// Our own small interface for the line charts of the Statistics tab (issue 8). Qt Charts is
// deprecated after Qt 6.10, so it stays behind this: only qtchartstimeseries.cpp includes it,
// and swapping the implementation touches no view. Times are milliseconds since the epoch;
// points of a series are kept in time order, as the live path appends and trims at the ends.
class TimeSeriesChart : public QWidget
{
    Q_OBJECT
public:
    using QWidget::QWidget;

    // Returns the new series' index.
    virtual int addSeries(const QString &name, const QColor &color) = 0;
    virtual int seriesCount() const = 0;
    virtual QString seriesName(int series) const = 0;

    // The live path: one point at the end of a series, cheap enough for every sample.
    virtual void appendPoint(int series, qint64 timeMs, double value) = 0;
    // Replaces every point of a series (x = ms since the epoch), e.g. with a history.
    virtual void setPoints(int series, const QList<QPointF> &points) = 0;
    // Drops the points older than timeMs from every series.
    virtual void removePointsBefore(qint64 timeMs) = 0;

    virtual void setTimeRange(qint64 fromMs, qint64 toMs) = 0;
    // A fixed value axis, or one that follows the data from 0 up to at least `minimumMax`
    // with round labels.
    virtual void setValueRange(double min, double max) = 0;
    virtual void setAutoValueRange(double minimumMax) = 0;
    virtual void setValueTitle(const QString &title) = 0;
    virtual void setThresholdLines(const QList<ThresholdLine> &lines) = 0;
    // Where the legend goes: Qt::AlignBottom (default) or Qt::AlignRight, for many series in
    // a narrow chart.
    virtual void setLegendAlignment(Qt::Alignment alignment) = 0;

    // For tests and for deciding what to redraw.
    virtual int pointCount(int series) const = 0;
    virtual QList<QPointF> points(int series) const = 0;
    virtual double valueAxisMax() const = 0;
    // How often a series' points were replaced wholesale (setPoints): the live path must
    // append, so tests check this does not move per sample.
    int replaceCount() const { return m_replaceCount; }

protected:
    int m_replaceCount = 0;
};

// The chart implementation in use, parented to `parent`.
TimeSeriesChart *createTimeSeriesChart(QWidget *parent = nullptr);

} // namespace leasedesk
