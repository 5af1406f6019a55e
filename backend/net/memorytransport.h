#pragma once

#include "net/transport.h"

#include <QByteArray>
#include <QList>

namespace leasedesk {

// A Transport for tests: records every message and where it was meant to go, and sends
// nothing. It can be told to fail, to test what the caller does when a send fails.
class MemoryTransport : public Transport
{
public:
    struct Sent
    {
        QByteArray payload;
        Destination destination;
        bool operator==(const Sent &) const = default;
    };

    bool send(std::span<const std::uint8_t> dhcpPayload, const Destination &d,
              QString *error) override;

    const QList<Sent> &sent() const { return m_sent; }
    void clear() { m_sent.clear(); }

    // While set, send() records nothing and fails with this error; an empty string succeeds.
    void setFailure(const QString &error) { m_failure = error; }

private:
    QList<Sent> m_sent;
    QString m_failure;
};

} // namespace leasedesk
