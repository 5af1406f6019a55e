#pragma once

#include "net/uniquefd.h"

#include <QStringList>

namespace leasedesk {

// The privileged sockets PrivilegedSockets opened in main(), on their way to the engine
// thread. Invalid ones mean "without this": no serving (udp), no link unicast (packet), no
// ICMP or ARP probes (icmp, arp), no rogue server detection (client). problems says why.
struct EngineSockets
{
    UniqueFd udp;
    UniqueFd packet;
    UniqueFd icmp;
    UniqueFd arp;
    UniqueFd client;
    QStringList problems;
    // Serve nobody: run the simulated lab (virtual clients, a squatter, a rogue server) in
    // memory instead, with this many clients (issue 6). The database is not touched.
    int simulatedClients = 0;
    double simulatedSpeed = 1; // lab seconds per real second (tests run it faster)
    bool simulatedSquatter = true; // a machine squatting on a pool address
    bool simulatedRogue = true; // another DHCP server on the lab's wire
};

} // namespace leasedesk
