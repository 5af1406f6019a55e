#include "engine/packetevent.h"

#include "proto/dhcpmessage.h"

namespace leasedesk {

QString PacketEvent::summary() const
{
    const QString type = messageType
        ? QString::fromLatin1(proto::messageTypeName(messageType).data())
        : QStringLiteral("packet");
    const QString who = hardwareAddress.isEmpty() ? QString::fromStdString(peer.toString())
                                                  : QString::fromLatin1(hardwareAddress.toHex(':'));
    const QString head =
        QStringLiteral("%1 %2 %3 xid 0x%4 %5 %6")
            .arg(interfaceName.isEmpty() ? QStringLiteral("-") : interfaceName,
                 direction == Direction::Received ? QStringLiteral("<") : QStringLiteral(">"),
                 type.isEmpty() ? QStringLiteral("type %1").arg(messageType) : type)
            .arg(xid, 8, 16, QLatin1Char('0'))
            .arg(direction == Direction::Received ? QStringLiteral("from") : QStringLiteral("to"),
                 who);
    return reason.isEmpty() ? head : head + QStringLiteral(": ") + reason;
}

} // namespace leasedesk
