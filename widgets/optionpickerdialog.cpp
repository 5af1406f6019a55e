#include "widgets/optionpickerdialog.h"

#include "proto/optiondefinition.h"
#include "widgets/optioncatalogmodel.h"
#include "widgets/optionrules.h"
#include "widgets/optionvalueedit.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace leasedesk {

namespace {

QString titleFor(quint8 code)
{
    const proto::OptionDefinition def = proto::optionDefinitionOrGeneric(code);
    const QString rfc = QString::fromUtf8(def.rfc.data(), qsizetype(def.rfc.size()));
    QString title = QStringLiteral("%1 %2 — %3")
                        .arg(code)
                        .arg(optionName(code), optionTypeDescription(def.type));
    return rfc.isEmpty() ? title : title + QStringLiteral(" (%1)").arg(rfc);
}

} // namespace

OptionPickerDialog::OptionPickerDialog(const QSet<int> &takenCodes, QWidget *parent)
    : QDialog(parent), m_catalog(new OptionCatalogModel(this)),
      m_filter(new OptionCatalogFilter(this)), m_search(new QLineEdit(this)),
      m_view(new QTableView(this)), m_title(new QLabel(this)), m_value(new OptionValueEdit(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Add option"));
    m_catalog->setTakenCodes(takenCodes);
    m_filter->setSourceModel(m_catalog);
    buildLayout();
    connect(m_search, &QLineEdit::textChanged, this, &OptionPickerDialog::searchChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &OptionPickerDialog::currentChanged);
    connect(m_value, &OptionValueEdit::textChanged, this, &OptionPickerDialog::updateAddButton);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    currentChanged({});
}

void OptionPickerDialog::buildLayout()
{
    m_search->setObjectName(QStringLiteral("optionSearch"));
    m_search->setPlaceholderText(tr("Search by code or name, e.g. 42 or NTP"));
    m_search->setClearButtonEnabled(true);
    m_view->setObjectName(QStringLiteral("optionCatalog"));
    m_view->setModel(m_filter);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->hide();
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    QHeaderView *header = m_view->horizontalHeader();
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Names get room for most of the table's; the Note column takes the rest and elides
    // (its full text is the tooltip), so nothing scrolls sideways.
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    header->setSectionResizeMode(OptionCatalogModel::Code, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(OptionCatalogModel::Name, QHeaderView::Interactive);
    header->resizeSection(OptionCatalogModel::Name, m_view->fontMetrics().averageCharWidth() * 34);
    header->setSectionResizeMode(OptionCatalogModel::Type, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(OptionCatalogModel::Rfc, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(OptionCatalogModel::Note, QHeaderView::Stretch);
    m_title->setObjectName(QStringLiteral("optionTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_value->setObjectName(QStringLiteral("optionValueEdit"));
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Add"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_search);
    layout->addWidget(m_view, 1);
    layout->addSpacing(4);
    layout->addWidget(m_title);
    layout->addWidget(m_value);
    layout->addWidget(m_buttons);
    resize(860, 560);
}

OptionSetting OptionPickerDialog::option() const
{
    return {m_value->code(), m_value->text()};
}

void OptionPickerDialog::searchChanged(const QString &text)
{
    m_filter->setSearch(text);
    selectFirstOffered();
}

// Typing narrows the list and picks the first option that can be added, so "42" then Tab
// lands in the value field. When every match is refused, the reason is said below.
void OptionPickerDialog::selectFirstOffered()
{
    for (int row = 0; row < m_filter->rowCount(); ++row) {
        const QModelIndex index = m_filter->index(row, 0);
        if (index.flags().testFlag(Qt::ItemIsSelectable)) {
            m_view->setCurrentIndex(index);
            return;
        }
    }
    m_view->setCurrentIndex({});
    currentChanged({});
    if (m_filter->rowCount() > 0)
        m_value->setRefusal(m_filter->index(0, 0).data(OptionCatalogModel::RefusalRole).toString());
}

void OptionPickerDialog::currentChanged(const QModelIndex &current)
{
    const quint8 code = quint8(current.data(OptionCatalogModel::CodeRole).toInt());
    if (code == m_value->code() && code != 0)
        return;
    m_title->setText(code ? titleFor(code) : tr("Pick an option from the list."));
    m_value->setOption(code, {});
    m_value->setEnabled(code != 0);
    updateAddButton();
}

void OptionPickerDialog::updateAddButton()
{
    m_buttons->button(QDialogButtonBox::Ok)
        ->setEnabled(m_value->code() != 0 && m_value->isAcceptable());
}

} // namespace leasedesk
