#pragma once

#include "core/configuration.h"

#include <QList>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace leasedesk {

class OptionListModel;
class OptionValueEdit;

// The DHCP options of a scope or a reservation: a list (code, name, value) with Add and
// Remove, and the typed field of the selected option below it. Add opens a picker over the
// option table. Every value is checked with the parser the server uses, and what the server
// would refuse (a bad value, a duplicate code, an option the server sets itself) is refused
// here with the server's reason and never reaches optionsEdited.
class OptionsEditor : public QWidget
{
    Q_OBJECT
public:
    explicit OptionsEditor(QWidget *parent = nullptr);

    // Shows these options; emits nothing.
    void setOptions(const QList<OptionSetting> &options);
    QList<OptionSetting> options() const;

signals:
    // After every committed valid edit: an option added, removed, or its value changed.
    void optionsEdited(const QList<leasedesk::OptionSetting> &options);

private:
    void buildLayout();
    void openPicker();
    void addOption(const OptionSetting &option);
    void removeSelected();
    void showSelected();
    void commitValue();
    int selectedRow() const;
    QString refusalInList(int row) const;

    OptionListModel *m_model;
    QTableView *m_table;
    QPushButton *m_add;
    QPushButton *m_remove;
    QLabel *m_title;
    OptionValueEdit *m_value;
};

} // namespace leasedesk
