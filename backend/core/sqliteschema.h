#pragma once

#include <QList>
#include <QStringList>

namespace leasedesk {

// The layout of LeaseDesk's SQLite database and the steps that bring an older file up to date.
// Used by SqliteLeaseStore; tests use the constants to build files a newer build would write.
struct SqliteSchema
{
    // PRAGMA application_id, stored at offset 68 of the file header, marks a file as
    // LeaseDesk's so that another program's database is never mistaken for ours
    // (https://www.sqlite.org/pragma.html#pragma_application_id). The four octets spell
    // "LsDk"; SQLite's registry of known ids (magic.txt in its sources) does not use it.
    static constexpr qint32 ApplicationId = 0x4C73446B;

    // PRAGMA user_version: the schema this build writes and the newest it can read. A file
    // with a higher number was written by a newer LeaseDesk and is refused, never downgraded.
    // Schema 2 (issue 8) adds the statistics samples and the events; schema 3 (issue 9) drops
    // an index that every commit paid for and no query needs any more.
    static constexpr int Version = 3;

    // One step from schema `from` to `from + 1`. The store runs each step in its own
    // transaction together with the new user_version, so a crash leaves the file at one
    // version or the next, never in between.
    struct Migration
    {
        int from = 0;
        QStringList statements;
    };

    // In order: migrations()[i].from == i, and migrations().size() == Version.
    static QList<Migration> migrations();

    // The tables a database of the current schema has; a LeaseDesk file that lacks one is
    // damaged.
    static QStringList tables();
};

} // namespace leasedesk
