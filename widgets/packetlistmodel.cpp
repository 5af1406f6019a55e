#include "widgets/packetlistmodel.h"

#include "core/configuration.h"
#include "core/packetio.h"
#include "proto/dhcpmessage.h"

#include <QDateTime>
#include <QFont>
#include <QTextDocument>

#include <algorithm>

namespace leasedesk {

namespace {

// 0.0.0.0 in ciaddr, yiaddr or giaddr only says "not set": an empty cell keeps the eye on
// the addresses that matter.
QVariant headerAddress(Ipv4Address a)
{
    return a.isZero() ? QString() : addressText(a);
}

QString typeText(quint8 type)
{
    if (type == 0)
        return QStringLiteral("—");
    const std::string_view name = proto::messageTypeName(type);
    return name.empty() ? QString::number(type)
                        : QString::fromLatin1(name.data(), qsizetype(name.size()));
}

QString peerText(const PacketEvent &e)
{
    return e.peerPort ? QStringLiteral("%1:%2").arg(addressText(e.peer)).arg(e.peerPort)
                      : addressText(e.peer);
}

} // namespace

PacketListModel::PacketListModel(qsizetype capacity, QObject *parent)
    : QAbstractTableModel(parent), m_capacity(std::max<qsizetype>(capacity, 1))
{ }

void PacketListModel::appendEvents(const QList<PacketEvent> &events)
{
    if (events.isEmpty())
        return;
    // A batch larger than the list keeps its newest: the oldest of it would be removed at
    // once anyway, and nobody could have seen them.
    const qsizetype take = std::min(events.size(), m_capacity);
    m_dropped += quint64(events.size() - take);
    removeOldest(qsizetype(m_events.size()) + take - m_capacity);
    const int first = int(m_events.size());
    beginInsertRows({}, first, first + int(take) - 1);
    m_events.insert(m_events.end(), events.cend() - take, events.cend());
    endInsertRows();
}

void PacketListModel::clear()
{
    beginResetModel();
    m_events.clear();
    m_dropped = 0;
    endResetModel();
}

void PacketListModel::setCapacity(qsizetype capacity)
{
    m_capacity = std::max<qsizetype>(capacity, 1);
    removeOldest(qsizetype(m_events.size()) - m_capacity);
}

void PacketListModel::removeOldest(qsizetype count)
{
    if (count <= 0)
        return;
    beginRemoveRows({}, 0, int(count) - 1);
    m_events.erase(m_events.begin(), m_events.begin() + count);
    m_dropped += quint64(count);
    endRemoveRows();
}

int PacketListModel::rowOfSerial(quint64 serial) const
{
    const auto it =
        std::lower_bound(m_events.cbegin(), m_events.cend(), serial,
                         [](const PacketEvent &e, quint64 wanted) { return e.serial < wanted; });
    return it != m_events.cend() && it->serial == serial ? int(it - m_events.cbegin()) : -1;
}

PacketListModel::Verdict PacketListModel::verdictOf(const PacketEvent &e)
{
    if (e.direction == PacketEvent::Direction::Sent) // see Engine::notSent and Engine::send
        return e.reason.startsWith(QLatin1String("not sent")) ? Verdict::NotSent : Verdict::Sent;
    switch (e.outcome) {
    case Decision::Outcome::Replied: return Verdict::Answered;
    case Decision::Outcome::Silent: return Verdict::Silent;
    case Decision::Outcome::Ignored: return Verdict::Ignored;
    case Decision::Outcome::Malformed: return Verdict::Malformed;
    case Decision::Outcome::Probing: return Verdict::Probing;
    }
    return Verdict::Ignored;
}

QString PacketListModel::verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Answered: return tr("answered");
    case Verdict::Silent: return tr("silent");
    case Verdict::Ignored: return tr("ignored");
    case Verdict::Malformed: return tr("malformed");
    case Verdict::Probing: return tr("probing");
    case Verdict::Sent: return tr("sent");
    case Verdict::NotSent: return tr("not sent");
    }
    return {};
}

QString PacketListModel::verdictText(const PacketEvent &e)
{
    const QString word = verdictName(verdictOf(e));
    if (e.reason.isEmpty())
        return word;
    if (e.reason.startsWith(word))
        return e.reason;
    return word + QStringLiteral(": ") + e.reason;
}

bool PacketListModel::isProblem(Verdict verdict)
{
    return verdict == Verdict::Ignored || verdict == Verdict::Malformed
        || verdict == Verdict::NotSent;
}

QColor PacketListModel::verdictForeground(Verdict verdict)
{
    // Dark enough on the matching background for WCAG AA contrast, as the lease colours.
    if (isProblem(verdict))
        return QColor(0x8a, 0x10, 0x1c);
    if (verdict == Verdict::Probing)
        return QColor(0x5c, 0x45, 0x00);
    if (verdict == Verdict::Silent)
        return QColor(0x42, 0x42, 0x42);
    return {};
}

QColor PacketListModel::verdictBackground(Verdict verdict)
{
    if (isProblem(verdict))
        return QColor(0xfd, 0xe4, 0xe6); // pale red
    if (verdict == Verdict::Probing)
        return QColor(0xff, 0xf4, 0xce); // pale amber: waiting
    return {};
}

int PacketListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_events.size());
}

int PacketListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PacketListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PacketEvent &e = eventAt(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(e, index.column());
    case Qt::ToolTipRole: return toolTip(e, index.column());
    case Qt::ForegroundRole: {
        const QColor c = verdictForeground(verdictOf(e));
        return c.isValid() ? QVariant(c) : QVariant();
    }
    case Qt::BackgroundRole: {
        QColor c = verdictBackground(verdictOf(e));
        if (!c.isValid() && e.test)
            c = QColor(0xe8, 0xf0, 0xfe); // pale blue: the console's own test traffic
        return c.isValid() ? QVariant(c) : QVariant();
    }
    case Qt::FontRole:
        if (e.test) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Number)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case EventRole: return QVariant::fromValue(e);
    case SerialRole: return e.serial;
    case VerdictRole: return int(verdictOf(e));
    default: break;
    }
    return {};
}

QVariant PacketListModel::display(const PacketEvent &e, int column) const
{
    const bool received = e.direction == PacketEvent::Direction::Received;
    switch (Column(column)) {
    case Number: return e.serial; // a number, so a sorting proxy orders 9 before 10
    case Time:
        return QDateTime::fromMSecsSinceEpoch(e.timeMs).toString(QStringLiteral("hh:mm:ss.zzz"));
    case Direction: {
        const QString arrow = received ? QStringLiteral("◂") : QStringLiteral("▸");
        return e.test ? tr("test %1").arg(arrow) : arrow;
    }
    case Interface: return e.interfaceName;
    case Type: return typeText(e.messageType);
    case Xid: return QStringLiteral("0x%1").arg(e.xid, 8, 16, QLatin1Char('0'));
    case Mac: return formatMac(e.hardwareAddress);
    case Ciaddr: return headerAddress(e.ciaddr);
    case Yiaddr: return headerAddress(e.yiaddr);
    case Giaddr: return headerAddress(e.giaddr);
    case Scope: return e.scope;
    case VerdictColumn: return verdictText(e);
    case ColumnCount: break;
    }
    return {};
}

QVariant PacketListModel::toolTip(const PacketEvent &e, int column) const
{
    const bool received = e.direction == PacketEvent::Direction::Received;
    switch (Column(column)) {
    case Time:
        return QDateTime::fromMSecsSinceEpoch(e.timeMs).toString(
            QStringLiteral("yyyy-MM-dd hh:mm:ss.zzz"));
    case Direction: {
        QString text =
            received ? tr("received from %1").arg(peerText(e)) : tr("sent to %1").arg(peerText(e));
        if (!e.local.isZero())
            text += received ? tr(", to %1").arg(addressText(e.local))
                             : tr(", from %1").arg(addressText(e.local));
        if (e.test)
            text += tr(" (the console's test client; never on the wire)");
        return text;
    }
    case VerdictColumn:
        // The reason may quote what a client sent (a hostname, a DECLINE message):
        // convertFromPlainText keeps a tooltip from rendering it as rich text.
        return Qt::convertFromPlainText(verdictText(e), Qt::WhiteSpaceNormal); // and wraps
    default: break;
    }
    return {};
}

QVariant PacketListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole && section == Direction)
        return tr("Direction: ◂ received, ▸ sent; \"test\" marks the console's test client");
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Number: return tr("No.");
    case Time: return tr("Time");
    case Direction: return QString();
    case Interface: return tr("Interface");
    case Type: return tr("Type");
    case Xid: return tr("xid");
    case Mac: return tr("Client MAC");
    case Ciaddr: return tr("ciaddr");
    case Yiaddr: return tr("yiaddr");
    case Giaddr: return tr("giaddr");
    case Scope: return tr("Scope");
    case VerdictColumn: return tr("Verdict");
    case ColumnCount: break;
    }
    return {};
}

} // namespace leasedesk
