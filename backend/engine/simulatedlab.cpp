#include "engine/simulatedlab.h"

#include "core/configurationstore.h"
#include "core/memoryleasestore.h"
#include "engine/engine.h"
#include "proto/dhcpcodec.h"

namespace leasedesk {

using proto::DhcpMessage;

// What a virtual client needs from the lab, kept out of the lab's public face.
class SimulatedLab::Host final : public VirtualClient::Host
{
public:
    explicit Host(SimulatedLab &lab) : m_lab(lab) { }
    qint64 nowMs() const override { return m_lab.m_clock.nowMs(); }
    quint64 at(qint64 atMs, std::function<void()> fn) override
    {
        return m_lab.m_network->at(atMs, std::move(fn));
    }
    void cancel(quint64 timer) override { m_lab.m_network->cancelTimer(timer); }
    void send(const DhcpMessage &m, bool unicast) override { m_lab.send(m, unicast); }
    double chance() override { return m_lab.m_random.generateDouble(); }
    quint32 random32() override { return m_lab.m_random.generate(); }
    bool answersArp(Ipv4Address a, const QByteArray &ownMac) const override
    {
        const SimulatedNetwork::Machine &s = m_lab.m_network->squatter();
        if (s.enabled && s.address == a)
            return true;
        for (const auto &c : m_lab.m_clients)
            if (c->hasAddress() && c->address() == a && c->mac() != ownMac)
                return true;
        return false;
    }
    void happened(VirtualClient::Happening what) override
    {
        Statistics &s = m_lab.m_stats;
        switch (what) {
        case VirtualClient::Happening::Dora: ++s.doraCompleted; break;
        case VirtualClient::Happening::Renewal: ++s.renewals; break;
        case VirtualClient::Happening::Release: ++s.releases; break;
        case VirtualClient::Happening::Decline: ++s.declines; break;
        case VirtualClient::Happening::Nak: ++s.naks; break;
        case VirtualClient::Happening::GaveUp: break;
        }
    }

private:
    SimulatedLab &m_lab;
};

SimulatedLab::SimulatedLab(const Settings &settings, LeaseStore *store, QObject *parent)
    : QObject(parent), m_settings(settings), m_clock(settings.startMs),
      m_ownStore(store ? nullptr : std::make_unique<MemoryLeaseStore>()),
      m_store(store ? *store : *m_ownStore), m_random(settings.seed),
      m_network(std::make_unique<SimulatedNetwork>(m_clock)),
      m_engine(std::make_unique<Engine>(m_store, *m_network, m_clock)),
      m_host(std::make_unique<Host>(*this))
{
    qRegisterMetaType<leasedesk::SimulatedLab::Statistics>();
    // Owned through unique_ptr, parented so that moveToThread() takes them along.
    m_network->setParent(this);
    m_engine->setParent(this);
    m_tick.setParent(this);
    m_network->setSquatter(
        {m_settings.squatter, m_settings.squatterAddress, m_settings.squatterMac});
    m_network->setRogueServer(
        {m_settings.rogueServer, m_settings.rogueAddress, m_settings.rogueMac});
    // A lab client answers ARP for the address it holds, as a real one would.
    m_network->setArpResponder([this](Ipv4Address a) {
        for (const auto &c : m_clients)
            if (c->hasAddress() && c->address() == a)
                return c->mac();
        return QByteArray();
    });
    connect(m_network.get(), &SimulatedNetwork::replyDelivered, this, &SimulatedLab::deliver);
    connect(m_network.get(), &SimulatedNetwork::serverReplySeen, m_engine.get(),
            &Engine::handleServerReply);
    connect(m_engine.get(), &Engine::networkEvent, this, &SimulatedLab::onNetworkEvent);
    connect(&m_tick, &QTimer::timeout, this,
            [this] { advance(qint64(double(m_tick.interval()) * m_settings.speed)); });

    const VirtualClient::Behaviour behaviour{m_settings.declineChance, m_settings.releaseChance};
    for (int i = 0; i < std::max(m_settings.clientCount, 0); ++i) {
        const int n = i + 1;
        QByteArray mac = QByteArray::fromHex("02005e000000");
        mac[4] = char(n >> 8);
        mac[5] = char(n & 0xff);
        auto c = std::make_unique<VirtualClient>(
            *m_host, mac, QStringLiteral("lab-pc-%1").arg(n, 2, 10, QLatin1Char('0')), behaviour);
        m_byMac.insert(mac, c.get());
        m_clients.push_back(std::move(c));
    }
}

SimulatedLab::~SimulatedLab()
{
    // Clients cancel their timers in the network, which must still be there.
    m_clients.clear();
}

Configuration SimulatedLab::defaultConfiguration()
{
    Configuration c;
    c.server.authoritative = true;
    c.server.conflictDetection = {true, ProbeMethod::Both, 1, 500};
    // Rounds come from the lab on lab time (interval 0), not from a real-time schedule.
    c.server.rogueDetection.enabled = true;
    c.server.rogueDetection.intervalS = 0;
    c.server.rogueDetection.listenS = 1;
    c.server.declineQuarantineS = 3600;
    c.server.offerHoldS = 60;
    Scope s;
    s.name = QStringLiteral("sim-lab");
    s.network = Ipv4Address(198, 18, 0, 0);
    s.prefixLength = 24;
    s.ranges = {{Ipv4Address(198, 18, 0, 100), Ipv4Address(198, 18, 0, 199)}};
    s.leaseTime = 600;
    s.router = SimulatedNetwork::serverAddress();
    s.dns = {SimulatedNetwork::serverAddress()};
    s.domain = QStringLiteral("lab.test");
    Reservation pc;
    pc.macs = {QByteArray::fromHex("02005e000001")};
    pc.ip = Ipv4Address(198, 18, 0, 50);
    pc.hostname = QStringLiteral("lab-pc-01");
    pc.description = QStringLiteral("the first lab machine always gets .50");
    Reservation printer;
    printer.macs = {QByteArray::fromHex("02005e00f001")};
    printer.ip = Ipv4Address(198, 18, 0, 51);
    printer.hostname = QStringLiteral("printer");
    s.reservations = {pc, printer};
    c.scopes = {s};
    return c;
}

QString SimulatedLab::start(const Configuration &config)
{
    if (m_started)
        return QStringLiteral("the simulated lab is already running");
    const auto saved = ConfigurationStore::save(m_store, config);
    if (!saved.saved()) {
        if (!saved.storeError.isEmpty())
            return saved.storeError;
        for (const ValidationIssue &i : saved.issues)
            if (i.severity == ValidationIssue::Severity::Error)
                return QStringLiteral("%1: %2").arg(i.path, i.message);
        return QStringLiteral("the lab configuration was not saved");
    }
    m_engine->setConflictProbe(m_network.get());
    m_engine->setClientPort(m_network.get(), {SimulatedNetwork::interfaceName()});
    // Only the lab's own address is ours on sim0; the machine's interfaces do not matter.
    m_engine->rogueWatch()->setOwnAddresses(
        [] { return QList<Ipv4Address>{SimulatedNetwork::serverAddress()}; });
    if (const QString error = m_engine->start(); !error.isEmpty())
        return error;
    m_started = true;
    m_startMs = m_clock.nowMs();
    for (const auto &c : m_clients)
        c->bootAt(
            m_startMs + 1000
            + qint64(m_random.bounded(quint32(std::max<qint64>(m_settings.bootSpreadMs, 1)))));
    if (m_settings.squatter && m_settings.garpIntervalMs > 0)
        m_network->at(m_startMs + m_settings.garpIntervalMs / 2, [this] { squatterAnnounces(); });
    m_network->at(m_startMs + 5000, [this] { rogueRound(); });
    if (m_settings.tickMs > 0)
        m_tick.start(m_settings.tickMs);
    return {};
}

void SimulatedLab::stop()
{
    m_tick.stop();
}

void SimulatedLab::advance(qint64 labMs)
{
    m_network->advanceTo(m_clock.nowMs() + std::max<qint64>(labMs, 0));
    m_engine->sweep();
    const Statistics now = statistics();
    if (now != m_lastReported) {
        m_lastReported = now;
        emit statisticsChanged(now);
    }
}

SimulatedLab::Statistics SimulatedLab::statistics() const
{
    Statistics s = m_stats;
    s.clients = int(m_clients.size());
    s.bound = int(std::count_if(m_clients.begin(), m_clients.end(),
                                [](const auto &c) { return c->hasAddress(); }));
    s.labTimeMs = m_started ? m_clock.nowMs() - m_startMs : 0;
    return s;
}

QList<SimulatedLab::ClientStatus> SimulatedLab::clients() const
{
    QList<ClientStatus> out;
    out.reserve(qsizetype(m_clients.size()));
    for (const auto &c : m_clients)
        out.append({c->mac(), c->hostname(), c->state(), c->address()});
    return out;
}

// A server reply goes to the client whose chaddr it carries (on a real segment the others
// would drop it: RFC 2131 §4.4.1 matches xid and chaddr).
void SimulatedLab::deliver(const QByteArray &payload, const Destination &)
{
    const auto parsed = proto::DhcpCodec::parse(std::span(
        reinterpret_cast<const std::uint8_t *>(payload.constData()), std::size_t(payload.size())));
    if (!parsed)
        return;
    if (VirtualClient *c = m_byMac.value(toByteArray(parsed.message->hardwareAddress())))
        c->receive(*parsed.message);
}

void SimulatedLab::send(const DhcpMessage &m, bool unicast)
{
    const auto bytes = proto::DhcpCodec::serialize(m, {.maxDatagramSize = 1500}).bytes;
    m_engine->handleDatagram(toByteArray(bytes), SimulatedNetwork::receiveInfo(m.ciaddr, unicast));
}

void SimulatedLab::onNetworkEvent(const NetworkEvent &e)
{
    if (e.kind == NetworkEvent::Kind::Conflict)
        ++m_stats.conflictsSeen;
    else if (e.kind == NetworkEvent::Kind::RogueServer)
        ++m_stats.rogueOffersSeen;
}

// RFC 5227 §2.4: a host with a static address announces it now and then; the engine's
// passive ARP awareness should notice it even before a probe does.
void SimulatedLab::squatterAnnounces()
{
    m_engine->handleArp(m_network->gratuitousArp());
    m_network->at(m_clock.nowMs() + m_settings.garpIntervalMs, [this] { squatterAnnounces(); });
}

void SimulatedLab::rogueRound()
{
    m_engine->detectRogueServers();
    if (m_settings.rogueCheckIntervalMs > 0)
        m_network->at(m_clock.nowMs() + m_settings.rogueCheckIntervalMs, [this] { rogueRound(); });
}

} // namespace leasedesk
