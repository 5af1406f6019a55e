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
    discover += o.discover;
    offer += o.offer;
    request += o.request;
    decline += o.decline;
    ack += o.ack;
    nak += o.nak;
    release += o.release;
    inform += o.inform;
    return *this;
}

const ScopeUtilization *StatisticsSample::scope(const QString &name) const
{
    for (const ScopeUtilization &s : scopes)
        if (s.scope == name)
            return &s;
    return nullptr;
}

} // namespace leasedesk
