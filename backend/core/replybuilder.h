#pragma once

#include "core/configuration.h"
#include "core/packetio.h"
#include "core/server.h"
#include "proto/dhcpmessage.h"

namespace leasedesk {

struct ReplySpec
{
    proto::MessageType type = proto::MessageType::Offer;
    Ipv4Address yiaddr;
    Ipv4Address serverId;
    const Scope *scope = nullptr; // options come from here...
    const Reservation *reservation = nullptr; // ...and are overridden from here
    std::optional<quint32> leaseTime; // none for INFORM and NAK
    QString nakMessage; // option 56 of a NAK
    bool echoCiaddr = false; // ACK to RENEWING, REBINDING and INFORM
};

// Builds and sizes replies (RFC 2131 §4.3.1, Table 3; RFC 2132; RFC 3046 §2.2; RFC 6842 §3)
// and picks where they go (RFC 2131 §4.1). See docs/server.md for the choices made where the
// RFCs leave one.
class ReplyBuilder
{
public:
    static Reply build(const proto::DhcpMessage &request, const ReceiveInfo &info,
                       const ReplySpec &spec);
    static Destination destinationFor(const proto::DhcpMessage &request,
                                      const proto::DhcpMessage &reply, const ReceiveInfo &info,
                                      Ipv4Address serverId);
};

} // namespace leasedesk
