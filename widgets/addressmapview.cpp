#include "widgets/addressmapview.h"
#include "core/packetio.h"

#include <QDateTime>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QTextDocument>
#include <QToolButton>
#include <QToolTip>

#include <algorithm>
#include <utility>

namespace leasedesk {

namespace {

using State = AddressMapData::State;

constexpr int Margin = 8;
constexpr int LegendSwatch = 12;
constexpr int LegendSpacing = 18;

// A row's label: its first address without the octets every address on screen shares
// (".32" in a /24, ".32.0" in a /16), so the eye finds an address by its row.
QString rowLabel(const AddressRange &shown, Ipv4Address rowStart)
{
    const auto first = shown.start.toBytes();
    const auto last = shown.end.toBytes();
    const auto row = rowStart.toBytes();
    size_t shared = 0;
    while (shared < 4 && first[shared] == last[shared])
        ++shared;
    QString label;
    for (size_t i = shared; i < 4; ++i)
        label += QLatin1Char('.') + QString::number(row[i]);
    return label;
}

QString macText(const QByteArray &mac)
{
    return mac.isEmpty() ? QString() : formatMac(mac);
}

// The order of the legend, and of the stripes of an aggregated block from the bottom up:
// what is in use first, so a block's filled height reads as its utilisation.
constexpr std::array<State, AddressMapData::StateCount> LegendOrder{
    State::Bound,    State::Offered, State::Reserved, State::Quarantined,
    State::Conflict, State::Free,    State::Excluded,
};

// A state's colour with the marks that do not rely on colour: excluded cells are hatched
// and conflicts crossed, in the legend as on the map.
void paintSwatch(QPainter &p, const QRect &rect, State state)
{
    const QColor color = AddressMapView::stateColor(state);
    p.fillRect(rect, color);
    if (state == State::Excluded)
        p.fillRect(rect, QBrush(color.darker(135), Qt::BDiagPattern));
    if (state == State::Conflict && rect.width() >= 8) {
        p.save();
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(Qt::white, rect.width() >= 16 ? 2.0 : 1.5));
        const QRectF r = QRectF(rect).adjusted(rect.width() * 0.25, rect.height() * 0.25,
                                               -rect.width() * 0.25, -rect.height() * 0.25);
        p.drawLine(r.topLeft(), r.bottomRight());
        p.drawLine(r.topRight(), r.bottomLeft());
        p.restore();
    }
    if (state == State::Free) {
        // Free is the lightest colour; an edge keeps it from melting into the background.
        p.setPen(color.darker(125));
        p.setBrush(Qt::NoBrush);
        p.drawRect(rect.adjusted(0, 0, -1, -1));
    }
}

QString when(qint64 unixSeconds)
{
    const QDateTime t = QDateTime::fromSecsSinceEpoch(unixSeconds);
    const qint64 delta = unixSeconds - QDateTime::currentSecsSinceEpoch();
    const qint64 minutes = std::abs(delta) / 60;
    QString span = minutes < 1 ? QStringLiteral("less than a minute")
        : minutes < 120        ? QStringLiteral("%1 min").arg(minutes)
        : minutes < 48 * 60    ? QStringLiteral("%1 h").arg(minutes / 60)
                               : QStringLiteral("%1 days").arg(minutes / (24 * 60));
    return QStringLiteral("%1 (%2)").arg(t.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                                         delta >= 0 ? QStringLiteral("in ") + span
                                                    : span + QStringLiteral(" ago"));
}

} // namespace

// --- AddressMapData ---------------------------------------------------------------------

AddressMapData AddressMapData::fromScope(const Scope &scope, const QList<Lease> &leases)
{
    AddressMapData d;
    d.scopeName = scope.name;
    d.network = Ipv4Address(scope.network.toUint32() & scope.netmask());
    d.prefixLength = scope.prefixLength;
    d.ranges = scope.ranges;
    d.exclusions = scope.exclusions;

    for (const Reservation &r : scope.reservations) {
        if (!r.enabled || !scope.containsAddress(r.ip))
            continue;
        d.entries.insert(r.ip.toUint32(),
                         Entry{State::Reserved, r.macs.value(0), r.hostname, 0, true});
    }

    // Released and expired leases first, so that a live lease of the same address wins.
    const auto isLive = [](const Lease &l) {
        return l.state != LeaseState::Released && l.state != LeaseState::Expired;
    };
    QList<const Lease *> ordered;
    for (const Lease &l : leases) {
        if (scope.containsAddress(l.address))
            ordered.append(&l);
    }
    std::stable_partition(ordered.begin(), ordered.end(),
                          [&](const Lease *l) { return !isLive(*l); });

    for (const Lease *l : std::as_const(ordered)) {
        const quint32 a = l->address.toUint32();
        const auto existing = d.entries.constFind(a);
        const bool reserved = existing != d.entries.cend() && existing->reserved;
        Entry e;
        e.reserved = reserved;
        e.mac = l->hardwareAddress;
        e.hostname = l->hostname;
        if (e.hostname.isEmpty() && reserved)
            e.hostname = existing->hostname;
        switch (l->state) {
        case LeaseState::Offered: e.state = State::Offered; break;
        case LeaseState::Bound: e.state = State::Bound; break;
        case LeaseState::Declined: e.state = State::Quarantined; break;
        case LeaseState::Conflict: e.state = State::Conflict; break;
        case LeaseState::Released:
        case LeaseState::Expired:
            // The reservation still holds the address; otherwise the address is back in the
            // pool, and the tooltip remembers who had it last.
            if (reserved)
                continue;
            e.state = d.baseState(a);
            break;
        }
        if (isLive(*l))
            e.expiry = l->end;
        d.entries.insert(a, e);
    }
    return d;
}

AddressRange AddressMapData::subnet() const
{
    const quint32 mask = prefixLength <= 0 ? 0 : ~quint32(0) << (32 - std::min(prefixLength, 32));
    const quint32 first = network.toUint32() & mask;
    return {Ipv4Address(first), Ipv4Address(first | ~mask)};
}

AddressMapData::State AddressMapData::baseState(quint32 address) const
{
    const Ipv4Address a(address);
    const AddressRange net = subnet();
    if (prefixLength <= 30 && (a == net.start || a == net.end))
        return State::Excluded;
    for (const AddressRange &x : exclusions) {
        if (x.contains(a))
            return State::Excluded;
    }
    for (const AddressRange &r : ranges) {
        if (r.contains(a))
            return State::Free;
    }
    return State::Excluded;
}

AddressMapData::Entry AddressMapData::entryFor(Ipv4Address address) const
{
    const auto it = entries.constFind(address.toUint32());
    if (it != entries.cend())
        return *it;
    Entry e;
    e.state = baseState(address.toUint32());
    return e;
}

QList<AddressRange> AddressMapData::pool() const
{
    // Half-open [first, last + 1) in 64 bits, so 255.255.255.255 needs no special case.
    using Span = std::pair<quint64, quint64>;
    const AddressRange net = subnet();
    quint64 lo = net.start.toUint32();
    quint64 hi = quint64(net.end.toUint32()) + 1;
    if (prefixLength <= 30) {
        ++lo;
        --hi;
    }
    QList<Span> spans;
    for (const AddressRange &r : ranges) {
        const quint64 a = std::max<quint64>(r.start.toUint32(), lo);
        const quint64 b = std::min<quint64>(quint64(r.end.toUint32()) + 1, hi);
        if (a < b)
            spans.append({a, b});
    }
    for (const AddressRange &x : exclusions) {
        const quint64 xa = x.start.toUint32();
        const quint64 xb = quint64(x.end.toUint32()) + 1;
        QList<Span> kept;
        for (const Span &s : std::as_const(spans)) {
            if (xb <= s.first || s.second <= xa) {
                kept.append(s);
                continue;
            }
            if (s.first < xa)
                kept.append({s.first, xa});
            if (xb < s.second)
                kept.append({xb, s.second});
        }
        spans = kept;
    }
    // Ranges may overlap before validation; merge so no address is counted twice.
    std::sort(spans.begin(), spans.end());
    QList<AddressRange> out;
    quint64 curA = 0, curB = 0;
    for (const Span &s : std::as_const(spans)) {
        if (curB > curA && s.first <= curB) {
            curB = std::max(curB, s.second);
            continue;
        }
        if (curB > curA)
            out.append({Ipv4Address(quint32(curA)), Ipv4Address(quint32(curB - 1))});
        curA = s.first;
        curB = s.second;
    }
    if (curB > curA)
        out.append({Ipv4Address(quint32(curA)), Ipv4Address(quint32(curB - 1))});
    return out;
}

AddressMapData::Counts AddressMapData::countsIn(const AddressRange &range) const
{
    Counts counts{};
    const quint64 first = range.start.toUint32();
    const quint64 last = range.end.toUint32();
    if (last < first)
        return counts;
    quint64 inPool = 0;
    for (const AddressRange &p : pool()) {
        const quint64 a = std::max<quint64>(first, p.start.toUint32());
        const quint64 b = std::min<quint64>(last, p.end.toUint32());
        if (a <= b)
            inPool += b - a + 1;
    }
    // Entries override what the ranges say; count them and take them out of the rest.
    quint64 withEntry = 0;
    quint64 entriesInPool = 0;
    for (auto it = entries.lowerBound(quint32(first)); it != entries.cend() && it.key() <= last;
         ++it) {
        ++counts[size_t(it->state)];
        ++withEntry;
        if (baseState(it.key()) == State::Free)
            ++entriesInPool;
    }
    const quint64 free = inPool - entriesInPool;
    counts[size_t(State::Free)] += free;
    counts[size_t(State::Excluded)] += (last - first + 1) - withEntry - free;
    return counts;
}

QString AddressMapData::stateName(State state)
{
    switch (state) {
    case State::Free: return QStringLiteral("Free");
    case State::Offered: return QStringLiteral("Offered");
    case State::Bound: return QStringLiteral("Bound");
    case State::Reserved: return QStringLiteral("Reserved");
    case State::Excluded: return QStringLiteral("Excluded");
    case State::Quarantined: return QStringLiteral("Quarantined");
    case State::Conflict: return QStringLiteral("Conflict");
    }
    return {};
}

// --- AddressMapView ---------------------------------------------------------------------

AddressMapView::AddressMapView(QWidget *parent) : QWidget(parent)
{
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);

    m_back = new QToolButton(this);
    m_back->setObjectName(QStringLiteral("back"));
    m_back->setText(tr("Back"));
    m_back->setArrowType(Qt::LeftArrow);
    m_back->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_back->setAutoRaise(true);
    m_back->setToolTip(tr("Zoom out (Esc)"));
    m_back->hide();
    connect(m_back, &QToolButton::clicked, this, &AddressMapView::zoomOut);
}

QColor AddressMapView::stateColor(AddressMapData::State state)
{
    // Okabe–Ito hues, told apart by most colour-blind viewers; free is a pale neutral so the
    // used addresses stand out, excluded a mid grey that is hatched as well.
    switch (state) {
    case State::Free: return QColor(0xe3, 0xe8, 0xee);
    case State::Offered: return QColor(0xe6, 0x9f, 0x00);
    case State::Bound: return QColor(0x00, 0x72, 0xb2);
    case State::Reserved: return QColor(0x00, 0x9e, 0x73);
    case State::Excluded: return QColor(0xa6, 0xa6, 0xa6);
    case State::Quarantined: return QColor(0xcc, 0x79, 0xa7);
    case State::Conflict: return QColor(0xc0, 0x1c, 0x28);
    }
    return {};
}

void AddressMapView::setData(const AddressMapData &data)
{
    const bool sameSubnet = data.subnet() == m_data.subnet() && m_geometry.isValid();
    m_data = data;
    if (!sameSubnet) {
        // A refresh of the same scope keeps the zoom; a different subnet starts over.
        m_geometry = AddressMapGeometry(m_data.network, m_data.prefixLength, {});
        m_selected.reset();
    }
    m_totals = m_data.countsIn(m_data.subnet());
    relayout();
    refreshCells();
    updateGeometry();
    update();
}

void AddressMapView::setSelectedAddress(std::optional<Ipv4Address> address)
{
    m_selected = address;
    update();
}

QString AddressMapView::headerTitle() const
{
    const QString name = m_data.scopeName.isEmpty() ? tr("(unnamed scope)") : m_data.scopeName;
    return QStringLiteral("%1 — %2/%3")
        .arg(name, addressText(m_data.network))
        .arg(m_data.prefixLength);
}

QString AddressMapView::headerDetail() const
{
    if (!m_geometry.isValid())
        return tr("A /%1 subnet is too large to draw.").arg(m_data.prefixLength);
    const AddressRange shown = m_geometry.visibleRange();
    const QString span =
        QStringLiteral("%1 – %2").arg(addressText(shown.start), addressText(shown.end));
    if (m_geometry.isAggregated()) {
        return tr("%1, blocks of %2 addresses: click a block to zoom in")
            .arg(span)
            .arg(m_geometry.addressesPerCell());
    }
    return tr("%1 (%2 addresses): click an address to select it%3")
        .arg(span)
        .arg(shown.size())
        .arg(m_geometry.canZoomOut() ? tr(", Esc to zoom out") : QString());
}

void AddressMapView::relayout()
{
    const QFontMetrics fm(font());
    const int width = std::max(1, this->width() - 2 * Margin);
    int y = Margin;

    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics bfm(bold);
    const QSize backSize = m_back->sizeHint();
    const int titleHeight = std::max(bfm.height(), backSize.height());
    m_titleRect = QRect(Margin, y, width, titleHeight);
    m_back->setGeometry(Margin + width - backSize.width(), y, backSize.width(), backSize.height());
    m_back->setVisible(m_geometry.canZoomOut());
    y += titleHeight;
    m_detailRect = QRect(Margin, y, width, fm.height());
    y += fm.height() + Margin;

    // The legend flows in rows; each item is a swatch, the state's name and its count.
    m_legend.clear();
    int x = Margin;
    const int rowHeight = std::max(fm.height(), LegendSwatch);
    for (State s : LegendOrder) {
        const QString text =
            QStringLiteral("%1 %2").arg(AddressMapData::stateName(s)).arg(m_totals[size_t(s)]);
        const int w = LegendSwatch + 6 + fm.horizontalAdvance(text);
        if (x > Margin && x + w > Margin + width) {
            x = Margin;
            y += rowHeight + 4;
        }
        m_legend.append({s, QRect(x, y, w, rowHeight)});
        x += w + LegendSpacing;
    }
    y += rowHeight + Margin;

    // The gutter fits the widest row label, the one of the last address on screen.
    const AddressRange shown = m_geometry.visibleRange();
    const QString widest = rowLabel(shown, shown.end);
    m_gutter = widest.isEmpty() ? 0 : fm.horizontalAdvance(widest) + 6;
    m_geometry.setArea(QRect(Margin + m_gutter, y, std::max(1, width - m_gutter),
                             std::max(0, height() - y - Margin)));
}

void AddressMapView::refreshCells()
{
    m_cellCounts.clear();
    m_hovered.reset();
    if (!m_geometry.isAggregated())
        return;
    const int n = m_geometry.cellCount();
    m_cellCounts.reserve(n);
    for (int i = 0; i < n; ++i)
        m_cellCounts.append(m_data.countsIn(m_geometry.addressesOf(i)));
}

QSize AddressMapView::minimumSizeHint() const
{
    const QSize grid = m_geometry.minimumAreaSize();
    const QFontMetrics fm(font());
    return QSize(std::max(grid.width(), 260) + 2 * Margin,
                 grid.height() + 4 * fm.height() + 5 * Margin);
}

QSize AddressMapView::sizeHint() const
{
    const QFontMetrics fm(font());
    const int columns =
        std::min(AddressMapGeometry::PreferredColumns, std::max(1, m_geometry.cellCount()));
    const int rows = (std::max(1, m_geometry.cellCount()) + columns - 1) / columns;
    const int pitch = 22;
    return QSize(std::max(columns * pitch + 40, 720) + 2 * Margin,
                 rows * pitch + 4 * fm.height() + 5 * Margin);
}

void AddressMapView::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    relayout();
}

void AddressMapView::paintHeader(QPainter &p) const
{
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.setPen(palette().color(QPalette::Text));
    const int backWidth = m_back->isVisible() ? m_back->width() + Margin : 0;
    p.drawText(m_titleRect.adjusted(0, 0, -backWidth, 0), Qt::AlignLeft | Qt::AlignVCenter,
               QFontMetrics(bold).elidedText(headerTitle(), Qt::ElideRight,
                                             m_titleRect.width() - backWidth));
    p.setFont(font());
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(m_detailRect, Qt::AlignLeft | Qt::AlignVCenter,
               fontMetrics().elidedText(headerDetail(), Qt::ElideRight, m_detailRect.width()));

    p.setPen(palette().color(QPalette::Text));
    for (const LegendItem &item : m_legend) {
        const QRect swatch(item.rect.left(),
                           item.rect.top() + (item.rect.height() - LegendSwatch) / 2, LegendSwatch,
                           LegendSwatch);
        paintSwatch(p, swatch, item.state);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(item.rect.adjusted(LegendSwatch + 6, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter,
                   QStringLiteral("%1 %2")
                       .arg(AddressMapData::stateName(item.state))
                       .arg(m_totals[size_t(item.state)]));
    }
}

void AddressMapView::paintCell(QPainter &p, int index) const
{
    const QRect r = m_geometry.cellRect(index);
    if (!m_geometry.isAggregated()) {
        paintSwatch(p, r, m_data.stateOf(m_geometry.addressesOf(index).start));
        return;
    }
    // A block is a stack of its states, in use at the bottom: its filled height is its
    // utilisation, and a single conflict still gets a visible stripe.
    const AddressMapData::Counts &c = m_cellCounts.at(index);
    const quint64 total = m_geometry.addressesPerCell();
    std::array<int, AddressMapData::StateCount> heights{};
    int used = 0;
    for (State s : LegendOrder) {
        const quint64 n = c[size_t(s)];
        int h = int(n * quint64(r.height()) / total);
        if (n > 0 && h == 0)
            h = 1;
        heights[size_t(s)] = h;
        used += h;
    }
    // Rounding leftovers (or the minimum stripes) go to or come from the biggest share.
    const auto biggest =
        std::max_element(LegendOrder.begin(), LegendOrder.end(),
                         [&](State a, State b) { return c[size_t(a)] < c[size_t(b)]; });
    heights[size_t(*biggest)] += r.height() - used;
    int bottom = r.bottom() + 1;
    for (State s : LegendOrder) {
        const int h = heights[size_t(s)];
        if (h <= 0)
            continue;
        const QRect stripe(r.left(), bottom - h, r.width(), h);
        p.fillRect(stripe, stateColor(s));
        if (s == State::Excluded)
            p.fillRect(stripe, QBrush(stateColor(s).darker(135), Qt::BDiagPattern));
        bottom -= h;
    }
    p.setPen(stateColor(State::Free).darker(150));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r.adjusted(0, 0, -1, -1));
    // Conflicts are rare and urgent: a corner mark so they are found without hovering.
    if (c[size_t(State::Conflict)] > 0 && r.width() >= 10) {
        const int m = std::max(5, r.width() / 2);
        const QPoint tr = r.topRight();
        const QPolygon corner({tr + QPoint(1, 0), tr + QPoint(1 - m, 0), tr + QPoint(1, m)});
        p.setPen(Qt::NoPen);
        p.setBrush(stateColor(State::Conflict));
        p.drawPolygon(corner);
    }
}

void AddressMapView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    paintHeader(p);
    const int n = m_geometry.cellCount();
    for (int i = 0; i < n; ++i)
        paintCell(p, i);
    if (m_gutter > 0 && n > 0) {
        // Label every row the text fits beside: every other one for the smallest cells.
        const int pitch = m_geometry.cellPitch();
        const int step = (fontMetrics().height() + pitch - 1) / pitch;
        const AddressRange shown = m_geometry.visibleRange();
        p.setPen(palette().color(QPalette::PlaceholderText));
        for (int row = 0; row < m_geometry.rows(); row += step) {
            const QRect cell = m_geometry.cellRect(row * m_geometry.columns());
            const QRect label(Margin, cell.center().y() - fontMetrics().height() / 2, m_gutter - 6,
                              fontMetrics().height());
            p.drawText(label, Qt::AlignRight | Qt::AlignVCenter,
                       rowLabel(shown, m_geometry.addressesOf(row * m_geometry.columns()).start));
        }
    }

    // The hovered cell gets a thin ring, the selected one a thick ring in the text colour,
    // which stands out against every fill of the palette.
    const QColor ring = palette().color(QPalette::Text);
    p.setBrush(Qt::NoBrush);
    if (m_hovered) {
        p.setPen(QPen(ring, 1));
        p.drawRect(m_geometry.cellRect(*m_hovered).adjusted(-1, -1, 0, 0));
    }
    if (m_selected) {
        if (const auto cell = m_geometry.cellOf(*m_selected)) {
            const QRect r = m_geometry.cellRect(*cell);
            p.setPen(QPen(ring, 2));
            p.drawRect(r.adjusted(-1, -1, 0, 0));
            p.setPen(QPen(palette().color(QPalette::Base), 1));
            p.drawRect(r.adjusted(1, 1, -2, -2));
        }
    }
}

QString AddressMapView::addressToolTip(Ipv4Address address) const
{
    const AddressMapData::Entry e = m_data.entryFor(address);
    QStringList lines;
    lines << QStringLiteral("%1 — %2").arg(addressText(address),
                                           AddressMapData::stateName(e.state));
    const bool held = e.state == State::Offered || e.state == State::Bound
        || e.state == State::Quarantined || e.state == State::Conflict
        || e.state == State::Reserved;
    const QString who = held ? QString() : tr("Last client ");
    if (!e.mac.isEmpty())
        lines << who + tr("MAC: %1").arg(macText(e.mac));
    if (!e.hostname.isEmpty())
        lines << who + tr("Hostname: %1").arg(e.hostname);
    if (e.expiry > 0) {
        lines << (e.state == State::Quarantined || e.state == State::Conflict
                      ? tr("Quarantined until: %1")
                      : tr("Expires: %1"))
                     .arg(when(e.expiry));
    }
    if (e.reserved && e.state != State::Reserved)
        lines << tr("Reserved for this client");
    if (e.state == State::Excluded && e.mac.isEmpty())
        lines << tr("Not handed out (outside the ranges, excluded, network or broadcast)");
    return lines.join(QLatin1Char('\n'));
}

QString AddressMapView::blockToolTip(int cell) const
{
    const AddressRange r = m_geometry.addressesOf(cell);
    const AddressMapData::Counts &c = m_cellCounts.at(cell);
    QStringList parts;
    for (State s : LegendOrder) {
        if (c[size_t(s)] > 0)
            parts << QStringLiteral("%1 %2").arg(AddressMapData::stateName(s)).arg(c[size_t(s)]);
    }
    return tr("%1 – %2 (%3 addresses)\n%4\nClick to zoom in")
        .arg(addressText(r.start), addressText(r.end))
        .arg(r.size())
        .arg(parts.join(QStringLiteral(", ")));
}

QString AddressMapView::toolTipAt(QPoint point) const
{
    const auto cell = m_geometry.cellAt(point);
    if (!cell)
        return {};
    if (m_geometry.isAggregated())
        return blockToolTip(*cell);
    return addressToolTip(m_geometry.addressesOf(*cell).start);
}

bool AddressMapView::event(QEvent *event)
{
    if (event->type() == QEvent::ToolTip) {
        auto *help = static_cast<QHelpEvent *>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            // Hostnames come from clients: convertFromPlainText escapes them, so a name like
            // "<img src=…>" is shown as typed instead of being rendered as markup.
            const auto cell = m_geometry.cellAt(help->pos());
            QToolTip::showText(help->globalPos(),
                               Qt::convertFromPlainText(text, Qt::WhiteSpaceNoWrap), this,
                               m_geometry.cellRect(*cell));
        }
        return true;
    }
    return QWidget::event(event);
}

void AddressMapView::zoomTo(int cell)
{
    if (m_geometry.zoomIn(cell)) {
        relayout();
        refreshCells();
        update();
        emit zoomChanged(m_geometry.zoomDepth());
    }
}

bool AddressMapView::zoomInto(Ipv4Address address)
{
    const auto cell = m_geometry.cellOf(address);
    if (!cell || !m_geometry.canZoomIn())
        return false;
    zoomTo(*cell);
    return true;
}

bool AddressMapView::zoomOut()
{
    if (!m_geometry.zoomOut())
        return false;
    relayout();
    refreshCells();
    update();
    emit zoomChanged(m_geometry.zoomDepth());
    return true;
}

void AddressMapView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::BackButton) {
        zoomOut();
        return;
    }
    if (event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    const auto cell = m_geometry.cellAt(event->position().toPoint());
    if (!cell)
        return;
    if (m_geometry.isAggregated()) {
        zoomTo(*cell);
        return;
    }
    const Ipv4Address address = m_geometry.addressesOf(*cell).start;
    m_selected = address;
    update();
    emit addressClicked(address);
}

void AddressMapView::mouseDoubleClickEvent(QMouseEvent *event)
{
    // The first click of the double click already zoomed into a block or selected an
    // address; a second zoom would skip a level the user has not seen.
    event->accept();
}

void AddressMapView::mouseMoveEvent(QMouseEvent *event)
{
    const auto cell = m_geometry.cellAt(event->position().toPoint());
    if (cell != m_hovered) {
        m_hovered = cell;
        setCursor(cell && m_geometry.isAggregated() ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
}

void AddressMapView::leaveEvent(QEvent *event)
{
    m_hovered.reset();
    update();
    QWidget::leaveEvent(event);
}

void AddressMapView::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Escape || event->key() == Qt::Key_Backspace)
        && m_geometry.canZoomOut()) {
        zoomOut();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace leasedesk
