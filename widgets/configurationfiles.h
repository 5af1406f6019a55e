#pragma once

#include <QObject>
#include <QString>

class QAction;
class QMenu;
class QWidget;

namespace leasedesk {

class ConfigurationDocument;

// File ▸ Import/Export (issue 6): LeaseDesk JSON both ways, a kea-dhcp4 configuration, and
// the reservations of a scope as CSV. The work is in the functions that take a path, so
// tests need no dialog; the actions only ask for the path and say how it went. An import is
// one undoable edit of the document, applied like any other edit.
class ConfigurationFiles : public QObject
{
    Q_OBJECT
public:
    ConfigurationFiles(ConfigurationDocument *document, QWidget *dialogParent);

    // Adds the import/export actions to `menu`.
    void addActions(QMenu *menu);

    // Each returns an empty string on success, else a sentence naming the file and what is
    // wrong (every JSON error with its path, e.g. "scopes[0].ranges[1].end: …").
    QString importConfiguration(const QString &path);
    QString exportConfiguration(const QString &path) const;
    // notes: what Kea cannot express (KeaExporter), for the admin to read.
    QString exportKea(const QString &path, QStringList *notes = nullptr) const;
    QString exportReservations(const QString &path, int scopeIndex) const;

    // The scope whose reservations "Export reservations" writes.
    void setCurrentScope(int index) { m_scope = index; }

signals:
    // Success messages for the status bar ("Imported lab.json: 2 scopes, not yet applied").
    void reported(const QString &message);

private:
    void importWithDialog();
    void exportWithDialog();
    void exportKeaWithDialog();
    void exportReservationsWithDialog();
    void fail(const QString &title, const QString &error);
    void tell(int icon, const QString &title, const QString &text);

    ConfigurationDocument *m_document;
    QWidget *m_dialogParent;
    int m_scope = -1;
};

} // namespace leasedesk
