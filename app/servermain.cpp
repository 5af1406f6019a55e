// leasedesk-server: the engine without a window (design.md, "Headless command line").
#include "core/configurationjson.h"
#include "core/configurationstore.h"
#include "core/datapaths.h"
#include "core/keaexporter.h"
#include "core/sqliteleasestore.h"
#include "core/version.h"
#include "engine/engine.h"
#include "engine/ingresswiring.h"
#include "engine/leasewriter.h"
#include "engine/packetlog.h"
#include "engine/statisticssampler.h"
#include "net/dhcpclientport.h"
#include "net/dhcpsocket.h"
#include "net/networkprober.h"
#include "net/privilegedsockets.h"
#include "signalwatcher.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QNetworkInterface>
#include <QSaveFile>
#include <QTimer>

#include <cstdio>

using namespace leasedesk;

namespace {

void say(const QString &line)
{
    std::fprintf(stderr, "leasedesk-server: %s\n", qPrintable(line));
}

// "-" is standard output; anything else is replaced atomically, so a failed export never
// leaves half a file behind.
bool writeOutput(const QString &path, const QByteArray &data)
{
    if (path == QLatin1String("-")) {
        std::fwrite(data.constData(), 1, std::size_t(data.size()), stdout);
        return std::fflush(stdout) == 0;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(data) != data.size() || !file.commit()) {
        say(QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return false;
    }
    return true;
}

bool importConfiguration(LeaseStore &store, const QString &path, const QString &dbFile)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        say(QStringLiteral("cannot read %1: %2").arg(path, file.errorString()));
        return false;
    }
    const ConfigurationImport parsed = ConfigurationJson::fromJson(file.readAll());
    if (!parsed.configuration) {
        say(QStringLiteral("%1 is not a usable configuration:").arg(path));
        for (const QString &e : parsed.errors)
            std::fprintf(stderr, "  %s\n", qPrintable(e));
        return false;
    }
    // Scopes, reservations and server settings are replaced; leases are kept.
    const ConfigurationStore::SaveResult saved =
        ConfigurationStore::save(store, *parsed.configuration);
    for (const ValidationIssue &issue : saved.issues)
        std::fprintf(stderr, "  %s\n", qPrintable(issue.toString()));
    if (!saved.storeError.isEmpty())
        say(saved.storeError);
    if (!saved.saved()) {
        if (saved.storeError.isEmpty())
            say(QStringLiteral("%1 was not imported: fix the errors above").arg(path));
        return false;
    }
    say(QStringLiteral("imported %1 into %2 as configuration revision %3")
            .arg(path, dbFile)
            .arg(saved.revision));
    return true;
}

// Serves until SIGTERM or SIGINT. The sockets were opened before anything else and every
// capability is already gone (design.md, "Privileges are taken once, then dropped").
int serve(SqliteLeaseStore &store, PrivilegedSockets &sockets, const QStringList &interfaces,
          bool verbose)
{
    for (const QString &name : sockets.problems())
        say(name);
    if (sockets.udpFd() < 0)
        return 1;
    for (const QString &name : interfaces) {
        const QNetworkInterface iface = QNetworkInterface::interfaceFromName(name);
        if (!iface.isValid()) {
            say(QStringLiteral("there is no interface %1 on this machine").arg(name));
            return 1;
        }
    }
    SystemClock clock;
    // Declared before the engine, so it outlives every packetEvents emission.
    PacketLog packetLog(clock,
                        verbose ? PacketLog::Sink([](const QString &line) {
                            std::fprintf(stderr, "%s\n", qPrintable(line));
                        })
                                : PacketLog::Sink(say),
                        verbose ? PacketLog::verbose() : PacketLog::quiet());
    DhcpSocket socket(sockets.takeUdp(), sockets.takePacket());
    socket.setAllowedInterfaces(interfaces);
    NetworkProber prober(sockets.takeIcmp(), sockets.takeArp(), clock);
    prober.setAllowedInterfaces(interfaces);
    DhcpClientPort clientPort(sockets.takeClient(), clock);
    clientPort.setAllowedInterfaces(interfaces);
    // Before anything can be slow: SIGUSR1's default action would end the server.
    SignalWatcher signalWatcher;
    // Commits on a thread of their own (issue 9); declared first, so it outlives the engine.
    QString writerError;
    const std::unique_ptr<LeaseWriter> writer = LeaseWriter::open(store.fileName(), &writerError);
    if (!writer)
        say(QStringLiteral("committing in the main thread: %1").arg(writerError));
    Engine engine(store, socket, clock);
    engine.setWriter(writer.get());
    engine.setConflictProbe(&prober);
    if (clientPort.isValid())
        engine.setClientPort(&clientPort, interfaces);
    if (const QString error = engine.start(); !error.isEmpty()) {
        say(error);
        return 1;
    }
    if (engine.server().configuration().scopes.isEmpty())
        say(QStringLiteral(
            "the database holds no scopes: nothing will be offered (import one with --config)"));
    // Issue 9 (overload): socket → bounded queue, oldest dropped first → engine. Declared after
    // the engine, so it goes first. Its reports go out as the engine's network events (printed
    // below, kept in the database by the sampler).
    IngressQueue ingress(engineHandler(engine));
    wireIngress(socket, ingress, engine);
    QObject::connect(&prober, &NetworkProber::arpObserved, &engine, &Engine::handleArp);
    QObject::connect(&clientPort, &DhcpClientPort::serverReplySeen, &engine,
                     &Engine::handleServerReply);
    QObject::connect(&engine, &Engine::problem, [](const QString &p) { say(p); });
    // Conflicts, other servers and the self-check are always printed: they are what an admin
    // running a headless server needs to hear of.
    QObject::connect(&engine, &Engine::networkEvent,
                     [](const NetworkEvent &e) { say(e.summary()); });
    // Issue 9: ignored and malformed packets are rate-limited, so a storm of junk cannot
    // flood the log; without --verbose a storm (100 or more in 10 s) is still reported, one
    // summary line per 10 s.
    QObject::connect(&engine, &Engine::packetEvents,
                     [&packetLog](const QList<PacketEvent> &events) { packetLog.add(events); });
    // Issue 8: the statistics history lives in the same database, so the console shows the
    // headless server's utilization and alerts when it opens the file later.
    StatisticsSampler sampler(engine, store, clock);
    QObject::connect(&sampler, &StatisticsSampler::alertRaised,
                     [](const NetworkEvent &e) { say(e.summary()); });
    QObject::connect(&sampler, &StatisticsSampler::problem, [](const QString &p) { say(p); });
    if (const QString error = sampler.start(); !error.isEmpty())
        say(error);
    engine.runSelfCheck(SelfCheck::describe(interfaces));
    QTimer sweeper;
    QObject::connect(&sweeper, &QTimer::timeout, &engine, &Engine::sweep);
    sweeper.start(1000);
    QObject::connect(&signalWatcher, &SignalWatcher::rogueCheckRequested, &engine,
                     &Engine::detectRogueServers);
    QObject::connect(&signalWatcher, &SignalWatcher::terminationRequested, qApp, [](int sig) {
        say(QStringLiteral("stopping on signal %1").arg(sig));
        QCoreApplication::quit();
    });
    say(QStringLiteral("serving %1 scope(s) on %2")
            .arg(engine.server().configuration().scopes.size())
            .arg(interfaces.isEmpty() ? QStringLiteral("every interface")
                                      : interfaces.join(QStringLiteral(", "))));
    const int rc = QCoreApplication::exec();
    engine.flush();
    packetLog.flush(); // what the last window left out
    return rc;
}

bool wantsToServe(int argc, char *argv[])
{
    for (int i = 1; i < argc; ++i)
        if (qstrcmp(argv[i], "--interface") == 0 || qstrncmp(argv[i], "--interface=", 12) == 0)
            return true;
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    // Before anything else: the privileged sockets, then no privileges at all. Only when
    // serving, so exporting a configuration needs no rights and disturbs no running server.
    std::optional<PrivilegedSockets> sockets;
    if (wantsToServe(argc, argv)) {
        sockets.emplace(PrivilegedSockets::open());
        if (const QString error = PrivilegedSockets::dropCapabilities(); !error.isEmpty()) {
            say(error);
            return 1;
        }
    }
    QCoreApplication app(argc, argv);
    setApplicationIdentity();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("LeaseDesk's DHCPv4 server without a window."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption configOption(
        QStringLiteral("config"),
        QStringLiteral("Import FILE.json into the database at start (scopes, "
                       "reservations and server settings are replaced; leases are kept)."),
        QStringLiteral("FILE.json"));
    const QCommandLineOption dbOption(
        QStringLiteral("db"),
        QStringLiteral("The database (default: %1).").arg(DataPaths::defaultDatabaseFile()),
        QStringLiteral("FILE.sqlite"), DataPaths::defaultDatabaseFile());
    const QCommandLineOption interfaceOption(QStringLiteral("interface"),
                                             QStringLiteral("Serve on IFNAME (repeatable)."),
                                             QStringLiteral("IFNAME"));
    const QCommandLineOption exportConfigOption(
        QStringLiteral("export-config"),
        QStringLiteral("Write the database's configuration as LeaseDesk JSON (- for standard "
                       "output) and exit."),
        QStringLiteral("FILE.json"));
    const QCommandLineOption exportKeaOption(
        QStringLiteral("export-kea"),
        QStringLiteral("Write the database's configuration as a kea-dhcp4 configuration (- for "
                       "standard output) and exit."),
        QStringLiteral("FILE.json"));
    const QCommandLineOption verboseOption(
        QStringLiteral("verbose"),
        QStringLiteral("Log one line per packet decision (ignored and malformed packets: "
                       "at most 20 a second, the rest summed up once a second)."));
    parser.addOptions({configOption, dbOption, interfaceOption, exportConfigOption, exportKeaOption,
                       verboseOption});
    parser.process(app);
    if (!parser.positionalArguments().isEmpty()) {
        say(QStringLiteral("unexpected argument \"%1\"; see --help")
                .arg(parser.positionalArguments().front()));
        return 2;
    }

    const QString dbFile = parser.value(dbOption);
    QString error;
    const auto store = SqliteLeaseStore::open(dbFile, &error);
    if (!store) {
        say(error);
        return 1;
    }
    if (parser.isSet(configOption)
        && !importConfiguration(*store, parser.value(configOption), dbFile))
        return 1;

    const bool exporting = parser.isSet(exportConfigOption) || parser.isSet(exportKeaOption);
    if (exporting) {
        const auto config = ConfigurationStore::load(*store, &error);
        if (!config) {
            say(error);
            return 1;
        }
        if (parser.isSet(exportConfigOption)
            && !writeOutput(parser.value(exportConfigOption), ConfigurationJson::toJson(*config)))
            return 1;
        if (parser.isSet(exportKeaOption)) {
            const KeaExportResult kea = KeaExporter::exportConfiguration(*config);
            for (const QString &note : kea.notes)
                say(QStringLiteral("kea export: ") + note);
            if (!writeOutput(parser.value(exportKeaOption), kea.json))
                return 1;
        }
        return 0;
    }
    if (!parser.isSet(interfaceOption)) {
        if (parser.isSet(configOption))
            return 0; // import only
        say(QStringLiteral(
            "nothing to do: name the interfaces to serve with --interface IFNAME (see --help)"));
        return 2;
    }
    return serve(*store, *sockets, parser.values(interfaceOption), parser.isSet(verboseOption));
}
