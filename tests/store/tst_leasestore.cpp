// The LeaseStore contract, run against MemoryLeaseStore and SqliteLeaseStore alike (test
// functions with "memory" and "sqlite" rows), and the SQLite store's behaviour on real files:
// what it refuses to open, always without modifying the file, and how it fails when the disk
// is read-only or full.

#include "core/memoryleasestore.h"
#include "core/sqliteleasestore.h"
#include "core/sqliteschema.h"
#include "privatemount.h"
#include "storetesthelpers.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

namespace leasedesk {

// QTest finds these through argument-dependent lookup and prints them when a QCOMPARE fails.
char *toString(const Lease &lease)
{
    return QTest::toString(
        QStringLiteral("%1 %2 hw=%3 id=%4 host=%5 scope=%6 %7..%8 seen=%9 detail=%10")
            .arg(QString::fromStdString(lease.address.toString()), leaseStateName(lease.state),
                 QString::fromLatin1(lease.hardwareAddress.toHex(':')),
                 QString::fromLatin1(lease.clientId.toHex(':')), lease.hostname, lease.scope)
            .arg(lease.start)
            .arg(lease.end)
            .arg(lease.lastSeen)
            .arg(lease.detail));
}

char *toString(const LeaseHistoryEntry &entry)
{
    return QTest::toString(QStringLiteral("%1 %2 hw=%3 %4->%5 %6")
                               .arg(entry.when)
                               .arg(QString::fromStdString(entry.address.toString()),
                                    QString::fromLatin1(entry.hardwareAddress.toHex(':')),
                                    entry.from ? leaseStateName(*entry.from) : QStringLiteral("-"),
                                    leaseStateName(entry.to), entry.reason));
}

} // namespace leasedesk

using namespace leasedesk;
using namespace leasedesk::test;

class TestLeaseStore : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    // The contract, for both implementations.
    void roundTripsEveryField_data() { storeKinds(); }
    void roundTripsEveryField();
    void upsertReplacesTheLease_data() { storeKinds(); }
    void upsertReplacesTheLease();
    void removesLeases_data() { storeKinds(); }
    void removesLeases();
    void emptyStoreHoldsNothing_data() { storeKinds(); }
    void emptyStoreHoldsNothing();
    void historyIsNewestFirst_data() { storeKinds(); }
    void historyIsNewestFirst();
    void historyFiltersByClient_data() { storeKinds(); }
    void historyFiltersByClient();
    void historyFiltersByAddress_data() { storeKinds(); }
    void historyFiltersByAddress();
    void configurationRevisions_data() { storeKinds(); }
    void configurationRevisions();
    void settings_data() { storeKinds(); }
    void settings();

    void memoryStoreFailsTheNextCommitOnly();

    // The SQLite store on real files.
    void sqliteCreatesFileFolderAndSchema();
    void sqliteKeepsEverythingAcrossReopening();
    void sqliteKeepsEveryConfigurationRevision();
    void sqliteTwoStoresShareOneFile();
    void sqliteOpensPathsWithUriCharacters();
    void sqliteRefusesNewerSchema();
    void sqliteRefusesNewerSchemaInWriteAheadLog();
    void sqliteRefusesFilesThatAreNotLeaseDesk_data();
    void sqliteRefusesFilesThatAreNotLeaseDesk();
    void sqliteRefusesTruncatedFile();
    void sqliteRefusesOverwrittenPage_data();
    void sqliteRefusesOverwrittenPage();
    void sqliteRefusesLeftoverLogWithoutDatabase();

    // Read-only and full file systems (root: scratch tmpfs mounts in a private namespace).
    void sqliteRefusesDatabaseOnReadOnlyMount();
    void sqliteCannotCreateOnReadOnlyMount();
    void sqliteRefusesImmutableFile();
    void sqliteCommitFailsWhenFilesBecomeImmutable();
    void sqliteCommitFailsOnFullDisk();

private:
    static void storeKinds();
    std::unique_ptr<LeaseStore> makeStore(const QString &kind, QString *error);
    QString databaseFile() const { return m_dir->filePath(QStringLiteral("leases.sqlite")); }
    // A LeaseDesk database holding `count` sample leases, closed again (so fully checkpointed:
    // no -wal file remains).
    static QString createDatabase(const QString &file, int count);
    // A tmpfs in a private mount namespace, or why not (for QSKIP).
    std::unique_ptr<TmpfsMount> scratchMount(int sizeKiB, QString *mountPoint, QString *why);

    std::unique_ptr<QTemporaryDir> m_dir;
    PrivateMountNamespace m_namespace;
};

void TestLeaseStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY2(m_dir->isValid(), qPrintable(m_dir->errorString()));
}

void TestLeaseStore::cleanup()
{
    m_dir.reset();
}

void TestLeaseStore::storeKinds()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("memory") << QStringLiteral("memory");
    QTest::newRow("sqlite") << QStringLiteral("sqlite");
}

std::unique_ptr<LeaseStore> TestLeaseStore::makeStore(const QString &kind, QString *error)
{
    if (kind == QLatin1String("memory"))
        return std::make_unique<MemoryLeaseStore>();
    return SqliteLeaseStore::open(databaseFile(), error);
}

QString TestLeaseStore::createDatabase(const QString &file, int count)
{
    QString error;
    const std::unique_ptr<SqliteLeaseStore> store = SqliteLeaseStore::open(file, &error);
    if (!store)
        return error;
    LeaseBatch batch;
    for (int i = 0; i < count; ++i)
        batch.upserts.append(sampleLease(quint32(i)));
    return store->commit(batch).error;
}

std::unique_ptr<TmpfsMount> TestLeaseStore::scratchMount(int sizeKiB, QString *mountPoint,
                                                         QString *why)
{
    *why = m_namespace.enter();
    if (!why->isEmpty())
        return nullptr;
    *mountPoint = m_dir->filePath(QStringLiteral("mnt"));
    QDir().mkpath(*mountPoint);
    return TmpfsMount::mount(*mountPoint, sizeKiB, why);
}

#define OPEN_STORE(store, kind)                                                                    \
    QString openError;                                                                             \
    const std::unique_ptr<LeaseStore> store = makeStore(kind, &openError);                         \
    QVERIFY2(store, qPrintable(openError))

#define SKIP_WITHOUT(mount, why)                                                                   \
    if (!(mount))                                                                                  \
    QSKIP(qPrintable(QStringLiteral("needs root to mount a scratch tmpfs in a private mount "      \
                                    "namespace (%1)")                                              \
                         .arg(why)))

// --- the contract --------------------------------------------------------------------------

void TestLeaseStore::roundTripsEveryField()
{
    QFETCH(QString, kind);
    OPEN_STORE(store, kind);
    QList<Lease> leases;
    for (int state = 0; state <= int(LeaseState::Conflict); ++state)
        leases.append(sampleLease(quint32(10 + state), LeaseState(state)));
    Lease bare; // every optional field empty, the lowest and the highest address
    bare.address = Ipv4Address(0u);
    leases.append(bare);
    bare.address = Ipv4Address(0xFFFFFFFFu);
    bare.start = -1; // before 1970: nothing forbids it
    leases.append(bare);
    std::reverse(leases.begin(), leases.end()); // loadLeases must put them in address order

    QVERIFY(store->commit({leases, {}, {}}).ok());

    QString error;
    const QList<Lease> loaded = store->loadLeases(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QList<Lease> expected = leases;
    std::sort(expected.begin(), expected.end(),
              [](const Lease &a, const Lease &b) { return a.address < b.address; });
    QCOMPARE(loaded, expected);
    for (const Lease &lease : std::as_const(leases)) {
        const std::optional<Lease> found = store->lease(lease.address, &error);
        QVERIFY2(found, qPrintable(error));
        QCOMPARE(*found, lease);
    }
    QVERIFY(!store->lease(Ipv4Address(10, 0, 0, 1), &error));
    QVERIFY(error.isEmpty());
}

void TestLeaseStore::upsertReplacesTheLease()
{
    QFETCH(QString, kind);
    OPEN_STORE(store, kind);
    const Lease first = sampleLease(1, LeaseState::Offered);
    QVERIFY(store->commit({{first}, {}, {}}).ok());
    Lease second = first;
    second.state = LeaseState::Released;
    second.clientId.clear();
    second.hostname = QStringLiteral("renamed");
    second.end = 0;
    QVERIFY(store->commit({{second}, {}, {}}).ok());
    QCOMPARE(store->loadLeases(), QList<Lease>{second});
}

void TestLeaseStore::removesLeases()
{
    QFETCH(QString, kind);
    OPEN_STORE(store, kind);
    const Lease a = sampleLease(1), b = sampleLease(2), c = sampleLease(3);
    QVERIFY(store->commit({{a, b, c}, {}, {}}).ok());
    // Removing an address that has no lease is not an error.
    QVERIFY(store->commit({{}, {b.address, Ipv4Address(10, 9, 9, 9)}, {}}).ok());
    QCOMPARE(store->loadLeases(), (QList<Lease>{a, c}));
    QVERIFY(!store->lease(b.address));
    // Within one batch, removals come after upserts.
    QVERIFY(store->commit({{sampleLease(4)}, {sampleLease(4).address}, {}}).ok());
    QCOMPARE(store->loadLeases(), (QList<Lease>{a, c}));
}

void TestLeaseStore::emptyStoreHoldsNothing()
{
    QFETCH(QString, kind);
    OPEN_STORE(store, kind);
    QString error = QStringLiteral("not cleared");
    QVERIFY(store->loadLeases(&error).isEmpty());
    QVERIFY(error.isEmpty());
    QVERIFY(store->history(10, {}, &error).isEmpty());
    QVERIFY(error.isEmpty());
    QByteArray json = "stale";
    qint64 revision = 99;
    QVERIFY(store->loadConfiguration(&json, &revision).ok());
    QVERIFY(json.isEmpty());
    QCOMPARE(revision, qint64(0));
    QVERIFY(!store->setting(QStringLiteral("window")));
    QVERIFY(store->commit({}).ok()); // an empty batch is a no-op
}

void TestLeaseStore::historyIsNewestFirst()
{
    QFETCH(QString, kind);
    OPEN_STORE(store, kind);
    const QByteArray mac("\x02\x00\x00\x00\x00\x01", 6);
    // Committed out of time order (a wall clock set back), with two entries of the same
    // second in separate commits and two in one commit: newest recorded first, whatever the
    // clock said.
    const LeaseHistoryEntry e100 = sampleHistory(1, 100, mac);
    const LeaseHistoryEntry e300a = sampleHistory(2, 300, mac);
    const LeaseHistoryEntry e200 = sampleHistory(3, 200, mac);
    const LeaseHistoryEntry e300b = sampleHistory(4, 300, mac);
    const LeaseHistoryEntry e300c = sampleHistory(5, 300, mac);
    QVERIFY(store->commit({{}, {}, {e100, e300a}}).ok());
    QVERIFY(store->commit({{}, {}, {e200}}).ok());
    QVERIFY(store->commit({{}, {}, {e300b, e300c}}).ok());

    QString error;
    QCOMPARE(store->history(10, {}, &error),
             (QList<LeaseHistoryEntry>{e300c, e300b, e200, e300a, e100}));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(store->history(2), (QList<LeaseHistoryEntry>{e300c, e300b}));
    QCOMPARE(store->history(10, mac, Ipv4Address(198, 18, 1, 3)), (QList<LeaseHistoryEntry>{e200}));
    QVERIFY(store->history(0).isEmpty());
    QVERIFY(store->history(-1).isEmpty());
}

void TestLeaseStore::historyFiltersByClient()
{
    QFETCH(QString, kind);
    OPEN_STORE(store, kind);
    const QByteArray macA("\x02\x00\x00\x00\x00\x0a", 6);
    const QByteArray macB("\x02\x00\x00\x00\x00\x0b", 6);
    QList<LeaseHistoryEntry> all;
    for (int i = 0; i < 10; ++i)
        all.append(sampleHistory(quint32(i), 1000 + i, i % 3 ? macA : macB));
    QVERIFY(store->commit({{}, {}, all}).ok());

    QList<LeaseHistoryEntry> expectedB;
    for (int i = 9; i >= 0; --i)
        if (i % 3 == 0)
            expectedB.append(all[i]);
    QCOMPARE(store->history(100, macB), expectedB);
    QCOMPARE(store->history(2, macB), expectedB.mid(0, 2));
    QCOMPARE(store->history(100, macA).size(), 6);
    QVERIFY(store->history(100, QByteArray("\x02\x00\x00\x00\x00\x0c", 6)).isEmpty());
}

// "What happened to this address": every client that held it, newest first; with a MAC as
// well, only that client's entries of it.
void TestLeaseStore::historyFiltersByAddress()
{
    QFETCH(QString, kind);
    OPEN_STORE(store, kind);
    const QByteArray macA("\x02\x00\x00\x00\x00\x0a", 6);
    const QByteArray macB("\x02\x00\x00\x00\x00\x0b", 6);
    QList<LeaseHistoryEntry> all;
    for (int i = 0; i < 9; ++i) {
        all.append(sampleHistory(quint32(i % 3), 1000 + i, i < 6 ? macA : macB));
    }
    QVERIFY(store->commit({{}, {}, all}).ok());
    const Ipv4Address one(198, 18, 1, 1);
    QString error = QStringLiteral("not cleared");
    QCOMPARE(store->history(100, {}, one, &error),
             (QList<LeaseHistoryEntry>{all[7], all[4], all[1]}));
    QVERIFY(error.isEmpty());
    QCOMPARE(store->history(2, {}, one), (QList<LeaseHistoryEntry>{all[7], all[4]}));
    QCOMPARE(store->history(100, macA, one), (QList<LeaseHistoryEntry>{all[4], all[1]}));
    QVERIFY(store->history(100, {}, Ipv4Address(198, 18, 1, 9)).isEmpty());
    // 0.0.0.0 is "any address", as before.
    QCOMPARE(store->history(100, macB, Ipv4Address()).size(), 3);
}

void TestLeaseStore::configurationRevisions()
{
    QFETCH(QString, kind);
    OPEN_STORE(store, kind);
    QVERIFY(store->saveConfiguration(R"({"scopes": [], "server": {}})", 1).ok());
    QVERIFY(store->saveConfiguration(R"({"scopes": [{"name": "lab"}]})", 2).ok());
    QVERIFY(store->saveConfiguration(R"({"scopes": [{"name": "lab ☂"}]})", 5).ok());
    QByteArray json;
    qint64 revision = 0;
    QVERIFY(store->loadConfiguration(&json, &revision).ok());
    QCOMPARE(revision, qint64(5));
    QCOMPARE(json, QByteArray(R"({"scopes": [{"name": "lab ☂"}]})"));

    // A saved revision is never replaced; the newest stays the highest number.
    const StoreStatus again = store->saveConfiguration("{}", 2);
    QVERIFY(!again.ok());
    QVERIFY2(again.error.contains(QLatin1String("revision 2 is already saved")),
             qPrintable(again.error));
    QVERIFY(store->saveConfiguration("{}", 3).ok());
    QVERIFY(store->loadConfiguration(&json, &revision).ok());
    QCOMPARE(revision, qint64(5));
}

void TestLeaseStore::settings()
{
    QFETCH(QString, kind);
    OPEN_STORE(store, kind);
    QVERIFY(store->setSetting(QStringLiteral("interface"), QStringLiteral("eth1")).ok());
    QVERIFY(store->setSetting(QStringLiteral("empty"), QString()).ok());
    QCOMPARE(store->setting(QStringLiteral("interface")), QStringLiteral("eth1"));
    QVERIFY(store->setSetting(QStringLiteral("interface"), QStringLiteral("veth-ß")).ok());
    QCOMPARE(store->setting(QStringLiteral("interface")), QStringLiteral("veth-ß"));
    const std::optional<QString> empty = store->setting(QStringLiteral("empty"));
    QVERIFY(empty);
    QVERIFY(empty->isEmpty());
    QVERIFY(!store->setting(QStringLiteral("never set")));
}

void TestLeaseStore::memoryStoreFailsTheNextCommitOnly()
{
    MemoryLeaseStore store;
    const Lease kept = sampleLease(1);
    QVERIFY(store.commit({{kept}, {}, {}}).ok());
    store.failNextCommit(QStringLiteral("cannot write to /lab/leases.sqlite: the disk is full"));
    const StoreStatus failed = store.commit(
        {{sampleLease(2)}, {kept.address}, {sampleHistory(1, 10, kept.hardwareAddress)}});
    QVERIFY(!failed.ok());
    QCOMPARE(failed.error, QStringLiteral("cannot write to /lab/leases.sqlite: the disk is full"));
    QCOMPARE(store.loadLeases(), QList<Lease>{kept}); // all or nothing
    QVERIFY(store.history(10).isEmpty());
    QVERIFY(store.commit({{sampleLease(2)}, {}, {}}).ok());
    QCOMPARE(store.loadLeases().size(), 2);
}

// --- the SQLite store on real files --------------------------------------------------------

void TestLeaseStore::sqliteCreatesFileFolderAndSchema()
{
    const QString file = m_dir->filePath(QStringLiteral("new/folder/leases.sqlite"));
    QString error;
    const std::unique_ptr<SqliteLeaseStore> store = SqliteLeaseStore::open(file, &error);
    QVERIFY2(store, qPrintable(error));
    QVERIFY(error.isEmpty());
    QVERIFY(QFileInfo(file).isFile());

    RawSqlite raw(file);
    QCOMPARE(raw.value(QStringLiteral("PRAGMA application_id")).toInt(),
             SqliteSchema::ApplicationId);
    QCOMPARE(raw.value(QStringLiteral("PRAGMA user_version")).toInt(), SqliteSchema::Version);
    QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    for (const QString &table : SqliteSchema::tables())
        QVERIFY2(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = "
                                          "'table' AND name = '%1'")
                               .arg(table))
                         .toInt()
                     == 1,
                 qPrintable(table));
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                      "AND tbl_name = 'lease_history'"))
                 .toInt(),
             2); // by client and (schema 2) by address; schema 3 dropped the one by time
}

void TestLeaseStore::sqliteKeepsEverythingAcrossReopening()
{
    const QList<Lease> leases{sampleLease(1), sampleLease(2, LeaseState::Declined)};
    const QList<LeaseHistoryEntry> history{sampleHistory(1, 50, leases[0].hardwareAddress)};
    {
        OPEN_STORE(store, QStringLiteral("sqlite"));
        QVERIFY(store->commit({leases, {}, history}).ok());
        QVERIFY(store->saveConfiguration("{\"scopes\": []}", 7).ok());
        QVERIFY(store->setSetting(QStringLiteral("k"), QStringLiteral("v")).ok());
    }
    OPEN_STORE(store, QStringLiteral("sqlite"));
    QCOMPARE(store->loadLeases(), leases);
    QCOMPARE(store->history(10), history);
    QByteArray json;
    qint64 revision = 0;
    QVERIFY(store->loadConfiguration(&json, &revision).ok());
    QCOMPARE(revision, qint64(7));
    QCOMPARE(json, QByteArray("{\"scopes\": []}"));
    QCOMPARE(store->setting(QStringLiteral("k")), QStringLiteral("v"));
}

void TestLeaseStore::sqliteKeepsEveryConfigurationRevision()
{
    OPEN_STORE(store, QStringLiteral("sqlite"));
    for (qint64 revision = 1; revision <= 3; ++revision)
        QVERIFY(store->saveConfiguration("{}", revision).ok());
    RawSqlite raw(databaseFile());
    QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM configuration")).toInt(), 3);
    QVERIFY(raw.value(QStringLiteral("SELECT min(saved_at) FROM configuration")).toLongLong() > 0);
}

void TestLeaseStore::sqliteTwoStoresShareOneFile()
{
    // The GUI and the headless server may open the same default database.
    QString error;
    const auto first = SqliteLeaseStore::open(databaseFile(), &error);
    QVERIFY2(first, qPrintable(error));
    const auto second = SqliteLeaseStore::open(databaseFile(), &error);
    QVERIFY2(second, qPrintable(error));
    QVERIFY(first->commit({{sampleLease(1)}, {}, {}}).ok());
    QCOMPARE(second->loadLeases(), QList<Lease>{sampleLease(1)});
    QVERIFY(second->commit({{sampleLease(2)}, {}, {}}).ok());
    QCOMPARE(first->loadLeases().size(), 2);
}

void TestLeaseStore::sqliteOpensPathsWithUriCharacters()
{
    // The read-only check opens the file through a file: URI; '#', '?', '%', spaces and
    // non-ASCII letters must reach SQLite as the same path.
    const QString file = m_dir->filePath(QStringLiteral("a b#c?d%20e ü/leases.sqlite"));
    QVERIFY2(createDatabase(file, 2).isEmpty(), "cannot create the database");
    QString error;
    const std::unique_ptr<SqliteLeaseStore> store = SqliteLeaseStore::open(file, &error);
    QVERIFY2(store, qPrintable(error));
    QCOMPARE(store->loadLeases().size(), 2);
    QCOMPARE(QDir(QFileInfo(file).path()).entryList(QDir::Files).first(),
             QStringLiteral("leases.sqlite"));
}

void TestLeaseStore::sqliteRefusesNewerSchema()
{
    QVERIFY2(createDatabase(databaseFile(), 3).isEmpty(), "cannot create the database");
    {
        RawSqlite newer(databaseFile());
        QVERIFY(newer.exec({QStringLiteral("PRAGMA user_version = 7")}).isEmpty());
    }
    const FileSnapshot before = FileSnapshot::take(databaseFile());
    QString error;
    QVERIFY(!SqliteLeaseStore::open(databaseFile(), &error));
    QVERIFY2(error.contains(databaseFile()
                            + QStringLiteral(" was written by a newer LeaseDesk "
                                             "(schema 7; this build knows up to %1)")
                                  .arg(SqliteSchema::Version)),
             qPrintable(error));
    QCOMPARE(FileSnapshot::take(databaseFile()), before);
}

void TestLeaseStore::sqliteRefusesNewerSchemaInWriteAheadLog()
{
    // A newer LeaseDesk that migrated but has not checkpointed yet: the main file's header
    // still says schema 1, the log says 7. SQLite's view must win.
    QVERIFY2(createDatabase(databaseFile(), 3).isEmpty(), "cannot create the database");
    RawSqlite newer(databaseFile());
    QVERIFY(newer
                .exec({QStringLiteral("PRAGMA wal_autocheckpoint = 0"),
                       QStringLiteral("PRAGMA user_version = 7")})
                .isEmpty());
    const QString wal = databaseFile() + QStringLiteral("-wal");
    const FileSnapshot before = FileSnapshot::take(databaseFile());
    const FileSnapshot walBefore = FileSnapshot::take(wal);
    QVERIFY(!walBefore.bytes.isEmpty());
    QString error;
    QVERIFY(!SqliteLeaseStore::open(databaseFile(), &error));
    QVERIFY2(error.contains(QLatin1String("newer LeaseDesk (schema 7;")), qPrintable(error));
    QCOMPARE(FileSnapshot::take(databaseFile()), before);
    QCOMPARE(FileSnapshot::take(wal), walBefore);
}

void TestLeaseStore::sqliteRefusesFilesThatAreNotLeaseDesk_data()
{
    QTest::addColumn<QString>("maker");
    QTest::addColumn<QString>("expected");
    const QString notOurs = QStringLiteral("is not a LeaseDesk database: it is the SQLite "
                                           "database of another application");
    const QString notSqlite = QStringLiteral("is not a LeaseDesk database: it is not an SQLite "
                                             "database at all");
    QTest::newRow("another application's database") << "other-app" << notOurs;
    QTest::newRow("another application's database with its own id") << "other-app-id" << notOurs;
    QTest::newRow("text file") << "text" << notSqlite;
    QTest::newRow("random bytes") << "noise" << notSqlite;
    QTest::newRow("SQLite magic then noise") << "magic-noise" << QStringLiteral("is damaged");
    QTest::newRow("LeaseDesk header then noise") << "header-noise" << QStringLiteral("is damaged");
    QTest::newRow("cut inside the header") << "short" << QStringLiteral("is damaged");
}

void TestLeaseStore::sqliteRefusesFilesThatAreNotLeaseDesk()
{
    QFETCH(QString, maker);
    QFETCH(QString, expected);
    const QString file = databaseFile();
    const QByteArray magic("SQLite format 3\0", 16);
    if (maker.startsWith(QLatin1String("other-app"))) {
        RawSqlite other(file);
        QStringList sql{QStringLiteral("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"),
                        QStringLiteral("INSERT INTO notes (body) VALUES ('shopping list')")};
        if (maker == QLatin1String("other-app-id")) // Fossil's id, from SQLite's magic.txt
            sql.prepend(QStringLiteral("PRAGMA application_id = 252006674"));
        QVERIFY(other.exec(sql).isEmpty());
    } else if (maker == QLatin1String("text")) {
        QVERIFY(writeFile(
            file,
            QByteArray("subnet 198.18.0.0/16\nrange 198.18.1.1 198.18.1.200\n").repeated(50)));
    } else if (maker == QLatin1String("noise")) {
        QVERIFY(writeFile(file, noise(8192, 1)));
    } else if (maker == QLatin1String("magic-noise")) {
        QByteArray bytes = magic + noise(4080, 2);
        bytes[16] = 3; // page size 0x0300: not a power of two
        bytes[17] = 0;
        QVERIFY(writeFile(file, bytes));
    } else if (maker == QLatin1String("header-noise")) {
        // A header that passes every check of its own, over pages of noise.
        QByteArray bytes = magic + noise(3 * 4096 - 16, 3);
        const auto put32 = [&bytes](int offset, quint32 value) {
            for (int i = 0; i < 4; ++i)
                bytes[offset + i] = char(value >> (24 - 8 * i));
        };
        bytes[16] = 0x10; // page size 4096
        bytes[17] = 0;
        put32(24, 1);
        put32(28, 3); // three pages, valid for change counter 1
        put32(92, 1);
        put32(60, quint32(SqliteSchema::Version));
        put32(68, quint32(SqliteSchema::ApplicationId));
        QVERIFY(writeFile(file, bytes));
    } else {
        QVERIFY(writeFile(file, magic + noise(30, 4)));
    }

    const FileSnapshot before = FileSnapshot::take(file);
    QString error;
    QVERIFY(!SqliteLeaseStore::open(file, &error));
    QVERIFY2(error.startsWith(file + QLatin1Char(' ') + expected), qPrintable(error));
    QCOMPARE(FileSnapshot::take(file), before);
}

void TestLeaseStore::sqliteRefusesTruncatedFile()
{
    const QString file = databaseFile();
    QVERIFY2(createDatabase(file, 3000).isEmpty(), "cannot create the database");
    QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
    QVERIFY(QFile::resize(file, QFileInfo(file).size() / 2));
    const FileSnapshot before = FileSnapshot::take(file);
    QString error;
    QVERIFY(!SqliteLeaseStore::open(file, &error));
    QVERIFY2(error.startsWith(file + QStringLiteral(" is damaged: it is ")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("cut short")), qPrintable(error));
    QCOMPARE(FileSnapshot::take(file), before);
}

void TestLeaseStore::sqliteRefusesOverwrittenPage_data()
{
    QTest::addColumn<int>("offset"); // in the page in the middle of the file
    QTest::addColumn<int>("length");
    QTest::addColumn<QString>("expected");
    // The b-tree page header: SQLite fails as soon as it reads the page.
    QTest::newRow("page header") << 0 << 512 << QStringLiteral("SQLite reports");
    // The cell pointers just after it: pages still parse, only the integrity check notices
    // that cells point outside their page.
    QTest::newRow("cell pointers") << 8 << 64 << QStringLiteral("SQLite's integrity check");
}

void TestLeaseStore::sqliteRefusesOverwrittenPage()
{
    // Bytes overwritten in the middle: the file header is fine, only SQLite sees the damage.
    QFETCH(int, offset);
    QFETCH(int, length);
    QFETCH(QString, expected);
    const QString file = databaseFile();
    QVERIFY2(createDatabase(file, 3000).isEmpty(), "cannot create the database");
    QFile f(file);
    QVERIFY(f.open(QIODevice::ReadWrite));
    QVERIFY(f.seek((f.size() / 2) / 4096 * 4096 + offset));
    QCOMPARE(f.write(noise(length, 5)), length);
    f.close();
    const FileSnapshot before = FileSnapshot::take(file);
    QString error;
    QVERIFY(!SqliteLeaseStore::open(file, &error));
    QVERIFY2(error.startsWith(file + QStringLiteral(" is damaged: ") + expected),
             qPrintable(error));
    QCOMPARE(FileSnapshot::take(file), before);
}

void TestLeaseStore::sqliteRefusesLeftoverLogWithoutDatabase()
{
    const QString wal = databaseFile() + QStringLiteral("-wal");
    QVERIFY(writeFile(wal, noise(4096, 6)));
    const FileSnapshot before = FileSnapshot::take(wal);
    QString error;
    QVERIFY(!SqliteLeaseStore::open(databaseFile(), &error));
    QVERIFY2(error.contains(QLatin1String("write-ahead log")), qPrintable(error));
    QVERIFY(!QFile::exists(databaseFile()));
    QCOMPARE(FileSnapshot::take(wal), before);
}

// --- read-only and full file systems -------------------------------------------------------

void TestLeaseStore::sqliteRefusesDatabaseOnReadOnlyMount()
{
    QString mountPoint, why;
    const std::unique_ptr<TmpfsMount> tmpfs = scratchMount(4096, &mountPoint, &why);
    SKIP_WITHOUT(tmpfs, why);
    const QString file = mountPoint + QStringLiteral("/leases.sqlite");
    QVERIFY2(createDatabase(file, 5).isEmpty(), "cannot create the database");
    why = tmpfs->remountReadOnly();
    QVERIFY2(why.isEmpty(), qPrintable(why));

    const FileSnapshot before = FileSnapshot::take(file);
    QString error;
    QVERIFY(!SqliteLeaseStore::open(file, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot write to ") + file), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("Read-only file system")), qPrintable(error));
    QCOMPARE(FileSnapshot::take(file), before);
}

void TestLeaseStore::sqliteCannotCreateOnReadOnlyMount()
{
    QString mountPoint, why;
    const std::unique_ptr<TmpfsMount> tmpfs = scratchMount(1024, &mountPoint, &why);
    SKIP_WITHOUT(tmpfs, why);
    why = tmpfs->remountReadOnly();
    QVERIFY2(why.isEmpty(), qPrintable(why));

    QString error;
    QVERIFY(!SqliteLeaseStore::open(mountPoint + QStringLiteral("/leases.sqlite"), &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot write in the folder ") + mountPoint),
             qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("Read-only file system")), qPrintable(error));
    QVERIFY(!SqliteLeaseStore::open(mountPoint + QStringLiteral("/sub/leases.sqlite"), &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot create the folder ")), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("Read-only file system")), qPrintable(error));
    QVERIFY(QDir(mountPoint).isEmpty());
}

void TestLeaseStore::sqliteRefusesImmutableFile()
{
    QString mountPoint, why;
    const std::unique_ptr<TmpfsMount> tmpfs = scratchMount(4096, &mountPoint, &why);
    SKIP_WITHOUT(tmpfs, why);
    const QString file = mountPoint + QStringLiteral("/leases.sqlite");
    QVERIFY2(createDatabase(file, 5).isEmpty(), "cannot create the database");
    const std::unique_ptr<ImmutableFile> immutable = ImmutableFile::set(file, &why);
    if (!immutable)
        QSKIP(qPrintable(QStringLiteral("this kernel's tmpfs has no immutable flag: ") + why));

    const FileSnapshot before = FileSnapshot::take(file);
    QString error;
    QVERIFY(!SqliteLeaseStore::open(file, &error));
    QVERIFY2(error.startsWith(QStringLiteral("cannot write to ") + file), qPrintable(error));
    QVERIFY2(error.contains(QLatin1String("Operation not permitted")), qPrintable(error));
    QCOMPARE(FileSnapshot::take(file), before);
}

void TestLeaseStore::sqliteCommitFailsWhenFilesBecomeImmutable()
{
    // On the temporary folder's own file system, not a scratch tmpfs: tmpfs checks the
    // immutable flag only when a file is opened, and the store's files are open already.
    const QString folder = m_dir->filePath(QStringLiteral("immutable"));
    QVERIFY(QDir().mkpath(folder));
    if (const QString why = ImmutableFile::blocksOpenDescriptors(folder); !why.isEmpty())
        QSKIP(qPrintable(QStringLiteral("needs root and a file system that enforces the "
                                        "immutable flag on open files (%1)")
                             .arg(why)));
    const QString file = folder + QStringLiteral("/leases.sqlite");
    QString error, why;
    const std::unique_ptr<SqliteLeaseStore> store = SqliteLeaseStore::open(file, &error);
    QVERIFY2(store, qPrintable(error));
    QVERIFY(store->commit({{sampleLease(1)}, {}, {}}).ok());

    // A commit appends to the write-ahead log; lock both files as a disk turning read-only
    // under a running server would. Declared after the store, so they are cleared before it
    // closes, also when a check below fails.
    auto lockedDatabase = ImmutableFile::set(file, &why);
    QVERIFY2(lockedDatabase, qPrintable(why));
    auto lockedLog = ImmutableFile::set(file + QStringLiteral("-wal"), &why);
    QVERIFY2(lockedLog, qPrintable(why));
    const StoreStatus failed =
        store->commit({{sampleLease(2)}, {}, {sampleHistory(2, 10, QByteArray("\x02", 1))}});
    QVERIFY(!failed.ok());
    QVERIFY2(failed.error.startsWith(QStringLiteral("cannot write to ") + file),
             qPrintable(failed.error));
    QCOMPARE(store->loadLeases(&error), QList<Lease>{sampleLease(1)});
    QVERIFY(store->history(10).isEmpty());

    // Writable again: the store recovers without being reopened.
    lockedLog.reset();
    lockedDatabase.reset();
    const StoreStatus retried = store->commit({{sampleLease(3)}, {}, {}});
    QVERIFY2(retried.ok(), qPrintable(retried.error));
    QCOMPARE(store->loadLeases(), (QList<Lease>{sampleLease(1), sampleLease(3)}));
}

void TestLeaseStore::sqliteCommitFailsOnFullDisk()
{
    QString mountPoint, why;
    const std::unique_ptr<TmpfsMount> tmpfs = scratchMount(512, &mountPoint, &why);
    SKIP_WITHOUT(tmpfs, why);
    const QString file = mountPoint + QStringLiteral("/leases.sqlite");
    QList<Lease> kept;
    for (quint32 i = 0; i < 20; ++i)
        kept.append(sampleLease(i));
    {
        QString error;
        const std::unique_ptr<SqliteLeaseStore> store = SqliteLeaseStore::open(file, &error);
        QVERIFY2(store, qPrintable(error));
        QVERIFY(store->commit({kept, {}, {}}).ok());

        LeaseBatch tooBig; // about 2 MB of leases for a 512 KiB disk
        for (quint32 i = 100; i < 6100; ++i) {
            Lease lease = sampleLease(i);
            lease.detail = QString(300, QLatin1Char('x'));
            tooBig.upserts.append(lease);
        }
        const StoreStatus failed = store->commit(tooBig);
        QVERIFY(!failed.ok());
        QVERIFY2(failed.error.startsWith(QStringLiteral("cannot write to ") + file
                                         + QStringLiteral(": the disk is full")),
                 qPrintable(failed.error));
        QCOMPARE(store->loadLeases(&error), kept);
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    // And after closing on a full disk, the file opens again with the same leases.
    QString error;
    const std::unique_ptr<SqliteLeaseStore> reopened = SqliteLeaseStore::open(file, &error);
    QVERIFY2(reopened, qPrintable(error));
    QCOMPARE(reopened->loadLeases(&error), kept);
}

QTEST_GUILESS_MAIN(TestLeaseStore)
#include "tst_leasestore.moc"
