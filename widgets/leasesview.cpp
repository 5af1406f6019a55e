#include "widgets/leasesview.h"
#include "core/packetio.h"

#include "core/configuration.h"
#include "widgets/csvexport.h"
#include "widgets/leasefiltermodel.h"
#include "widgets/leasehistoryview.h"
#include "widgets/leasetablemodel.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>

namespace leasedesk {

namespace {
// Relative expiry ("in 42 min") only shows minutes once past the first one, so refreshing
// twice a minute keeps it honest without repainting the table every second.
constexpr int RefreshMs = 30'000;
// How many addresses a warning names before it says "…": enough to recognise, short
// enough that the message box stays readable.
constexpr int NamedInWarning = 4;

bool isActive(const Lease &l)
{
    return l.state == LeaseState::Offered || l.state == LeaseState::Bound;
}

bool isQuarantined(const Lease &l)
{
    return l.state == LeaseState::Declined || l.state == LeaseState::Conflict;
}

QString addressList(const QList<Lease> &leases)
{
    QStringList ips;
    for (qsizetype i = 0; i < leases.size() && i < NamedInWarning; ++i)
        ips.append(addressText(leases[i].address));
    if (leases.size() > NamedInWarning)
        ips.append(QStringLiteral("…"));
    return ips.join(QStringLiteral(", "));
}

// A cell on one clipboard line: a hostname with a tab or newline must not split the row.
QString tsvCell(QString text)
{
    for (QChar &c : text)
        if (c == QLatin1Char('\t') || c == QLatin1Char('\n') || c == QLatin1Char('\r'))
            c = QLatin1Char(' ');
    return text;
}

bool askWithMessageBox(QWidget *parent, const QString &title, const QString &text)
{
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::NoButton, parent);
    box.setTextFormat(Qt::PlainText); // hostnames and reasons come from clients
    QPushButton *yes = box.addButton(QObject::tr("Delete"), QMessageBox::DestructiveRole);
    box.setDefaultButton(box.addButton(QMessageBox::Cancel));
    box.exec();
    return box.clickedButton() == yes;
}

} // namespace

LeasesView::LeasesView(QWidget *parent) : QWidget(parent), m_confirm(askWithMessageBox)
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

    setUpTable();
    createActions();
    m_history = new LeaseHistoryView(this);
    m_history->setObjectName(QStringLiteral("leaseHistory"));
    m_history->hide();
    m_splitter = new QSplitter(Qt::Vertical, this);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_table);
    m_splitter->addWidget(m_history);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);

    auto *top = new QHBoxLayout;
    top->addWidget(m_search, 1);
    top->addWidget(m_count);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buildToolBar());
    layout->addWidget(m_splitter, 1);

    connectSignals();
    m_clock = new QTimer(this);
    m_clock->setInterval(RefreshMs);
    connect(m_clock, &QTimer::timeout, m_model, &LeaseTableModel::refreshTimes);
    m_clock->start();
    updateCount();
    updateActions();
}

void LeasesView::setUpTable()
{
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("leaseTable"));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(LeaseTableModel::Address, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
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
}

void LeasesView::createActions()
{
    const auto make = [this](const QString &text, const QString &tip) {
        auto *a = new QAction(text, this);
        a->setToolTip(tip);
        a->setStatusTip(tip);
        return a;
    };
    m_release = make(tr("Release"), tr("End the selected offered or bound leases now"));
    m_delete = make(tr("Delete…"), tr("Forget the selected leases"));
    m_reserve = make(tr("Reserve this address"),
                     tr("Create a reservation of this address for this client"));
    m_copy = make(tr("Copy"), tr("Copy the selected rows as tab-separated text"));
    m_export = make(tr("Export CSV…"), tr("Save the rows shown as a CSV file"));
    m_exportSelected = make(tr("Export selected rows…"), tr("Save the selected rows as CSV"));
    m_showHistory = make(tr("History"), tr("Show what happened to this address or machine"));
    // Shortcuts act where the rows are, so Ctrl+C in the search box still copies its text.
    m_copy->setShortcut(QKeySequence::Copy);
    m_copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_delete->setShortcut(QKeySequence::Delete);
    m_delete->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addActions({m_copy, m_delete});

    connect(m_release, &QAction::triggered, this, &LeasesView::releaseSelected);
    connect(m_delete, &QAction::triggered, this, &LeasesView::deleteSelected);
    connect(m_reserve, &QAction::triggered, this, &LeasesView::reserveSelected);
    connect(m_copy, &QAction::triggered, this, &LeasesView::copySelection);
    connect(m_export, &QAction::triggered, this, [this] { exportWithDialog(false); });
    connect(m_exportSelected, &QAction::triggered, this, [this] { exportWithDialog(true); });
    connect(m_showHistory, &QAction::triggered, this, &LeasesView::requestHistory);
}

QToolBar *LeasesView::buildToolBar()
{
    auto *bar = new QToolBar(this);
    bar->setObjectName(QStringLiteral("leaseActions"));
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->setIconSize(QSize(16, 16));
    bar->addActions({m_release, m_delete, m_reserve});
    bar->addSeparator();
    bar->addActions({m_copy, m_export});
    bar->addSeparator();
    bar->addAction(m_showHistory);
    return bar;
}

void LeasesView::connectSignals()
{
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_filter->setFilterText(text);
        updateCount();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &LeasesView::updateCount);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &LeasesView::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &LeasesView::updateCount);
    // A renewal can move a lease in or out of the filter (its state or hostname changed),
    // and can change which actions fit the selection (bound → released).
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        updateCount();
        updateActions();
    });
    connect(m_filter, &QAbstractItemModel::rowsRemoved, this, &LeasesView::updateActions);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &LeasesView::updateActions);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &LeasesView::updateActions);
    connect(m_table, &QTableView::customContextMenuRequested, this, &LeasesView::showContextMenu);
    connect(m_table, &QTableView::doubleClicked, this, &LeasesView::requestHistory);
    connect(m_history, &LeaseHistoryView::queryChanged, this, [this](const HistoryQuery &q) {
        m_history->showPending(q);
        emit historyWanted(q);
    });
    connect(m_history, &LeaseHistoryView::closeRequested, m_history, &QWidget::hide);
}

void LeasesView::setLeases(const QList<Lease> &leases)
{
    m_model->setLeases(leases);
}

void LeasesView::applyChanges(const QList<Lease> &leases)
{
    m_model->applyChanges(leases);
}

void LeasesView::setConfirm(Confirm confirm)
{
    m_confirm = confirm ? std::move(confirm) : Confirm(askWithMessageBox);
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

void LeasesView::updateActions()
{
    const QList<Lease> leases = selectedLeases();
    const bool any = !leases.isEmpty();
    const bool one = leases.size() == 1;
    m_release->setEnabled(std::any_of(leases.cbegin(), leases.cend(), isActive));
    m_delete->setEnabled(any);
    // A reservation needs a client to name: a MAC or a client-id.
    m_reserve->setEnabled(
        one && !(leases[0].hardwareAddress.isEmpty() && leases[0].clientId.isEmpty()));
    m_copy->setEnabled(any);
    m_exportSelected->setEnabled(any);
    m_showHistory->setEnabled(one);
}

QList<int> LeasesView::selectedProxyRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(index.row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

QList<Lease> LeasesView::selectedLeases() const
{
    QList<Lease> leases;
    for (int row : selectedProxyRows())
        leases.append(m_model->leaseAt(m_filter->mapToSource(m_filter->index(row, 0)).row()));
    return leases;
}

QString LeasesView::copyText() const
{
    const int columns = m_filter->columnCount();
    QStringList lines;
    QStringList cells;
    for (int c = 0; c < columns; ++c)
        cells.append(tsvCell(m_filter->headerData(c, Qt::Horizontal).toString()));
    lines.append(cells.join(QLatin1Char('\t')));
    for (int row : selectedProxyRows()) {
        cells.clear();
        for (int c = 0; c < columns; ++c)
            cells.append(tsvCell(m_filter->index(row, c).data().toString()));
        lines.append(cells.join(QLatin1Char('\t')));
    }
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

void LeasesView::copySelection()
{
    if (!selectedProxyRows().isEmpty())
        QApplication::clipboard()->setText(copyText());
}

QByteArray LeasesView::exportCsv(bool selectedOnly) const
{
    if (!selectedOnly)
        return CsvExport::write(*m_filter);
    QList<int> rows = selectedProxyRows();
    // CsvExport writes every row for an empty list; a row that does not exist writes none,
    // so an empty selection exports the header alone.
    if (rows.isEmpty())
        rows.append(-1);
    return CsvExport::write(*m_filter, rows);
}

void LeasesView::exportWithDialog(bool selectedOnly)
{
    saveCsvWithDialog(this, QStringLiteral("leases.csv"), exportCsv(selectedOnly));
}

QString LeasesView::deleteWarning(const QList<Lease> &leases)
{
    QList<Lease> active;
    QList<Lease> held;
    std::copy_if(leases.cbegin(), leases.cend(), std::back_inserter(active), isActive);
    std::copy_if(leases.cbegin(), leases.cend(), std::back_inserter(held), isQuarantined);
    QStringList parts;
    if (active.size() == 1)
        parts.append(tr("The client may keep using %1 until its lease runs out; LeaseDesk will "
                        "offer it to someone else.")
                         .arg(addressText(active[0].address)));
    else if (active.size() > 1)
        parts.append(tr("The clients may keep using %1 until their leases run out; LeaseDesk "
                        "will offer these addresses to someone else.")
                         .arg(addressList(active)));
    if (held.size() == 1)
        parts.append(tr("%1 is held back after a decline or a conflict; deleting lets LeaseDesk "
                        "offer it again, even if something still uses it.")
                         .arg(addressText(held[0].address)));
    else if (held.size() > 1)
        parts.append(tr("%1 are held back after a decline or a conflict; deleting lets "
                        "LeaseDesk offer them again, even if something still uses them.")
                         .arg(addressList(held)));
    if (parts.isEmpty())
        parts.append(tr("LeaseDesk will forget which client last had %1, so that client may get "
                        "a different address next time.")
                         .arg(addressList(leases)));
    parts.append(leases.size() == 1 ? tr("Delete?") : tr("Delete %1 leases?").arg(leases.size()));
    return parts.join(QLatin1Char(' '));
}

void LeasesView::releaseSelected()
{
    for (const Lease &l : selectedLeases())
        if (isActive(l))
            emit releaseRequested(l.address);
}

void LeasesView::deleteSelected()
{
    const QList<Lease> leases = selectedLeases();
    if (leases.isEmpty() || !m_confirm(this, tr("Delete leases"), deleteWarning(leases)))
        return;
    for (const Lease &l : leases)
        emit deleteRequested(l.address);
}

void LeasesView::reserveSelected()
{
    const QList<Lease> leases = selectedLeases();
    if (leases.size() == 1)
        emit reserveRequested(leases[0]);
}

void LeasesView::requestHistory()
{
    const QList<Lease> leases = selectedLeases();
    if (leases.size() != 1)
        return;
    m_history->setLease(leases[0]);
    const HistoryQuery query = m_history->query();
    m_history->showPending(query);
    m_history->show();
    emit historyWanted(query);
}

void LeasesView::showContextMenu(const QPoint &pos)
{
    QMenu menu(this);
    menu.addActions({m_release, m_delete, m_reserve});
    menu.addSeparator();
    menu.addActions({m_copy, m_exportSelected, m_export});
    menu.addSeparator();
    menu.addAction(m_showHistory);
    menu.exec(m_table->viewport()->mapToGlobal(pos));
}

bool LeasesView::selectAddress(Ipv4Address address)
{
    const int sourceRow = m_model->rowOf(address);
    if (sourceRow < 0)
        return false;
    const QModelIndex source = m_model->index(sourceRow, 0);
    if (!m_filter->mapFromSource(source).isValid())
        m_search->clear(); // the admin asked for this lease: a stale search must not hide it
    const QModelIndex index = m_filter->mapFromSource(source);
    m_table->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index, QAbstractItemView::PositionAtCenter);
    return true;
}

void LeasesView::removeLeases(const QList<Ipv4Address> &addresses)
{
    m_model->removeLeases(addresses);
}

void LeasesView::showHistory(const HistoryQuery &query, const QList<LeaseHistoryEntry> &entries)
{
    if (m_history->showHistory(query, entries))
        m_history->show();
}

} // namespace leasedesk
