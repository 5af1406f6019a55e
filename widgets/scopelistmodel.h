#pragma once

#include "core/configuration.h"
#include "core/lease.h"

#include <QAbstractTableModel>
#include <QList>

namespace leasedesk {

// The console's scope list: one row per scope with its subnet, how full its dynamic pool is
// and whether it serves. Utilisation is counted here from plain leases rather than asked of
// the engine, so the list stays in step with the lease table that the same batch updated.
class ScopeListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Subnet, Utilisation, State, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // utilisation as a fraction, the rest as text
        ScopeNameRole,
    };

    // Addresses the pool could hand out and how many of them are offered or bound.
    struct Usage
    {
        quint64 inUse = 0;
        quint64 dynamic = 0;
        int percent() const; // rounded; 0 for an empty pool
        bool operator==(const Usage &) const = default;
    };

    explicit ScopeListModel(QObject *parent = nullptr);

    // A new configuration is a new list (scopes come and go): one reset. The usage is
    // recounted from the leases last given.
    void setScopes(const QList<Scope> &scopes);
    // Recounts every scope; only the utilisation column changes, so views keep selection.
    void setLeases(const QList<Lease> &leases);

    Scope scopeAt(int row) const;
    int rowOf(const QString &name) const; // -1 when absent
    Usage usageAt(int row) const;

    // Addresses of the ranges minus exclusions, network and broadcast: what automatic
    // allocation may give out (reservations outside the ranges do not count).
    static quint64 dynamicSize(const Scope &scope);
    static bool isDynamic(const Scope &scope, Ipv4Address address);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    void recount();

    QList<Scope> m_scopes;
    QList<Usage> m_usage; // per row
    QList<Lease> m_leases;
};

} // namespace leasedesk
