#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

namespace leasedesk {

// What the reservation and device label tables share: items edited in place, cell by cell.
// setData() applies the typed value to a copy of the row's item (apply(), per model) and
// either commits it or refuses it, keeping the reason readable through errorFor() /
// ValidationRole / the tooltip until the cell is next set successfully. Rows added by
// insertRows() are drafts, shown only here, until their item is first complete; a complete
// row never goes back to being a draft, since that would drop it from the configuration as a
// side effect of an edit.
//
// This QObject part carries the signal; the rows live in EditableRows<Item> below, which has
// no Q_OBJECT of its own because moc cannot handle class templates.
class EditableRowsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role {
        ValidationRole = Qt::UserRole + 1, // the reason the last edit of the cell was refused
        SortRole, // what each model sorts its columns by
        FirstModelRole, // a model's own roles start here
    };

    int columnCount(const QModelIndex &parent = {}) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

signals:
    // An edit was refused; the view shows `reason` next to the cell.
    void editRefused(const QModelIndex &index, const QString &reason);

protected:
    EditableRowsModel(int columnCount, QObject *parent);

    bool isCell(const QModelIndex &index) const; // valid and of this table
    // data() for ValidationRole and Qt::ToolTipRole of a cell refused with `error`.
    static QVariant errorData(const QString &error, int role);
    // Whether setData() with this role edits this column; Qt::EditRole unless a model says
    // otherwise.
    virtual bool isEditRole(int column, int role) const;
    // A draft just became complete, after the edited cell's dataChanged().
    virtual void draftCompleted(int row);

private:
    int m_columnCount;
};

template<typename Item> class EditableRows : public EditableRowsModel
{
public:
    bool isDraft(int row) const { return row >= 0 && row < m_rows.size() && m_rows[row].draft; }
    // Why the last edit of this cell was refused; empty when it was accepted.
    QString errorFor(const QModelIndex &index) const
    {
        return isCell(index) ? m_rows[index.row()].errors.value(index.column()) : QString();
    }

    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    // New rows hold a default Item and are drafts.
    bool insertRows(int row, int count, const QModelIndex &parent = {}) override;
    bool removeRows(int row, int count, const QModelIndex &parent = {}) override;

protected:
    using EditableRowsModel::EditableRowsModel;

    void setItems(const QList<Item> &items); // a reset; none of them is a draft
    QList<Item> items(bool withDrafts) const;
    const Item &itemAt(int row) const { return m_rows[row].item; }

    // Turns the typed value into the new item, or says what is wrong.
    virtual QString apply(int row, int column, const QVariant &value, Item &into) const = 0;
    virtual bool isCompleteItem(const Item &item) const = 0;

private:
    struct Row
    {
        Item item;
        QHash<int, QString> errors; // column → refusal, travels with the row
        bool draft = false;
    };

    bool refuse(const QModelIndex &index, const QString &reason);

    QList<Row> m_rows;
};

template<typename Item>
bool EditableRows<Item>::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!isCell(index) || !isEditRole(index.column(), role))
        return false;
    Row &row = m_rows[index.row()];
    Item edited = row.item;
    if (const QString why = apply(index.row(), index.column(), value, edited); !why.isEmpty())
        return refuse(index, why);
    const bool hadError = row.errors.remove(index.column()) > 0;
    if (edited == row.item && !hadError)
        return true; // nothing to tell the views
    // Settled before any signal: a slot may reset the model (the undo round trip).
    const bool completed = row.draft && isCompleteItem(edited);
    row.item = edited;
    row.draft = row.draft && !completed;
    emit dataChanged(index, index);
    if (completed)
        draftCompleted(index.row());
    return true;
}

template<typename Item>
bool EditableRows<Item>::refuse(const QModelIndex &index, const QString &reason)
{
    m_rows[index.row()].errors.insert(index.column(), reason);
    // Only the error roles changed; the value stays as it was.
    emit dataChanged(index, index, {ValidationRole, Qt::ToolTipRole});
    emit editRefused(index, reason);
    return false;
}

template<typename Item>
bool EditableRows<Item>::insertRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || row > m_rows.size() || count <= 0)
        return false;
    beginInsertRows(parent, row, row + count - 1);
    m_rows.insert(row, count, Row{{}, {}, true});
    endInsertRows();
    return true;
}

template<typename Item>
bool EditableRows<Item>::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_rows.size())
        return false;
    beginRemoveRows(parent, row, row + count - 1);
    m_rows.remove(row, count);
    endRemoveRows();
    return true;
}

template<typename Item> void EditableRows<Item>::setItems(const QList<Item> &items)
{
    beginResetModel();
    m_rows.clear();
    for (const Item &item : items)
        m_rows.append(Row{item, {}});
    endResetModel();
}

template<typename Item> QList<Item> EditableRows<Item>::items(bool withDrafts) const
{
    QList<Item> out;
    for (const Row &r : m_rows)
        if (withDrafts || !r.draft)
            out.append(r.item);
    return out;
}

} // namespace leasedesk
