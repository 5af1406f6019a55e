#include "core/configurationstore.h"
#include "core/datapaths.h"
#include "core/sqliteleasestore.h"
#include "core/version.h"
#include "widgets/mainwindow.h"
#include "widgets/packetdecoderview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <cstdio>

using namespace leasedesk;

namespace {

// Opens the database once at start: creates it on first run, and refuses (with the store's
// sentence) a file that is newer, foreign, damaged or not writable, before any window opens.
std::optional<DatabaseSummary> readDatabase(const QString &file, QString *error)
{
    const auto store = SqliteLeaseStore::open(file, error);
    if (!store)
        return std::nullopt;
    const auto config = ConfigurationStore::load(*store, error);
    if (!config)
        return std::nullopt;
    error->clear();
    const QList<Lease> leases = store->loadLeases(error);
    if (!error->isEmpty())
        return std::nullopt;
    return DatabaseSummary{store->fileName(), config->revision, config->scopes.size(), leases.size()};
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    setApplicationIdentity();

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("LeaseDesk, a DHCPv4 server console for small labs"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("The database file."),
                                QStringLiteral("FILE"), DataPaths::defaultDatabaseFile());
    parser.addOption(dbOption);
    QCommandLineOption decodeOption(QStringLiteral("decode"),
                                    QStringLiteral("Open FILE (one DHCP message, raw or as hex) in "
                                                   "the packet decoder."),
                                    QStringLiteral("FILE"));
    parser.addOption(decodeOption);
    parser.process(app);

    QString error;
    const auto database = readDatabase(parser.value(dbOption), &error);
    if (!database) {
        std::fprintf(stderr, "leasedesk: %s\n", qPrintable(error));
        QMessageBox::critical(nullptr, QStringLiteral("LeaseDesk"),
                              QStringLiteral("%1\n\nStart LeaseDesk with --db FILE to use another "
                                             "database.")
                                  .arg(error));
        return 1;
    }
    MainWindow window(*database);
    if (parser.isSet(decodeOption)) {
        if (const QString error = window.packetDecoder()->openFile(parser.value(decodeOption));
            !error.isEmpty()) {
            std::fprintf(stderr, "leasedesk: %s\n", qPrintable(error));
            return 1;
        }
    }
    window.show();
    return app.exec();
}
