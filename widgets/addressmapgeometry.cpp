#include "widgets/addressmapgeometry.h"

#include <algorithm>

namespace leasedesk {

AddressMapGeometry::AddressMapGeometry(Ipv4Address network, int prefixLength, QRect area)
    : m_prefixLength(prefixLength), m_area(area)
{
    if (isValid()) {
        // A host address with its prefix ("198.18.1.7/24") means its subnet.
        const quint32 mask = m_prefixLength == 0 ? 0 : ~quint32(0) << (32 - m_prefixLength);
        m_network = network.toUint32() & mask;
        m_spanStart = m_network;
    }
    relayout();
}

void AddressMapGeometry::setArea(QRect area)
{
    m_area = area;
    relayout();
}

quint64 AddressMapGeometry::blockSizeFor(quint64 span)
{
    if (span <= MaxDirectAddresses)
        return 1;
    return std::max<quint64>(MinBlockAddresses, span / 256);
}

quint64 AddressMapGeometry::spanSize() const
{
    if (!isValid())
        return 0;
    quint64 span = quint64(1) << (32 - m_prefixLength);
    for (int level = 0; level < m_depth; ++level)
        span = blockSizeFor(span);
    return span;
}

quint64 AddressMapGeometry::addressesPerCell() const
{
    return isValid() ? blockSizeFor(spanSize()) : 0;
}

AddressRange AddressMapGeometry::visibleRange() const
{
    if (!isValid())
        return {};
    return {Ipv4Address(m_spanStart), Ipv4Address(quint32(m_spanStart + spanSize() - 1))};
}

int AddressMapGeometry::cellCount() const
{
    return isValid() ? int(spanSize() / addressesPerCell()) : 0;
}

int AddressMapGeometry::rows() const
{
    return m_columns == 0 ? 0 : (cellCount() + m_columns - 1) / m_columns;
}

void AddressMapGeometry::relayout()
{
    const int count = cellCount();
    if (count == 0) {
        m_columns = 0;
        m_pitch = MinCellSize;
        return;
    }
    m_columns = std::min(PreferredColumns, count);
    // A narrow widget gets fewer, taller columns rather than cells too small to hit; the cell
    // counts are powers of two, so halving keeps every row full.
    if (m_area.width() > 0) {
        while (m_columns > 1 && m_area.width() / m_columns < MinCellSize)
            m_columns /= 2;
    }
    int pitch = m_area.width() > 0 ? m_area.width() / m_columns : MinCellSize;
    if (m_area.height() > 0)
        pitch = std::min(pitch, m_area.height() / rows());
    m_pitch = std::clamp(pitch, MinCellSize, MaxCellSize);
}

QSize AddressMapGeometry::gridSize() const
{
    return QSize(m_columns * m_pitch, rows() * m_pitch);
}

QSize AddressMapGeometry::minimumAreaSize() const
{
    const int count = cellCount();
    const int columns = std::min(PreferredColumns, count);
    return columns == 0
        ? QSize()
        : QSize(columns * MinCellSize, (count + columns - 1) / columns * MinCellSize);
}

QRect AddressMapGeometry::cellRect(int index) const
{
    if (index < 0 || index >= cellCount())
        return {};
    const int side = m_pitch - cellGap();
    return QRect(m_area.left() + index % m_columns * m_pitch,
                 m_area.top() + index / m_columns * m_pitch, side, side);
}

std::optional<int> AddressMapGeometry::cellAt(QPoint point) const
{
    if (cellCount() == 0)
        return std::nullopt;
    const int x = point.x() - m_area.left();
    const int y = point.y() - m_area.top();
    if (x < 0 || y < 0)
        return std::nullopt;
    const int column = x / m_pitch;
    const int row = y / m_pitch;
    if (column >= m_columns)
        return std::nullopt;
    const int index = row * m_columns + column;
    if (index >= cellCount())
        return std::nullopt;
    return index;
}

AddressRange AddressMapGeometry::addressesOf(int index) const
{
    if (index < 0 || index >= cellCount())
        return {};
    const quint64 per = addressesPerCell();
    const quint64 first = m_spanStart + quint64(index) * per;
    return {Ipv4Address(quint32(first)), Ipv4Address(quint32(first + per - 1))};
}

std::optional<int> AddressMapGeometry::cellOf(Ipv4Address address) const
{
    if (cellCount() == 0 || !visibleRange().contains(address))
        return std::nullopt;
    return int((address.toUint32() - m_spanStart) / addressesPerCell());
}

bool AddressMapGeometry::zoomIn(int index)
{
    if (!isAggregated() || index < 0 || index >= cellCount())
        return false;
    m_spanStart = addressesOf(index).start.toUint32();
    ++m_depth;
    relayout();
    return true;
}

bool AddressMapGeometry::zoomOut()
{
    if (m_depth == 0)
        return false;
    --m_depth;
    // Spans are aligned on their size, so the parent span starts at the address rounded down.
    const quint64 span = spanSize();
    m_spanStart = quint32(m_spanStart - (m_spanStart - m_network) % span);
    relayout();
    return true;
}

void AddressMapGeometry::resetZoom()
{
    m_depth = 0;
    m_spanStart = m_network;
    relayout();
}

} // namespace leasedesk
