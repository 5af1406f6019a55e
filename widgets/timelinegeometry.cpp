#include "widgets/timelinegeometry.h"

#include <algorithm>

namespace leasedesk {

int TimelineGeometry::Arrow::left() const
{
    return std::min({x1, x2, viaX.value_or(x1)});
}

int TimelineGeometry::Arrow::right() const
{
    return std::max({x1, x2, viaX.value_or(x1)});
}

TimelineGeometry::TimelineGeometry(const Metrics &metrics, int width)
    : m_metrics(metrics), m_width(width)
{ }

void TimelineGeometry::setMetrics(const Metrics &metrics)
{
    if (metrics == m_metrics)
        return;
    m_metrics = metrics;
    if (m_transactions.empty())
        return;
    truncateFrom(m_transactionBase);
    layOut(m_transactionBase);
}

void TimelineGeometry::setWidth(int width)
{
    m_width = width;
}

// --- the rows ----------------------------------------------------------------------------

void TimelineGeometry::clear()
{
    m_transactions.clear();
    m_rows.clear();
    m_yBase = m_nextTop = 0;
    m_rowBase = m_transactionBase = 0;
}

TimelineGeometry::Shape TimelineGeometry::shapeOf(const Transaction &transaction)
{
    Shape shape;
    shape.id = transaction.id;
    shape.steps.reserve(transaction.steps.size());
    for (const TransactionStep &s : transaction.steps)
        shape.steps.append(StepShape{s.serial, s.timeMs, s.from, s.to, s.relayed});
    shape.firstMs = shape.steps.isEmpty() ? transaction.firstMs : shape.steps.first().timeMs;
    shape.lastMs = shape.steps.isEmpty() ? transaction.lastMs : shape.steps.last().timeMs;
    return shape;
}

int TimelineGeometry::heightOf(RowKind kind) const
{
    switch (kind) {
    case RowKind::Header: return m_metrics.headerRowHeight;
    case RowKind::Step: return m_metrics.stepRowHeight;
    case RowKind::Gap: return m_metrics.gapRowHeight;
    }
    return 0;
}

void TimelineGeometry::pushRow(RowKind kind, qint64 transaction, int step, qint64 gapMs)
{
    m_rows.push_back(StoredRow{m_nextTop, transaction, step, kind, gapMs});
    m_nextTop += heightOf(kind);
}

// Lays out the rows of every transaction from an absolute number on; the rows of the ones
// before it are in place. A gap row goes wherever the row above is more than
// GapThresholdMs older, so a quiet minute shows as a marker rather than as nothing.
void TimelineGeometry::layOut(qint64 absoluteTransaction)
{
    const qint64 end = m_transactionBase + qint64(m_transactions.size());
    for (qint64 t = absoluteTransaction; t < end; ++t) {
        Shape &shape = m_transactions[size_t(t - m_transactionBase)];
        shape.firstRow = m_rowBase + qint64(m_rows.size());
        if (t > m_transactionBase) {
            const qint64 gap =
                shape.firstMs - m_transactions[size_t(t - m_transactionBase - 1)].lastMs;
            if (gap > GapThresholdMs)
                pushRow(RowKind::Gap, t, 0, gap);
        }
        pushRow(RowKind::Header, t, -1, 0);
        for (int s = 0; s < shape.steps.size(); ++s) {
            const qint64 gap = s == 0 ? 0 : shape.steps[s].timeMs - shape.steps[s - 1].timeMs;
            if (gap > GapThresholdMs)
                pushRow(RowKind::Gap, t, s, gap);
            pushRow(RowKind::Step, t, s, 0);
        }
    }
}

// Drops the rows of a transaction and of every one after it (the shapes stay).
void TimelineGeometry::truncateFrom(qint64 absoluteTransaction)
{
    const Shape &shape = m_transactions[size_t(absoluteTransaction - m_transactionBase)];
    const size_t keep = size_t(shape.firstRow - m_rowBase);
    m_rows.resize(keep);
    m_nextTop = m_rows.empty() ? m_yBase : m_rows.back().top + heightOf(m_rows.back().kind);
}

void TimelineGeometry::appendTransaction(const Transaction &transaction)
{
    m_transactions.push_back(shapeOf(transaction));
    layOut(m_transactionBase + qint64(m_transactions.size()) - 1);
}

void TimelineGeometry::appendTransactions(const QList<Transaction> &transactions)
{
    for (const Transaction &t : transactions)
        appendTransaction(t);
}

void TimelineGeometry::updateTransactions(int first, const QList<Transaction> &transactions)
{
    const int count = std::min(int(transactions.size()), transactionCount() - first);
    if (first < 0 || count <= 0)
        return;
    const qint64 absolute = m_transactionBase + first;
    truncateFrom(absolute);
    for (int i = 0; i < count; ++i)
        m_transactions[size_t(first + i)] = shapeOf(transactions[i]);
    layOut(absolute);
}

void TimelineGeometry::updateTransaction(int index, const Transaction &transaction)
{
    updateTransactions(index, {transaction});
}

void TimelineGeometry::removeFirstTransactions(int count)
{
    count = std::min(count, transactionCount());
    if (count <= 0)
        return;
    if (count == transactionCount()) {
        m_rowBase += qint64(m_rows.size());
        m_transactionBase += count;
        m_rows.clear();
        m_transactions.clear();
        m_yBase = m_nextTop;
        return;
    }
    Shape &first = m_transactions[size_t(count)];
    // Nothing is above the new first transaction, so a gap row before it means nothing.
    if (m_rows[size_t(first.firstRow - m_rowBase)].kind == RowKind::Gap)
        ++first.firstRow;
    const qint64 dropped = first.firstRow - m_rowBase;
    m_rows.erase(m_rows.begin(), m_rows.begin() + dropped);
    m_transactions.erase(m_transactions.begin(), m_transactions.begin() + count);
    m_rowBase += dropped;
    m_transactionBase += count;
    m_yBase = m_rows.front().top;
}

TimelineGeometry::Row TimelineGeometry::row(int index) const
{
    if (index < 0 || index >= rowCount())
        return {};
    const StoredRow &r = m_rows[size_t(index)];
    return Row{r.kind, int(r.transaction - m_transactionBase), r.step, r.gapMs};
}

quint64 TimelineGeometry::transactionId(int transaction) const
{
    return transaction < 0 || transaction >= transactionCount() ? 0 : shapeAt(transaction).id;
}

int TimelineGeometry::transactionIndexOf(quint64 id) const
{
    const auto it = std::lower_bound(m_transactions.cbegin(), m_transactions.cend(), id,
                                     [](const Shape &s, quint64 v) { return s.id < v; });
    return it != m_transactions.cend() && it->id == id ? int(it - m_transactions.cbegin()) : -1;
}

int TimelineGeometry::headerRow(int transaction) const
{
    if (transaction < 0 || transaction >= transactionCount())
        return -1;
    const qint64 first = shapeAt(transaction).firstRow - m_rowBase;
    return m_rows[size_t(first)].kind == RowKind::Gap ? int(first) + 1 : int(first);
}

int TimelineGeometry::stepCount(int transaction) const
{
    return transaction < 0 || transaction >= transactionCount()
        ? 0
        : int(shapeAt(transaction).steps.size());
}

quint64 TimelineGeometry::stepSerial(int transaction, int step) const
{
    return step < 0 || step >= stepCount(transaction) ? 0 : shapeAt(transaction).steps[step].serial;
}

int TimelineGeometry::stepRow(int transaction, int step) const
{
    if (step < 0 || step >= stepCount(transaction))
        return -1;
    // Steps follow their header in order, each after its gap row if it has one.
    const int header = headerRow(transaction);
    const int end = transaction + 1 < transactionCount()
        ? int(shapeAt(transaction + 1).firstRow - m_rowBase)
        : rowCount();
    for (int r = header + 1 + step; r < end; ++r) {
        const StoredRow &row = m_rows[size_t(r)];
        if (row.kind == RowKind::Step && row.step == step)
            return r;
    }
    return -1;
}

// --- vertical ----------------------------------------------------------------------------

int TimelineGeometry::rowY(int index) const
{
    if (index < 0 || index >= rowCount())
        return -1;
    return int(m_rows[size_t(index)].top - m_yBase) + m_metrics.laneHeaderHeight;
}

int TimelineGeometry::rowHeight(int index) const
{
    return index < 0 || index >= rowCount() ? 0 : heightOf(m_rows[size_t(index)].kind);
}

QRect TimelineGeometry::rowRect(int index) const
{
    if (index < 0 || index >= rowCount())
        return {};
    return QRect(0, rowY(index), contentWidth(), rowHeight(index));
}

int TimelineGeometry::totalHeight() const
{
    return int(m_nextTop - m_yBase) + m_metrics.laneHeaderHeight;
}

int TimelineGeometry::rowAt(int y) const
{
    if (y < m_metrics.laneHeaderHeight || y >= totalHeight())
        return -1;
    const qint64 absolute = qint64(y) - m_metrics.laneHeaderHeight + m_yBase;
    const auto it = std::upper_bound(m_rows.cbegin(), m_rows.cend(), absolute,
                                     [](qint64 v, const StoredRow &r) { return v < r.top; });
    return int(it - m_rows.cbegin()) - 1;
}

std::pair<int, int> TimelineGeometry::visibleRows(int y0, int y1) const
{
    const qint64 a0 = qint64(y0) - m_metrics.laneHeaderHeight + m_yBase;
    const qint64 a1 = qint64(y1) - m_metrics.laneHeaderHeight + m_yBase;
    const auto byTop = [](const StoredRow &r, qint64 v) {
        return r.top < v;
    };
    // The first row whose bottom is below y0 is the one holding y0 (rows are contiguous).
    auto first = std::upper_bound(m_rows.cbegin(), m_rows.cend(), a0,
                                  [](qint64 v, const StoredRow &r) { return v < r.top; });
    if (first != m_rows.cbegin())
        --first;
    if (first != m_rows.cend() && first->top + heightOf(first->kind) <= a0)
        ++first;
    const auto last = std::lower_bound(first, m_rows.cend(), a1, byTop);
    return {int(first - m_rows.cbegin()), int(std::max(first, last) - m_rows.cbegin())};
}

// --- horizontal --------------------------------------------------------------------------

// The lanes share what the time and comment columns leave, within [min, max] apart: a narrow
// window scrolls sideways rather than crowding the labels, and a wide one gives the comments
// the room.
int TimelineGeometry::laneSpacing() const
{
    const int available = m_width - m_metrics.timeColumnWidth - m_metrics.commentMinWidth;
    return std::clamp(available / LaneCount, m_metrics.minLaneSpacing,
                      std::max(m_metrics.minLaneSpacing, m_metrics.maxLaneSpacing));
}

int TimelineGeometry::laneX(Lane lane) const
{
    const int spacing = laneSpacing();
    return laneAreaLeft() + int(lane) * spacing + spacing / 2;
}

int TimelineGeometry::contentWidth() const
{
    return std::max(m_width, laneAreaRight() + m_metrics.commentMinWidth);
}

// --- arrows ------------------------------------------------------------------------------

std::optional<TimelineGeometry::Arrow> TimelineGeometry::arrow(int rowIndex) const
{
    if (rowIndex < 0 || rowIndex >= rowCount())
        return std::nullopt;
    const StoredRow &r = m_rows[size_t(rowIndex)];
    if (r.kind != RowKind::Step)
        return std::nullopt;
    const StepShape &s = shapeAt(int(r.transaction - m_transactionBase)).steps[r.step];
    Arrow a;
    a.x1 = laneX(s.from);
    a.x2 = laneX(s.to);
    a.y = rowY(rowIndex) + m_metrics.arrowOffset;
    if (s.from == s.to) {
        a.selfLoop = true;
        a.x2 = a.x1 + m_metrics.selfArrowWidth;
    } else if (s.relayed && s.from != Lane::Relay && s.to != Lane::Relay) {
        a.viaX = laneX(Lane::Relay);
    }
    return a;
}

std::optional<TimelineGeometry::StepHit> TimelineGeometry::arrowAt(QPoint point) const
{
    const int index = rowAt(point.y());
    const std::optional<Arrow> a = arrow(index);
    if (!a)
        return std::nullopt;
    const int tolerance = m_metrics.arrowTolerance;
    if (std::abs(point.y() - a->y) > tolerance || point.x() < a->left() - tolerance
        || point.x() > a->right() + tolerance) {
        return std::nullopt;
    }
    const StoredRow &r = m_rows[size_t(index)];
    const int transaction = int(r.transaction - m_transactionBase);
    return StepHit{index, transaction, r.step, shapeAt(transaction).steps[r.step].serial};
}

} // namespace leasedesk
