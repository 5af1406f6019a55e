#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

class QSqlError;
struct sqlite3;

namespace leasedesk {

// One named Qt SQL connection to an SQLite file, removed again when this object goes. Qt
// keeps connections in a registry by name; giving each its own name and removing it is what
// keeps two stores (the GUI and the server, or a store and its read-only check) from ever
// sharing or leaking one. Every QSqlQuery made from it must be gone before it is destroyed
// (QSqlDatabase::removeDatabase documentation).
class SqliteConnection
{
public:
    // SQLite's primary result codes (https://www.sqlite.org/rescode.html) that LeaseDesk
    // words for people.
    enum ResultCode {
        Perm = 3,
        Busy = 5,
        Locked = 6,
        NoMem = 7,
        ReadOnly = 8,
        IoErr = 10,
        Corrupt = 11,
        Full = 13,
        CantOpen = 14,
        Constraint = 19,
        NotADb = 26,
    };

    SqliteConnection(const QString &name, const QString &databaseName, const QString &options);
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection &) = delete;
    SqliteConnection &operator=(const SqliteConnection &) = delete;

    bool isDriverAvailable() const { return m_db.isValid(); }
    bool open() { return m_db.open(); }
    QSqlError lastError() const;
    // Forward-only: rows are read once, and Qt then keeps no copy of the result set.
    QSqlQuery query() const;

    // The primary result code of an error from this driver, -1 when it carries none.
    static int primaryCode(const QSqlError &error);
    // SQLITE_CORRUPT or SQLITE_NOTADB: the file's content is wrong, not the disk or the call.
    static bool isDamage(const QSqlError &error);
    // SQLite's own message ("database or disk is full").
    static QString sqliteText(const QSqlError &error);
    // A few words for a person, then SQLite's message: "the disk is full (database or disk
    // is full)".
    static QString describe(const QSqlError &error);
    // The same for an error of the native handle: its extended result code and message.
    static QString describe(int code, const QString &sqliteText);
    // The native handle (sqlite3 *) of the open connection, for SqliteStatement; nullptr when
    // it is not open or the driver is not Qt's SQLite driver.
    sqlite3 *handle() const;

private:
    QString m_name;
    QSqlDatabase m_db;
};

} // namespace leasedesk
