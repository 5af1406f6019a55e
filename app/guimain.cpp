#include "core/datapaths.h"
#include "core/version.h"
#include "engine/enginecontroller.h"
#include "net/privilegedsockets.h"
#include "widgets/consoleconnection.h"
#include "widgets/mainwindow.h"
#include "widgets/packetdecoderview.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <cstdio>

using namespace leasedesk;

namespace {

bool hasFlag(int argc, char *argv[], const char *flag)
{
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], flag) == 0)
            return true;
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    // The privileged sockets first, then no privileges at all, before Qt starts any thread
    // (design.md). Without the rights the console still runs and says what is missing.
    EngineSockets sockets;
    if (hasFlag(argc, argv, "--no-serve")) {
        sockets.problems.append(QStringLiteral("started with --no-serve"));
    } else if (hasFlag(argc, argv, "--simulate")) {
        // The simulated lab needs no sockets and no rights.
    } else {
        PrivilegedSockets opened = PrivilegedSockets::open();
        sockets.udp = opened.takeUdp();
        sockets.packet = opened.takePacket();
        sockets.icmp = opened.takeIcmp();
        sockets.arp = opened.takeArp();
        sockets.client = opened.takeClient();
        sockets.problems = opened.problems();
        if (const QString error = PrivilegedSockets::dropCapabilities(); !error.isEmpty())
            sockets.problems.append(error);
    }
    QApplication app(argc, argv);
    setApplicationIdentity();
    // The Wayland app_id (and Qt's desktop-file hint on X11): how the desktop matches the
    // window to its menu entry and icon, org.leasedesk.LeaseDesk (installer/README.md).
    QGuiApplication::setDesktopFileName(QStringLiteral(LEASEDESK_APP_ID));

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
    QCommandLineOption noServeOption(
        QStringLiteral("no-serve"),
        QStringLiteral("Open no sockets: edit configuration and leases only."));
    parser.addOption(noServeOption);
    QCommandLineOption simulateOption(
        QStringLiteral("simulate"),
        QStringLiteral("Run the simulated lab instead of serving: virtual clients, a squatter and "
                       "a rogue server drive the real engine in memory (no rights needed, the "
                       "database is not touched)."));
    parser.addOption(simulateOption);
    QCommandLineOption clientsOption(QStringLiteral("clients"),
                                     QStringLiteral("Virtual clients in the simulated lab."),
                                     QStringLiteral("N"), QStringLiteral("24"));
    parser.addOption(clientsOption);
    QCommandLineOption noSquatterOption(
        QStringLiteral("no-squatter"),
        QStringLiteral("Simulated lab without the machine that squats on a pool address."));
    parser.addOption(noSquatterOption);
    QCommandLineOption noRogueOption(
        QStringLiteral("no-rogue"),
        QStringLiteral("Simulated lab without the second DHCP server on its wire."));
    parser.addOption(noRogueOption);
    parser.process(app);
    if (parser.isSet(simulateOption)) {
        bool ok = false;
        sockets.simulatedClients = parser.value(clientsOption).toInt(&ok);
        if (!ok || sockets.simulatedClients < 1 || sockets.simulatedClients > 90) {
            std::fprintf(stderr, "leasedesk: --clients wants a number from 1 to 90, not \"%s\"\n",
                         qPrintable(parser.value(clientsOption)));
            return 2;
        }
        sockets.simulatedSquatter = !parser.isSet(noSquatterOption);
        sockets.simulatedRogue = !parser.isSet(noRogueOption);
    }

    MainWindow window;
    EngineController engine(parser.value(dbOption), std::move(sockets));
    connectConsole(window, engine);
    QObject::connect(&engine, &EngineController::failed, &app, [&window](const QString &error) {
        std::fprintf(stderr, "leasedesk: %s\n", qPrintable(error));
        QMessageBox::critical(
            &window, QStringLiteral("LeaseDesk"),
            QStringLiteral("%1\n\nStart LeaseDesk with --db FILE to use another database.")
                .arg(error));
        QCoreApplication::exit(1);
    });
    engine.start();
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
