#pragma once

#include "core/configurationvalidator.h"

#include <QLabel>

namespace leasedesk {

// The line under a form field that says what is wrong with it: first why the typed text
// could not be read (it was not committed), then the validator's sentences about the
// document's value. Plain text only, since the sentences quote what the admin typed; hidden
// when there is nothing to say so a clean form stays compact.
class FieldMessage : public QLabel
{
    Q_OBJECT
public:
    explicit FieldMessage(QWidget *parent = nullptr);

    void setMessages(const QString &parseError, const QList<ValidationIssue> &issues);
    bool hasError() const { return m_error; }

private:
    bool m_error = false;
};

// Whether `path` is `prefix` or lies below it ("scopes[1]" covers "scopes[1].router" and
// "scopes[1].ranges[0]" but not "scopes[10]"), as ConfigurationDocument::issuesFor matches.
bool pathIsUnder(const QString &path, const QString &prefix);

// Puts `editor` and `message` one above the other, so a message sits right under its field
// and the form's label stays aligned with the editor, not with the pair.
QWidget *fieldWithMessage(QWidget *editor, FieldMessage *message);

} // namespace leasedesk
