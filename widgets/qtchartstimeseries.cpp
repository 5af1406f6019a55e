#include "widgets/qtchartstimeseries.h"

#include <QDateTime>
#include <QPen>
#include <QResizeEvent>
#include <QVBoxLayout>
#include <QtCharts>

#include <cmath>

namespace leasedesk {

namespace {

// A line needs two points: the first samples of a fresh console are drawn as dots, so a
// chart with one sample is not blank. Dense series stay plain lines.
void showSparsePoints(QLineSeries *series)
{
    constexpr int SparsePoints = 60;
    const bool sparse = series->count() <= SparsePoints;
    if (series->pointsVisible() != sparse)
        series->setPointsVisible(sparse);
}

constexpr qint64 DayMs = 24LL * 3600 * 1000;

// Index of the first point at or after x; points are in time order.
int firstAtOrAfter(const QXYSeries *series, double x)
{
    int lo = 0, hi = int(series->count());
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (series->at(mid).x() < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

} // namespace

struct QtChartsTimeSeries::Private
{
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    QDateTimeAxis *timeAxis = nullptr;
    QValueAxis *valueAxis = nullptr;
    QList<QLineSeries *> series;
    QList<QLineSeries *> thresholds;
    QList<double> thresholdValues;
    qint64 fromMs = 0;
    qint64 toMs = 0;
    bool autoRange = true;
    double minimumMax = 1;
    double dataMax = 0; // the largest value of every series, for the automatic value axis
};

QtChartsTimeSeries::QtChartsTimeSeries(QWidget *parent)
    : TimeSeriesChart(parent), m_d(std::make_unique<Private>())
{
    m_d->chart = new QChart;
    m_d->chart->setMargins(QMargins(4, 4, 8, 4));
    m_d->chart->setBackgroundRoundness(0);
    m_d->chart->legend()->setAlignment(Qt::AlignBottom);
    m_d->chart->layout()->setContentsMargins(0, 0, 0, 0);

    m_d->timeAxis = new QDateTimeAxis;
    m_d->valueAxis = new QValueAxis;
    m_d->valueAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_d->chart->addAxis(m_d->timeAxis, Qt::AlignBottom);
    m_d->chart->addAxis(m_d->valueAxis, Qt::AlignLeft);

    m_d->view = new QChartView(m_d->chart, this);
    m_d->view->setRenderHint(QPainter::Antialiasing);
    m_d->view->setFrameShape(QFrame::NoFrame);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_d->view);

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    setTimeRange(now - 3600 * 1000, now);
    updateValueAxis();
}

QtChartsTimeSeries::~QtChartsTimeSeries() = default;

int QtChartsTimeSeries::addSeries(const QString &name, const QColor &color)
{
    auto *series = new QLineSeries;
    series->setName(name);
    series->setPen(QPen(color, 2));
    m_d->chart->addSeries(series);
    series->attachAxis(m_d->timeAxis);
    series->attachAxis(m_d->valueAxis);
    m_d->series.append(series);
    return int(m_d->series.size()) - 1;
}

int QtChartsTimeSeries::seriesCount() const
{
    return int(m_d->series.size());
}

QString QtChartsTimeSeries::seriesName(int series) const
{
    return m_d->series.value(series) ? m_d->series.at(series)->name() : QString();
}

void QtChartsTimeSeries::appendPoint(int series, qint64 timeMs, double value)
{
    QLineSeries *s = m_d->series.value(series);
    if (!s)
        return;
    s->append(double(timeMs), value);
    showSparsePoints(s);
    if (value > m_d->dataMax) {
        m_d->dataMax = value;
        updateValueAxis();
    }
}

void QtChartsTimeSeries::setPoints(int series, const QList<QPointF> &points)
{
    QLineSeries *s = m_d->series.value(series);
    if (!s)
        return;
    ++m_replaceCount;
    s->replace(points); // one signal and one redraw, not one per point
    showSparsePoints(s);
    recomputeDataMax();
}

void QtChartsTimeSeries::removePointsBefore(qint64 timeMs)
{
    bool removed = false;
    for (QLineSeries *s : std::as_const(m_d->series)) {
        const int n = firstAtOrAfter(s, double(timeMs));
        if (n > 0) {
            s->removePoints(0, n);
            showSparsePoints(s);
            removed = true;
        }
    }
    if (removed)
        recomputeDataMax();
}

void QtChartsTimeSeries::setTimeRange(qint64 fromMs, qint64 toMs)
{
    if (toMs <= fromMs)
        toMs = fromMs + 60 * 1000;
    m_d->fromMs = fromMs;
    m_d->toMs = toMs;
    m_d->timeAxis->setRange(QDateTime::fromMSecsSinceEpoch(fromMs),
                            QDateTime::fromMSecsSinceEpoch(toMs));
    // The threshold lines span exactly the visible range, so they never stretch the axis.
    for (int i = 0; i < m_d->thresholds.size(); ++i)
        m_d->thresholds[i]->replace({QPointF(double(fromMs), m_d->thresholdValues[i]),
                                     QPointF(double(toMs), m_d->thresholdValues[i])});
    updateTimeAxis();
}

void QtChartsTimeSeries::setValueRange(double min, double max)
{
    m_d->autoRange = false;
    m_d->valueAxis->setRange(min, max);
    m_d->valueAxis->setLabelFormat(QStringLiteral("%.0f"));
}

void QtChartsTimeSeries::setAutoValueRange(double minimumMax)
{
    m_d->autoRange = true;
    m_d->minimumMax = minimumMax;
    updateValueAxis();
}

void QtChartsTimeSeries::setValueTitle(const QString &title)
{
    m_d->valueAxis->setTitleText(title);
}

void QtChartsTimeSeries::setThresholdLines(const QList<ThresholdLine> &lines)
{
    for (QLineSeries *s : std::as_const(m_d->thresholds)) {
        m_d->chart->removeSeries(s);
        delete s;
    }
    m_d->thresholds.clear();
    m_d->thresholdValues.clear();
    for (const ThresholdLine &line : lines) {
        auto *s = new QLineSeries;
        s->setName(line.name);
        QPen pen(line.color, 1.5, Qt::DashLine);
        s->setPen(pen);
        m_d->chart->addSeries(s);
        s->attachAxis(m_d->timeAxis);
        s->attachAxis(m_d->valueAxis);
        m_d->thresholds.append(s);
        m_d->thresholdValues.append(line.value);
    }
    setTimeRange(m_d->fromMs, m_d->toMs);
}

int QtChartsTimeSeries::pointCount(int series) const
{
    QLineSeries *s = m_d->series.value(series);
    return s ? int(s->count()) : 0;
}

QList<QPointF> QtChartsTimeSeries::points(int series) const
{
    QLineSeries *s = m_d->series.value(series);
    return s ? s->points() : QList<QPointF>();
}

double QtChartsTimeSeries::valueAxisMax() const
{
    return m_d->valueAxis->max();
}

void QtChartsTimeSeries::resizeEvent(QResizeEvent *event)
{
    TimeSeriesChart::resizeEvent(event);
    updateTimeAxis();
}

void QtChartsTimeSeries::updateTimeAxis()
{
    // Times of day suffice within about a day; longer ranges need the date to be readable.
    const bool longRange = m_d->toMs - m_d->fromMs > DayMs + DayMs / 2;
    m_d->timeAxis->setFormat(longRange ? QStringLiteral("dd MMM HH:mm") : QStringLiteral("HH:mm"));
    // As many ticks as labels fit without touching at this width.
    const int labelWidth = longRange ? 130 : 80;
    m_d->timeAxis->setTickCount(std::clamp(width() / labelWidth, 3, 13));
}

void QtChartsTimeSeries::updateValueAxis()
{
    if (!m_d->autoRange)
        return;
    const double top = std::max(m_d->dataMax * 1.1, m_d->minimumMax);
    // 1, 2 or 5 times a power of ten, so the labels are round numbers.
    const double magnitude = std::pow(10.0, std::floor(std::log10(top)));
    double nice = magnitude;
    int intervals = 5;
    for (auto [step, n] : {std::pair{1.0, 5}, {2.0, 4}, {5.0, 5}, {10.0, 5}}) {
        nice = step * magnitude;
        intervals = n;
        if (nice >= top)
            break;
    }
    m_d->valueAxis->setRange(0, nice);
    m_d->valueAxis->setTickCount(intervals + 1);
    // Enough decimals for the tick interval (0.2 needs one, 0.05 two), no more.
    const double interval = nice / intervals;
    const int decimals = interval >= 1 ? 0 : int(std::ceil(-std::log10(interval) - 1e-9));
    m_d->valueAxis->setLabelFormat(QStringLiteral("%.%1f").arg(decimals));
}

void QtChartsTimeSeries::recomputeDataMax()
{
    double top = 0;
    for (const QLineSeries *s : std::as_const(m_d->series))
        for (int i = 0; i < s->count(); ++i)
            top = std::max(top, s->at(i).y());
    m_d->dataMax = top;
    updateValueAxis();
}

void QtChartsTimeSeries::setLegendAlignment(Qt::Alignment alignment)
{
    m_d->chart->legend()->setAlignment(alignment);
}

} // namespace leasedesk
