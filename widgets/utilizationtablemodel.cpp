#include "widgets/utilizationtablemodel.h"

#include <QApplication>
#include <QDateTime>
#include <QLocale>
#include <QPainter>

#include <cmath>

namespace leasedesk {

namespace {

QString percentText(double percent)
{
    // Whole numbers stay short; otherwise one decimal, rounded down, so 79.96 % does not read
    // as the 80 % threshold it has not reached (nor 99.96 % as a full pool).
    const double rounded = std::floor(percent * 10) / 10;
    return rounded == std::floor(rounded) ? QStringLiteral("%1 %").arg(qint64(rounded))
                                          : QStringLiteral("%1 %").arg(rounded, 0, 'f', 1);
}

QString rateText(double perHour)
{
    return perHour < 10 ? QString::number(perHour, 'f', 1) : QString::number(qRound(perHour));
}

} // namespace

UtilizationLevel utilizationLevel(double percent, const UtilizationThresholds &thresholds)
{
    if (percent >= thresholds.criticalPercent)
        return UtilizationLevel::Critical;
    if (percent >= thresholds.warningPercent)
        return UtilizationLevel::Warning;
    return UtilizationLevel::Normal;
}

QString runsOutText(qint64 exhaustedAtS, qint64 nowS)
{
    const qint64 left = std::max<qint64>(exhaustedAtS - nowS, 0);
    if (left < 55 * 60)
        return QObject::tr("in about %1 min").arg(std::max<qint64>(1, (left + 30) / 60));
    if (left < 12 * 3600)
        return QObject::tr("in about %1 h").arg((left + 1800) / 3600);
    const QDateTime at = QDateTime::fromSecsSinceEpoch(exhaustedAtS);
    const QDateTime now = QDateTime::fromSecsSinceEpoch(nowS);
    const QString time = at.toString(QStringLiteral("HH:mm"));
    const qint64 days = now.date().daysTo(at.date());
    if (days == 0)
        return QObject::tr("at %1 today").arg(time);
    if (days == 1)
        return QObject::tr("at %1 tomorrow").arg(time);
    if (days < 7)
        return QObject::tr("on %1 at %2").arg(QLocale().dayName(at.date().dayOfWeek()), time);
    return QObject::tr("on %1").arg(at.toString(QStringLiteral("d MMM")));
}

UtilizationTableModel::UtilizationTableModel(QObject *parent) : QAbstractTableModel(parent)
{ }

int UtilizationTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int UtilizationTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant UtilizationTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    const ScopeUtilization &u = row.utilization;
    switch (role) {
    case Qt::DisplayRole: return displayText(row, index.column());
    case Qt::ToolTipRole: return toolTip(row, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() == ScopeColumn || index.column() == RunsOutColumn)
            return int(Qt::AlignLeft | Qt::AlignVCenter);
        return int(Qt::AlignRight | Qt::AlignVCenter);
    case PercentRole: return u.percent();
    case LevelRole: return int(utilizationLevel(u.percent(), m_config.thresholdsFor(u.scope)));
    case ScopeNameRole: return u.scope;
    default: return {};
    }
}

QVariant UtilizationTableModel::displayText(const Row &row, int column) const
{
    const ScopeUtilization &u = row.utilization;
    switch (column) {
    case ScopeColumn: return u.scope;
    case UtilizationColumn: return percentText(u.percent());
    case UsedColumn: return QStringLiteral("%1 / %2").arg(u.used()).arg(u.total);
    case FreeColumn: return u.free;
    case OfferedColumn: return u.offered;
    case BoundColumn: return u.bound;
    case ReservedColumn: return u.reserved;
    case QuarantinedColumn: return u.quarantined;
    case RunsOutColumn:
        return row.forecast ? runsOutText(row.forecast->exhaustedAtS, m_nowS) : QStringLiteral("—");
    default: return {};
    }
}

QString UtilizationTableModel::toolTip(const Row &row, int column) const
{
    const ScopeUtilization &u = row.utilization;
    switch (column) {
    case UtilizationColumn:
    case UsedColumn: {
        const UtilizationThresholds t = m_config.thresholdsFor(u.scope);
        return tr("%1 of %2 addresses in use (%3); warning at %4 %, critical at %5 %")
            .arg(u.used())
            .arg(u.total)
            .arg(percentText(u.percent()))
            .arg(t.warningPercent)
            .arg(t.criticalPercent);
    }
    case OfferedColumn: return tr("Held by an OFFER that the client has not yet requested");
    case ReservedColumn: return tr("Kept for a reservation whose client holds nothing now");
    case QuarantinedColumn:
        return tr("Declined by a client or found in use by a probe; free again later");
    case RunsOutColumn:
        if (!row.forecast)
            return row.noForecastReason;
        return tr("At the current rate (+%1 addresses/h) %2 runs out at %3.")
            .arg(rateText(row.forecast->addressesPerHour), u.scope,
                 QLocale().toString(QDateTime::fromSecsSinceEpoch(row.forecast->exhaustedAtS),
                                    QLocale::ShortFormat));
    default: return {};
    }
}

QVariant UtilizationTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == RunsOutColumn)
        return tr("When the scope runs out of addresses if use keeps rising as in the last hour");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ScopeColumn: return tr("Scope");
    case UtilizationColumn: return tr("Utilization");
    case UsedColumn: return tr("Used / Total");
    case FreeColumn: return tr("Free");
    case OfferedColumn: return tr("Offered");
    case BoundColumn: return tr("Bound");
    case ReservedColumn: return tr("Reserved");
    case QuarantinedColumn: return tr("Quarantined");
    case RunsOutColumn: return tr("Runs out");
    default: return {};
    }
}

void UtilizationTableModel::setConfiguration(const Configuration &config)
{
    m_config = config;
    StatisticsSample current;
    for (const Row &row : std::as_const(m_rows))
        current.scopes.append(row.utilization);
    syncRows(orderFor(current));
    // Thresholds may have moved: the bars' colours and the tooltips follow.
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

QStringList UtilizationTableModel::orderFor(const StatisticsSample &sample) const
{
    QStringList order;
    for (const Scope &scope : m_config.scopes)
        if (sample.scope(scope.name))
            order.append(scope.name);
    for (const ScopeUtilization &u : sample.scopes)
        if (!order.contains(u.scope))
            order.append(u.scope);
    return order;
}

void UtilizationTableModel::syncRows(const QStringList &order)
{
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (order.contains(m_rows.at(i).utilization.scope))
            continue;
        beginRemoveRows({}, i, i);
        m_rows.removeAt(i);
        endRemoveRows();
    }
    // The rows left must keep their relative order for inserts alone to reach `order`; only
    // a reordered configuration breaks that, and it is rare enough for a reset.
    QStringList kept;
    for (const QString &name : order)
        if (rowOf(name) >= 0)
            kept.append(name);
    for (int i = 0; i < kept.size(); ++i) {
        if (m_rows.at(i).utilization.scope == kept.at(i))
            continue;
        beginResetModel();
        QList<Row> sorted;
        for (const QString &name : std::as_const(kept))
            sorted.append(m_rows.at(rowOf(name)));
        m_rows = sorted;
        endResetModel();
        break;
    }
    for (int i = 0; i < order.size(); ++i) {
        if (i < m_rows.size() && m_rows.at(i).utilization.scope == order.at(i))
            continue;
        beginInsertRows({}, i, i);
        Row row;
        row.utilization.scope = order.at(i);
        m_rows.insert(i, row);
        endInsertRows();
    }
}

void UtilizationTableModel::setSample(const StatisticsSample &sample, qint64 nowS)
{
    m_nowS = nowS;
    syncRows(orderFor(sample));
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        const ScopeUtilization *u = sample.scope(row.utilization.scope);
        if (!u)
            continue;
        const ScopeUtilization before = row.utilization;
        const std::optional<Forecast> forecastBefore = row.forecast;
        const QString reasonBefore = row.noForecastReason;
        row.utilization = *u;
        row.used.insert(sample.timeS, double(u->used()));
        updateForecast(row, nowS);
        const bool forecastMoved = forecastBefore.has_value() != row.forecast.has_value()
            || (row.forecast && forecastBefore->exhaustedAtS != row.forecast->exhaustedAtS)
            || reasonBefore != row.noForecastReason;
        // A forecast's "in about …" text moves with the clock even when the time does not.
        if (before != row.utilization || forecastMoved || row.forecast)
            emit dataChanged(index(i, 0), index(i, ColumnCount - 1));
    }
}

void UtilizationTableModel::addHistory(const QList<StatisticsSample> &samples, qint64 nowS)
{
    m_nowS = nowS;
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        for (const StatisticsSample &sample : samples)
            if (const ScopeUtilization *u = sample.scope(row.utilization.scope))
                row.used.insert(sample.timeS, double(u->used()));
        updateForecast(row, nowS);
        emit dataChanged(index(i, RunsOutColumn), index(i, RunsOutColumn));
    }
}

void UtilizationTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

void UtilizationTableModel::updateForecast(Row &row, qint64 nowS) const
{
    using R = ForecastRules;
    // Only the forecast window matters; older points would grow without bound.
    while (!row.used.isEmpty() && row.used.firstKey() < nowS - R::WindowS)
        row.used.erase(row.used.begin());
    QList<ForecastPoint> points;
    points.reserve(row.used.size());
    for (auto it = row.used.cbegin(); it != row.used.cend(); ++it)
        points.append({it.key(), it.value()});
    row.forecast = forecastExhaustion(points, row.utilization.total, nowS);
    row.noForecastReason.clear();
    if (row.forecast)
        return;
    const qint64 span = points.isEmpty() ? 0 : points.last().timeS - points.first().timeS;
    if (points.size() < R::MinPoints || span < R::MinSpanS)
        row.noForecastReason = tr("No forecast yet: too little data (it needs %1 samples over at "
                                  "least %2 minutes of the last hour).")
                                   .arg(R::MinPoints)
                                   .arg(R::MinSpanS / 60);
    else if (row.utilization.total > 0 && row.utilization.used() >= row.utilization.total)
        row.noForecastReason = tr("No forecast: the scope is already full.");
    else
        row.noForecastReason = tr("No forecast: use is not rising steadily over the last hour, "
                                  "or would take more than %1 days to fill the scope.")
                                   .arg(R::MaxHorizonS / 86400);
}

int UtilizationTableModel::rowOf(const QString &scope) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).utilization.scope == scope)
            return i;
    return -1;
}

QString UtilizationTableModel::scopeAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows.at(row).utilization.scope : QString();
}

ScopeUtilization UtilizationTableModel::utilization(const QString &scope) const
{
    const int row = rowOf(scope);
    return row >= 0 ? m_rows.at(row).utilization : ScopeUtilization{};
}

UtilizationThresholds UtilizationTableModel::thresholds(const QString &scope) const
{
    return m_config.thresholdsFor(scope);
}

std::optional<Forecast> UtilizationTableModel::forecast(const QString &scope) const
{
    const int row = rowOf(scope);
    return row >= 0 ? m_rows.at(row).forecast : std::nullopt;
}

QString UtilizationTableModel::noForecastReason(const QString &scope) const
{
    const int row = rowOf(scope);
    return row >= 0 ? m_rows.at(row).noForecastReason : QString();
}

QColor UtilizationBarDelegate::levelColor(UtilizationLevel level)
{
    switch (level) {
    case UtilizationLevel::Critical: return QColor(0xe0, 0x5a, 0x4f);
    case UtilizationLevel::Warning: return QColor(0xf2, 0xb1, 0x3a);
    case UtilizationLevel::Normal: break;
    }
    return QColor(0x5c, 0xb8, 0x6a);
}

void UtilizationBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                   const QModelIndex &index) const
{
    // The cell's background and selection as the style draws them, then the bar on top.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);

    const double percent =
        std::clamp(index.data(UtilizationTableModel::PercentRole).toDouble(), 0.0, 100.0);
    const auto level = UtilizationLevel(index.data(UtilizationTableModel::LevelRole).toInt());
    const QRectF track = QRectF(option.rect).adjusted(4, 3, -4, -3);
    QRectF fill = track;
    fill.setWidth(track.width() * percent / 100.0);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    QColor trackColor = option.palette.color(QPalette::Mid);
    trackColor.setAlpha(70);
    painter->setBrush(trackColor);
    painter->drawRoundedRect(track, 3, 3);
    painter->setBrush(levelColor(level));
    painter->drawRoundedRect(fill, 3, 3);
    // Dark text on the light bar colours reads in both halves of the bar.
    painter->setPen(QColor(0x20, 0x20, 0x20));
    painter->drawText(track, Qt::AlignCenter, text);
    painter->restore();
}

QSize UtilizationBarDelegate::sizeHint(const QStyleOptionViewItem &option,
                                       const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(std::max(size.width(), 160));
    return size;
}

} // namespace leasedesk
