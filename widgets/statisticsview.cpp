#include "widgets/statisticsview.h"

#include "core/statisticshistory.h"
#include "widgets/timeserieschart.h"
#include "widgets/utilizationtablemodel.h"

#include <QButtonGroup>
#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace leasedesk {

namespace {

struct TrafficType
{
    const char *name;
    QColor color;
    quint32 TrafficCounts::*count;
};

// The colours of the message types, as the Traffic tab's legend uses them.
const TrafficType trafficTypes[] = {
    {"DISCOVER", QColor(0x1f, 0x77, 0xb4), &TrafficCounts::discover},
    {"OFFER", QColor(0x00, 0x96, 0x88), &TrafficCounts::offer},
    {"REQUEST", QColor(0x8e, 0x44, 0xad), &TrafficCounts::request},
    {"ACK", QColor(0x2c, 0xa0, 0x2c), &TrafficCounts::ack},
    {"NAK", QColor(0xd6, 0x27, 0x28), &TrafficCounts::nak},
    {"DECLINE", QColor(0xff, 0x7f, 0x0e), &TrafficCounts::decline},
    {"RELEASE", QColor(0x7f, 0x7f, 0x7f), &TrafficCounts::release},
    {"INFORM", QColor(0x8c, 0x56, 0x4b), &TrafficCounts::inform},
};
static_assert(std::size(trafficTypes) == std::size_t(StatisticsView::TrafficSeriesCount));

const struct
{
    StatisticsRange range;
    const char *label;
} rangeLabels[] = {
    {StatisticsRange::FifteenMinutes, QT_TRANSLATE_NOOP("StatisticsView", "15 min")},
    {StatisticsRange::Hour, QT_TRANSLATE_NOOP("StatisticsView", "1 h")},
    {StatisticsRange::Day, QT_TRANSLATE_NOOP("StatisticsView", "24 h")},
    {StatisticsRange::Week, QT_TRANSLATE_NOOP("StatisticsView", "7 d")},
    {StatisticsRange::All, QT_TRANSLATE_NOOP("StatisticsView", "All")},
};

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

} // namespace

StatisticsView::StatisticsView(QWidget *parent)
    : QWidget(parent), m_model(new UtilizationTableModel(this)),
      m_nowMs([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(UtilizationTableModel::UtilizationColumn,
                                      new UtilizationBarDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    QHeaderView *header = m_table->horizontalHeader();
    // Fitted to contents, but never so tight that "0" sits against the grid lines.
    header->setMinimumSectionSize(72);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(UtilizationTableModel::UtilizationColumn, QHeaderView::Fixed);
    header->resizeSection(UtilizationTableModel::UtilizationColumn, 200);
    header->setStretchLastSection(true);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!m_selecting && current.isValid())
                    selectScope(m_model->scopeAt(current.row()));
            });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &StatisticsView::updateTableHeight);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &StatisticsView::updateTableHeight);
    connect(m_model, &QAbstractItemModel::modelReset, this, &StatisticsView::updateTableHeight);

    m_utilizationChart = createTimeSeriesChart(this);
    m_trafficChart = createTimeSeriesChart(this);
    setUpCharts();

    m_forecast = new QLabel(this);
    m_forecast->setWordWrap(true);
    m_forecast->hide();

    m_utilizationTitle = sectionTitle(tr("Utilization"), this);
    // The charts side by side under one range row: each keeps the full height a laptop
    // screen leaves under the table and the events panel, so axis labels never get squeezed.
    auto *charts = new QGridLayout;
    charts->addWidget(m_utilizationTitle, 0, 0);
    charts->addWidget(sectionTitle(tr("DHCP messages per second"), this), 0, 1);
    charts->addWidget(m_utilizationChart, 1, 0);
    charts->addWidget(m_trafficChart, 1, 1);
    charts->addWidget(m_forecast, 2, 0, 1, 2);
    charts->setColumnStretch(0, 1);
    charts->setColumnStretch(1, 1);
    charts->setRowStretch(1, 1);
    m_utilizationChart->setMinimumHeight(220);
    m_trafficChart->setMinimumHeight(220);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addSpacing(6);
    layout->addWidget(buildHeaderRow());
    layout->addLayout(charts, 1);

    updateTableHeight();
    updateTimeRange();
}

QWidget *StatisticsView::buildHeaderRow()
{
    auto *row = new QWidget(this);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addStretch();
    layout->addWidget(new QLabel(tr("Range:"), row));
    m_rangeButtons = new QButtonGroup(this);
    m_rangeButtons->setExclusive(true);
    for (const auto &r : rangeLabels) {
        auto *button = new QToolButton(row);
        button->setText(tr(r.label));
        button->setCheckable(true);
        button->setAutoRaise(false);
        button->setChecked(r.range == m_range);
        m_rangeButtons->addButton(button, int(r.range));
        layout->addWidget(button);
    }
    connect(m_rangeButtons, &QButtonGroup::idClicked, this,
            [this](int id) { setRange(StatisticsRange(id)); });
    return row;
}

void StatisticsView::setUpCharts()
{
    m_utilizationChart->addSeries(tr("Used"), QColor(0x2f, 0x6d, 0xb5));
    m_utilizationChart->addSeries(tr("Bound"), QColor(0x6c, 0xb4, 0xd8));
    m_utilizationChart->setValueRange(0, 100);
    m_utilizationChart->setValueTitle(tr("% of addresses"));
    for (const TrafficType &t : trafficTypes)
        m_trafficChart->addSeries(QString::fromLatin1(t.name), t.color);
    m_trafficChart->setAutoValueRange(1);
    // Eight message types do not fit under a half-width chart without eliding their names.
    m_trafficChart->setLegendAlignment(Qt::AlignRight);
    m_trafficChart->setValueTitle(tr("messages/s"));
}

void StatisticsView::setConfiguration(const Configuration &config)
{
    m_config = config;
    m_model->setConfiguration(config);
    ensureSelection();
    updateThresholdLines();
}

void StatisticsView::setNowFunction(std::function<qint64()> nowMs)
{
    m_nowMs = std::move(nowMs);
    updateTimeRange();
}

qint64 StatisticsView::rangeSeconds(StatisticsRange range)
{
    switch (range) {
    case StatisticsRange::FifteenMinutes: return 15 * 60;
    case StatisticsRange::Hour: return 3600;
    case StatisticsRange::Day: return 24 * 3600;
    case StatisticsRange::Week: return 7 * 24 * 3600;
    case StatisticsRange::All: break;
    }
    return 0;
}

QAbstractButton *StatisticsView::rangeButton(StatisticsRange range) const
{
    return m_rangeButtons->button(int(range));
}

void StatisticsView::appendSample(const StatisticsSample &sample)
{
    m_model->setSample(sample, nowMs() / 1000);
    ensureSelection();
    // A sample no newer than the last one (a repeat) changes the table only.
    if (m_samples.isEmpty() || sample.timeS > m_samples.last().timeS) {
        m_samples.append(sample);
        appendToCharts(sample);
    }
    trimToRange();
    updateTimeRange();
    updateForecastLabel();
}

void StatisticsView::setHistory(qint64 fromS, qint64 toS, const QList<StatisticsSample> &samples)
{
    // An answer to an earlier question (the admin switched ranges while it was read) would
    // mix another range into this one.
    if (m_asked != std::pair(fromS, toS))
        return;
    m_asked = {-1, -1};
    const qint64 startS = rangeStartMs() / 1000;
    QList<StatisticsSample> merged;
    for (const StatisticsSample &s : samples)
        if (s.timeS >= startS && (merged.isEmpty() || s.timeS > merged.last().timeS))
            merged.append(s);
    for (const StatisticsSample &s : std::as_const(m_samples))
        if (s.timeS >= toS && (merged.isEmpty() || s.timeS > merged.last().timeS))
            merged.append(s);
    m_samples = merged;

    const qint64 nowS = nowMs() / 1000;
    // Before the first live sample the table shows the newest stored one.
    if (m_model->rowCount() == 0 && !samples.isEmpty())
        m_model->setSample(samples.last(), nowS);
    // The forecast follows the last hour of 10-second samples; the 5-minute averages of a
    // long range would move it with the range chosen.
    if (toS - fromS <= StatisticsHistory::Policy{}.fineSpanMaxS)
        m_model->addHistory(samples, nowS);
    ensureSelection();
    rebuildCharts();
    updateTimeRange();
    updateForecastLabel();
}

void StatisticsView::setRange(StatisticsRange range)
{
    if (QAbstractButton *button = rangeButton(range))
        button->setChecked(true);
    if (range == m_range && m_historyAsked)
        return;
    m_range = range;
    trimToRange();
    updateTimeRange();
    requestHistory();
}

void StatisticsView::selectScope(const QString &name)
{
    if (name != m_selected) {
        m_selected = name;
        m_utilizationTitle->setText(name.isEmpty() ? tr("Utilization")
                                                   : tr("Utilization of %1").arg(name));
        updateThresholdLines();
        rebuildUtilizationChart();
        updateForecastLabel();
    }
    const int row = m_model->rowOf(name);
    if (row >= 0 && m_table->currentIndex().row() != row) {
        m_selecting = true;
        m_table->selectRow(row);
        m_selecting = false;
    }
}

void StatisticsView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_historyAsked)
        requestHistory();
}

void StatisticsView::requestHistory()
{
    m_historyAsked = true;
    // [from, to) up to and including the current second: a sample taken this second is in
    // the answer, and setHistory keeps live samples from toS on.
    const qint64 toS = nowMs() / 1000 + 1;
    const qint64 span = rangeSeconds(m_range);
    m_asked = {span == 0 ? 0 : toS - span, toS};
    emit historyWanted(m_asked.first, m_asked.second);
}

qint64 StatisticsView::rangeStartMs() const
{
    const qint64 span = rangeSeconds(m_range);
    return span == 0 ? 0 : nowMs() - span * 1000;
}

// Also bounds memory in the long ranges of a console left open for days: past m_maxHeld
// the oldest go (choosing the range again reads them back, downsampled, from the store).
void StatisticsView::trimToRange()
{
    qint64 startMs = rangeStartMs();
    if (m_samples.size() > m_maxHeld)
        startMs = std::max(startMs, m_samples.at(m_samples.size() - m_maxHeld).timeS * 1000);
    if (startMs <= 0)
        return;
    qsizetype drop = 0;
    while (drop < m_samples.size() && m_samples.at(drop).timeS * 1000 < startMs)
        ++drop;
    m_samples.remove(0, drop);
    m_utilizationChart->removePointsBefore(startMs);
    m_trafficChart->removePointsBefore(startMs);
}

void StatisticsView::updateTimeRange()
{
    // The engine's clock may run ahead of ours (the simulated lab at speed): the newest
    // sample stays on the chart.
    const qint64 toMs = std::max(nowMs(), m_samples.isEmpty() ? 0 : m_samples.last().timeS * 1000);
    qint64 fromMs = rangeStartMs();
    if (fromMs <= 0) // All: from the oldest sample held, or the last hour when none
        fromMs = m_samples.isEmpty() ? toMs - 3600 * 1000 : m_samples.first().timeS * 1000;
    m_utilizationChart->setTimeRange(fromMs, toMs);
    m_trafficChart->setTimeRange(fromMs, toMs);
}

void StatisticsView::appendToCharts(const StatisticsSample &sample)
{
    const qint64 timeMs = sample.timeS * 1000;
    if (const ScopeUtilization *u = sample.scope(m_selected)) {
        m_utilizationChart->appendPoint(UsedSeries, timeMs, u->percent());
        const double bound = u->total == 0 ? 0.0 : 100.0 * u->bound / u->total;
        m_utilizationChart->appendPoint(BoundSeries, timeMs, bound);
    }
    if (sample.seconds <= 0)
        return; // no interval, no rate
    for (int i = 0; i < TrafficSeriesCount; ++i)
        m_trafficChart->appendPoint(i, timeMs,
                                    double(sample.traffic.*trafficTypes[i].count) / sample.seconds);
}

void StatisticsView::rebuildCharts()
{
    rebuildUtilizationChart();
    QList<QList<QPointF>> rates(TrafficSeriesCount);
    for (const StatisticsSample &s : std::as_const(m_samples)) {
        if (s.seconds <= 0)
            continue;
        for (int i = 0; i < TrafficSeriesCount; ++i)
            rates[i].append(QPointF(double(s.timeS * 1000),
                                    double(s.traffic.*trafficTypes[i].count) / s.seconds));
    }
    for (int i = 0; i < TrafficSeriesCount; ++i)
        m_trafficChart->setPoints(i, rates.at(i));
}

void StatisticsView::rebuildUtilizationChart()
{
    QList<QPointF> used, bound;
    for (const StatisticsSample &s : std::as_const(m_samples)) {
        const ScopeUtilization *u = s.scope(m_selected);
        if (!u)
            continue;
        used.append(QPointF(double(s.timeS * 1000), u->percent()));
        bound.append(QPointF(double(s.timeS * 1000), u->total ? 100.0 * u->bound / u->total : 0));
    }
    m_utilizationChart->setPoints(UsedSeries, used);
    m_utilizationChart->setPoints(BoundSeries, bound);
}

void StatisticsView::updateThresholdLines()
{
    const UtilizationThresholds t = m_config.thresholdsFor(m_selected);
    // Darker than the bars' fills: a thin dashed line needs the contrast.
    m_utilizationChart->setThresholdLines({{double(t.warningPercent), QColor(0xd0, 0x8a, 0x00),
                                            tr("Warning (%1 %)").arg(t.warningPercent)},
                                           {double(t.criticalPercent), QColor(0xc6, 0x28, 0x28),
                                            tr("Critical (%1 %)").arg(t.criticalPercent)}});
}

void StatisticsView::updateForecastLabel()
{
    const std::optional<Forecast> f = m_model->forecast(m_selected);
    if (!f) {
        m_forecast->clear();
        m_forecast->hide();
        return;
    }
    const qint64 nowS = nowMs() / 1000;
    QString when = runsOutText(f->exhaustedAtS, nowS);
    // "in about 3 h" alone makes the reader do the sum; give the clock time too.
    if (f->exhaustedAtS - nowS < 12 * 3600)
        when += QStringLiteral(" (%1)").arg(
            QDateTime::fromSecsSinceEpoch(f->exhaustedAtS).toString(QStringLiteral("HH:mm")));
    const double rate = f->addressesPerHour;
    const QString rateText =
        rate < 10 ? QString::number(rate, 'f', 1) : QString::number(qRound(rate));
    m_forecast->setText(tr("At the current rate (+%1 addresses/h) %2 runs out %3.")
                            .arg(rateText, m_selected, when));
    m_forecast->show();
}

void StatisticsView::updateTableHeight()
{
    // Tall enough for every scope up to a handful, then it scrolls; the charts get the rest.
    const int rows = std::clamp(m_model->rowCount(), 1, 6);
    const int rowHeight = m_table->verticalHeader()->defaultSectionSize();
    const int height = m_table->horizontalHeader()->sizeHint().height() + rows * rowHeight
        + 2 * m_table->frameWidth();
    m_table->setFixedHeight(height);
}

void StatisticsView::ensureSelection()
{
    if (m_model->rowOf(m_selected) >= 0) {
        selectScope(m_selected); // rows may have moved under the selection
        return;
    }
    if (m_model->rowCount() > 0)
        selectScope(m_model->scopeAt(0));
}

} // namespace leasedesk
