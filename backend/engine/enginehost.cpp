#include "engine/enginehost.h"

#include "engine/leasewriter.h"

#include "core/configurationstore.h"
#include "core/memoryleasestore.h"
#include "core/sqliteleasestore.h"
#include "engine/engine.h"
#include "engine/ingresswiring.h"
#include "engine/simulatedlab.h"
#include "engine/statisticssampler.h"
#include "net/dhcpclientport.h"
#include "net/dhcpsocket.h"
#include "net/interfacelist.h"
#include "net/networkprober.h"

#include <QDateTime>
#include <QTimer>

namespace leasedesk {

EngineHost::EngineHost(QString databaseFile, EngineSockets sockets)
    : m_file(std::move(databaseFile)), m_sockets(std::move(sockets))
{ }

EngineHost::~EngineHost()
{
    m_sampler.reset(); // it watches the engine
    if (m_engine)
        m_engine->flush();
}

void EngineHost::start()
{
    if (m_sockets.simulatedClients > 0) {
        startSimulation();
        return;
    }
    QString error;
    m_store = SqliteLeaseStore::open(m_file, &error);
    if (!m_store) {
        emit failed(error);
        return;
    }
    m_clock = std::make_unique<SystemClock>();
    m_canServe = m_sockets.udp.isValid();
    restoreServingChoice();
    m_socket = std::make_unique<DhcpSocket>(std::move(m_sockets.udp), std::move(m_sockets.packet));
    m_prober = std::make_unique<NetworkProber>(std::move(m_sockets.icmp), std::move(m_sockets.arp),
                                               *m_clock);
    m_clientPort = std::make_unique<DhcpClientPort>(std::move(m_sockets.client), *m_clock);
    QString writerError;
    m_writer = LeaseWriter::open(m_file, &writerError);
    m_engine = std::make_unique<Engine>(*m_store, *m_socket, *m_clock);
    m_engine->setWriter(m_writer.get()); // without one (it could not open), in this thread
    m_engine->setConflictProbe(m_prober.get());
    if (m_clientPort->isValid())
        m_engine->setClientPort(m_clientPort.get(), {});
    if (const QString e = m_engine->start(); !e.isEmpty()) {
        emit failed(e);
        return;
    }
    m_active = m_engine.get();
    m_engine->setServing(m_serving);
    watchServedInterfaces();
    connect(m_prober.get(), &NetworkProber::arpObserved, m_engine.get(), &Engine::handleArp);
    connect(m_clientPort.get(), &DhcpClientPort::serverReplySeen, m_engine.get(),
            &Engine::handleServerReply);
    connect(m_engine.get(), &Engine::configurationApplied, this,
            &EngineHost::watchServedInterfaces);
    // Issue 9 (overload): socket → bounded queue, oldest dropped first → engine. A child of the
    // engine, so it never outlives the engine its handler calls.
    Engine *engine = m_engine.get();
    auto *ingress = new IngressQueue(engineHandler(*engine), engine);
    wireIngress(*m_socket, *ingress, *engine);
    connectEngine();
    if (!m_writer)
        emit m_engine->problem(
            QStringLiteral("lease changes are committed in the engine's thread: %1")
                .arg(writerError));
    // Without port 67 this console is not the server: another process (leasedesk-server on
    // the same file) may be, and its statistics are the true ones; this one only reads them.
    startSampler(*m_store, *m_clock, m_canServe);
    if (m_canServe && m_serving)
        m_engine->runSelfCheck(
            SelfCheck::describe(SelfCheck::directlyServed(m_engine->server().configuration())));

    EngineStatus status;
    status.databaseFile = m_store->fileName();
    // Whether it could serve: a stop by the admin is the ServingState's business, and must
    // not read as missing rights in the console's banner.
    status.serving = m_canServe;
    status.problems = m_sockets.problems;
    announce(status);
}

// The simulated lab (issue 6): virtual clients, a squatter and a rogue server drive a real
// engine in memory on lab time. Nothing touches the network or the database, so it needs
// no privileges and shows LeaseDesk alive on any machine.
void EngineHost::startSimulation()
{
    // Real time, so every time the window shows is true; short leases and a quick start so
    // there is something to see within a minute (DORAs, renewals every minute, the squatter
    // and the rogue server found).
    SimulatedLab::Settings settings;
    settings.clientCount = m_sockets.simulatedClients;
    settings.seed = quint32(QDateTime::currentMSecsSinceEpoch());
    settings.speed = m_sockets.simulatedSpeed;
    settings.squatter = m_sockets.simulatedSquatter;
    settings.rogueServer = m_sockets.simulatedRogue;
    settings.startMs = QDateTime::currentMSecsSinceEpoch();
    settings.bootSpreadMs = 30'000;
    settings.garpIntervalMs = 45'000;
    Configuration config = SimulatedLab::defaultConfiguration();
    for (Scope &scope : config.scopes)
        scope.leaseTime = 120;
    m_labStore = std::make_unique<MemoryLeaseStore>();
    m_lab = std::make_unique<SimulatedLab>(settings, m_labStore.get());
    if (const QString e = m_lab->start(config); !e.isEmpty()) {
        emit failed(QStringLiteral("the simulated lab did not start: ") + e);
        return;
    }
    m_active = &m_lab->engine();
    // The test client's requests arrive on the lab's one wire, as its machines' broadcasts do.
    m_active->setInterfaceLookup([](const QString &name) -> std::optional<ReceiveInfo> {
        if (name != SimulatedNetwork::interfaceName())
            return std::nullopt;
        return SimulatedNetwork::receiveInfo(Ipv4Address(), false);
    });
    m_canServe = true;
    connectEngine();
    startSampler(*m_labStore, m_lab->clock(), true);
    EngineStatus status;
    status.databaseFile =
        QStringLiteral("simulated lab, %1 clients (in memory)").arg(settings.clientCount);
    status.serving = true;
    status.simulated = true;
    announce(status);
}

void EngineHost::connectEngine()
{
    connect(m_active, &Engine::packetEvents, this, &EngineHost::packetEvents);
    connect(m_active, &Engine::leasesChanged, this, &EngineHost::leasesChanged);
    connect(m_active, &Engine::leasesRemoved, this, &EngineHost::leasesRemoved);
    connect(m_active, &Engine::problem, this, &EngineHost::problem);
    connect(m_active, &Engine::networkEvent, this, &EngineHost::networkEvent);
    connect(m_active, &Engine::configurationApplied, this, &EngineHost::configurationLoaded);
    auto *sweeper = new QTimer(this);
    connect(sweeper, &QTimer::timeout, m_active, &Engine::sweep);
    sweeper->start(1000);
}

// Issue 8: samples every interval into the same database as the leases (the lab's into its
// memory store); its alerts reach the window as network events.
void EngineHost::startSampler(StatisticsStore &store, const Clock &clock, bool sample)
{
    m_sampler = std::make_unique<StatisticsSampler>(*m_active, store, clock);
    connect(m_sampler.get(), &StatisticsSampler::sampled, this, &EngineHost::statisticsSampled);
    connect(m_sampler.get(), &StatisticsSampler::seriesListed, this, &EngineHost::statisticsListed);
    connect(m_sampler.get(), &StatisticsSampler::eventsListed, this, &EngineHost::eventsListed);
    connect(m_sampler.get(), &StatisticsSampler::alertRaised, this, &EngineHost::networkEvent);
    connect(m_sampler.get(), &StatisticsSampler::problem, this, &EngineHost::problem);
    if (!sample)
        return;
    if (const QString e = m_sampler->start(); !e.isEmpty())
        emit problem(e);
}

// What the window needs to draw itself: the counts, the configuration and every lease.
void EngineHost::announce(EngineStatus status)
{
    const Configuration &config = m_active->server().configuration();
    status.configurationRevision = config.revision;
    status.scopes = config.scopes.size();
    status.leases = m_active->server().allocations().leaseCount();
    emit started(status);
    emit configurationLoaded(config);
    emit leasesLoaded(m_active->server().allocations().leases());
    emit servingChanged(servingState());
}

// Interfaces the administrator chose are the only ones served, probed and watched for other
// servers (the --interface list of leasedesk-server). Without a choice every interface is
// served, and conflicts and other servers are watched for only on those whose address lies
// in a scope, never on the admin's other networks.
void EngineHost::watchServedInterfaces()
{
    m_socket->setAllowedInterfaces(m_interfaces);
    if (!m_interfaces.isEmpty()) {
        m_prober->setAllowedInterfaces(m_interfaces);
        m_clientPort->setAllowedInterfaces(m_interfaces);
        if (RogueWatch *rogue = m_engine->rogueWatch())
            rogue->setInterfaces(m_interfaces);
        return;
    }
    const QStringList names = SelfCheck::directlyServed(m_engine->server().configuration());
    // An empty allow-list means every interface; a name no interface can have means none.
    const QStringList only = names.isEmpty() ? QStringList{QStringLiteral("(none)")} : names;
    m_prober->setAllowedInterfaces(only);
    m_clientPort->setAllowedInterfaces(only);
    if (RogueWatch *rogue = m_engine->rogueWatch())
        rogue->setInterfaces(names);
}

void EngineHost::detectRogueServers()
{
    if (m_active)
        m_active->detectRogueServers();
}

void EngineHost::reclaim(Ipv4Address address)
{
    if (m_active)
        m_active->reclaim(address);
}

void EngineHost::requestNetworkState()
{
    if (!m_active)
        return;
    const RogueWatch *rogue = m_active->rogueWatch();
    emit networkStateListed(m_active->quarantine(),
                            rogue ? rogue->servers() : QList<RogueServer>());
}

void EngineHost::applyConfiguration(const Configuration &config)
{
    if (m_lab) { // the lab's configuration lives and dies with it
        m_lab->engine().applyConfiguration(config);
        emit configurationSaved(config.revision, {});
        return;
    }
    if (!m_store || !m_engine)
        return;
    const ConfigurationStore::SaveResult saved = ConfigurationStore::save(*m_store, config);
    QStringList issues;
    for (const ValidationIssue &i : saved.issues)
        issues.append(i.toString());
    if (!saved.storeError.isEmpty())
        issues.append(saved.storeError);
    if (saved.saved()) {
        Configuration applied = config;
        applied.revision = saved.revision;
        m_engine->applyConfiguration(applied);
    }
    emit configurationSaved(saved.revision, issues);
}

// What the administrator chose last time: serving or stopped, and on which interfaces.
// Without a saved choice LeaseDesk serves every interface, as before issue 6.
void EngineHost::restoreServingChoice()
{
    m_serving = m_store->setting(QStringLiteral("serving")) != QStringLiteral("false");
    m_interfaces = m_store->setting(QStringLiteral("served_interfaces"))
                       .value_or(QString())
                       .split(QLatin1Char(','), Qt::SkipEmptyParts);
}

// The lab's choices live and die with it, like its configuration.
void EngineHost::saveSetting(const QString &key, const QString &value)
{
    if (!m_store)
        return;
    if (const StoreStatus s = m_store->setSetting(key, value); !s.ok())
        emit problem(QStringLiteral("the choice was applied but not saved: ") + s.error);
}

ServingState EngineHost::servingState() const
{
    ServingState state;
    state.canServe = m_canServe;
    state.serving = m_canServe && m_serving;
    state.interfaces = m_interfaces;
    if (!m_lab) {
        state.available = listNetworkInterfaces();
        return state;
    }
    // The lab's one wire, as its packet events name it; it has no MAC of its own.
    NetworkInterfaceInfo sim;
    sim.name = SimulatedNetwork::interfaceName();
    sim.address = SimulatedNetwork::serverAddress();
    sim.prefixLength = SimulatedNetwork::PrefixLength;
    sim.up = true;
    state.available.append(sim);
    return state;
}

void EngineHost::setServing(bool serving)
{
    if (!m_active)
        return;
    m_serving = serving;
    m_active->setServing(serving);
    saveSetting(QStringLiteral("serving"),
                serving ? QStringLiteral("true") : QStringLiteral("false"));
    emit servingChanged(servingState());
}

// In the lab the choice is kept and reported only: its one wire, sim0, is always served.
void EngineHost::setServedInterfaces(const QStringList &names)
{
    if (!m_active)
        return;
    m_interfaces.clear();
    for (const QString &name : names)
        if (!name.trimmed().isEmpty() && !m_interfaces.contains(name.trimmed()))
            m_interfaces.append(name.trimmed());
    if (m_engine)
        watchServedInterfaces();
    saveSetting(QStringLiteral("served_interfaces"), m_interfaces.join(QLatin1Char(',')));
    emit servingChanged(servingState());
}

void EngineHost::requestServingState()
{
    if (m_active)
        emit servingChanged(servingState());
}

void EngineHost::releaseLease(Ipv4Address address)
{
    if (m_active)
        m_active->releaseLease(address);
}

void EngineHost::deleteLease(Ipv4Address address)
{
    if (m_active)
        m_active->deleteLease(address);
}

void EngineHost::requestHistory(const HistoryQuery &query)
{
    if (m_active)
        emit historyListed(query, m_active->history(query));
}

void EngineHost::sendTestRequest(const TestRequest &request)
{
    if (m_active)
        m_active->injectTestRequest(request);
}

void EngineHost::requestStatistics(qint64 fromS, qint64 toS)
{
    if (m_sampler)
        m_sampler->requestSeries(fromS, toS);
}

void EngineHost::requestEvents(int limit)
{
    if (m_sampler)
        m_sampler->requestEvents(limit);
}

} // namespace leasedesk
