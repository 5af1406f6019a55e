#pragma once

#include "core/configuration.h"
#include "core/configurationvalidator.h"
#include "core/leasestore.h"

#include <QStringList>

namespace leasedesk {

// The configuration as the database keeps it: LeaseDesk JSON, one row per revision
// (LeaseStore::saveConfiguration). Here is the one place that turns those rows into a
// Configuration and back, for both binaries.
class ConfigurationStore
{
public:
    // The newest saved configuration, or an empty one (revision 0) when none was ever saved.
    // A stored document that no longer reads is an error, never an empty configuration.
    static std::optional<Configuration> load(const LeaseStore &store, QString *error);

    struct SaveResult
    {
        QList<ValidationIssue> issues; // every error and warning validate() found
        QString storeError; // the write failed
        qint64 revision = 0; // the revision written, when saved
        bool saved() const { return revision > 0; }
    };
    // Validates and, when there are no errors, saves the configuration as the next revision
    // after the newest stored one. Leases are untouched.
    static SaveResult save(LeaseStore &store, Configuration config);
};

} // namespace leasedesk
