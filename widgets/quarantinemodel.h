#pragma once

#include "core/lease.h"

#include <QAbstractTableModel>
#include <QList>

namespace leasedesk {

// Addresses kept out of use: declined by a client (DHCPDECLINE) or found in use by a probe or
// an ARP claim. Fed with EngineController::networkStateListed()'s quarantine list, then kept
// current from leasesChanged(): a lease that leaves quarantine (reclaimed, or re-used after
// the quarantine ended) leaves the list. The reclaim action goes out through
// reclaimRequested(), which the owner connects to EngineController::reclaim.
class QuarantineModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Address, State, Method, Squatter, Since, Until, Detail, ColumnCount };
    enum Role { SortRole = Qt::UserRole + 1, LeaseRole };

    explicit QuarantineModel(QObject *parent = nullptr);

    // Leases in other states are left out.
    void setLeases(const QList<Lease> &leases);
    // Upserts quarantined leases and drops the addresses whose lease is no longer
    // quarantined, with one signal per run of rows.
    void applyChanges(const QList<Lease> &leases);
    Lease leaseAt(int row) const;

    // How the conflict was found, from the engine's detail text: "ICMP echo", "ARP reply",
    // "ARP claim", "DHCPDECLINE"; empty when the text says nothing known.
    static QString methodFromDetail(const QString &detail);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

public slots:
    // Asks for the row's address to be taken out of quarantine.
    void reclaim(int row);

signals:
    void reclaimRequested(leasedesk::Ipv4Address address);

private:
    QList<Lease> m_leases;
};

} // namespace leasedesk
