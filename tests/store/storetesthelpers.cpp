#include "storetesthelpers.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>

#include <sys/stat.h>

namespace leasedesk::test {

Lease sampleLease(quint32 n, LeaseState state)
{
    Lease lease;
    lease.address = Ipv4Address(198, 18, quint8(1 + (n >> 8) % 254), quint8(n & 0xff));
    lease.hardwareAddress =
        QByteArray("\x02\x00\x00", 3) + QByteArray::number(n).rightJustified(3, '0');
    lease.clientId = QByteArray("\x01\x00", 2) + lease.hardwareAddress;
    lease.hostname = QStringLiteral("nœud-%1").arg(n);
    lease.scope = QStringLiteral("lab");
    lease.state = state;
    lease.start = 1'700'000'000 + n;
    lease.end = 4'102'444'800LL + n; // 2100-01-01: past the 32-bit time_t limit
    lease.lastSeen = 1'700'000'500 + n;
    lease.detail = QStringLiteral("answered ping from %1").arg(n);
    return lease;
}

LeaseHistoryEntry sampleHistory(quint32 n, qint64 when, const QByteArray &hardwareAddress)
{
    LeaseHistoryEntry entry;
    entry.when = when;
    entry.address = Ipv4Address(198, 18, 1, quint8(n));
    entry.hardwareAddress = hardwareAddress;
    entry.clientId = QByteArray("\x01", 1) + hardwareAddress;
    entry.from = n % 2 ? std::optional<LeaseState>() : LeaseState::Offered;
    entry.to = LeaseState::Bound;
    entry.reason = QStringLiteral("entry %1").arg(n);
    return entry;
}

FileSnapshot FileSnapshot::take(const QString &file)
{
    FileSnapshot snapshot;
    QFile f(file);
    if (f.open(QIODevice::ReadOnly))
        snapshot.bytes = f.readAll();
    struct stat info = {};
    if (::stat(QFile::encodeName(file).constData(), &info) == 0)
        snapshot.modifiedNs = qint64(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec;
    snapshot.folder = QFileInfo(file).dir().entryList(QDir::Files | QDir::Hidden, QDir::Name);
    return snapshot;
}

QByteArray noise(int size, quint32 seed)
{
    QRandomGenerator generator(seed);
    QByteArray bytes(size, Qt::Uninitialized);
    for (char &c : bytes)
        c = char(generator.bounded(256));
    return bytes;
}

bool writeFile(const QString &file, const QByteArray &bytes)
{
    QFile f(file);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

RawSqlite::RawSqlite(const QString &file)
    : m_name(QStringLiteral("raw-%1").arg(quintptr(this), 0, 16)),
      m_db(QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name))
{
    m_db.setDatabaseName(file);
    m_db.open();
}

RawSqlite::~RawSqlite()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

QString RawSqlite::exec(const QStringList &statements)
{
    QSqlQuery query(m_db);
    for (const QString &sql : statements)
        if (!query.exec(sql))
            return sql + QStringLiteral(": ") + query.lastError().text();
    return {};
}

QVariant RawSqlite::value(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql) || !query.next())
        return {};
    return query.value(0);
}

} // namespace leasedesk::test
