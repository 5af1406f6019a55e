// The StatisticsStore contract, run against MemoryLeaseStore and SqliteLeaseStore alike (test
// functions with "memory" and "sqlite" rows), StatisticsHistory's downsampling, pruning and
// resuming on top of both, and what schema 2 means for files on disk: their size, and a file
// of the previous release that must keep its leases. Times are Unix seconds chosen by the
// test: nothing sleeps.

#include "core/memoryleasestore.h"
#include "core/sqliteleasestore.h"
#include "core/sqliteschema.h"
#include "core/statisticshistory.h"
#include "storetesthelpers.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace leasedesk {

// QTest finds this through argument-dependent lookup and prints it when a QCOMPARE fails.
char *toString(const StatisticsSample &s)
{
    QStringList scopes;
    for (const ScopeUtilization &u : s.scopes)
        scopes << QStringLiteral("%1[%2 free %3 off %4 bound %5 res %6 quar %7]")
                      .arg(u.scope)
                      .arg(u.total)
                      .arg(u.free)
                      .arg(u.offered)
                      .arg(u.bound)
                      .arg(u.reserved)
                      .arg(u.quarantined);
    const TrafficCounts &t = s.traffic;
    return QTest::toString(QStringLiteral("t=%1 %2s traffic %3/%4/%5/%6/%7/%8/%9/%10 %11")
                               .arg(s.timeS)
                               .arg(s.seconds)
                               .arg(t.discover)
                               .arg(t.offer)
                               .arg(t.request)
                               .arg(t.decline)
                               .arg(t.ack)
                               .arg(t.nak)
                               .arg(t.release)
                               .arg(t.inform)
                               .arg(scopes.join(QLatin1Char(' '))));
}

} // namespace leasedesk

using namespace leasedesk;
using namespace leasedesk::test;

namespace {

constexpr auto FineRes = SampleResolution::Fine;
constexpr auto CoarseRes = SampleResolution::Coarse;

// A multiple of 300 s, so that sample k of a 10 s sampler is sample k % 30 of its step.
constexpr qint64 T0 = 1'700'000'100;
constexpr qint64 Day = 24 * 3600;

ScopeUtilization scope(const QString &name, quint32 total, quint32 offered, quint32 bound,
                       quint32 reserved = 0, quint32 quarantined = 0)
{
    ScopeUtilization u;
    u.scope = name;
    u.total = total;
    u.offered = offered;
    u.bound = bound;
    u.reserved = reserved;
    u.quarantined = quarantined;
    u.free = total - offered - bound - reserved - quarantined;
    return u;
}

// Sample k of a 10 s sampler started at T0. Within each 5 min step (i = k % 30) "lab" has 51
// bound addresses in the first 24 samples and 50 in the last 6, so a step averages 50.8
// bound and 144.2 free; "guests" has k / 2 bound. Each sample counts one DISCOVER and i % 4
// ACKs.
StatisticsSample simulated(qint64 k, int scopes = 2)
{
    const int i = int(k % 30);
    StatisticsSample s;
    s.timeS = T0 + 10 * k;
    s.seconds = 10;
    s.scopes.append(scope(QStringLiteral("lab"), 200, 0, i < 24 ? 51 : 50, 3, 2));
    for (int n = 1; n < scopes; ++n)
        s.scopes.append(scope(n == 1 ? QStringLiteral("guests") : QStringLiteral("pool-%1").arg(n),
                              1000, 1, quint32(k % 1000 / 2)));
    s.traffic.discover = 1;
    s.traffic.ack = quint32(i % 4);
    return s;
}

QString eventText(const NetworkEvent &e)
{
    return QStringLiteral("%1 %2 %3 if=%4 addr=%5 mac=%6 scope=%7 text=%8")
        .arg(e.timeMs)
        .arg(networkEventKindName(e.kind), networkEventSeverityName(e.severity), e.interfaceName,
             QString::fromStdString(e.address.toString()), QString::fromLatin1(e.mac.toHex(':')),
             e.scope, e.text);
}

NetworkEvent makeEvent(qint64 timeMs, const QString &text,
                       NetworkEvent::Kind kind = NetworkEvent::Kind::Utilization)
{
    NetworkEvent e;
    e.kind = kind;
    e.severity = NetworkEvent::Severity::Critical;
    e.timeMs = timeMs;
    e.interfaceName = QStringLiteral("br-lab");
    e.address = Ipv4Address(198, 18, 1, 7);
    e.mac = QByteArray("\x02\x00\x00\xff\x00\x07", 6);
    e.scope = QStringLiteral("lab");
    e.text = text;
    return e;
}

TrafficCounts coarseTraffic(const QList<StatisticsSample> &samples)
{
    TrafficCounts sum;
    for (const StatisticsSample &s : samples)
        sum += s.traffic;
    return sum;
}

} // namespace

class TestStatisticsHistory : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    // The StatisticsStore contract, for both implementations.
    void samplesRoundTripEveryField_data() { storeKinds(); }
    void samplesRoundTripEveryField();
    void sampleOfSameTimeReplaces_data() { storeKinds(); }
    void sampleOfSameTimeReplaces();
    void rangeIncludesFromExcludesTo_data() { storeKinds(); }
    void rangeIncludesFromExcludesTo();
    void removesSamplesBefore_data() { storeKinds(); }
    void removesSamplesBefore();
    void eventsRoundTripNewestFirst_data() { storeKinds(); }
    void eventsRoundTripNewestFirst();
    void removesEventsBefore_data() { storeKinds(); }
    void removesEventsBefore();

    // StatisticsHistory.
    void downsampleAveragesAndSums();
    void downsampleKeepsPartsAddingUpToTotal();
    void twoDaysKeepFineForADayAndCoarseSteps_data() { storeKinds(); }
    void twoDaysKeepFineForADayAndCoarseSteps();
    void prunesCoarseAfterItsKeep_data() { storeKinds(); }
    void prunesCoarseAfterItsKeep();
    void prunesCoarseOlderThanNinetyDays_data() { storeKinds(); }
    void prunesCoarseOlderThanNinetyDays();
    void seriesPicksFineOrCoarse_data() { storeKinds(); }
    void seriesPicksFineOrCoarse();
    void longChartsAreThinnedWhereTheyAreRead_data() { storeKinds(); }
    void longChartsAreThinnedWhereTheyAreRead();
    void resumeWithinTheOpenStepCountsItOnce_data() { storeKinds(); }
    void resumeWithinTheOpenStepCountsItOnce();
    void resumeAfterAGapClosesTheOpenStepOnce_data() { storeKinds(); }
    void resumeAfterAGapClosesTheOpenStepOnce();

    // A file of the previous release.
    void sqliteSchemaOneFileMigratesAndKeepsLeases();

private:
    static void storeKinds();
    std::unique_ptr<StatisticsStore> openStore(const QString &kind);
    // A restart: the SQLite store is closed and opened again; the memory store lives on, as
    // only the history object is new.
    void reopen(const QString &kind, std::unique_ptr<StatisticsStore> &store);
    QString databaseFile() const { return m_dir->filePath(QStringLiteral("leases.sqlite")); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestStatisticsHistory::init()
{
    // The history tests write thousands of small transactions, each made durable before it
    // returns; on a RAM disk that takes no disk flushes, and the file is the same.
    const QFileInfo shm(QStringLiteral("/dev/shm"));
    const QString base = shm.isDir() && shm.isWritable() ? shm.filePath() : QDir::tempPath();
    m_dir = std::make_unique<QTemporaryDir>(base + QStringLiteral("/tst_statisticshistory-XXXXXX"));
    QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));
}

void TestStatisticsHistory::cleanup()
{
    m_dir.reset();
}

void TestStatisticsHistory::storeKinds()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("memory") << QStringLiteral("memory");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
}

std::unique_ptr<StatisticsStore> TestStatisticsHistory::openStore(const QString &kind)
{
    if (kind == QLatin1String("memory"))
        return std::make_unique<MemoryLeaseStore>();
    QString error;
    std::unique_ptr<SqliteLeaseStore> store = SqliteLeaseStore::open(databaseFile(), &error);
    if (!store)
        qWarning("%s", qPrintable(error));
    return store;
}

void TestStatisticsHistory::reopen(const QString &kind, std::unique_ptr<StatisticsStore> &store)
{
    if (kind == QLatin1String("memory"))
        return;
    store.reset();
    store = openStore(kind);
}

#define OPEN_STORE(store)                                                                          \
    QFETCH(QString, kind);                                                                         \
    std::unique_ptr<StatisticsStore> store = openStore(kind);                                      \
    QVERIFY(store)

// --- the contract --------------------------------------------------------------------------

void TestStatisticsHistory::samplesRoundTripEveryField()
{
    OPEN_STORE(store);
    StatisticsSample full;
    full.timeS = 4'102'444'800LL; // 2100: beyond 32-bit time
    full.seconds = 300;
    full.scopes = {scope(QStringLiteral("zeta"), 4'000'000'000U, 1, 2, 3, 4),
                   scope(QStringLiteral("ålpha lab"), 254, 10, 20, 30, 40)};
    full.traffic = {1, 2, 3, 4, 5, 6, 7, 4'000'000'000U};
    StatisticsSample empty; // no scope configured yet, no traffic
    empty.timeS = T0;
    empty.seconds = 10;
    QVERIFY(store->appendSample(FineRes, empty).ok());
    QVERIFY(store->appendSample(FineRes, full).ok());
    QString error = QStringLiteral("stale");
    // The scopes keep the sampler's order, which is not the alphabetical one.
    QCOMPARE(store->samples(FineRes, 0, full.timeS + 1, &error),
             (QList<StatisticsSample>{empty, full}));
    QVERIFY(error.isEmpty());
    QCOMPARE(store->samples(CoarseRes, 0, full.timeS + 1), QList<StatisticsSample>());
    QCOMPARE(store->newestSampleTime(FineRes, &error), full.timeS);
    QCOMPARE(store->newestSampleTime(CoarseRes), qint64(0));
}

void TestStatisticsHistory::sampleOfSameTimeReplaces()
{
    OPEN_STORE(store);
    StatisticsSample first = simulated(0, 3);
    StatisticsSample second = simulated(1, 1);
    second.timeS = first.timeS; // same time, fewer scopes: the old scopes must go too
    QVERIFY(store->appendSample(CoarseRes, first).ok());
    QVERIFY(store->appendSample(FineRes, first).ok());
    QVERIFY(store->appendSample(CoarseRes, second).ok());
    QCOMPARE(store->samples(CoarseRes, T0, T0 + 1), QList<StatisticsSample>{second});
    QCOMPARE(store->samples(FineRes, T0, T0 + 1), QList<StatisticsSample>{first});
}

void TestStatisticsHistory::rangeIncludesFromExcludesTo()
{
    OPEN_STORE(store);
    for (qint64 k = 0; k < 3; ++k)
        QVERIFY(store->appendSample(FineRes, simulated(k)).ok());
    const auto times = [&](qint64 from, qint64 to) {
        QList<qint64> found;
        for (const StatisticsSample &s : store->samples(FineRes, from, to))
            found << s.timeS - T0;
        return found;
    };
    QCOMPARE(times(T0, T0 + 20), (QList<qint64>{0, 10}));
    QCOMPARE(times(T0 + 1, T0 + 21), (QList<qint64>{10, 20}));
    QCOMPARE(times(T0 + 20, T0 + 20), QList<qint64>());
    QCOMPARE(times(T0 + 30, T0 + 99), QList<qint64>());
    QCOMPARE(store->newestSampleTime(FineRes), T0 + 20);
}

void TestStatisticsHistory::removesSamplesBefore()
{
    OPEN_STORE(store);
    for (qint64 k = 0; k < 3; ++k) {
        QVERIFY(store->appendSample(FineRes, simulated(k)).ok());
        QVERIFY(store->appendSample(CoarseRes, simulated(k)).ok());
    }
    QVERIFY(store->removeSamplesBefore(FineRes, T0 + 10).ok());
    QCOMPARE(store->samples(FineRes, 0, T0 + 99),
             (QList<StatisticsSample>{simulated(1), simulated(2)}));
    QCOMPARE(store->samples(CoarseRes, 0, T0 + 99).size(), 3); // the other resolution stays
    QVERIFY(store->removeSamplesBefore(FineRes, T0 + 99).ok());
    QCOMPARE(store->newestSampleTime(FineRes), qint64(0));
    QCOMPARE(store->newestSampleTime(CoarseRes), T0 + 20);
}

void TestStatisticsHistory::eventsRoundTripNewestFirst()
{
    OPEN_STORE(store);
    NetworkEvent bare; // every optional field empty
    bare.kind = NetworkEvent::Kind::SelfCheck;
    bare.severity = NetworkEvent::Severity::Info;
    bare.timeMs = 1000;
    const QList<NetworkEvent> appended{
        bare, makeEvent(3000, QStringLiteral("late"), NetworkEvent::Kind::DeclineStorm),
        makeEvent(2000, QStringLiteral("first of two at 2000"), NetworkEvent::Kind::PoolExhausted),
        makeEvent(2000, QStringLiteral("second of two at 2000 — ünïcode"))};
    for (const NetworkEvent &e : appended)
        QVERIFY(store->appendEvent(e).ok());
    QString error = QStringLiteral("stale");
    QStringList found;
    for (const NetworkEvent &e : store->events(10, &error))
        found << eventText(e);
    QVERIFY(error.isEmpty());
    QCOMPARE(found,
             (QStringList{eventText(appended[1]), eventText(appended[3]), eventText(appended[2]),
                          eventText(appended[0])}));
    const QList<NetworkEvent> two = store->events(2);
    QCOMPARE(two.size(), 2);
    QCOMPARE(two[1].text, appended[3].text);
    QCOMPARE(store->events(0).size(), 0);
}

void TestStatisticsHistory::removesEventsBefore()
{
    OPEN_STORE(store);
    for (qint64 t : {1000, 2000, 3000})
        QVERIFY(store->appendEvent(makeEvent(t, QString::number(t))).ok());
    QVERIFY(store->removeEventsBefore(2000).ok());
    QList<qint64> left;
    for (const NetworkEvent &e : store->events(10))
        left << e.timeMs;
    QCOMPARE(left, (QList<qint64>{3000, 2000}));
}

// --- StatisticsHistory ---------------------------------------------------------------------

void TestStatisticsHistory::downsampleAveragesAndSums()
{
    QList<StatisticsSample> fine;
    for (qint64 k = 30; k < 60; ++k) // the second step
        fine.append(simulated(k));
    fine[5].scopes.removeLast(); // "guests" missing from one sample
    fine[7].traffic.nak = 4;
    const StatisticsSample coarse = StatisticsHistory::downsample(fine, T0 + 300);
    QCOMPARE(coarse.timeS, T0 + 300);
    QCOMPARE(coarse.seconds, 300);
    TrafficCounts traffic;
    traffic.discover = 30;
    traffic.ack = 43; // 7 × (0+1+2+3) + 0 + 1
    traffic.nak = 4;
    QCOMPARE(coarse.traffic, traffic);
    QCOMPARE(coarse.scopes.size(), 2);
    // 24 samples of 51 bound and 6 of 50: 50.8 bound, 144.2 free.
    QCOMPARE(coarse.scopes[0], scope(QStringLiteral("lab"), 200, 0, 51, 3, 2));
    // guests: bound k/2 for k = 30..59 without k = 35 (17): (660 - 17) / 29 = 22.17; free
    // 976.83, so 977.
    QCOMPARE(coarse.scopes[1], scope(QStringLiteral("guests"), 1000, 1, 22));
    QCOMPARE(StatisticsHistory::downsample({}, T0).scopes.size(), 0);
}

void TestStatisticsHistory::downsampleKeepsPartsAddingUpToTotal()
{
    // free 1.5 and bound 1.5 would each round up to 2, and 4 addresses of a scope of 3.
    const QList<StatisticsSample> fine{
        StatisticsSample{T0, 10, {scope(QStringLiteral("s"), 3, 0, 1)}, {}},
        StatisticsSample{T0 + 10, 10, {scope(QStringLiteral("s"), 3, 0, 2)}, {}}};
    const ScopeUtilization u = StatisticsHistory::downsample(fine, T0).scopes.value(0);
    QCOMPARE(u.total, 3u);
    QCOMPARE(u.free + u.offered + u.bound + u.reserved + u.quarantined, 3u);
    QVERIFY(u.bound == 1 || u.bound == 2);
}

void TestStatisticsHistory::twoDaysKeepFineForADayAndCoarseSteps()
{
    // A server that has run for 88 days, with four scopes: 88 days of coarse steps, then two
    // more days of 10 s samples. At the end the store holds what a year-round server holds:
    // 90 days of steps and a day of fine samples, so the SQLite row also measures the file.
    OPEN_STORE(store);
    constexpr qint64 SeededSteps = 88 * Day / 300;
    for (qint64 j = 0; j < SeededSteps; ++j) {
        StatisticsSample s =
            StatisticsHistory::downsample({simulated(j, 4)}, T0 - 88 * Day + 300 * j);
        s.seconds = 300;
        QVERIFY(store->appendSample(CoarseRes, s).ok());
    }
    StatisticsHistory history(*store);
    QVERIFY(history.resume(T0).isEmpty());
    constexpr qint64 Samples = 2 * Day / 10;
    for (qint64 k = 0; k < Samples; ++k) {
        const StoreStatus status = history.record(simulated(k, 4));
        QVERIFY2(status.ok(), qPrintable(status.error));
    }

    // The last step closed at sample 17250 (T0 + 172500): fine samples older than a day
    // before it are gone, those of the open step are all there.
    const QList<StatisticsSample> fine = store->samples(FineRes, 0, T0 + 3 * Day);
    QCOMPARE(fine.size(), 8670);
    QCOMPARE(fine.first().timeS, T0 + 172500 - Day);
    QCOMPARE(fine.last(), simulated(Samples - 1, 4));

    // One coarse sample per 5 min step but the open one; none is 90 days old yet.
    const QList<StatisticsSample> coarse = store->samples(CoarseRes, T0, T0 + 3 * Day);
    QCOMPARE(coarse.size(), 575);
    for (qsizetype j = 0; j < coarse.size(); ++j)
        QCOMPARE(coarse[j].timeS, T0 + 300 * j);
    QCOMPARE(store->samples(CoarseRes, 0, T0).size(), SeededSteps);
    StatisticsSample step1;
    step1.timeS = T0 + 300;
    step1.seconds = 300;
    step1.traffic.discover = 30;
    step1.traffic.ack = 43;
    // The pools: bound k/2 for k = 30..59 averages 22; 977 free.
    step1.scopes = {scope(QStringLiteral("lab"), 200, 0, 51, 3, 2),
                    scope(QStringLiteral("guests"), 1000, 1, 22),
                    scope(QStringLiteral("pool-2"), 1000, 1, 22),
                    scope(QStringLiteral("pool-3"), 1000, 1, 22)};
    QCOMPARE(coarse[1], step1);

    if (kind == QLatin1String("sqlite")) {
        store.reset(); // closing checkpoints the write-ahead log into the file and removes it
        QVERIFY(!QFileInfo::exists(databaseFile() + QStringLiteral("-wal")));
        const qint64 size = QFileInfo(databaseFile()).size();
        qInfo("90 days of 5 min steps + 24 h of 10 s samples, 4 scopes: %.1f MiB (%lld bytes)",
              double(size) / (1 << 20), size);
        QVERIFY2(size < 12 * (1 << 20), qPrintable(QString::number(size)));
    }
}

void TestStatisticsHistory::prunesCoarseAfterItsKeep()
{
    OPEN_STORE(store);
    // Small numbers: fine kept 60 s, steps of 30 s kept 300 s.
    StatisticsHistory history(*store, {60, 30, 300});
    QCOMPARE(history.policy().coarseKeepS, qint64(300));
    QVERIFY(history.resume(T0).isEmpty());
    for (qint64 k = 0; k < 100; ++k) // T0 .. T0 + 990
        QVERIFY(history.record(simulated(k)).ok());
    // The last step closed at T0 + 990: coarse from T0 + 690 on, fine from T0 + 930 on.
    const QList<StatisticsSample> coarse = store->samples(CoarseRes, 0, T0 + 9999);
    QCOMPARE(coarse.size(), 10);
    QCOMPARE(coarse.first().timeS, T0 + 690);
    QCOMPARE(coarse.last().timeS, T0 + 960);
    QCOMPARE(coarse.last().seconds, 30);
    const QList<StatisticsSample> fine = store->samples(FineRes, 0, T0 + 9999);
    QCOMPARE(fine.first().timeS, T0 + 930);
    QCOMPARE(fine.size(), 7);
}

void TestStatisticsHistory::prunesCoarseOlderThanNinetyDays()
{
    OPEN_STORE(store);
    // The coarse history of a server that ran for a long time, then a step that closes.
    StatisticsSample old = simulated(0);
    for (qint64 ageDays : {91, 90, 89}) {
        old.timeS = T0 - ageDays * Day;
        QVERIFY(store->appendSample(CoarseRes, old).ok());
    }
    StatisticsHistory history(*store);
    QVERIFY(history.resume(T0).isEmpty());
    for (qint64 k = 0; k <= 30; ++k)
        QVERIFY(history.record(simulated(k)).ok());
    QList<qint64> ages;
    for (const StatisticsSample &s : store->samples(CoarseRes, 0, T0 + Day))
        ages << (T0 - s.timeS) / Day;
    // Closing at T0 + 300: the 90-day-old sample is 90 days and 300 s old.
    QCOMPARE(ages, (QList<qint64>{89, 0}));
}

// 90 days of steps, as a console run for months has: "All" and "7 d" read every n-th step
// (about maxPoints, evenly spaced), "24 h" every step, and a short range fine samples.
void TestStatisticsHistory::longChartsAreThinnedWhereTheyAreRead()
{
    OPEN_STORE(store);
    constexpr qint64 Steps = 90 * Day / 300;
    for (qint64 j = 0; j < Steps; ++j)
        QVERIFY(store
                    ->appendSample(CoarseRes,
                                   StatisticsHistory::downsample({simulated(j)}, T0 + 300 * j))
                    .ok());
    const qint64 now = T0 + 300 * Steps;
    for (qint64 k = 0; k < 60; ++k) // ten minutes of fine samples after the last step
        QVERIFY(store
                    ->appendSample(FineRes,
                                   [&] {
                                       StatisticsSample f = simulated(k);
                                       f.timeS = now + 10 * k;
                                       return f;
                                   }())
                    .ok());
    QCOMPARE(store->oldestSampleTime(CoarseRes), T0);
    QCOMPARE(store->newestSampleTime(CoarseRes), now - 300);
    // The store's stride: only times that are multiples of it.
    const QList<StatisticsSample> strided = store->samples(CoarseRes, T0, T0 + 3600, nullptr, 900);
    QCOMPARE(strided.size(), 4);
    for (const StatisticsSample &x : strided)
        QCOMPARE(x.timeS % 900, 0);

    StatisticsHistory history(*store);
    const int maxPoints = history.policy().maxPoints;
    const QList<StatisticsSample> all = history.series(0, now + 600);
    QVERIFY2(all.size() <= maxPoints + 2 && all.size() >= maxPoints / 2,
             qPrintable(QString::number(all.size())));
    const qint64 gap = all[1].timeS - all[0].timeS;
    QCOMPARE(gap % 300, 0);
    for (qsizetype i = 1; i + 2 < all.size(); ++i)
        QCOMPARE(all[i].timeS - all[i - 1].timeS, gap);
    QCOMPARE(all.last().timeS, now + 300); // the open step, downsampled so far
    QCOMPARE(all[all.size() - 2].timeS, now); // the step before it, from its fine samples

    const QList<StatisticsSample> week = history.series(now - 7 * Day, now + 600);
    QVERIFY2(week.size() <= maxPoints + 2, qPrintable(QString::number(week.size())));
    const QList<StatisticsSample> day = history.series(now - Day, now + 600);
    QCOMPARE(day.size(), 288 + 2); // every step, then the two made of fine samples
    QCOMPARE(day.first().timeS, now - Day);
    const QList<StatisticsSample> hour = history.series(now - 3600, now + 600);
    QCOMPARE(hour.size(), 60); // fine: a short chart shows every sample
}

void TestStatisticsHistory::seriesPicksFineOrCoarse()
{
    OPEN_STORE(store);
    // Fine kept an hour, steps of 5 min; six hours of samples.
    StatisticsHistory history(*store, {3600, 300, 90 * Day});
    QVERIFY(history.resume(T0).isEmpty());
    constexpr qint64 Samples = 6 * 360;
    for (qint64 k = 0; k < Samples; ++k)
        QVERIFY(history.record(simulated(k)).ok());
    const qint64 now = T0 + 10 * Samples;

    // The last hour: every fine sample, no coarse one.
    const QList<StatisticsSample> hour = history.series(now - 3600, now);
    QCOMPARE(hour.size(), 360);
    QCOMPARE(hour.first(), simulated(Samples - 360));
    QCOMPARE(hour.last(), simulated(Samples - 1));

    // Six hours: the 71 closed steps, then the open step downsampled from its 30 fine
    // samples, so the chart has one resolution to its end.
    QString error = QStringLiteral("stale");
    const QList<StatisticsSample> all = history.series(T0, now, &error);
    QVERIFY(error.isEmpty());
    QCOMPARE(all.size(), 71 + 1);
    for (qsizetype j = 0; j < 72; ++j) {
        QCOMPARE(all[j].timeS, T0 + 300 * j);
        QCOMPARE(all[j].seconds, 300);
    }
    QList<StatisticsSample> open;
    for (qint64 k = Samples - 30; k < Samples; ++k)
        open.append(simulated(k));
    QCOMPARE(all.last(), StatisticsHistory::downsample(open, T0 + 300 * 71));

    // A range longer than the fine history, inside the coarse one: only its steps.
    const QList<StatisticsSample> past = history.series(T0 + 600, T0 + 4500);
    QCOMPARE(past.size(), 13);
    QCOMPARE(past.first().timeS, T0 + 600);
    QCOMPARE(past.last().timeS, T0 + 4200);
}

void TestStatisticsHistory::resumeWithinTheOpenStepCountsItOnce()
{
    OPEN_STORE(store);
    {
        StatisticsHistory history(*store);
        QVERIFY(history.resume(T0).isEmpty());
        for (qint64 k = 0; k < 105; ++k) // three steps and half of the fourth
            QVERIFY(history.record(simulated(k)).ok());
    }
    reopen(kind, store);
    QVERIFY(store);
    StatisticsHistory history(*store);
    QVERIFY(history.resume(T0 + 1055).isEmpty()); // still in the fourth step
    QCOMPARE(store->samples(CoarseRes, 0, T0 + Day).size(), 3);
    for (qint64 k = 105; k <= 120; ++k) // the rest of it, and the first of the fifth
        QVERIFY(history.record(simulated(k)).ok());
    const QList<StatisticsSample> coarse = store->samples(CoarseRes, 0, T0 + Day);
    QCOMPARE(coarse.size(), 4);
    QList<StatisticsSample> step3;
    for (qint64 k = 90; k < 120; ++k)
        step3.append(simulated(k));
    QCOMPARE(coarse[3], StatisticsHistory::downsample(step3, T0 + 900));
    QCOMPARE(coarse[3].traffic.discover, 30u);
}

void TestStatisticsHistory::resumeAfterAGapClosesTheOpenStepOnce()
{
    OPEN_STORE(store);
    {
        StatisticsHistory history(*store);
        QVERIFY(history.resume(T0).isEmpty());
        for (qint64 k = 0; k < 105; ++k)
            QVERIFY(history.record(simulated(k)).ok());
    }
    // Down for ten minutes: the fourth step ended with only its first 15 samples.
    const qint64 restart = T0 + 1050 + 600;
    for (int run = 0; run < 2; ++run) { // and a second restart right after the first
        reopen(kind, store);
        QVERIFY(store);
        StatisticsHistory history(*store);
        QVERIFY(history.resume(restart).isEmpty());
        const QList<StatisticsSample> coarse = store->samples(CoarseRes, 0, T0 + Day);
        QCOMPARE(coarse.size(), 4);
        QCOMPARE(coarse[3].timeS, T0 + 900);
        QCOMPARE(coarse[3].seconds, 150);
        QCOMPARE(coarse[3].traffic.discover, 15u);
    }
    StatisticsHistory history(*store);
    QVERIFY(history.resume(restart).isEmpty());
    const qint64 first = (restart - T0) / 10;
    for (qint64 k = first; k <= 240; ++k) // the rest of step 5, steps 6 and 7, step 8 opens
        QVERIFY(history.record(simulated(k)).ok());
    const QList<StatisticsSample> coarse = store->samples(CoarseRes, 0, T0 + Day);
    QList<qint64> steps;
    for (const StatisticsSample &s : coarse)
        steps << (s.timeS - T0) / 300;
    QCOMPARE(steps, (QList<qint64>{0, 1, 2, 3, 5, 6, 7}));
    // Every DISCOVER recorded is counted exactly once: in a coarse step or the open one.
    const qint64 recorded = 105 + (241 - first);
    const qint64 counted = coarseTraffic(coarse).discover
        + coarseTraffic(store->samples(FineRes, T0 + 2400, T0 + Day)).discover;
    QCOMPARE(counted, recorded);
}

// --- schema 1 on disk ----------------------------------------------------------------------

void TestStatisticsHistory::sqliteSchemaOneFileMigratesAndKeepsLeases()
{
    // A file as the previous release wrote it: only migration 0, schema 1.
    {
        RawSqlite v1(databaseFile());
        QStringList sql = SqliteSchema::migrations().value(0).statements;
        sql << QStringLiteral("PRAGMA application_id = %1").arg(SqliteSchema::ApplicationId)
            << QStringLiteral("PRAGMA user_version = 1")
            << QStringLiteral("INSERT INTO leases (address, hardware_address, client_id, hostname,"
                              " scope, state, \"start\", \"end\", last_seen, detail) VALUES"
                              " (3323068677, x'020000000005', x'01020000000005', 'node5', 'lab',"
                              " 'bound', 1700000000, 1700003600, 1700000500, 'renewed')")
            << QStringLiteral("INSERT INTO settings (key, value) VALUES ('layout', 'wide')");
        QCOMPARE(v1.exec(sql), QString());
    }
    QString error;
    const std::unique_ptr<SqliteLeaseStore> store = SqliteLeaseStore::open(databaseFile(), &error);
    QVERIFY2(store, qPrintable(error));
    const QList<Lease> leases = store->loadLeases(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(leases.size(), 1);
    QCOMPARE(leases[0].address, Ipv4Address(198, 18, 1, 5));
    QCOMPARE(leases[0].hardwareAddress, QByteArray::fromHex("020000000005"));
    QCOMPARE(leases[0].hostname, QStringLiteral("node5"));
    QCOMPARE(leases[0].state, LeaseState::Bound);
    QCOMPARE(leases[0].end, qint64(1700003600));
    QCOMPARE(store->setting(QStringLiteral("layout")), QStringLiteral("wide"));
    {
        RawSqlite raw(databaseFile());
        QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), SqliteSchema::Version);
        for (const QString &table : SqliteSchema::tables())
            QVERIFY2(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = "
                                              "'table' AND name = '%1'")
                                   .arg(table))
                             .toInt()
                         == 1,
                     qPrintable(table));
    }
    QVERIFY(store->appendSample(FineRes, simulated(0)).ok());
    QCOMPARE(store->samples(FineRes, 0, T0 + 1), QList<StatisticsSample>{simulated(0)});
    QVERIFY(store->appendEvent(makeEvent(5, QStringLiteral("after the upgrade"))).ok());
    QCOMPARE(store->events(5).size(), 1);
}

QTEST_GUILESS_MAIN(TestStatisticsHistory)
#include "tst_statisticshistory.moc"
