#pragma once

#include "engine/packetevent.h"

#include <QAbstractTableModel>
#include <QColor>

#include <deque>

namespace leasedesk {

// The live packet list, as Wireshark's: one row per PacketEvent, oldest first. A batch from
// the tap is appended with one beginInsertRows; display strings are built only in data(), for
// the rows a view paints (design.md: the live path). The list is capped: past `capacity` the
// oldest rows go, with one beginRemoveRows per batch, so a flood never grows memory.
class PacketListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Number, // the tap's serial: gaps are packets the tap dropped
        Time,
        Direction, // "◂" received, "▸" sent, "test ▸" for the console's test client
        Interface,
        Type,
        Xid,
        Mac,
        Ciaddr,
        Yiaddr,
        Giaddr,
        Scope,
        // Not "Verdict": that name is the enum below.
        VerdictColumn,
        ColumnCount
    };
    enum Role {
        EventRole = Qt::UserRole + 1, // QVariant::fromValue(PacketEvent)
        SerialRole, // quint64
        VerdictRole, // int(PacketListModel::Verdict)
    };
    // What became of a packet. Received packets take Decision::Outcome's; sent ones are Sent
    // or NotSent. Test traffic keeps its verdict: the Direction column says it is a test.
    enum class Verdict : quint8 {
        Answered, // a reply was decided (OFFER, ACK, NAK)
        Silent, // handled, nothing to send (RELEASE, DECLINE, another server chosen)
        Ignored, // not for us or not allowed
        Malformed, // not a usable DHCP message
        Probing, // the reply waits for a conflict probe
        Sent, // a reply left
        NotSent, // a reply that could not leave
    };
    Q_ENUM(Verdict)

    explicit PacketListModel(qsizetype capacity = 50'000, QObject *parent = nullptr);

    void clear(); // one reset; droppedFromView() starts again at 0
    qsizetype capacity() const { return m_capacity; }
    // At least 1. Shrinking below the row count removes the oldest rows at once.
    void setCapacity(qsizetype capacity);

    // Precondition: 0 <= row < rowCount().
    const PacketEvent &eventAt(int row) const { return m_events[std::size_t(row)]; }
    // -1 when the serial is not (or no longer) in the list. Binary search: serials increase.
    int rowOfSerial(quint64 serial) const;
    // Events that left the list, or never entered it, because of the cap (since clear()).
    quint64 droppedFromView() const { return m_dropped; }

    static Verdict verdictOf(const PacketEvent &event);
    static QString verdictName(Verdict verdict); // "ignored", "not sent"
    // The short word and the reason: "ignored: no scope for eth1". A reason that already
    // starts with the word ("not sent: …") is not repeated.
    static QString verdictText(const PacketEvent &event);
    // Ignored, malformed and not sent: what the "problems" filter keeps.
    static bool isProblem(Verdict verdict);
    // Row colours, shared with the other traffic views; invalid QColor means the default.
    static QColor verdictForeground(Verdict verdict);
    static QColor verdictBackground(Verdict verdict);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

public slots:
    // Appends in arrival order. Past the cap: one beginRemoveRows(0, n-1) for the oldest,
    // then one beginInsertRows for the batch; a batch larger than the cap keeps its newest.
    void appendEvents(const QList<PacketEvent> &events);

private:
    QVariant display(const PacketEvent &e, int column) const;
    QVariant toolTip(const PacketEvent &e, int column) const;
    void removeOldest(qsizetype count);

    // A deque: dropping the oldest rows costs their destruction only, never a move of the
    // 50,000 others, which matters at 20,000 packets/s.
    std::deque<PacketEvent> m_events;
    qsizetype m_capacity;
    quint64 m_dropped = 0;
};

} // namespace leasedesk
