// Measures the statistics of issue 8 (docs/benchmarks.md, "Statistics"):
//  1. the cost of one sample with a large pool: computeUtilization() over 65,000 bound leases
//     of a /16 (and a small /24), and StatisticsSampler::sampleNow(), which adds one commit
//     to the SQLite store on disk (synchronous=FULL, WAL);
//  2. the sample that closes a 5-minute step (downsampling its 30 fine samples into a coarse
//     one and pruning) against an ordinary one, with the store calls of each timed apart;
//  3. chart reads with StatisticsHistory::series() from a database holding a day of fine
//     samples and 90 days of coarse ones for 4 scopes.
// Medians of --repeats runs; it prints numbers and asserts nothing.
#include "benchsupport.h"
#include "core/clock.h"
#include "core/configurationjson.h"
#include "core/sqliteleasestore.h"
#include "core/statisticshistory.h"
#include "core/utilization.h"
#include "engine/engine.h"
#include "engine/statisticssampler.h"
#include "net/memorytransport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <array>
#include <cstdio>
#include <functional>

using namespace leasedesk;

using namespace leasedesk::bench;

namespace {

constexpr qint64 FineStepS = 10; // the sampler's default interval
constexpr qint64 CoarseStepS = 300; // StatisticsHistory::Policy::coarseStepS
constexpr int SmallLeases = 200;

struct Options
{
    QString folder; // databases live in a temporary folder under it
    int repeats = 0;
    int leases = 0;
    double daysFine = 0;
    double daysCoarse = 0;
};

[[noreturn]] void die(const QString &why)
{
    std::fprintf(stderr, "bench_statistics: %s\n", qPrintable(why));
    std::exit(1);
}

void check(const StoreStatus &status)
{
    if (!status.ok())
        die(status.error);
}

double msSince(const QElapsedTimer &timer)
{
    return double(timer.nsecsElapsed()) / 1e6;
}

std::unique_ptr<SqliteLeaseStore> openOrDie(const QString &file)
{
    QString error;
    std::unique_ptr<SqliteLeaseStore> store = SqliteLeaseStore::open(file, &error);
    if (!store)
        die(error);
    return store;
}

// Forwards to the real store and adds up the time each kind of call takes, so that a
// sample's cost can be split into its commits and reads.
class TimedStore final : public StatisticsStore
{
public:
    enum Call { AppendFine, AppendCoarse, Read, Newest, Remove, Event, Calls };
    static constexpr std::array<const char *, Calls> Names = {
        "append fine", "append coarse", "read samples", "newest time", "remove old", "event"};

    explicit TimedStore(StatisticsStore &store) : m_store(store) { }

    void reset() { m_ms.fill(0); }
    double ms(Call call) const { return m_ms[call]; }

private:
    template<typename F> auto timed(Call call, F &&f) const
    {
        QElapsedTimer timer;
        timer.start();
        auto result = f();
        m_ms[call] += msSince(timer);
        return result;
    }

public:
    StoreStatus appendSample(SampleResolution resolution, const StatisticsSample &sample) override
    {
        const Call call = resolution == SampleResolution::Fine ? AppendFine : AppendCoarse;
        return timed(call, [&] { return m_store.appendSample(resolution, sample); });
    }
    QList<StatisticsSample> samples(SampleResolution resolution, qint64 fromS, qint64 toS,
                                    QString *error, qint64 strideS) const override
    {
        return timed(Read, [&] { return m_store.samples(resolution, fromS, toS, error, strideS); });
    }
    qint64 newestSampleTime(SampleResolution resolution, QString *error) const override
    {
        return timed(Newest, [&] { return m_store.newestSampleTime(resolution, error); });
    }
    qint64 oldestSampleTime(SampleResolution resolution, QString *error) const override
    {
        return m_store.oldestSampleTime(resolution, error);
    }
    StoreStatus removeSamplesBefore(SampleResolution resolution, qint64 beforeS) override
    {
        return timed(Remove, [&] { return m_store.removeSamplesBefore(resolution, beforeS); });
    }
    StoreStatus appendEvent(const NetworkEvent &event) override
    {
        return timed(Event, [&] { return m_store.appendEvent(event); });
    }
    QList<NetworkEvent> events(int limit, QString *error) const override
    {
        return m_store.events(limit, error);
    }
    StoreStatus removeEventsBefore(qint64 beforeMs) override
    {
        return timed(Event, [&] { return m_store.removeEventsBefore(beforeMs); });
    }

private:
    StatisticsStore &m_store;
    mutable std::array<double, Calls> m_ms{};
};

// --- the history both databases start with -------------------------------------------------

const QStringList HistoryScopes = {QStringLiteral("lab"), QStringLiteral("office"),
                                   QStringLiteral("guests"), QStringLiteral("cameras")};

StatisticsSample syntheticSample(qint64 timeS, qint32 seconds)
{
    StatisticsSample sample;
    sample.timeS = timeS;
    sample.seconds = seconds;
    const quint32 wave = quint32((timeS / 60) % 97);
    for (qsizetype i = 0; i < HistoryScopes.size(); ++i) {
        ScopeUtilization u;
        u.scope = HistoryScopes[i];
        u.total = 250 * quint32(i + 1);
        u.bound = std::min<quint32>(u.total - 10, wave * quint32(i + 1));
        u.offered = 2;
        u.reserved = 3;
        u.quarantined = 1;
        u.free = u.total - u.bound - u.offered - u.reserved - u.quarantined;
        sample.scopes.append(u);
    }
    sample.traffic.discover = wave;
    sample.traffic.offer = wave;
    sample.traffic.request = wave + 1;
    sample.traffic.ack = wave + 1;
    sample.traffic.release = wave % 3;
    return sample;
}

// Fine samples every 10 s up to nowS and coarse ones every 5 minutes before it, oldest first,
// one commit each as the sampler writes them.
void seedHistory(StatisticsStore &store, qint64 nowS, int fine, int coarse)
{
    for (int k = coarse; k >= 1; --k)
        check(store.appendSample(SampleResolution::Coarse,
                                 syntheticSample(nowS - k * CoarseStepS, qint32(CoarseStepS))));
    for (int k = fine - 1; k >= 0; --k)
        check(store.appendSample(SampleResolution::Fine,
                                 syntheticSample(nowS - k * FineStepS, qint32(FineStepS))));
}

// A folder on tmpfs to seed in, when /dev/shm is there and writable.
std::unique_ptr<QTemporaryDir> shmFolder()
{
    const QFileInfo shm(QStringLiteral("/dev/shm"));
    if (!shm.isDir() || !shm.isWritable())
        return nullptr;
    auto dir = std::make_unique<QTemporaryDir>(QStringLiteral("/dev/shm/bench_statistics-XXXXXX"));
    return dir->isValid() ? std::move(dir) : nullptr;
}

void copyOrDie(const QString &from, const QString &to)
{
    if (QFile::exists(from) && !QFile::copy(from, to))
        die(QStringLiteral("cannot copy %1 to %2").arg(from, to));
}

// A day of fine and 90 days of coarse samples ending at the manual clock's start, written
// where commits are cheap and then copied to the disk for each part that uses it.
struct SeededHistory
{
    std::unique_ptr<QTemporaryDir> shm; // null when seeded on the disk
    QString file;
    int fine = 0;
    int coarse = 0;
    double seconds = 0;

    void copyTo(const QString &to) const
    {
        for (const char *suffix : {"", "-wal"})
            copyOrDie(file + QLatin1String(suffix), to + QLatin1String(suffix));
    }
};

SeededHistory seedHistoryFile(const Options &options, const QString &folder)
{
    SeededHistory seeded;
    seeded.fine = std::max(1, int(options.daysFine * 86400 / FineStepS + 0.5));
    seeded.coarse = std::max(1, int(options.daysCoarse * 86400 / CoarseStepS + 0.5));
    seeded.shm = shmFolder();
    seeded.file = (seeded.shm ? seeded.shm->path() : folder) + QStringLiteral("/seed.sqlite");
    QElapsedTimer timer;
    timer.start();
    {
        const std::unique_ptr<SqliteLeaseStore> store = openOrDie(seeded.file);
        seedHistory(*store, ManualClock().nowS(), seeded.fine, seeded.coarse);
    } // closed: SQLite folds the WAL back into the file
    seeded.seconds = msSince(timer) / 1000;
    std::printf("\nSeeded %d fine samples (%.2f days) and %d coarse (%.1f days), %lld scopes "
                "each, one commit per sample, in %.1f s on %s%s\n",
                seeded.fine, options.daysFine, seeded.coarse, options.daysCoarse,
                qint64(HistoryScopes.size()), seeded.seconds,
                qPrintable(fileSystemName(QFileInfo(seeded.file).absolutePath())),
                seeded.shm ? "; copied to the disk for parts 1 and 3"
                           : " (/dev/shm is not writable: seeded on the disk)");
    return seeded;
}

// --- 1 and 2: sampling a large pool -------------------------------------------------------

Configuration twoScopes()
{
    // No conflict probes: nothing is offered here. Leases are long so that none expires
    // while the manual clock advances.
    const QByteArray json = R"({"server":{"conflict_detection":{"enabled":false}},
        "scopes":[
         {"name":"big","subnet":"198.18.0.0/16",
          "ranges":[{"start":"198.18.0.1","end":"198.18.254.254"}],"lease_time":86400},
         {"name":"small","subnet":"198.19.0.0/24",
          "ranges":[{"start":"198.19.0.1","end":"198.19.0.250"}],"lease_time":86400}]})";
    ConfigurationImport imported = ConfigurationJson::fromJson(json);
    if (!imported.configuration)
        die(imported.errors.join(QLatin1Char('\n')));
    return *imported.configuration;
}

Lease boundLease(Ipv4Address first, quint32 n, const QString &scope, qint64 nowS)
{
    Lease lease;
    lease.address = Ipv4Address(first.toUint32() + n);
    lease.hardwareAddress = QByteArray::fromHex("020000000000");
    lease.hardwareAddress[2] = char(first.toUint32() >> 8); // big and small differ here
    lease.hardwareAddress[4] = char(n >> 8);
    lease.hardwareAddress[5] = char(n);
    lease.hostname = QStringLiteral("node-%1").arg(n);
    lease.scope = scope;
    lease.state = LeaseState::Bound;
    lease.start = nowS - 60;
    lease.end = nowS + 30 * 86400;
    lease.lastSeen = lease.start;
    return lease;
}

void seedLeases(SqliteLeaseStore &store, int bigLeases, qint64 nowS)
{
    check(store.saveConfiguration(ConfigurationJson::toJson(twoScopes()), 1));
    LeaseBatch batch;
    for (int n = 0; n < bigLeases; ++n)
        batch.upserts.append(
            boundLease(Ipv4Address(198, 18, 0, 1), quint32(n), QStringLiteral("big"), nowS));
    for (int n = 0; n < SmallLeases; ++n)
        batch.upserts.append(
            boundLease(Ipv4Address(198, 19, 0, 1), quint32(n), QStringLiteral("small"), nowS));
    check(store.commit(batch));
}

struct StepTimes
{
    double ordinaryMs = 0; // median of the step's ordinary samples
    double closeMs = 0; // the sample that closed the step
    double ordinaryRestMs = 0; // what sampleNow() spent outside the store (median)
    double closeRestMs = 0;
    std::array<double, TimedStore::Calls> ordinaryCalls{}; // per ordinary sample, averaged
    std::array<double, TimedStore::Calls> closeCalls{};
};

// One 5-minute step of samples, 10 s apart; the last one closes the step.
StepTimes sampleOneStep(StatisticsSampler &sampler, TimedStore &timed, ManualClock &clock)
{
    constexpr int PerStep = int(CoarseStepS / FineStepS);
    StepTimes step;
    QList<double> ordinary, rest;
    for (int i = 1; i <= PerStep; ++i) {
        clock.advanceS(FineStepS);
        timed.reset();
        QElapsedTimer timer;
        timer.start();
        sampler.sampleNow();
        const double ms = msSince(timer);
        double storeMs = 0;
        for (int call = 0; call < TimedStore::Calls; ++call)
            storeMs += timed.ms(TimedStore::Call(call));
        for (int call = 0; call < TimedStore::Calls; ++call) {
            if (i == PerStep)
                step.closeCalls[call] = timed.ms(TimedStore::Call(call));
            else
                step.ordinaryCalls[call] += timed.ms(TimedStore::Call(call)) / (PerStep - 1);
        }
        if (i == PerStep) {
            step.closeMs = ms;
            step.closeRestMs = ms - storeMs;
        } else {
            ordinary.append(ms);
            rest.append(ms - storeMs);
        }
    }
    step.ordinaryMs = median(ordinary);
    step.ordinaryRestMs = median(rest);
    return step;
}

void printCalls(const char *label, const QList<StepTimes> &steps,
                std::array<double, TimedStore::Calls> StepTimes::*calls)
{
    std::printf("    %-26s", label);
    for (int call = 0; call < TimedStore::Calls; ++call) {
        QList<double> ms;
        for (const StepTimes &step : steps)
            ms.append((step.*calls)[call]);
        if (median(ms) >= 0.0005)
            std::printf("  %s %.2f", TimedStore::Names[call], median(ms));
    }
    QList<double> rest;
    for (const StepTimes &step : steps)
        rest.append(calls == &StepTimes::closeCalls ? step.closeRestMs : step.ordinaryRestMs);
    std::printf("  outside the store %.2f  (ms)\n", median(rest));
}

void benchmarkSampling(const Options &options, const SeededHistory &seeded, const QString &folder)
{
    ManualClock clock; // starts on a 5-minute boundary, where the seeded history ends
    const QString file = folder + QStringLiteral("/sampling.sqlite");
    // A history in steady state: every step close prunes 30 fine samples and a coarse one.
    seeded.copyTo(file);
    std::unique_ptr<SqliteLeaseStore> store = openOrDie(file);
    QElapsedTimer timer;
    timer.start();
    seedLeases(*store, options.leases, clock.nowS());
    const double seedMs = msSince(timer);

    MemoryTransport transport;
    Engine engine(*store, transport, clock);
    timer.start();
    if (const QString error = engine.start(); !error.isEmpty())
        die(error);
    const double startMs = msSince(timer);
    TimedStore timed(*store);
    StatisticsSampler sampler(engine, timed, clock);
    if (const QString error = sampler.start(false); !error.isEmpty())
        die(error);
    std::printf("\n1. Sampling: %d bound leases in \"big\" (198.18.0.0/16, %u addresses) and %d "
                "in \"small\" (250 addresses)\n",
                options.leases,
                computeUtilization(engine.server().configuration(), engine.server().allocations(),
                                   clock.nowS())
                    .first()
                    .total,
                SmallLeases);
    std::printf("   (setup, once: commit of the leases %.0f ms, Engine::start %.0f ms)\n", seedMs,
                startMs);

    QList<double> utilization;
    for (int run = 0; run < options.repeats; ++run) {
        timer.start();
        const QList<ScopeUtilization> scopes = computeUtilization(
            engine.server().configuration(), engine.server().allocations(), clock.nowS());
        utilization.append(msSince(timer));
        if (scopes.size() != 2 || scopes[0].bound != quint32(options.leases))
            die(QStringLiteral("computeUtilization counted %1 bound leases in big, not %2")
                    .arg(scopes.value(0).bound)
                    .arg(options.leases));
    }
    // The first step pays once for what later samples do not: the first alert (big is 99 %
    // full), the hourly event pruning and a cold statement cache.
    sampleOneStep(sampler, timed, clock);
    QList<StepTimes> steps;
    for (int run = 0; run < options.repeats; ++run)
        steps.append(sampleOneStep(sampler, timed, clock));
    QList<double> ordinary, close;
    for (const StepTimes &step : std::as_const(steps)) {
        ordinary.append(step.ordinaryMs);
        close.append(step.closeMs);
    }
    std::printf("   median of %d runs (range), ms:\n", options.repeats);
    std::printf("   (a) computeUtilization(), one call            %8.2f  (%.2f..%.2f)\n",
                median(utilization), lowest(utilization), highest(utilization));
    std::printf("   (b) sampleNow(), ordinary sample              %8.2f  (%.2f..%.2f)  "
                "[median of a step's 29 per run]\n",
                median(ordinary), lowest(ordinary), highest(ordinary));
    std::printf(
        "\n2. Step close: sampleNow() that downsamples 30 fine samples into a coarse one\n");
    std::printf("   sampleNow(), step-closing sample              %8.2f  (%.2f..%.2f)\n",
                median(close), lowest(close), highest(close));
    std::printf("   store calls inside sampleNow() (median of runs):\n");
    printCalls("ordinary sample:", steps, &StepTimes::ordinaryCalls);
    printCalls("step-closing sample:", steps, &StepTimes::closeCalls);
    std::printf("   database: %s, %.1f MiB\n", qPrintable(fileSystemName(folder)),
                QFileInfo(file).size() / 1048576.0);
}

void benchmarkHistory(const Options &options, const SeededHistory &seeded, const QString &folder)
{
    const qint64 newestS = ManualClock().nowS(); // a step boundary: one sample in the open step
    const QString file = folder + QStringLiteral("/history.sqlite");
    seeded.copyTo(file);
    std::printf("\n3. History reads: the seeded history (%d fine, %d coarse samples)\n",
                seeded.fine, seeded.coarse);
    QElapsedTimer timer;
    const std::unique_ptr<SqliteLeaseStore> store = openOrDie(file);
    std::printf(
        "   database %s (%s): %.2f MiB\n", qPrintable(file), qPrintable(fileSystemName(folder)),
        (QFileInfo(file).size() + QFileInfo(file + QStringLiteral("-wal")).size()) / 1048576.0);
    const StatisticsHistory history(*store);
    const qint64 toS = newestS + 5; // the chart is drawn just after the newest sample
    const struct
    {
        const char *label;
        qint64 fromS;
    } windows[] = {{"15 min", toS - 900},
                   {"1 h", toS - 3600},
                   {"24 h", toS - 86400},
                   {"7 d", toS - 7 * 86400},
                   {"all (from 0)", 0}};
    std::printf("   StatisticsHistory::series(from, now), median of %d runs, warm cache:\n",
                options.repeats);
    std::printf("   %-14s %8s %10s %18s\n", "window", "rows", "ms", "range (ms)");
    for (const auto &window : windows) {
        QList<double> ms;
        qsizetype rows = 0;
        for (int run = 0; run < options.repeats; ++run) {
            QString error;
            timer.start();
            rows = history.series(window.fromS, toS, &error).size();
            ms.append(msSince(timer));
            if (!error.isEmpty())
                die(error);
        }
        std::printf("   %-14s %8lld %10.2f %8.2f..%-8.2f\n", window.label, qint64(rows), median(ms),
                    lowest(ms), highest(ms));
    }
}

Options parse(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Measures the statistics sampler: the cost of a sample with a large pool, "
                       "of closing a 5-minute step, and of reading chart series. Prints numbers "
                       "only."));
    parser.addHelpOption();
    const QCommandLineOption dir(
        QStringLiteral("dir"),
        QStringLiteral("Folder for the databases (on a disk, not tmpfs); default: next to the "
                       "program."),
        QStringLiteral("folder"), QCoreApplication::applicationDirPath());
    const QCommandLineOption repeats(QStringLiteral("repeats"),
                                     QStringLiteral("Runs per figure; the median is printed."),
                                     QStringLiteral("n"), QStringLiteral("9"));
    const QCommandLineOption leases(QStringLiteral("leases"),
                                    QStringLiteral("Bound leases in the /16 scope."),
                                    QStringLiteral("n"), QStringLiteral("65000"));
    const QCommandLineOption daysFine(QStringLiteral("days-fine"),
                                      QStringLiteral("Days of fine samples (may be fractional)."),
                                      QStringLiteral("days"), QStringLiteral("1"));
    const QCommandLineOption daysCoarse(
        QStringLiteral("days-coarse"),
        QStringLiteral("Days of coarse samples (may be fractional)."), QStringLiteral("days"),
        QStringLiteral("90"));
    parser.addOptions({dir, repeats, leases, daysFine, daysCoarse});
    parser.process(app);

    Options options;
    options.folder = parser.value(dir);
    options.repeats = parser.value(repeats).toInt();
    options.leases = parser.value(leases).toInt();
    options.daysFine = parser.value(daysFine).toDouble();
    options.daysCoarse = parser.value(daysCoarse).toDouble();
    // The /16's range holds 65,278 addresses.
    if (options.repeats <= 0 || options.leases <= 0 || options.leases > 65278
        || options.daysFine <= 0 || options.daysCoarse <= 0)
        parser.showHelp(2);
    return options;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const Options options = parse(app);
    QTemporaryDir folder(options.folder + QStringLiteral("/bench_statistics-XXXXXX"));
    if (!folder.isValid())
        die(QStringLiteral("cannot create a folder in %1").arg(options.folder));
    std::printf("bench_statistics: databases in %s (%s)\n", qPrintable(folder.path()),
                qPrintable(fileSystemName(folder.path())));
    const SeededHistory seeded = seedHistoryFile(options, folder.path());
    benchmarkSampling(options, seeded, folder.path());
    benchmarkHistory(options, seeded, folder.path());
    return 0;
}
