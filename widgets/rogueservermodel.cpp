#include "widgets/rogueservermodel.h"

#include "widgets/leasetablemodel.h"

#include <QColor>
#include <QStringList>

namespace leasedesk {

namespace {

QString ipText(Ipv4Address a)
{
    return a.isZero() ? QString() : QString::fromStdString(a.toString());
}

QString dnsText(const QList<Ipv4Address> &dns)
{
    QStringList parts;
    for (Ipv4Address a : dns)
        parts.append(ipText(a));
    return parts.join(QStringLiteral(", "));
}

} // namespace

RogueServerModel::RogueServerModel(QObject *parent) : QAbstractTableModel(parent)
{ }

void RogueServerModel::setServers(const QList<RogueServer> &servers)
{
    beginResetModel();
    m_servers = servers;
    endResetModel();
}

void RogueServerModel::setOurSettings(const QHash<QString, QString> &byInterface)
{
    m_ours = byInterface;
    if (!m_servers.isEmpty())
        emit dataChanged(index(0, Ours), index(rowCount() - 1, Ours));
}

RogueServer RogueServerModel::serverAt(int row) const
{
    return row >= 0 && row < m_servers.size() ? m_servers[row] : RogueServer{};
}

int RogueServerModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_servers.size());
}

int RogueServerModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RogueServerModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RogueServer &s = m_servers[index.row()];
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Interface: return s.interfaceName;
        case ServerId: return ipText(s.serverId);
        case HardwareAddress: return formatMac(s.sourceMac);
        case Offers: return ipText(s.offered);
        case Router: return ipText(s.router);
        case Dns: return dnsText(s.dns);
        case LeaseTime:
            return s.leaseTime ? LeaseTableModel::formatDuration(s.leaseTime) : QString();
        case ResponseTime:
            // A passive sighting answered someone else's DISCOVER: there is no time of ours.
            return s.responseMs < 0 ? tr("seen on the wire") : tr("%1 ms").arg(s.responseMs);
        case Status: return s.allowed ? tr("known") : tr("rogue");
        case Ours: return m_ours.value(s.interfaceName);
        case ColumnCount: break;
        }
        break;
    case Qt::ToolTipRole:
        if (column == Status)
            return s.allowed ? tr("On the allow-list of known servers.")
                             : tr("Not on the allow-list: clients on %1 may take its offers.")
                                   .arg(s.interfaceName);
        break;
    case Qt::BackgroundRole:
        if (column == Status && !s.allowed)
            return LeaseTableModel::stateBackground(LeaseState::Conflict);
        break;
    case Qt::ForegroundRole:
        if (column == Status && !s.allowed)
            return LeaseTableModel::stateForeground(LeaseState::Conflict);
        break;
    case SortRole:
        switch (column) {
        case ServerId: return s.serverId.toUint32();
        case Offers: return s.offered.toUint32();
        case Router: return s.router.toUint32();
        case LeaseTime: return s.leaseTime;
        case ResponseTime: return s.responseMs;
        case HardwareAddress: return QString::fromLatin1(s.sourceMac.toHex());
        default: return data(index, Qt::DisplayRole).toString().toLower();
        }
    case ServerRole: return QVariant::fromValue(s);
    default: break;
    }
    return {};
}

QVariant RogueServerModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Interface: return tr("Interface");
    case ServerId: return tr("Server");
    case HardwareAddress: return tr("MAC");
    case Offers: return tr("Offers");
    case Router: return tr("Router");
    case Dns: return tr("DNS");
    case LeaseTime: return tr("Lease time");
    case ResponseTime: return tr("Response");
    case Status: return tr("Status");
    case Ours: return tr("Ours");
    case ColumnCount: break;
    }
    return {};
}

} // namespace leasedesk
