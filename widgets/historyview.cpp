#include "widgets/historyview.h"

#include "widgets/clientdiagnosis.h"
#include "widgets/csvexport.h"
#include "widgets/leasehistorymodel.h"
#include "widgets/leasehistoryview.h"
#include "widgets/pastclientmodel.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace leasedesk {

namespace {

QTableView *table(QAbstractItemModel *model, QWidget *parent)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setAlternatingRowColors(true);
    view->verticalHeader()->hide();
    view->horizontalHeader()->setStretchLastSection(true);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    return view;
}

QLabel *boldLabel(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setTextFormat(Qt::PlainText);
    QFont bold = label->font();
    bold.setBold(true);
    label->setFont(bold);
    return label;
}

} // namespace

HistoryView::HistoryView(QWidget *parent)
    : QWidget(parent), m_nowS([] { return QDateTime::currentSecsSinceEpoch(); })
{
    m_history = new LeaseHistoryModel(this);
    m_past = new PastClientModel(this);
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(buildSearch());
    split->addWidget(buildPastClients());
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
}

QWidget *HistoryView::buildSearch()
{
    auto *box = new QWidget(this);
    m_search = new QLineEdit(box);
    m_search->setObjectName(QStringLiteral("historySearch"));
    m_search->setPlaceholderText(tr("An IP address (198.18.0.7) or a MAC (02:00:00:00:00:07)"));
    m_search->setClearButtonEnabled(true);
    auto *go = new QPushButton(tr("Show history"), box);
    auto *exportCsv = new QPushButton(tr("Export CSV…"), box);
    m_historyTitle = boldLabel(tr("Type an address or a MAC to see who had what, and when."), box);
    m_historyTitle->setObjectName(QStringLiteral("historyTitle"));
    m_historyTitle->setWordWrap(true);
    m_historyTable = table(m_history, box);

    auto *row = new QHBoxLayout;
    row->addWidget(m_search, 1);
    row->addWidget(go);
    row->addWidget(exportCsv);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_historyTitle);
    layout->addWidget(m_historyTable, 1);

    connect(m_search, &QLineEdit::returnPressed, this, [this] { search(m_search->text()); });
    connect(go, &QPushButton::clicked, this, [this] { search(m_search->text()); });
    connect(exportCsv, &QPushButton::clicked, this, [this] {
        QString name = LeaseHistoryModel::subject(m_history->query());
        name.replace(QLatin1Char(':'), QLatin1Char('-'));
        saveCsvWithDialog(this, tr("history-%1.csv").arg(name), historyCsv());
    });
    return box;
}

QWidget *HistoryView::buildPastClients()
{
    auto *box = new QWidget(this);
    m_pastTitle = boldLabel(tr("Past clients"), box);
    m_pastTitle->setObjectName(QStringLiteral("pastClientsTitle"));
    auto *refresh = new QPushButton(tr("Refresh"), box);
    auto *exportCsv = new QPushButton(tr("Export CSV…"), box);
    auto *sorted = new QSortFilterProxyModel(box);
    sorted->setSourceModel(m_past);
    sorted->setSortRole(Qt::UserRole);
    m_pastTable = table(sorted, box);
    m_pastTable->setObjectName(QStringLiteral("pastClients"));
    m_pastTable->setSortingEnabled(true);
    m_pastTable->sortByColumn(PastClientModel::LastSeen, Qt::DescendingOrder);
    m_pastTable->setToolTip(tr("Double-click a machine to see its history above."));

    auto *row = new QHBoxLayout;
    row->addWidget(m_pastTitle, 1);
    row->addWidget(refresh);
    row->addWidget(exportCsv);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_pastTable, 1);

    connect(refresh, &QPushButton::clicked, this, &HistoryView::refreshPastClients);
    connect(exportCsv, &QPushButton::clicked, this,
            [this] { saveCsvWithDialog(this, tr("past-clients.csv"), pastClientsCsv()); });
    connect(m_pastTable, &QTableView::doubleClicked, this, [this, sorted](const QModelIndex &i) {
        const PastClient c = m_past->clientAt(sorted->mapToSource(i).row());
        m_search->setText(formatMac(c.mac));
        search(m_search->text());
    });
    return box;
}

HistoryQuery HistoryView::pastClientsQuery()
{
    HistoryQuery q;
    q.limit = PastClientsLimit;
    return q;
}

void HistoryView::setLeases(const QList<Lease> &leases)
{
    m_leases = leases;
    if (m_pastLoaded)
        updatePastClients();
}

void HistoryView::setDeviceLabels(const QHash<QByteArray, QString> &labels)
{
    m_past->setDeviceLabels(labels);
}

bool HistoryView::search(const QString &text)
{
    HistoryQuery q;
    q.limit = SearchLimit;
    const QString t = text.trimmed();
    const std::optional<Ipv4Address> address = Ipv4Address::fromString(t.toStdString());
    const std::optional<QByteArray> mac = address ? std::nullopt : parseTypedMac(t);
    if (address && !address->isZero()) {
        q.address = *address;
    } else if (mac) {
        q.mac = *mac;
    } else {
        // 0.0.0.0 would mean "every address" to the engine's history query.
        m_historyTitle->setText(
            t.isEmpty()   ? tr("Type an address or a MAC to see who had what, and when.")
                : address ? tr("0.0.0.0 is no client's address: type one from a scope.")
                          : tr("\"%1\" is neither an IPv4 address nor a MAC address.").arg(t));
        return false;
    }
    m_pendingSearch = q;
    m_historyTitle->setText(tr("Reading the history of %1…").arg(LeaseHistoryModel::subject(q)));
    emit historyWanted(q);
    return true;
}

void HistoryView::refreshPastClients()
{
    m_pastPending = true;
    m_pastTitle->setText(tr("Past clients (reading the history…)"));
    emit historyWanted(pastClientsQuery());
}

bool HistoryView::showHistory(const HistoryQuery &query, const QList<LeaseHistoryEntry> &entries)
{
    if (m_pendingSearch && query == *m_pendingSearch) {
        m_pendingSearch.reset();
        m_history->setHistory(query, entries);
        m_historyTitle->setText(
            entries.isEmpty() ? tr("%1 has no history.").arg(LeaseHistoryModel::subject(query))
                              : LeaseHistoryModel::title(query, entries.size()));
        m_historyTable->resizeColumnsToContents();
        return true;
    }
    if (m_pastPending && query == pastClientsQuery()) {
        m_pastPending = false;
        m_pastLoaded = true;
        m_pastEntries = entries;
        updatePastClients();
        return true;
    }
    return false;
}

void HistoryView::updatePastClients()
{
    m_past->setClients(pastClients(m_pastEntries, m_leases, m_nowS()));
    const bool cut = m_pastEntries.size() >= PastClientsLimit;
    m_pastTitle->setText(cut ? tr("Past clients: %1 (from the latest %2 history entries)")
                                   .arg(m_past->rowCount())
                                   .arg(PastClientsLimit)
                             : tr("Past clients: %1").arg(m_past->rowCount()));
    m_pastTable->resizeColumnsToContents();
}

QByteArray HistoryView::historyCsv() const
{
    return CsvExport::write(*m_history);
}

QByteArray HistoryView::pastClientsCsv() const
{
    return CsvExport::write(*m_pastTable->model());
}

// The past clients are read when the tab is first opened, not at start: the history can be
// long and most sessions never look.
void HistoryView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (!m_pastLoaded && !m_pastPending)
        refreshPastClients();
}

} // namespace leasedesk
