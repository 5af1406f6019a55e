#include "core/datapaths.h"
#include "core/version.h"
#include "widgets/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

using namespace leasedesk;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("LeaseDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("LeaseDesk"));
    QCoreApplication::setApplicationVersion(applicationVersion());

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("LeaseDesk, a DHCPv4 server console for small labs"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dbOption(QStringLiteral("db"), QStringLiteral("The database file."),
                                QStringLiteral("FILE"), DataPaths::defaultDatabaseFile());
    parser.addOption(dbOption);
    parser.process(app);

    const QString databaseFile = parser.value(dbOption);
    if (const QString error = DataPaths::ensureFolderFor(databaseFile); !error.isEmpty()) {
        QMessageBox::critical(nullptr, QStringLiteral("LeaseDesk"), error);
        return 1;
    }
    MainWindow window(databaseFile);
    window.show();
    return app.exec();
}
