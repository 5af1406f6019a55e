// PrivilegedSockets in a private network namespace of the test (port 67 there is the
// test's own; networklab.h): what it opens as root, the sentences it gives when port 67 is
// taken or rights are missing, and that dropCapabilities leaves none (checked in forked
// children, since dropping is for good).

#include "net/privilegedsockets.h"
#include "networklab.h"

#include <QCoreApplication>
#include <QFile>
#include <QTest>

#include <arpa/inet.h>
#include <fcntl.h>
#include <functional>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace leasedesk;
using namespace leasedesk::test;

namespace {

int intOption(int fd, int level, int option)
{
    int value = -1;
    socklen_t length = sizeof value;
    return ::getsockopt(fd, level, option, &value, &length) == 0 ? value : -1;
}

// A socket on 0.0.0.0:67 as another DHCP server would hold it.
UniqueFd blockPort67(bool reuseAddress)
{
    UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    const int on = 1;
    if (reuseAddress)
        ::setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_in any = {};
    any.sin_family = AF_INET;
    any.sin_port = htons(67);
    if (::bind(fd.get(), reinterpret_cast<const sockaddr *>(&any), sizeof any) != 0)
        return {};
    return fd;
}

// Runs `work` in a forked child (dropping capabilities cannot be undone) and returns what it
// wrote. The child is single-threaded, as main() is when it drops them.
QByteArray inChild(const std::function<QByteArray()> &work)
{
    int pipeFds[2];
    if (::pipe2(pipeFds, O_CLOEXEC) != 0)
        return "pipe failed";
    const pid_t child = ::fork();
    if (child == 0) {
        ::close(pipeFds[0]);
        const QByteArray out = work();
        const bool written = ::write(pipeFds[1], out.constData(), size_t(out.size())) == out.size();
        ::_exit(written ? 0 : 1);
    }
    ::close(pipeFds[1]);
    QByteArray out;
    char buffer[4096];
    for (ssize_t n; (n = ::read(pipeFds[0], buffer, sizeof buffer)) > 0;)
        out.append(buffer, n);
    ::close(pipeFds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    if (child < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
        out += "\nchild failed";
    return out;
}

// The protocol a packet socket receives (packet(7): getsockname gives it in sll_protocol).
int packetProtocol(int fd)
{
    sockaddr_ll address = {};
    socklen_t length = sizeof address;
    if (::getsockname(fd, reinterpret_cast<sockaddr *>(&address), &length) != 0)
        return -1;
    return ntohs(address.sll_protocol);
}

// The number of instructions of the attached classic BPF program (socket(7), SO_GET_FILTER
// with no room for them returns the count).
int filterLength(int fd)
{
    socklen_t length = 0;
    return ::getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, nullptr, &length) == 0 ? int(length) : -1;
}

// "CapEff:\t0000000000000000" lines of /proc/self/status (proc(5)).
QByteArray capabilityStatus()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return "cannot read /proc/self/status";
    QByteArray lines;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("Cap") || line.startsWith("NoNewPrivs"))
            lines += line.simplified() + '\n';
    }
    return lines;
}

} // namespace

class TestPrivilegedSockets : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void opensEverySocketAsRoot();
    void reportsPortInUseWithItsOwner();
    void reportsSharedPort();
    void explainsMissingCapabilities();
    void dropCapabilitiesLeavesNone();
    void closesWhatItStillOwns();

private:
    PrivateNetwork m_network;
};

void TestPrivilegedSockets::initTestCase()
{
    if (const QString why = m_network.enter(); !why.isEmpty())
        QSKIP(qPrintable(QStringLiteral("no private network: ") + why));
}

void TestPrivilegedSockets::opensEverySocketAsRoot()
{
    const PrivilegedSockets sockets = PrivilegedSockets::open();
    QVERIFY2(sockets.problems().isEmpty(), qPrintable(sockets.problems().join('\n')));

    const int udp = sockets.udpFd();
    sockaddr_in bound = {};
    socklen_t length = sizeof bound;
    QCOMPARE(::getsockname(udp, reinterpret_cast<sockaddr *>(&bound), &length), 0);
    QCOMPARE(ntohs(bound.sin_port), 67);
    QCOMPARE(bound.sin_addr.s_addr, htonl(INADDR_ANY));
    QCOMPARE(intOption(udp, SOL_SOCKET, SO_REUSEADDR), 1);
    QCOMPARE(intOption(udp, SOL_SOCKET, SO_BROADCAST), 1);
    QCOMPARE(intOption(udp, IPPROTO_IP, IP_PKTINFO), 1);

    QCOMPARE(intOption(sockets.packetFd(), SOL_SOCKET, SO_DOMAIN), AF_PACKET);
    QCOMPARE(intOption(sockets.packetFd(), SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
    QCOMPARE(intOption(sockets.icmpFd(), SOL_SOCKET, SO_TYPE), SOCK_RAW);
    QCOMPARE(intOption(sockets.icmpFd(), SOL_SOCKET, SO_PROTOCOL), int(IPPROTO_ICMP));

    // ARP: every ARP packet of every interface, for probes and passive watching.
    QCOMPARE(intOption(sockets.arpFd(), SOL_SOCKET, SO_DOMAIN), AF_PACKET);
    QCOMPARE(intOption(sockets.arpFd(), SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
    QCOMPARE(packetProtocol(sockets.arpFd()), ETH_P_ARP);
    QCOMPARE(filterLength(sockets.arpFd()), 0);
    // Client port: IPv4 of every interface, through the BOOTREPLY filter.
    QCOMPARE(intOption(sockets.clientFd(), SOL_SOCKET, SO_DOMAIN), AF_PACKET);
    QCOMPARE(intOption(sockets.clientFd(), SOL_SOCKET, SO_TYPE), SOCK_DGRAM);
    QCOMPARE(packetProtocol(sockets.clientFd()), ETH_P_IP);
    QCOMPARE(filterLength(sockets.clientFd()), 12);

    for (int fd :
         {udp, sockets.packetFd(), sockets.icmpFd(), sockets.arpFd(), sockets.clientFd()}) {
        QVERIFY(::fcntl(fd, F_GETFL) & O_NONBLOCK);
        QVERIFY(::fcntl(fd, F_GETFD) & FD_CLOEXEC);
    }
}

void TestPrivilegedSockets::reportsPortInUseWithItsOwner()
{
    const UniqueFd blocker = blockPort67(false);
    QVERIFY(blocker.isValid());
    const PrivilegedSockets sockets = PrivilegedSockets::open();
    QCOMPARE(sockets.udpFd(), -1);
    QVERIFY(sockets.packetFd() >= 0);
    QVERIFY(sockets.icmpFd() >= 0);
    QVERIFY(sockets.arpFd() >= 0);
    QVERIFY(sockets.clientFd() >= 0);
    QCOMPARE(sockets.problems().size(), 1);
    const QString problem = sockets.problems().first();
    QVERIFY2(problem.startsWith(QLatin1String("port 67 is already in use by another DHCP server "
                                              "on this machine ("))
                 && problem.contains(QStringLiteral(", pid %1)").arg(::getpid())),
             qPrintable(problem));
}

// With SO_REUSEADDR on both sockets the bind succeeds (socket(7)), and both would receive
// the clients' broadcasts: that is refused like a taken port, and said.
void TestPrivilegedSockets::reportsSharedPort()
{
    const UniqueFd other = blockPort67(true);
    QVERIFY(other.isValid());
    const PrivilegedSockets sockets = PrivilegedSockets::open();
    QCOMPARE(sockets.udpFd(), -1);
    QCOMPARE(sockets.problems().size(), 1);
    const QString problem = sockets.problems().first();
    QVERIFY2(problem.startsWith(QLatin1String("another program also listens on UDP port 67 ("))
                 && problem.contains(QStringLiteral("pid %1").arg(::getpid())),
             qPrintable(problem));
}

void TestPrivilegedSockets::explainsMissingCapabilities()
{
    const QByteArray out = inChild([] {
        const QString dropped = PrivilegedSockets::dropCapabilities();
        const PrivilegedSockets sockets = PrivilegedSockets::open();
        return (QStringLiteral("%1 %2 %3 %4 %5\n")
                    .arg(sockets.udpFd())
                    .arg(sockets.packetFd())
                    .arg(sockets.icmpFd())
                    .arg(sockets.arpFd())
                    .arg(sockets.clientFd())
                + dropped + '\n' + sockets.problems().join('\n'))
            .toUtf8();
    });
    const QStringList lines = QString::fromUtf8(out).split('\n');
    QCOMPARE(lines.size(), 7);
    QCOMPARE(lines.at(0), QStringLiteral("-1 -1 -1 -1 -1"));
    QCOMPARE(lines.at(1), QString());
    QVERIFY2(lines.at(2).startsWith(QLatin1String("cannot bind UDP port 67: permission denied")),
             qPrintable(lines.at(2)));
    QVERIFY2(
        lines.at(3).startsWith(QLatin1String("cannot open a packet socket: permission denied")),
        qPrintable(lines.at(3)));
    QVERIFY2(lines.at(4).startsWith(QLatin1String("cannot open an ICMP socket: permission denied")),
             qPrintable(lines.at(4)));
    QVERIFY2(lines.at(5).startsWith(QLatin1String("cannot open an ARP socket: permission denied")),
             qPrintable(lines.at(5)));
    QVERIFY2(lines.at(6).startsWith(QLatin1String("cannot open a packet socket for DHCP replies: "
                                                  "permission denied")),
             qPrintable(lines.at(6)));
    const QString hint = QStringLiteral("Run as root, or grant the capabilities: sudo setcap "
                                        "cap_net_bind_service,cap_net_raw+ep ")
        + QCoreApplication::applicationFilePath();
    for (int i = 2; i < 7; ++i)
        QVERIFY2(lines.at(i).endsWith(hint), qPrintable(lines.at(i)));
}

void TestPrivilegedSockets::dropCapabilitiesLeavesNone()
{
    const QByteArray out = inChild([] {
        const QString first = PrivilegedSockets::dropCapabilities();
        const QString second = PrivilegedSockets::dropCapabilities(); // nothing left: still fine
        return (first + '|' + second + '\n').toUtf8() + capabilityStatus();
    });
    const QByteArray zero = "0000000000000000";
    const QByteArray expected = "|\nCapInh: " + zero + "\nCapPrm: " + zero + "\nCapEff: " + zero
        + "\nCapBnd: " + zero + "\nCapAmb: " + zero + "\nNoNewPrivs: 1\n";
    QCOMPARE(out, expected);
}

void TestPrivilegedSockets::closesWhatItStillOwns()
{
    UniqueFd taken;
    int udp = -1;
    int packet = -1;
    {
        PrivilegedSockets sockets = PrivilegedSockets::open();
        udp = sockets.udpFd();
        packet = sockets.packetFd();
        taken = sockets.takeUdp();
        QCOMPARE(sockets.udpFd(), -1);
        const PrivilegedSockets moved = std::move(sockets);
        QCOMPARE(moved.packetFd(), packet);
        QCOMPARE(sockets.packetFd(), -1);
    }
    QCOMPARE(::fcntl(packet, F_GETFD), -1);
    QCOMPARE(taken.get(), udp);
    QVERIFY(::fcntl(udp, F_GETFD) >= 0);
}

QTEST_GUILESS_MAIN(TestPrivilegedSockets)
#include "tst_privilegedsockets.moc"
