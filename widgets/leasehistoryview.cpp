#include "widgets/leasehistoryview.h"

#include "core/configuration.h"
#include "widgets/csvexport.h"
#include "widgets/leasehistorymodel.h"

#include <QButtonGroup>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSaveFile>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace leasedesk {

namespace {

// Same-subject test for answers: the engine may echo a query with its own limit, so only
// what the query is about counts.
bool sameSubject(const HistoryQuery &a, const HistoryQuery &b)
{
    return a.address == b.address && a.mac == b.mac;
}

} // namespace

bool saveCsvWithDialog(QWidget *parent, const QString &suggestedName, const QByteArray &csv)
{
    const QString path = QFileDialog::getSaveFileName(
        parent, QObject::tr("Export CSV"), suggestedName, QObject::tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return false;
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(csv) == csv.size() && file.commit())
        return true;
    QMessageBox::warning(parent, QObject::tr("Export CSV"),
                         QObject::tr("Could not write %1: %2").arg(path, file.errorString()));
    return false;
}

LeaseHistoryView::LeaseHistoryView(QWidget *parent) : QWidget(parent)
{
    m_model = new LeaseHistoryModel(this);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buildHeader());
    buildTable();
    layout->addWidget(m_table, 1);
    updateSubjectButtons();
}

QWidget *LeaseHistoryView::buildHeader()
{
    auto *header = new QWidget(this);
    m_title = new QLabel(tr("History"), header);
    m_title->setObjectName(QStringLiteral("historyTitle"));
    // The subject may carry client-supplied text one day; a label never renders it as HTML.
    m_title->setTextFormat(Qt::PlainText);
    QFont bold = m_title->font();
    bold.setBold(true);
    m_title->setFont(bold);

    m_byAddress = new QRadioButton(tr("This address"), header);
    m_byAddress->setObjectName(QStringLiteral("historyByAddress"));
    m_byAddress->setChecked(true);
    m_byMachine = new QRadioButton(tr("This machine (MAC)"), header);
    m_byMachine->setObjectName(QStringLiteral("historyByMachine"));
    auto *group = new QButtonGroup(header);
    group->addButton(m_byAddress);
    group->addButton(m_byMachine);
    connect(m_byMachine, &QRadioButton::toggled, this, [this] {
        updateSubjectButtons();
        emit queryChanged(query());
    });

    m_export = new QPushButton(tr("Export CSV…"), header);
    m_export->setObjectName(QStringLiteral("historyExport"));
    connect(m_export, &QPushButton::clicked, this, &LeaseHistoryView::exportWithDialog);
    m_close = new QToolButton(header);
    m_close->setObjectName(QStringLiteral("historyClose"));
    m_close->setText(tr("Close"));
    m_close->setToolTip(tr("Hide the history"));
    m_close->setAutoRaise(true);
    connect(m_close, &QToolButton::clicked, this, &LeaseHistoryView::closeRequested);

    auto *row = new QHBoxLayout(header);
    row->setContentsMargins(0, 4, 0, 0);
    row->addWidget(m_title, 1);
    row->addWidget(m_byAddress);
    row->addWidget(m_byMachine);
    row->addSpacing(8);
    row->addWidget(m_export);
    row->addWidget(m_close);
    return header;
}

void LeaseHistoryView::buildTable()
{
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("historyTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    auto *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    const int digit = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    header->resizeSection(LeaseHistoryModel::Time, digit * 20);
    header->resizeSection(LeaseHistoryModel::Address, digit * 15);
    header->resizeSection(LeaseHistoryModel::HardwareAddress, digit * 18);
    header->resizeSection(LeaseHistoryModel::Change, digit * 20);
}

void LeaseHistoryView::setLease(const Lease &lease)
{
    m_lease = lease;
    updateSubjectButtons();
}

HistoryQuery LeaseHistoryView::query() const
{
    HistoryQuery q;
    if (showsMachine())
        q.mac = m_lease.hardwareAddress;
    else
        q.address = m_lease.address;
    return q;
}

bool LeaseHistoryView::showsMachine() const
{
    return m_byMachine->isChecked() && !m_lease.hardwareAddress.isEmpty();
}

void LeaseHistoryView::setShowsMachine(bool machine)
{
    (machine ? m_byMachine : m_byAddress)->setChecked(true);
}

void LeaseHistoryView::updateSubjectButtons()
{
    // A client known only by its client-id has no MAC to follow.
    const bool hasMac = !m_lease.hardwareAddress.isEmpty();
    m_byMachine->setEnabled(hasMac);
    m_byAddress->setToolTip(m_lease.address.isZero()
                                ? QString()
                                : tr("Every client that held %1")
                                      .arg(QString::fromStdString(m_lease.address.toString())));
    m_byMachine->setToolTip(
        hasMac ? tr("Every address %1 held").arg(formatMac(m_lease.hardwareAddress))
               : tr("This lease has no MAC address"));
}

void LeaseHistoryView::showPending(const HistoryQuery &query)
{
    m_pending = query;
    m_title->setText(tr("History of %1 — loading…").arg(LeaseHistoryModel::subject(query)));
}

bool LeaseHistoryView::showHistory(const HistoryQuery &query,
                                   const QList<LeaseHistoryEntry> &entries)
{
    if (m_pending && !sameSubject(*m_pending, query))
        return false;
    m_pending.reset();
    m_model->setHistory(query, entries);
    m_title->setText(LeaseHistoryModel::title(query, entries.size()));
    return true;
}

QByteArray LeaseHistoryView::exportCsv() const
{
    return CsvExport::write(*m_model);
}

void LeaseHistoryView::exportWithDialog()
{
    QString name = LeaseHistoryModel::subject(m_model->query());
    name.replace(QLatin1Char(':'), QLatin1Char('-')).replace(QLatin1Char(' '), QLatin1Char('_'));
    saveCsvWithDialog(this, tr("history-%1.csv").arg(name), exportCsv());
}

} // namespace leasedesk
