#include "widgets/timelineview.h"
#include "core/configuration.h"
#include "core/packetio.h"
#include "proto/dhcpmessage.h"

#include <QAbstractItemModel>
#include <QDateTime>
#include <QFontDatabase>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QToolTip>

#include <algorithm>

namespace leasedesk {

namespace {

constexpr int Padding = 8;
constexpr int ArrowHead = 8; // length of the head; its half-width is half that
constexpr qreal DotRadius = 3.5;

using proto::MessageType;

QString laneName(Lane lane)
{
    switch (lane) {
    case Lane::Client: return TimelineView::tr("Client");
    case Lane::Relay: return TimelineView::tr("Relay");
    case Lane::LeaseDesk: return TimelineView::tr("LeaseDesk");
    case Lane::OtherServers: return TimelineView::tr("Other servers");
    }
    return {};
}

QString typeName(quint8 type)
{
    const std::string_view name = proto::messageTypeName(type);
    if (!name.empty())
        return QString::fromLatin1(name.data(), qsizetype(name.size()));
    return type == 0 ? TimelineView::tr("(no type)") : TimelineView::tr("type %1").arg(type);
}

QString outcomeName(Transaction::Outcome outcome)
{
    using O = Transaction::Outcome;
    switch (outcome) {
    case O::Pending: return TimelineView::tr("pending");
    case O::Offered: return TimelineView::tr("offered");
    case O::Bound: return TimelineView::tr("bound");
    case O::Nak: return TimelineView::tr("NAK");
    case O::Ignored: return TimelineView::tr("ignored");
    case O::Conflict: return TimelineView::tr("conflict");
    case O::Released: return TimelineView::tr("released");
    case O::Informed: return TimelineView::tr("informed");
    case O::OtherServer: return TimelineView::tr("took another server's offer");
    case O::Failed: return TimelineView::tr("failed");
    }
    return {};
}

QString outcomeText(const Transaction &t)
{
    if (!t.outcomeText.isEmpty())
        return t.outcomeText;
    const QString name = outcomeName(t.outcome);
    return t.address.toUint32() == 0 ? name : name + QLatin1Char(' ') + addressText(t.address);
}

// "02:00:00:00:00:07 · xid 0x3903f326 · lab — "
QString titlePrefix(const Transaction &t)
{
    const QString mac = t.mac.isEmpty() ? TimelineView::tr("(no MAC)") : formatMac(t.mac);
    QString text = QStringLiteral("%1 · xid 0x%2").arg(mac).arg(t.xid, 8, 16, QLatin1Char('0'));
    if (!t.scope.isEmpty())
        text += QStringLiteral(" · ") + t.scope;
    return text + QStringLiteral(" — ");
}

// " · OFFER in 2 ms · ACK in 1 ms"
QString latencyText(const Transaction &t)
{
    QString text;
    if (t.offerLatencyMs)
        text += TimelineView::tr(" · OFFER in %1 ms").arg(*t.offerLatencyMs);
    if (t.ackLatencyMs)
        text += TimelineView::tr(" · ACK in %1 ms").arg(*t.ackLatencyMs);
    return text;
}

// The latency a reply's arrow carries: how long the client waited for it.
std::optional<qint64> latencyOf(const Transaction &t, const TransactionStep &s)
{
    switch (MessageType(s.messageType)) {
    case MessageType::Offer: return s.from == Lane::LeaseDesk ? t.offerLatencyMs : std::nullopt;
    case MessageType::Ack:
    case MessageType::Nak: return t.ackLatencyMs;
    default: return std::nullopt;
    }
}

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString(QStringLiteral("HH:mm:ss.zzz"));
}

QString gapText(qint64 ms)
{
    if (ms < 60'000)
        return TimelineView::tr("… %1 s later").arg(double(ms) / 1000.0, 0, 'f', 1);
    const qint64 s = ms / 1000;
    if (s < 3600)
        return TimelineView::tr("… %1 min %2 s later").arg(s / 60).arg(s % 60);
    return TimelineView::tr("… %1 h %2 min later").arg(s / 3600).arg(s % 3600 / 60);
}

QString htmlLines(const QStringList &lines)
{
    QStringList escaped;
    for (const QString &l : lines)
        escaped.append(l.toHtmlEscaped());
    return QStringLiteral("<p style='white-space:pre'>%1</p>").arg(escaped.join(u"<br>"));
}

} // namespace

TimelineView::TimelineView(QWidget *parent) : QAbstractScrollArea(parent)
{
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setMouseTracking(true);
    viewport()->setAttribute(Qt::WA_OpaquePaintEvent); // paintEvent fills the background
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this,
            &TimelineView::onScrollValueChanged);
    updateMetrics();
}

// A model that is our child is deleted after this object has stopped being a TimelineView;
// its signals must not reach us then.
TimelineView::~TimelineView()
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
}

QColor TimelineView::messageTypeColor(quint8 messageType)
{
    // Mid tones: dark enough on white, light enough on a dark base.
    switch (MessageType(messageType)) {
    case MessageType::Discover: return QColor(0x35, 0x7a, 0xd6);
    case MessageType::Offer: return QColor(0x0f, 0x9a, 0x96);
    case MessageType::Request: return QColor(0x91, 0x5c, 0xd1);
    case MessageType::Ack: return QColor(0x2f, 0x9e, 0x44);
    case MessageType::Nak: return QColor(0xd9, 0x3b, 0x3b);
    case MessageType::Decline: return QColor(0xe0, 0x78, 0x16);
    case MessageType::Release: return QColor(0x8c, 0x8c, 0x8c);
    case MessageType::Inform: return QColor(0xa8, 0x6a, 0x36);
    default: return QColor(0x8c, 0x8c, 0x8c);
    }
}

QColor TimelineView::outcomeColor(Transaction::Outcome outcome)
{
    using O = Transaction::Outcome;
    switch (outcome) {
    case O::Bound:
    case O::Informed: return QColor(0x2f, 0x9e, 0x44);
    case O::Nak:
    case O::Ignored:
    case O::Failed: return QColor(0xd9, 0x3b, 0x3b);
    case O::Conflict:
    case O::OtherServer: return QColor(0xe0, 0x78, 0x16);
    case O::Pending:
    case O::Offered:
    case O::Released: return QColor(0x8c, 0x8c, 0x8c);
    }
    return QColor(0x8c, 0x8c, 0x8c);
}

QSize TimelineView::sizeHint() const
{
    return QSize(900, 500);
}

// --- model -------------------------------------------------------------------------------

void TimelineView::setModel(QAbstractItemModel *model)
{
    if (m_model == model)
        return;
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model) {
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &TimelineView::onRowsInserted);
        connect(m_model, &QAbstractItemModel::rowsRemoved, this, &TimelineView::onRowsRemoved);
        connect(m_model, &QAbstractItemModel::dataChanged, this, &TimelineView::onDataChanged);
        connect(m_model, &QAbstractItemModel::modelReset, this, &TimelineView::rebuild);
        connect(m_model, &QAbstractItemModel::layoutChanged, this, &TimelineView::rebuild);
        connect(m_model, &QAbstractItemModel::rowsMoved, this, &TimelineView::rebuild);
        connect(m_model, &QObject::destroyed, this, &TimelineView::onModelDestroyed);
    }
    rebuild();
}

Transaction TimelineView::transactionAt(int index) const
{
    if (!m_model)
        return {};
    return m_model->data(m_model->index(index, 0), TransactionRole).value<Transaction>();
}

void TimelineView::rebuild()
{
    m_geometry.clear();
    const int rows = m_model ? m_model->rowCount() : 0;
    for (int r = 0; r < rows; ++r)
        m_geometry.appendTransaction(transactionAt(r));
    updateScrollBars();
    viewport()->update();
}

void TimelineView::onModelDestroyed()
{
    m_geometry.clear();
    updateScrollBars();
    viewport()->update();
}

void TimelineView::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (first != m_geometry.transactionCount()) {
        rebuild();
        return;
    }
    for (int r = first; r <= last; ++r)
        m_geometry.appendTransaction(transactionAt(r));
    updateScrollBars();
    viewport()->update();
}

void TimelineView::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    if (first != 0 || last + 1 > m_geometry.transactionCount()) {
        rebuild();
        return;
    }
    const int before = m_geometry.totalHeight();
    m_geometry.removeFirstTransactions(last + 1);
    // What the user reads stays where it is while the oldest rows go.
    const int shift = before - m_geometry.totalHeight();
    const int value = verticalScrollBar()->value();
    updateScrollBars();
    if (!m_followNewest) {
        m_adjustingScroll = true;
        verticalScrollBar()->setValue(value - shift);
        m_adjustingScroll = false;
    }
    viewport()->update();
}

void TimelineView::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (topLeft.parent().isValid())
        return;
    const int first = topLeft.row();
    const int last = std::min(bottomRight.row(), m_geometry.transactionCount() - 1);
    if (first < 0 || first > last)
        return;
    QList<Transaction> changed;
    changed.reserve(last - first + 1);
    for (int r = first; r <= last; ++r)
        changed.append(transactionAt(r));
    m_geometry.updateTransactions(first, changed);
    updateScrollBars();
    viewport()->update();
}

// --- scrolling ---------------------------------------------------------------------------

void TimelineView::updateMetrics()
{
    const QFontMetrics fm(font());
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics bfm(bold);
    const QFontMetrics fixed(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    const int lh = fm.height();

    TimelineGeometry::Metrics m;
    m.laneHeaderHeight = lh + 14;
    m.headerRowHeight = lh + 12;
    // A line of text (time, label, comment) with the arrow under it.
    m.stepRowHeight = lh + 16;
    m.arrowOffset = lh + 8;
    m.gapRowHeight = lh + 6;
    m.timeColumnWidth = fixed.horizontalAdvance(QStringLiteral("00:00:00.000")) + 2 * Padding;
    m.commentMinWidth = fm.averageCharWidth() * 24;
    // Wide enough for the widest label between neighbouring lanes (a reply with its latency)
    // and for the lane names.
    m.minLaneSpacing = std::max({bfm.horizontalAdvance(QStringLiteral("DISCOVER")),
                                 bfm.horizontalAdvance(QStringLiteral("OFFER"))
                                     + fm.horizontalAdvance(QStringLiteral(" +99 ms")),
                                 bfm.horizontalAdvance(laneName(Lane::OtherServers))})
        + 2 * Padding;
    // Past that the comment column takes the room: the engine's verdicts are sentences.
    m.maxLaneSpacing = m.minLaneSpacing * 5 / 4;
    m.arrowTolerance = std::max(4, lh / 3);
    m.selfArrowWidth = 2 * lh;
    m_geometry.setMetrics(m);
    m_geometry.setWidth(viewport()->width());
    updateScrollBars();
}

void TimelineView::updateScrollBars()
{
    const QSize area = viewport()->size();
    m_adjustingScroll = true;
    QScrollBar *v = verticalScrollBar();
    v->setRange(0, std::max(0, m_geometry.totalHeight() - area.height()));
    v->setPageStep(std::max(1, area.height() - m_geometry.metrics().laneHeaderHeight));
    v->setSingleStep(m_geometry.metrics().stepRowHeight);
    QScrollBar *h = horizontalScrollBar();
    h->setRange(0, std::max(0, m_geometry.contentWidth() - area.width()));
    h->setPageStep(std::max(1, area.width()));
    h->setSingleStep(m_geometry.metrics().stepRowHeight);
    m_adjustingScroll = false;
    if (m_followNewest)
        scrollToBottom();
}

void TimelineView::scrollToBottom()
{
    m_adjustingScroll = true;
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
    m_adjustingScroll = false;
}

void TimelineView::setFollowNewest(bool follow)
{
    if (m_followNewest == follow)
        return;
    m_followNewest = follow;
    if (follow)
        scrollToBottom();
    emit followNewestChanged(follow);
}

// The user moved the view: away from the bottom stops following, back to it follows again.
void TimelineView::onScrollValueChanged(int value)
{
    if (m_adjustingScroll)
        return;
    const bool atBottom = value >= verticalScrollBar()->maximum();
    if (m_followNewest != atBottom) {
        m_followNewest = atBottom;
        emit followNewestChanged(atBottom);
    }
}

void TimelineView::scrollContentsBy(int, int)
{
    viewport()->update();
}

QPoint TimelineView::mapFromContent(QPoint content) const
{
    return content - QPoint(horizontalScrollBar()->value(), verticalScrollBar()->value());
}

void TimelineView::ensureRowVisible(int row)
{
    if (row < 0)
        return;
    QScrollBar *v = verticalScrollBar();
    const int top = m_geometry.rowY(row);
    const int bottom = top + m_geometry.rowHeight(row);
    const int header = m_geometry.metrics().laneHeaderHeight;
    if (top < v->value() + header)
        v->setValue(top - header);
    else if (bottom > v->value() + viewport()->height())
        v->setValue(bottom - viewport()->height());
}

// --- selection ---------------------------------------------------------------------------

quint64 TimelineView::selectedSerial() const
{
    return m_selectedStep < 0
        ? 0
        : m_geometry.stepSerial(m_geometry.transactionIndexOf(m_selectedId), m_selectedStep);
}

int TimelineView::selectedRow() const
{
    const int t = m_selectedId == 0 ? -1 : m_geometry.transactionIndexOf(m_selectedId);
    if (t < 0)
        return -1;
    return m_selectedStep < 0 ? m_geometry.headerRow(t) : m_geometry.stepRow(t, m_selectedStep);
}

void TimelineView::selectTransaction(quint64 id)
{
    const int t = m_geometry.transactionIndexOf(id);
    if (t < 0)
        return;
    selectStep(t, -1, false);
}

void TimelineView::selectStep(int transaction, int step, bool notify)
{
    m_selectedId = m_geometry.transactionId(transaction);
    m_selectedStep = step;
    ensureRowVisible(selectedRow());
    viewport()->update();
    if (!notify)
        return;
    if (step < 0) {
        emit transactionSelected(m_selectedId);
    } else if (const quint64 serial = m_geometry.stepSerial(transaction, step); serial != 0) {
        emit stepSelected(serial);
    }
}

void TimelineView::moveSelection(int delta)
{
    int row = selectedRow();
    if (row < 0) {
        // Nothing selected yet: start from the edge of what is on screen.
        const auto [first, last] = m_geometry.visibleRows(
            verticalScrollBar()->value() + m_geometry.metrics().laneHeaderHeight,
            verticalScrollBar()->value() + viewport()->height());
        row = delta > 0 ? first - 1 : last;
    }
    for (int r = row + delta; r >= 0 && r < m_geometry.rowCount(); r += delta) {
        const TimelineGeometry::Row info = m_geometry.row(r);
        if (info.kind == TimelineGeometry::RowKind::Step) {
            selectStep(info.transaction, info.step, true);
            return;
        }
    }
}

// --- events ------------------------------------------------------------------------------

void TimelineView::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    m_geometry.setWidth(viewport()->width());
    // The scroll area shows or hides its bars for the new ranges once its layout is done
    // (a queued call in QAbstractScrollArea).
    updateScrollBars();
}

void TimelineView::changeEvent(QEvent *event)
{
    QAbstractScrollArea::changeEvent(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::StyleChange)
        updateMetrics();
}

void TimelineView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    const QPoint pos = event->position().toPoint();
    if (pos.y() < m_geometry.metrics().laneHeaderHeight)
        return;
    const QPoint content = pos - mapFromContent(QPoint());
    if (const auto hit = m_geometry.arrowAt(content)) {
        selectStep(hit->transaction, hit->step, true);
        return;
    }
    const TimelineGeometry::Row row = m_geometry.row(m_geometry.rowAt(content.y()));
    if (row.transaction < 0)
        return;
    if (row.kind == TimelineGeometry::RowKind::Header) {
        selectStep(row.transaction, -1, true);
    } else if (row.kind == TimelineGeometry::RowKind::Step
               && (content.x() < m_geometry.laneAreaLeft()
                   || content.x() >= m_geometry.commentLeft())) {
        // The time and the comment are the step's too; only the empty lanes are not.
        selectStep(row.transaction, row.step, true);
    }
}

void TimelineView::mouseReleaseEvent(QMouseEvent *event)
{
    // The press did the selecting; the release is ours too, not the parent's.
    event->setAccepted(event->button() == Qt::LeftButton);
}

void TimelineView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    const QPoint content = pos - mapFromContent(QPoint());
    const bool onArrow =
        pos.y() >= m_geometry.metrics().laneHeaderHeight && m_geometry.arrowAt(content).has_value();
    if (onArrow)
        viewport()->setCursor(Qt::PointingHandCursor);
    else
        viewport()->unsetCursor();
    QAbstractScrollArea::mouseMoveEvent(event);
}

void TimelineView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Down: moveSelection(1); return;
    case Qt::Key_Up: moveSelection(-1); return;
    case Qt::Key_End: verticalScrollBar()->setValue(verticalScrollBar()->maximum()); return;
    case Qt::Key_Home: verticalScrollBar()->setValue(0); return;
    default: QAbstractScrollArea::keyPressEvent(event);
    }
}

bool TimelineView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, viewport());
        }
        return true;
    }
    return QAbstractScrollArea::viewportEvent(event);
}

QString TimelineView::toolTipAt(QPoint viewportPoint) const
{
    if (viewportPoint.y() < m_geometry.metrics().laneHeaderHeight)
        return {};
    const QPoint content = viewportPoint - mapFromContent(QPoint());
    const TimelineGeometry::Row row = m_geometry.row(m_geometry.rowAt(content.y()));
    if (row.transaction < 0 || row.kind == TimelineGeometry::RowKind::Gap)
        return {};
    const Transaction t = transactionAt(row.transaction);
    if (row.kind == TimelineGeometry::RowKind::Header)
        return htmlLines({titlePrefix(t) + outcomeText(t) + latencyText(t)});
    if (row.step >= t.steps.size())
        return {};
    const TransactionStep &s = t.steps[row.step];
    QString route =
        tr("%1 from %2 to %3").arg(typeName(s.messageType), laneName(s.from), laneName(s.to));
    if (s.relayed)
        route += tr(" through a relay");
    QStringList lines{route, timeText(s.timeMs)};
    if (s.serial != 0)
        lines.append(tr("packet #%1").arg(s.serial));
    if (!s.note.isEmpty())
        lines.append(s.note);
    return htmlLines(lines);
}

// --- painting ----------------------------------------------------------------------------

void TimelineView::paintEvent(QPaintEvent *)
{
    QPainter p(viewport());
    p.fillRect(viewport()->rect(), palette().base());
    const int sy = verticalScrollBar()->value();
    const int top = sy + m_geometry.metrics().laneHeaderHeight;
    const int bottom = sy + viewport()->height();
    p.translate(-horizontalScrollBar()->value(), -sy);
    paintLifelines(p, top, bottom);

    const auto [first, last] = m_geometry.visibleRows(top, bottom);
    int cachedIndex = -1;
    Transaction cached;
    for (int r = first; r < last; ++r) {
        const TimelineGeometry::Row row = m_geometry.row(r);
        if (row.kind == TimelineGeometry::RowKind::Gap) {
            paintGapRow(p, r);
            continue;
        }
        if (row.transaction != cachedIndex) {
            cached = transactionAt(row.transaction);
            cachedIndex = row.transaction;
        }
        if (row.kind == TimelineGeometry::RowKind::Header)
            paintHeaderRow(p, r, cached);
        else if (row.step < cached.steps.size())
            paintStepRow(p, r, cached, row.step);
    }
    p.translate(0, sy);
    paintLaneHeader(p);
}

// A selected step row is tinted with the highlight; labels sit on the same colour.
QColor TimelineView::rowBackground(bool selected) const
{
    const QColor base = palette().color(QPalette::Base);
    if (!selected)
        return base;
    const QColor hl = palette().color(QPalette::Highlight);
    constexpr qreal mix = 0.25;
    return QColor::fromRgbF(base.redF() + (hl.redF() - base.redF()) * mix,
                            base.greenF() + (hl.greenF() - base.greenF()) * mix,
                            base.blueF() + (hl.blueF() - base.blueF()) * mix);
}

void TimelineView::paintLaneHeader(QPainter &p) const
{
    const TimelineGeometry &g = m_geometry;
    const int h = g.metrics().laneHeaderHeight;
    p.fillRect(QRect(0, 0, g.contentWidth(), h), palette().window());
    p.setPen(palette().color(QPalette::Mid));
    p.drawLine(0, h - 1, g.contentWidth(), h - 1);
    p.setPen(palette().color(QPalette::WindowText));
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QRect(Padding, 0, g.laneAreaLeft() - 2 * Padding, h), Qt::AlignVCenter, tr("Time"));
    const int w = g.laneSpacing();
    for (int lane = 0; lane < LaneCount; ++lane)
        p.drawText(QRect(g.laneX(Lane(lane)) - w / 2, 0, w, h), Qt::AlignCenter,
                   laneName(Lane(lane)));
    p.drawText(QRect(g.commentLeft() + Padding, 0, g.commentRight() - g.commentLeft(), h),
               Qt::AlignVCenter, tr("Comment"));
    p.setFont(font());
}

void TimelineView::paintLifelines(QPainter &p, int y0, int y1) const
{
    const TimelineGeometry &g = m_geometry;
    QColor column = palette().color(QPalette::Mid);
    column.setAlpha(80);
    p.setPen(column);
    p.drawLine(g.laneAreaLeft(), y0, g.laneAreaLeft(), y1);
    p.drawLine(g.commentLeft(), y0, g.commentLeft(), y1);
    p.setPen(QPen(palette().color(QPalette::Mid), 1));
    for (int lane = 0; lane < LaneCount; ++lane)
        p.drawLine(g.laneX(Lane(lane)), y0, g.laneX(Lane(lane)), y1);
}

void TimelineView::paintHeaderRow(QPainter &p, int row, const Transaction &t) const
{
    const QRect r = m_geometry.rowRect(row);
    const bool selected = m_selectedId == t.id && m_selectedStep < 0;
    p.fillRect(r, palette().alternateBase());
    if (selected) {
        QColor hl = palette().color(QPalette::Highlight);
        hl.setAlpha(70);
        p.fillRect(r, hl);
    }
    p.setPen(palette().color(QPalette::Mid));
    p.drawLine(r.topLeft(), r.topRight());

    // Who and which exchange, then the outcome in its colour, then the latencies.
    QRect text = r.adjusted(Padding, 0, -Padding, 0);
    text.setRight(
        std::min(text.right(), horizontalScrollBar()->value() + viewport()->width() - Padding));
    const auto piece = [&](const QString &s, const QFont &f, const QColor &c) {
        if (text.width() <= 0 || s.isEmpty())
            return;
        const QFontMetrics fm(f);
        const QString shown = fm.elidedText(s, Qt::ElideRight, text.width());
        p.setFont(f);
        p.setPen(c);
        p.drawText(text, Qt::AlignVCenter | Qt::AlignLeft, shown);
        text.setLeft(text.left() + fm.horizontalAdvance(shown));
    };
    QFont bold = font();
    bold.setBold(true);
    piece(titlePrefix(t), font(), palette().color(QPalette::Text));
    piece(outcomeText(t), bold, outcomeColor(t.outcome));
    piece(latencyText(t), font(), palette().color(QPalette::PlaceholderText));
    p.setFont(font());
}

void TimelineView::paintGapRow(QPainter &p, int row) const
{
    const TimelineGeometry &g = m_geometry;
    const QRect r = g.rowRect(row);
    // The lifelines break over the quiet time.
    p.fillRect(r, palette().base());
    p.setPen(QPen(palette().color(QPalette::Mid), 1, Qt::DotLine));
    for (int lane = 0; lane < LaneCount; ++lane)
        p.drawLine(g.laneX(Lane(lane)), r.top(), g.laneX(Lane(lane)), r.bottom());
    QFont italic = font();
    italic.setItalic(true);
    p.setFont(italic);
    p.setPen(palette().color(QPalette::PlaceholderText));
    const int right = g.laneX(Lane::Client) - Padding;
    p.drawText(QRect(Padding, r.top(), right - Padding, r.height()),
               Qt::AlignVCenter | Qt::AlignLeft,
               QFontMetrics(italic).elidedText(gapText(g.row(row).gapMs), Qt::ElideRight,
                                               right - Padding));
    p.setFont(font());
}

void TimelineView::paintStepRow(QPainter &p, int row, const Transaction &t, int step) const
{
    const TimelineGeometry &g = m_geometry;
    const TransactionStep &s = t.steps[step];
    const QRect r = g.rowRect(row);
    const bool selected = m_selectedId == t.id && m_selectedStep == step;
    if (selected)
        p.fillRect(r, rowBackground(true));
    // One line of text across the row (time, label, comment), the arrow under the label.
    const int textHeight = QFontMetrics(font()).height();
    const int textTop = r.top() + g.metrics().arrowOffset - textHeight - 3;
    p.setPen(palette().color(QPalette::Text));
    p.setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    p.drawText(QRect(Padding, textTop, g.laneAreaLeft() - 2 * Padding, textHeight),
               Qt::AlignVCenter | Qt::AlignRight, timeText(s.timeMs));
    p.setFont(font());

    if (const auto a = g.arrow(row)) {
        paintArrow(p, *a, s, selected);
        paintArrowLabel(p, *a, t, s, selected);
    }

    const QRect comment(g.commentLeft() + Padding, textTop,
                        g.commentRight() - g.commentLeft() - 2 * Padding, textHeight);
    p.setPen(s.failed ? messageTypeColor(quint8(MessageType::Nak))
                      : palette().color(QPalette::Text));
    p.drawText(comment, Qt::AlignVCenter | Qt::AlignLeft,
               QFontMetrics(font()).elidedText(s.note, Qt::ElideRight, comment.width()));
}

void TimelineView::paintArrow(QPainter &p, const TimelineGeometry::Arrow &a,
                              const TransactionStep &s, bool selected) const
{
    const QColor color = messageTypeColor(s.messageType);
    p.save();
    p.setRenderHint(QPainter::Antialiasing);
    QPen pen(color, selected ? 3.0 : 1.6, s.failed ? Qt::DashLine : Qt::SolidLine);
    pen.setCapStyle(Qt::FlatCap);
    p.setPen(pen);
    const qreal y = a.y + 0.5;
    qreal headX = a.x2;
    qreal direction = a.x2 >= a.x1 ? 1 : -1;
    if (a.selfLoop) {
        // A packet that went nowhere else: out and back to its own lifeline.
        const qreal h = ArrowHead * 0.6;
        const QPointF loop[4] = {{qreal(a.x1), y - h},
                                 {qreal(a.x2), y - h},
                                 {qreal(a.x2), y + h},
                                 {qreal(a.x1 + ArrowHead), y + h}};
        p.drawPolyline(loop, 4);
        headX = a.x1;
        direction = -1;
        p.translate(0, h);
    } else {
        p.drawLine(QPointF(a.x1, y), QPointF(a.x2 - direction * ArrowHead, y));
    }
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    const QPointF head[3] = {QPointF(headX, y),
                             QPointF(headX - direction * ArrowHead, y - ArrowHead / 2.0),
                             QPointF(headX - direction * ArrowHead, y + ArrowHead / 2.0)};
    p.drawPolygon(head, 3);
    if (a.viaX) {
        // Where the relay agent forwarded it (giaddr, RFC 2131 §4.1).
        p.setPen(QPen(palette().color(QPalette::Base), 1.5));
        p.drawEllipse(QPointF(*a.viaX + 0.5, y), DotRadius + 1, DotRadius + 1);
    }
    p.restore();
}

void TimelineView::paintArrowLabel(QPainter &p, const TimelineGeometry::Arrow &a,
                                   const Transaction &t, const TransactionStep &s,
                                   bool selected) const
{
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics bfm(bold);
    const QFontMetrics fm(font());
    const QString name = typeName(s.messageType);
    const std::optional<qint64> latency = latencyOf(t, s);
    const QString extra = latency ? tr(" +%1 ms").arg(*latency) : QString();
    const int width = bfm.horizontalAdvance(name) + fm.horizontalAdvance(extra);
    // Over the middle of the arrow, on a patch of background so lifelines do not cross it.
    const int centre = a.selfLoop ? a.x1 + Padding / 2 + width / 2 : (a.left() + a.right()) / 2;
    const int height = fm.height();
    QRect box(centre - width / 2, a.y - height - 3, width, height);
    p.fillRect(box.adjusted(-3, 0, 3, 0), rowBackground(selected));
    p.setFont(bold);
    p.setPen(messageTypeColor(s.messageType));
    p.drawText(box, Qt::AlignVCenter | Qt::AlignLeft, name);
    if (!extra.isEmpty()) {
        p.setFont(font());
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(box.adjusted(bfm.horizontalAdvance(name), 0, 0, 0),
                   Qt::AlignVCenter | Qt::AlignLeft, extra);
    }
    p.setFont(font());
}

} // namespace leasedesk
