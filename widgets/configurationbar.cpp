#include "widgets/configurationbar.h"

#include "widgets/configurationdocument.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

namespace leasedesk {

ConfigurationBar::ConfigurationBar(ConfigurationDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document), m_changes(new QLabel(this)),
      m_problems(new QLabel(this)), m_apply(new QPushButton(tr("&Apply"), this)),
      m_revert(new QPushButton(tr("Re&vert"), this))
{
    m_changes->setTextFormat(Qt::PlainText);
    m_problems->setTextFormat(Qt::PlainText);
    m_changes->setObjectName(QStringLiteral("changes"));
    m_problems->setObjectName(QStringLiteral("problems"));
    m_apply->setObjectName(QStringLiteral("apply"));
    m_revert->setObjectName(QStringLiteral("revert"));
    m_apply->setToolTip(tr("Send the edited configuration to the server"));
    m_revert->setToolTip(tr("Go back to the configuration the server runs (undoable)"));
    auto *layout = new QHBoxLayout(this);
    layout->addWidget(m_changes);
    layout->addSpacing(12);
    layout->addWidget(m_problems, 1);
    layout->addWidget(m_revert);
    layout->addWidget(m_apply);
    connect(m_apply, &QPushButton::clicked, this,
            [this] { emit applyRequested(m_document->configuration()); });
    connect(m_revert, &QPushButton::clicked, m_document, &ConfigurationDocument::revert);
    connect(m_document, &ConfigurationDocument::configurationChanged, this,
            &ConfigurationBar::refresh);
    connect(m_document, &ConfigurationDocument::modifiedChanged, this, &ConfigurationBar::refresh);
    refresh();
}

QStringList ConfigurationBar::changedParts() const
{
    const Configuration &now = m_document->configuration();
    const Configuration &applied = m_document->applied();
    QStringList parts;
    if (!(now.server == applied.server))
        parts.append(tr("server settings"));
    // Scopes are matched by name: a renamed scope counts as one removed and one added.
    for (const Scope &s : now.scopes) {
        const Scope *old = applied.findScope(s.name);
        if (!old || !(*old == s))
            parts.append(tr("scope %1").arg(s.name.isEmpty() ? tr("(unnamed)") : s.name));
    }
    for (const Scope &s : applied.scopes)
        if (!now.findScope(s.name))
            parts.append(tr("scope %1 removed").arg(s.name));
    if (!(now.labels == applied.labels))
        parts.append(tr("device labels"));
    return parts;
}

QString ConfigurationBar::changesText() const
{
    if (!m_document->isModified())
        return tr("No unapplied changes");
    const QStringList parts = changedParts();
    // Spelled out: the console ships no translation that would resolve "%n change(s)".
    const QString list = parts.join(QStringLiteral(", "));
    if (parts.isEmpty())
        return tr("Unapplied changes (the order of the scopes)");
    return parts.size() == 1 ? tr("1 unapplied change (%1)").arg(list)
                             : tr("%1 unapplied changes (%2)").arg(parts.size()).arg(list);
}

void ConfigurationBar::refresh()
{
    int errors = 0;
    int warnings = 0;
    QStringList lines;
    for (const ValidationIssue &issue : m_document->issues()) {
        (issue.isError() ? errors : warnings) += 1;
        lines.append(issue.toString());
    }
    m_changes->setText(changesText());
    QString problems;
    if (errors > 0)
        problems = errors == 1 ? tr("1 error") : tr("%1 errors").arg(errors);
    if (warnings > 0)
        problems += (problems.isEmpty() ? QString() : QStringLiteral(", "))
            + (warnings == 1 ? tr("1 warning") : tr("%1 warnings").arg(warnings));
    if (errors > 0)
        problems += tr(": fix the errors to apply");
    m_problems->setText(problems);
    m_problems->setToolTip(lines.join(u'\n'));
    QPalette pal = m_problems->palette();
    pal.setColor(QPalette::WindowText,
                 errors > 0 ? QColor(0xb3, 0x1b, 0x1b) : QColor(0x8a, 0x5a, 0x00));
    m_problems->setPalette(pal);
    const bool modified = m_document->isModified();
    m_apply->setEnabled(modified && errors == 0);
    m_revert->setEnabled(modified);
}

} // namespace leasedesk
