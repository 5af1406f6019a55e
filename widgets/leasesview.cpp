#include "widgets/leasesview.h"

#include "widgets/leasefiltermodel.h"
#include "widgets/leasetablemodel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace leasedesk {

namespace {
// Relative expiry ("in 42 min") only shows minutes once past the first one, so refreshing
// twice a minute keeps it honest without repainting the table every second.
constexpr int RefreshMs = 30'000;
} // namespace

LeasesView::LeasesView(QWidget *parent) : QWidget(parent)
{
    m_model = new LeaseTableModel(this);
    m_filter = new LeaseFilterModel(this);
    m_filter->setSourceModel(m_model);

    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("leaseFilter"));
    m_search->setPlaceholderText(tr("Filter by IP, MAC, hostname, state"));
    m_search->setClearButtonEnabled(true);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("leaseCount"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("leaseTable"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(LeaseTableModel::Address, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(false); // the state colours are the row backgrounds
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    auto *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setStretchLastSection(true);
    // Widths fit typical content ("198.18.255.255", a MAC, "in 59 min") so a first start
    // looks tidy; the admin can drag them.
    const int digit = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    header->resizeSection(LeaseTableModel::Address, digit * 15);
    header->resizeSection(LeaseTableModel::HardwareAddress, digit * 18);
    header->resizeSection(LeaseTableModel::Hostname, digit * 15);
    header->resizeSection(LeaseTableModel::Label, digit * 10);
    header->resizeSection(LeaseTableModel::State, digit * 10);
    header->resizeSection(LeaseTableModel::Expires, digit * 12);

    auto *top = new QHBoxLayout;
    top->addWidget(m_search, 1);
    top->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setFilterText(text);
        updateCount();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &LeasesView::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &LeasesView::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &LeasesView::updateCount);
    // A renewal can move a lease in or out of the filter (its state or hostname changed).
    connect(m_model, &QAbstractItemModel::dataChanged, this, &LeasesView::updateCount);

    m_clock = new QTimer(this);
    m_clock->setInterval(RefreshMs);
    connect(m_clock, &QTimer::timeout, m_model, &LeaseTableModel::refreshTimes);
    m_clock->start();
    updateCount();
}

void LeasesView::setLeases(const QList<Lease> &leases)
{
    m_model->setLeases(leases);
}

void LeasesView::applyChanges(const QList<Lease> &leases)
{
    m_model->applyChanges(leases);
}

void LeasesView::focusFilter()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void LeasesView::updateCount()
{
    const int all = m_model->rowCount();
    const int shown = m_filter->rowCount();
    const QString total = all == 1 ? tr("1 lease") : tr("%1 leases").arg(all);
    m_count->setText(shown == all ? total : tr("%1 of %2").arg(shown).arg(total));
}

} // namespace leasedesk
