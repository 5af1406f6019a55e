#include "widgets/leasehistorymodel.h"

#include "core/configuration.h"
#include "widgets/leasetablemodel.h"

#include <QTextDocument>

namespace leasedesk {

LeaseHistoryModel::LeaseHistoryModel(QObject *parent) : QAbstractTableModel(parent)
{ }

void LeaseHistoryModel::setHistory(const HistoryQuery &query,
                                   const QList<LeaseHistoryEntry> &entries)
{
    beginResetModel();
    m_query = query;
    m_entries = entries;
    endResetModel();
}

void LeaseHistoryModel::clear()
{
    setHistory({}, {});
}

LeaseHistoryEntry LeaseHistoryModel::entryAt(int row) const
{
    return row >= 0 && row < m_entries.size() ? m_entries[row] : LeaseHistoryEntry{};
}

QString LeaseHistoryModel::subject(const HistoryQuery &query)
{
    const QString ip = QString::fromStdString(query.address.toString());
    const QString mac = formatMac(query.mac);
    if (!query.address.isZero() && !query.mac.isEmpty())
        return tr("%1 and %2").arg(ip, mac);
    if (!query.address.isZero())
        return ip;
    if (!query.mac.isEmpty())
        return mac;
    return tr("every address");
}

QString LeaseHistoryModel::title(const HistoryQuery &query, qsizetype count)
{
    const QString what = subject(query);
    if (count == 0)
        return tr("History of %1 — no entries").arg(what);
    if (count == 1)
        return tr("History of %1 — 1 entry").arg(what);
    // The engine stops at the limit: saying "latest" keeps the count from reading as "all".
    if (query.limit > 0 && count >= query.limit)
        return tr("History of %1 — latest %2 entries").arg(what).arg(count);
    return tr("History of %1 — %2 entries").arg(what).arg(count);
}

QString LeaseHistoryModel::changeText(const LeaseHistoryEntry &entry)
{
    const QString from = entry.from ? leaseStateName(*entry.from) : tr("new");
    return tr("%1 → %2").arg(from, leaseStateName(entry.to));
}

int LeaseHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LeaseHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString LeaseHistoryModel::displayText(const LeaseHistoryEntry &e, int column) const
{
    switch (Column(column)) {
    case Time: return e.when ? LeaseTableModel::formatAbsolute(e.when) : QString();
    case Address: return QString::fromStdString(e.address.toString());
    case HardwareAddress:
        // A client known only by its client-id still deserves a name in the table.
        if (e.hardwareAddress.isEmpty() && !e.clientId.isEmpty())
            return tr("id %1").arg(formatMac(e.clientId));
        return formatMac(e.hardwareAddress);
    case Change: return changeText(e);
    case Reason: return e.reason;
    case ColumnCount: break;
    }
    return {};
}

QVariant LeaseHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LeaseHistoryEntry &e = m_entries[index.row()];
    switch (role) {
    case Qt::DisplayRole: return displayText(e, index.column());
    case Qt::ToolTipRole:
        // A reason may quote a client's DHCPDECLINE message; escaping it keeps a tooltip
        // (rich text when it looks like HTML) showing the client's words literally.
        if (index.column() == Reason && !e.reason.isEmpty())
            return Qt::convertFromPlainText(e.reason);
        return {};
    case Qt::BackgroundRole:
        // Only the change cell is tinted: the state it ends in, as the lease table shows it.
        if (index.column() == Change)
            return LeaseTableModel::stateBackground(e.to);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Change)
            return LeaseTableModel::stateForeground(e.to);
        return {};
    default: return {};
    }
}

QVariant LeaseHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Time: return tr("Time");
    case Address: return tr("Address");
    case HardwareAddress: return tr("MAC");
    case Change: return tr("Change");
    case Reason: return tr("Reason");
    case ColumnCount: break;
    }
    return {};
}

} // namespace leasedesk
