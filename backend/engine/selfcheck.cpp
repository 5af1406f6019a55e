#include "engine/selfcheck.h"

#include <QNetworkInterface>
#include <QStringList>

namespace leasedesk {

namespace {

NetworkEvent finding(const QString &interfaceName, NetworkEvent::Severity severity,
                     const QString &text, qint64 nowMs)
{
    NetworkEvent e;
    e.kind = NetworkEvent::Kind::SelfCheck;
    e.severity = severity;
    e.timeMs = nowMs;
    e.interfaceName = interfaceName;
    e.text = text;
    return e;
}

QString cidr(const InterfaceAddress &a)
{
    return QStringLiteral("%1/%2")
        .arg(QString::fromStdString(a.address.toString()))
        .arg(a.prefixLength);
}

QList<InterfaceAddress> ipv4Of(const QNetworkInterface &i)
{
    QList<InterfaceAddress> out;
    for (const QNetworkAddressEntry &e : i.addressEntries())
        if (e.ip().protocol() == QAbstractSocket::IPv4Protocol)
            out.append({Ipv4Address(e.ip().toIPv4Address()), e.prefixLength()});
    return out;
}

} // namespace

QList<SelfCheck::Interface> SelfCheck::describe(const QStringList &names)
{
    QList<Interface> out;
    for (const QString &name : names) {
        const QNetworkInterface i = QNetworkInterface::interfaceFromName(name);
        if (!i.isValid()) {
            out.append({name, false, false, {}});
            continue;
        }
        out.append({name, true, i.flags().testFlag(QNetworkInterface::IsUp), ipv4Of(i)});
    }
    return out;
}

QStringList SelfCheck::directlyServed(const Configuration &config)
{
    QStringList out;
    for (const QNetworkInterface &i : QNetworkInterface::allInterfaces()) {
        const QList<InterfaceAddress> addresses = ipv4Of(i);
        const bool served = std::any_of(addresses.begin(), addresses.end(), [&](const auto &a) {
            return std::any_of(config.scopes.begin(), config.scopes.end(), [&](const Scope &s) {
                return s.enabled && s.containsAddress(a.address);
            });
        });
        if (served && !i.flags().testFlag(QNetworkInterface::IsLoopBack))
            out.append(i.name());
    }
    return out;
}

QList<NetworkEvent> SelfCheck::run(const Configuration &config, const QList<Interface> &interfaces,
                                   const Facilities &f, qint64 nowMs)
{
    QList<NetworkEvent> out;
    const QString all = QStringLiteral("all interfaces");
    if (!f.serverPort)
        out.append(finding(all, NetworkEvent::Severity::Critical,
                           QStringLiteral("UDP port 67 is not ours: ") + f.serverPortProblem,
                           nowMs));
    if (!f.probeProblem.isEmpty())
        out.append(finding(all, NetworkEvent::Severity::Warning,
                           QStringLiteral("conflict detection cannot probe: %1; addresses are "
                                          "offered without a check")
                               .arg(f.probeProblem),
                           nowMs));
    if (!f.clientPortProblem.isEmpty())
        out.append(finding(all, NetworkEvent::Severity::Warning,
                           QStringLiteral("other DHCP servers cannot be looked for: ")
                               + f.clientPortProblem,
                           nowMs));
    for (const Interface &i : interfaces)
        out += checkInterface(config, i, nowMs);
    return out;
}

QList<NetworkEvent> SelfCheck::checkInterface(const Configuration &config, const Interface &i,
                                              qint64 nowMs)
{
    using Severity = NetworkEvent::Severity;
    if (!i.exists)
        return {finding(i.name, Severity::Critical, QStringLiteral("there is no such interface"),
                        nowMs)};
    QList<NetworkEvent> out;
    if (!i.up)
        out.append(finding(i.name, Severity::Critical,
                           QStringLiteral("the interface is down: nothing arrives on it"), nowMs));
    if (i.addresses.isEmpty()) {
        out.append(finding(i.name, Severity::Critical,
                           QStringLiteral("no IPv4 address: clients on it cannot be answered"),
                           nowMs));
        return out;
    }
    QStringList served;
    QStringList unserved;
    for (const InterfaceAddress &a : i.addresses) {
        const auto scope =
            std::find_if(config.scopes.begin(), config.scopes.end(),
                         [&](const Scope &s) { return s.enabled && s.containsAddress(a.address); });
        if (scope != config.scopes.end())
            served << QStringLiteral("scope %1 directly on %2").arg(scope->name, cidr(a));
        else
            unserved << cidr(a);
    }
    if (!served.isEmpty())
        out.append(finding(
            i.name, Severity::Info,
            QStringLiteral("port 67 bound; serving ") + served.join(QStringLiteral(", ")), nowMs));
    else
        out.append(finding(i.name, Severity::Warning,
                           QStringLiteral("%1 is in no scope: only relayed requests (giaddr) "
                                          "will be answered here")
                               .arg(unserved.join(QStringLiteral(", "))),
                           nowMs));
    return out;
}

QList<NetworkEvent> SelfCheck::answersFound(const QStringList &interfaces,
                                            const QList<RogueServer> &answers, quint32 listenS,
                                            qint64 nowMs)
{
    QList<NetworkEvent> out;
    for (const QString &name : interfaces) {
        QStringList others;
        for (const RogueServer &s : answers)
            if (s.interfaceName == name)
                others << QString::fromStdString(s.serverId.toString())
                        + (s.allowed ? QStringLiteral(" (known)") : QString());
        out.append(
            others.isEmpty() ? finding(
                name, NetworkEvent::Severity::Info,
                QStringLiteral("no other DHCP server answered within %1 s").arg(listenS), nowMs)
                             : finding(name, NetworkEvent::Severity::Warning,
                                       QStringLiteral("another DHCP server already answers here: ")
                                           + others.join(QStringLiteral(", ")),
                                       nowMs));
    }
    return out;
}

} // namespace leasedesk
