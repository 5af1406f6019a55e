#pragma once

#include "core/lease.h"

#include <QByteArray>
#include <QSqlDatabase>
#include <QStringList>

namespace leasedesk::test {

// A lease with every field set and distinct per `n`: binary octets including zero in the
// hardware address and client id, non-ASCII text, and times beyond 2038.
Lease sampleLease(quint32 n, LeaseState state = LeaseState::Bound);
LeaseHistoryEntry sampleHistory(quint32 n, qint64 when, const QByteArray &hardwareAddress);

// Everything that "the file was not modified" means: its bytes, its modification time to the
// nanosecond, and the names of the files in its folder (no -wal, -shm or -journal appeared).
struct FileSnapshot
{
    QByteArray bytes;
    qint64 modifiedNs = 0;
    QStringList folder;

    static FileSnapshot take(const QString &file);
    bool operator==(const FileSnapshot &) const = default;
};

// Deterministic noise, so that a failure can be reproduced.
QByteArray noise(int size, quint32 seed);
bool writeFile(const QString &file, const QByteArray &bytes);

// A plain Qt SQL connection that bypasses SqliteLeaseStore, to build files as another program
// or a newer LeaseDesk would, and to look inside ours. The connection goes with the object.
class RawSqlite
{
public:
    explicit RawSqlite(const QString &file);
    ~RawSqlite();
    RawSqlite(const RawSqlite &) = delete;
    RawSqlite &operator=(const RawSqlite &) = delete;

    // Runs each statement; empty on success, otherwise the first error.
    QString exec(const QStringList &statements);
    // The first column of the first row, or an invalid QVariant.
    QVariant value(const QString &sql);

private:
    QString m_name;
    QSqlDatabase m_db;
};

} // namespace leasedesk::test
