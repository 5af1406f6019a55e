#pragma once

#include "net/uniquefd.h"
#include "proto/ipv4address.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <memory>
#include <span>
#include <sys/types.h>

// QCOMPARE prints addresses with this (QTest finds it by argument-dependent lookup).
namespace leasedesk::proto {
char *toString(const Ipv4Address &address);
} // namespace leasedesk::proto

Q_DECLARE_METATYPE(leasedesk::proto::Ipv4Address)

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

    // The addresses without their prefix length; 0.0.0.0 for none.
    proto::Ipv4Address ipv4() const;
    proto::Ipv4Address peerIpv4() const;
};

class NetworkLab
{
public:
    // Needs `network` entered and still empty (only "lo"): a last guard against ever
    // running `ip link add` in the machine's own namespace.
    static std::unique_ptr<NetworkLab> create(const PrivateNetwork &network, QString *error);
    // What every socket test's initTestCase() does first: enters `network`, creates the lab
    // in it and adds `links`. Without root or namespaces: nothing, and *skip says why (for
    // QSKIP); when a link fails: nothing, and *error says why.
    static std::unique_ptr<NetworkLab>
    start(PrivateNetwork &network, const QList<VethLink *> &links, QString *skip, QString *error);
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

    // Sends `payload` out of the peer end `peerIndex` in a frame to `destinationMac` with
    // EtherType `etherType` and the peer's MAC as the source (packet(7), SOCK_DGRAM: the
    // kernel writes the Ethernet header): what a client without an address, a server
    // answering one, or ARP sends. Empty on success, else why not.
    QString sendPeerFrame(int peerIndex, quint16 etherType, const QByteArray &destinationMac,
                          std::span<const std::uint8_t> payload);
    // Sends a UDP datagram from the peer namespace, from `from`:`fromPort` (an address of
    // the peer's, so it leaves through that address's interface) to `to`:`toPort`, which
    // may be 255.255.255.255. Empty on success, else why not.
    QString sendPeerUdp(proto::Ipv4Address from, quint16 fromPort, proto::Ipv4Address to,
                        quint16 toPort, const QByteArray &payload);

private:
    NetworkLab() = default;
    QString run(const QStringList &arguments, int namespaceFd);
    QString peerNamespacePath() const;

    UniqueFd m_home;
    UniqueFd m_peer;
    UniqueFd m_peerPacket; // for sendPeerFrame, opened on first use
    QStringList m_links;
};

// Test data the socket tests share.

// How long a test waits for something to arrive (on a veth, within milliseconds), and how
// long it watches to see that nothing does.
inline constexpr int kArrivalTimeoutMs = 3000;
inline constexpr int kSilenceMs = 300;

// 02:00:00:00:<subnet>:<last>, a locally administered unicast MAC.
QByteArray mac(quint8 last, quint8 subnet = 0);
// A DHCP-sized payload that says what it is; the socket layer does not parse it. The filler
// is not zero, so that an odd length puts a real octet in the checksum's last word.
QByteArray message(const QByteArray &label, int size = 300);
std::span<const std::uint8_t> bytes(const QByteArray &data);

} // namespace leasedesk::test
