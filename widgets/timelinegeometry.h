#pragma once

#include "widgets/transaction.h"

#include <QList>
#include <QPoint>
#include <QRect>

#include <deque>
#include <optional>
#include <utility>

namespace leasedesk {

// Where everything of the DORA timeline sits, kept apart from painting so that row ↔ pixel and
// the hit tests are plain arithmetic with unit tests (design.md, "Geometry is separate from
// painting").
//
// The timeline is a vertical sequence diagram, as Wireshark's Flow Graph: left to right a time
// column, the four lanes (Client, Relay, LeaseDesk, Other servers) with their lifelines, and a
// comment column. Lane headers are pinned at the top: content y 0 … laneHeaderHeight is under
// them, and the rows start below. Each transaction is a header row and one row per step; time
// is the row order (uniform rows), and where more than GapThresholdMs passed between a row and
// the one above it, a gap row ("… 3.2 s later") comes between them.
//
// Rows are kept with absolute y positions and absolute transaction numbers, with bases
// subtracted on the way out, so appending at the end and removing from the front (what a capped
// live model does) cost only the rows added or removed; queries are binary searches.
class TimelineGeometry
{
public:
    static constexpr qint64 GapThresholdMs = 1000;

    struct Metrics
    {
        int laneHeaderHeight = 28; // the pinned strip with the lane names
        int headerRowHeight = 24; // a transaction's title row
        int stepRowHeight = 30; // one arrow
        int arrowOffset = 20; // from a step row's top to its arrow line
        int gapRowHeight = 18; // the "… 3.2 s later" marker
        int timeColumnWidth = 100;
        int commentMinWidth = 180;
        int minLaneSpacing = 120; // below it the content scrolls sideways
        int maxLaneSpacing = 220; // above it the comment column takes the room
        int arrowTolerance = 5; // pixels either side of an arrow that still hit it
        int selfArrowWidth = 30; // a step from a lane to itself: a short hook to the right
        bool operator==(const Metrics &) const = default;
    };

    enum class RowKind : quint8 { Header, Step, Gap };

    struct Row
    {
        RowKind kind = RowKind::Header;
        int transaction = -1; // index of the transaction (model row)
        int step = -1; // index in its steps; -1 for a header; the step after it for a gap
        qint64 gapMs = 0; // a gap row: the time between the row above and the row below
    };

    // A step's arrow: from x1 to x2 at y, through viaX (the Relay lane) when relayed.
    struct Arrow
    {
        int x1 = 0;
        int x2 = 0;
        int y = 0;
        std::optional<int> viaX;
        bool selfLoop = false; // from == to
        int left() const;
        int right() const;
    };

    struct StepHit
    {
        int row = -1;
        int transaction = -1;
        int step = -1;
        quint64 serial = 0; // 0: a step that is no packet of ours
    };

    TimelineGeometry() = default;
    explicit TimelineGeometry(const Metrics &metrics, int width = 0);

    const Metrics &metrics() const { return m_metrics; }
    void setMetrics(const Metrics &metrics); // re-lays every row: O(rows)
    int width() const { return m_width; }
    void setWidth(int width); // horizontal only: O(1)

    // --- the rows ------------------------------------------------------------------------
    void clear();
    void appendTransaction(const Transaction &transaction);
    void appendTransactions(const QList<Transaction> &transactions);
    // Transactions gained steps (or changed): their rows and everything below are re-laid,
    // once for the whole range.
    void updateTransactions(int first, const QList<Transaction> &transactions);
    void updateTransaction(int index, const Transaction &transaction);
    // The oldest transactions left the model.
    void removeFirstTransactions(int count);

    int transactionCount() const { return int(m_transactions.size()); }
    int rowCount() const { return int(m_rows.size()); }
    Row row(int index) const;
    quint64 transactionId(int transaction) const;
    // The transaction with this id, found by binary search (ids increase); -1 if absent.
    int transactionIndexOf(quint64 id) const;
    int headerRow(int transaction) const;
    int stepRow(int transaction, int step) const; // -1 when out of range
    int stepCount(int transaction) const;
    quint64 stepSerial(int transaction, int step) const; // 0 when out of range

    // --- vertical ------------------------------------------------------------------------
    int rowY(int index) const; // top of a row, content coordinates
    int rowHeight(int index) const;
    QRect rowRect(int index) const; // the whole content width
    int totalHeight() const; // lane header strip plus every row
    // The row under a content y; -1 above the first row (the lane header) or below the last.
    int rowAt(int y) const;
    // The rows intersecting [y0, y1): first and one past the last.
    std::pair<int, int> visibleRows(int y0, int y1) const;

    // --- horizontal ----------------------------------------------------------------------
    int laneSpacing() const;
    int laneAreaLeft() const { return m_metrics.timeColumnWidth; }
    int laneAreaRight() const { return laneAreaLeft() + LaneCount * laneSpacing(); }
    int laneX(Lane lane) const; // centre of its lifeline
    int commentLeft() const { return laneAreaRight(); }
    int commentRight() const { return contentWidth(); }
    int contentWidth() const; // at least the width; more when the lanes would be too close

    // --- arrows --------------------------------------------------------------------------
    std::optional<Arrow> arrow(int rowIndex) const; // nothing for header and gap rows
    // The step whose arrow passes within arrowTolerance of a content point.
    std::optional<StepHit> arrowAt(QPoint point) const;

private:
    struct StepShape
    {
        quint64 serial = 0;
        qint64 timeMs = 0;
        Lane from = Lane::Client;
        Lane to = Lane::LeaseDesk;
        bool relayed = false;
    };
    struct Shape
    {
        quint64 id = 0;
        qint64 firstMs = 0; // of its first step (of the transaction without steps)
        qint64 lastMs = 0; // of its last step
        QList<StepShape> steps;
        qint64 firstRow = 0; // absolute row number of its first row (a gap row, or the header)
    };
    struct StoredRow
    {
        qint64 top = 0; // absolute: subtract m_yBase
        qint64 transaction = 0; // absolute: subtract m_transactionBase
        int step = -1;
        RowKind kind = RowKind::Header;
        qint64 gapMs = 0;
    };

    static Shape shapeOf(const Transaction &transaction);
    int heightOf(RowKind kind) const;
    void pushRow(RowKind kind, qint64 transaction, int step, qint64 gapMs);
    void layOut(qint64 absoluteTransaction);
    void truncateFrom(qint64 absoluteTransaction);
    const Shape &shapeAt(int transaction) const { return m_transactions[size_t(transaction)]; }

    Metrics m_metrics;
    int m_width = 0;
    std::deque<Shape> m_transactions;
    std::deque<StoredRow> m_rows;
    qint64 m_yBase = 0; // absolute top of the first live row: drawn at laneHeaderHeight
    qint64 m_nextTop = 0; // absolute top of the next row appended
    qint64 m_rowBase = 0; // absolute number of the first live row
    qint64 m_transactionBase = 0; // absolute number of the first live transaction
};

} // namespace leasedesk
