#include "widgets/optionlistmodel.h"

#include "widgets/optionrules.h"

namespace leasedesk {

OptionListModel::OptionListModel(QObject *parent) : QAbstractTableModel(parent)
{ }

void OptionListModel::setOptions(const QList<OptionSetting> &options)
{
    beginResetModel();
    m_options = options;
    endResetModel();
}

int OptionListModel::rowOf(quint8 code) const
{
    for (int row = 0; row < m_options.size(); ++row)
        if (m_options[row].code == code)
            return row;
    return -1;
}

int OptionListModel::append(const OptionSetting &option)
{
    const int row = int(m_options.size());
    beginInsertRows({}, row, row);
    m_options.append(option);
    endInsertRows();
    return row;
}

void OptionListModel::setValue(int row, const QString &value)
{
    if (row < 0 || row >= m_options.size() || m_options[row].value == value)
        return;
    m_options[row].value = value;
    const QModelIndex cell = index(row, Value);
    emit dataChanged(cell, cell);
}

int OptionListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_options.size());
}

int OptionListModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OptionListModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || !checkIndex(index, CheckIndexOption::ParentIsInvalid))
        return {};
    const OptionSetting &o = m_options[index.row()];
    if (role == CodeRole)
        return int(o.code);
    if (role == Qt::TextAlignmentRole && index.column() == Code)
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Value) {
        // Values loaded from a file are shown as they are; the tooltip says what the server
        // would say about them, so a bad one is found without opening it.
        const QString owned = serverOwnedOptionReason(o.code);
        return owned.isEmpty() ? optionValueError(o.code, o.value) : owned;
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Code: return int(o.code);
    case Name: return optionName(o.code);
    case Value: return o.value;
    }
    return {};
}

QVariant OptionListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Code: return tr("Code");
    case Name: return tr("Option");
    case Value: return tr("Value");
    }
    return {};
}

bool OptionListModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_options.size())
        return false;
    beginRemoveRows({}, row, row + count - 1);
    m_options.remove(row, count);
    endRemoveRows();
    return true;
}

} // namespace leasedesk
