#include "net/privilegedsockets.h"

#include "net/bootreplyfilter.h"
#include "net/udpportowners.h"

#include <arpa/inet.h>
#include <cerrno>
#include <filesystem>
#include <linux/capability.h>
#include <linux/icmp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/securebits.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace leasedesk {

namespace {

constexpr int kSocketFlags = SOCK_NONBLOCK | SOCK_CLOEXEC;

QString executablePath()
{
    std::error_code ec;
    const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? QStringLiteral("/path/to/leasedesk") : QString::fromStdString(exe.string());
}

// The installer grants exactly these two (design.md); the hint names the running binary.
QString grantHint()
{
    return QStringLiteral("Run as root, or grant the capabilities: sudo setcap "
                          "cap_net_bind_service,cap_net_raw+ep %1")
        .arg(executablePath());
}

bool isPermissionError(int error)
{
    return error == EACCES || error == EPERM;
}

QString errorText(int error)
{
    return qt_error_string(error);
}

bool enable(int fd, int level, int option)
{
    const int on = 1;
    return ::setsockopt(fd, level, option, &on, sizeof on) == 0;
}

QString portTakenProblem()
{
    const QStringList owners =
        UdpPortOwners::describe(UdpPortOwners::socketInodes(PrivilegedSockets::ServerPort));
    const QString who = owners.isEmpty() ? QStringLiteral("sudo ss -ulpn 'sport = :67' shows which")
                                         : owners.join(QStringLiteral("; "));
    return QStringLiteral("port 67 is already in use by another DHCP server on this machine "
                          "(%1). Stop that server first: two DHCP servers on one network hand "
                          "out conflicting addresses.")
        .arg(who);
}

// SO_REUSEADDR lets a second socket bind 0.0.0.0:67 when the first one set it too (socket(7));
// then both receive the clients' broadcasts, which is a problem worth naming.
QString sharedPortProblem(int ownFd)
{
    struct stat own = {};
    if (::fstat(ownFd, &own) != 0)
        return {};
    QList<quint64> others = UdpPortOwners::socketInodes(PrivilegedSockets::ServerPort);
    others.removeAll(quint64(own.st_ino));
    if (others.isEmpty())
        return {};
    return QStringLiteral("another program also listens on UDP port 67 (%1): both receive the "
                          "clients' requests and both may answer. Stop it before serving.")
        .arg(UdpPortOwners::describe(others).join(QStringLiteral("; ")));
}

// Every interface (index 0), IPv4 frames only (packet(7), "Address types").
bool bindToIpv4(int fd)
{
    sockaddr_ll any = {};
    any.sll_family = AF_PACKET;
    any.sll_protocol = htons(ETH_P_IP);
    any.sll_ifindex = 0;
    return ::bind(fd, reinterpret_cast<const sockaddr *>(&any), sizeof any) == 0;
}

// Raw capget/capset (capget(2)) rather than libcap: three 32-bit words per set in version 3.
using CapabilityData = __user_cap_data_struct[_LINUX_CAPABILITY_U32S_3];

bool readCapabilities(CapabilityData &data)
{
    __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    return ::syscall(SYS_capget, &header, &data[0]) == 0;
}

bool clearCapabilities()
{
    __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    CapabilityData none = {};
    return ::syscall(SYS_capset, &header, &none[0]) == 0;
}

bool hasEffective(const CapabilityData &data, int capability)
{
    return data[capability / 32].effective & (1U << (capability % 32));
}

bool isEmpty(const CapabilityData &data)
{
    for (const auto &word : data) {
        if (word.effective || word.permitted || word.inheritable)
            return false;
    }
    return true;
}

// The bounding set limits what any later execve could grant; PR_CAPBSET_READ fails with
// EINVAL past the last capability this kernel knows.
void dropBoundingSet(QStringList *failures)
{
    for (int cap = 0; ::prctl(PR_CAPBSET_READ, cap, 0, 0, 0) >= 0; ++cap) {
        if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
            *failures << QStringLiteral("cannot drop capability %1 from the bounding set: %2.")
                             .arg(cap)
                             .arg(errorText(errno));
            return;
        }
    }
}

// Root (uid 0) regains every capability on execve unless SECBIT_NOROOT is set
// (capabilities(7), "The securebits flags"); locked so it cannot be cleared again.
void lockOutRoot(QStringList *failures)
{
    const unsigned long bits = SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP
        | SECBIT_NO_SETUID_FIXUP_LOCKED | SECBIT_KEEP_CAPS_LOCKED;
    if (::prctl(PR_SET_SECUREBITS, bits, 0, 0, 0) != 0)
        *failures << QStringLiteral("cannot set the securebits: %1.").arg(errorText(errno));
}

int threadCount()
{
    std::error_code ec;
    int count = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/task", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
        ++count;
    return count;
}

} // namespace

PrivilegedSockets PrivilegedSockets::open()
{
    PrivilegedSockets sockets;
    sockets.openUdp();
    sockets.openPacket();
    sockets.openIcmp();
    sockets.openArp();
    sockets.openClient();
    return sockets;
}

void PrivilegedSockets::openUdp()
{
    UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | kSocketFlags, IPPROTO_UDP));
    if (!fd.isValid()) {
        m_problems << QStringLiteral("cannot open a UDP socket: %1.").arg(errorText(errno));
        return;
    }
    if (!enable(fd.get(), SOL_SOCKET, SO_REUSEADDR) || !enable(fd.get(), SOL_SOCKET, SO_BROADCAST)
        || !enable(fd.get(), IPPROTO_IP, IP_PKTINFO)) {
        m_problems << QStringLiteral("cannot configure the DHCP socket: %1.").arg(errorText(errno));
        return;
    }
    sockaddr_in any = {};
    any.sin_family = AF_INET;
    any.sin_port = htons(ServerPort);
    any.sin_addr.s_addr = htonl(INADDR_ANY);
    if (::bind(fd.get(), reinterpret_cast<const sockaddr *>(&any), sizeof any) != 0) {
        const int error = errno;
        if (isPermissionError(error))
            m_problems << QStringLiteral("cannot bind UDP port 67: permission denied, so no DHCP "
                                         "request can be answered. ")
                    + grantHint();
        else if (error == EADDRINUSE)
            m_problems << portTakenProblem();
        else
            m_problems << QStringLiteral("cannot bind UDP port 67: %1.").arg(errorText(error));
        return;
    }
    // Sharing the port is refused like a taken port: two servers answering the same clients
    // is the outage LeaseDesk exists to prevent (issue 4: a busy port 67 is an error).
    if (const QString shared = sharedPortProblem(fd.get()); !shared.isEmpty()) {
        m_problems << shared;
        return;
    }
    m_udp = std::move(fd);
}

void PrivilegedSockets::openPacket()
{
    UniqueFd fd(::socket(AF_PACKET, SOCK_DGRAM | kSocketFlags, 0));
    if (fd.isValid()) {
        m_packet = std::move(fd);
        return;
    }
    const int error = errno;
    if (isPermissionError(error))
        m_problems << QStringLiteral("cannot open a packet socket: permission denied "
                                     "(CAP_NET_RAW), so replies to clients that have no address "
                                     "yet are broadcast instead (RFC 2131 §4.1 allows it). ")
                + grantHint();
    else
        m_problems << QStringLiteral("cannot open a packet socket: %1.").arg(errorText(error));
}

void PrivilegedSockets::openIcmp()
{
    UniqueFd fd(::socket(AF_INET, SOCK_RAW | kSocketFlags, IPPROTO_ICMP));
    if (!fd.isValid()) {
        const int error = errno;
        if (isPermissionError(error))
            m_problems << QStringLiteral("cannot open an ICMP socket: permission denied "
                                         "(CAP_NET_RAW), so addresses cannot be pinged before "
                                         "they are offered. ")
                    + grantHint();
        else
            m_problems << QStringLiteral("cannot open an ICMP socket: %1.").arg(errorText(error));
        return;
    }
    // Only echo replies matter to a conflict probe; the rest would only fill the queue
    // (raw(7), ICMP_FILTER: a set bit filters that type out).
    icmp_filter filter = {};
    filter.data = ~(1U << ICMP_ECHOREPLY);
    if (::setsockopt(fd.get(), SOL_RAW, ICMP_FILTER, &filter, sizeof filter) != 0) {
        m_problems << QStringLiteral("cannot filter the ICMP socket: %1.").arg(errorText(errno));
        return;
    }
    m_icmp = std::move(fd);
}

void PrivilegedSockets::openArp()
{
    UniqueFd fd(::socket(AF_PACKET, SOCK_DGRAM | kSocketFlags, htons(ETH_P_ARP)));
    if (fd.isValid()) {
        m_arp = std::move(fd);
        return;
    }
    const int error = errno;
    if (isPermissionError(error))
        m_problems << QStringLiteral("cannot open an ARP socket: permission denied "
                                     "(CAP_NET_RAW), so addresses cannot be checked with ARP "
                                     "before they are offered, and ARP traffic is not watched. ")
                + grantHint();
    else
        m_problems << QStringLiteral("cannot open an ARP socket: %1.").arg(errorText(error));
}

// Opened with protocol 0, which receives nothing (packet(7)); bound to ETH_P_IP only once
// the filter is in place. The drain takes whatever came through regardless.
void PrivilegedSockets::openClient()
{
    UniqueFd fd(::socket(AF_PACKET, SOCK_DGRAM | kSocketFlags, 0));
    if (!fd.isValid()) {
        const int error = errno;
        if (isPermissionError(error))
            m_problems << QStringLiteral("cannot open a packet socket for DHCP replies: "
                                         "permission denied (CAP_NET_RAW), so other DHCP "
                                         "servers on the network cannot be detected. ")
                    + grantHint();
        else
            m_problems << QStringLiteral("cannot open a packet socket for DHCP replies: %1.")
                              .arg(errorText(error));
        return;
    }
    if (!BootReplyFilter::attach(fd.get()) || !bindToIpv4(fd.get())) {
        m_problems << QStringLiteral("cannot set up the packet socket for DHCP replies: %1.")
                          .arg(errorText(errno));
        return;
    }
    BootReplyFilter::drain(fd.get());
    m_client = std::move(fd);
}

QString PrivilegedSockets::dropCapabilities()
{
    QStringList failures;
    CapabilityData current = {};
    if (!readCapabilities(current))
        return QStringLiteral("cannot read the capabilities: %1.").arg(errorText(errno));
    // Both need CAP_SETPCAP; without it (a binary given only the two setcap rights) the
    // bounding set cannot grant anything anyway once NO_NEW_PRIVS is set.
    if (hasEffective(current, CAP_SETPCAP)) {
        dropBoundingSet(&failures);
        lockOutRoot(&failures);
    }
    // EINVAL: a kernel older than 4.3 has no ambient set.
    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL)
        failures
            << QStringLiteral("cannot clear the ambient capabilities: %1.").arg(errorText(errno));
    if (!clearCapabilities())
        failures << QStringLiteral("cannot clear the capabilities: %1.").arg(errorText(errno));
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
        failures << QStringLiteral("cannot set no_new_privs: %1.").arg(errorText(errno));
    CapabilityData after = {};
    if (!readCapabilities(after) || !isEmpty(after))
        failures << QStringLiteral("capabilities are still held after dropping them.");
    if (const int threads = threadCount(); threads > 1)
        failures << QStringLiteral("%1 other threads keep their capabilities: drop them before "
                                   "any thread starts.")
                        .arg(threads - 1);
    return failures.join(QLatin1Char(' '));
}

} // namespace leasedesk
