#include "core/packetio.h"

namespace leasedesk {

QString destinationText(const Destination &d)
{
    const QString where =
        QString::fromStdString(d.address.toString()) + QLatin1Char(':') + QString::number(d.port);
    switch (d.kind) {
    case Destination::Kind::Relay: return where + QStringLiteral(" (relay)");
    case Destination::Kind::Unicast: return where + QStringLiteral(" (unicast)");
    case Destination::Kind::Broadcast: return where + QStringLiteral(" (broadcast)");
    case Destination::Kind::LinkUnicast:
        return where + QStringLiteral(" at ") + QString::fromLatin1(d.hardwareAddress.toHex(':'))
            + QStringLiteral(" (link unicast)");
    }
    return where;
}

} // namespace leasedesk
