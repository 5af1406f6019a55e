#pragma once

#include "core/configuration.h"

#include <QByteArray>
#include <QStringList>

#include <optional>

namespace leasedesk {

struct ConfigurationImport
{
    std::optional<Configuration> configuration;
    // Every problem found, each starting with its JSON path: "scopes[0].ranges[1].end:
    // \"198.18.1.300\" is not an IPv4 address". Empty when configuration is set.
    QStringList errors;
};

// LeaseDesk's configuration file (design.md, "Configuration JSON", with the extensions in
// docs/configuration.md). Reading checks the shape (unknown keys, types, address syntax);
// ConfigurationValidator checks the meaning.
class ConfigurationJson
{
public:
    static ConfigurationImport fromJson(const QByteArray &json);
    // Keys that hold their default value are left out, so a file stays as short as the one
    // the admin wrote; reading it back gives an equal Configuration.
    static QByteArray toJson(const Configuration &config);
};

} // namespace leasedesk
