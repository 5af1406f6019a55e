#pragma once

#include "net/uniquefd.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <sys/types.h>

namespace leasedesk::test {

// A network of the test's own, for socket tests that run as root (CI does).
//
// The rule these helpers keep: the test never touches this machine's interfaces or routes
// and sends nothing anywhere but inside namespaces it made, with addresses from
// 198.18.0.0/15 only (RFC 2544's benchmarking block).
//
// How: PrivateNetwork moves the test's thread into a new, empty network namespace
// (unshare(CLONE_NEWNET), network_namespaces(7)); everything the test opens or creates from
// then on lives there. NetworkLab then makes a second, anonymous namespace for the "peers"
// (the clients and relays on the other end of the wire) and veth pairs between the two.
// Neither namespace has a name (nothing appears in `ip netns list`): each lives only while
// this process holds a descriptor or socket in it, so the kernel removes both, with every
// link and route in them, when the process ends, even after a crash. NetworkLab also deletes
// its links on destruction, so a failed test leaves nothing behind either.

// Enters the private namespace. The tests run on one thread, and namespaces belong to
// threads, so everything the test does afterwards happens in it.
class PrivateNetwork
{
public:
    // Empty on success, otherwise why not (not root, no CAP_SYS_ADMIN, a seccomp policy),
    // for a QSKIP message.
    QString enter();
    // True only while the calling thread is in a namespace other than the one it started in.
    bool isEntered() const;

private:
    ino_t m_original = 0;
    bool m_entered = false;
};

// A veth pair: `name` in the test's namespace, `peerName` in the peer namespace.
struct VethLink
{
    QString name;
    QString peerName;
    QByteArray mac; // six octets
    QByteArray peerMac;
    QString address; // "198.18.0.1/24", empty for none
    QString peerAddress;
    int index = 0; // filled in by NetworkLab::addLink
    int peerIndex = 0;
};

class NetworkLab
{
public:
    // Needs `network` entered and still empty (only "lo"): a last guard against ever
    // running `ip link add` in the machine's own namespace.
    static std::unique_ptr<NetworkLab> create(const PrivateNetwork &network, QString *error);
    ~NetworkLab();
    NetworkLab(const NetworkLab &) = delete;
    NetworkLab &operator=(const NetworkLab &) = delete;

    // Creates the pair, sets the MACs and addresses and brings both ends up.
    QString addLink(VethLink &link);
    // `ip ARGS` in the test's namespace or in the peer namespace; empty on success, else
    // the command and its error output.
    QString ip(const QStringList &arguments);
    QString peerIp(const QStringList &arguments);
    // Sets a net.ipv4.* sysctl of the peer namespace (those belong to the namespace of the
    // thread that opens them under /proc/sys); empty on success, else why not. Other keys
    // are refused: many of them are global to the machine.
    QString peerSysctl(const QString &key, const QString &value);
    // A socket created inside the peer namespace (sockets stay in the namespace they were
    // created in, whatever thread uses them later).
    UniqueFd peerSocket(int domain, int type, int protocol);

private:
    NetworkLab() = default;
    QString run(const QStringList &arguments, int namespaceFd);
    QString peerNamespacePath() const;

    UniqueFd m_home;
    UniqueFd m_peer;
    QStringList m_links;
};

} // namespace leasedesk::test
