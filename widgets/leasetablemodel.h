#pragma once

#include "core/lease.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QHash>
#include <QList>

#include <functional>

namespace leasedesk {

// Every lease the engine knows, one row per address. Holds plain Lease values and builds
// text only in data(), so a batch from EngineController::leasesChanged costs a hash lookup
// per lease and a handful of signals, never a reset (design.md: the live path).
class LeaseTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Address, HardwareAddress, Hostname, Label, State, Expires, Scope, ColumnCount };
    enum Role {
        // Raw values to sort by: the address as a number (198.18.0.9 before 198.18.0.10),
        // expiry as Unix seconds, state as its enum order, text lowered.
        SortRole = Qt::UserRole + 1,
        LeaseRole, // the whole Lease
    };
    using Clock = std::function<qint64()>; // Unix seconds

    explicit LeaseTableModel(QObject *parent = nullptr);

    // Replaces everything (start-up, reconnect): one reset.
    void setLeases(const QList<Lease> &leases);
    // Upserts by address: changed rows get dataChanged (one per run of adjacent rows), new
    // addresses are appended with a single beginInsertRows. The last lease of an address in
    // the batch wins.
    void applyChanges(const QList<Lease> &leases);
    // Sweeps delete leases; leasesChanged does not carry those, so the owner passes them on.
    void removeLeases(const QList<Ipv4Address> &addresses);
    // Friendly names per 6-octet MAC, shown in the Label column.
    void setDeviceLabels(const QHash<QByteArray, QString> &labels);

    // Relative expiry text is measured against this clock (default: the system time).
    void setClock(Clock clock);
    // A fixed "now", for tests and screenshots.
    void setNow(qint64 now);
    // Re-reads the clock: the view calls it on a timer so "in 42 min" keeps counting down.
    void refreshTimes();

    Lease leaseAt(int row) const;
    int rowOf(Ipv4Address address) const; // -1 when absent
    QList<Lease> leases() const { return m_leases; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Shared with the other lease-like models so a state looks the same everywhere. Pale
    // backgrounds under dark text keep the contrast readable in light and dark themes alike.
    static QColor stateBackground(LeaseState state);
    static QColor stateForeground(LeaseState state);
    // "45 s", "42 min", "3 h 5 min", "2 d 4 h".
    static QString formatDuration(qint64 seconds);
    // "in 42 min", "3 h ago"; empty when `when` is 0 (not set).
    static QString formatRelative(qint64 when, qint64 now);
    // Local date and time, for tooltips: "2024-05-01 12:00:00".
    static QString formatAbsolute(qint64 when);

private:
    void reindex();

    QList<Lease> m_leases;
    QHash<quint32, int> m_rowOf; // address → row, kept in step with m_leases
    QHash<QByteArray, QString> m_labels;
    Clock m_clock;
};

} // namespace leasedesk
