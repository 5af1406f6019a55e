#pragma once

#include "core/configuration.h"

#include <QWidget>

#include <memory>

class QFormLayout;
class QGroupBox;
class QLabel;
class QLineEdit;
class QScrollArea;

namespace leasedesk {

class AddressRangeListEdit;
class ConfigurationDocument;
class FieldMessage;
class OptionsEditor;
template<typename T> class FormBinder;

// Edits every field of one scope of the ConfigurationDocument (issue 6): name, subnet,
// ranges and exclusions, lease times, client settings, PXE boot, MAC access lists and the
// other options. Each finished edit is one undo command ("Change router of lab"); text that
// does not read is kept and explained under its field, never committed; the validator's
// sentences appear under the field they name and follow every change of the document
// (undo, redo, revert, the engine), which never pushes a command back.
class ScopeEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ScopeEditor(ConfigurationDocument *document, QWidget *parent = nullptr);
    ~ScopeEditor() override;

    int scopeIndex() const { return m_index; }

public slots:
    // The scope to edit (an index into configuration().scopes); -1 or an index out of range
    // shows an empty, disabled form.
    void setScopeIndex(int index);

private:
    QGroupBox *buildIdentity();
    QGroupBox *buildAddresses();
    QGroupBox *buildLease();
    QGroupBox *buildClient();
    QGroupBox *buildBoot();
    QGroupBox *buildAccess();
    QGroupBox *buildOptions();
    QFormLayout *newForm(QGroupBox *box);

    const Scope *currentScope() const;
    QString scopeLabel() const;
    QString basePath() const;
    void commit(const Scope &scope, const QString &what);
    void commitText(const Scope &scope, const QString &text);
    void refresh(bool force);
    void showIssues();

    ConfigurationDocument *m_document;
    std::unique_ptr<FormBinder<Scope>> m_binder;
    int m_index = -1;
    QLabel *m_title = nullptr;
    FieldMessage *m_otherIssues = nullptr;
    QWidget *m_form = nullptr;
    QLineEdit *m_renewal = nullptr;
    QLineEdit *m_rebinding = nullptr;
    QLabel *m_rangesCaption = nullptr;
    QLabel *m_exclusionsCaption = nullptr;
    AddressRangeListEdit *m_ranges = nullptr;
    AddressRangeListEdit *m_exclusions = nullptr;
    OptionsEditor *m_options = nullptr;
    FieldMessage *m_optionsMessage = nullptr;
};

} // namespace leasedesk
