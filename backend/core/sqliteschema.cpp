#include "core/sqliteschema.h"

namespace leasedesk {

namespace {

// Schema 1. Addresses are stored as their unsigned 32-bit value in an INTEGER PRIMARY KEY,
// which is the table's rowid: lookups by address and the full scan at start walk one b-tree
// in address order without a separate index (https://www.sqlite.org/lang_createtable.html,
// "ROWIDs and the INTEGER PRIMARY KEY"). "start", "end" and "when" are quoted because END
// and WHEN are SQL keywords. Times are Unix seconds, as in Lease.
QStringList schema1()
{
    return {
        QStringLiteral("CREATE TABLE configuration ("
                       " revision INTEGER PRIMARY KEY,"
                       " saved_at INTEGER NOT NULL,"
                       " json TEXT NOT NULL)"),
        QStringLiteral("CREATE TABLE leases ("
                       " address INTEGER PRIMARY KEY,"
                       " hardware_address BLOB,"
                       " client_id BLOB,"
                       " hostname TEXT,"
                       " scope TEXT,"
                       " state TEXT NOT NULL,"
                       " \"start\" INTEGER NOT NULL DEFAULT 0,"
                       " \"end\" INTEGER NOT NULL DEFAULT 0,"
                       " last_seen INTEGER NOT NULL DEFAULT 0,"
                       " detail TEXT)"),
        // No secondary index on leases: the engine answers "which lease has this client"
        // from its in-memory index, and every index would slow the group commit that sits
        // in front of each ACK.
        QStringLiteral("CREATE TABLE lease_history ("
                       " id INTEGER PRIMARY KEY,"
                       " \"when\" INTEGER NOT NULL,"
                       " address INTEGER NOT NULL,"
                       " hardware_address BLOB,"
                       " client_id BLOB,"
                       " from_state TEXT,"
                       " to_state TEXT NOT NULL,"
                       " reason TEXT)"),
        // history(limit, mac) filters on the client and reads newest first: an index on
        // (hardware_address, "when") serves both, and the rowid that ends every index entry
        // breaks ties between entries of the same second in insertion order.
        QStringLiteral("CREATE INDEX lease_history_by_client"
                       " ON lease_history (hardware_address, \"when\")"),
        // history(limit) without a filter reads the newest entries of every client.
        QStringLiteral("CREATE INDEX lease_history_by_time ON lease_history (\"when\")"),
        QStringLiteral("CREATE TABLE settings ("
                       " key TEXT PRIMARY KEY,"
                       " value TEXT NOT NULL)"),
    };
}

// Schema 2 (issue 8): the statistics sampler's history and the events panel's alerts. A
// sample is one row of traffic and one row per scope, both keyed by (resolution, time), which
// is also the order every read wants: WITHOUT ROWID keeps the rows in that b-tree and saves the
// rowid and a second index (https://www.sqlite.org/withoutrowid.html). "position" keeps the
// scopes in the order the sampler gave them; "release" is quoted because RELEASE is an SQL
// keyword. Event kinds and severities are stored as names, as lease states are, so that the
// sqlite3 shell shows them.
QStringList schema2()
{
    return {
        QStringLiteral("CREATE TABLE statistics_samples ("
                       " resolution INTEGER NOT NULL,"
                       " time INTEGER NOT NULL,"
                       " seconds INTEGER NOT NULL,"
                       " discover INTEGER NOT NULL, offer INTEGER NOT NULL,"
                       " request INTEGER NOT NULL, decline INTEGER NOT NULL,"
                       " ack INTEGER NOT NULL, nak INTEGER NOT NULL,"
                       " \"release\" INTEGER NOT NULL, inform INTEGER NOT NULL,"
                       " PRIMARY KEY (resolution, time)) WITHOUT ROWID"),
        QStringLiteral("CREATE TABLE scope_samples ("
                       " resolution INTEGER NOT NULL,"
                       " time INTEGER NOT NULL,"
                       " position INTEGER NOT NULL,"
                       " scope TEXT NOT NULL,"
                       " total INTEGER NOT NULL, free INTEGER NOT NULL,"
                       " offered INTEGER NOT NULL, bound INTEGER NOT NULL,"
                       " reserved INTEGER NOT NULL, quarantined INTEGER NOT NULL,"
                       " PRIMARY KEY (resolution, time, position)) WITHOUT ROWID"),
        QStringLiteral("CREATE TABLE events ("
                       " id INTEGER PRIMARY KEY,"
                       " time_ms INTEGER NOT NULL,"
                       " kind TEXT NOT NULL,"
                       " severity TEXT NOT NULL,"
                       " interface TEXT,"
                       " address INTEGER NOT NULL DEFAULT 0,"
                       " mac BLOB,"
                       " scope TEXT,"
                       " text TEXT)"),
        // events() reads the newest first and removeEventsBefore() cuts the oldest; the id
        // at the end of each index entry orders events of the same millisecond.
        QStringLiteral("CREATE INDEX events_by_time ON events (time_ms)"),
        // The History tab asks for one address's history, newest first; without this the
        // query walks the whole history by time for an address with few entries. One more
        // b-tree insert per history entry costs microseconds against the commit's fsync.
        QStringLiteral("CREATE INDEX lease_history_by_address"
                       " ON lease_history (address, \"when\")"),
    };
}

// Schema 3 (issue 9): every history entry is written in front of an ACK, and each index of
// lease_history is one more b-tree insert in that commit. History is read newest recorded
// first, the rowid order, so the index by time is not needed; the indexes by client and by
// address serve the History tab's searches.
QStringList schema3()
{
    return {QStringLiteral("DROP INDEX lease_history_by_time")};
}

} // namespace

QList<SqliteSchema::Migration> SqliteSchema::migrations()
{
    // A future schema appends {Version, {...}} here and raises Version; released steps never
    // change, because files in the field were written by them.
    return {{0, schema1()}, {1, schema2()}, {2, schema3()}};
}

QStringList SqliteSchema::tables()
{
    return {QStringLiteral("configuration"),
            QStringLiteral("leases"),
            QStringLiteral("lease_history"),
            QStringLiteral("settings"),
            QStringLiteral("statistics_samples"),
            QStringLiteral("scope_samples"),
            QStringLiteral("events")};
}

} // namespace leasedesk
