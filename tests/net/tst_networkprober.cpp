// NetworkProber on real sockets in a network of the test's own (networklab.h says how
// nothing leaks out): ICMP and ARP conflict probes against a peer that answers, an address
// nobody holds, a peer that ignores pings, replies that must not match, cancellation, and
// the ARP traffic it reports as it passes.
//
//   test namespace                          peer namespace
//   ld0 198.18.0.1/24  ---- veth ----  peer0 198.18.0.2/24
//   (198.18.0.99 is nobody)

#include "core/clock.h"
#include "net/arppacket.h"
#include "net/icmpecho.h"
#include "net/ipv4udppacket.h"
#include "net/networkprober.h"
#include "net/privilegedsockets.h"
#include "networklab.h"

#include <QElapsedTimer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryFile>
#include <QTest>

#include <arpa/inet.h>
#include <cstring>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

using namespace leasedesk;
using namespace leasedesk::test;

Q_DECLARE_METATYPE(leasedesk::ProbeMethod)

namespace {

const Ipv4Address kOurAddress(198, 18, 0, 1);
const Ipv4Address kPeerAddress(198, 18, 0, 2);
const Ipv4Address kNobody(198, 18, 0, 99);
const QByteArray kNobodyMac = QByteArray::fromHex("020000000099");

ProbeResult resultOf(const QSignalSpy &spy, int i = 0)
{
    return spy.at(i).at(0).value<ProbeResult>();
}

ArpObservation observationOf(const QSignalSpy &spy, int i)
{
    return spy.at(i).at(0).value<ArpObservation>();
}

ArpPacket::MacAddress toMac(const QByteArray &bytes)
{
    ArpPacket::MacAddress m{};
    std::memcpy(m.data(), bytes.constData(), m.size());
    return m;
}

// The observations of ARP packets that `sender` sent, of one operation when it is not 0.
// The kernels of both namespaces send ARP of their own at any time (neighbour upkeep).
QList<ArpObservation> observationsFrom(const QSignalSpy &spy, const QByteArray &sender,
                                       quint16 operation = 0)
{
    QList<ArpObservation> found;
    for (int i = 0; i < spy.count(); ++i) {
        const ArpObservation o = observationOf(spy, i);
        if (o.senderMac == sender && (operation == 0 || o.operation == operation))
            found << o;
    }
    return found;
}

} // namespace

class TestNetworkProber : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void icmpFindsPeer();
    void arpFindsPeer();
    void bothFindsPeer();
    void absentAddressIsFree_data();
    void absentAddressIsFree();
    void peerIgnoringPing_data();
    void peerIgnoringPing();
    void echoMatchesIdentifierSequenceAndSource();
    void cancelReportsNothing_data();
    void cancelReportsNothing();
    void sameIdReplacesProbe();
    void neverFinishesInsideStart();
    void missingSocketsAreExplained();
    void bothUsesTheSocketThereIs();
    void arpNeedsAnEthernetInterface();
    void deliversThroughQueuedConnection();
    void observesPeerArp_data();
    void observesPeerArp();
    void ownProbesAreNotObserved();
    void foreignArpIsMalformed();
    void allowListFiltersObservationsNotProbes();
    void readsNeighbourTable();

private:
    ProbeTarget target(quint64 id, Ipv4Address address, ProbeMethod method, int attempts = 1,
                       int timeoutMs = 1000) const;
    std::unique_ptr<NetworkProber> makeProber(bool icmp = true, bool arp = true);
    void sendPeerArp(const ArpPacket::Fields &fields);
    void sendPeerArpBytes(const std::vector<std::uint8_t> &payload);
    void sendForgedEchoReply(Ipv4Address source, quint16 identifier, quint16 sequence);
    std::optional<IcmpEcho::Received> nextOutgoingEcho(int fd, Ipv4Address to);

    PrivateNetwork m_network;
    std::unique_ptr<NetworkLab> m_lab;
    VethLink m_link0{"ld0", "peer0", mac(1), mac(2), "198.18.0.1/24", "198.18.0.2/24"};
    ManualClock m_clock;
    std::unique_ptr<NetworkProber> m_prober;
};

void TestNetworkProber::initTestCase()
{
    QString skip;
    QString error;
    m_lab = NetworkLab::start(m_network, {&m_link0}, &skip, &error);
    if (!skip.isEmpty())
        QSKIP(qPrintable(skip));
    QVERIFY2(m_lab, qPrintable(error));
}

void TestNetworkProber::cleanupTestCase()
{
    m_prober.reset();
    m_lab.reset(); // deletes the links; the namespaces go with the last descriptor
}

void TestNetworkProber::init()
{
    m_prober = makeProber();
    QVERIFY(m_prober);
}

void TestNetworkProber::cleanup()
{
    m_prober.reset();
}

std::unique_ptr<NetworkProber> TestNetworkProber::makeProber(bool icmp, bool arp)
{
    PrivilegedSockets sockets = PrivilegedSockets::open();
    if (sockets.icmpFd() < 0 || sockets.arpFd() < 0)
        return nullptr;
    return std::make_unique<NetworkProber>(icmp ? sockets.takeIcmp() : UniqueFd(),
                                           arp ? sockets.takeArp() : UniqueFd(), m_clock);
}

ProbeTarget TestNetworkProber::target(quint64 id, Ipv4Address address, ProbeMethod method,
                                      int attempts, int timeoutMs) const
{
    ProbeTarget t;
    t.id = id;
    t.address = address;
    t.method = method;
    t.attempts = attempts;
    t.timeoutMs = timeoutMs;
    t.interfaceIndex = m_link0.index;
    t.interfaceName = m_link0.name;
    t.source = kOurAddress;
    return t;
}

// An ARP packet from the peer's MAC, broadcast on peer0, as arping or a booting host sends.
void TestNetworkProber::sendPeerArp(const ArpPacket::Fields &fields)
{
    sendPeerArpBytes(ArpPacket::build(fields));
}

void TestNetworkProber::sendPeerArpBytes(const std::vector<std::uint8_t> &payload)
{
    const QString error =
        m_lab->sendPeerFrame(m_link0.peerIndex, ETH_P_ARP, QByteArray(6, '\xff'), payload);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

// An echo reply from the peer namespace with a source address of the test's choosing
// (IPPROTO_RAW implies IP_HDRINCL; the kernel fills in length and header checksum, raw(7)).
void TestNetworkProber::sendForgedEchoReply(Ipv4Address source, quint16 identifier,
                                            quint16 sequence)
{
    std::vector<std::uint8_t> icmp = IcmpEcho::buildRequest(identifier, sequence);
    icmp[0] = IcmpEcho::EchoReply;
    icmp[2] = icmp[3] = 0;
    const quint16 sum = Ipv4UdpPacket::checksum(icmp);
    icmp[2] = std::uint8_t(sum >> 8);
    icmp[3] = std::uint8_t(sum);
    std::vector<std::uint8_t> packet(20, 0);
    packet[0] = 0x45;
    packet[8] = 64;
    packet[9] = 1; // ICMP
    const auto from = source.toBytes();
    const auto to = kOurAddress.toBytes();
    std::copy(from.begin(), from.end(), packet.begin() + 12);
    std::copy(to.begin(), to.end(), packet.begin() + 16);
    packet.insert(packet.end(), icmp.begin(), icmp.end());

    const UniqueFd fd = m_lab->peerSocket(AF_INET, SOCK_RAW, IPPROTO_RAW);
    QVERIFY(fd.isValid());
    sockaddr_in destination = {};
    destination.sin_family = AF_INET;
    destination.sin_addr.s_addr = htonl(kOurAddress.toUint32());
    QCOMPARE(::sendto(fd.get(), packet.data(), packet.size(), 0,
                      reinterpret_cast<const sockaddr *>(&destination), sizeof destination),
             ssize_t(packet.size()));
}

// The next echo request to `to` that leaves ld0, read from a packet socket of the test's
// namespace. Only ETH_P_ALL sockets see outgoing frames (packet(7), PACKET_OUTGOING).
std::optional<IcmpEcho::Received> TestNetworkProber::nextOutgoingEcho(int fd, Ipv4Address to)
{
    QElapsedTimer waited;
    waited.start();
    std::vector<std::uint8_t> frame(65536);
    while (!waited.hasExpired(kArrivalTimeoutMs)) {
        pollfd p = {fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0)
            continue;
        sockaddr_ll from = {};
        socklen_t fromLength = sizeof from;
        const ssize_t size = ::recvfrom(fd, frame.data(), frame.size(), 0,
                                        reinterpret_cast<sockaddr *>(&from), &fromLength);
        if (size < 20 || from.sll_protocol != htons(ETH_P_IP) || from.sll_pkttype != PACKET_OUTGOING
            || Ipv4Address::fromBytes(frame.data() + 16) != to)
            continue;
        const auto echo = IcmpEcho::parse(std::span(frame.data(), std::size_t(size)));
        if (echo && echo->type == IcmpEcho::EchoRequest)
            return echo;
    }
    return std::nullopt;
}

void TestNetworkProber::icmpFindsPeer()
{
    QSignalSpy spy(m_prober.get(), &ConflictProbe::finished);
    m_prober->start(target(1, kPeerAddress, ProbeMethod::Icmp, 2, 1000));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, kArrivalTimeoutMs);
    const ProbeResult r = resultOf(spy);
    QCOMPARE(r.id, quint64(1));
    QCOMPARE(r.address, kPeerAddress);
    QVERIFY(r.inUse);
    QCOMPARE(r.answeredBy, ProbeMethod::Icmp);
    QCOMPARE(r.responderMac, m_link0.peerMac); // from the neighbour table
    QVERIFY2(r.elapsedMs < 1000, qPrintable(QString::number(r.elapsedMs))); // the first attempt
    QCOMPARE(r.error, QString());
    QCOMPARE(m_prober->statistics().echoRequestsSent, quint64(1));
    QCOMPARE(m_prober->statistics().arpProbesSent, quint64(0));
    QCOMPARE(m_prober->statistics().answered, quint64(1));
    QCOMPARE(m_prober->pendingProbes(), 0);
}

// Linux answers an RFC 5227 probe (sender IP 0.0.0.0) for an address it holds.
void TestNetworkProber::arpFindsPeer()
{
    QSignalSpy spy(m_prober.get(), &ConflictProbe::finished);
    m_prober->start(target(2, kPeerAddress, ProbeMethod::Arp, 2, 1000));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, kArrivalTimeoutMs);
    const ProbeResult r = resultOf(spy);
    QCOMPARE(r.id, quint64(2));
    QVERIFY(r.inUse);
    QCOMPARE(r.answeredBy, ProbeMethod::Arp);
    QCOMPARE(r.responderMac, m_link0.peerMac);
    QVERIFY(r.elapsedMs < 1000);
    QCOMPARE(m_prober->statistics().arpProbesSent, quint64(1));
    QCOMPARE(m_prober->statistics().echoRequestsSent, quint64(0));
}

void TestNetworkProber::bothFindsPeer()
{
    QSignalSpy spy(m_prober.get(), &ConflictProbe::finished);
    m_prober->start(target(3, kPeerAddress, ProbeMethod::Both, 1, 1000));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, kArrivalTimeoutMs);
    const ProbeResult r = resultOf(spy);
    QVERIFY(r.inUse);
    QCOMPARE(r.responderMac, m_link0.peerMac);
    QCOMPARE(m_prober->statistics().echoRequestsSent, quint64(1));
    QCOMPARE(m_prober->statistics().arpProbesSent, quint64(1));
    // First answer wins: the second one finds nothing waiting.
    QTest::qWait(kSilenceMs);
    QCOMPARE(spy.count(), 1);
}

void TestNetworkProber::absentAddressIsFree_data()
{
    QTest::addColumn<ProbeMethod>("method");
    QTest::newRow("icmp") << ProbeMethod::Icmp;
    QTest::newRow("arp") << ProbeMethod::Arp;
    QTest::newRow("both") << ProbeMethod::Both;
}

// Two attempts of 150 ms: the answer "free" comes after about 300 ms, not before.
void TestNetworkProber::absentAddressIsFree()
{
    QFETCH(ProbeMethod, method);
    QSignalSpy spy(m_prober.get(), &ConflictProbe::finished);
    QElapsedTimer clock;
    clock.start();
    m_prober->start(target(4, kNobody, method, 2, 150));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, kArrivalTimeoutMs);
    const qint64 waited = clock.elapsed();
    const ProbeResult r = resultOf(spy);
    QCOMPARE(r.id, quint64(4));
    QCOMPARE(r.address, kNobody);
    QVERIFY(!r.inUse);
    QCOMPARE(r.error, QString());
    QVERIFY2(r.elapsedMs >= 295 && r.elapsedMs < 700, qPrintable(QString::number(r.elapsedMs)));
    QVERIFY2(waited >= 295 && waited < 800, qPrintable(QString::number(waited)));
    const quint64 echoes = method == ProbeMethod::Arp ? 0 : 2;
    const quint64 probes = method == ProbeMethod::Icmp ? 0 : 2;
    QCOMPARE(m_prober->statistics().echoRequestsSent, echoes);
    QCOMPARE(m_prober->statistics().arpProbesSent, probes);
    QCOMPARE(m_prober->statistics().timedOut, quint64(1));
    QCOMPARE(m_prober->pendingProbes(), 0);
}

void TestNetworkProber::peerIgnoringPing_data()
{
    QTest::addColumn<ProbeMethod>("method");
    QTest::addColumn<bool>("inUse");
    QTest::newRow("icmp: looks free") << ProbeMethod::Icmp << false;
    QTest::newRow("arp: in use") << ProbeMethod::Arp << true;
    QTest::newRow("both: in use, by ARP") << ProbeMethod::Both << true;
}

// A host with a firewall that drops pings still has to answer ARP to be reachable at all
// (RFC 5227 §1.1 on why ICMP is not enough).
void TestNetworkProber::peerIgnoringPing()
{
    QFETCH(ProbeMethod, method);
    QFETCH(bool, inUse);
    QString error = m_lab->peerSysctl(QStringLiteral("net.ipv4.icmp_echo_ignore_all"), "1");
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QSignalSpy spy(m_prober.get(), &ConflictProbe::finished);
    m_prober->start(target(5, kPeerAddress, method, 2, 200));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, kArrivalTimeoutMs);
    error = m_lab->peerSysctl(QStringLiteral("net.ipv4.icmp_echo_ignore_all"), "0");
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const ProbeResult r = resultOf(spy);
    QCOMPARE(r.inUse, inUse);
    if (inUse) {
        QCOMPARE(r.answeredBy, ProbeMethod::Arp);
        QCOMPARE(r.responderMac, m_link0.peerMac);
    } else {
        QVERIFY(r.elapsedMs >= 395);
    }
}

// A raw ICMP socket receives every echo reply of the machine: only one with our identifier,
// one of our sequence numbers and the probed address as its source is an answer.
void TestNetworkProber::echoMatchesIdentifierSequenceAndSource()
{
    // Nobody answers for .99, but with a neighbour entry the request leaves (and can be
    // seen leaving) instead of waiting for ARP.
    QString error =
        m_lab->ip({"neigh", "replace", "198.18.0.99", "lladdr",
                   QString::fromLatin1(kNobodyMac.toHex(':')), "dev", "ld0", "nud", "permanent"});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const auto removeNeighbour = qScopeGuard([this] {
        m_lab->ip({"neigh", "del", "198.18.0.99", "dev", "ld0"});
    });
    UniqueFd outgoing(::socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_ALL)));
    sockaddr_ll ld0 = {};
    ld0.sll_family = AF_PACKET;
    ld0.sll_protocol = htons(ETH_P_ALL);
    ld0.sll_ifindex = m_link0.index;
    QVERIFY(outgoing.isValid());
    QCOMPARE(::bind(outgoing.get(), reinterpret_cast<const sockaddr *>(&ld0), sizeof ld0), 0);
    QSignalSpy spy(m_prober.get(), &ConflictProbe::finished);
    m_prober->start(target(6, kNobody, ProbeMethod::Icmp, 1, 5000));
    const auto request = nextOutgoingEcho(outgoing.get(), kNobody);
    QVERIFY(request);
    const quint16 id = request->identifier;
    const quint16 sequence = request->sequence;
    QCOMPARE(id, m_prober->echoIdentifier());

    sendForgedEchoReply(kPeerAddress, id, sequence); // another source
    sendForgedEchoReply(kNobody, quint16(id + 1), sequence); // another program's ping
    sendForgedEchoReply(kNobody, id, quint16(sequence + 1)); // a sequence never sent
    QTRY_COMPARE_WITH_TIMEOUT(m_prober->statistics().echoRepliesIgnored, quint64(3),
                              kArrivalTimeoutMs);
    QCOMPARE(spy.count(), 0);

    sendForgedEchoReply(kNobody, id, sequence);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, kArrivalTimeoutMs);
    const ProbeResult r = resultOf(spy);
    QVERIFY(r.inUse);
    QCOMPARE(r.answeredBy, ProbeMethod::Icmp);
    QCOMPARE(r.responderMac, kNobodyMac); // what the neighbour table says
}

void TestNetworkProber::cancelReportsNothing_data()
{
    QTest::addColumn<ProbeMethod>("method");
    QTest::addColumn<Ipv4Address>("address");
    QTest::newRow("icmp, answered") << ProbeMethod::Icmp << kPeerAddress;
    QTest::newRow("arp, answered") << ProbeMethod::Arp << kPeerAddress;
    QTest::newRow("both, timing out") << ProbeMethod::Both << kNobody;
}

void TestNetworkProber::cancelReportsNothing()
{
    QFETCH(ProbeMethod, method);
    QFETCH(Ipv4Address, address);
    QSignalSpy spy(m_prober.get(), &ConflictProbe::finished);
    m_prober->start(target(7, address, method, 1, 100));
    m_prober->cancel(7);
    m_prober->cancel(8); // unknown: nothing happens
    QCOMPARE(m_prober->pendingProbes(), 0);
    QTest::qWait(kSilenceMs);
    QCOMPARE(spy.count(), 0);
}

// A repeated id replaces the running probe: one answer, the new probe's.
void TestNetworkProber::sameIdReplacesProbe()
{
    QSignalSpy spy(m_prober.get(), &ConflictProbe::finished);
    m_prober->start(target(9, kNobody, ProbeMethod::Icmp, 1, 200));
    m_prober->start(target(9, kPeerAddress, ProbeMethod::Icmp, 1, 200));
    QCOMPARE(m_prober->pendingProbes(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, kArrivalTimeoutMs);
    QCOMPARE(resultOf(spy).address, kPeerAddress);
    QVERIFY(resultOf(spy).inUse);
    QTest::qWait(kSilenceMs);
    QCOMPARE(spy.count(), 1);
}

// networkwatch.h: the caller's bookkeeping comes first, even when the probe fails at once.
void TestNetworkProber::neverFinishesInsideStart()
{
    NetworkProber none(UniqueFd(), UniqueFd(), m_clock);
    QObject context;
    int finishedCount = 0;
    ProbeResult last;
    connect(&none, &ConflictProbe::finished, &context, [&](const ProbeResult &r) {
        ++finishedCount;
        last = r;
    });
    connect(m_prober.get(), &ConflictProbe::finished, &context, [&] { ++finishedCount; });
    none.start(target(10, kPeerAddress, ProbeMethod::Icmp));
    m_prober->start(target(11, Ipv4Address(), ProbeMethod::Icmp)); // not an address
    QCOMPARE(finishedCount, 0);
    QTRY_COMPARE(finishedCount, 2);
    QCOMPARE(last.id, quint64(10));
    QVERIFY(!last.inUse);
    QCOMPARE(last.error, none.unavailable(ProbeMethod::Icmp));
    QCOMPARE(none.statistics().failed, quint64(1));

    // A failed probe cancelled before the loop runs reports nothing either.
    none.start(target(12, kPeerAddress, ProbeMethod::Arp));
    none.cancel(12);
    QTest::qWait(50);
    QCOMPARE(finishedCount, 2);
}

void TestNetworkProber::missingSocketsAreExplained()
{
    const NetworkProber none(UniqueFd(), UniqueFd(), m_clock);
    QVERIFY2(none.unavailable(ProbeMethod::Icmp)
                 .startsWith(QLatin1String("no raw ICMP socket (needs CAP_NET_RAW)")),
             qPrintable(none.unavailable(ProbeMethod::Icmp)));
    QVERIFY2(none.unavailable(ProbeMethod::Arp)
                 .startsWith(QLatin1String("no ARP socket (needs CAP_NET_RAW)")),
             qPrintable(none.unavailable(ProbeMethod::Arp)));
    QVERIFY(none.unavailable(ProbeMethod::Both).contains(none.unavailable(ProbeMethod::Icmp)));
    QVERIFY(none.unavailable(ProbeMethod::Both).contains(none.unavailable(ProbeMethod::Arp)));
    for (ProbeMethod m : {ProbeMethod::Icmp, ProbeMethod::Arp, ProbeMethod::Both})
        QCOMPARE(m_prober->unavailable(m), QString());
}

// Both with only one socket probes with that one (and unavailable(Both) is empty).
void TestNetworkProber::bothUsesTheSocketThereIs()
{
    for (const bool icmp : {true, false}) {
        const auto prober = makeProber(icmp, !icmp);
        QVERIFY(prober);
        QCOMPARE(prober->unavailable(ProbeMethod::Both), QString());
        QVERIFY(!prober->unavailable(icmp ? ProbeMethod::Arp : ProbeMethod::Icmp).isEmpty());
        QSignalSpy spy(prober.get(), &ConflictProbe::finished);
        prober->start(target(13, kPeerAddress, ProbeMethod::Both, 1, 1000));
        QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, kArrivalTimeoutMs);
        QVERIFY(resultOf(spy).inUse);
        QCOMPARE(resultOf(spy).answeredBy, icmp ? ProbeMethod::Icmp : ProbeMethod::Arp);
    }
}

void TestNetworkProber::arpNeedsAnEthernetInterface()
{
    QSignalSpy spy(m_prober.get(), &ConflictProbe::finished);
    ProbeTarget byName = target(14, kPeerAddress, ProbeMethod::Arp);
    byName.interfaceIndex = 0; // the name is enough
    m_prober->start(byName);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, kArrivalTimeoutMs);
    QVERIFY(resultOf(spy, 0).inUse);

    ProbeTarget nowhere = target(15, kPeerAddress, ProbeMethod::Arp);
    nowhere.interfaceIndex = 0;
    nowhere.interfaceName.clear();
    m_prober->start(nowhere);
    QTRY_COMPARE(spy.count(), 2);
    QVERIFY2(resultOf(spy, 1).error.contains(QLatin1String("needs the interface")),
             qPrintable(resultOf(spy, 1).error));

    ProbeTarget loopback = target(16, kPeerAddress, ProbeMethod::Arp);
    loopback.interfaceIndex = 1;
    loopback.interfaceName = QStringLiteral("lo");
    m_prober->start(loopback);
    QTRY_COMPARE(spy.count(), 3);
    QCOMPARE(resultOf(spy, 2).error,
             QStringLiteral("lo is not an Ethernet interface, so ARP cannot probe on it"));
    QCOMPARE(m_prober->statistics().failed, quint64(2));
}

// The engine and the GUI live in other threads: the results must be queueable.
void TestNetworkProber::deliversThroughQueuedConnection()
{
    QObject receiver;
    ProbeResult received;
    connect(
        m_prober.get(), &ConflictProbe::finished, &receiver,
        [&received](const ProbeResult &r) { received = r; }, Qt::QueuedConnection);
    m_prober->start(target(17, kPeerAddress, ProbeMethod::Icmp));
    QTRY_COMPARE_WITH_TIMEOUT(received.id, quint64(17), kArrivalTimeoutMs);
    QVERIFY(received.inUse);
}

void TestNetworkProber::observesPeerArp_data()
{
    QTest::addColumn<int>("operation");
    QTest::newRow("gratuitous request") << int(ArpPacket::Request);
    QTest::newRow("gratuitous reply") << int(ArpPacket::Reply);
}

void TestNetworkProber::observesPeerArp()
{
    QFETCH(int, operation);
    QSignalSpy spy(m_prober.get(), &NetworkProber::arpObserved);
    ArpPacket::Fields announce;
    announce.operation = std::uint16_t(operation);
    announce.senderMac = toMac(m_link0.peerMac);
    announce.senderIp = kPeerAddress;
    announce.targetIp = kPeerAddress;
    sendPeerArp(announce);
    const auto announced = [&] {
        QList<ArpObservation> found;
        for (const ArpObservation &o : observationsFrom(spy, m_link0.peerMac, quint16(operation)))
            if (o.targetIp == kPeerAddress)
                found << o;
        return found;
    };
    QTRY_VERIFY_WITH_TIMEOUT(!announced().isEmpty(), kArrivalTimeoutMs);
    const ArpObservation seen = announced().first();
    QCOMPARE(seen.timeMs, m_clock.nowMs());
    QCOMPARE(seen.interfaceIndex, m_link0.index);
    QCOMPARE(seen.interfaceName, m_link0.name);
    QCOMPARE(seen.operation, quint16(operation));
    QCOMPARE(seen.senderIp, kPeerAddress);
    QCOMPARE(seen.targetMac, QByteArray(6, '\0'));
    QCOMPARE(seen.targetIp, kPeerAddress);
    QVERIFY(m_prober->statistics().arpObserved >= 1);
}

// Our RFC 5227 probes and the kernel's own requests leave as PACKET_OUTGOING: not reported.
// The peer's answers to them are.
void TestNetworkProber::ownProbesAreNotObserved()
{
    QSignalSpy seen(m_prober.get(), &NetworkProber::arpObserved);
    QSignalSpy done(m_prober.get(), &ConflictProbe::finished);
    m_prober->start(target(18, kNobody, ProbeMethod::Arp, 2, 100));
    m_prober->start(target(19, kPeerAddress, ProbeMethod::Arp, 1, 1000));
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 2, kArrivalTimeoutMs);
    QVERIFY(observationsFrom(seen, m_link0.mac).isEmpty());
    const QList<ArpObservation> answers = observationsFrom(seen, m_link0.peerMac, ArpPacket::Reply);
    QVERIFY(!answers.isEmpty());
    QCOMPARE(answers.first().senderIp, kPeerAddress);
    QCOMPARE(answers.first().targetMac, m_link0.mac);
}

// An ARP packet that is not Ethernet/IPv4 is counted, not reported.
void TestNetworkProber::foreignArpIsMalformed()
{
    QSignalSpy spy(m_prober.get(), &NetworkProber::arpObserved);
    ArpPacket::Fields fields;
    fields.senderMac = toMac(m_link0.peerMac);
    fields.senderIp = kPeerAddress;
    std::vector<std::uint8_t> bytes = ArpPacket::build(fields);
    bytes[1] = 6; // IEEE 802 hardware
    sendPeerArpBytes(bytes);
    QTRY_COMPARE_WITH_TIMEOUT(m_prober->statistics().malformed, quint64(1), kArrivalTimeoutMs);
    QVERIFY(observationsFrom(spy, m_link0.peerMac).isEmpty());
}

// The allow-list is the server's --interface list: it limits what is reported, while a
// probe listens on its own interface whatever the list says.
void TestNetworkProber::allowListFiltersObservationsNotProbes()
{
    m_prober->setAllowedInterfaces({QStringLiteral("ld7")});
    QSignalSpy seen(m_prober.get(), &NetworkProber::arpObserved);
    QSignalSpy done(m_prober.get(), &ConflictProbe::finished);
    m_prober->start(target(20, kPeerAddress, ProbeMethod::Arp, 1, 1000));
    QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, kArrivalTimeoutMs);
    QVERIFY(resultOf(done).inUse);
    QVERIFY(m_prober->statistics().droppedInterface >= 1);
    QCOMPARE(seen.count(), 0);

    m_prober->setAllowedInterfaces({QStringLiteral("ld7"), m_link0.name});
    ArpPacket::Fields announce;
    announce.senderMac = toMac(m_link0.peerMac);
    announce.senderIp = announce.targetIp = kPeerAddress;
    sendPeerArp(announce);
    QTRY_VERIFY_WITH_TIMEOUT(seen.count() >= 1, kArrivalTimeoutMs);
}

void TestNetworkProber::readsNeighbourTable()
{
    QTemporaryFile table;
    QVERIFY(table.open());
    table.write("IP address       HW type     Flags       HW address            Mask     Device\n"
                "198.18.0.2       0x1         0x2         02:00:00:00:00:02     *        ld0\n"
                "198.18.0.3       0x1         0x0         00:00:00:00:00:00     *        ld0\n"
                "198.18.0.4       0x1         0x6         02:00:00:00:00:04     *        ld0\n"
                "198.18.0.5       0x1         0x2         00:00:00:00:00:00     *        ld0\n");
    table.close();
    const QString path = table.fileName();
    QCOMPARE(NetworkProber::neighbourMac(Ipv4Address(198, 18, 0, 2), path), mac(2));
    QCOMPARE(NetworkProber::neighbourMac(Ipv4Address(198, 18, 0, 3), path),
             QByteArray()); // incomplete
    QCOMPARE(NetworkProber::neighbourMac(Ipv4Address(198, 18, 0, 4), path), mac(4)); // permanent
    QCOMPARE(NetworkProber::neighbourMac(Ipv4Address(198, 18, 0, 5), path), QByteArray());
    QCOMPARE(NetworkProber::neighbourMac(Ipv4Address(198, 18, 0, 20), path), QByteArray());
    QCOMPARE(NetworkProber::neighbourMac(Ipv4Address(198, 18, 0, 2), path + "-missing"),
             QByteArray());
}

QTEST_GUILESS_MAIN(TestNetworkProber)
#include "tst_networkprober.moc"
