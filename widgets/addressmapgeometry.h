#pragma once

#include "core/configuration.h"

#include <QPoint>
#include <QRect>

#include <optional>

namespace leasedesk {

// Where every cell of the address map sits, and which addresses it stands for. Kept apart
// from painting so that address ↔ pixel and hit tests are plain arithmetic with unit tests.
//
// The map shows a span of the subnet: at first the whole subnet, after zooming one block of
// it. A span of at most MaxDirectAddresses gets one cell per address; a bigger span is cut
// into blocks (256 blocks of 256 addresses for a /16, each block a /24), and zooming into a
// block shows its span the same way, so even a /8 is three clicks away from single
// addresses. All spans and blocks are powers of two aligned on their size, as subnets are.
class AddressMapGeometry
{
public:
    // The validator serves /8 to /30; /31 and /32 are still drawn (one or two cells) so that
    // a half-edited scope does not blank the map. Anything wider than /8 is refused.
    static constexpr int MinPrefixLength = 8;
    static constexpr quint64 MaxDirectAddresses = 1024;
    // A zoomed-out cell never stands for fewer addresses than a /24: each block is one
    // "third octet", which is how admins think of a /16.
    static constexpr quint64 MinBlockAddresses = 256;
    static constexpr int PreferredColumns = 32; // a row of a /24 is a /27
    static constexpr int MinCellSize = 10; // pitch in pixels; still a target for the mouse
    static constexpr int MaxCellSize = 30;

    AddressMapGeometry() = default;
    AddressMapGeometry(Ipv4Address network, int prefixLength, QRect area);

    bool isValid() const { return m_prefixLength >= MinPrefixLength && m_prefixLength <= 32; }
    Ipv4Address network() const { return Ipv4Address(m_network); }
    int prefixLength() const { return m_prefixLength; }

    // The pixels the grid may use; the grid starts at its top-left corner.
    QRect area() const { return m_area; }
    void setArea(QRect area);

    // The addresses on screen now, and how deep the zoom is (0: the whole subnet).
    AddressRange visibleRange() const;
    int zoomDepth() const { return m_depth; }
    bool isAggregated() const { return addressesPerCell() > 1; }
    quint64 addressesPerCell() const;

    int cellCount() const;
    int columns() const { return m_columns; }
    int rows() const;
    int cellPitch() const { return m_pitch; } // distance between neighbouring cells
    int cellGap() const { return m_pitch >= 16 ? 2 : 1; }
    QSize gridSize() const; // the pixels the whole grid covers, gaps included
    // The smallest area that shows the grid with cells of MinCellSize.
    QSize minimumAreaSize() const;

    // The painted square of a cell; empty for an index out of range.
    QRect cellRect(int index) const;
    // The cell under a point. The gap after a cell belongs to it, so the pointer never falls
    // between two cells; nothing outside the grid or past the last cell.
    std::optional<int> cellAt(QPoint point) const;
    // The addresses a cell stands for (start == end when not aggregated).
    AddressRange addressesOf(int index) const;
    // The cell showing an address; nothing when the address is not on screen.
    std::optional<int> cellOf(Ipv4Address address) const;

    // Zooming in shows the block's addresses; it does nothing (false) on a single address or
    // an index out of range. Zooming out goes back one level; false at the whole subnet.
    bool canZoomIn() const { return isAggregated(); }
    bool zoomIn(int index);
    bool canZoomOut() const { return m_depth > 0; }
    bool zoomOut();
    // Back to the whole subnet.
    void resetZoom();

    bool operator==(const AddressMapGeometry &) const = default;

private:
    quint64 spanSize() const; // addresses on screen
    static quint64 blockSizeFor(quint64 span);
    void relayout();

    quint32 m_network = 0;
    int m_prefixLength = -1;
    QRect m_area;
    int m_depth = 0;
    quint32 m_spanStart = 0;
    int m_columns = 0;
    int m_pitch = MinCellSize;
};

} // namespace leasedesk
