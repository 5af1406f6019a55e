#include "widgets/devicelabelmodel.h"

#include <QRegularExpression>
#include <QTextDocument>

namespace leasedesk {

namespace {

// Long enough for "rack 3, bench PSU controller", short enough to fit the lease table's
// Label column without turning it into a paragraph.
constexpr int MaxNameLength = 64;

bool isComplete(const DeviceLabel &label)
{
    return label.mac.size() == 6 && !label.name.isEmpty();
}

} // namespace

DeviceLabelModel::DeviceLabelModel(QObject *parent) : QAbstractTableModel(parent)
{ }

void DeviceLabelModel::setLabels(const QList<DeviceLabel> &labels)
{
    beginResetModel();
    m_rows.clear();
    for (const DeviceLabel &l : labels)
        m_rows.append(Row{l, {}});
    endResetModel();
}

QList<DeviceLabel> DeviceLabelModel::labels() const
{
    QList<DeviceLabel> out;
    for (const Row &r : m_rows)
        out.append(r.label);
    return out;
}

bool DeviceLabelModel::isDraft(int row) const
{
    return row >= 0 && row < m_rows.size() && m_rows[row].draft;
}

QList<DeviceLabel> DeviceLabelModel::committedLabels() const
{
    QList<DeviceLabel> out;
    for (const Row &r : m_rows)
        if (!r.draft)
            out.append(r.label);
    return out;
}

int DeviceLabelModel::rowWithMac(const QByteArray &mac) const
{
    for (int row = 0; row < m_rows.size(); ++row)
        if (m_rows[row].label.mac == mac)
            return row;
    return -1;
}

QString DeviceLabelModel::errorFor(const QModelIndex &index) const
{
    if (!index.isValid() // asked by item views and QAbstractItemModelTester; not a bug
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    return m_rows[index.row()].errors.value(index.column());
}

int DeviceLabelModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeviceLabelModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeviceLabelModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() // asked by item views and QAbstractItemModelTester; not a bug
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[index.row()];
    const QString text = index.column() == Mac
        ? (row.label.mac.isEmpty() ? QString() : formatMac(row.label.mac))
        : row.label.name;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole: return text;
    case SortRole: return text.toLower();
    case ValidationRole: return row.errors.value(index.column());
    case Qt::ToolTipRole:
        if (const QString e = row.errors.value(index.column()); !e.isEmpty())
            return Qt::convertFromPlainText(e);
        break;
    default: break;
    }
    return {};
}

bool DeviceLabelModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    Row &row = m_rows[index.row()];
    DeviceLabel edited = row.label;
    const QString why = apply(index.row(), index.column(), value.toString().trimmed(), edited);
    if (!why.isEmpty())
        return refuse(index, why);
    const bool hadError = row.errors.remove(index.column()) > 0;
    if (edited == row.label && !hadError)
        return true;
    row.label = edited;
    row.draft = row.draft && !isComplete(edited);
    emit dataChanged(index, index);
    return true;
}

QString DeviceLabelModel::apply(int row, int column, const QString &text, DeviceLabel &into) const
{
    // A complete label never goes back to being a draft: that would drop it from the
    // configuration as a side effect of an edit.
    if (column == Mac) {
        const std::optional<QByteArray> mac = parseMac(text);
        if (!mac)
            return tr("\"%1\" is not a MAC address (six hex octets, as 02:00:00:00:00:01).")
                .arg(text);
        if (const int other = rowWithMac(*mac); other >= 0 && other != row)
            return tr("%1 already has the label \"%2\".")
                .arg(formatMac(*mac), m_rows[other].label.name);
        into.mac = *mac;
        return {};
    }
    static const QRegularExpression control(QStringLiteral("[\\x00-\\x1f\\x7f]"));
    if (text.isEmpty() && !into.name.isEmpty())
        return tr("A label needs a name; delete the label to remove it.");
    if (text.size() > MaxNameLength)
        return tr("The name is longer than %1 characters.").arg(MaxNameLength);
    if (control.match(text).hasMatch())
        return tr("The name contains a control character.");
    into.name = text;
    return {};
}

bool DeviceLabelModel::refuse(const QModelIndex &index, const QString &reason)
{
    m_rows[index.row()].errors.insert(index.column(), reason);
    emit dataChanged(index, index, {ValidationRole, Qt::ToolTipRole});
    emit editRefused(index, reason);
    return false;
}

Qt::ItemFlags DeviceLabelModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() // asked by item views and QAbstractItemModelTester; not a bug
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
}

QVariant DeviceLabelModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Mac: return tr("MAC");
    case Name: return tr("Name");
    case ColumnCount: break;
    }
    return {};
}

bool DeviceLabelModel::insertRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || row > m_rows.size() || count <= 0)
        return false;
    beginInsertRows(parent, row, row + count - 1);
    m_rows.insert(row, count, Row{{}, {}, true});
    endInsertRows();
    return true;
}

bool DeviceLabelModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_rows.size())
        return false;
    beginRemoveRows(parent, row, row + count - 1);
    m_rows.remove(row, count);
    endRemoveRows();
    return true;
}

} // namespace leasedesk
