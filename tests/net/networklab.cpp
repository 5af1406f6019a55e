#include "networklab.h"

#include <QFile>
#include <QProcess>
#include <QStandardPaths>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace leasedesk::proto {

char *toString(const Ipv4Address &address)
{
    return qstrdup(address.toString().c_str());
}

} // namespace leasedesk::proto

namespace leasedesk::test {

namespace {

constexpr int kCommandTimeoutMs = 20'000;
const char kThreadNamespace[] = "/proc/thread-self/ns/net";

QString systemError(const QString &what)
{
    return QStringLiteral("%1: %2").arg(what, qt_error_string(errno));
}

ino_t currentNamespace()
{
    struct stat st = {};
    return ::stat(kThreadNamespace, &st) == 0 ? st.st_ino : 0;
}

QString ipProgram()
{
    QString path = QStandardPaths::findExecutable(QStringLiteral("ip"));
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(
            QStringLiteral("ip"), {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    return path;
}

// The test network's addresses come from 198.18.0.0/15 only.
bool isTestAddress(const QString &cidr)
{
    return cidr.isEmpty() || cidr.startsWith(QLatin1String("198.18."))
        || cidr.startsWith(QLatin1String("198.19."));
}

proto::Ipv4Address hostAddress(const QString &cidr)
{
    return proto::Ipv4Address::fromString(cidr.section(QLatin1Char('/'), 0, 0).toStdString())
        .value_or(proto::Ipv4Address());
}

sockaddr_in socketAddress(proto::Ipv4Address address, quint16 port)
{
    sockaddr_in a = {};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(address.toUint32());
    return a;
}

QStringList interfaceNames()
{
    QStringList names;
    if (struct if_nameindex *list = ::if_nameindex()) {
        for (struct if_nameindex *i = list; i->if_index != 0; ++i)
            names << QString::fromLocal8Bit(i->if_name);
        ::if_freenameindex(list);
    }
    return names;
}

} // namespace

QString PrivateNetwork::enter()
{
    if (m_entered)
        return {};
    if (::geteuid() != 0)
        return QStringLiteral("needs root (CI runs the suite as root) to make network "
                              "namespaces and bind port 67");
    m_original = currentNamespace();
    // CLONE_NEWNET affects only the calling thread (unshare(2)); the tests run on one.
    if (m_original == 0 || ::unshare(CLONE_NEWNET) != 0)
        return systemError(QStringLiteral("cannot make a network namespace (unshare)"));
    m_entered = true;
    return {};
}

bool PrivateNetwork::isEntered() const
{
    const ino_t now = currentNamespace();
    return m_entered && now != 0 && now != m_original;
}

proto::Ipv4Address VethLink::ipv4() const
{
    return hostAddress(address);
}

proto::Ipv4Address VethLink::peerIpv4() const
{
    return hostAddress(peerAddress);
}

std::unique_ptr<NetworkLab> NetworkLab::start(PrivateNetwork &network,
                                              const QList<VethLink *> &links, QString *skip,
                                              QString *error)
{
    if (const QString why = network.enter(); !why.isEmpty()) {
        *skip = QStringLiteral("no private network: ") + why;
        return nullptr;
    }
    QString why;
    std::unique_ptr<NetworkLab> lab = create(network, &why);
    if (!lab) {
        *skip = QStringLiteral("no network namespaces: ") + why;
        return nullptr;
    }
    for (VethLink *link : links) {
        if (*error = lab->addLink(*link); !error->isEmpty())
            return nullptr; // the lab deletes the links it made
    }
    return lab;
}

std::unique_ptr<NetworkLab> NetworkLab::create(const PrivateNetwork &network, QString *error)
{
    if (!network.isEntered()) {
        *error = QStringLiteral("refusing to build a network outside a private namespace");
        return nullptr;
    }
    if (const QStringList names = interfaceNames(); names != QStringList{QStringLiteral("lo")}) {
        *error = QStringLiteral("refusing: this namespace already has %1").arg(names.join(' '));
        return nullptr;
    }
    std::unique_ptr<NetworkLab> lab(new NetworkLab);
    lab->m_home = UniqueFd(::open(kThreadNamespace, O_RDONLY | O_CLOEXEC));
    if (!lab->m_home.isValid()) {
        *error = systemError(QStringLiteral("cannot open the namespace"));
        return nullptr;
    }
    // unshare() enters the new namespace; a descriptor keeps it alive after we leave it.
    if (::unshare(CLONE_NEWNET) != 0) {
        *error = systemError(QStringLiteral("cannot make the peer namespace"));
        return nullptr;
    }
    lab->m_peer = UniqueFd(::open(kThreadNamespace, O_RDONLY | O_CLOEXEC));
    if (::setns(lab->m_home.get(), CLONE_NEWNET) != 0 || !lab->m_peer.isValid()) {
        *error = systemError(QStringLiteral("cannot return from the peer namespace"));
        return nullptr;
    }
    return lab;
}

NetworkLab::~NetworkLab()
{
    // Deleting one end of a veth pair deletes the other.
    for (const QString &link : std::as_const(m_links))
        run({QStringLiteral("link"), QStringLiteral("del"), link}, -1);
}

QString NetworkLab::peerNamespacePath() const
{
    return QStringLiteral("/proc/%1/fd/%2").arg(::getpid()).arg(m_peer.get());
}

QString NetworkLab::run(const QStringList &arguments, int namespaceFd)
{
    const QString program = ipProgram();
    if (program.isEmpty())
        return QStringLiteral("the ip command (iproute2) is not installed");
    QProcess process;
    if (namespaceFd >= 0) {
        // Runs in the child between fork and exec: only that process changes namespace.
        process.setChildProcessModifier([namespaceFd] {
            if (::setns(namespaceFd, CLONE_NEWNET) != 0)
                ::_exit(126);
        });
    }
    process.start(program, arguments);
    const bool finished = process.waitForFinished(kCommandTimeoutMs);
    if (finished && process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0)
        return {};
    if (!finished)
        process.kill();
    return QStringLiteral("ip %1 failed: %2")
        .arg(arguments.join(' '), QString::fromLocal8Bit(process.readAllStandardError()).trimmed());
}

QString NetworkLab::ip(const QStringList &arguments)
{
    return run(arguments, -1);
}

QString NetworkLab::peerIp(const QStringList &arguments)
{
    return run(arguments, m_peer.get());
}

UniqueFd NetworkLab::peerSocket(int domain, int type, int protocol)
{
    if (::setns(m_peer.get(), CLONE_NEWNET) != 0)
        return {};
    UniqueFd fd(::socket(domain, type | SOCK_CLOEXEC, protocol));
    // If this failed the thread would stay in the peer namespace: stop the test run.
    if (::setns(m_home.get(), CLONE_NEWNET) != 0)
        qFatal("cannot return from the peer namespace");
    return fd;
}

QString NetworkLab::sendPeerFrame(int peerIndex, quint16 etherType,
                                  const QByteArray &destinationMac,
                                  std::span<const std::uint8_t> payload)
{
    if (!m_peerPacket.isValid())
        m_peerPacket = peerSocket(AF_PACKET, SOCK_DGRAM, 0);
    sockaddr_ll to = {};
    to.sll_family = AF_PACKET;
    to.sll_protocol = htons(etherType);
    to.sll_ifindex = peerIndex;
    to.sll_halen = quint8(qMin<qsizetype>(destinationMac.size(), sizeof to.sll_addr));
    std::memcpy(to.sll_addr, destinationMac.constData(), to.sll_halen);
    const ssize_t sent = ::sendto(m_peerPacket.get(), payload.data(), payload.size(), 0,
                                  reinterpret_cast<const sockaddr *>(&to), sizeof to);
    if (sent != ssize_t(payload.size()))
        return systemError(QStringLiteral("cannot send a frame from the peer"));
    return {};
}

QString NetworkLab::sendPeerUdp(proto::Ipv4Address from, quint16 fromPort, proto::Ipv4Address to,
                                quint16 toPort, const QByteArray &payload)
{
    const UniqueFd fd = peerSocket(AF_INET, SOCK_DGRAM, 0);
    if (!fd.isValid())
        return systemError(QStringLiteral("cannot open a UDP socket in the peer namespace"));
    const int on = 1;
    const sockaddr_in source = socketAddress(from, fromPort);
    const sockaddr_in destination = socketAddress(to, toPort);
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_BROADCAST, &on, sizeof on) != 0
        || ::bind(fd.get(), reinterpret_cast<const sockaddr *>(&source), sizeof source) != 0)
        return systemError(QStringLiteral("cannot bind to %1:%2")
                               .arg(QString::fromStdString(from.toString()))
                               .arg(fromPort));
    const ssize_t sent =
        ::sendto(fd.get(), payload.constData(), size_t(payload.size()), 0,
                 reinterpret_cast<const sockaddr *>(&destination), sizeof destination);
    if (sent != ssize_t(payload.size()))
        return systemError(QStringLiteral("cannot send to %1:%2")
                               .arg(QString::fromStdString(to.toString()))
                               .arg(toPort));
    return {};
}

QString NetworkLab::peerSysctl(const QString &key, const QString &value)
{
    if (!key.startsWith(QLatin1String("net.ipv4.")) || key.contains(QLatin1String("..")))
        return QStringLiteral("refusing to set %1: only net.ipv4.* is per namespace").arg(key);
    QFile file(QStringLiteral("/proc/sys/") + QString(key).replace(QLatin1Char('.'), '/'));
    if (::setns(m_peer.get(), CLONE_NEWNET) != 0)
        return systemError(QStringLiteral("cannot enter the peer namespace"));
    const bool written =
        file.open(QIODevice::WriteOnly | QIODevice::Unbuffered) && file.write(value.toLatin1()) > 0;
    file.close();
    if (::setns(m_home.get(), CLONE_NEWNET) != 0)
        qFatal("cannot return from the peer namespace");
    return written ? QString() : QStringLiteral("cannot set %1: %2").arg(key, file.errorString());
}

QString NetworkLab::addLink(VethLink &link)
{
    if (!isTestAddress(link.address) || !isTestAddress(link.peerAddress))
        return QStringLiteral("test addresses must come from 198.18.0.0/15");
    const QString mac = QString::fromLatin1(link.mac.toHex(':'));
    const QString peerMac = QString::fromLatin1(link.peerMac.toHex(':'));
    QString error = ip({"link", "add", link.name, "address", mac, "type", "veth", "peer", "name",
                        link.peerName, "address", peerMac, "netns", peerNamespacePath()});
    if (!error.isEmpty())
        return error;
    m_links << link.name;
    if (!link.address.isEmpty())
        error += ip({"addr", "add", link.address, "dev", link.name});
    if (!link.peerAddress.isEmpty())
        error += peerIp({"addr", "add", link.peerAddress, "dev", link.peerName});
    error += ip({"link", "set", link.name, "up"});
    error += peerIp({"link", "set", link.peerName, "up"});
    link.index = int(::if_nametoindex(link.name.toLocal8Bit().constData()));
    if (::setns(m_peer.get(), CLONE_NEWNET) == 0) {
        link.peerIndex = int(::if_nametoindex(link.peerName.toLocal8Bit().constData()));
        if (::setns(m_home.get(), CLONE_NEWNET) != 0)
            qFatal("cannot return from the peer namespace");
    }
    if (error.isEmpty() && (link.index == 0 || link.peerIndex == 0))
        error = QStringLiteral("cannot find the interfaces of %1").arg(link.name);
    return error;
}

QByteArray mac(quint8 last, quint8 subnet)
{
    return QByteArray::fromHex("02000000") + char(subnet) + char(last);
}

QByteArray message(const QByteArray &label, int size)
{
    QByteArray m = label;
    m.resize(size, '\x5A');
    return m;
}

std::span<const std::uint8_t> bytes(const QByteArray &data)
{
    return {reinterpret_cast<const std::uint8_t *>(data.constData()), std::size_t(data.size())};
}

} // namespace leasedesk::test
