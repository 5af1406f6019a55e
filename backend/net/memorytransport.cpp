#include "net/memorytransport.h"

namespace leasedesk {

bool MemoryTransport::send(std::span<const std::uint8_t> dhcpPayload, const Destination &d,
                           QString *error)
{
    if (!m_failure.isEmpty()) {
        if (error)
            *error = m_failure;
        return false;
    }
    const QByteArray payload(reinterpret_cast<const char *>(dhcpPayload.data()),
                             qsizetype(dhcpPayload.size()));
    m_sent.append(Sent{payload, d});
    return true;
}

} // namespace leasedesk
