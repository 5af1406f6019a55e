#include "widgets/scopelistmodel.h"

#include <QGuiApplication>
#include <QPalette>

#include <algorithm>

namespace leasedesk {

namespace {

// The usable host addresses of the subnet; /31 and /32 have no network or broadcast to skip.
AddressRange hostRange(const Scope &scope)
{
    const quint32 network = scope.network.toUint32() & scope.netmask();
    const quint32 broadcast = scope.broadcast().toUint32();
    if (scope.prefixLength >= 31)
        return {Ipv4Address(network), Ipv4Address(broadcast)};
    return {Ipv4Address(network + 1), Ipv4Address(broadcast - 1)};
}

// Exclusions may overlap each other; merged first so no address is subtracted twice.
QList<AddressRange> merged(QList<AddressRange> ranges)
{
    std::sort(ranges.begin(), ranges.end(),
              [](const AddressRange &a, const AddressRange &b) { return a.start < b.start; });
    QList<AddressRange> out;
    for (const AddressRange &r : ranges) {
        if (!out.isEmpty() && quint64(r.start.toUint32()) <= quint64(out.last().end.toUint32()) + 1)
            out.last().end = std::max(out.last().end, r.end);
        else
            out << r;
    }
    return out;
}

quint64 overlapSize(const AddressRange &a, const AddressRange &b)
{
    if (!a.overlaps(b))
        return 0;
    return AddressRange{std::max(a.start, b.start), std::min(a.end, b.end)}.size();
}

} // namespace

int ScopeListModel::Usage::percent() const
{
    return dynamic == 0 ? 0 : int((inUse * 100 + dynamic / 2) / dynamic);
}

ScopeListModel::ScopeListModel(QObject *parent) : QAbstractTableModel(parent)
{ }

void ScopeListModel::setScopes(const QList<Scope> &scopes)
{
    beginResetModel();
    m_scopes = scopes;
    m_usage = QList<Usage>(m_scopes.size());
    recount();
    endResetModel();
}

void ScopeListModel::setLeases(const QList<Lease> &leases)
{
    m_leases = leases;
    const QList<Usage> before = m_usage;
    recount();
    for (int row = 0; row < m_scopes.size(); ++row) {
        if (m_usage[row] != before[row])
            emit dataChanged(index(row, Utilisation), index(row, Utilisation));
    }
}

void ScopeListModel::recount()
{
    for (int row = 0; row < m_scopes.size(); ++row)
        m_usage[row] = Usage{0, dynamicSize(m_scopes[row])};
    for (const Lease &l : m_leases) {
        if (l.state != LeaseState::Offered && l.state != LeaseState::Bound)
            continue;
        // The lease names its scope; the subnet check guards against a renamed scope whose
        // old leases still carry the old name.
        const int row = rowOf(l.scope);
        if (row >= 0 && isDynamic(m_scopes[row], l.address))
            ++m_usage[row].inUse;
    }
}

Scope ScopeListModel::scopeAt(int row) const
{
    return m_scopes.value(row);
}

int ScopeListModel::rowOf(const QString &name) const
{
    for (int row = 0; row < m_scopes.size(); ++row) {
        if (m_scopes[row].name == name)
            return row;
    }
    return -1;
}

ScopeListModel::Usage ScopeListModel::usageAt(int row) const
{
    return m_usage.value(row);
}

quint64 ScopeListModel::dynamicSize(const Scope &scope)
{
    const AddressRange hosts = hostRange(scope);
    const QList<AddressRange> exclusions = merged(scope.exclusions);
    quint64 total = 0;
    for (const AddressRange &range : scope.ranges) {
        if (range.end < range.start || !range.overlaps(hosts))
            continue;
        const AddressRange clipped{std::max(range.start, hosts.start),
                                   std::min(range.end, hosts.end)};
        quint64 size = clipped.size();
        for (const AddressRange &x : exclusions)
            size -= overlapSize(clipped, x);
        total += size;
    }
    return total;
}

bool ScopeListModel::isDynamic(const Scope &scope, Ipv4Address address)
{
    if (!hostRange(scope).contains(address))
        return false;
    const auto in = [address](const AddressRange &r) {
        return r.contains(address);
    };
    return std::any_of(scope.ranges.begin(), scope.ranges.end(), in)
        && std::none_of(scope.exclusions.begin(), scope.exclusions.end(), in);
}

int ScopeListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_scopes.size());
}

int ScopeListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScopeListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Scope &s = m_scopes[index.row()];
    const Usage &u = m_usage[index.row()];
    const QString subnet = QStringLiteral("%1/%2")
                               .arg(QString::fromStdString(s.network.toString()))
                               .arg(s.prefixLength);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name: return s.name;
        case Subnet: return subnet;
        case Utilisation: return u.dynamic == 0 ? tr("no pool") : tr("%1 %").arg(u.percent());
        case State: return s.enabled ? tr("enabled") : tr("disabled");
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Utilisation || index.column() == Name)
            return tr("%1: %2 of %3 dynamic addresses offered or bound")
                .arg(s.name)
                .arg(u.inUse)
                .arg(u.dynamic);
        if (index.column() == State && !s.enabled)
            return tr("Disabled: the server does not answer clients of this subnet");
        break;
    case Qt::ForegroundRole:
        // A disabled scope is greyed out like a disabled control: present, but not serving.
        if (!s.enabled)
            return QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Utilisation)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case SortRole:
        if (index.column() == Utilisation)
            return u.dynamic == 0 ? 0.0 : double(u.inUse) / double(u.dynamic);
        if (index.column() == Subnet)
            return s.network.toUint32();
        return data(index, Qt::DisplayRole).toString().toLower();
    case ScopeNameRole: return s.name;
    }
    return {};
}

QVariant ScopeListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name: return tr("Scope");
    case Subnet: return tr("Subnet");
    case Utilisation: return tr("Used");
    case State: return tr("State");
    }
    return {};
}

} // namespace leasedesk
