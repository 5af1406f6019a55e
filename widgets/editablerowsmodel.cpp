#include "widgets/editablerowsmodel.h"

#include <QTextDocument>

namespace leasedesk {

EditableRowsModel::EditableRowsModel(int columnCount, QObject *parent)
    : QAbstractTableModel(parent), m_columnCount(columnCount)
{ }

int EditableRowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_columnCount;
}

Qt::ItemFlags EditableRowsModel::flags(const QModelIndex &index) const
{
    if (!isCell(index))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
}

bool EditableRowsModel::isCell(const QModelIndex &index) const
{
    return index.isValid() // invalid ones are asked by item views and QAbstractItemModelTester
        && checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid);
}

QVariant EditableRowsModel::errorData(const QString &error, int role)
{
    if (role == ValidationRole)
        return error;
    // The refusal quotes what the admin typed, so the tooltip shows it as plain text.
    if (role == Qt::ToolTipRole && !error.isEmpty())
        return Qt::convertFromPlainText(error);
    return {};
}

bool EditableRowsModel::isEditRole(int /*column*/, int role) const
{
    return role == Qt::EditRole;
}

void EditableRowsModel::draftCompleted(int /*row*/)
{ }

} // namespace leasedesk
