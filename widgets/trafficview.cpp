#include "widgets/trafficview.h"

#include "engine/pcapexport.h"
#include "proto/dhcpmessage.h"
#include "widgets/csvexport.h"
#include "widgets/packetdetailview.h"
#include "widgets/packetfiltermodel.h"
#include "widgets/packetlistmodel.h"
#include "widgets/timelineview.h"
#include "widgets/transactionmodel.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSaveFile>
#include <QScrollBar>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

#include <optional>

namespace leasedesk {

namespace {

using Verdict = PacketListModel::Verdict;

// The verdict filter's choices, in the order the combo box lists them.
struct VerdictChoice
{
    const char *label;
    std::optional<Verdict> verdict;
    bool problems;
};
const VerdictChoice VerdictChoices[] = {
    {QT_TRANSLATE_NOOP("TrafficView", "Any verdict"), std::nullopt, false},
    {QT_TRANSLATE_NOOP("TrafficView", "Problems"), std::nullopt, true},
    {QT_TRANSLATE_NOOP("TrafficView", "Answered"), Verdict::Answered, false},
    {QT_TRANSLATE_NOOP("TrafficView", "Ignored"), Verdict::Ignored, false},
    {QT_TRANSLATE_NOOP("TrafficView", "Malformed"), Verdict::Malformed, false},
    {QT_TRANSLATE_NOOP("TrafficView", "Sent"), Verdict::Sent, false},
    {QT_TRANSLATE_NOOP("TrafficView", "Not sent"), Verdict::NotSent, false},
};

QLineEdit *filterEdit(const QString &placeholder, const QString &name, QWidget *parent)
{
    auto *edit = new QLineEdit(parent);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(placeholder) + 40);
    edit->setMaximumWidth(170);
    return edit;
}

} // namespace

TrafficView::TrafficView(QWidget *parent)
    : QWidget(parent), m_packets(new PacketListModel(50'000, this)),
      m_filter(new PacketFilterModel(this)), m_transactions(new TransactionModel(10'000, this))
{
    m_filter->setSourceModel(m_packets);

    m_timeline = new TimelineView(this);
    m_timeline->setObjectName(QStringLiteral("timeline"));
    m_timeline->setModel(m_transactions);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("packetTable"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    // Uniform rows and fixed column widths: a view over 50,000 rows that change twenty
    // thousand times a second must not measure its contents.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    const int widths[PacketListModel::ColumnCount] = {7, 13, 6, 8, 10, 11, 18, 14, 14, 14, 8, 30};
    for (int c = 0; c < PacketListModel::ColumnCount; ++c)
        m_table->setColumnWidth(c, widths[c] * digit + 12);

    m_detail = new PacketDetailView(this);
    m_detail->setObjectName(QStringLiteral("packetDetail"));

    auto *top = new QSplitter(Qt::Horizontal, this);
    top->addWidget(m_timeline);
    top->addWidget(m_table);
    top->setStretchFactor(0, 1);
    top->setStretchFactor(1, 1);
    top->setSizes({500, 500}); // proportions: the timeline's width hint would take it all
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(top);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({300, 200});

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(buildFilterRow());
    layout->addWidget(split, 1);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("trafficStatus"));
    layout->addWidget(m_status);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &TrafficView::showCurrentPacket);
    connect(m_timeline, &TimelineView::stepSelected, this, [this](quint64 serial) {
        m_selectingFromTimeline = true;
        selectSerial(serial);
        m_selectingFromTimeline = false;
    });
    connect(m_timeline, &TimelineView::followNewestChanged, this, &TrafficView::setFollowNewest);
    // Scrolling the list up by hand means "let me read": stop following, as Wireshark does.
    connect(m_table->verticalScrollBar(), &QScrollBar::actionTriggered, this, [this] {
        QScrollBar *bar = m_table->verticalScrollBar();
        if (bar->sliderPosition() < bar->maximum())
            setFollowNewest(false);
    });

    m_statusTimer = new QTimer(this);
    m_statusTimer->setInterval(250);
    connect(m_statusTimer, &QTimer::timeout, this, &TrafficView::updateStatus);
    m_statusTimer->start();
    setFollowNewest(true);
    updateStatus();
}

QWidget *TrafficView::buildFilterRow()
{
    auto *row = new QWidget(this);
    auto *h = new QHBoxLayout(row);
    h->setContentsMargins(0, 0, 0, 0);
    m_mac = filterEdit(tr("Client MAC"), QStringLiteral("macFilter"), row);
    m_address = filterEdit(tr("IP address"), QStringLiteral("addressFilter"), row);
    m_xid = filterEdit(tr("xid (hex)"), QStringLiteral("xidFilter"), row);
    m_xid->setMaximumWidth(120);
    m_type = new QComboBox(row);
    m_type->setObjectName(QStringLiteral("typeFilter"));
    m_type->addItem(tr("Any type"), 0);
    for (int t = 1; t <= 8; ++t)
        m_type->addItem(QString::fromLatin1(proto::messageTypeName(quint8(t)).data()), t);
    m_verdict = new QComboBox(row);
    m_verdict->setObjectName(QStringLiteral("verdictFilter"));
    for (const VerdictChoice &c : VerdictChoices)
        m_verdict->addItem(tr(c.label));
    for (QLineEdit *e : {m_mac, m_address, m_xid})
        connect(e, &QLineEdit::textChanged, this, &TrafficView::applyFilters);
    for (QComboBox *c : {m_type, m_verdict})
        connect(c, &QComboBox::currentIndexChanged, this, &TrafficView::applyFilters);

    m_pause = new QAction(tr("Pause"), this);
    m_pause->setObjectName(QStringLiteral("pauseTraffic"));
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Freeze the view; LeaseDesk keeps serving and the packets wait"));
    connect(m_pause, &QAction::toggled, this, &TrafficView::setPaused);
    m_follow = new QAction(tr("Follow newest"), this);
    m_follow->setObjectName(QStringLiteral("followNewest"));
    m_follow->setCheckable(true);
    connect(m_follow, &QAction::toggled, this, &TrafficView::setFollowNewest);

    auto *exportButton = new QToolButton(row);
    exportButton->setText(tr("Export"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(exportButton);
    menu->addAction(tr("All shown packets as pcap…"), this,
                    [this] { exportWithDialog(true, false); });
    menu->addAction(tr("Selected packets as pcap…"), this,
                    [this] { exportWithDialog(true, true); });
    menu->addAction(tr("All shown packets as CSV…"), this,
                    [this] { exportWithDialog(false, false); });
    menu->addAction(tr("Selected packets as CSV…"), this,
                    [this] { exportWithDialog(false, true); });
    exportButton->setMenu(menu);
    auto *clearButton = new QToolButton(row);
    clearButton->setText(tr("Clear"));
    clearButton->setToolTip(tr("Empty the list and the timeline (the engine is not affected)"));
    connect(clearButton, &QToolButton::clicked, this, &TrafficView::clear);

    h->addWidget(m_mac);
    h->addWidget(m_address);
    h->addWidget(m_xid);
    h->addWidget(m_type);
    h->addWidget(m_verdict);
    for (QAction *a : {m_pause, m_follow}) {
        auto *b = new QToolButton(row);
        b->setDefaultAction(a);
        h->addWidget(b);
    }
    h->addWidget(exportButton);
    h->addWidget(clearButton);
    h->addStretch(1);
    return row;
}

void TrafficView::applyFilters()
{
    // Text that cannot match anything is shown in red with the reason, not silently empty.
    const auto mark = [](QLineEdit *edit, bool usable, const QString &why) {
        QPalette pal = edit->parentWidget()->palette();
        if (!usable)
            pal.setColor(QPalette::Text, QColor(0xb3, 0x1b, 0x1b));
        edit->setPalette(pal);
        edit->setToolTip(usable ? QString() : why);
    };
    mark(m_mac, m_filter->setMacFilter(m_mac->text()),
         tr("A MAC address is hex digits, with or without : - . between them"));
    mark(m_address, m_filter->setAddressFilter(m_address->text()),
         tr("An IPv4 address, the start of one (198.18.0.) or a network (198.18.0.0/24)"));
    mark(m_xid, m_filter->setXidFilter(m_xid->text()),
         tr("An xid is up to 8 hex digits, with or without 0x"));
    m_filter->setTypeFilter(quint8(m_type->currentData().toInt()));
    const VerdictChoice &c = VerdictChoices[qMax(0, m_verdict->currentIndex())];
    m_filter->setProblemsOnly(c.problems);
    m_filter->setVerdictFilter(c.verdict);
    if (m_follow->isChecked())
        scrollToNewest();
}

bool TrafficView::isPaused() const
{
    return m_pause->isChecked();
}

void TrafficView::appendEvents(const QList<PacketEvent> &events, quint64 tapDropped)
{
    m_tapDropped += tapDropped;
    m_received += quint64(events.size());
    if (isPaused()) {
        m_held += events;
        const qsizetype over = m_held.size() - m_packets->capacity();
        if (over > 0) {
            m_held.remove(0, over);
            m_heldDropped += quint64(over);
        }
        return;
    }
    m_packets->appendEvents(events);
    m_transactions->appendEvents(events);
    if (m_follow->isChecked())
        scrollToNewest();
}

void TrafficView::setPaused(bool paused)
{
    if (m_pause->isChecked() != paused) {
        m_pause->setChecked(paused); // comes back here through toggled()
        return;
    }
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    if (!paused && !m_held.isEmpty()) {
        const QList<PacketEvent> held = std::exchange(m_held, {});
        m_received -= quint64(held.size()); // counted when they arrived
        appendEvents(held);
    }
    updateStatus();
}

void TrafficView::setFollowNewest(bool follow)
{
    if (m_follow->isChecked() != follow) {
        m_follow->setChecked(follow);
        return;
    }
    m_timeline->setFollowNewest(follow);
    if (follow)
        scrollToNewest();
}

void TrafficView::scrollToNewest()
{
    m_table->scrollToBottom();
}

bool TrafficView::selectSerial(quint64 serial)
{
    const int row = m_packets->rowOfSerial(serial);
    if (row < 0)
        return false;
    setFollowNewest(false);
    const QModelIndex shown = m_filter->mapFromSource(m_packets->index(row, 0));
    if (shown.isValid()) {
        m_table->selectionModel()->setCurrentIndex(
            shown, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(shown);
    } else { // filtered out of the list: still inspect it
        m_detail->showPacket(m_packets->eventAt(row));
    }
    return true;
}

void TrafficView::selectTransaction(quint64 id)
{
    setFollowNewest(false);
    m_timeline->selectTransaction(id);
    const int row = m_transactions->rowOfId(id);
    if (row >= 0 && !m_transactions->transactionAt(row).steps.isEmpty())
        selectSerial(m_transactions->transactionAt(row).steps.first().serial);
}

void TrafficView::showCurrentPacket()
{
    const QModelIndex current = m_filter->mapToSource(m_table->currentIndex());
    if (!current.isValid()) {
        m_detail->clear();
        return;
    }
    const PacketEvent &event = m_packets->eventAt(current.row());
    m_detail->showPacket(event);
    if (!m_selectingFromTimeline) {
        const int t = m_transactions->rowOfSerial(event.serial);
        if (t >= 0)
            m_timeline->selectTransaction(m_transactions->transactionAt(t).id);
    }
}

void TrafficView::clear()
{
    m_packets->clear();
    m_transactions->clear();
    m_held.clear();
    m_detail->clear();
    updateStatus();
}

QList<PacketEvent> TrafficView::shownEvents(bool selectedOnly) const
{
    QList<PacketEvent> events;
    if (selectedOnly) {
        QModelIndexList rows = m_table->selectionModel()->selectedRows();
        std::sort(rows.begin(), rows.end(),
                  [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
        for (const QModelIndex &i : rows)
            events.append(m_packets->eventAt(m_filter->mapToSource(i).row()));
        return events;
    }
    events.reserve(m_filter->rowCount());
    for (int r = 0; r < m_filter->rowCount(); ++r)
        events.append(m_packets->eventAt(m_filter->mapToSource(m_filter->index(r, 0)).row()));
    return events;
}

QString TrafficView::exportPcap(const QString &path, bool selectedOnly) const
{
    QString error;
    if (!writePcapFile(path, shownEvents(selectedOnly), &error))
        return error;
    return {};
}

QString TrafficView::exportCsv(const QString &path, bool selectedOnly) const
{
    QList<int> rows;
    if (selectedOnly) {
        for (const QModelIndex &i : m_table->selectionModel()->selectedRows())
            rows.append(i.row());
        std::sort(rows.begin(), rows.end());
        if (rows.isEmpty())
            return tr("No packet is selected.");
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    file.write(CsvExport::write(*m_filter, rows));
    if (!file.commit())
        return tr("Cannot write %1: %2").arg(path, file.errorString());
    return {};
}

void TrafficView::exportWithDialog(bool pcap, bool selectedOnly)
{
    const QString path = QFileDialog::getSaveFileName(
        this, pcap ? tr("Export packets as pcap") : tr("Export packets as CSV"),
        pcap ? QStringLiteral("leasedesk.pcap") : QStringLiteral("leasedesk-packets.csv"),
        pcap ? tr("pcap capture (*.pcap)") : tr("CSV (*.csv)"));
    if (path.isEmpty())
        return;
    const QString error = pcap ? exportPcap(path, selectedOnly) : exportCsv(path, selectedOnly);
    emit reported(error.isEmpty() ? tr("Saved the packets to %1").arg(path) : error);
}

QString TrafficView::statusText() const
{
    const QLocale l;
    QString text = tr("%1 packets · %2 in the list")
                       .arg(l.toString(m_received), l.toString(m_packets->rowCount()));
    if (m_filter->rowCount() != m_packets->rowCount())
        text += tr(" · %1 match the filter").arg(l.toString(m_filter->rowCount()));
    if (const quint64 gone = m_packets->droppedFromView())
        text += tr(" · %1 older ones left the list").arg(l.toString(gone));
    if (const quint64 lost = m_tapDropped + m_heldDropped)
        text += tr(" · %1 not shown (the view could not keep up)").arg(l.toString(lost));
    if (isPaused())
        text += tr(" · paused: %1 waiting").arg(l.toString(m_held.size()));
    return text;
}

void TrafficView::updateStatus()
{
    const QString text = statusText();
    if (m_status->text() != text)
        m_status->setText(text);
}

} // namespace leasedesk
