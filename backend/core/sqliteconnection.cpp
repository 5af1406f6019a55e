#include "core/sqliteconnection.h"

#include <QSqlDriver>
#include <QSqlError>

namespace leasedesk {

SqliteConnection::SqliteConnection(const QString &name, const QString &databaseName,
                                   const QString &options)
    : m_name(name), m_db(QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name))
{
    m_db.setDatabaseName(databaseName);
    m_db.setConnectOptions(options);
}

SqliteConnection::~SqliteConnection()
{
    m_db.close();
    m_db = QSqlDatabase(); // the registry refuses to remove a connection still referenced
    QSqlDatabase::removeDatabase(m_name);
}

QSqlError SqliteConnection::lastError() const
{
    return m_db.lastError();
}

QSqlQuery SqliteConnection::query() const
{
    QSqlQuery query(m_db);
    query.setForwardOnly(true);
    return query;
}

sqlite3 *SqliteConnection::handle() const
{
    // QSqlDriver::handle(): for QSQLITE a QVariant holding the connection's sqlite3 *.
    const QVariant native = m_db.driver() ? m_db.driver()->handle() : QVariant();
    if (!native.isValid() || qstrcmp(native.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(native.constData());
}

int SqliteConnection::primaryCode(const QSqlError &error)
{
    // Qt's driver turns on extended result codes; their low eight bits are the primary code.
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? code & 0xff : -1;
}

bool SqliteConnection::isDamage(const QSqlError &error)
{
    const int code = primaryCode(error);
    return code == Corrupt || code == NotADb;
}

QString SqliteConnection::sqliteText(const QSqlError &error)
{
    return error.databaseText().isEmpty() ? error.driverText() : error.databaseText();
}

QString SqliteConnection::describe(const QSqlError &error)
{
    return describe(error.nativeErrorCode().toInt(), sqliteText(error));
}

QString SqliteConnection::describe(int code, const QString &sqlite)
{
    QString words;
    // Extended result codes: their low eight bits are the primary code.
    switch (code & 0xff) {
    case Full: words = QStringLiteral("the disk is full"); break;
    case ReadOnly: words = QStringLiteral("the database is read-only"); break;
    case IoErr: words = QStringLiteral("the disk reported an input/output error"); break;
    case Corrupt: words = QStringLiteral("the database is damaged"); break;
    case NotADb: words = QStringLiteral("the file is not a database"); break;
    case CantOpen: words = QStringLiteral("the file cannot be opened"); break;
    case Perm: words = QStringLiteral("permission denied"); break;
    case NoMem: words = QStringLiteral("out of memory"); break;
    case Busy:
    case Locked: words = QStringLiteral("another program keeps the database locked"); break;
    default: break;
    }
    if (words.isEmpty())
        return sqlite;
    return sqlite.isEmpty() ? words : QStringLiteral("%1 (%2)").arg(words, sqlite);
}

} // namespace leasedesk
