#pragma once

#include "widgets/timelinegeometry.h"
#include "widgets/transaction.h"

#include <QAbstractScrollArea>
#include <QColor>
#include <QPointer>

class QAbstractItemModel;
class QModelIndex;
class QPainter;

namespace leasedesk {

// The live DORA timeline: a vertical sequence diagram of the transactions of a model (one row
// per Transaction, oldest first, in TransactionRole), as Wireshark's Flow Graph draws a
// capture. Each transaction is a title row coloured by its outcome, then one arrow per packet
// between the Client, Relay, LeaseDesk and Other servers lanes, with the time on the left and
// the engine's verdict on the right. Only the visible rows are painted; the geometry follows
// the model's appends at the end and removals from the front at the cost of the rows changed.
class TimelineView : public QAbstractScrollArea
{
    Q_OBJECT
public:
    // The role the model gives a Transaction in (TransactionModel::TransactionRole).
    static constexpr int TransactionRole = Qt::UserRole + 1;

    explicit TimelineView(QWidget *parent = nullptr);
    ~TimelineView() override;

    void setModel(QAbstractItemModel *model);
    QAbstractItemModel *model() const { return m_model; }

    // Keep the newest rows in view as they arrive. Scrolling up turns it off, scrolling back
    // to the bottom turns it on again (followNewestChanged either way).
    void setFollowNewest(bool follow);
    bool followNewest() const { return m_followNewest; }

    // Scrolls to a transaction and highlights its title; nothing when it is not in the model.
    void selectTransaction(quint64 id);
    quint64 selectedTransaction() const { return m_selectedId; }
    // The serial of the highlighted step; 0 when none (or a step that is no packet of ours).
    quint64 selectedSerial() const;

    const TimelineGeometry &timelineGeometry() const { return m_geometry; }
    // Content coordinates (the geometry's) to the viewport's, at the current scroll position.
    QPoint mapFromContent(QPoint content) const;

    // The fixed palettes: mid tones that read on light and dark backgrounds alike.
    static QColor messageTypeColor(quint8 messageType);
    static QColor outcomeColor(Transaction::Outcome outcome);

    QSize sizeHint() const override;

signals:
    void stepSelected(quint64 serial);
    void transactionSelected(quint64 id);
    void followNewestChanged(bool follow);

protected:
    bool viewportEvent(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void changeEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;

private:
    Transaction transactionAt(int index) const;
    void rebuild();
    void onModelDestroyed();
    void onRowsInserted(const QModelIndex &parent, int first, int last);
    void onRowsRemoved(const QModelIndex &parent, int first, int last);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void onScrollValueChanged(int value);
    void updateMetrics();
    void updateScrollBars();
    void scrollToBottom();
    void ensureRowVisible(int row);
    void selectStep(int transaction, int step, bool notify);
    void moveSelection(int delta);
    int selectedRow() const;
    QString toolTipAt(QPoint viewportPoint) const;

    void paintLaneHeader(QPainter &p) const;
    void paintLifelines(QPainter &p, int y0, int y1) const;
    void paintHeaderRow(QPainter &p, int row, const Transaction &t) const;
    void paintGapRow(QPainter &p, int row) const;
    void paintStepRow(QPainter &p, int row, const Transaction &t, int step) const;
    void paintArrow(QPainter &p, const TimelineGeometry::Arrow &a, const TransactionStep &s,
                    bool selected) const;
    void paintArrowLabel(QPainter &p, const TimelineGeometry::Arrow &a, const Transaction &t,
                         const TransactionStep &s, bool selected) const;
    QColor rowBackground(bool selected) const;

    QPointer<QAbstractItemModel> m_model;
    TimelineGeometry m_geometry;
    bool m_followNewest = true;
    bool m_adjustingScroll = false; // our own scroll bar changes are not the user's
    quint64 m_selectedId = 0; // the transaction of the selection
    int m_selectedStep = -1; // -1: its title
};

} // namespace leasedesk
