// Measures the SQLite lease store (docs/benchmarks.md, "Lease store"):
//  1. leases written per second with synchronous=FULL, in batches of 1, 10, 100 and 1000
//     leases per commit (group commit), each lease with the history entry the engine writes
//     with it; every run on a fresh database;
//  2. the time to open a database of 100,000 leases (including the integrity check) and build
//     the engine's in-memory index, a QHash<quint32, Lease>.
// Every figure is the median of --repeats runs. It prints numbers and asserts nothing.

#include "benchsupport.h"
#include "core/sqliteleasestore.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

using namespace leasedesk;

using namespace leasedesk::bench;

namespace {

struct Options
{
    QString folder;
    QList<int> batches;
    int leases = 0; // per write run, at least 10 commits' worth
    int repeats = 0;
    int indexLeases = 0;
};

// What a server writes for one ACK: a bound lease and its history entry.
void addLease(LeaseBatch *batch, quint32 n)
{
    Lease lease;
    lease.address = Ipv4Address(198, 18, 0, 0);
    lease.address = Ipv4Address(lease.address.toUint32() + n);
    lease.hardwareAddress = QByteArray::fromHex("020000000000");
    lease.hardwareAddress[4] = char(n >> 8);
    lease.hardwareAddress[5] = char(n);
    lease.clientId = QByteArray(1, '\x01') + lease.hardwareAddress;
    lease.hostname = QStringLiteral("node-%1").arg(n);
    lease.scope = QStringLiteral("lab");
    lease.state = LeaseState::Bound;
    lease.start = 1'700'000'000 + n;
    lease.end = lease.start + 3600;
    lease.lastSeen = lease.start;
    batch->upserts.append(lease);
    batch->history.append({lease.start, lease.address, lease.hardwareAddress, lease.clientId,
                           LeaseState::Offered, LeaseState::Bound, QStringLiteral("REQUEST")});
}

QString sqliteVersion()
{
    const QString name = QStringLiteral("bench-version");
    QString version;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QStringLiteral(":memory:"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT sqlite_version()")) && query.next())
                version = query.value(0).toString();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return version;
}

std::unique_ptr<SqliteLeaseStore> openOrDie(const QString &file)
{
    QString error;
    std::unique_ptr<SqliteLeaseStore> store = SqliteLeaseStore::open(file, &error);
    if (!store) {
        std::fprintf(stderr, "bench_leasestore: %s\n", qPrintable(error));
        std::exit(1);
    }
    return store;
}

void check(const StoreStatus &status)
{
    if (!status.ok()) {
        std::fprintf(stderr, "bench_leasestore: %s\n", qPrintable(status.error));
        std::exit(1);
    }
}

// Leases per second for one run of `leases` leases in commits of `batchSize`.
double writeRun(const Options &options, int batchSize, int leases)
{
    QTemporaryDir dir(options.folder + QStringLiteral("/bench_leasestore-XXXXXX"));
    const std::unique_ptr<SqliteLeaseStore> store =
        openOrDie(dir.filePath(QStringLiteral("leases.sqlite")));
    QList<LeaseBatch> batches;
    for (int first = 0; first < leases; first += batchSize) {
        LeaseBatch batch;
        for (int n = first; n < std::min(leases, first + batchSize); ++n)
            addLease(&batch, quint32(n));
        batches.append(batch);
    }
    QElapsedTimer timer;
    timer.start();
    for (const LeaseBatch &batch : std::as_const(batches))
        check(store->commit(batch));
    return leases / (double(timer.nsecsElapsed()) / 1e9);
}

void benchmarkWrites(const Options &options)
{
    std::printf("\nWrites (synchronous=FULL, WAL; each lease with one history entry; median of "
                "%d runs, each on a fresh database)\n",
                options.repeats);
    std::printf("%10s %12s %14s %14s %22s\n", "batch", "leases/run", "commits/s", "leases/s",
                "range of runs (l/s)");
    for (const int batchSize : options.batches) {
        const int leases = std::max(options.leases, 10 * batchSize);
        QList<double> rates;
        for (int run = 0; run < options.repeats; ++run)
            rates.append(writeRun(options, batchSize, leases));
        const double rate = median(rates);
        std::printf("%10d %12d %14.0f %14.0f %10.0f..%-11.0f\n", batchSize, leases,
                    rate / batchSize, rate, *std::min_element(rates.cbegin(), rates.cend()),
                    *std::max_element(rates.cbegin(), rates.cend()));
        std::fflush(stdout);
    }
}

void benchmarkOpenAndIndex(const Options &options)
{
    QTemporaryDir dir(options.folder + QStringLiteral("/bench_leasestore-XXXXXX"));
    const QString file = dir.filePath(QStringLiteral("leases.sqlite"));
    {
        const std::unique_ptr<SqliteLeaseStore> store = openOrDie(file);
        LeaseBatch batch;
        for (int n = 0; n < options.indexLeases; ++n)
            addLease(&batch, quint32(n));
        batch.history.clear(); // the index is built from leases only
        check(store->commit(batch));
    }
    QList<double> openMs, loadMs, indexMs, totalMs;
    for (int run = 0; run < options.repeats; ++run) {
        QElapsedTimer timer;
        timer.start();
        const std::unique_ptr<SqliteLeaseStore> store = openOrDie(file);
        const qint64 opened = timer.nsecsElapsed();
        QString error;
        const QList<Lease> leases = store->loadLeases(&error);
        const qint64 loaded = timer.nsecsElapsed();
        QHash<quint32, Lease> index;
        index.reserve(leases.size());
        for (const Lease &lease : leases)
            index.insert(lease.address.toUint32(), lease);
        const qint64 indexed = timer.nsecsElapsed();
        if (!error.isEmpty() || index.size() != options.indexLeases) {
            std::fprintf(stderr, "bench_leasestore: loaded %lld of %d leases %s\n",
                         qint64(index.size()), options.indexLeases, qPrintable(error));
            std::exit(1);
        }
        openMs.append(opened / 1e6);
        loadMs.append((loaded - opened) / 1e6);
        indexMs.append((indexed - loaded) / 1e6);
        totalMs.append(indexed / 1e6);
    }
    std::printf("\nOpen a database of %d leases (%.1f MiB, warm page cache) and build "
                "QHash<quint32, Lease>; median of %d runs\n",
                options.indexLeases, QFileInfo(file).size() / 1048576.0, options.repeats);
    std::printf("  open + checks %.1f ms, loadLeases %.1f ms, QHash %.1f ms, total %.1f ms\n",
                median(openMs), median(loadMs), median(indexMs), median(totalMs));
}

Options parse(const QCoreApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Measures the SQLite lease store: group-commit write rates and the time "
                       "to open a large database and index it. Prints numbers only."));
    parser.addHelpOption();
    const QCommandLineOption folder(
        QStringLiteral("dir"), QStringLiteral("Folder for the databases (on a disk, not tmpfs)."),
        QStringLiteral("folder"), QStringLiteral("/var/tmp"));
    const QCommandLineOption batches(QStringLiteral("batches"),
                                     QStringLiteral("Leases per commit, comma-separated."),
                                     QStringLiteral("list"), QStringLiteral("1,10,100,1000"));
    const QCommandLineOption leases(
        QStringLiteral("leases"),
        QStringLiteral("Leases written per run (at least 10 commits' worth)."), QStringLiteral("n"),
        QStringLiteral("2000"));
    const QCommandLineOption repeats(QStringLiteral("repeats"),
                                     QStringLiteral("Runs per figure; the median is printed."),
                                     QStringLiteral("n"), QStringLiteral("5"));
    const QCommandLineOption indexLeases(QStringLiteral("index-leases"),
                                         QStringLiteral("Leases in the database that is opened."),
                                         QStringLiteral("n"), QStringLiteral("100000"));
    parser.addOptions({folder, batches, leases, repeats, indexLeases});
    parser.process(app);

    Options options;
    options.folder = parser.value(folder);
    for (const QString &text : parser.value(batches).split(QLatin1Char(','))) {
        const int size = text.toInt();
        if (size <= 0)
            parser.showHelp(2);
        options.batches.append(size);
    }
    options.leases = parser.value(leases).toInt();
    options.repeats = parser.value(repeats).toInt();
    options.indexLeases = parser.value(indexLeases).toInt();
    if (options.leases <= 0 || options.repeats <= 0 || options.indexLeases <= 0)
        parser.showHelp(2);
    return options;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const Options options = parse(app);
    std::printf("bench_leasestore: SQLite %s, databases in %s (%s)\n", qPrintable(sqliteVersion()),
                qPrintable(options.folder), qPrintable(fileSystemName(options.folder)));
    benchmarkWrites(options);
    benchmarkOpenAndIndex(options);
    return 0;
}
