#include "net/networkprober.h"
#include "core/packetio.h"

#include "net/icmpecho.h"

#include <QFile>
#include <QPointer>
#include <QRandomGenerator>
#include <QTimerEvent>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

namespace leasedesk {

namespace {

// Room for the largest IPv4 packet: an echo reply is checked whole (its checksum).
constexpr std::size_t kBufferSize = 65536;
constexpr int kNeighbourComplete = 0x2; // ATF_COM in /proc/net/arp's flags (net/if_arp.h)

QByteArray macBytes(const ArpPacket::MacAddress &mac)
{
    return QByteArray(reinterpret_cast<const char *>(mac.data()), qsizetype(mac.size()));
}

in_addr toNetwork(Ipv4Address address)
{
    in_addr a = {};
    a.s_addr = htonl(address.toUint32());
    return a;
}

QString interfaceName(int index)
{
    char name[IF_NAMESIZE] = {};
    return ::if_indextoname(unsigned(index), name) ? QString::fromLocal8Bit(name) : QString();
}

// The interface's own MAC (netdevice(7), SIOCGIFHWADDR): the sender of our ARP probes, and
// the one address whose ARP packets are never an answer.
std::optional<ArpPacket::MacAddress> ethernetAddress(int fd, const QString &name, QString *why)
{
    ifreq request = {};
    const QByteArray local = name.toLocal8Bit();
    std::strncpy(request.ifr_name, local.constData(), IFNAMSIZ - 1);
    if (::ioctl(fd, SIOCGIFHWADDR, &request) != 0) {
        *why = QStringLiteral("cannot read the MAC address of %1: %2")
                   .arg(name, qt_error_string(errno));
        return std::nullopt;
    }
    if (request.ifr_hwaddr.sa_family != ARPHRD_ETHER) {
        *why =
            QStringLiteral("%1 is not an Ethernet interface, so ARP cannot probe on it").arg(name);
        return std::nullopt;
    }
    ArpPacket::MacAddress mac;
    std::memcpy(mac.data(), request.ifr_hwaddr.sa_data, mac.size());
    return mac;
}

// One line of /proc/net/arp: "IP address  HW type  Flags  HW address  Mask  Device".
QByteArray completeEntryMac(const QByteArray &line, const QByteArray &address)
{
    const QList<QByteArray> fields = line.simplified().split(' ');
    if (fields.size() < 4 || fields.at(0) != address)
        return {};
    bool ok = false;
    const int flags = fields.at(2).toInt(&ok, 16);
    const QByteArray mac = QByteArray::fromHex(fields.at(3));
    if (!ok || !(flags & kNeighbourComplete) || mac.size() != 6 || mac.count('\0') == 6)
        return {};
    return mac;
}

} // namespace

NetworkProber::NetworkProber(UniqueFd icmpSocket, UniqueFd arpSocket, const Clock &clock,
                             QObject *parent)
    : ConflictProbe(parent), m_icmp(std::move(icmpSocket)), m_arp(std::move(arpSocket)),
      m_icmpReader(this, m_icmp.get(), MaxPacketsPerWakeup, [this] { return receiveIcmp(); }),
      m_arpReader(this, m_arp.get(), MaxPacketsPerWakeup, [this] { return receiveArp(); }),
      m_clock(clock), m_buffer(kBufferSize),
      m_identifier(quint16(QRandomGenerator::global()->bounded(1, 0x10000))),
      m_nextSequence(quint16(QRandomGenerator::global()->bounded(0x10000)))
{
    // The engine and the GUI receive these through queued connections.
    qRegisterMetaType<ProbeResult>();
    qRegisterMetaType<ArpObservation>();
}

QString NetworkProber::unavailable(ProbeMethod method) const
{
    const QString icmp = m_icmp.isValid()
        ? QString()
        : QStringLiteral("no raw ICMP socket (needs CAP_NET_RAW), so addresses cannot be "
                         "pinged before they are offered");
    const QString arp = m_arp.isValid()
        ? QString()
        : QStringLiteral("no ARP socket (needs CAP_NET_RAW), so addresses cannot be checked "
                         "with ARP before they are offered");
    switch (method) {
    case ProbeMethod::Icmp: return icmp;
    case ProbeMethod::Arp: return arp;
    case ProbeMethod::Both:
        return icmp.isEmpty() || arp.isEmpty() ? QString() : icmp + QStringLiteral("; ") + arp;
    }
    return {};
}

void NetworkProber::start(const ProbeTarget &target)
{
    cancel(target.id);
    ++m_stats.probes;
    Probe probe;
    probe.target = target;
    probe.target.attempts = qBound(1, target.attempts, MaxAttempts);
    probe.target.timeoutMs = qMax(1, target.timeoutMs);
    probe.serial = ++m_nextSerial;
    probe.elapsed.start();
    probe.error = choose(probe);
    if (probe.error.isEmpty())
        probe.error = sendAttempt(probe);
    if (!probe.error.isEmpty()) {
        failLater(std::move(probe));
        return;
    }
    probe.timerId = startTimer(std::chrono::milliseconds(probe.target.timeoutMs), Qt::PreciseTimer);
    m_probeByTimer.insert(probe.timerId, target.id);
    if (probe.arp)
        m_arpProbesByAddress.insert(target.address.toUint32(), target.id);
    m_probes.insert(target.id, std::move(probe));
}

void NetworkProber::cancel(quint64 id)
{
    const auto found = m_probes.constFind(id);
    if (found == m_probes.cend())
        return;
    forget(*found);
    m_probes.erase(found);
}

// Which of the two methods this probe uses; the reasons when it can use neither.
QString NetworkProber::choose(Probe &probe) const
{
    if (probe.target.address.isZero())
        return QStringLiteral("0.0.0.0 is not an address that can be probed");
    const ProbeMethod method = probe.target.method;
    QStringList why;
    if (method != ProbeMethod::Arp) {
        probe.icmp = m_icmp.isValid();
        if (!probe.icmp)
            why << unavailable(ProbeMethod::Icmp);
    }
    if (method != ProbeMethod::Icmp) {
        const QString arpWhy = m_arp.isValid() ? prepareArp(probe) : unavailable(ProbeMethod::Arp);
        probe.arp = arpWhy.isEmpty();
        if (!probe.arp)
            why << arpWhy;
    }
    return probe.icmp || probe.arp ? QString() : why.join(QStringLiteral("; "));
}

// ARP goes out of one interface with that interface's MAC as the sender (RFC 5227 §2.1.1).
QString NetworkProber::prepareArp(Probe &probe) const
{
    ProbeTarget &t = probe.target;
    if (t.interfaceIndex <= 0 && !t.interfaceName.isEmpty())
        t.interfaceIndex = int(::if_nametoindex(t.interfaceName.toLocal8Bit().constData()));
    const QString name = t.interfaceIndex > 0 ? interfaceName(t.interfaceIndex) : QString();
    if (name.isEmpty())
        return QStringLiteral("an ARP probe of %1 needs the interface of its subnet, and %2 is "
                              "not one")
            .arg(addressText(t.address),
                 t.interfaceName.isEmpty() ? QStringLiteral("interface %1").arg(t.interfaceIndex)
                                           : t.interfaceName);
    QString why;
    const auto mac = ethernetAddress(m_arp.get(), name, &why);
    if (mac)
        probe.ourMac = *mac;
    return why;
}

// One attempt: every method of the probe once. Empty when at least one request left.
QString NetworkProber::sendAttempt(Probe &probe)
{
    ++probe.attemptsSent;
    QStringList why;
    QString reason;
    bool sent = false;
    if (probe.icmp) {
        if (sendEcho(probe, &reason))
            sent = true;
        else
            why << reason;
    }
    if (probe.arp) {
        if (sendArpProbe(probe, &reason))
            sent = true;
        else
            why << reason;
    }
    return sent ? QString() : why.join(QStringLiteral("; "));
}

// An echo request to the candidate (RFC 792). With a source address it goes through
// IP_PKTINFO's ipi_spec_dst (ip(7)), which raw sockets honour too; the routing table chooses
// the interface, so a relayed subnet behind a gateway is reached as well.
bool NetworkProber::sendEcho(Probe &probe, QString *why)
{
    quint16 sequence = m_nextSequence++;
    while (m_probeBySequence.contains(sequence))
        sequence = m_nextSequence++;
    const std::vector<std::uint8_t> request = IcmpEcho::buildRequest(m_identifier, sequence);
    sockaddr_in to = {};
    to.sin_family = AF_INET;
    to.sin_addr = toNetwork(probe.target.address);
    iovec iov = {const_cast<std::uint8_t *>(request.data()), request.size()};
    msghdr msg = {};
    msg.msg_name = &to;
    msg.msg_namelen = sizeof to;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in_pktinfo))] = {};
    if (!probe.target.source.isZero()) {
        msg.msg_control = control;
        msg.msg_controllen = sizeof control;
        cmsghdr *c = CMSG_FIRSTHDR(&msg);
        c->cmsg_level = IPPROTO_IP;
        c->cmsg_type = IP_PKTINFO;
        c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
        in_pktinfo info = {};
        info.ipi_spec_dst = toNetwork(probe.target.source);
        std::memcpy(CMSG_DATA(c), &info, sizeof info);
    }
    if (::sendmsg(m_icmp.get(), &msg, MSG_DONTWAIT | MSG_NOSIGNAL) < 0) {
        ++m_stats.sendErrors;
        *why = QStringLiteral("cannot send an echo request to %1: %2")
                   .arg(addressText(probe.target.address), qt_error_string(errno));
        return false;
    }
    ++m_stats.echoRequestsSent;
    m_probeBySequence.insert(sequence, probe.target.id);
    probe.sequences.append(sequence);
    return true;
}

// An RFC 5227 probe in a broadcast frame; SOCK_DGRAM lets the kernel write the Ethernet
// header from sll_addr, with the interface's MAC as the source (packet(7)).
bool NetworkProber::sendArpProbe(const Probe &probe, QString *why)
{
    const std::vector<std::uint8_t> packet = ArpPacket::probe(probe.ourMac, probe.target.address);
    sockaddr_ll link = {};
    link.sll_family = AF_PACKET;
    link.sll_protocol = htons(ETH_P_ARP);
    link.sll_ifindex = probe.target.interfaceIndex;
    link.sll_halen = ETH_ALEN;
    std::memset(link.sll_addr, 0xFF, ETH_ALEN);
    if (::sendto(m_arp.get(), packet.data(), packet.size(), MSG_DONTWAIT | MSG_NOSIGNAL,
                 reinterpret_cast<const sockaddr *>(&link), sizeof link)
        < 0) {
        ++m_stats.sendErrors;
        *why = QStringLiteral("cannot send an ARP probe for %1 on %2: %3")
                   .arg(addressText(probe.target.address),
                        interfaceName(probe.target.interfaceIndex), qt_error_string(errno));
        return false;
    }
    ++m_stats.arpProbesSent;
    return true;
}

// finished() is never emitted from inside start() (networkwatch.h): a probe that cannot
// even be sent fails on the next pass of the event loop, unless it is cancelled first.
void NetworkProber::failLater(Probe probe)
{
    // Nothing points at it yet: no request left, no timer runs.
    const quint64 id = probe.target.id;
    const quint64 serial = probe.serial;
    m_probes.insert(id, std::move(probe));
    QMetaObject::invokeMethod(
        this, [this, id, serial] { failNow(id, serial); }, Qt::QueuedConnection);
}

void NetworkProber::failNow(quint64 id, quint64 serial)
{
    const auto found = m_probes.constFind(id);
    if (found == m_probes.cend() || found->serial != serial)
        return;
    ++m_stats.failed;
    ProbeResult result = resultOf(*found);
    result.error = found->error;
    result.elapsedMs = 0;
    finish(id, std::move(result));
}

void NetworkProber::timerEvent(QTimerEvent *event)
{
    const int timerId = event->timerId();
    killTimer(timerId);
    const quint64 id = m_probeByTimer.take(timerId);
    const auto found = m_probes.find(id);
    if (found == m_probes.end() || found->timerId != timerId)
        return;
    Probe &probe = *found;
    probe.timerId = 0;
    if (probe.attemptsSent >= probe.target.attempts) {
        ++m_stats.timedOut;
        finish(id, resultOf(probe));
        return;
    }
    // A failed send is counted; the attempt's wait runs all the same, as one that got lost.
    sendAttempt(probe);
    probe.timerId = startTimer(std::chrono::milliseconds(probe.target.timeoutMs), Qt::PreciseTimer);
    m_probeByTimer.insert(probe.timerId, id);
}

void NetworkProber::finishInUse(const Probe &probe, ProbeMethod by, const QByteArray &mac)
{
    ++m_stats.answered;
    ProbeResult result = resultOf(probe);
    result.inUse = true;
    result.answeredBy = by;
    result.responderMac = mac;
    finish(probe.target.id, std::move(result));
}

ProbeResult NetworkProber::resultOf(const Probe &probe)
{
    ProbeResult result;
    result.id = probe.target.id;
    result.address = probe.target.address;
    result.elapsedMs = probe.elapsed.elapsed();
    return result;
}

void NetworkProber::finish(quint64 id, ProbeResult result)
{
    cancel(id);
    emit finished(result);
}

// Drops what points at a probe: its timer, its sequence numbers, its ARP index entry.
void NetworkProber::forget(const Probe &probe)
{
    if (probe.timerId != 0) {
        killTimer(probe.timerId);
        m_probeByTimer.remove(probe.timerId);
    }
    for (quint16 sequence : probe.sequences)
        m_probeBySequence.remove(sequence);
    if (probe.arp)
        m_arpProbesByAddress.remove(probe.target.address.toUint32(), probe.target.id);
}

// Reads one packet; false when there is nothing more to read now.
bool NetworkProber::receiveIcmp()
{
    const ssize_t size = ::recv(m_icmp.get(), m_buffer.data(), m_buffer.size(), MSG_DONTWAIT);
    if (size < 0)
        return DatagramReader::keepReading(errno, &m_stats.receiveErrors);
    handleEchoReply(std::span<const std::uint8_t>(m_buffer.data(), std::size_t(size)));
    return true;
}

// An answer counts when identifier, sequence and source all match one of our requests: a
// raw ICMP socket receives every echo reply of the machine (raw(7)).
void NetworkProber::handleEchoReply(std::span<const std::uint8_t> packet)
{
    const auto echo = IcmpEcho::parse(packet);
    if (!echo) {
        ++m_stats.malformed;
        return;
    }
    const auto waiting = m_probeBySequence.constFind(echo->sequence);
    const auto probe =
        waiting == m_probeBySequence.cend() ? m_probes.cend() : m_probes.constFind(*waiting);
    if (echo->type != IcmpEcho::EchoReply || echo->identifier != m_identifier
        || probe == m_probes.cend() || probe->target.address != echo->source) {
        ++m_stats.echoRepliesIgnored;
        return;
    }
    finishInUse(*probe, ProbeMethod::Icmp, neighbourMac(echo->source));
}

bool NetworkProber::receiveArp()
{
    sockaddr_ll from = {};
    socklen_t fromLength = sizeof from;
    const ssize_t size = ::recvfrom(m_arp.get(), m_buffer.data(), m_buffer.size(), MSG_DONTWAIT,
                                    reinterpret_cast<sockaddr *>(&from), &fromLength);
    if (size < 0)
        return DatagramReader::keepReading(errno, &m_stats.receiveErrors);
    // A socket bound to one protocol receives incoming frames only; only ETH_P_ALL taps are
    // shown what this machine sends (packet(7), PACKET_OUTGOING). Should one come anyway,
    // it is our own probe or the kernel's request, not an answer.
    if (from.sll_pkttype == PACKET_OUTGOING)
        return true;
    const auto arp = ArpPacket::parse(std::span<const std::uint8_t>(m_buffer.data(), size_t(size)));
    if (!arp) {
        ++m_stats.malformed;
        return true;
    }
    const QPointer<NetworkProber> self(this);
    handleArp(*arp, from.sll_ifindex);
    if (self)
        observe(*arp, from.sll_ifindex);
    return !self.isNull();
}

// RFC 5227 §2.1.1: any ARP packet on the probed link whose sender IP is the candidate means
// it is in use, unless it is our own (same MAC). Several probes may ask about one address.
void NetworkProber::handleArp(const ArpPacket::Fields &arp, int interfaceIndex)
{
    const QList<quint64> ids = m_arpProbesByAddress.values(arp.senderIp.toUint32());
    const QPointer<NetworkProber> self(this);
    for (quint64 id : ids) {
        if (!self)
            return;
        const auto found = m_probes.constFind(id);
        if (found == m_probes.cend() || found->target.interfaceIndex != interfaceIndex
            || found->ourMac == arp.senderMac)
            continue;
        finishInUse(*found, ProbeMethod::Arp, macBytes(arp.senderMac));
    }
}

void NetworkProber::observe(const ArpPacket::Fields &arp, int interfaceIndex)
{
    const auto interface = m_interfaces.lookup(interfaceIndex);
    const QString name = interface ? interface->name : QString();
    if (!m_allowed.isEmpty() && !m_allowed.contains(name)) {
        ++m_stats.droppedInterface;
        return;
    }
    ArpObservation seen;
    seen.timeMs = m_clock.nowMs();
    seen.interfaceIndex = interfaceIndex;
    seen.interfaceName = name;
    seen.operation = arp.operation;
    seen.senderMac = macBytes(arp.senderMac);
    seen.senderIp = arp.senderIp;
    seen.targetMac = macBytes(arp.targetMac);
    seen.targetIp = arp.targetIp;
    ++m_stats.arpObserved;
    emit arpObserved(seen);
}

QByteArray NetworkProber::neighbourMac(Ipv4Address address, const QString &table)
{
    QFile file(table);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QByteArray wanted = QByteArray::fromStdString(address.toString());
    // readAll: a /proc file reports size 0, so QFile::atEnd() would say "done" at once.
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const QByteArray mac = completeEntryMac(line, wanted);
        if (!mac.isEmpty())
            return mac;
    }
    return {};
}

} // namespace leasedesk
