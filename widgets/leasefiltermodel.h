#pragma once

#include <QSortFilterProxyModel>

namespace leasedesk {

// The lease table's search box and sorting. A row matches when the text occurs, ignoring
// case, in its address, MAC, hostname, label or state. A MAC matches however it is typed:
// "02:00:0a", "02-00-0a", "02000a" and Cisco's "0200.0a" all find 02:00:0a:…. Sorting uses
// LeaseTableModel::SortRole, so addresses sort as numbers.
class LeaseFilterModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit LeaseFilterModel(QObject *parent = nullptr);

    void setFilterText(const QString &text);
    QString filterText() const { return m_text; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_text; // trimmed
    QString m_macDigits; // the text as bare lowercase hex digits; empty when it is not a MAC
};

} // namespace leasedesk
