#include "widgets/conflictsview.h"

#include "widgets/quarantinemodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace leasedesk {

ConflictsView::ConflictsView(QWidget *parent) : QWidget(parent)
{
    m_model = new QuarantineModel(this);
    m_sorted = new QSortFilterProxyModel(this);
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(QuarantineModel::SortRole);

    auto *intro =
        new QLabel(tr("Addresses kept out of use because a client declined them or another machine "
                      "answered for them. Reclaim one once the machine is gone."),
                   this);
    intro->setWordWrap(true);

    m_reclaim = new QPushButton(tr("Reclaim"), this);
    m_reclaim->setObjectName(QStringLiteral("reclaimButton"));
    m_reclaim->setToolTip(tr("Return the selected address to the pool now"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("conflictTable"));
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(QuarantineModel::Address, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);

    auto *top = new QHBoxLayout;
    top->addWidget(intro, 1);
    top->addWidget(m_reclaim, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    connect(m_reclaim, &QPushButton::clicked, this, &ConflictsView::reclaimSelected);
    connect(m_model, &QuarantineModel::reclaimRequested, this, &ConflictsView::reclaimRequested);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConflictsView::updateActions);
    // Rows leave when an address is reclaimed; the button must not outlive its selection.
    connect(m_sorted, &QAbstractItemModel::modelReset, this, &ConflictsView::updateActions);
    connect(m_sorted, &QAbstractItemModel::rowsRemoved, this, &ConflictsView::updateActions);
    updateActions();
}

void ConflictsView::setQuarantine(const QList<Lease> &leases)
{
    m_model->setLeases(leases);
    // A whole new list: fit the columns to it (dates are long, states short) so nothing
    // hides behind a horizontal scroll bar. Live batches leave the admin's widths alone.
    m_table->resizeColumnsToContents();
    emit countChanged(count());
}

void ConflictsView::applyChanges(const QList<Lease> &leases)
{
    const int before = count();
    m_model->applyChanges(leases);
    if (count() != before)
        emit countChanged(count());
}

int ConflictsView::count() const
{
    return m_model->rowCount();
}

void ConflictsView::reclaimSelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (!rows.isEmpty())
        m_model->reclaim(m_sorted->mapToSource(rows.front()).row());
}

void ConflictsView::updateActions()
{
    m_reclaim->setEnabled(m_table->selectionModel()->hasSelection());
}

} // namespace leasedesk
