// Floods the console's live traffic views (docs/benchmarks.md, "Live traffic"): the real
// Engine in a thread of its own answers scripted clients doing DISCOVER, OFFER, REQUEST, ACK
// at a fixed rate (memory transport, no network; the SQLite store on disk, as in the GUI), its
// packet events go through the
// PacketTap exactly as in the GUI, and the main window shows the Traffic tab (offscreen).
// It prints how late the GUI event loop ever ran (a 5 ms timer's gaps), how much memory the
// process holds as the run goes on, and how many packets the view took; it asserts nothing.
#include "core/clock.h"
#include "core/configurationjson.h"
#include "core/sqliteleasestore.h"
#include "engine/engine.h"
#include "engine/packettap.h"
#include "net/memorytransport.h"
#include "proto/dhcpcodec.h"
#include "widgets/mainwindow.h"
#include "widgets/packetlistmodel.h"
#include "widgets/trafficview.h"
#include "widgets/transactionmodel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <cstdio>

using namespace leasedesk;
using proto::DhcpMessage;
namespace Code = proto::OptionCode;

namespace {

constexpr quint32 PoolSize = 60'000; // clients cycle through it: a DISCOVER again gets its lease

const ReceiveInfo Info{
    2, QStringLiteral("lab0"), {{Ipv4Address(198, 18, 0, 1), 16}}, Ipv4Address(0xffffffffu), {},
    68};

QByteArray encode(const DhcpMessage &m)
{
    const auto b = proto::DhcpCodec::serialize(m, {.maxDatagramSize = 1500}).bytes;
    return QByteArray(reinterpret_cast<const char *>(b.data()), qsizetype(b.size()));
}

DhcpMessage request(quint32 client, quint32 xid, proto::MessageType type)
{
    DhcpMessage m;
    m.xid = xid;
    const std::uint8_t mac[] = {
        2, 0, 0, std::uint8_t(client >> 16), std::uint8_t(client >> 8), std::uint8_t(client)};
    std::copy(std::begin(mac), std::end(mac), m.chaddr.begin());
    m.setOption(Code::MessageType, {std::uint8_t(type)});
    m.setOption(Code::ParameterRequestList, {1, 3, 6, 15, 51, 54});
    return m;
}

qint64 residentKb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    return -1;
}

// The scripted clients and the engine, living in the engine thread. Each millisecond tick
// sends the DISCOVERs that are due, and a REQUEST for every OFFER that came back.
class Flood : public QObject
{
public:
    Flood(PacketTap &tap, int rate, QString databaseFile)
        : m_tap(tap), m_rate(rate), m_databaseFile(std::move(databaseFile))
    { }

    // In the engine thread: SQLite connections belong to the thread that opens them.
    QString start()
    {
        QString error;
        m_store = SqliteLeaseStore::open(m_databaseFile, &error);
        if (!m_store)
            return error;
        const QByteArray json =
            QStringLiteral(R"({"server":{"conflict_detection":{"enabled":false}},
            "scopes":[{"name":"lab","subnet":"198.18.0.0/16",
            "ranges":[{"start":"198.18.0.10","end":"198.18.235.255"}],"lease_time":3600}]})")
                .toUtf8();
        m_store->saveConfiguration(
            ConfigurationJson::toJson(*ConfigurationJson::fromJson(json).configuration), 1);
        m_engine = std::make_unique<Engine>(*m_store, m_transport, m_clock);
        connect(
            m_engine.get(), &Engine::packetEvents, this,
            [this](const QList<PacketEvent> &events) { m_tap.append(events); },
            Qt::DirectConnection);
        error = m_engine->start();
        if (!error.isEmpty())
            return error;
        m_timer = new QTimer(this);
        m_timer->setTimerType(Qt::PreciseTimer);
        m_timer->setInterval(1);
        connect(m_timer, &QTimer::timeout, this, [this] { tick(); });
        m_elapsed.start();
        m_timer->start();
        return {};
    }
    void stop()
    {
        delete m_timer;
        m_timer = nullptr;
        m_engine.reset();
        m_store.reset();
    }
    quint64 completed() const { return m_completed.load(); }

private:
    void tick()
    {
        const auto due = quint64(double(m_elapsed.nsecsElapsed()) / 1e9 * m_rate);
        // A late tick catches up, but in bites: one engine flush per 250 exchanges.
        while (m_started < due) {
            const quint64 n = std::min<quint64>(due - m_started, 250);
            for (quint64 i = 0; i < n; ++i, ++m_started) {
                const auto client = quint32(m_started % PoolSize);
                m_engine->handleDatagram(
                    encode(request(client, quint32(m_started), proto::MessageType::Discover)),
                    Info);
            }
            m_engine->flush();
            answerOffers();
        }
    }

    void answerOffers()
    {
        const QList<MemoryTransport::Sent> sent = m_transport.sent();
        m_transport.clear();
        for (const MemoryTransport::Sent &s : sent) {
            const auto offer = proto::DhcpCodec::parse(
                std::span(reinterpret_cast<const std::uint8_t *>(s.payload.constData()),
                          std::size_t(s.payload.size())));
            if (!offer.message
                || offer.message->messageType() != std::uint8_t(proto::MessageType::Offer))
                continue;
            const quint32 client = quint32(offer.message->chaddr[3]) << 16
                | quint32(offer.message->chaddr[4]) << 8 | offer.message->chaddr[5];
            DhcpMessage req = request(client, offer.message->xid, proto::MessageType::Request);
            const auto y = offer.message->yiaddr.toBytes();
            req.setOption(Code::RequestedAddress, {y.begin(), y.end()});
            req.setOption(Code::ServerIdentifier, {198, 18, 0, 1});
            m_engine->handleDatagram(encode(req), Info);
        }
        m_engine->flush();
        for (const MemoryTransport::Sent &s : m_transport.sent())
            if (s.payload.size() > 0)
                m_completed.fetch_add(1);
        m_transport.clear();
    }

    PacketTap &m_tap;
    const int m_rate;
    const QString m_databaseFile;
    SystemClock m_clock;
    MemoryTransport m_transport;
    std::unique_ptr<SqliteLeaseStore> m_store;
    std::unique_ptr<Engine> m_engine;
    QTimer *m_timer = nullptr;
    QElapsedTimer m_elapsed;
    quint64 m_started = 0;
    std::atomic<quint64> m_completed{0};
};

struct LoopWatch
{
    QList<qint64> gapsMs;
    qint64 longestMs = 0;
    int over100 = 0;
};

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption rateOption(QStringLiteral("rate"),
                                        QStringLiteral("DORA exchanges per second."),
                                        QStringLiteral("N"), QStringLiteral("5000"));
    const QCommandLineOption secondsOption(QStringLiteral("seconds"),
                                           QStringLiteral("Length of the flood."),
                                           QStringLiteral("S"), QStringLiteral("60"));
    const QCommandLineOption dirOption(QStringLiteral("dir"),
                                       QStringLiteral("Folder for the SQLite database."),
                                       QStringLiteral("FOLDER"), QStringLiteral("/var/tmp"));
    parser.addOptions({rateOption, secondsOption, dirOption});
    parser.process(app);
    const int rate = parser.value(rateOption).toInt();
    const int seconds = parser.value(secondsOption).toInt();

    MainWindow window;
    window.resize(1400, 900);
    window.show();
    window.tabs()->setCurrentWidget(window.trafficView());
    PacketTap tap;
    qint64 drainLongestNs = 0, drainTotalNs = 0, drains = 0;
    QObject::connect(&tap, &PacketTap::eventsAvailable, &window, [&] {
        QElapsedTimer t;
        t.start();
        quint64 dropped = 0;
        const QList<PacketEvent> batch = tap.take(&dropped);
        window.takePackets(batch, dropped);
        const qint64 ns = t.nsecsElapsed();
        drainLongestNs = std::max(drainLongestNs, ns);
        drainTotalNs += ns;
        ++drains;
    });

    QTemporaryDir tmp(parser.value(dirOption) + QStringLiteral("/leasedesk-bench-XXXXXX"));
    QThread engineThread;
    auto *flood = new Flood(tap, rate, tmp.filePath(QStringLiteral("bench.sqlite")));
    flood->moveToThread(&engineThread);
    engineThread.start();
    QString error;
    QMetaObject::invokeMethod(
        flood, [flood, &error] { error = flood->start(); }, Qt::BlockingQueuedConnection);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        engineThread.quit();
        engineThread.wait();
        return 1;
    }

    const qint64 rssStart = residentKb();
    LoopWatch watch;
    QElapsedTimer sinceTick;
    sinceTick.start();
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    ticker.setInterval(5);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        const qint64 gap = sinceTick.restart();
        watch.gapsMs.append(gap);
        watch.longestMs = std::max(watch.longestMs, gap);
        watch.over100 += gap > 100;
    });
    ticker.start();

    std::printf("Live traffic flood: %d DORA/s for %d s into the Traffic tab (offscreen %dx%d)\n",
                rate, seconds, window.width(), window.height());
    std::printf("  %6s %10s %12s %12s %10s\n", "time", "DORA done", "packets", "RSS MB",
                "list rows");
    qint64 rssMax = rssStart;
    int second = 0;
    QTimer sampler;
    QObject::connect(&sampler, &QTimer::timeout, [&] {
        ++second;
        const qint64 rss = residentKb();
        rssMax = std::max(rssMax, rss);
        if (second % 10 == 0 || second == seconds)
            std::printf("  %5ds %10llu %12llu %12.1f %10d\n", second,
                        static_cast<unsigned long long>(flood->completed()),
                        static_cast<unsigned long long>(tap.appended()), rss / 1024.0,
                        window.trafficView()->packetModel()->rowCount());
        std::fflush(stdout);
        if (second >= seconds) {
            QMetaObject::invokeMethod(
                flood, [flood] { flood->stop(); }, Qt::BlockingQueuedConnection);
            app.quit();
        }
    });
    sampler.start(1000);
    app.exec();

    const quint64 done = flood->completed();
    const quint64 packets = tap.appended();
    engineThread.quit();
    engineThread.wait();
    delete flood;

    std::sort(watch.gapsMs.begin(), watch.gapsMs.end());
    const auto pct = [&](double p) {
        return watch.gapsMs.isEmpty()
            ? 0
            : watch.gapsMs[qsizetype(p * double(watch.gapsMs.size() - 1))];
    };
    std::printf("Achieved %.0f DORA/s (%llu exchanges, %llu packets through the tap)\n",
                double(done) / seconds, static_cast<unsigned long long>(done),
                static_cast<unsigned long long>(packets));
    std::printf("GUI event loop, 5 ms timer gaps: median %lld ms, 99th percentile %lld ms, "
                "longest %lld ms, gaps over 100 ms: %d\n",
                static_cast<long long>(pct(0.5)), static_cast<long long>(pct(0.99)),
                static_cast<long long>(watch.longestMs), watch.over100);
    std::printf("Taking batches from the tap into the window: %lld batches, %.1f ms each on "
                "average, longest %.1f ms, %.0f %% of the time\n",
                static_cast<long long>(drains), drains ? drainTotalNs / 1e6 / drains : 0.0,
                drainLongestNs / 1e6, drainTotalNs / 1e7 / seconds);
    std::printf("Memory (RSS): %.1f MB before, %.1f MB at most, list capped at %lld rows, "
                "timeline at %d transactions\n",
                rssStart / 1024.0, rssMax / 1024.0,
                static_cast<long long>(window.trafficView()->packetModel()->capacity()),
                window.trafficView()->transactionModel()->rowCount());
    return 0;
}
