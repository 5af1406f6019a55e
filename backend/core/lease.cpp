#include "core/lease.h"

#include <array>

namespace leasedesk {

namespace {
constexpr std::array<const char *, 6> StateNames = {"offered", "bound",    "released",
                                                    "expired", "declined", "conflict"};
}

QString leaseStateName(LeaseState state)
{
    return QString::fromLatin1(StateNames[std::size_t(state)]);
}

QLatin1String leaseStateKey(LeaseState state)
{
    return QLatin1String(StateNames[std::size_t(state)]);
}

std::optional<LeaseState> leaseStateFromName(const QString &name)
{
    for (std::size_t i = 0; i < StateNames.size(); ++i)
        if (name == QLatin1String(StateNames[i]))
            return LeaseState(i);
    return std::nullopt;
}

} // namespace leasedesk
