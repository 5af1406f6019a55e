#include "core/sqliteleasestore.h"

#include "core/datapaths.h"
#include "core/sqliteconnection.h"
#include "core/sqlitefileinspector.h"
#include "core/sqliterows.h"
#include "core/sqliteschema.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <array>

namespace leasedesk {

struct SqliteLeaseStore::Statements
{
    // The group commit's, native (SqliteStatement): they run for every lease and history row.
    SqliteStatement begin;
    SqliteStatement commit;
    SqliteStatement rollback;
    SqliteStatement upsert;
    SqliteStatement remove;
    SqliteStatement addHistory;
    QSqlQuery addSample;
    QSqlQuery removeScopes;
    QSqlQuery addScope;
    QSqlQuery addEvent;
};

using namespace sqliterows;

namespace {

QString nearestExistingFolder(const QString &path)
{
    QDir dir(QFileInfo(path).absolutePath());
    while (!dir.exists() && !dir.isRoot())
        dir.setPath(QFileInfo(dir.path()).absolutePath());
    return dir.path();
}

void setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
}

} // namespace

// --- opening -------------------------------------------------------------------------------

SqliteLeaseStore::SqliteLeaseStore(QString file) : m_file(std::move(file))
{ }

SqliteLeaseStore::~SqliteLeaseStore()
{
    // Queries first: a connection cannot be removed while a query still uses it.
    m_statements.reset();
    m_connection.reset();
}

std::unique_ptr<SqliteLeaseStore> SqliteLeaseStore::open(const QString &file, QString *error)
{
    std::unique_ptr<SqliteLeaseStore> store(
        new SqliteLeaseStore(QFileInfo(file).absoluteFilePath()));
    const QString why = store->openFile();
    setError(error, why);
    if (!why.isEmpty())
        return nullptr;
    return store;
}

QString SqliteLeaseStore::connectionName(const char *purpose) const
{
    // The address of a live object is unique among live objects, and the connection goes
    // with the object: no counter or other shared state is needed.
    return QStringLiteral("leasedesk-%1-%2").arg(QLatin1String(purpose)).arg(quintptr(this), 0, 16);
}

QString SqliteLeaseStore::openFile()
{
    const QFileInfo info(m_file);
    const QString wal = m_file + QStringLiteral("-wal");
    const bool walPresent = QFileInfo::exists(wal);
    if (info.exists() && !info.isFile())
        return QStringLiteral("%1 is not a file, so it cannot hold the lease database.")
            .arg(m_file);

    if (info.exists() && info.size() > 0) {
        if (QString why = SqliteFileInspector::inspect(m_file, connectionName("check"));
            !why.isEmpty())
            return why;
    } else if (walPresent && QFileInfo(wal).size() > 0) {
        // SQLite would replay a leftover log into a new, empty file: refuse rather than
        // guess (https://www.sqlite.org/howtocorrupt.html, "Deleting a hot journal").
        return QStringLiteral("%1 is missing or empty but its write-ahead log %2 is still there; "
                              "LeaseDesk will not start a new database beside it. Restore the "
                              "database, or move both files aside.")
            .arg(m_file, wal);
    } else if (const QString why = DataPaths::ensureFolderFor(m_file); !why.isEmpty()) {
        const QString reason = SqliteFileInspector::whyNotWritable(nearestExistingFolder(m_file));
        return reason.isEmpty() ? why : QStringLiteral("%1: %2").arg(why, reason);
    }

    // The write-ahead log and its index live beside the database file.
    const QString folder = info.absolutePath();
    if (const QString reason = SqliteFileInspector::whyNotWritable(folder); !reason.isEmpty())
        return QStringLiteral("cannot write in the folder %1, where %2 and its write-ahead log "
                              "must be: %3")
            .arg(folder, info.fileName(), reason);

    if (QString why = openReadWrite(); !why.isEmpty())
        return why;
    if (QString why = migrate(); !why.isEmpty())
        return why;
    return prepareStatements();
}

QString SqliteLeaseStore::openReadWrite()
{
    // The GUI and the headless server may share the file; a writer waits up to five seconds
    // for the other instead of failing at once.
    m_connection = std::make_unique<SqliteConnection>(connectionName("store"), m_file,
                                                      QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000"));
    if (!m_connection->isDriverAvailable())
        return QStringLiteral("cannot open %1: Qt's SQLite driver (QSQLITE) is not installed")
            .arg(m_file);
    if (!m_connection->open())
        return failure(QStringLiteral("open"), m_connection->lastError());

    QSqlQuery query = m_connection->query();
    // WAL: readers never block the writer, and a commit appends to one file
    // (https://www.sqlite.org/wal.html). The mode is stored in the file; the answer is the
    // mode now in force.
    if (!query.exec(QStringLiteral("PRAGMA journal_mode = WAL")) || !query.next())
        return failure(QStringLiteral("open"), query.lastError());
    if (query.value(0).toString().compare(QStringLiteral("wal"), Qt::CaseInsensitive) != 0)
        return QStringLiteral("cannot open %1: SQLite refused write-ahead logging (journal mode "
                              "stays %2)")
            .arg(m_file, query.value(0).toString());
    // FULL makes every commit durable before commit() returns, which the engine relies on
    // before sending an ACK (design.md); NORMAL in WAL mode could lose the last commits on
    // power loss (https://www.sqlite.org/pragma.html#pragma_synchronous).
    for (const char *pragma : {"PRAGMA synchronous = FULL", "PRAGMA foreign_keys = ON"}) {
        if (!query.exec(QLatin1String(pragma)))
            return failure(QStringLiteral("open"), query.lastError());
    }
    return {};
}

QString SqliteLeaseStore::migrate()
{
    QSqlQuery query = m_connection->query();
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return failure(QStringLiteral("read"), query.lastError());
    const int version = query.value(0).toInt();
    query.finish();
    if (version > SqliteSchema::Version) // another, newer process got there first
        return SqliteFileInspector::newerSchema(m_file, version);
    for (const SqliteSchema::Migration &step : SqliteSchema::migrations()) {
        if (step.from < version)
            continue;
        if (const QString why = migrateStep(step.from, step.statements); !why.isEmpty())
            return why;
    }
    return {};
}

QString SqliteLeaseStore::migrateStep(int from, const QStringList &statements)
{
    QSqlQuery query = m_connection->query();
    const auto fail = [&](const QSqlError &error) {
        const QString why = QStringLiteral("cannot bring %1 up to schema %2: %3")
                                .arg(m_file)
                                .arg(from + 1)
                                .arg(SqliteConnection::describe(error));
        query.exec(QStringLiteral("ROLLBACK"));
        return why;
    };
    // IMMEDIATE takes the write lock before reading the version, so two processes opening
    // an old file at once migrate it once.
    if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return fail(query.lastError());
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return fail(query.lastError());
    if (query.value(0).toInt() != from) { // done meanwhile by another process
        query.finish();
        query.exec(QStringLiteral("ROLLBACK"));
        return {};
    }
    query.finish();
    QStringList all = statements;
    if (from == 0)
        all.append(QStringLiteral("PRAGMA application_id = %1").arg(SqliteSchema::ApplicationId));
    all.append(QStringLiteral("PRAGMA user_version = %1").arg(from + 1));
    all.append(QStringLiteral("COMMIT"));
    for (const QString &sql : std::as_const(all)) {
        if (!query.exec(sql))
            return fail(query.lastError());
    }
    return {};
}

QString SqliteLeaseStore::prepareStatements()
{
    auto statements = std::make_unique<Statements>();
    sqlite3 *db = m_connection->handle();
    QSqlQuery library = m_connection->query();
    if (!db || !library.exec(QStringLiteral("SELECT sqlite_source_id()")) || !library.next()
        || library.value(0).toString() != SqliteStatement::librarySourceId())
        return QStringLiteral("cannot write %1: Qt's SQLite driver does not use the system's "
                              "SQLite library (%2), which LeaseDesk's lease commits call")
            .arg(m_file, SqliteStatement::librarySourceId());
    const QByteArray upsert =
        QStringLiteral("INSERT INTO leases (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                       " ON CONFLICT (address) DO UPDATE SET"
                       " hardware_address = excluded.hardware_address,"
                       " client_id = excluded.client_id, hostname = excluded.hostname,"
                       " scope = excluded.scope, state = excluded.state,"
                       " \"start\" = excluded.\"start\", \"end\" = excluded.\"end\","
                       " last_seen = excluded.last_seen, detail = excluded.detail")
            .arg(QLatin1String(LeaseColumns))
            .toUtf8();
    const QByteArray addHistory =
        QStringLiteral("INSERT INTO lease_history (%1) VALUES (?, ?, ?, ?, ?, ?, ?)")
            .arg(QLatin1String(HistoryColumns))
            .toUtf8();
    // IMMEDIATE: take the write lock at once, so a second writer waits there (busy timeout)
    // rather than failing half-way through the batch.
    for (auto [statement, sql] :
         {std::pair{&statements->begin, "BEGIN IMMEDIATE"},
          std::pair{&statements->commit, "COMMIT"}, std::pair{&statements->rollback, "ROLLBACK"},
          std::pair{&statements->upsert, upsert.constData()},
          std::pair{&statements->remove, "DELETE FROM leases WHERE address = ?"},
          std::pair{&statements->addHistory, addHistory.constData()}}) {
        if (const QString why = statement->prepare(db, sql); !why.isEmpty())
            return QStringLiteral("cannot prepare statements for %1: %2").arg(m_file, why);
    }
    statements->addSample = m_connection->query();
    statements->removeScopes = m_connection->query();
    statements->addScope = m_connection->query();
    statements->addEvent = m_connection->query();
    const bool prepared =
        statements->addSample.prepare(
            QStringLiteral("INSERT OR REPLACE INTO statistics_samples (resolution, %1)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .arg(QLatin1String(SampleColumns)))
        && statements->removeScopes.prepare(
            QStringLiteral("DELETE FROM scope_samples WHERE resolution = ? AND time = ?"))
        && statements->addScope.prepare(
            QStringLiteral("INSERT INTO scope_samples (resolution, time, position, %1)"
                           " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .arg(QLatin1String(ScopeColumns)))
        && statements->addEvent.prepare(
            QStringLiteral("INSERT INTO events (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .arg(QLatin1String(EventColumns)));
    if (!prepared) {
        for (const QSqlQuery *q : {&statements->addSample, &statements->removeScopes,
                                   &statements->addScope, &statements->addEvent})
            if (q->lastError().isValid())
                return failure(QStringLiteral("prepare statements for"), q->lastError());
    }
    m_statements = std::move(statements);
    return {};
}

QString SqliteLeaseStore::failure(const QString &doing, const QSqlError &error) const
{
    return QStringLiteral("cannot %1 %2: %3").arg(doing, m_file, SqliteConnection::describe(error));
}

QString SqliteLeaseStore::nativeFailure(const QString &doing, const SqliteStatement &failed) const
{
    return QStringLiteral("cannot %1 %2: %3")
        .arg(doing, m_file, SqliteConnection::describe(failed.code(), failed.message()));
}

// --- leases --------------------------------------------------------------------------------

StoreStatus SqliteLeaseStore::commit(const LeaseBatch &batch)
{
    if (batch.isEmpty())
        return StoreStatus::success();
    const QString why = commitInTransaction(batch);
    return why.isEmpty() ? StoreStatus::success() : StoreStatus::failure(why);
}

QString SqliteLeaseStore::inTransaction(const QString &doing, const std::function<QString()> &work)
{
    if (m_statements->begin.run() != 0)
        return nativeFailure(doing, m_statements->begin);
    QString why = work();
    // With synchronous=FULL, COMMIT returns only after the log is on disk; when it fails,
    // nothing of the batch is visible.
    if (why.isEmpty() && m_statements->commit.run() != 0)
        why = nativeFailure(doing, m_statements->commit);
    // After some I/O errors SQLite has already rolled back; then ROLLBACK itself fails with
    // "no transaction is active", which changes nothing.
    if (!why.isEmpty())
        m_statements->rollback.run();
    return why;
}

QString SqliteLeaseStore::commitInTransaction(const LeaseBatch &batch)
{
    const QString doing = QStringLiteral("write to");
    return inTransaction(doing, [&]() -> QString {
        SqliteStatement &upsert = m_statements->upsert;
        for (const Lease &lease : batch.upserts) {
            bindLease(upsert, lease);
            if (upsert.run() != 0)
                return nativeFailure(doing, upsert);
        }
        SqliteStatement &remove = m_statements->remove;
        for (const Ipv4Address address : batch.removals) {
            remove.bind(0, qint64(address.toUint32()));
            if (remove.run() != 0)
                return nativeFailure(doing, remove);
        }
        SqliteStatement &addHistory = m_statements->addHistory;
        for (const LeaseHistoryEntry &entry : batch.history) {
            bindHistory(addHistory, entry);
            if (addHistory.run() != 0)
                return nativeFailure(doing, addHistory);
        }
        return {};
    });
}

QList<Lease> SqliteLeaseStore::loadLeases(QString *error) const
{
    setError(error, {});
    QSqlQuery query = m_connection->query();
    // The rowid order is the address order and needs no sort.
    if (!query.exec(QStringLiteral("SELECT %1 FROM leases ORDER BY address")
                        .arg(QLatin1String(LeaseColumns)))) {
        setError(error, failure(QStringLiteral("read the leases in"), query.lastError()));
        return {};
    }
    QList<Lease> leases;
    QString previousScope;
    while (query.next()) {
        Lease lease;
        if (const QString why = leaseFromRow(query, &lease); !why.isEmpty()) {
            setError(error, QStringLiteral("cannot read the leases in %1: %2").arg(m_file, why));
            return {};
        }
        // A lab has a handful of scopes and many leases: share one copy of each name
        // (QString is implicitly shared) instead of keeping one per lease.
        if (lease.scope == previousScope)
            lease.scope = previousScope;
        else
            previousScope = lease.scope;
        leases.append(std::move(lease));
    }
    if (query.lastError().isValid()) { // next() also ends on an error
        setError(error, failure(QStringLiteral("read the leases in"), query.lastError()));
        return {};
    }
    return leases;
}

std::optional<Lease> SqliteLeaseStore::lease(Ipv4Address address, QString *error) const
{
    setError(error, {});
    QSqlQuery query = m_connection->query();
    query.prepare(
        QStringLiteral("SELECT %1 FROM leases WHERE address = ?").arg(QLatin1String(LeaseColumns)));
    query.bindValue(0, qint64(address.toUint32()));
    if (!query.exec()) {
        setError(error, failure(QStringLiteral("read a lease in"), query.lastError()));
        return std::nullopt;
    }
    if (!query.next()) {
        if (query.lastError().isValid())
            setError(error, failure(QStringLiteral("read a lease in"), query.lastError()));
        return std::nullopt;
    }
    Lease lease;
    if (const QString why = leaseFromRow(query, &lease); !why.isEmpty()) {
        setError(error, QStringLiteral("cannot read a lease in %1: %2").arg(m_file, why));
        return std::nullopt;
    }
    return lease;
}

QList<LeaseHistoryEntry> SqliteLeaseStore::history(int limit, const QByteArray &hardwareAddress,
                                                   Ipv4Address address, QString *error) const
{
    setError(error, {});
    if (limit <= 0)
        return {};
    QStringList conditions;
    if (!hardwareAddress.isEmpty())
        conditions.append(QStringLiteral("hardware_address = ?"));
    if (!address.isZero())
        conditions.append(QStringLiteral("address = ?"));
    const QString filter = conditions.isEmpty()
        ? QString()
        : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    // Newest recorded first (schema 3): the rowid order. A client's or an address's entries
    // are found through their index and are few enough to sort.
    QSqlQuery query = m_connection->query();
    query.prepare(QStringLiteral("SELECT %1 FROM lease_history%2 ORDER BY id DESC LIMIT ?")
                      .arg(QLatin1String(HistoryColumns), filter));
    int next = 0;
    if (!hardwareAddress.isEmpty())
        query.bindValue(next++, hardwareAddress);
    if (!address.isZero())
        query.bindValue(next++, qint64(address.toUint32()));
    query.bindValue(next, limit);
    QList<LeaseHistoryEntry> entries;
    if (!query.exec()) {
        setError(error, failure(QStringLiteral("read the history in"), query.lastError()));
        return {};
    }
    LeaseHistoryEntry entry;
    while (query.next()) {
        if (const QString why = historyFromRow(query, &entry); !why.isEmpty()) {
            setError(error, QStringLiteral("cannot read the history in %1: %2").arg(m_file, why));
            return {};
        }
        entries.append(entry);
    }
    if (query.lastError().isValid()) {
        setError(error, failure(QStringLiteral("read the history in"), query.lastError()));
        return {};
    }
    return entries;
}

// --- configuration and settings ------------------------------------------------------------

StoreStatus SqliteLeaseStore::saveConfiguration(const QByteArray &json, qint64 revision)
{
    QSqlQuery query = m_connection->query();
    query.prepare(
        QStringLiteral("INSERT INTO configuration (revision, saved_at, json) VALUES (?, ?, ?)"));
    query.bindValue(0, revision);
    query.bindValue(1, QDateTime::currentSecsSinceEpoch());
    // Stored as text so that the sqlite3 shell shows it; a null QString would bind NULL.
    const QString text = QString::fromUtf8(json);
    query.bindValue(2, text.isNull() ? QStringLiteral("") : text);
    if (query.exec())
        return StoreStatus::success();
    if (SqliteConnection::primaryCode(query.lastError()) == SqliteConnection::Constraint)
        return StoreStatus::failure(QStringLiteral("configuration revision %1 is already saved in "
                                                   "%2; a saved revision is never replaced")
                                        .arg(revision)
                                        .arg(m_file));
    return StoreStatus::failure(
        failure(QStringLiteral("save the configuration in"), query.lastError()));
}

StoreStatus SqliteLeaseStore::loadConfiguration(QByteArray *json, qint64 *revision) const
{
    *json = {};
    *revision = 0;
    QSqlQuery query = m_connection->query();
    if (!query.exec(QStringLiteral(
            "SELECT revision, json FROM configuration ORDER BY revision DESC LIMIT 1")))
        return StoreStatus::failure(
            failure(QStringLiteral("read the configuration in"), query.lastError()));
    if (query.next()) {
        *revision = query.value(0).toLongLong();
        *json = query.value(1).toString().toUtf8();
    } else if (query.lastError().isValid()) {
        return StoreStatus::failure(
            failure(QStringLiteral("read the configuration in"), query.lastError()));
    }
    return StoreStatus::success();
}

StoreStatus SqliteLeaseStore::setSetting(const QString &key, const QString &value)
{
    QSqlQuery query = m_connection->query();
    query.prepare(QStringLiteral("INSERT INTO settings (key, value) VALUES (?, ?)"
                                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value"));
    query.bindValue(0, key);
    query.bindValue(1, value.isNull() ? QStringLiteral("") : value);
    if (query.exec())
        return StoreStatus::success();
    return StoreStatus::failure(failure(QStringLiteral("save a setting in"), query.lastError()));
}

std::optional<QString> SqliteLeaseStore::setting(const QString &key) const
{
    QSqlQuery query = m_connection->query();
    query.prepare(QStringLiteral("SELECT value FROM settings WHERE key = ?"));
    query.bindValue(0, key);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return query.value(0).toString();
}

// --- statistics and events -----------------------------------------------------------------

StoreStatus SqliteLeaseStore::appendSample(SampleResolution resolution,
                                           const StatisticsSample &sample)
{
    const QString why = inTransaction(QStringLiteral("write statistics to"),
                                      [&] { return writeSample(resolution, sample); });
    return why.isEmpty() ? StoreStatus::success() : StoreStatus::failure(why);
}

QString SqliteLeaseStore::writeSample(SampleResolution resolution, const StatisticsSample &sample)
{
    const QString doing = QStringLiteral("write statistics to");
    QSqlQuery &add = m_statements->addSample;
    add.bindValue(0, int(resolution));
    add.bindValue(1, sample.timeS);
    add.bindValue(2, sample.seconds);
    int column = 3;
    for (const quint32 *count : TrafficCounts::fields(sample.traffic))
        add.bindValue(column++, qint64(*count));
    if (!add.exec())
        return failure(doing, add.lastError());
    // A replaced sample may have had other scopes: its old rows go first.
    QSqlQuery &remove = m_statements->removeScopes;
    remove.bindValue(0, int(resolution));
    remove.bindValue(1, sample.timeS);
    if (!remove.exec())
        return failure(doing, remove.lastError());
    QSqlQuery &scope = m_statements->addScope;
    for (qsizetype i = 0; i < sample.scopes.size(); ++i) {
        const ScopeUtilization &u = sample.scopes[i];
        scope.bindValue(0, int(resolution));
        scope.bindValue(1, sample.timeS);
        scope.bindValue(2, qint64(i));
        scope.bindValue(3, u.scope.isNull() ? QStringLiteral("") : u.scope);
        column = 4;
        for (const quint32 *count : scopeFields(u))
            scope.bindValue(column++, qint64(*count));
        if (!scope.exec())
            return failure(doing, scope.lastError());
    }
    return {};
}

QList<StatisticsSample> SqliteLeaseStore::samples(SampleResolution resolution, qint64 fromS,
                                                  qint64 toS, QString *error, qint64 strideS) const
{
    setError(error, {});
    // One statement, so that the traffic and the scopes come from one snapshot even while
    // another process writes. A sample without scopes gives one row of NULL scope columns.
    QSqlQuery query = m_connection->query();
    query.prepare(QStringLiteral("SELECT s.time, s.seconds, s.discover, s.offer, s.request,"
                                 " s.decline, s.ack, s.nak, s.\"release\", s.inform, c.scope,"
                                 " c.total, c.free, c.offered, c.bound, c.reserved, c.quarantined"
                                 " FROM statistics_samples s LEFT JOIN scope_samples c"
                                 " ON c.resolution = s.resolution AND c.time = s.time"
                                 " WHERE s.resolution = ? AND s.time >= ? AND s.time < ?"
                                 " AND s.time % ? = 0"
                                 " ORDER BY s.time, c.position"));
    query.bindValue(0, int(resolution));
    query.bindValue(1, fromS);
    query.bindValue(2, toS);
    query.bindValue(3, strideS > 0 ? strideS : 1);
    const QString doing = QStringLiteral("read the statistics in");
    if (!query.exec()) {
        setError(error, failure(doing, query.lastError()));
        return {};
    }
    QList<StatisticsSample> found;
    while (query.next()) {
        const qint64 time = query.value(0).toLongLong();
        if (found.isEmpty() || found.last().timeS != time) {
            StatisticsSample &sample = found.emplace_back();
            sample.timeS = time;
            sample.seconds = query.value(1).toInt();
            int column = 2;
            for (quint32 *count : TrafficCounts::fields(sample.traffic))
                *count = query.value(column++).toUInt();
        }
        if (query.isNull(10))
            continue;
        ScopeUtilization &u = found.last().scopes.emplace_back();
        u.scope = query.value(10).toString();
        int column = 11;
        for (quint32 *count : scopeFields(u))
            *count = query.value(column++).toUInt();
    }
    if (query.lastError().isValid()) {
        setError(error, failure(doing, query.lastError()));
        return {};
    }
    return found;
}

qint64 SqliteLeaseStore::newestSampleTime(SampleResolution resolution, QString *error) const
{
    return sampleTime("max", resolution, error);
}

qint64 SqliteLeaseStore::oldestSampleTime(SampleResolution resolution, QString *error) const
{
    return sampleTime("min", resolution, error);
}

qint64 SqliteLeaseStore::sampleTime(const char *aggregate, SampleResolution resolution,
                                    QString *error) const
{
    setError(error, {});
    QSqlQuery query = m_connection->query();
    query.prepare(QStringLiteral("SELECT %1(time) FROM statistics_samples WHERE resolution = ?")
                      .arg(QLatin1String(aggregate)));
    query.bindValue(0, int(resolution));
    if (!query.exec() || !query.next()) {
        setError(error, failure(QStringLiteral("read the statistics in"), query.lastError()));
        return 0;
    }
    return query.value(0).toLongLong(); // NULL, so 0, when there is none
}

StoreStatus SqliteLeaseStore::removeSamplesBefore(SampleResolution resolution, qint64 beforeS)
{
    const QString doing = QStringLiteral("remove old statistics from");
    const QString why = inTransaction(doing, [&]() -> QString {
        QSqlQuery query = m_connection->query();
        for (const char *table : {"statistics_samples", "scope_samples"}) {
            query.prepare(QStringLiteral("DELETE FROM %1 WHERE resolution = ? AND time < ?")
                              .arg(QLatin1String(table)));
            query.bindValue(0, int(resolution));
            query.bindValue(1, beforeS);
            if (!query.exec())
                return failure(doing, query.lastError());
        }
        return {};
    });
    return why.isEmpty() ? StoreStatus::success() : StoreStatus::failure(why);
}

StoreStatus SqliteLeaseStore::appendEvent(const NetworkEvent &event)
{
    bindEvent(m_statements->addEvent, event);
    if (m_statements->addEvent.exec())
        return StoreStatus::success();
    return StoreStatus::failure(
        failure(QStringLiteral("write an event to"), m_statements->addEvent.lastError()));
}

QList<NetworkEvent> SqliteLeaseStore::events(int limit, QString *error) const
{
    setError(error, {});
    if (limit <= 0)
        return {};
    QSqlQuery query = m_connection->query();
    // id breaks ties between events of the same millisecond: the later one is newer.
    query.prepare(QStringLiteral("SELECT %1 FROM events ORDER BY time_ms DESC, id DESC LIMIT ?")
                      .arg(QLatin1String(EventColumns)));
    query.bindValue(0, limit);
    const QString doing = QStringLiteral("read the events in");
    if (!query.exec()) {
        setError(error, failure(doing, query.lastError()));
        return {};
    }
    QList<NetworkEvent> found;
    while (query.next()) {
        NetworkEvent event;
        if (const QString why = eventFromRow(query, &event); !why.isEmpty()) {
            setError(error, QStringLiteral("cannot read the events in %1: %2").arg(m_file, why));
            return {};
        }
        found.append(event);
    }
    if (query.lastError().isValid()) {
        setError(error, failure(doing, query.lastError()));
        return {};
    }
    return found;
}

StoreStatus SqliteLeaseStore::removeEventsBefore(qint64 beforeMs)
{
    QSqlQuery query = m_connection->query();
    query.prepare(QStringLiteral("DELETE FROM events WHERE time_ms < ?"));
    query.bindValue(0, beforeMs);
    if (query.exec())
        return StoreStatus::success();
    return StoreStatus::failure(
        failure(QStringLiteral("remove old events from"), query.lastError()));
}

} // namespace leasedesk
