#pragma once

#include "core/configuration.h"
#include "core/lease.h"
#include "widgets/addressmapgeometry.h"

#include <QByteArray>
#include <QColor>
#include <QList>
#include <QMap>
#include <QString>
#include <QWidget>

#include <array>
#include <optional>

class QPainter;
class QToolButton;

namespace leasedesk {

// What the address map shows, as a plain value: the scope's shape and the addresses that
// have something to say (a lease or a reservation). Every other address is free when a
// range offers it and excluded otherwise, so a /8 costs no more memory than its leases.
struct AddressMapData
{
    enum class State : quint8 { Free, Offered, Bound, Reserved, Excluded, Quarantined, Conflict };
    static constexpr int StateCount = 7;
    using Counts = std::array<quint64, StateCount>;

    struct Entry
    {
        State state = State::Free;
        QByteArray mac; // the lease's client, or the reservation's first MAC
        QString hostname; // as the client sent it: plain text, never markup
        qint64 expiry = 0; // Unix seconds; 0: none (reservations, free addresses)
        bool reserved = false; // a reservation exists, whatever the state shows
        bool operator==(const Entry &) const = default;
    };

    QString scopeName;
    Ipv4Address network;
    int prefixLength = 24;
    QList<AddressRange> ranges;
    QList<AddressRange> exclusions;
    QMap<quint32, Entry> entries; // by address (host order)

    // Leases of other subnets are ignored. Offered and Bound leases show as such, Declined as
    // Quarantined, Conflict as Conflict; Released and Expired ones leave the address free
    // (or reserved) but remember the last client for the tooltip. Enabled reservations show
    // as Reserved unless a lease holds the address.
    static AddressMapData fromScope(const Scope &scope, const QList<Lease> &leases);

    // Any address of the subnet, with or without an entry.
    Entry entryFor(Ipv4Address address) const;
    State stateOf(Ipv4Address address) const { return entryFor(address).state; }
    // How many addresses of a range are in each state (indexed by State).
    Counts countsIn(const AddressRange &range) const;
    AddressRange subnet() const;

    static QString stateName(State state); // "Bound", for the legend and tooltips
    bool operator==(const AddressMapData &) const = default;

private:
    State baseState(quint32 address) const;
    // The addresses a range could hand out: ranges minus exclusions, network and broadcast.
    QList<AddressRange> pool() const;
};

// The scope's subnet as cells coloured by state, with a legend that names every colour and
// counts it. A /24 shows one cell per address; a /16 shows blocks of 256 coloured by their
// mix of states; clicking a block zooms into it, Escape (or Back) zooms out. Hovering shows
// what is known of an address, clicking one emits addressClicked.
class AddressMapView : public QWidget
{
    Q_OBJECT
public:
    explicit AddressMapView(QWidget *parent = nullptr);

    void setData(const AddressMapData &data);
    const AddressMapData &data() const { return m_data; }
    const AddressMapGeometry &mapGeometry() const { return m_geometry; }

    // The fixed palette: the same colour for a state everywhere in the application.
    static QColor stateColor(AddressMapData::State state);

    // The tooltip for a point of the widget (plain text; empty outside the grid).
    QString toolTipAt(QPoint point) const;
    std::optional<Ipv4Address> selectedAddress() const { return m_selected; }
    void setSelectedAddress(std::optional<Ipv4Address> address);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

public slots:
    // Zoom into the block showing an address; false when it is already a single address.
    bool zoomInto(leasedesk::Ipv4Address address);
    bool zoomOut();

signals:
    void addressClicked(leasedesk::Ipv4Address address);
    void zoomChanged(int depth);

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void leaveEvent(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    struct LegendItem
    {
        AddressMapData::State state;
        QRect rect; // swatch and text
    };

    void relayout();
    void refreshCells();
    void paintHeader(QPainter &p) const;
    void paintCell(QPainter &p, int index) const;
    void zoomTo(int cell);
    QString headerTitle() const;
    QString headerDetail() const;
    QString blockToolTip(int cell) const;
    QString addressToolTip(Ipv4Address address) const;

    AddressMapData m_data;
    AddressMapGeometry m_geometry;
    QList<AddressMapData::Counts> m_cellCounts; // per cell, for aggregated cells
    AddressMapData::Counts m_totals{};
    QList<LegendItem> m_legend;
    QRect m_titleRect;
    QRect m_detailRect;
    int m_gutter = 0; // row labels left of the grid
    QToolButton *m_back = nullptr;
    std::optional<Ipv4Address> m_selected;
    std::optional<int> m_hovered;
};

} // namespace leasedesk
