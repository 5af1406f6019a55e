#pragma once

#include "core/lease.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;

namespace leasedesk {

class QuarantineModel;

// The "Conflicts" tab: addresses kept out of use, and the one thing to do about them.
class ConflictsView : public QWidget
{
    Q_OBJECT
public:
    explicit ConflictsView(QWidget *parent = nullptr);

    void setQuarantine(const QList<Lease> &leases);
    void applyChanges(const QList<Lease> &leases);

    QuarantineModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    int count() const;

signals:
    void reclaimRequested(leasedesk::Ipv4Address address);
    void countChanged(int count);

private:
    void reclaimSelected();
    void updateActions();

    QuarantineModel *m_model = nullptr;
    QSortFilterProxyModel *m_sorted = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_reclaim = nullptr;
};

} // namespace leasedesk
