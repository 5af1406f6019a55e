#include "widgets/leasetablemodel.h"
#include "core/packetio.h"

#include "core/configuration.h"

#include <QDateTime>
#include <QTextDocument>

#include <algorithm>

namespace leasedesk {

namespace {

// Emits one dataChanged per run of adjacent rows: a batch touching rows 3, 4, 5 and 9 costs
// two signals, not four, and never repaints the rows in between.
void emitRuns(QAbstractItemModel *model, QList<int> rows, int lastColumn,
              const std::function<void(const QModelIndex &, const QModelIndex &)> &emitter)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i;
        while (j + 1 < rows.size() && rows[j + 1] == rows[j] + 1)
            ++j;
        emitter(model->index(rows[i], 0), model->index(rows[j], lastColumn));
        i = j + 1;
    }
}

} // namespace

LeaseTableModel::LeaseTableModel(QObject *parent)
    : QAbstractTableModel(parent), m_clock([] { return QDateTime::currentSecsSinceEpoch(); })
{ }

void LeaseTableModel::setLeases(const QList<Lease> &leases)
{
    beginResetModel();
    m_leases.clear();
    m_rowOf.clear();
    // The same address twice would make two rows for one lease: the last one wins, as in
    // applyChanges().
    for (const Lease &l : leases) {
        const auto it = m_rowOf.constFind(l.address.toUint32());
        if (it != m_rowOf.cend()) {
            m_leases[*it] = l;
        } else {
            m_rowOf.insert(l.address.toUint32(), int(m_leases.size()));
            m_leases.append(l);
        }
    }
    endResetModel();
}

void LeaseTableModel::applyChanges(const QList<Lease> &leases)
{
    QList<int> changed;
    QList<Lease> added;
    QHash<quint32, qsizetype> addedAt; // an address new to us may come twice in one batch
    for (const Lease &l : leases) {
        const quint32 key = l.address.toUint32();
        if (const auto it = m_rowOf.constFind(key); it != m_rowOf.cend()) {
            if (m_leases[*it] != l) {
                m_leases[*it] = l;
                changed.append(*it);
            }
        } else if (const auto a = addedAt.constFind(key); a != addedAt.cend()) {
            added[*a] = l;
        } else {
            addedAt.insert(key, added.size());
            added.append(l);
        }
    }
    emitRuns(
        this, changed, ColumnCount - 1,
        [this](const QModelIndex &from, const QModelIndex &to) { emit dataChanged(from, to); });
    if (added.isEmpty())
        return;
    const int first = int(m_leases.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    for (const Lease &l : std::as_const(added)) {
        m_rowOf.insert(l.address.toUint32(), int(m_leases.size()));
        m_leases.append(l);
    }
    endInsertRows();
}

void LeaseTableModel::removeLeases(const QList<Ipv4Address> &addresses)
{
    QList<int> rows;
    for (Ipv4Address a : addresses)
        if (const int row = rowOf(a); row >= 0)
            rows.append(row);
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // From the bottom up, one signal pair per run, so earlier rows keep their numbers.
    for (qsizetype j = rows.size() - 1; j >= 0;) {
        qsizetype i = j;
        while (i > 0 && rows[i - 1] == rows[i] - 1)
            --i;
        beginRemoveRows({}, rows[i], rows[j]);
        m_leases.remove(rows[i], rows[j] - rows[i] + 1);
        endRemoveRows();
        j = i - 1;
    }
    reindex();
}

void LeaseTableModel::setDeviceLabels(const QHash<QByteArray, QString> &labels)
{
    m_labels = labels;
    if (!m_leases.isEmpty())
        emit dataChanged(index(0, Label), index(rowCount() - 1, Label));
}

void LeaseTableModel::setClock(Clock clock)
{
    m_clock = std::move(clock);
    refreshTimes();
}

void LeaseTableModel::setNow(qint64 now)
{
    setClock([now] { return now; });
}

void LeaseTableModel::refreshTimes()
{
    if (!m_leases.isEmpty())
        emit dataChanged(index(0, Expires), index(rowCount() - 1, Expires),
                         {Qt::DisplayRole, Qt::ToolTipRole});
}

Lease LeaseTableModel::leaseAt(int row) const
{
    return row >= 0 && row < m_leases.size() ? m_leases[row] : Lease{};
}

int LeaseTableModel::rowOf(Ipv4Address address) const
{
    return m_rowOf.value(address.toUint32(), -1);
}

int LeaseTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_leases.size());
}

int LeaseTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LeaseTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Lease &l = m_leases[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (Column(index.column())) {
        case Address: return addressText(l.address);
        case HardwareAddress: return formatMac(l.hardwareAddress);
        case Hostname: return l.hostname;
        case Label: return m_labels.value(l.hardwareAddress);
        case State: return leaseStateName(l.state);
        case Expires: return formatRelative(l.end, m_clock());
        case Scope: return l.scope;
        case ColumnCount: break;
        }
        break;
    case Qt::ToolTipRole:
        switch (Column(index.column())) {
        case Expires: return l.end ? formatAbsolute(l.end) : QVariant();
        case State:
            // detail may quote a client's DHCPDECLINE message: convertFromPlainText escapes
            // it, so a tooltip (which Qt renders as rich text when it looks like HTML)
            // shows the client's text literally.
            return l.detail.isEmpty() ? QVariant() : Qt::convertFromPlainText(l.detail);
        default: break;
        }
        break;
    case Qt::ForegroundRole: return stateForeground(l.state);
    case Qt::BackgroundRole: return stateBackground(l.state);
    case SortRole:
        switch (Column(index.column())) {
        case Address: return l.address.toUint32();
        case HardwareAddress: return QString::fromLatin1(l.hardwareAddress.toHex());
        case Hostname: return l.hostname.toLower();
        case Label: return m_labels.value(l.hardwareAddress).toLower();
        case State: return int(l.state);
        case Expires: return l.end;
        case Scope: return l.scope.toLower();
        case ColumnCount: break;
        }
        break;
    case LeaseRole: return QVariant::fromValue(l);
    default: break;
    }
    return {};
}

QVariant LeaseTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Address: return tr("Address");
    case HardwareAddress: return tr("MAC");
    case Hostname: return tr("Hostname");
    case Label: return tr("Label");
    case State: return tr("State");
    case Expires: return tr("Expires");
    case Scope: return tr("Scope");
    case ColumnCount: break;
    }
    return {};
}

QColor LeaseTableModel::stateBackground(LeaseState state)
{
    switch (state) {
    case LeaseState::Offered: return QColor(0xff, 0xf4, 0xce); // pale amber: pending
    case LeaseState::Bound: return QColor(0xdf, 0xf6, 0xdd); // pale green: in use
    case LeaseState::Released:
    case LeaseState::Expired: return QColor(0xee, 0xee, 0xee); // grey: remembered only
    case LeaseState::Declined: return QColor(0xfd, 0xe7, 0xd3); // pale orange: quarantine
    case LeaseState::Conflict: return QColor(0xfd, 0xd8, 0xdb); // pale red: squatted
    }
    return {};
}

QColor LeaseTableModel::stateForeground(LeaseState state)
{
    // Dark enough on its own background for WCAG AA contrast (≥ 4.5:1).
    switch (state) {
    case LeaseState::Offered: return QColor(0x5c, 0x45, 0x00);
    case LeaseState::Bound: return QColor(0x10, 0x4e, 0x1a);
    case LeaseState::Released:
    case LeaseState::Expired: return QColor(0x42, 0x42, 0x42);
    case LeaseState::Declined: return QColor(0x7a, 0x2e, 0x00);
    case LeaseState::Conflict: return QColor(0x8a, 0x10, 0x1c);
    }
    return {};
}

QString LeaseTableModel::formatDuration(qint64 s)
{
    s = std::max<qint64>(s, 0);
    if (s < 120)
        return tr("%1 s").arg(s);
    if (s < 2 * 3600)
        return tr("%1 min").arg(s / 60);
    if (s < 2 * 86400) {
        const qint64 min = s / 60 % 60;
        return min ? tr("%1 h %2 min").arg(s / 3600).arg(min) : tr("%1 h").arg(s / 3600);
    }
    const qint64 h = s / 3600 % 24;
    return h ? tr("%1 d %2 h").arg(s / 86400).arg(h) : tr("%1 d").arg(s / 86400);
}

QString LeaseTableModel::formatRelative(qint64 when, qint64 now)
{
    if (when == 0)
        return {};
    if (when == now)
        return tr("now");
    return when > now ? tr("in %1").arg(formatDuration(when - now))
                      : tr("%1 ago").arg(formatDuration(now - when));
}

QString LeaseTableModel::formatAbsolute(qint64 when)
{
    return QDateTime::fromSecsSinceEpoch(when).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

void LeaseTableModel::reindex()
{
    m_rowOf.clear();
    for (int row = 0; row < m_leases.size(); ++row)
        m_rowOf.insert(m_leases[row].address.toUint32(), row);
}

} // namespace leasedesk
