#pragma once

#include "core/configuration.h"
#include "core/configurationvalidator.h"

#include <QObject>

#include <optional>

class QUndoStack;

namespace leasedesk {

// The configuration being edited in the console (issue 6). Every edit is one command on the
// undo stack, so Edit ▸ Undo/Redo covers scopes, reservations, labels and server settings
// alike; a change that changes nothing pushes nothing. `applied()` is what the engine runs;
// Apply sends `configuration()` to the engine and Revert goes back to `applied()` (itself an
// undoable command). Plain values in, plain values out: no widgets, no engine.
class ConfigurationDocument : public QObject
{
    Q_OBJECT
public:
    explicit ConfigurationDocument(QObject *parent = nullptr);
    ~ConfigurationDocument() override;

    QUndoStack *undoStack() const { return m_undo; }
    const Configuration &configuration() const { return m_config; }
    const Configuration &applied() const { return m_applied; }
    // The edits differ from what the engine runs (the revision is not compared).
    bool isModified() const;
    // ConfigurationValidator::validate(configuration()), cached until the next change.
    const QList<ValidationIssue> &issues() const;
    // The issues whose path starts with `prefix` ("scopes[2]", "scopes[2].router").
    QList<ValidationIssue> issuesFor(const QString &prefix) const;
    int scopeIndex(const QString &name) const; // -1 when there is none

    // Each pushes one undoable command named by `text` ("Change router of lab").
    void setServerSettings(const ServerSettings &settings, const QString &text);
    void setScope(int index, const Scope &scope, const QString &text);
    void addScope(const Scope &scope); // "Add scope NAME"
    void removeScope(int index); // "Remove scope NAME"
    void setReservations(int scopeIndex, const QList<Reservation> &reservations,
                         const QString &text);
    void setDeviceLabels(const QList<DeviceLabel> &labels, const QString &text);
    void replaceConfiguration(const Configuration &config, const QString &text); // import

public slots:
    // What the engine runs now (configurationLoaded). Without local edits the document
    // follows it and the undo stack is kept clean; with edits they are kept.
    void setApplied(const leasedesk::Configuration &config);
    void revert();

signals:
    void configurationChanged(); // configuration() is different
    void modifiedChanged(bool modified);

private:
    friend class ConfigurationCommand;
    void assign(const Configuration &config); // used by the commands' redo()/undo()

    QUndoStack *m_undo = nullptr;
    Configuration m_config;
    Configuration m_applied;
    mutable std::optional<QList<ValidationIssue>> m_issues;
    bool m_modified = false;
};

} // namespace leasedesk
