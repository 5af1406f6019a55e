#pragma once

#include "core/configuration.h"

#include <QByteArray>
#include <QStringList>

namespace leasedesk {

struct KeaExportResult
{
    QByteArray json;
    // What Kea 2.2 cannot express, in sentences for the admin ("offer_delay_ms of scope lab
    // has no kea-dhcp4 equivalent and is left out").
    QStringList notes;
};

// Writes a kea-dhcp4 configuration equivalent to a LeaseDesk one: the road for a lab that
// outgrows one machine. Pools are the ranges minus the exclusions; reservations by MAC and
// client-id; scope and reservation options; lease times; per-architecture boot files and MAC
// allow/deny lists as client classes.
class KeaExporter
{
public:
    static KeaExportResult exportConfiguration(const Configuration &config);
};

} // namespace leasedesk
