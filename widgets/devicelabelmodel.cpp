#include "widgets/devicelabelmodel.h"

#include <QRegularExpression>

namespace leasedesk {

namespace {

// Long enough for "rack 3, bench PSU controller", short enough to fit the lease table's
// Label column without turning it into a paragraph.
constexpr int MaxNameLength = 64;

} // namespace

DeviceLabelModel::DeviceLabelModel(QObject *parent) : EditableRows(ColumnCount, parent)
{ }

int DeviceLabelModel::rowWithMac(const QByteArray &mac) const
{
    for (int row = 0; row < rowCount(); ++row)
        if (itemAt(row).mac == mac)
            return row;
    return -1;
}

bool DeviceLabelModel::isCompleteItem(const DeviceLabel &label) const
{
    return label.mac.size() == 6 && !label.name.isEmpty();
}

QVariant DeviceLabelModel::data(const QModelIndex &index, int role) const
{
    if (!isCell(index))
        return {};
    const DeviceLabel &label = itemAt(index.row());
    const QString text = index.column() == Mac
        ? (label.mac.isEmpty() ? QString() : formatMac(label.mac))
        : label.name;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole: return text;
    case SortRole: return text.toLower();
    case ValidationRole:
    case Qt::ToolTipRole: return errorData(errorFor(index), role);
    default: break;
    }
    return {};
}

QString DeviceLabelModel::apply(int row, int column, const QVariant &value, DeviceLabel &into) const
{
    const QString text = value.toString().trimmed();
    if (column == Mac) {
        const std::optional<QByteArray> mac = parseMac(text);
        if (!mac)
            return tr("\"%1\" is not a MAC address (six hex octets, as 02:00:00:00:00:01).")
                .arg(text);
        if (const int other = rowWithMac(*mac); other >= 0 && other != row)
            return tr("%1 already has the label \"%2\".").arg(formatMac(*mac), itemAt(other).name);
        into.mac = *mac;
        return {};
    }
    // Emptying the name would turn a complete label back into a draft.
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

} // namespace leasedesk
