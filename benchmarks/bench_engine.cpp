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
#include "net/memorytransport.h"
#include "proto/dhcpcodec.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

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

const ReceiveInfo Info{
    2, QStringLiteral("lab0"), {{Ipv4Address(198, 18, 0, 1), 16}}, Ipv4Address(0xffffffffu), {},
    68};

// ns per DISCOVER after `prefill` clients already hold a lease.
double allocationNs(quint32 poolSize, quint32 prefill, int samples)
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
    QElapsedTimer t;
    t.start();
    for (const auto &d : discovers)
        server.handle(d, Info);
    return double(t.nsecsElapsed()) / samples;
}

// DORA per second through the engine, `burst` datagrams per event-loop turn.
double doraPerSecond(LeaseStore &store, int clients, int burst)
{
    SystemClock clock;
    MemoryTransport transport;
    store.saveConfiguration(ConfigurationJson::toJson(poolOf(65000)), 1);
    Engine engine(store, transport, clock);
    engine.start();
    QList<QByteArray> discovers, requests;
    for (int i = 0; i < clients; ++i) {
        const auto d = bytesOf(message(quint32(i + 1), proto::MessageType::Discover));
        discovers.append(QByteArray(reinterpret_cast<const char *>(d.data()), qsizetype(d.size())));
    }
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < clients; i += burst) {
        const int n = std::min(burst, clients - i);
        for (int k = 0; k < n; ++k)
            engine.handleDatagram(discovers[i + k], Info);
        engine.flush();
        const auto sent = transport.sent();
        transport.clear();
        for (const auto &s : sent) {
            const auto offer = proto::DhcpCodec::parse(
                std::span(reinterpret_cast<const std::uint8_t *>(s.payload.constData()),
                          std::size_t(s.payload.size())));
            DhcpMessage req = message(offer.message->xid, proto::MessageType::Request);
            const auto y = offer.message->yiaddr.toBytes();
            req.setOption(Code::RequestedAddress, {y.begin(), y.end()});
            req.setOption(Code::ServerIdentifier, {198, 18, 0, 1});
            const auto b = bytesOf(req);
            engine.handleDatagram(
                QByteArray(reinterpret_cast<const char *>(b.data()), qsizetype(b.size())), Info);
        }
        engine.flush();
        transport.clear();
    }
    return clients / (double(t.nsecsElapsed()) / 1e9);
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
    parser.addOptions({repeats, clients, burst, dir});
    parser.process(app);
    const int r = parser.value(repeats).toInt();
    const int n = parser.value(clients).toInt();
    const int b = parser.value(burst).toInt();

    std::printf("Allocation, ns per DISCOVER (median of %d):\n", r);
    std::printf("  %-32s %12s %12s\n", "", "250 pool", "65000 pool");
    for (auto [label, full] :
         {std::pair{"nearly empty pool", false}, std::pair{"all but 50 addresses leased", true}}) {
        QList<double> small, large;
        for (int i = 0; i < r; ++i) {
            small.append(allocationNs(250, full ? 200 : 0, 50));
            large.append(allocationNs(65000, full ? 64950 : 0, 50));
        }
        std::printf("  %-32s %12.0f %12.0f   (ratio %.2f)\n", label, median(small), median(large),
                    median(large) / median(small));
    }

    std::printf(
        "DORA per second through the engine, %d clients, %d datagrams per commit (median of %d):\n",
        n, b, r);
    QList<double> memory, sqlite;
    for (int i = 0; i < r; ++i) {
        MemoryLeaseStore mem;
        memory.append(doraPerSecond(mem, n, b));
        QTemporaryDir tmp(parser.value(dir) + QStringLiteral("/leasedesk-bench-XXXXXX"));
        QString error;
        auto store = SqliteLeaseStore::open(tmp.filePath(QStringLiteral("bench.sqlite")), &error);
        if (!store) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        sqlite.append(doraPerSecond(*store, n, b));
    }
    std::printf("  memory store:            %10.0f DORA/s\n", median(memory));
    std::printf("  SQLite store on disk:    %10.0f DORA/s  (synchronous=FULL, WAL)\n",
                median(sqlite));
    return 0;
}
