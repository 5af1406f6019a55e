#pragma once

#include <QByteArray>
#include <QLatin1String>
#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace leasedesk {

// A statement prepared on the native handle of a Qt SQL connection (SqliteConnection::handle),
// for the few statements of the group commit that sits in front of every ACK. Qt SQL binds
// through QVariant and re-reads the statement's state on every exec; here each value goes
// straight to SQLite (issue 9: binding was a quarter of the commit's time). Columns are
// numbered from 0, as in QSqlQuery::bindValue.
class SqliteStatement
{
public:
    SqliteStatement() = default;
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // Empty on success, else SQLite's message.
    QString prepare(sqlite3 *db, const char *sql);
    // sqlite_source_id() of the library these statements call. A handle from a Qt SQLite
    // driver built with its own copy of SQLite must not be used with it: compare it with what
    // the connection itself answers to "SELECT sqlite_source_id()".
    static QString librarySourceId();

    void bind(int column, qint64 value);
    void bind(int column, const QByteArray &blob); // a null QByteArray is NULL
    void bind(int column, const QString &text); // a null QString is NULL
    // Text in static storage (a name from a table of constants): bound without a copy.
    void bindStatic(int column, QLatin1String text);
    void bindNull(int column);

    // Runs the statement to its end and makes it ready for the next values. 0 on success,
    // else SQLite's extended result code; message() then says what happened.
    int run();
    int code() const { return m_code; } // of the last run()
    QString message() const { return m_message; }

private:
    QString errorMessage() const;
    void keep(int bindCode);

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_statement = nullptr;
    int m_code = 0;
    int m_bindError = 0; // the first failed bind since the last run()
    QString m_bindMessage;
    QString m_message;
};

} // namespace leasedesk
