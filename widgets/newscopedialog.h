#pragma once

#include "core/configuration.h"
#include "engine/servingstate.h"

#include <QDialog>

#include <array>
#include <optional>

class QDialogButtonBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QTreeWidget;

namespace leasedesk {

struct ValidationIssue;

// The guided "new scope" flow of the first start (issue 6): the admin picks the lab's
// interface, LeaseDesk proposes a scope from its address (ScopeProposal), the admin checks
// or edits it and presses Create. Every field is checked as it is typed, with the
// validator's own messages beside it; Create stays disabled while any error remains.
// The interfaces come from the engine's ServingState, so this needs no network access.
class NewScopeDialog : public QDialog
{
    Q_OBJECT
public:
    enum Field { Name, Subnet, RangeStart, RangeEnd, Router, Dns, FieldCount };

    NewScopeDialog(const QList<NetworkInterfaceInfo> &interfaces, const QList<Scope> &existing,
                   QWidget *parent = nullptr);

    // The scope as entered; meaningful when the dialog was accepted.
    Scope scope() const { return m_scope.value_or(Scope{}); }
    bool hasErrors() const;

    // Interfaces a scope can be proposed from: up, not loopback, with an IPv4 address.
    static QList<NetworkInterfaceInfo> usableInterfaces(const QList<NetworkInterfaceInfo> &all);

    QTreeWidget *interfaceList() const { return m_interfaces; }
    QLineEdit *edit(Field f) const { return m_edits[f]; }
    QLabel *message(Field f) const { return m_messages[f]; }
    QLabel *noteLabel() const { return m_note; }
    QPushButton *createButton() const { return m_create; }

protected:
    bool event(QEvent *event) override;

private:
    struct Messages;

    QWidget *buildInterfacePicker();
    QWidget *buildForm();
    void makeField(Field f, const QString &placeholder, QWidget *parent);
    QWidget *fieldWithMessage(Field f, const QString &placeholder, const QString &hint = {});
    QWidget *rangeField();
    void chooseInterface();
    void fill(const Scope &scope);
    void revalidate();
    std::optional<Scope> parseFields(Messages &m) const;
    void checkWithValidator(const Scope &scope, Messages &m) const;
    void showMessages(const Messages &m);
    void fitMessages();

    QList<NetworkInterfaceInfo> m_usable;
    QList<Scope> m_existing;
    Scope m_base; // the proposal (or defaults): what the form does not edit comes from here
    std::optional<Scope> m_scope;
    QTreeWidget *m_interfaces = nullptr;
    std::array<QLineEdit *, FieldCount> m_edits{};
    std::array<QLabel *, FieldCount> m_messages{};
    QLabel *m_note = nullptr; // the proposal's note or refusal
    QLabel *m_general = nullptr; // validator messages that belong to no field
    QDialogButtonBox *m_buttons = nullptr;
    QFormLayout *m_form = nullptr;
    bool m_remeasure = false; // messages changed since the form last measured its rows
    QPushButton *m_create = nullptr;
};

} // namespace leasedesk
