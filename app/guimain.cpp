#include "core/datapaths.h"
#include "core/version.h"
#include "widgets/mainwindow.h"

#include "widgets/packetdecoderview.h"
#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <cstdio>

using namespace leasedesk;

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

    const QString databaseFile = parser.value(dbOption);
    if (const QString error = DataPaths::ensureFolderFor(databaseFile); !error.isEmpty()) {
        QMessageBox::critical(nullptr, QStringLiteral("LeaseDesk"), error);
        return 1;
    }
    MainWindow window(databaseFile);
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
