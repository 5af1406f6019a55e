#pragma once

#include "core/configuration.h"

#include <QDialog>
#include <QSet>

class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QTableView;

namespace leasedesk {

class OptionCatalogFilter;
class OptionCatalogModel;
class OptionValueEdit;

// Picks an option to add and its first value: a search over the option table (by code or
// name), the typed field for the chosen option, and Add, enabled only when the server would
// accept the option and its value. Codes outside the table are found by typing their number.
class OptionPickerDialog : public QDialog
{
    Q_OBJECT
public:
    // takenCodes: options already set, refused as duplicates.
    explicit OptionPickerDialog(const QSet<int> &takenCodes, QWidget *parent = nullptr);

    // The option chosen and its value; code 0 before one is chosen.
    OptionSetting option() const;

private:
    void buildLayout();
    void searchChanged(const QString &text);
    void currentChanged(const QModelIndex &current);
    void selectFirstOffered();
    void updateAddButton();

    OptionCatalogModel *m_catalog;
    OptionCatalogFilter *m_filter;
    QLineEdit *m_search;
    QTableView *m_view;
    QLabel *m_title;
    OptionValueEdit *m_value;
    QDialogButtonBox *m_buttons;
};

} // namespace leasedesk
