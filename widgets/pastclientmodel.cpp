#include "widgets/pastclientmodel.h"

#include "core/allocationengine.h"
#include "core/configuration.h"

#include <QDateTime>
#include <QSet>

namespace leasedesk {

QList<PastClient> pastClients(const QList<LeaseHistoryEntry> &newestFirst,
                              const QList<Lease> &current, qint64 nowS)
{
    QSet<QByteArray> holding;
    for (const Lease &lease : current) {
        const auto state = AllocationEngine::effectiveState(lease, nowS);
        if (state == LeaseState::Offered || state == LeaseState::Bound)
            holding.insert(lease.hardwareAddress);
    }
    QList<PastClient> out;
    QHash<QByteArray, qsizetype> index;
    QHash<QByteArray, QSet<quint32>> addresses;
    for (const LeaseHistoryEntry &e : newestFirst) {
        if (e.hardwareAddress.isEmpty() || holding.contains(e.hardwareAddress))
            continue;
        auto it = index.constFind(e.hardwareAddress);
        if (it == index.constEnd()) {
            PastClient c;
            c.mac = e.hardwareAddress;
            c.lastAddress = e.address;
            c.lastState = e.to;
            c.lastReason = e.reason;
            c.lastSeen = e.when;
            it = index.insert(e.hardwareAddress, out.size());
            out.append(c);
        }
        PastClient &c = out[*it];
        c.firstSeen = e.when; // read newest first: the last one seen is the oldest
        addresses[e.hardwareAddress].insert(e.address.toUint32());
    }
    for (PastClient &c : out)
        c.addresses = int(addresses.value(c.mac).size());
    return out;
}

PastClientModel::PastClientModel(QObject *parent) : QAbstractTableModel(parent)
{ }

void PastClientModel::setClients(const QList<PastClient> &clients)
{
    beginResetModel();
    m_clients = clients;
    endResetModel();
}

void PastClientModel::setDeviceLabels(const QHash<QByteArray, QString> &labels)
{
    m_labels = labels;
    if (!m_clients.isEmpty())
        emit dataChanged(index(0, Name), index(rowCount() - 1, Name));
}

int PastClientModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_clients.size());
}

int PastClientModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PastClientModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const PastClient &c = m_clients[index.row()];
    const auto time = [](qint64 s) {
        return QDateTime::fromSecsSinceEpoch(s).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    };
    if (role == Qt::ToolTipRole && index.column() == LastState)
        return c.lastReason;
    if (role == Qt::UserRole) // sorting: times and counts as numbers
        switch (index.column()) {
        case LastSeen: return c.lastSeen;
        case FirstSeen: return c.firstSeen;
        case Addresses: return c.addresses;
        case LastAddress: return c.lastAddress.toUint32();
        default: break;
        }
    if (role != Qt::DisplayRole && role != Qt::UserRole)
        return {};
    switch (index.column()) {
    case Mac: return formatMac(c.mac);
    case Name: return m_labels.value(c.mac);
    case LastAddress: return QString::fromStdString(c.lastAddress.toString());
    case LastState: return leaseStateName(c.lastState);
    case LastSeen: return time(c.lastSeen);
    case FirstSeen: return time(c.firstSeen);
    case Addresses: return c.addresses;
    }
    return {};
}

QVariant PastClientModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Mac: return tr("MAC");
    case Name: return tr("Name");
    case LastAddress: return tr("Last address");
    case LastState: return tr("How it ended");
    case LastSeen: return tr("Last seen");
    case FirstSeen: return tr("First seen");
    case Addresses: return tr("Addresses had");
    }
    return {};
}

} // namespace leasedesk
