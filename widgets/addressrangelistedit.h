#pragma once

#include "core/configuration.h"
#include "core/configurationvalidator.h"

#include <QWidget>

#include <memory>
#include <vector>

class QLineEdit;
class QPushButton;
class QVBoxLayout;

namespace leasedesk {

class FieldMessage;

// A scope's address ranges or exclusions as rows of "start – end" with Remove, and an Add
// button (issue 6). Rows commit as a whole list once every row reads: one undo command per
// finished edit. A new row stays on screen, uncommitted, until both its addresses are typed;
// a row whose text does not read says why under itself and blocks the commit, so a typo never
// deletes a range. Each row shows the validator's sentences for "<key>[row]", the list as a
// whole those for "<key>" itself.
class AddressRangeListEdit : public QWidget
{
    Q_OBJECT
public:
    // `key` is the JSON key ("ranges", "exclusions"); `noun` names one row in texts ("range").
    AddressRangeListEdit(const QString &key, const QString &noun, QWidget *parent = nullptr);
    ~AddressRangeListEdit() override;

    // The document's list. Rows being typed survive when the list did not change; `force`
    // (another scope) drops them.
    void setRanges(const QList<AddressRange> &ranges, bool force = false);
    QList<AddressRange> ranges() const { return m_loaded; }
    // Issues whose paths start with `base` + key ("scopes[0].ranges[1].end").
    void setIssues(const QList<ValidationIssue> &issues, const QString &base);

signals:
    // `action` is "Add range", "Remove range" or "Change range".
    void rangesEdited(const QList<leasedesk::AddressRange> &ranges, const QString &action);

private:
    struct Row;
    Row &appendRow();
    void dropRow(std::size_t index);
    void renameRows();
    void commitRows();
    void removeClicked(Row *row);
    void refreshMessages();
    void setRowTexts(Row &row, const AddressRange &range);

    QString m_key;
    QString m_noun;
    QVBoxLayout *m_rowsLayout = nullptr;
    QPushButton *m_add = nullptr;
    FieldMessage *m_message = nullptr;
    std::vector<std::unique_ptr<Row>> m_rows;
    QList<AddressRange> m_loaded;
    QList<ValidationIssue> m_issues;
    QString m_base;
};

} // namespace leasedesk
