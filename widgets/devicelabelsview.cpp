#include "widgets/devicelabelsview.h"

#include "widgets/devicelabelmodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QStyle>
#include <QTableView>
#include <QVBoxLayout>

namespace leasedesk {

DeviceLabelsView::DeviceLabelsView(QWidget *parent) : QWidget(parent)
{
    m_model = new DeviceLabelModel(this);
    m_sort = new QSortFilterProxyModel(this);
    m_sort->setSourceModel(m_model);
    m_sort->setSortRole(DeviceLabelModel::SortRole);
    buildTable();

    auto *title = new QLabel(tr("<b>Device labels</b>"), this);
    title->setTextFormat(Qt::RichText); // our own text, never client data
    auto *hint = new QLabel(tr("A friendly name for a MAC, shown in the Leases tab. No address "
                               "is reserved."),
                            this);
    hint->setTextFormat(Qt::PlainText);
    hint->setForegroundRole(QPalette::PlaceholderText);
    auto *add = new QPushButton(tr("Add &label"), this);
    m_delete = new QPushButton(tr("Delete label"), this);
    for (QPushButton *b : {add, m_delete})
        b->setAutoDefault(false);
    auto *bar = new QHBoxLayout;
    bar->addWidget(title);
    bar->addSpacing(8);
    bar->addWidget(hint, 1);
    bar->addWidget(add);
    bar->addWidget(m_delete);

    m_messageIcon = new QLabel(this);
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_messageIcon->setPixmap(
        style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("labelMessage"));
    m_message->setTextFormat(Qt::PlainText); // it quotes what was typed
    m_message->setWordWrap(true);
    auto *messageRow = new QHBoxLayout;
    messageRow->addWidget(m_messageIcon, 0, Qt::AlignTop);
    messageRow->addWidget(m_message, 1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0); // apart from the reservations' message above
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addLayout(messageRow);

    connect(add, &QPushButton::clicked, this, &DeviceLabelsView::addLabel);
    connect(m_delete, &QPushButton::clicked, this, &DeviceLabelsView::deleteSelected);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &index) { onCellChanged(index); });
    connect(m_model, &DeviceLabelModel::editRefused, this,
            [this](const QModelIndex &index, const QString &reason) {
                showMessage(tr("Label row %1: %2").arg(index.row() + 1).arg(reason), true);
            });
    showMessage({}, false);
    m_delete->setEnabled(false);
}

// See ~ReservationsView: an open editor commits while the children are deleted.
DeviceLabelsView::~DeviceLabelsView()
{
    m_model->disconnect(this);
}

void DeviceLabelsView::buildTable()
{
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("labelTable"));
    m_table->setModel(m_sort);
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed
                             | QAbstractItemView::AnyKeyPressed);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    const int digit = m_table->fontMetrics().horizontalAdvance(QLatin1Char('0'));
    m_table->horizontalHeader()->resizeSection(DeviceLabelModel::Mac, digit * 20);

    auto *remove = new QAction(tr("Delete"), m_table);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    connect(remove, &QAction::triggered, this, &DeviceLabelsView::deleteSelected);
    m_table->addAction(remove);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_delete->setEnabled(!selectedSourceRows().isEmpty()); });
}

void DeviceLabelsView::setLabels(const QList<DeviceLabel> &labels)
{
    if (labels != m_model->committedLabels()) {
        m_model->setLabels(labels);
        showMessage({}, false);
    }
    m_published = labels;
}

QString DeviceLabelsView::message() const
{
    return m_message->text();
}

void DeviceLabelsView::publish(const QString &undoText)
{
    const QList<DeviceLabel> now = m_model->committedLabels();
    if (now == m_published)
        return;
    m_published = now;
    emit labelsEdited(now, undoText);
}

void DeviceLabelsView::onCellChanged(const QModelIndex &index)
{
    if (m_batch)
        return;
    const bool added = m_model->committedLabels().size() > m_published.size();
    if (added || !m_model->isDraft(index.row()))
        showMessage({}, false);
    if (added)
        publish(tr("Add label %1").arg(rowTitle(index.row())));
    else if (index.column() == DeviceLabelModel::Name)
        publish(tr("Rename label of %1").arg(formatMac(m_model->labels()[index.row()].mac)));
    else
        publish(tr("Change MAC of label %1").arg(rowTitle(index.row())));
}

void DeviceLabelsView::showMessage(const QString &text, bool problem)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
    m_messageIcon->setVisible(problem && !text.isEmpty());
}

QString DeviceLabelsView::rowTitle(int row) const
{
    const DeviceLabel label = m_model->labels().value(row);
    return label.name.isEmpty() ? formatMac(label.mac) : QStringLiteral("\"%1\"").arg(label.name);
}

QList<int> DeviceLabelsView::selectedSourceRows() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        rows.append(m_sort->mapToSource(index).row());
    std::sort(rows.begin(), rows.end());
    return rows;
}

void DeviceLabelsView::addLabel()
{
    const int row = m_model->rowCount();
    m_model->insertRows(row, 1);
    showMessage(tr("The new label is saved once it has a MAC and a name."), false);
    const QModelIndex index = m_sort->mapFromSource(m_model->index(row, DeviceLabelModel::Mac));
    m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
    m_table->setFocus(Qt::OtherFocusReason);
    m_table->edit(index);
}

void DeviceLabelsView::deleteSelected()
{
    const QList<int> rows = selectedSourceRows();
    if (rows.isEmpty())
        return;
    const QString text = rows.size() == 1 ? tr("Delete label %1").arg(rowTitle(rows.front()))
                                          : tr("Delete %1 labels").arg(rows.size());
    m_batch = true;
    for (auto it = rows.crbegin(); it != rows.crend(); ++it)
        m_model->removeRows(*it, 1);
    m_batch = false;
    showMessage({}, false);
    publish(text);
}

} // namespace leasedesk
