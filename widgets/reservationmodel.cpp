#include "widgets/reservationmodel.h"

#include <QRegularExpression>

namespace leasedesk {

namespace {

QString ipText(Ipv4Address a)
{
    return a.isZero() ? QString() : QString::fromStdString(a.toString());
}

QString macsText(const QList<QByteArray> &macs)
{
    QStringList parts;
    for (const QByteArray &m : macs)
        parts.append(formatMac(m));
    return parts.join(QStringLiteral(", "));
}

QString clientIdText(const QByteArray &id)
{
    return QString::fromLatin1(id.toHex(':'));
}

} // namespace

ReservationModel::ReservationModel(QObject *parent) : EditableRows(ColumnCount, parent)
{ }

void ReservationModel::setScope(const Scope &scope)
{
    m_scope = scope;
    m_scope.reservations.clear();
    setItems(scope.reservations);
}

Reservation ReservationModel::reservationAt(int row) const
{
    return row >= 0 && row < rowCount() ? itemAt(row) : Reservation{};
}

int ReservationModel::rowWithMac(const QByteArray &mac) const
{
    for (int row = 0; row < rowCount(); ++row)
        if (itemAt(row).macs.contains(mac))
            return row;
    return -1;
}

int ReservationModel::rowWithAddress(Ipv4Address address) const
{
    for (int row = 0; row < rowCount(); ++row)
        if (itemAt(row).ip == address)
            return row;
    return -1;
}

bool ReservationModel::isComplete(const Reservation &reservation)
{
    return !reservation.ip.isZero()
        && (!reservation.macs.isEmpty() || !reservation.clientId.isEmpty());
}

bool ReservationModel::isCompleteItem(const Reservation &reservation) const
{
    return isComplete(reservation);
}

QVariant ReservationModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const Reservation &r = itemAt(index.row());
    const auto column = Column(index.column());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (column) {
        case Enabled: return {}; // a check box, no text
        case Hostname: return r.hostname;
        case Macs: return macsText(r.macs);
        case ClientId: return clientIdText(r.clientId);
        case Address: return ipText(r.ip);
        case Description: return r.description;
        case ColumnCount: break;
        }
        break;
    case Qt::CheckStateRole:
        if (column == Enabled)
            return r.enabled ? Qt::Checked : Qt::Unchecked;
        break;
    case Qt::ToolTipRole:
    case ValidationRole: return errorData(errorFor(index), role);
    case SortRole:
        switch (column) {
        case Enabled: return r.enabled;
        case Address: return r.ip.toUint32();
        default: return data(index, Qt::DisplayRole).toString().toLower();
        }
    case ReservationRole: return QVariant::fromValue(r);
    default: break;
    }
    return {};
}

bool ReservationModel::isEditRole(int column, int role) const
{
    return column == Enabled ? role == Qt::CheckStateRole : role == Qt::EditRole;
}

void ReservationModel::draftCompleted(int row)
{
    // A view may show a draft's other cells differently (what it still needs).
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

QString ReservationModel::apply(int row, int column, const QVariant &value, Reservation &into) const
{
    const QString text = value.toString().trimmed();
    switch (Column(column)) {
    case Enabled: into.enabled = value.toInt() == Qt::Checked; return {};
    case Hostname: {
        // A hostname travels in option 12: at most 255 octets, and no control characters
        // that would break a log line or the lease file.
        static const QRegularExpression control(QStringLiteral("[\\x00-\\x1f\\x7f]"));
        if (text.toUtf8().size() > 255)
            return tr("The hostname is longer than 255 bytes.");
        if (control.match(text).hasMatch())
            return tr("The hostname contains a control character.");
        into.hostname = text;
        return {};
    }
    case Macs: return applyMacs(row, text, into);
    case ClientId: return applyClientId(row, text, into);
    case Address: return applyAddress(row, text, into);
    case Description: into.description = text; return {};
    case ColumnCount: break;
    }
    return tr("This column cannot be edited.");
}

QString ReservationModel::applyMacs(int row, const QString &text, Reservation &into) const
{
    QList<QByteArray> macs;
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    for (const QString &part : text.split(separators, Qt::SkipEmptyParts)) {
        const std::optional<QByteArray> mac = parseMac(part);
        if (!mac)
            return tr("\"%1\" is not a MAC address (six hex octets, as 02:00:00:00:00:01).")
                .arg(part);
        if (macs.contains(*mac))
            return tr("%1 is listed twice.").arg(formatMac(*mac));
        for (int other = 0; other < rowCount(); ++other)
            if (other != row && itemAt(other).macs.contains(*mac))
                return tr("%1 is already reserved by %2.").arg(formatMac(*mac), rowName(other));
        macs.append(*mac);
    }
    // Emptying the last way to recognise the machine would turn a working reservation back
    // into a draft, which would silently drop it from the configuration.
    if (macs.isEmpty() && into.clientId.isEmpty() && !into.macs.isEmpty())
        return tr("A reservation needs a MAC address or a client ID; enter a client ID first, "
                  "or delete the reservation.");
    into.macs = macs;
    return {};
}

QString ReservationModel::applyClientId(int row, const QString &text, Reservation &into) const
{
    // Type octet first, then at least one octet of identifier (RFC 2132 §9.14).
    static const QRegularExpression form(QStringLiteral("^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2})+$"));
    if (!text.isEmpty() && !form.match(text).hasMatch())
        return tr("\"%1\" is not a client identifier (hex octets separated by colons, type "
                  "octet first, as 01:02:00:00:00:00:09).")
            .arg(text);
    const QByteArray id = QByteArray::fromHex(text.toLatin1());
    if (id.isEmpty() && into.macs.isEmpty() && !into.clientId.isEmpty())
        return tr("A reservation needs a MAC address or a client ID; enter a MAC address "
                  "first, or delete the reservation.");
    for (int other = 0; other < rowCount(); ++other)
        if (!id.isEmpty() && other != row && itemAt(other).clientId == id)
            return tr("Client ID %1 is already reserved by %2.").arg(text, rowName(other));
    into.clientId = id;
    return {};
}

QString ReservationModel::applyAddress(int row, const QString &text, Reservation &into) const
{
    const std::optional<Ipv4Address> ip = Ipv4Address::fromString(text.toStdString());
    if (!ip)
        return tr("\"%1\" is not an IPv4 address.").arg(text);
    if (!m_scope.containsAddress(*ip))
        return tr("%1 is outside the subnet %2/%3 of scope %4.")
            .arg(ipText(*ip), ipText(m_scope.network))
            .arg(m_scope.prefixLength)
            .arg(m_scope.name);
    // The subnet's own address and its broadcast cannot be given to a machine (a /31
    // and /32 have neither, RFC 3021).
    if (m_scope.prefixLength < 31
        && (*ip == Ipv4Address(m_scope.network.toUint32() & m_scope.netmask())
            || *ip == m_scope.broadcast()))
        return tr("%1 is the subnet's network or broadcast address.").arg(ipText(*ip));
    if (!m_scope.router.isZero() && *ip == m_scope.router)
        return tr("%1 is the scope's router.").arg(ipText(*ip));
    for (int other = 0; other < rowCount(); ++other)
        if (other != row && itemAt(other).ip == *ip)
            return tr("%1 is already reserved by %2.").arg(ipText(*ip), rowName(other));
    into.ip = *ip;
    return {};
}

QString ReservationModel::rowName(int row) const
{
    const QString host = itemAt(row).hostname;
    return host.isEmpty() ? tr("row %1").arg(row + 1) : tr("row %1 (%2)").arg(row + 1).arg(host);
}

Qt::ItemFlags ReservationModel::flags(const QModelIndex &index) const
{
    Qt::ItemFlags flags = EditableRows::flags(index);
    if (index.column() == Enabled && flags.testFlag(Qt::ItemIsEnabled)) // a check box, no text
        flags.setFlag(Qt::ItemIsEditable, false).setFlag(Qt::ItemIsUserCheckable);
    return flags;
}

QVariant ReservationModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Enabled: return tr("Enabled");
    case Hostname: return tr("Hostname");
    case Macs: return tr("MACs");
    case ClientId: return tr("Client ID");
    case Address: return tr("Address");
    case Description: return tr("Description");
    case ColumnCount: break;
    }
    return {};
}

} // namespace leasedesk
