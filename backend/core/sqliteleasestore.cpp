#include "core/sqliteleasestore.h"

#include "core/datapaths.h"
#include "core/sqliteconnection.h"
#include "core/sqlitefileinspector.h"
#include "core/sqliteschema.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace leasedesk {

struct SqliteLeaseStore::Statements
{
    QSqlQuery upsert;
    QSqlQuery remove;
    QSqlQuery addHistory;
};

namespace {

constexpr auto LeaseColumns = "address, hardware_address, client_id, hostname, scope, state, "
                              "\"start\", \"end\", last_seen, detail";
constexpr auto HistoryColumns =
    "\"when\", address, hardware_address, client_id, from_state, to_state, reason";

QString nearestExistingFolder(const QString &path)
{
    QDir dir(QFileInfo(path).absolutePath());
    while (!dir.exists() && !dir.isRoot())
        dir.setPath(QFileInfo(dir.path()).absolutePath());
    return dir.path();
}

QString addressText(quint32 address)
{
    return QString::fromStdString(Ipv4Address(address).toString());
}

void bindLease(QSqlQuery &query, const Lease &lease)
{
    query.bindValue(0, qint64(lease.address.toUint32()));
    query.bindValue(1, lease.hardwareAddress);
    query.bindValue(2, lease.clientId);
    query.bindValue(3, lease.hostname);
    query.bindValue(4, lease.scope);
    query.bindValue(5, leaseStateName(lease.state));
    query.bindValue(6, lease.start);
    query.bindValue(7, lease.end);
    query.bindValue(8, lease.lastSeen);
    query.bindValue(9, lease.detail);
}

void bindHistory(QSqlQuery &query, const LeaseHistoryEntry &entry)
{
    query.bindValue(0, entry.when);
    query.bindValue(1, qint64(entry.address.toUint32()));
    query.bindValue(2, entry.hardwareAddress);
    query.bindValue(3, entry.clientId);
    query.bindValue(4, entry.from ? QVariant(leaseStateName(*entry.from)) : QVariant());
    query.bindValue(5, leaseStateName(entry.to));
    query.bindValue(6, entry.reason);
}

// Reads an address column; false when the stored value cannot be an IPv4 address.
bool readAddress(const QVariant &value, Ipv4Address *address)
{
    bool ok = false;
    const qint64 number = value.toLongLong(&ok);
    if (!ok || number < 0 || number > 0xFFFFFFFFLL)
        return false;
    *address = Ipv4Address(quint32(number));
    return true;
}

// A row of LeaseColumns; an error sentence when it holds something this build cannot read.
QString leaseFromRow(const QSqlQuery &query, Lease *lease)
{
    if (!readAddress(query.value(0), &lease->address))
        return QStringLiteral("a lease has the invalid address %1").arg(query.value(0).toString());
    const QString stateName = query.value(5).toString();
    const std::optional<LeaseState> state = leaseStateFromName(stateName);
    if (!state)
        return QStringLiteral("the lease of %1 has the unknown state \"%2\"")
            .arg(addressText(lease->address.toUint32()), stateName);
    lease->hardwareAddress = query.value(1).toByteArray();
    lease->clientId = query.value(2).toByteArray();
    lease->hostname = query.value(3).toString();
    lease->scope = query.value(4).toString();
    lease->state = *state;
    lease->start = query.value(6).toLongLong();
    lease->end = query.value(7).toLongLong();
    lease->lastSeen = query.value(8).toLongLong();
    lease->detail = query.value(9).toString();
    return {};
}

// A row of HistoryColumns.
QString historyFromRow(const QSqlQuery &query, LeaseHistoryEntry *entry)
{
    entry->when = query.value(0).toLongLong();
    if (!readAddress(query.value(1), &entry->address))
        return QStringLiteral("a history entry has the invalid address %1")
            .arg(query.value(1).toString());
    entry->hardwareAddress = query.value(2).toByteArray();
    entry->clientId = query.value(3).toByteArray();
    entry->from.reset();
    if (!query.isNull(4)) {
        entry->from = leaseStateFromName(query.value(4).toString());
        if (!entry->from)
            return QStringLiteral("a history entry has the unknown state \"%1\"")
                .arg(query.value(4).toString());
    }
    const std::optional<LeaseState> to = leaseStateFromName(query.value(5).toString());
    if (!to)
        return QStringLiteral("a history entry has the unknown state \"%1\"")
            .arg(query.value(5).toString());
    entry->to = *to;
    entry->reason = query.value(6).toString();
    return {};
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
    statements->upsert = m_connection->query();
    statements->remove = m_connection->query();
    statements->addHistory = m_connection->query();
    const bool prepared =
        statements->upsert.prepare(
            QStringLiteral("INSERT INTO leases (%1) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                           " ON CONFLICT (address) DO UPDATE SET"
                           " hardware_address = excluded.hardware_address,"
                           " client_id = excluded.client_id, hostname = excluded.hostname,"
                           " scope = excluded.scope, state = excluded.state,"
                           " \"start\" = excluded.\"start\", \"end\" = excluded.\"end\","
                           " last_seen = excluded.last_seen, detail = excluded.detail")
                .arg(QLatin1String(LeaseColumns)))
        && statements->remove.prepare(QStringLiteral("DELETE FROM leases WHERE address = ?"))
        && statements->addHistory.prepare(
            QStringLiteral("INSERT INTO lease_history (%1) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .arg(QLatin1String(HistoryColumns)));
    if (!prepared) {
        for (const QSqlQuery *q :
             {&statements->upsert, &statements->remove, &statements->addHistory})
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

// --- leases --------------------------------------------------------------------------------

StoreStatus SqliteLeaseStore::commit(const LeaseBatch &batch)
{
    if (batch.isEmpty())
        return StoreStatus::success();
    const QString why = commitInTransaction(batch);
    return why.isEmpty() ? StoreStatus::success() : StoreStatus::failure(why);
}

QString SqliteLeaseStore::commitInTransaction(const LeaseBatch &batch)
{
    const QString doing = QStringLiteral("write to");
    QSqlQuery control = m_connection->query();
    // IMMEDIATE: take the write lock now, so a second writer waits here (busy timeout)
    // rather than failing half-way through the batch.
    if (!control.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return failure(doing, control.lastError());

    QString why;
    for (const Lease &lease : batch.upserts) {
        bindLease(m_statements->upsert, lease);
        if (!m_statements->upsert.exec()) {
            why = failure(doing, m_statements->upsert.lastError());
            break;
        }
    }
    for (qsizetype i = 0; why.isEmpty() && i < batch.removals.size(); ++i) {
        m_statements->remove.bindValue(0, qint64(batch.removals[i].toUint32()));
        if (!m_statements->remove.exec())
            why = failure(doing, m_statements->remove.lastError());
    }
    for (qsizetype i = 0; why.isEmpty() && i < batch.history.size(); ++i) {
        bindHistory(m_statements->addHistory, batch.history[i]);
        if (!m_statements->addHistory.exec())
            why = failure(doing, m_statements->addHistory.lastError());
    }
    // With synchronous=FULL, COMMIT returns only after the log is on disk; when it fails,
    // nothing of the batch is visible.
    if (why.isEmpty() && !control.exec(QStringLiteral("COMMIT")))
        why = failure(doing, control.lastError());
    if (!why.isEmpty()) {
        // After some I/O errors SQLite has already rolled back; then ROLLBACK itself fails
        // with "no transaction is active", which changes nothing.
        QSqlQuery rollback = m_connection->query();
        rollback.exec(QStringLiteral("ROLLBACK"));
    }
    return why;
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
    // No index of its own: the newest-first walk of lease_history_by_time stops at `limit`,
    // and an address has few entries compared with the whole history.
    if (!address.isZero())
        conditions.append(QStringLiteral("address = ?"));
    const QString filter = conditions.isEmpty()
        ? QString()
        : QStringLiteral(" WHERE ") + conditions.join(QStringLiteral(" AND "));
    // id breaks ties between entries of the same second: the later commit is newer.
    QSqlQuery query = m_connection->query();
    query.prepare(QStringLiteral("SELECT %1 FROM lease_history%2"
                                 " ORDER BY \"when\" DESC, id DESC LIMIT ?")
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

} // namespace leasedesk
