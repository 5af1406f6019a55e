#pragma once

#include "core/configuration.h"
#include "core/networkwatch.h"
#include "core/packetio.h"

#include <QList>
#include <QString>

namespace leasedesk {

// The start-up self-check of each served interface (issue 5): is port 67 ours, which scope
// does the interface serve directly, can conflicts be probed there. The third question,
// "does another DHCP server already answer here", is RogueWatch's first round
// (answersFound). Each finding is a NetworkEvent of kind SelfCheck; the GUI lists them and
// leasedesk-server prints them.
class SelfCheck
{
public:
    struct Interface
    {
        QString name;
        bool exists = true;
        bool up = true;
        QList<InterfaceAddress> addresses;
    };
    struct Facilities
    {
        bool serverPort = false; // UDP 67 is bound
        QString serverPortProblem; // why not
        QString probeProblem; // why the configured probe method cannot be used; empty: it can
        QString clientPortProblem; // why rogue servers cannot be looked for; empty: they can
    };

    static QList<NetworkEvent> run(const Configuration &config, const QList<Interface> &interfaces,
                                   const Facilities &facilities, qint64 nowMs);
    // The outcome of the first rogue-server round on each interface probed.
    static QList<NetworkEvent> answersFound(const QStringList &interfaces,
                                            const QList<RogueServer> &answers, quint32 listenS,
                                            qint64 nowMs);

    // The machine's view of the named interfaces (QNetworkInterface).
    static QList<Interface> describe(const QStringList &names);
    // The interfaces whose IPv4 address lies in an enabled scope.
    static QStringList directlyServed(const Configuration &config);

private:
    static QList<NetworkEvent> checkInterface(const Configuration &config, const Interface &i,
                                              qint64 nowMs);
};

} // namespace leasedesk
