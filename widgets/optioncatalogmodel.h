#pragma once

#include <QAbstractTableModel>
#include <QList>
#include <QSet>
#include <QSortFilterProxyModel>

namespace leasedesk {

// Every option code an admin could pick (1-254): the option table's definitions with type and
// RFC, and "Option N" for the codes it does not know (set as hex bytes). Codes the server
// sets itself, and codes already in the list being edited, are disabled with the reason in
// the Note column.
class OptionCatalogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Code, Name, Type, Rfc, Note, ColumnCount };
    enum Role {
        CodeRole = Qt::UserRole + 1, // int
        KnownRole, // bool: in the option table
        RefusalRole, // QString: why it cannot be added; empty when it can
    };

    explicit OptionCatalogModel(QObject *parent = nullptr);

    // Codes already set; they are refused as duplicates.
    void setTakenCodes(const QSet<int> &codes);
    // Why this code cannot be added; empty when it can.
    QString refusal(quint8 code) const;
    // The row of a code (codes start at 1).
    static int rowOf(quint8 code) { return int(code) - 1; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    QVariant display(quint8 code, int column) const;

    QList<QString> m_owned; // by row: why the server keeps the option to itself
    QSet<int> m_taken;
};

// Narrows the catalog to what was typed: every word must match the code (its first digits)
// or the name, as in "42 NTP Servers". Codes outside the table appear only when their
// number is typed in full, so the list is not flooded with 150 "Option N" rows.
class OptionCatalogFilter : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setSearch(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QStringList m_words;
};

} // namespace leasedesk
