#pragma once

#include "core/configuration.h"

#include <QList>
#include <QString>

namespace leasedesk {

struct ValidationIssue
{
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    QString path; // as in the JSON: "scopes[0].ranges[1].end"
    QString message; // a sentence a lab admin understands

    bool isError() const { return severity == Severity::Error; }
    QString toString() const; // "error: scopes[0].router: …"
    bool operator==(const ValidationIssue &) const = default;
};

// Checks a configuration as a whole and returns every error and warning, not just the first:
// an admin fixing a file wants the full list. Errors make the configuration unusable;
// warnings describe something legal that is probably a mistake.
class ConfigurationValidator
{
public:
    static QList<ValidationIssue> validate(const Configuration &config);
    static bool hasErrors(const QList<ValidationIssue> &issues);
};

} // namespace leasedesk
