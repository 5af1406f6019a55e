#pragma once

#include "core/packetio.h"

#include <QString>

#include <cstdint>
#include <span>

namespace leasedesk {

// Carries out a delivery decision of the server logic (design.md: core decides, the engine
// sends through a Transport). The real one is DhcpSocket; MemoryTransport records for tests.
class Transport
{
public:
    virtual ~Transport() = default;

    // Sends one DHCP message (the UDP payload) where `d` says (RFC 2131 §4.1, conformance
    // C6). Returns false when it could not be sent, and then sets *error (when not null) to
    // a sentence for people that names the destination and the reason.
    virtual bool send(std::span<const std::uint8_t> dhcpPayload, const Destination &d,
                      QString *error) = 0;

protected:
    Transport() = default;
    Transport(const Transport &) = default;
    Transport &operator=(const Transport &) = default;
};

} // namespace leasedesk
