#include "core/statisticssample.h"

#include "proto/dhcpmessage.h"

namespace leasedesk {

void TrafficCounts::add(quint8 messageType)
{
    using proto::MessageType;
    switch (MessageType(messageType)) {
    case MessageType::Discover: ++discover; break;
    case MessageType::Offer: ++offer; break;
    case MessageType::Request: ++request; break;
    case MessageType::Decline: ++decline; break;
    case MessageType::Ack: ++ack; break;
    case MessageType::Nak: ++nak; break;
    case MessageType::Release: ++release; break;
    case MessageType::Inform: ++inform; break;
    default: break;
    }
}

TrafficCounts &TrafficCounts::operator+=(const TrafficCounts &o)
{
    const auto mine = fields(*this);
    const auto theirs = fields(o);
    for (std::size_t i = 0; i < mine.size(); ++i)
        *mine[i] += *theirs[i];
    return *this;
}

TrafficCounts TrafficCounts::operator-(const TrafficCounts &earlier) const
{
    TrafficCounts d;
    const auto out = fields(d);
    const auto now = fields(*this);
    const auto before = fields(earlier);
    for (std::size_t i = 0; i < out.size(); ++i)
        *out[i] = *now[i] - *before[i];
    return d;
}

const ScopeUtilization *StatisticsSample::scope(const QString &name) const
{
    for (const ScopeUtilization &s : scopes)
        if (s.scope == name)
            return &s;
    return nullptr;
}

} // namespace leasedesk
