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

} // namespace

QList<SqliteSchema::Migration> SqliteSchema::migrations()
{
    // A future schema 2 appends {1, {...}} here and raises Version; released steps never
    // change, because files in the field were written by them.
    return {{0, schema1()}};
}

QStringList SqliteSchema::tables()
{
    return {QStringLiteral("configuration"), QStringLiteral("leases"),
            QStringLiteral("lease_history"), QStringLiteral("settings")};
}

} // namespace leasedesk
