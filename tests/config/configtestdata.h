#pragma once

#include "core/configurationjson.h"

#include <QFile>
#include <QString>

// Reads a configuration from tests/data/config; an empty optional when the file is missing or
// does not parse (the tests say which).
inline std::optional<leasedesk::Configuration> loadTestConfig(const QString &name)
{
    QFile file(QStringLiteral(LEASEDESK_TEST_DATA "/config/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return leasedesk::ConfigurationJson::fromJson(file.readAll()).configuration;
}
