#pragma once

#include <QString>

namespace leasedesk {

// Where the GUI and the headless server keep their database when none is named: one SQLite
// file under QStandardPaths::AppDataLocation, shared by both binaries (design.md, "Default
// data"). Needs QCoreApplication's organization and application names to be set.
struct DataPaths
{
    static QString defaultDatabaseFile();
    // Creates the folder; returns an error sentence, empty on success.
    static QString ensureFolderFor(const QString &file);
};

} // namespace leasedesk
