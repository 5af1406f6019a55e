#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <optional>

namespace leasedesk {

// The first 100 octets of an SQLite database file, read with plain file I/O before SQLite is
// asked to open it. Looking first means that a text file, random bytes, another program's
// database, a newer schema or a visibly truncated file are refused without SQLite touching
// the file or creating -wal/-shm files next to it. Layout: "Database File Format",
// https://www.sqlite.org/fileformat2.html section 1.3; multi-octet fields are big-endian.
struct SqliteFileHeader
{
    static constexpr int Size = 100;

    quint32 pageSize = 0; // octets; 0 when the stored value is not a valid page size
    quint32 pageCount = 0; // "in-header database size"; 0 when the header does not vouch for it
    qint32 userVersion = 0; // PRAGMA user_version
    qint32 applicationId = 0; // PRAGMA application_id

    // nullopt unless `bytes` starts with the 16-octet magic string "SQLite format 3\0" and
    // holds at least the whole header.
    static std::optional<SqliteFileHeader> parse(const QByteArray &bytes);
    static bool hasMagic(const QByteArray &bytes);

    // The size the main file must at least have, or 0 when the header does not say.
    qint64 expectedFileSize() const { return qint64(pageSize) * pageCount; }
};

} // namespace leasedesk
