#include "widgets/reservationsview.h"

#include "core/reservationcsv.h"
#include "widgets/devicelabelsview.h"
#include "widgets/reservationmodel.h"

#include <QAction>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace leasedesk {

namespace {

// Only so many problems fit a message box; the rest are in its details.
constexpr int ShownErrors = 12;

QString withoutSeparators(QString text)
{
    static const QRegularExpression separators(QStringLiteral("[:\\-.\\s]"));
    return text.remove(separators);
}

// Search over every text column; MACs and client IDs also match without their separators
// ("0200000000" finds 02:00:00:00:00:01). Drafts always show, or a new row would vanish
// under a search. A draft's empty required cells say what they need, in a muted colour.
class ReservationFilterModel : public QSortFilterProxyModel
{
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setSearch(const QString &text)
    {
        m_text = text.trimmed();
        m_compact = withoutSeparators(m_text);
        invalidateFilter();
    }

    QVariant data(const QModelIndex &index, int role) const override
    {
        const QModelIndex source = mapToSource(index);
        const auto *model = static_cast<const ReservationModel *>(sourceModel());
        if (!model->isDraft(source.row())
            || (role != Qt::DisplayRole && role != Qt::ForegroundRole))
            return QSortFilterProxyModel::data(index, role);
        const QString hint = draftHint(model->reservationAt(source.row()), index.column());
        if (hint.isEmpty())
            return QSortFilterProxyModel::data(index, role);
        if (role == Qt::ForegroundRole)
            return QPalette().brush(QPalette::PlaceholderText);
        return hint;
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        const auto *model = static_cast<const ReservationModel *>(sourceModel());
        if (m_text.isEmpty() || model->isDraft(row))
            return true;
        for (int column = 0; column < model->columnCount(); ++column) {
            const QString cell = model->index(row, column, parent).data().toString();
            if (cell.contains(m_text, Qt::CaseInsensitive))
                return true;
            const bool hex =
                column == ReservationModel::Macs || column == ReservationModel::ClientId;
            if (hex && !m_compact.isEmpty()
                && withoutSeparators(cell).contains(m_compact, Qt::CaseInsensitive))
                return true;
        }
        return false;
    }

private:
    static QString draftHint(const Reservation &r, int column)
    {
        if (column == ReservationModel::Address && r.ip.isZero())
            return QObject::tr("address needed");
        if (column == ReservationModel::Macs && r.macs.isEmpty() && r.clientId.isEmpty())
            return QObject::tr("MAC or client ID needed");
        return {};
    }

    QString m_text;
    QString m_compact;
};

// Checks the text while it is typed, as far as it can be checked alone (the form of a MAC,
// an address, a client ID), so a slip shows before Enter; the model's refusal on commit
// covers the rest (duplicates, the subnet).
class ReservationDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override
    {
        QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
        auto *line = qobject_cast<QLineEdit *>(editor);
        if (!line)
            return editor;
        const int column = index.column();
        line->setPlaceholderText(example(column));
        QObject::connect(line, &QLineEdit::textChanged, line, [line, column](const QString &text) {
            const QString problem = formProblem(column, text.trimmed());
            QPalette palette = line->parentWidget()->palette();
            if (!problem.isEmpty())
                palette.setColor(QPalette::Text, QColor(0xc0, 0x1c, 0x28));
            line->setPalette(palette);
            line->setToolTip(problem);
        });
        return editor;
    }

    static QString formProblem(int column, const QString &text)
    {
        static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
        static const QRegularExpression clientId(
            QStringLiteral("^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2})+$"));
        if (text.isEmpty())
            return {};
        switch (column) {
        case ReservationModel::Macs:
            for (const QString &part : text.split(separators, Qt::SkipEmptyParts))
                if (!parseMac(part))
                    return QObject::tr("\"%1\" is not a MAC address yet.").arg(part);
            return {};
        case ReservationModel::Address:
            return Ipv4Address::fromString(text.toStdString())
                ? QString()
                : QObject::tr("Not an IPv4 address yet.");
        case ReservationModel::ClientId:
            return clientId.match(text).hasMatch() ? QString()
                                                   : QObject::tr("Not a client ID yet.");
        default: return {};
        }
    }

private:
    static QString example(int column)
    {
        switch (column) {
        case ReservationModel::Macs: return QStringLiteral("02:00:00:00:00:01, 02:00:00:00:00:02");
        case ReservationModel::Address: return QStringLiteral("198.18.0.10");
        case ReservationModel::ClientId: return QStringLiteral("01:02:00:00:00:00:09");
        default: return {};
        }
    }
};

// Where each CSV record starts, so a problem found after parsing can name its line. The
// same rules as ReservationCsv: quoted cells may span lines; blank lines are no records.
QList<int> recordLines(const QByteArray &csv)
{
    QList<int> lines;
    int line = 1;
    int start = 1;
    bool quoted = false;
    bool empty = true;
    for (const char c : csv) {
        if (c == '"')
            quoted = !quoted;
        if (c == '\n' && !quoted) {
            if (!empty)
                lines.append(start);
            start = line + 1;
            empty = true;
        } else if (c != '\r') {
            empty = false;
        }
        if (c == '\n')
            ++line;
    }
    if (!empty)
        lines.append(start);
    return lines;
}

// What an undo entry calls a column: "Edit address of node1".
QString columnWord(int column)
{
    switch (ReservationModel::Column(column)) {
    case ReservationModel::Hostname: return QObject::tr("hostname");
    case ReservationModel::Macs: return QObject::tr("MACs");
    case ReservationModel::ClientId: return QObject::tr("client ID");
    case ReservationModel::Address: return QObject::tr("address");
    case ReservationModel::Description: return QObject::tr("description");
    default: break;
    }
    return {};
}

const char *const CsvColumnNames[] = {"enabled",   "hostname", "mac",
                                      "client_id", "ip",       "description"};

} // namespace

namespace {

// The checks a typed cell gets, applied to every imported reservation in turn (so a
// duplicate within the file is caught too), each problem named by line and column.
QStringList checkAgainstScope(const Scope &scope, const QList<Reservation> &reservations,
                              const QList<int> &lines)
{
    Scope empty = scope;
    empty.reservations.clear();
    ReservationModel model;
    model.setScope(empty);
    QStringList errors;
    for (int i = 0; i < reservations.size(); ++i) {
        const Reservation &r = reservations[i];
        model.insertRows(i, 1);
        QStringList macs;
        for (const QByteArray &m : r.macs)
            macs.append(formatMac(m));
        const QList<std::pair<int, QVariant>> cells = {
            {ReservationModel::Address, QString::fromStdString(r.ip.toString())},
            {ReservationModel::Macs, macs.join(QLatin1Char(' '))},
            {ReservationModel::ClientId, QString::fromLatin1(r.clientId.toHex(':'))},
            {ReservationModel::Hostname, r.hostname},
            {ReservationModel::Description, r.description},
        };
        const int line = i + 1 < lines.size() ? lines[i + 1] : i + 2; // lines[0] is the header
        for (const auto &[column, value] : cells)
            if (!model.setData(model.index(i, column), value))
                errors.append(QObject::tr("line %1, column %2: %3")
                                  .arg(line)
                                  .arg(QLatin1String(CsvColumnNames[column]),
                                       model.errorFor(model.index(i, column))));
    }
    return errors;
}

} // namespace

ReservationsView::ReservationsView(QWidget *parent) : QWidget(parent)
{
    m_model = new ReservationModel(this);
    m_filter = new ReservationFilterModel(this);
    m_filter->setSourceModel(m_model);
    m_filter->setSortRole(ReservationModel::SortRole);
    buildTable();

    m_messageIcon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_messageIcon->setPixmap(
        style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("reservationMessage"));
    m_message->setTextFormat(Qt::PlainText); // it quotes what was typed or imported
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *messageRow = new QHBoxLayout;
    messageRow->addWidget(m_messageIcon, 0, Qt::AlignTop);
    messageRow->addWidget(m_message, 1);

    auto *reservations = new QWidget(this);
    auto *top = new QVBoxLayout(reservations);
    top->setContentsMargins(0, 0, 0, 0);
    top->addWidget(buildToolbar());
    top->addWidget(m_table, 1);
    top->addLayout(messageRow);

    m_labels = new DeviceLabelsView(this);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(reservations);
    splitter->addWidget(m_labels);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_labels, &DeviceLabelsView::labelsEdited, this, &ReservationsView::deviceLabelsEdited);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft) { onCellChanged(topLeft); });
    connect(m_model, &ReservationModel::editRefused, this, &ReservationsView::onRefused);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_model, signal, this, &ReservationsView::updateCount);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ReservationsView::updateCount);
    showMessage({}, false);
    updateCount();
    updateActions();
}

// Children go after this object's members: an open cell editor then commits its text into
// a view that is half gone. Nothing of that edit can matter any more.
ReservationsView::~ReservationsView()
{
    m_model->disconnect(this);
}

QWidget *ReservationsView::buildToolbar()
{
    auto *bar = new QWidget(this);
    auto *add = new QPushButton(tr("&Add"), bar);
    add->setToolTip(tr("Add a reservation; it is saved once it has an address and a MAC or "
                       "client ID"));
    m_delete = new QPushButton(tr("&Delete"), bar);
    m_delete->setToolTip(tr("Delete the selected reservations (Del)"));
    m_toggle = new QPushButton(tr("Disable"), bar);
    auto *import = new QPushButton(tr("&Import CSV…"), bar);
    import->setToolTip(tr("Replace this scope's reservations with a CSV file's (Undo brings "
                          "them back)"));
    auto *exportButton = new QPushButton(tr("E&xport CSV…"), bar);
    m_search = new QLineEdit(bar);
    m_search->setObjectName(QStringLiteral("reservationSearch"));
    m_search->setPlaceholderText(tr("Search hostname, MAC, client ID, address, description"));
    m_search->setClearButtonEnabled(true);
    m_count = new QLabel(bar);
    m_count->setObjectName(QStringLiteral("reservationCount"));
    for (QPushButton *b : {add, m_delete, m_toggle, import, exportButton})
        b->setAutoDefault(false);

    auto *row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    for (QPushButton *b : {add, m_delete, m_toggle})
        row->addWidget(b);
    row->addSpacing(12);
    row->addWidget(import);
    row->addWidget(exportButton);
    row->addSpacing(12);
    row->addWidget(m_search, 1);
    row->addWidget(m_count);

    connect(add, &QPushButton::clicked, this, &ReservationsView::addReservation);
    connect(m_delete, &QPushButton::clicked, this, &ReservationsView::deleteSelected);
    connect(m_toggle, &QPushButton::clicked, this, &ReservationsView::toggleEnabledOfSelected);
    connect(import, &QPushButton::clicked, this, &ReservationsView::chooseImportFile);
    connect(exportButton, &QPushButton::clicked, this, &ReservationsView::chooseExportFile);
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        static_cast<ReservationFilterModel *>(m_filter)->setSearch(text);
        updateCount();
    });
    return bar;
}

void ReservationsView::buildTable()
{
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("reservationTable"));
    m_table->setModel(m_filter);
    m_table->setItemDelegate(new ReservationDelegate(m_table));
    // Source order until a header is clicked: new rows appear where they were added.
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    auto *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(true);
    // Widths for typical content (two MACs, "198.18.255.255") so a first start looks tidy.
    const int digit = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    header->resizeSection(ReservationModel::Enabled, digit * 9);
    header->resizeSection(ReservationModel::Hostname, digit * 18);
    header->resizeSection(ReservationModel::Macs, digit * 21);
    header->resizeSection(ReservationModel::ClientId, digit * 18);
    header->resizeSection(ReservationModel::Address, digit * 16);

    auto *remove = new QAction(tr("Delete"), m_table);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    connect(remove, &QAction::triggered, this, &ReservationsView::deleteSelected);
    m_table->addAction(remove);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ReservationsView::updateActions);
}

void ReservationsView::setScope(const Scope &scope)
{
    Scope context = scope;
    context.reservations.clear();
    const bool sameContext = context.name == m_scope.name && context.network == m_scope.network
        && context.prefixLength == m_scope.prefixLength && context.router == m_scope.router;
    m_scope = context;
    if (sameContext && scope.reservations == m_model->committedReservations()) {
        m_published = scope.reservations;
        return;
    }
    m_model->setScope(scope);
    m_published = scope.reservations;
    showMessage({}, false);
    updateActions();
}

void ReservationsView::setDeviceLabels(const QList<DeviceLabel> &labels)
{
    m_labels->setLabels(labels);
}

QString ReservationsView::message() const
{
    return m_message->text();
}

void ReservationsView::publish(const QString &undoText)
{
    const QList<Reservation> now = m_model->committedReservations();
    if (now == m_published)
        return;
    m_published = now;
    emit reservationsEdited(now, undoText);
}

void ReservationsView::onCellChanged(const QModelIndex &topLeft)
{
    updateActions();
    if (m_batch)
        return;
    const int row = topLeft.row();
    const int before = int(m_published.size());
    if (m_model->committedReservations().size() > before) {
        showMessage({}, false);
        publish(tr("Add reservation %1").arg(rowTitle(row)));
        return;
    }
    const QString name = rowTitle(row);
    if (topLeft.column() == ReservationModel::Enabled)
        publish(m_model->reservationAt(row).enabled ? tr("Enable %1").arg(name)
                                                    : tr("Disable %1").arg(name));
    else
        publish(tr("Edit %1 of %2").arg(columnWord(topLeft.column()), name));
}

void ReservationsView::onRefused(const QModelIndex &index, const QString &reason)
{
    const QString column = m_model->headerData(index.column(), Qt::Horizontal).toString();
    showMessage(tr("Row %1, %2: %3").arg(index.row() + 1).arg(column, reason), true);
}

void ReservationsView::showMessage(const QString &text, bool problem)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    m_messageIcon->setVisible(problem && !text.isEmpty());
}

QString ReservationsView::rowTitle(int sourceRow) const
{
    const Reservation r = m_model->reservationAt(sourceRow);
    if (!r.hostname.isEmpty())
        return r.hostname;
    if (!r.ip.isZero())
        return QString::fromStdString(r.ip.toString());
    if (!r.macs.isEmpty())
        return formatMac(r.macs.front());
    return tr("row %1").arg(sourceRow + 1);
}

QList<int> ReservationsView::selectedSourceRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(m_filter->mapToSource(index).row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

void ReservationsView::selectSourceRow(int row, int editColumn)
{
    QModelIndex index = m_filter->mapFromSource(m_model->index(row, ReservationModel::Hostname));
    if (!index.isValid()) { // hidden by the search
        m_search->clear();
        index = m_filter->mapFromSource(m_model->index(row, ReservationModel::Hostname));
    }
    m_table->setCurrentIndex(index);
    m_table->selectionModel()->select(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    if (editColumn >= 0) {
        m_table->setFocus(Qt::OtherFocusReason);
        m_table->edit(index.siblingAtColumn(editColumn));
    }
}

bool ReservationsView::selectAddress(Ipv4Address address)
{
    const int row = m_model->rowWithAddress(address);
    if (row < 0)
        return false;
    selectSourceRow(row);
    return true;
}

void ReservationsView::addReservation()
{
    const int row = m_model->rowCount();
    m_model->insertRows(row, 1);
    showMessage(tr("The new reservation is saved once it has an address and a MAC or client ID."),
                false);
    selectSourceRow(row, ReservationModel::Hostname);
}

void ReservationsView::reserveLease(const Lease &lease)
{
    const bool hasMac = lease.hardwareAddress.size() == 6;
    const QString address = QString::fromStdString(lease.address.toString());
    int existing = hasMac ? m_model->rowWithMac(lease.hardwareAddress) : -1;
    QString why;
    if (existing >= 0)
        why = tr("%1 already has a reservation: %2.")
                  .arg(formatMac(lease.hardwareAddress), rowTitle(existing));
    else if ((existing = m_model->rowWithAddress(lease.address)) >= 0)
        why = tr("%1 is already reserved for %2.").arg(address, rowTitle(existing));
    if (existing >= 0) {
        selectSourceRow(existing);
        showMessage(why, false);
        return;
    }
    const int row = m_model->rowCount();
    m_batch = true;
    m_model->insertRows(row, 1);
    showMessage({}, false);
    if (hasMac)
        m_model->setData(m_model->index(row, ReservationModel::Macs),
                         formatMac(lease.hardwareAddress));
    else
        m_model->setData(m_model->index(row, ReservationModel::ClientId),
                         QString::fromLatin1(lease.clientId.toHex(':')));
    m_model->setData(m_model->index(row, ReservationModel::Hostname), lease.hostname);
    m_model->setData(m_model->index(row, ReservationModel::Address), address);
    m_batch = false;
    publish(tr("Reserve %1 for %2").arg(address, rowTitle(row)));
    selectSourceRow(row, ReservationModel::Hostname);
}

void ReservationsView::deleteSelected()
{
    const QList<int> rows = selectedSourceRows();
    if (rows.isEmpty())
        return;
    const QString text = rows.size() == 1 ? tr("Delete reservation %1").arg(rowTitle(rows.front()))
                                          : tr("Delete %1 reservations").arg(rows.size());
    m_batch = true;
    for (auto it = rows.crbegin(); it != rows.crend(); ++it)
        m_model->removeRows(*it, 1);
    m_batch = false;
    showMessage({}, false);
    publish(text);
    updateActions();
}

void ReservationsView::toggleEnabledOfSelected()
{
    const QList<int> rows = selectedSourceRows();
    if (rows.isEmpty())
        return;
    const bool enable = std::any_of(rows.cbegin(), rows.cend(), [this](int row) {
        return !m_model->reservationAt(row).enabled;
    });
    const QString name =
        rows.size() == 1 ? rowTitle(rows.front()) : tr("%1 reservations").arg(rows.size());
    m_batch = true;
    for (int row : rows)
        m_model->setData(m_model->index(row, ReservationModel::Enabled),
                         enable ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole);
    m_batch = false;
    publish(enable ? tr("Enable %1").arg(name) : tr("Disable %1").arg(name));
    updateActions();
}

void ReservationsView::focusSearch()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void ReservationsView::updateActions()
{
    const QList<int> rows = selectedSourceRows();
    m_delete->setEnabled(!rows.isEmpty());
    m_toggle->setEnabled(!rows.isEmpty());
    const bool enable = std::any_of(rows.cbegin(), rows.cend(), [this](int row) {
        return !m_model->reservationAt(row).enabled;
    });
    m_toggle->setText(enable ? tr("&Enable") : tr("Di&sable"));
}

void ReservationsView::updateCount()
{
    const int all = m_model->rowCount();
    const int shown = m_filter->rowCount();
    const QString total = all == 1 ? tr("1 reservation") : tr("%1 reservations").arg(all);
    m_count->setText(shown == all ? total : tr("%1 of %2").arg(shown).arg(total));
}

QString ReservationsView::importCsv(const QByteArray &csv)
{
    const ReservationCsvImport read = ReservationCsv::read(csv);
    QStringList errors = read.errors;
    if (errors.isEmpty())
        errors = checkAgainstScope(m_scope, read.reservations, recordLines(csv));
    if (!errors.isEmpty()) {
        const QString why =
            (errors.size() == 1
                 ? tr("Nothing was imported: the file has a problem.")
                 : tr("Nothing was imported: the file has %1 problems.").arg(errors.size()))
            + QLatin1Char('\n') + errors.join(QLatin1Char('\n'));
        showMessage(why, true);
        return why;
    }
    Scope scope = m_scope;
    scope.reservations = read.reservations;
    m_model->setScope(scope);
    showMessage(tr("Imported %1 reservations.").arg(read.reservations.size()), false);
    publish(tr("Import %1 reservations from CSV").arg(read.reservations.size()));
    updateActions();
    return {};
}

QByteArray ReservationsView::exportCsv() const
{
    return ReservationCsv::write(m_model->committedReservations());
}

void ReservationsView::chooseImportFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Import reservations"), {},
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showMessage(tr("Could not read %1: %2").arg(path, file.errorString()), true);
        return;
    }
    const QString why = importCsv(file.readAll());
    if (why.isEmpty())
        return;
    QMessageBox box(QMessageBox::Warning, tr("Import reservations"), {}, QMessageBox::Ok, this);
    box.setTextFormat(Qt::PlainText); // the problems quote the file
    const QStringList lines = why.split(QLatin1Char('\n'));
    QStringList shown = lines.mid(0, ShownErrors + 1);
    if (lines.size() > shown.size())
        shown.append(tr("… and %1 more (Show Details)").arg(lines.size() - shown.size()));
    box.setText(shown.join(QLatin1Char('\n')));
    if (lines.size() > ShownErrors + 1)
        box.setDetailedText(why);
    box.exec();
}

void ReservationsView::chooseExportFile()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export reservations"), m_scope.name + QStringLiteral("-reservations.csv"),
        tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(exportCsv()) < 0 || !file.commit()) {
        showMessage(tr("Could not write %1: %2").arg(path, file.errorString()), true);
        return;
    }
    showMessage(tr("Exported %1 reservations to %2.")
                    .arg(m_model->committedReservations().size())
                    .arg(path),
                false);
}

} // namespace leasedesk
