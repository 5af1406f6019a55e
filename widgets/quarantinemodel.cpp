#include "widgets/quarantinemodel.h"

#include "core/configuration.h"
#include "widgets/leasetablemodel.h"

#include <QHash>
#include <QTextDocument>

#include <algorithm>

namespace leasedesk {

namespace {

bool isQuarantine(LeaseState s)
{
    return s == LeaseState::Declined || s == LeaseState::Conflict;
}

} // namespace

QuarantineModel::QuarantineModel(QObject *parent) : QAbstractTableModel(parent)
{ }

void QuarantineModel::setLeases(const QList<Lease> &leases)
{
    beginResetModel();
    m_leases.clear();
    for (const Lease &l : leases)
        if (isQuarantine(l.state))
            m_leases.append(l);
    endResetModel();
}

void QuarantineModel::applyChanges(const QList<Lease> &leases)
{
    // The quarantine list stays short (the engine bounds it), so a scan per lease is cheaper
    // than keeping an index in step through removals.
    const auto rowOf = [this](Ipv4Address a) {
        for (int row = 0; row < m_leases.size(); ++row)
            if (m_leases[row].address == a)
                return row;
        return -1;
    };
    QList<int> gone;
    QList<Lease> added;
    for (const Lease &l : leases) {
        const int row = rowOf(l.address);
        const auto pending = std::find_if(added.begin(), added.end(),
                                          [&](const Lease &a) { return a.address == l.address; });
        if (pending != added.end()) {
            if (isQuarantine(l.state))
                *pending = l;
            else
                added.erase(pending);
        } else if (row < 0) {
            if (isQuarantine(l.state))
                added.append(l);
        } else if (!isQuarantine(l.state)) {
            gone.append(row);
        } else {
            gone.removeAll(row); // left and came back within the batch: it stays
            if (m_leases[row] != l) {
                m_leases[row] = l;
                emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
            }
        }
    }
    std::sort(gone.begin(), gone.end());
    gone.erase(std::unique(gone.begin(), gone.end()), gone.end());
    for (qsizetype j = gone.size() - 1; j >= 0;) {
        qsizetype i = j;
        while (i > 0 && gone[i - 1] == gone[i] - 1)
            --i;
        beginRemoveRows({}, gone[i], gone[j]);
        m_leases.remove(gone[i], gone[j] - gone[i] + 1);
        endRemoveRows();
        j = i - 1;
    }
    if (added.isEmpty())
        return;
    const int first = int(m_leases.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    m_leases.append(added);
    endInsertRows();
}

Lease QuarantineModel::leaseAt(int row) const
{
    return row >= 0 && row < m_leases.size() ? m_leases[row] : Lease{};
}

QString QuarantineModel::methodFromDetail(const QString &detail)
{
    // The wording comes from Server (servernetwork.cpp, server.cpp); the tests pin it.
    if (detail.contains(QLatin1String("answered ICMP echo")))
        return tr("ICMP echo");
    if (detail.contains(QLatin1String("answered ARP")))
        return tr("ARP reply");
    if (detail.contains(QLatin1String("(ARP claim)")))
        return tr("ARP claim");
    if (detail.startsWith(QLatin1String("declined by ")))
        return tr("DHCPDECLINE");
    return {};
}

int QuarantineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_leases.size());
}

int QuarantineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QuarantineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Lease &l = m_leases[index.row()];
    // Conflict leases carry the squatter's MAC; a Declined lease carries the decliner's,
    // which is not the machine using the address, so that one is left blank.
    const QByteArray squatter = l.state == LeaseState::Conflict ? l.hardwareAddress : QByteArray();
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Address: return QString::fromStdString(l.address.toString());
        case State: return leaseStateName(l.state);
        case Method: return methodFromDetail(l.detail);
        case Squatter: return formatMac(squatter);
        case Since: return l.start ? LeaseTableModel::formatAbsolute(l.start) : QString();
        case Until: return l.end ? LeaseTableModel::formatAbsolute(l.end) : QString();
        case Detail: return l.detail;
        case ColumnCount: break;
        }
        break;
    case Qt::ToolTipRole:
        // The detail may quote a client's DHCPDECLINE message: escaped, never rich text.
        if (column == Detail && !l.detail.isEmpty())
            return Qt::convertFromPlainText(l.detail);
        break;
    case Qt::ForegroundRole: return LeaseTableModel::stateForeground(l.state);
    case Qt::BackgroundRole: return LeaseTableModel::stateBackground(l.state);
    case SortRole:
        switch (column) {
        case Address: return l.address.toUint32();
        case Since: return l.start;
        case Until: return l.end;
        default: return data(index, Qt::DisplayRole).toString().toLower();
        }
    case LeaseRole: return QVariant::fromValue(l);
    default: break;
    }
    return {};
}

QVariant QuarantineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Address: return tr("Address");
    case State: return tr("State");
    case Method: return tr("Found by");
    case Squatter: return tr("Used by MAC");
    case Since: return tr("Since");
    case Until: return tr("Until");
    case Detail: return tr("Detail");
    case ColumnCount: break;
    }
    return {};
}

void QuarantineModel::reclaim(int row)
{
    if (row >= 0 && row < m_leases.size())
        emit reclaimRequested(m_leases[row].address);
}

} // namespace leasedesk
