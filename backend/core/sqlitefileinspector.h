#pragma once

#include <QString>

namespace leasedesk {

// Decides whether an existing file may be opened as LeaseDesk's database, without changing
// it: first the 100-octet header with plain file I/O (SqliteFileHeader), then whether the file
// may be written, then SQLite's own view on a read-only connection that creates no side files,
// including PRAGMA quick_check. Every refusal is a sentence that names the file and says that
// it was left as it was (design.md: a corrupt or newer-schema database is refused with a clear
// error and never overwritten).
struct SqliteFileInspector
{
    // `file` is an absolute path to an existing, non-empty file; `connectionName` a Qt SQL
    // connection name not in use. Empty when the file is a LeaseDesk database of this schema
    // or an older one, or an empty SQLite database; otherwise why it must not be opened.
    static QString inspect(const QString &file, const QString &connectionName);

    // "… was written by a newer LeaseDesk (schema 7; this build knows up to 1) …"
    static QString newerSchema(const QString &file, qint64 version);

    // The system's reason when `path` cannot be written, empty when it can.
    static QString whyNotWritable(const QString &path);
};

} // namespace leasedesk
