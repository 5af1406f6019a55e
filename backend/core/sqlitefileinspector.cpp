#include "core/sqlitefileinspector.h"

#include "core/sqliteconnection.h"
#include "core/sqlitefileheader.h"
#include "core/sqliteschema.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QUrl>
#include <QVariant>

#include <cerrno>
#include <unistd.h>

namespace leasedesk {

namespace {

QString notLeaseDesk(const QString &file, const QString &why)
{
    return QStringLiteral("%1 is not a LeaseDesk database: %2. LeaseDesk did not change it.")
        .arg(file, why);
}

QString damaged(const QString &file, const QString &why)
{
    return QStringLiteral("%1 is damaged: %2. LeaseDesk did not change it; restore it from a "
                          "backup, or move it aside to start a new database.")
        .arg(file, why);
}

QString otherApplication(const QString &file, qint32 applicationId)
{
    QString why = QStringLiteral("it is the SQLite database of another application");
    if (applicationId != 0)
        why += QStringLiteral(" (application id 0x%1)")
                   .arg(quint32(applicationId), 8, 16, QLatin1Char('0'));
    return notLeaseDesk(file, why);
}

QString newerSchemaSentence(const QString &file, qint64 version)
{
    return QStringLiteral("%1 was written by a newer LeaseDesk (schema %2; this build knows up "
                          "to %3). LeaseDesk did not change it; use a newer LeaseDesk or "
                          "another database file.")
        .arg(file)
        .arg(version)
        .arg(SqliteSchema::Version);
}

// Plain file I/O only: nothing here can change the file or create files beside it.
QString inspectHeader(const QString &path, bool walPresent)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
    const QByteArray head = file.read(SqliteFileHeader::Size);
    const qint64 size = file.size();

    if (!SqliteFileHeader::hasMagic(head))
        return notLeaseDesk(path, QStringLiteral("it is not an SQLite database at all"));
    const std::optional<SqliteFileHeader> header = SqliteFileHeader::parse(head);
    if (!header)
        return damaged(path, QStringLiteral("it ends inside its own header (%1 bytes)").arg(size));
    if (header->pageSize == 0)
        return damaged(path, QStringLiteral("its header names no valid page size"));
    // LeaseDesk sets the application id and the first user_version in one transaction, so
    // a zero id is ours only while the file is still empty; that is decided by SQLite below,
    // because a write-ahead log may hold newer pages than the main file.
    if (header->applicationId != SqliteSchema::ApplicationId
        && (header->applicationId != 0 || header->userVersion != 0))
        return otherApplication(path, header->applicationId);
    if (header->applicationId == SqliteSchema::ApplicationId
        && header->userVersion > SqliteSchema::Version)
        return newerSchemaSentence(path, header->userVersion);
    // Without a log, the main file is the whole database and must hold every page its
    // header counts. With one, a checkpoint may have been cut short, and SQLite decides.
    if (!walPresent && size < header->expectedFileSize())
        return damaged(path,
                       QStringLiteral("it is %1 bytes long but its header says %2; the "
                                      "file was cut short")
                           .arg(size)
                           .arg(header->expectedFileSize()));
    return {};
}

// SQLite's view, on a read-only connection. Without a write-ahead log the file is opened as
// immutable, so SQLite creates no -wal/-shm files and takes no locks
// (https://www.sqlite.org/uri.html#uriimmutable); with a log present another connection may be
// live, so the ordinary read-only mode is used and the log is honoured.
QString inspectWithSqlite(const QString &path, const QString &connectionName, bool walPresent)
{
    const QString uri = QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded)
        + (walPresent ? QStringLiteral("?mode=ro") : QStringLiteral("?mode=ro&immutable=1"));
    SqliteConnection check(connectionName, uri,
                           QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
    const auto fail = [&path](const QSqlError &error) {
        if (SqliteConnection::isDamage(error))
            return damaged(
                path,
                QStringLiteral("SQLite reports \"%1\"").arg(SqliteConnection::sqliteText(error)));
        return QStringLiteral("cannot read %1: %2").arg(path, SqliteConnection::describe(error));
    };
    if (!check.open())
        return fail(check.lastError());

    QSqlQuery query = check.query();
    const auto scalar = [&query](const QString &sql, QVariant *value) {
        if (!query.exec(sql) || !query.next())
            return false;
        *value = query.value(0);
        return true;
    };
    QVariant applicationId, userVersion;
    if (!scalar(QStringLiteral("PRAGMA application_id"), &applicationId)
        || !scalar(QStringLiteral("PRAGMA user_version"), &userVersion))
        return fail(query.lastError());
    if (!query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'")))
        return fail(query.lastError());
    QStringList tables;
    while (query.next())
        tables.append(query.value(0).toString());
    if (query.lastError().isValid())
        return fail(query.lastError());

    if (applicationId.toInt() == 0 && userVersion.toInt() == 0 && tables.isEmpty())
        return {}; // an empty database: the store makes it LeaseDesk's
    if (applicationId.toInt() != SqliteSchema::ApplicationId)
        return otherApplication(path, applicationId.toInt());
    if (userVersion.toInt() > SqliteSchema::Version)
        return newerSchemaSentence(path, userVersion.toInt());
    if (userVersion.toInt() == SqliteSchema::Version) {
        for (const QString &table : SqliteSchema::tables())
            if (!tables.contains(table))
                return damaged(path, QStringLiteral("the table %1 is missing").arg(table));
    }

    // quick_check reads every page and checks the b-trees' structure, but not that indexes
    // match their tables, in time linear in the file size
    // (https://www.sqlite.org/pragma.html#pragma_quick_check).
    if (!query.exec(QStringLiteral("PRAGMA quick_check")))
        return fail(query.lastError());
    // One row "ok", or rows of findings, some of them several lines under a
    // "*** in database main ***" heading; the first few findings are enough for a person.
    QStringList problems;
    while (problems.size() < 3 && query.next()) {
        const QStringList lines = query.value(0).toString().split(QLatin1Char('\n'));
        for (const QString &line : lines)
            if (!line.startsWith(QLatin1String("***")) && problems.size() < 3)
                problems.append(line);
    }
    if (query.lastError().isValid())
        return fail(query.lastError());
    if (problems != QStringList{QStringLiteral("ok")})
        return damaged(path,
                       QStringLiteral("SQLite's integrity check reports \"%1\"")
                           .arg(problems.join(QStringLiteral("; "))));
    return {};
}

} // namespace

QString SqliteFileInspector::inspect(const QString &file, const QString &connectionName)
{
    const bool walPresent = QFileInfo::exists(file + QStringLiteral("-wal"));
    // Content first (it is the more fundamental problem), then whether we may write.
    if (QString why = inspectHeader(file, walPresent); !why.isEmpty())
        return why;
    if (const QString reason = whyNotWritable(file); !reason.isEmpty())
        return QStringLiteral("cannot write to %1: %2").arg(file, reason);
    return inspectWithSqlite(file, connectionName, walPresent);
}

QString SqliteFileInspector::newerSchema(const QString &file, qint64 version)
{
    return newerSchemaSentence(file, version);
}

// access() reports a read-only mount (EROFS) and an immutable file (EPERM) also to root, for
// whom permission bits do not count.
QString SqliteFileInspector::whyNotWritable(const QString &path)
{
    if (::access(QFile::encodeName(path).constData(), W_OK) == 0)
        return {};
    return qt_error_string(errno);
}

} // namespace leasedesk
