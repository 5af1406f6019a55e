#include "widgets/reservationmodel.h"

#include <QRegularExpression>
#include <QTextDocument>

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

ReservationModel::ReservationModel(QObject *parent) : QAbstractTableModel(parent)
{ }

void ReservationModel::setScope(const Scope &scope)
{
    beginResetModel();
    m_scope = scope;
    m_scope.reservations.clear();
    m_rows.clear();
    for (const Reservation &r : scope.reservations)
        m_rows.append(Row{r, {}});
    endResetModel();
}

QList<Reservation> ReservationModel::reservations() const
{
    QList<Reservation> out;
    out.reserve(m_rows.size());
    for (const Row &r : m_rows)
        out.append(r.reservation);
    return out;
}

Reservation ReservationModel::reservationAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? m_rows[row].reservation : Reservation{};
}

int ReservationModel::rowWithMac(const QByteArray &mac) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows[row].reservation.macs.contains(mac))
            return row;
    return -1;
}

int ReservationModel::rowWithAddress(Ipv4Address address) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows[row].reservation.ip == address)
            return row;
    return -1;
}

bool ReservationModel::isComplete(const Reservation &reservation)
{
    return !reservation.ip.isZero()
        && (!reservation.macs.isEmpty() || !reservation.clientId.isEmpty());
}

bool ReservationModel::isDraft(int row) const
{
    return row >= 0 && row < m_rows.size() && m_rows[row].draft;
}

QList<Reservation> ReservationModel::committedReservations() const
{
    QList<Reservation> out;
    for (const Row &r : m_rows)
        if (!r.draft)
            out.append(r.reservation);
    return out;
}

QString ReservationModel::errorFor(const QModelIndex &index) const
{
    if (!index.isValid() // asked by item views and QAbstractItemModelTester; not a bug
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return m_rows[index.row()].errors.value(index.column());
}

int ReservationModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ReservationModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReservationModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() // asked by item views and QAbstractItemModelTester; not a bug
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    const Reservation &r = row.reservation;
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
        // The refusal names only what the admin typed, escaped: it is shown as plain text.
        if (const QString e = row.errors.value(index.column()); !e.isEmpty())
            return Qt::convertFromPlainText(e);
        break;
    case ValidationRole: return row.errors.value(index.column());
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

bool ReservationModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() // asked by item views and QAbstractItemModelTester; not a bug
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const int column = index.column();
    const bool checkEdit = column == Enabled && role == Qt::CheckStateRole;
    const bool textEdit = column != Enabled && role == Qt::EditRole;
    if (!checkEdit && !textEdit)
        return false;
    Row &row = m_rows[index.row()];
    Reservation edited = row.reservation;
    if (const QString why = apply(index.row(), column, value, edited); !why.isEmpty())
        return refuse(index, why);
    const bool hadError = row.errors.remove(column) > 0;
    if (edited == row.reservation && !hadError)
        return true; // nothing to tell the views
    // Settled before any signal: a slot may reset the model (the undo round trip).
    const bool completed = row.draft && isComplete(edited);
    row.reservation = edited;
    row.draft = row.draft && !completed;
    emit dataChanged(index, index);
    if (completed) // a view may show a draft's other cells differently (what it still needs)
        emit dataChanged(this->index(index.row(), 0), this->index(index.row(), ColumnCount - 1));
    return true;
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
        for (int other = 0; other < m_rows.size(); ++other)
            if (other != row && m_rows[other].reservation.macs.contains(*mac))
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
    for (int other = 0; other < m_rows.size(); ++other)
        if (!id.isEmpty() && other != row && m_rows[other].reservation.clientId == id)
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
    for (int other = 0; other < m_rows.size(); ++other)
        if (other != row && m_rows[other].reservation.ip == *ip)
            return tr("%1 is already reserved by %2.").arg(ipText(*ip), rowName(other));
    into.ip = *ip;
    return {};
}

QString ReservationModel::rowName(int row) const
{
    const QString host = m_rows[row].reservation.hostname;
    return host.isEmpty() ? tr("row %1").arg(row + 1) : tr("row %1 (%2)").arg(row + 1).arg(host);
}

bool ReservationModel::refuse(const QModelIndex &index, const QString &reason)
{
    m_rows[index.row()].errors.insert(index.column(), reason);
    // Only the error roles changed; the value stays as it was.
    emit dataChanged(index, index, {ValidationRole, Qt::ToolTipRole});
    emit editRefused(index, reason);
    return false;
}

Qt::ItemFlags ReservationModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() // asked by item views and QAbstractItemModelTester; not a bug
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    const Qt::ItemFlags base = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    return index.column() == Enabled ? base | Qt::ItemIsUserCheckable : base | Qt::ItemIsEditable;
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

bool ReservationModel::insertRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || row > m_rows.size() || count <= 0)
        return false;
    beginInsertRows(parent, row, row + count - 1);
    m_rows.insert(row, count, Row{{}, {}, true});
    endInsertRows();
    return true;
}

bool ReservationModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_rows.size())
        return false;
    beginRemoveRows(parent, row, row + count - 1);
    m_rows.remove(row, count);
    endRemoveRows();
    return true;
}

} // namespace leasedesk
