// Measures the engine in-process (docs/benchmarks.md, "Engine"):
//  1. allocation: the time Server::handle takes for a DISCOVER in a 250-address pool and in a
//     65,000-address pool, both nearly empty and with all but 50 addresses leased (a scan of
//     the pool would show as a /16 being slower);
//  2. DORA exchanges per second through Engine (codec, server logic, group commit, memory
//     transport) with the memory store and with the SQLite store on disk.
// Medians of --repeats runs; it prints numbers and asserts nothing.
#include "benchsupport.h"
#include "core/clock.h"
#include "core/configurationjson.h"
#include "core/memoryleasestore.h"
#include "core/sqliteleasestore.h"
#include "engine/engine.h"
#include "engine/leasewriter.h"
#include "net/memorytransport.h"
#include "proto/dhcpcodec.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>

using namespace leasedesk;
using proto::DhcpMessage;
namespace Code = proto::OptionCode;

using namespace leasedesk::bench;

namespace {

Configuration poolOf(quint32 size)
{
    // 198.18.0.0/16 with a range of `size` addresses from 198.18.0.10. No conflict probes:
    // on a real network their time is the probe timeout, not ours.
    const Ipv4Address start(198, 18, 0, 10);
    const QByteArray json =
        QStringLiteral(R"({"server":{"conflict_detection":{"enabled":false}},
        "scopes":[{"name":"lab","subnet":"198.18.0.0/16",
        "ranges":[{"start":"198.18.0.10","end":"%1"}],"lease_time":3600}]})")
            .arg(QString::fromStdString(Ipv4Address(start.toUint32() + size - 1).toString()))
            .toUtf8();
    return *ConfigurationJson::fromJson(json).configuration;
}

DhcpMessage message(quint32 client, proto::MessageType type)
{
    DhcpMessage m;
    m.xid = client;
    const std::uint8_t mac[] = {2,
                                0,
                                std::uint8_t(client >> 24),
                                std::uint8_t(client >> 16),
                                std::uint8_t(client >> 8),
                                std::uint8_t(client)};
    std::copy(std::begin(mac), std::end(mac), m.chaddr.begin());
    m.setOption(Code::MessageType, {std::uint8_t(type)});
    m.setOption(Code::ParameterRequestList, {1, 3, 6, 15, 51, 54});
    return m;
}

std::vector<std::uint8_t> bytesOf(const DhcpMessage &m)
{
    return proto::DhcpCodec::serialize(m, {.maxDatagramSize = 1500}).bytes;
}

// The REQUEST (selecting state, RFC 2131 §4.3.2) a client sends for the OFFER in `offer`.
// Nothing when it is not an OFFER (an ACK).
std::optional<QByteArray> requestFor(const QByteArray &offerBytes)
{
    const auto offer = proto::DhcpCodec::parse(
        std::span(reinterpret_cast<const std::uint8_t *>(offerBytes.constData()),
                  std::size_t(offerBytes.size())));
    if (offer.message->messageType() != std::optional(quint8(proto::MessageType::Offer)))
        return std::nullopt;
    DhcpMessage req = message(offer.message->xid, proto::MessageType::Request);
    const auto y = offer.message->yiaddr.toBytes();
    req.setOption(Code::RequestedAddress, {y.begin(), y.end()});
    req.setOption(Code::ServerIdentifier, {198, 18, 0, 1});
    const auto b = bytesOf(req);
    return QByteArray(reinterpret_cast<const char *>(b.data()), qsizetype(b.size()));
}

const ReceiveInfo Info{
    2, QStringLiteral("lab0"), {{Ipv4Address(198, 18, 0, 1), 16}}, Ipv4Address(0xffffffffu), {},
    68};

struct AllocationRun
{
    double firstNs = 0; // the first DISCOVER after loading the leases
    double medianNs = 0; // the median of the ones after it
};

// DISCOVERs after `prefill` clients already hold a lease, each timed on its own: the first
// one after loading pays for caches and lazily built state, which says nothing about the
// pool's size, so it is reported apart.
AllocationRun allocation(quint32 poolSize, quint32 prefill, int samples)
{
    ManualClock clock;
    Server server(clock);
    server.setConfiguration(poolOf(poolSize));
    QList<Lease> leases;
    for (quint32 i = 0; i < prefill; ++i) {
        Lease l;
        l.address = Ipv4Address(Ipv4Address(198, 18, 0, 10).toUint32() + i);
        l.hardwareAddress = QByteArray::fromHex("0200ffff") + QByteArray::number(i);
        l.scope = QStringLiteral("lab");
        l.state = LeaseState::Bound;
        l.end = clock.nowS() + 3600;
        leases.append(l);
    }
    server.loadLeases(leases);
    std::vector<std::vector<std::uint8_t>> discovers;
    for (int i = 0; i < samples; ++i)
        discovers.push_back(bytesOf(message(quint32(i + 1), proto::MessageType::Discover)));
    QList<double> each;
    for (const auto &d : discovers) {
        QElapsedTimer t;
        t.start();
        server.handle(d, Info);
        each.append(double(t.nsecsElapsed()));
    }
    const double first = each.takeFirst();
    return {first, median(each)};
}

// The end of an event-loop turn, as the engine sees it: its queued end-of-turn work runs,
// and so do its timers (the writer's commits start at most every
// Engine::MinCommitIntervalMs; the timer dispatches what was staged meanwhile).
void endTurn(Engine &)
{
    QCoreApplication::processEvents();
}

// DORA per second through the engine, `burst` datagrams per event-loop turn. Only the
// engine's calls are timed: reading the OFFERs and writing the REQUESTs is the clients' work.
struct DoraRun
{
    double perSecond = 0; // over the time the engine's thread spent in the engine
    double cpuUs = 0; // CPU time per DORA of every thread, the scripted clients' left out
    int acks = 0;
};

// `clients` DORAs, `burst` DISCOVERs per event-loop turn, then their REQUESTs in the next one.
// With a writer the commits run in its thread; the ACKs then come back in later turns.
DoraRun doraRun(LeaseStore &store, LeaseWriter *writer, int clients, int burst)
{
    SystemClock clock;
    MemoryTransport transport;
    store.saveConfiguration(ConfigurationJson::toJson(poolOf(65000)), 1);
    Engine engine(store, transport, clock);
    engine.setWriter(writer);
    engine.start();
    QList<QByteArray> discovers;
    for (int i = 0; i < clients; ++i) {
        const auto d = bytesOf(message(quint32(i + 1), proto::MessageType::Discover));
        discovers.append(QByteArray(reinterpret_cast<const char *>(d.data()), qsizetype(d.size())));
    }
    DoraRun run;
    // The clients' work (ACKs counted, OFFERs answered with a REQUEST) is not timed: on a
    // network it is done by other machines, while the engine waits for packets (and the writer
    // goes on writing).
    qint64 clientWallNs = 0;
    qint64 clientCpuNs = 0;
    const auto answer = [&]() {
        QElapsedTimer t;
        t.start();
        const qint64 cpu = processCpuNs();
        QList<QByteArray> requests;
        for (const auto &s : transport.sent()) {
            if (const auto r = requestFor(s.payload))
                requests.append(*r);
            else
                ++run.acks;
        }
        transport.clear();
        clientWallNs += t.nsecsElapsed();
        clientCpuNs += processCpuNs() - cpu;
        return requests;
    };
    QElapsedTimer wall;
    wall.start();
    const qint64 cpu = processCpuNs();
    for (int i = 0; i < clients; i += burst) {
        const int n = std::min(burst, clients - i);
        for (int k = 0; k < n; ++k)
            engine.handleDatagram(discovers[i + k], Info);
        endTurn(engine);
        for (const QByteArray &r : answer())
            engine.handleDatagram(r, Info);
        endTurn(engine);
    }
    engine.flush(); // what is still deferred or on its way
    answer();
    run.perSecond = clients / (double(wall.nsecsElapsed() - clientWallNs) / 1e9);
    run.cpuUs = double(processCpuNs() - cpu - clientCpuNs) / 1e3 / clients;
    return run;
}

void printAllocation(int runs)
{
    std::printf("Allocation, ns per DISCOVER (Server::handle: parse, choose, offer, reply), "
                "%d runs of 50 each:\n",
                runs);
    std::printf("  %-30s %-22s %12s %12s\n", "", "", "250 pool", "65000 pool");
    for (auto [label, full] :
         {std::pair{"nearly empty pool", false}, std::pair{"all but 50 addresses leased", true}}) {
        QList<double> smallFirst, largeFirst, small, large;
        for (int i = 0; i < runs; ++i) {
            const AllocationRun s = allocation(250, full ? 200 : 0, 50);
            const AllocationRun l = allocation(65000, full ? 64950 : 0, 50);
            smallFirst.append(s.firstNs);
            largeFirst.append(l.firstNs);
            small.append(s.medianNs);
            large.append(l.medianNs);
        }
        std::printf("  %-30s %-22s %12.0f %12.0f   (ratio %.2f)\n", label, "each after the first",
                    median(small), median(large), median(large) / median(small));
        std::printf("  %-30s %-22s %12.0f %12.0f   (ratio %.2f)\n", "", "the first after loading",
                    median(smallFirst), median(largeFirst),
                    median(largeFirst) / median(smallFirst));
    }
}

// One line for a store: DORA/s and CPU per DORA, medians of `runs`; false if it cannot open.
// `open` gives the store and, for a pipelined run, the writer.
using Opened = std::pair<std::unique_ptr<LeaseStore>, std::unique_ptr<LeaseWriter>>;
bool printDora(const char *label, const std::function<Opened()> &open, int clients, int burst,
               int runs, const QString &note)
{
    QList<double> perSecond, cpuUs;
    for (int i = 0; i < runs; ++i) {
        const Opened opened = open();
        if (!opened.first)
            return false;
        const DoraRun run = doraRun(*opened.first, opened.second.get(), clients, burst);
        if (run.acks != clients) {
            std::fprintf(stderr, "%s: %d ACKs for %d clients\n", label, run.acks, clients);
            return false;
        }
        perSecond.append(run.perSecond);
        cpuUs.append(run.cpuUs);
    }
    std::printf("  %-34s %10.0f DORA/s   %6.2f µs CPU per DORA%s\n", label, median(perSecond),
                median(cpuUs), qPrintable(note));
    return true;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption repeats(QStringLiteral("repeats"),
                                     QStringLiteral("Runs per figure (median)."),
                                     QStringLiteral("N"), QStringLiteral("5"));
    const QCommandLineOption clients(QStringLiteral("clients"),
                                     QStringLiteral("Clients per DORA run."), QStringLiteral("N"),
                                     QStringLiteral("20000"));
    const QCommandLineOption burst(QStringLiteral("burst"),
                                   QStringLiteral("Datagrams per event-loop turn."),
                                   QStringLiteral("N"), QStringLiteral("100"));
    const QCommandLineOption dir(QStringLiteral("dir"),
                                 QStringLiteral("Folder for the SQLite database."),
                                 QStringLiteral("FOLDER"), QStringLiteral("/var/tmp"));
    const QCommandLineOption parts(
        QStringLiteral("parts"),
        QStringLiteral("What to measure: allocation, memory, sqlite, pipelined."),
        QStringLiteral("LIST"), QStringLiteral("allocation,memory,sqlite,pipelined"));
    parser.addOptions({repeats, clients, burst, dir, parts});
    parser.process(app);
    const int r = parser.value(repeats).toInt();
    const int n = parser.value(clients).toInt();
    const int b = parser.value(burst).toInt();
    const QStringList which = parser.value(parts).split(QLatin1Char(','));

    // 50 DISCOVERs a run (a full pool has only 50 addresses to give), so more runs.
    if (which.contains(QStringLiteral("allocation")))
        printAllocation(r * 5);
    std::printf("DORA per second through the engine, %d clients, %d datagrams per event-loop "
                "turn, the scripted clients' work not counted (median of %d):\n",
                n, b, r);
    if (which.contains(QStringLiteral("memory"))
        && !printDora("memory store:",
                      [] {
                          return Opened{std::make_unique<MemoryLeaseStore>(), nullptr};
                      },
                      n, b, r, {}))
        return 1;
    QTemporaryDir tmp(parser.value(dir) + QStringLiteral("/leasedesk-bench-XXXXXX"));
    int file = 0;
    const auto openSqlite = [&](bool pipelined) -> Opened {
        QString error;
        const QString name = tmp.filePath(QStringLiteral("bench-%1.sqlite").arg(++file));
        Opened opened{SqliteLeaseStore::open(name, &error), nullptr};
        if (opened.first && pipelined)
            opened.second = LeaseWriter::open(name, &error);
        if (!error.isEmpty())
            std::fprintf(stderr, "%s\n", qPrintable(error));
        return opened;
    };
    const QString note =
        QStringLiteral("  (synchronous=FULL, WAL, %1)").arg(fileSystemName(parser.value(dir)));
    if (which.contains(QStringLiteral("sqlite"))
        && !printDora(
            "SQLite, commits in the engine thread:", [&] { return openSqlite(false); }, n, b, r,
            note))
        return 1;
    if (which.contains(QStringLiteral("pipelined"))
        && !printDora(
            "SQLite, commits in a writer thread:", [&] { return openSqlite(true); }, n, b, r, note))
        return 1;
    return 0;
}
