#include "core/configurationstore.h"

#include "core/configurationjson.h"

namespace leasedesk {

std::optional<Configuration> ConfigurationStore::load(const LeaseStore &store, QString *error)
{
    QByteArray json;
    qint64 revision = 0;
    const StoreStatus status = store.loadConfiguration(&json, &revision);
    if (!status.ok()) {
        if (error)
            *error = status.error;
        return std::nullopt;
    }
    if (json.isEmpty())
        return Configuration{};
    ConfigurationImport parsed = ConfigurationJson::fromJson(json);
    if (!parsed.configuration) {
        if (error)
            *error = QStringLiteral("the stored configuration (revision %1) cannot be read: %2")
                         .arg(revision)
                         .arg(parsed.errors.join(QStringLiteral("; ")));
        return std::nullopt;
    }
    parsed.configuration->revision = revision;
    return parsed.configuration;
}

ConfigurationStore::SaveResult ConfigurationStore::save(LeaseStore &store, Configuration config)
{
    SaveResult result;
    result.issues = ConfigurationValidator::validate(config);
    if (ConfigurationValidator::hasErrors(result.issues))
        return result;
    QByteArray current;
    qint64 currentRevision = 0;
    if (const StoreStatus s = store.loadConfiguration(&current, &currentRevision); !s.ok()) {
        result.storeError = s.error;
        return result;
    }
    config.revision = currentRevision + 1;
    if (const StoreStatus s =
            store.saveConfiguration(ConfigurationJson::toJson(config), config.revision);
        !s.ok()) {
        result.storeError = s.error;
        return result;
    }
    result.revision = config.revision;
    return result;
}

} // namespace leasedesk
