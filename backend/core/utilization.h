#pragma once

#include "core/allocationengine.h"
#include "core/configuration.h"
#include "core/statisticssample.h"

#include <QList>

namespace leasedesk {

// How full every scope of `config` is at nowS (issue 8), in configuration order. Lease states
// are read as the allocation engine reads them (an offer past its hold is free again, a
// binding past its end is expired and so free). Leases outside a scope's ranges and
// reservations (left over from an earlier configuration) are not counted. One pass over the
// leases: 65,000 leases take a few milliseconds.
QList<ScopeUtilization> computeUtilization(const Configuration &config,
                                           const AllocationEngine &allocations, qint64 nowS);

} // namespace leasedesk
