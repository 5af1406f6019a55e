#include "widgets/configurationfiles.h"

#include "core/configurationjson.h"
#include "core/keaexporter.h"
#include "core/reservationcsv.h"
#include "widgets/configurationdocument.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>

namespace leasedesk {

namespace {

// Through QSaveFile, so a full disk or a read-only folder leaves the old file whole and is
// reported instead of leaving half a file behind.
QString writeFile(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return QObject::tr("cannot write %1: %2").arg(path, file.errorString());
    if (file.write(data) != data.size() || !file.commit())
        return QObject::tr("cannot write %1: %2").arg(path, file.errorString());
    return {};
}

const QString JsonFilter = QObject::tr("LeaseDesk configuration (*.json);;All files (*)");

} // namespace

ConfigurationFiles::ConfigurationFiles(ConfigurationDocument *document, QWidget *dialogParent)
    : QObject(dialogParent), m_document(document), m_dialogParent(dialogParent)
{ }

void ConfigurationFiles::addActions(QMenu *menu)
{
    menu->addAction(tr("&Import configuration…"), this, &ConfigurationFiles::importWithDialog)
        ->setObjectName(QStringLiteral("importConfigurationAction"));
    menu->addAction(tr("&Export configuration…"), this, &ConfigurationFiles::exportWithDialog)
        ->setObjectName(QStringLiteral("exportConfigurationAction"));
    menu->addAction(tr("Export &reservations as CSV…"), this,
                    &ConfigurationFiles::exportReservationsWithDialog)
        ->setObjectName(QStringLiteral("exportReservationsAction"));
    menu->addAction(tr("Export for &Kea (kea-dhcp4)…"), this,
                    &ConfigurationFiles::exportKeaWithDialog)
        ->setObjectName(QStringLiteral("exportKeaAction"));
}

QString ConfigurationFiles::importConfiguration(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return tr("cannot read %1: %2").arg(path, file.errorString());
    const ConfigurationImport imported = ConfigurationJson::fromJson(file.readAll());
    if (!imported.configuration)
        return tr("%1 is not a LeaseDesk configuration; nothing was imported:\n%2")
            .arg(path, imported.errors.join(QLatin1Char('\n')));
    // Validation problems are not a reason to refuse the file: the editor shows each next
    // to its field, and Apply stays disabled until they are fixed.
    m_document->replaceConfiguration(*imported.configuration,
                                     tr("Import %1").arg(QFileInfo(path).fileName()));
    const qsizetype scopes = imported.configuration->scopes.size();
    emit reported(tr("Imported %1: %n scope(s); press Apply to serve it", nullptr, int(scopes))
                      .arg(QFileInfo(path).fileName()));
    return {};
}

QString ConfigurationFiles::exportConfiguration(const QString &path) const
{
    return writeFile(path, ConfigurationJson::toJson(m_document->configuration()));
}

QString ConfigurationFiles::exportKea(const QString &path, QStringList *notes) const
{
    const KeaExportResult kea = KeaExporter::exportConfiguration(m_document->configuration());
    if (notes)
        *notes = kea.notes;
    return writeFile(path, kea.json);
}

QString ConfigurationFiles::exportReservations(const QString &path, int scopeIndex) const
{
    const QList<Scope> &scopes = m_document->configuration().scopes;
    if (scopeIndex < 0 || scopeIndex >= scopes.size())
        return tr("choose a scope first: its reservations are exported");
    return writeFile(path, ReservationCsv::write(scopes.at(scopeIndex).reservations));
}

void ConfigurationFiles::importWithDialog()
{
    const QString path =
        QFileDialog::getOpenFileName(m_dialogParent, tr("Import configuration"), {}, JsonFilter);
    if (path.isEmpty())
        return;
    if (const QString error = importConfiguration(path); !error.isEmpty())
        fail(tr("Import configuration"), error);
}

void ConfigurationFiles::exportWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Export configuration"),
                                                      QStringLiteral("leasedesk.json"), JsonFilter);
    if (path.isEmpty())
        return;
    if (const QString error = exportConfiguration(path); !error.isEmpty())
        fail(tr("Export configuration"), error);
    else
        emit reported(tr("Configuration written to %1").arg(path));
}

void ConfigurationFiles::exportKeaWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(
        m_dialogParent, tr("Export for Kea"), QStringLiteral("kea-dhcp4.conf"),
        tr("Kea configuration (*.conf *.json);;All files (*)"));
    if (path.isEmpty())
        return;
    QStringList notes;
    if (const QString error = exportKea(path, &notes); !error.isEmpty()) {
        fail(tr("Export for Kea"), error);
        return;
    }
    if (!notes.isEmpty()) // what Kea cannot say must not disappear silently
        tell(QMessageBox::Information, tr("Export for Kea"),
             tr("Written to %1. Left out, because kea-dhcp4 has no equivalent:\n• %2")
                 .arg(path, notes.join(QStringLiteral("\n• "))));
    emit reported(tr("Kea configuration written to %1").arg(path));
}

void ConfigurationFiles::exportReservationsWithDialog()
{
    const QString path = QFileDialog::getSaveFileName(m_dialogParent, tr("Export reservations"),
                                                      QStringLiteral("reservations.csv"),
                                                      tr("CSV (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    if (const QString error = exportReservations(path, m_scope); !error.isEmpty())
        fail(tr("Export reservations"), error);
    else
        emit reported(tr("Reservations written to %1").arg(path));
}

void ConfigurationFiles::fail(const QString &title, const QString &error)
{
    tell(QMessageBox::Warning, title, error);
}

void ConfigurationFiles::tell(int icon, const QString &title, const QString &text)
{
    QMessageBox box(QMessageBox::Icon(icon), title, text, QMessageBox::Ok, m_dialogParent);
    box.setTextFormat(Qt::PlainText); // names from files and paths are not markup
    box.exec();
}

} // namespace leasedesk
