#pragma once

#include "core/lease.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace leasedesk {

// A machine that had an address from LeaseDesk and holds none now (issue 8, "past
// clients"): what it had last, when, and how it ended.
struct PastClient
{
    QByteArray mac;
    Ipv4Address lastAddress;
    LeaseState lastState = LeaseState::Released;
    QString lastReason;
    qint64 lastSeen = 0; // Unix seconds of its newest history entry
    qint64 firstSeen = 0; // of its oldest entry in the history read
    int addresses = 0; // distinct addresses it had

    bool operator==(const PastClient &) const = default;
};

// Past clients from a history read newest first: every MAC in it that holds no offer or
// binding in `current` (the engine's leases as of now), newest first.
QList<PastClient> pastClients(const QList<LeaseHistoryEntry> &newestFirst,
                              const QList<Lease> &current, qint64 nowS);

// The past clients as a table for the History tab; a new list replaces the old (one reset).
class PastClientModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Mac, Name, LastAddress, LastState, LastSeen, FirstSeen, Addresses, ColumnCount };

    explicit PastClientModel(QObject *parent = nullptr);

    void setClients(const QList<PastClient> &clients);
    void setDeviceLabels(const QHash<QByteArray, QString> &labels);
    PastClient clientAt(int row) const { return m_clients.value(row); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<PastClient> m_clients;
    QHash<QByteArray, QString> m_labels;
};

} // namespace leasedesk
