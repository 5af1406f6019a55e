#pragma once

#include "core/configuration.h"

#include <QWidget>

class QLabel;
class QPushButton;

namespace leasedesk {

class ConfigurationDocument;

// The strip under the configuration editors (issue 6): what is not applied yet and what is
// wrong with it, Apply (only when something changed and nothing is an error) and Revert
// (back to what the engine runs, itself undoable). The window connects applyRequested to
// the engine; the document learns the result through setApplied().
class ConfigurationBar : public QWidget
{
    Q_OBJECT
public:
    explicit ConfigurationBar(ConfigurationDocument *document, QWidget *parent = nullptr);

    // "2 unapplied changes (scope lab, server settings)" or "No unapplied changes".
    QString changesText() const;

signals:
    void applyRequested(const leasedesk::Configuration &configuration);

private:
    void refresh();
    QStringList changedParts() const;

    ConfigurationDocument *m_document;
    QLabel *m_changes;
    QLabel *m_problems;
    QPushButton *m_apply;
    QPushButton *m_revert;
};

} // namespace leasedesk
