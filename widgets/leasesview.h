#pragma once

#include "core/lease.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace leasedesk {

class LeaseFilterModel;
class LeaseTableModel;

// The "Leases" tab: a search box over the sortable lease table. Owns its models so the main
// window only hands it plain leases.
class LeasesView : public QWidget
{
    Q_OBJECT
public:
    explicit LeasesView(QWidget *parent = nullptr);

    void setLeases(const QList<Lease> &leases);
    void applyChanges(const QList<Lease> &leases);

    LeaseTableModel *leaseModel() const { return m_model; }
    LeaseFilterModel *filterModel() const { return m_filter; }
    QLineEdit *filterEdit() const { return m_search; }
    QTableView *table() const { return m_table; }

public slots:
    void focusFilter();

private:
    void updateCount();

    LeaseTableModel *m_model = nullptr;
    LeaseFilterModel *m_filter = nullptr;
    QLineEdit *m_search = nullptr;
    QLabel *m_count = nullptr;
    QTableView *m_table = nullptr;
    QTimer *m_clock = nullptr;
};

} // namespace leasedesk
