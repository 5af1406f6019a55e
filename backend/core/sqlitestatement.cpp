#include "core/sqlitestatement.h"

#include <sqlite3.h>

#include <utility>

namespace leasedesk {

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement); // a no-op on nullptr
}

QString SqliteStatement::prepare(sqlite3 *db, const char *sql)
{
    m_db = db;
    sqlite3_finalize(m_statement);
    m_statement = nullptr;
    if (!db)
        return QStringLiteral("no native SQLite handle");
    // PREPARE_PERSISTENT: kept for the store's life, so SQLite may keep it out of its
    // lookaside memory.
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr)
        != SQLITE_OK)
        return errorMessage();
    return {};
}

QString SqliteStatement::librarySourceId()
{
    return QString::fromLatin1(sqlite3_sourceid());
}

void SqliteStatement::bind(int column, qint64 value)
{
    keep(sqlite3_bind_int64(m_statement, column + 1, value));
}

void SqliteStatement::bind(int column, const QByteArray &blob)
{
    if (blob.isNull())
        keep(sqlite3_bind_null(m_statement, column + 1));
    else
        keep(sqlite3_bind_blob(m_statement, column + 1, blob.constData(), int(blob.size()),
                               SQLITE_TRANSIENT));
}

void SqliteStatement::bind(int column, const QString &text)
{
    if (text.isNull())
        keep(sqlite3_bind_null(m_statement, column + 1));
    else
        keep(sqlite3_bind_text16(m_statement, column + 1, text.utf16(), int(text.size() * 2),
                                 SQLITE_TRANSIENT));
}

void SqliteStatement::bindStatic(int column, QLatin1String text)
{
    // Latin-1 names of constants are ASCII, hence valid UTF-8.
    keep(sqlite3_bind_text(m_statement, column + 1, text.data(), int(text.size()), SQLITE_STATIC));
}

void SqliteStatement::bindNull(int column)
{
    keep(sqlite3_bind_null(m_statement, column + 1));
}

// A value that could not be bound (too big, out of memory) must fail the statement, never
// leave a NULL in its place.
void SqliteStatement::keep(int bindCode)
{
    if (bindCode != SQLITE_OK && m_bindError == 0) {
        m_bindError = bindCode;
        m_bindMessage = QString::fromUtf8(sqlite3_errstr(bindCode));
    }
}

int SqliteStatement::run()
{
    if (m_bindError != 0) {
        m_code = std::exchange(m_bindError, 0);
        m_message = QStringLiteral("a value could not be bound: ") + m_bindMessage;
        sqlite3_clear_bindings(m_statement);
        return m_code;
    }
    int code = sqlite3_step(m_statement);
    while (code == SQLITE_ROW) // statements with RETURNING or a result: not used, drained
        code = sqlite3_step(m_statement);
    // The message goes with the next call on the connection: keep it now.
    m_message = code == SQLITE_DONE ? QString() : QString::fromUtf8(sqlite3_errmsg(m_db));
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
    m_code = code == SQLITE_DONE ? 0 : code;
    return m_code;
}

QString SqliteStatement::errorMessage() const
{
    return m_db ? QString::fromUtf8(sqlite3_errmsg(m_db)) : QString();
}

} // namespace leasedesk
