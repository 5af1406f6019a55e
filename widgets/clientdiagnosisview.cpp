#include "widgets/clientdiagnosisview.h"

#include "core/configuration.h"
#include "widgets/clientdiagnosis.h"
#include "widgets/transactionmodel.h"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace leasedesk {

namespace {

enum Column { Time, Xid, Outcome, OfferLatency, AckLatency, ColumnCount };

QString latencyText(const std::optional<qint64> &ms)
{
    return ms ? QStringLiteral("%1 ms").arg(*ms) : QStringLiteral("–");
}

QTableWidgetItem *cell(const QString &text)
{
    auto *item = new QTableWidgetItem(text);
    item->setFlags(Qt::ItemIsSelectable | Qt::ItemIsEnabled);
    return item;
}

} // namespace

ClientDiagnosisView::ClientDiagnosisView(TransactionModel *model, QWidget *parent)
    : QWidget(parent), m_model(model), m_macs(new QComboBox(this)),
      m_explain(new QAction(tr("Explain"), this)), m_text(new QTextBrowser(this)),
      m_table(new QTableWidget(0, ColumnCount, this)), m_refresh(new QTimer(this))
{
    m_macs->setObjectName(QStringLiteral("clientMac"));
    m_macs->setEditable(true);
    m_macs->setInsertPolicy(QComboBox::NoInsert);
    m_macs->setMinimumContentsLength(17);
    m_macs->lineEdit()->setPlaceholderText(QStringLiteral("02:00:00:00:00:01"));
    m_explain->setToolTip(tr("Why didn't this client get an address?"));
    auto *button = new QToolButton(this);
    button->setDefaultAction(m_explain);

    m_text->setObjectName(QStringLiteral("explanation"));
    m_text->setOpenLinks(false);
    m_text->setPlaceholderText(tr("Choose or type a client's MAC address and press Explain."));

    m_table->setObjectName(QStringLiteral("clientTransactions"));
    m_table->setHorizontalHeaderLabels(
        {tr("Time"), tr("xid"), tr("Outcome"), tr("DISCOVER→OFFER"), tr("REQUEST→reply")});
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(Outcome, QHeaderView::Stretch);

    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Client MAC:"), this));
    top->addWidget(m_macs, 1);
    top->addWidget(button);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_text, 2);
    layout->addWidget(m_table, 1);

    connect(m_explain, &QAction::triggered, this, &ClientDiagnosisView::explainTyped);
    connect(m_macs->lineEdit(), &QLineEdit::returnPressed, this,
            &ClientDiagnosisView::explainTyped);
    connect(m_macs, &QComboBox::activated, this, &ClientDiagnosisView::explainTyped);
    connect(m_table, &QTableWidget::itemActivated, this, [this](QTableWidgetItem *item) {
        emit transactionActivated(
            m_table->item(item->row(), Time)->data(Qt::UserRole).toULongLong());
    });

    m_refresh->setSingleShot(true);
    m_refresh->setInterval(300);
    connect(m_refresh, &QTimer::timeout, this, &ClientDiagnosisView::modelChanged);
    // Hidden, it only notes that it is stale: under a flood the model changes a hundred times
    // a second, and nobody reads a panel that is not on screen.
    const auto later = [this] {
        m_stale = true;
        if (isVisible() && !m_refresh->isActive())
            m_refresh->start();
    };
    connect(m_model, &QAbstractItemModel::rowsInserted, this, later);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, later);
    connect(m_model, &QAbstractItemModel::dataChanged, this, later);
    connect(m_model, &QAbstractItemModel::modelReset, this, later);
    refreshClients();
}

void ClientDiagnosisView::setLeases(const QList<Lease> &all)
{
    m_leases = all;
    if (!m_mac.isEmpty())
        explain(m_mac);
}

void ClientDiagnosisView::explain(const QByteArray &mac)
{
    m_mac = mac;
    if (const QString shown = formatMac(mac); m_macs->currentText() != shown) {
        const QSignalBlocker blocker(m_macs);
        m_macs->setEditText(shown);
    }
    QList<Lease> leases;
    for (const Lease &l : std::as_const(m_leases))
        if (l.hardwareAddress == mac)
            leases.append(l);
    showSentences(explainClient(mac, m_model->transactionsOf(mac), leases));
    fillTable(mac);
}

QString ClientDiagnosisView::explanationText() const
{
    return m_sentences.join(QLatin1Char('\n'));
}

void ClientDiagnosisView::explainTyped()
{
    const QString typed = m_macs->currentText().trimmed();
    if (const auto mac = parseTypedMac(typed)) {
        explain(*mac);
        return;
    }
    m_mac.clear();
    m_table->setRowCount(0);
    showSentences({tr("\"%1\" is not a MAC address: write its bytes in hex, like "
                      "02:00:00:00:00:01.")
                       .arg(typed)});
}

// The list follows the traffic, the text the user is typing stays as it is.
void ClientDiagnosisView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        modelChanged();
}

void ClientDiagnosisView::refreshClients()
{
    // The most recent clients are the ones asked about; any other MAC can still be typed.
    const QList<QByteArray> clients = m_model->clients().mid(0, MaxListedClients);
    if (clients == m_clients)
        return;
    m_clients = clients;
    const QSignalBlocker blocker(m_macs);
    const QString typed = m_macs->currentText();
    const int cursor = m_macs->lineEdit()->cursorPosition();
    m_macs->clear();
    for (const QByteArray &mac : clients)
        m_macs->addItem(formatMac(mac), mac);
    m_macs->setEditText(typed);
    m_macs->lineEdit()->setCursorPosition(cursor);
}

void ClientDiagnosisView::modelChanged()
{
    m_stale = false;
    refreshClients();
    if (!m_mac.isEmpty())
        explain(m_mac);
}

// Newest first: the exchange that matters is usually the last one.
void ClientDiagnosisView::fillTable(const QByteArray &mac)
{
    quint64 selected = 0;
    if (const auto rows = m_table->selectionModel()->selectedRows(); !rows.isEmpty())
        selected = m_table->item(rows.first().row(), Time)->data(Qt::UserRole).toULongLong();
    const QList<Transaction> transactions = m_model->transactionsOf(mac);
    m_table->setRowCount(int(transactions.size()));
    for (int row = 0; row < transactions.size(); ++row) {
        const Transaction &t = transactions.at(transactions.size() - 1 - row);
        QTableWidgetItem *time = cell(momentText(t.firstMs));
        time->setData(Qt::UserRole, QVariant::fromValue(t.id));
        m_table->setItem(row, Time, time);
        m_table->setItem(row, Xid,
                         cell(QStringLiteral("0x%1").arg(t.xid, 8, 16, QLatin1Char('0'))));
        m_table->setItem(row, Outcome, cell(t.outcomeText));
        m_table->setItem(row, OfferLatency, cell(latencyText(t.offerLatencyMs)));
        m_table->setItem(row, AckLatency, cell(latencyText(t.ackLatencyMs)));
        if (t.id == selected)
            m_table->selectRow(row);
    }
}

void ClientDiagnosisView::showSentences(const QStringList &sentences)
{
    if (sentences == m_sentences && !m_text->document()->isEmpty())
        return; // keeps the reader's scroll position while traffic flows
    m_sentences = sentences;
    QString html = QStringLiteral("<ul>");
    for (const QString &s : sentences)
        html += QStringLiteral("<li>%1</li>").arg(s.toHtmlEscaped());
    html += QStringLiteral("</ul>");
    m_text->setHtml(html);
}

} // namespace leasedesk
