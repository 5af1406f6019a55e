#pragma once

#include "proto/ipv4address.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

namespace leasedesk {

using proto::Ipv4Address;

// One network interface of the machine as the console offers it for serving (issue 6):
// enough to choose it and to propose a scope from its address. Declared here, not in
// engine/servingstate.h, because net may not include the engine (tests/layering.cmake).
struct NetworkInterfaceInfo
{
    QString name; // "enp3s0"
    QByteArray mac; // empty for interfaces without one (loopback, tun)
    Ipv4Address address; // its first IPv4 address; 0.0.0.0 when it has none
    int prefixLength = 0;
    bool up = false;
    bool loopback = false;
    bool operator==(const NetworkInterfaceInfo &) const = default;
};

// Every interface of the machine, as the kernel lists them now.
QList<NetworkInterfaceInfo> listNetworkInterfaces();

} // namespace leasedesk

Q_DECLARE_METATYPE(leasedesk::NetworkInterfaceInfo)
