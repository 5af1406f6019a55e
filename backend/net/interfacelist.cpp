#include "net/interfacelist.h"

#include <QNetworkInterface>

namespace leasedesk {

namespace {

// Six octets, and not the all-zero address the loopback reports.
QByteArray macOf(const QNetworkInterface &i)
{
    const QByteArray mac =
        QByteArray::fromHex(i.hardwareAddress().remove(QLatin1Char(':')).toLatin1());
    if (mac.size() != 6 || mac.count('\0') == 6)
        return {};
    return mac;
}

NetworkInterfaceInfo describe(const QNetworkInterface &i)
{
    NetworkInterfaceInfo info;
    info.name = i.name();
    info.mac = macOf(i);
    // Up means usable now: switched on and with a carrier (a cable, an associated radio).
    info.up = i.flags().testFlags(QNetworkInterface::IsUp | QNetworkInterface::IsRunning);
    info.loopback = i.flags().testFlag(QNetworkInterface::IsLoopBack);
    for (const QNetworkAddressEntry &e : i.addressEntries()) {
        if (e.ip().protocol() != QAbstractSocket::IPv4Protocol)
            continue;
        info.address = Ipv4Address(e.ip().toIPv4Address());
        info.prefixLength = e.prefixLength();
        break;
    }
    return info;
}

} // namespace

QList<NetworkInterfaceInfo> listNetworkInterfaces()
{
    QList<NetworkInterfaceInfo> out;
    const QList<QNetworkInterface> all = QNetworkInterface::allInterfaces();
    out.reserve(all.size());
    for (const QNetworkInterface &i : all)
        out.append(describe(i));
    return out;
}

} // namespace leasedesk
