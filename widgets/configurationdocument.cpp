#include "widgets/configurationdocument.h"

#include <QUndoCommand>
#include <QUndoStack>

namespace leasedesk {

namespace {

// Compares what the admin can change: the revision is the store's business.
bool sameContent(Configuration a, const Configuration &b)
{
    a.revision = b.revision;
    return a == b;
}

} // namespace

// One edit: the whole configuration before and after. A configuration is a few kilobytes
// even for a large lab, so keeping both copies is simpler and safer than per-field undo.
class ConfigurationCommand : public QUndoCommand
{
public:
    ConfigurationCommand(ConfigurationDocument *doc, Configuration before, Configuration after,
                         const QString &text)
        : QUndoCommand(text), m_doc(doc), m_before(std::move(before)), m_after(std::move(after))
    { }
    void redo() override { m_doc->assign(m_after); }
    void undo() override { m_doc->assign(m_before); }

private:
    ConfigurationDocument *m_doc;
    Configuration m_before;
    Configuration m_after;
};

ConfigurationDocument::ConfigurationDocument(QObject *parent)
    : QObject(parent), m_undo(new QUndoStack(this))
{ }

ConfigurationDocument::~ConfigurationDocument() = default;

bool ConfigurationDocument::isModified() const
{
    return m_modified;
}

const QList<ValidationIssue> &ConfigurationDocument::issues() const
{
    if (!m_issues)
        m_issues = ConfigurationValidator::validate(m_config);
    return *m_issues;
}

QList<ValidationIssue> ConfigurationDocument::issuesFor(const QString &prefix) const
{
    QList<ValidationIssue> out;
    for (const ValidationIssue &issue : issues()) {
        // "scopes[1]" must not match "scopes[10]": the prefix ends the path or a segment.
        if (!issue.path.startsWith(prefix))
            continue;
        const QChar next =
            issue.path.size() > prefix.size() ? issue.path.at(prefix.size()) : QChar();
        if (next.isNull() || next == u'.' || next == u'[' || prefix.endsWith(u'.'))
            out.append(issue);
    }
    return out;
}

int ConfigurationDocument::scopeIndex(const QString &name) const
{
    for (int i = 0; i < m_config.scopes.size(); ++i)
        if (m_config.scopes.at(i).name == name)
            return i;
    return -1;
}

void ConfigurationDocument::setServerSettings(const ServerSettings &settings, const QString &text)
{
    Configuration next = m_config;
    next.server = settings;
    replaceConfiguration(next, text);
}

void ConfigurationDocument::setScope(int index, const Scope &scope, const QString &text)
{
    if (index < 0 || index >= m_config.scopes.size())
        return;
    Configuration next = m_config;
    next.scopes[index] = scope;
    replaceConfiguration(next, text);
}

void ConfigurationDocument::addScope(const Scope &scope)
{
    Configuration next = m_config;
    next.scopes.append(scope);
    replaceConfiguration(next, tr("Add scope %1").arg(scope.name));
}

void ConfigurationDocument::removeScope(int index)
{
    if (index < 0 || index >= m_config.scopes.size())
        return;
    Configuration next = m_config;
    const QString name = next.scopes.takeAt(index).name;
    replaceConfiguration(next, tr("Remove scope %1").arg(name));
}

void ConfigurationDocument::setReservations(int scopeIndex, const QList<Reservation> &reservations,
                                            const QString &text)
{
    if (scopeIndex < 0 || scopeIndex >= m_config.scopes.size())
        return;
    Configuration next = m_config;
    next.scopes[scopeIndex].reservations = reservations;
    replaceConfiguration(next, text);
}

void ConfigurationDocument::setDeviceLabels(const QList<DeviceLabel> &labels, const QString &text)
{
    Configuration next = m_config;
    next.labels = labels;
    replaceConfiguration(next, text);
}

void ConfigurationDocument::replaceConfiguration(const Configuration &config, const QString &text)
{
    if (sameContent(config, m_config))
        return;
    Configuration after = config;
    after.revision = m_config.revision;
    m_undo->push(new ConfigurationCommand(this, m_config, after, text));
}

void ConfigurationDocument::setApplied(const Configuration &config)
{
    m_applied = config;
    m_config.revision = config.revision;
    if (sameContent(m_config, m_applied) || m_modified) {
        // Our edits were applied (the undo history stays useful), or edits are pending and
        // are kept on top of the new revision.
        const bool modified = !sameContent(m_config, m_applied);
        if (modified != m_modified) {
            m_modified = modified;
            emit modifiedChanged(modified);
        }
        return;
    }
    // Nothing of ours is pending: follow the engine; edits of what it no longer runs mean
    // nothing, so their history goes.
    m_undo->clear();
    assign(config);
}

void ConfigurationDocument::revert()
{
    replaceConfiguration(m_applied, tr("Revert to the running configuration"));
}

void ConfigurationDocument::assign(const Configuration &config)
{
    const bool changed = !(config == m_config);
    m_config = config;
    m_config.revision = m_applied.revision;
    m_issues.reset();
    const bool modified = !sameContent(m_config, m_applied);
    if (changed)
        emit configurationChanged();
    if (modified != m_modified) {
        m_modified = modified;
        emit modifiedChanged(modified);
    }
}

} // namespace leasedesk
