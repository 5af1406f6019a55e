#include "widgets/optionseditor.h"

#include "proto/optiondefinition.h"
#include "widgets/optionlistmodel.h"
#include "widgets/optionpickerdialog.h"
#include "widgets/optionrules.h"
#include "widgets/optionvalueedit.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace leasedesk {

OptionsEditor::OptionsEditor(QWidget *parent)
    : QWidget(parent), m_model(new OptionListModel(this)), m_table(new QTableView(this)),
      m_add(new QPushButton(tr("Add option…"), this)),
      m_remove(new QPushButton(tr("Remove"), this)), m_title(new QLabel(this)),
      m_value(new OptionValueEdit(this))
{
    buildLayout();
    connect(m_add, &QPushButton::clicked, this, &OptionsEditor::openPicker);
    connect(m_remove, &QPushButton::clicked, this, &OptionsEditor::removeSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &OptionsEditor::showSelected);
    connect(m_value, &OptionValueEdit::committed, this, &OptionsEditor::commitValue);
    showSelected();
}

void OptionsEditor::buildLayout()
{
    m_table->setObjectName(QStringLiteral("optionsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    QHeaderView *header = m_table->horizontalHeader();
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setSectionResizeMode(OptionListModel::Code, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(OptionListModel::Name, QHeaderView::Interactive);
    header->resizeSection(OptionListModel::Name, m_table->fontMetrics().averageCharWidth() * 30);
    header->setStretchLastSection(true);
    // About six rows: a scope rarely has more options, and the form keeps its other fields
    // in view.
    m_table->setMinimumHeight(header->sizeHint().height()
                              + 6 * m_table->verticalHeader()->defaultSectionSize() + 4);
    m_add->setObjectName(QStringLiteral("addOption"));
    m_remove->setObjectName(QStringLiteral("removeOption"));
    m_title->setObjectName(QStringLiteral("optionTitle"));
    m_title->setTextFormat(Qt::PlainText);
    m_value->setObjectName(QStringLiteral("optionValueEdit"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    layout->addSpacing(4);
    layout->addWidget(m_title);
    layout->addWidget(m_value);
}

void OptionsEditor::setOptions(const QList<OptionSetting> &options)
{
    m_model->setOptions(options);
    if (!options.isEmpty())
        m_table->setCurrentIndex(m_model->index(0, 0));
    showSelected();
}

QList<OptionSetting> OptionsEditor::options() const
{
    return m_model->options();
}

void OptionsEditor::openPicker()
{
    QSet<int> taken;
    for (const OptionSetting &o : m_model->options())
        taken.insert(o.code);
    auto *picker = new OptionPickerDialog(taken, this);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    connect(picker, &QDialog::accepted, this, [this, picker] { addOption(picker->option()); });
    picker->open(); // window-modal without a nested event loop
}

void OptionsEditor::addOption(const OptionSetting &option)
{
    // The picker only offers what may be added; checked again so that no path around it can
    // put a refused option into the list.
    if (option.code == 0 || m_model->rowOf(option.code) >= 0
        || !serverOwnedOptionReason(option.code).isEmpty()
        || !optionValueError(option.code, option.value).isEmpty())
        return;
    const int row = m_model->append(option);
    m_table->setCurrentIndex(m_model->index(row, 0));
    emit optionsEdited(m_model->options());
}

void OptionsEditor::removeSelected()
{
    const int row = selectedRow();
    if (row < 0)
        return;
    m_model->removeRows(row, 1);
    showSelected();
    emit optionsEdited(m_model->options());
}

int OptionsEditor::selectedRow() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.row() : -1;
}

// A list loaded from a file may hold what the editor would never let in; selecting such an
// option says so instead of silently keeping it.
QString OptionsEditor::refusalInList(int row) const
{
    const quint8 code = m_model->options().at(row).code;
    if (const QString owned = serverOwnedOptionReason(code); !owned.isEmpty())
        return tr("Set by the server: %1. Remove this option.").arg(owned);
    if (m_model->rowOf(code) != row)
        return tr("Option %1 is set twice. Remove one of them.").arg(code);
    return {};
}

void OptionsEditor::showSelected()
{
    const int row = selectedRow();
    m_remove->setEnabled(row >= 0);
    m_value->setEnabled(row >= 0);
    if (row < 0) {
        m_title->setText(m_model->rowCount() ? tr("Select an option to change its value.")
                                             : tr("No options: Add option… to set one."));
        m_value->setOption(0, {});
        return;
    }
    const OptionSetting &o = m_model->options().at(row);
    const proto::OptionDefinition def = proto::optionDefinitionOrGeneric(o.code);
    m_title->setText(tr("Value of %1 %2 — %3")
                         .arg(o.code)
                         .arg(optionName(o.code), optionTypeDescription(def.type)));
    m_value->setOption(o.code, o.value);
    m_value->setRefusal(refusalInList(row));
}

void OptionsEditor::commitValue()
{
    const int row = m_model->rowOf(m_value->code());
    if (row < 0 || !m_value->isAcceptable())
        return; // the message under the field says why
    if (m_model->options().at(row).value == m_value->text())
        return;
    m_model->setValue(row, m_value->text());
    emit optionsEdited(m_model->options());
}

} // namespace leasedesk
