// DhcpClientPort on real sockets in a network of the test's own (networklab.h says how
// nothing leaks out): its DISCOVERs arrive at the peer as a client's would, and the DHCP
// server replies the peer sends are seen with the peer's MAC and address, while other UDP,
// fragments, our own server's replies and other interfaces are not.
//
//   test namespace                          peer namespace
//   ld0 198.18.0.1/24  ---- veth ----  peer0 198.18.0.2/24  (another DHCP server)
//   ld1 198.18.1.1/24  ---- veth ----  peer1 198.18.1.2/24

#include "core/clock.h"
#include "framecapture.h"
#include "net/dhcpclientport.h"
#include "net/dhcpsocket.h"
#include "net/ipv4udppacket.h"
#include "net/privilegedsockets.h"
#include "networklab.h"

#include <QSignalSpy>
#include <QTest>

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

using namespace leasedesk;
using namespace leasedesk::test;

namespace {

const Ipv4Address kBroadcast(255, 255, 255, 255);

ServerReplySeen replyOf(const QSignalSpy &spy, int i)
{
    return spy.at(i).at(0).value<ServerReplySeen>();
}

} // namespace

class TestDhcpClientPort : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void discoverArrivesAsAClientSendsIt();
    void sendFailuresNameTheInterface();
    void seesBroadcastReplyFromPeer();
    void seesReplyToAnotherMac();
    void ignoresOtherPorts();
    void ignoresFragments();
    void ignoresOurOwnServer();
    void allowListDropsOtherInterfaces();
    void deliversThroughQueuedConnection();
    void invalidSocketSeesNothing();

private:
    void sendFromPeer(const VethLink &link, quint16 port, const QByteArray &payload);
    void sendFrameFromPeer(const VethLink &link, const QByteArray &destinationMac,
                           Ipv4Address destination, const QByteArray &payload);

    PrivateNetwork m_network;
    std::unique_ptr<NetworkLab> m_lab;
    VethLink m_link0{"ld0", "peer0", mac(1, 0), mac(2, 0), "198.18.0.1/24", "198.18.0.2/24"};
    VethLink m_link1{"ld1", "peer1", mac(1, 1), mac(2, 1), "198.18.1.1/24", "198.18.1.2/24"};
    std::unique_ptr<FrameCapture> m_capture0;
    ManualClock m_clock;
    std::unique_ptr<DhcpClientPort> m_port;
};

void TestDhcpClientPort::initTestCase()
{
    QString skip;
    QString error;
    m_lab = NetworkLab::start(m_network, {&m_link0, &m_link1}, &skip, &error);
    if (!skip.isEmpty())
        QSKIP(qPrintable(skip));
    QVERIFY2(m_lab, qPrintable(error));
    m_capture0 = FrameCapture::open(*m_lab, m_link0.peerIndex, &error);
    QVERIFY2(m_capture0, qPrintable(error));
}

void TestDhcpClientPort::cleanupTestCase()
{
    m_port.reset();
    m_capture0.reset();
    m_lab.reset(); // deletes the links; the namespaces go with the last descriptor
}

void TestDhcpClientPort::init()
{
    PrivilegedSockets sockets = PrivilegedSockets::open();
    QVERIFY2(sockets.clientFd() >= 0, qPrintable(sockets.problems().join('\n')));
    m_port = std::make_unique<DhcpClientPort>(sockets.takeClient(), m_clock);
    m_capture0->drain();
}

void TestDhcpClientPort::cleanup()
{
    m_port.reset();
}

// Another DHCP server answering from its address and port 67 to 255.255.255.255:68.
void TestDhcpClientPort::sendFromPeer(const VethLink &link, quint16 port, const QByteArray &payload)
{
    // Bound to its address, the broadcast leaves through that address's interface.
    const QString error = m_lab->sendPeerUdp(link.peerIpv4(), 67, kBroadcast, port, payload);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

// A reply unicast to a client's MAC before the client has its address (RFC 2131 §4.1),
// as a server with a packet socket sends it.
void TestDhcpClientPort::sendFrameFromPeer(const VethLink &link, const QByteArray &destinationMac,
                                           Ipv4Address destination, const QByteArray &payload)
{
    const Ipv4Address source(198, 18, 0, 2);
    const std::vector<std::uint8_t> packet =
        Ipv4UdpPacket::build({source, 67, destination, 68, 64, 7}, bytes(payload));
    const QString error = m_lab->sendPeerFrame(link.peerIndex, ETH_P_IP, destinationMac, packet);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

// RFC 2131 §4.1: from 0.0.0.0:68 to 255.255.255.255:67 in a frame to ff:ff:ff:ff:ff:ff with
// the interface's MAC as source, checksums correct, payload untouched.
void TestDhcpClientPort::discoverArrivesAsAClientSendsIt()
{
    const QByteArray payload = message("discover");
    QString error;
    QVERIFY2(m_port->sendDiscover(m_link0.name, bytes(payload), &error), qPrintable(error));
    const auto frame = m_capture0->next(67, kArrivalTimeoutMs);
    QVERIFY(frame);
    QCOMPARE(frame->packetType, PACKET_BROADCAST);
    QCOMPARE(frame->destinationMac, QByteArray(6, '\xff'));
    QCOMPARE(frame->sourceMac, m_link0.mac);
    QCOMPARE(frame->source, Ipv4Address());
    QCOMPARE(frame->sourcePort, quint16(68));
    QCOMPARE(frame->destination, kBroadcast);
    QCOMPARE(frame->destinationPort, quint16(67));
    QVERIFY(frame->ipChecksumValid);
    QVERIFY(frame->udpChecksumValid);
    QCOMPARE(frame->payload, payload);
    QCOMPARE(m_port->statistics().sent, quint64(1));

    // A server in the peer namespace receives it on UDP 67 like any DISCOVER.
    const UniqueFd server = m_lab->peerSocket(AF_INET, SOCK_DGRAM, 0);
    sockaddr_in any = {};
    any.sin_family = AF_INET;
    any.sin_port = htons(67);
    QCOMPARE(::bind(server.get(), reinterpret_cast<const sockaddr *>(&any), sizeof any), 0);
    QVERIFY2(m_port->sendDiscover(m_link0.name, bytes(payload), &error), qPrintable(error));
    pollfd readable = {server.get(), POLLIN, 0};
    QCOMPARE(::poll(&readable, 1, kArrivalTimeoutMs), 1);
    QByteArray received(1500, '\0');
    sockaddr_in from = {};
    socklen_t fromLength = sizeof from;
    const ssize_t size = ::recvfrom(server.get(), received.data(), size_t(received.size()), 0,
                                    reinterpret_cast<sockaddr *>(&from), &fromLength);
    QCOMPARE(received.left(size), payload);
    QCOMPARE(ntohs(from.sin_port), 68);
    QCOMPARE(from.sin_addr.s_addr, htonl(INADDR_ANY));
}

void TestDhcpClientPort::sendFailuresNameTheInterface()
{
    QString error;
    QVERIFY(!m_port->sendDiscover(QStringLiteral("nosuch0"), bytes(message("x")), &error));
    QCOMPARE(error,
             QStringLiteral("cannot send a DHCPDISCOVER on nosuch0: there is no such "
                            "interface"));
    const QByteArray huge(int(Ipv4UdpPacket::MaxPayload) + 1, '\0');
    QVERIFY(!m_port->sendDiscover(m_link0.name, bytes(huge), &error));
    QVERIFY2(error.startsWith(QLatin1String("cannot send a DHCPDISCOVER on ld0: ")),
             qPrintable(error));
    // The error sentence is optional.
    QVERIFY(!m_port->sendDiscover(QStringLiteral("nosuch0"), bytes(message("x")), nullptr));
    QVERIFY(m_port->sendDiscover(m_link0.name, bytes(message("x")), nullptr));
    QCOMPARE(m_port->statistics().sendErrors, quint64(3));
    QCOMPARE(m_port->statistics().sent, quint64(1));
}

void TestDhcpClientPort::seesBroadcastReplyFromPeer()
{
    m_clock.advanceMs(1234);
    QSignalSpy spy(m_port.get(), &DhcpClientPort::serverReplySeen);
    const QByteArray payload = message("offer from a rogue");
    sendFromPeer(m_link0, 68, payload);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, kArrivalTimeoutMs);
    const ServerReplySeen seen = replyOf(spy, 0);
    QCOMPARE(seen.timeMs, m_clock.nowMs());
    QCOMPARE(seen.interfaceIndex, m_link0.index);
    QCOMPARE(seen.interfaceName, m_link0.name);
    QCOMPARE(seen.sourceMac, m_link0.peerMac);
    QCOMPARE(seen.sourceIp, Ipv4Address(198, 18, 0, 2));
    QCOMPARE(seen.payload, payload);
    QCOMPARE(m_port->statistics().received, quint64(1));
}

// A packet socket sees the frames the link delivers, also those to another MAC (a veth, a
// hub, a switch flooding): a unicast OFFER to a client is a reply on the wire too.
void TestDhcpClientPort::seesReplyToAnotherMac()
{
    QSignalSpy spy(m_port.get(), &DhcpClientPort::serverReplySeen);
    const QByteArray payload = message("unicast offer");
    sendFrameFromPeer(m_link0, mac(0x77, 0), Ipv4Address(198, 18, 0, 77), payload);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, kArrivalTimeoutMs);
    QCOMPARE(replyOf(spy, 0).sourceMac, m_link0.peerMac);
    QCOMPARE(replyOf(spy, 0).payload, payload);
}

// The kernel filter keeps only UDP to port 68: port 69 never even reaches the port.
void TestDhcpClientPort::ignoresOtherPorts()
{
    QSignalSpy spy(m_port.get(), &DhcpClientPort::serverReplySeen);
    sendFromPeer(m_link0, 69, message("tftp"));
    sendFromPeer(m_link0, 67, message("to servers"));
    sendFromPeer(m_link0, 68, message("marker"));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, kArrivalTimeoutMs);
    QTest::qWait(kSilenceMs);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(replyOf(spy, 0).payload, message("marker"));
    QCOMPARE(m_port->statistics().malformed, quint64(0));
}

// A datagram larger than the link MTU leaves in fragments; the filter drops all of them
// (only the first carries the UDP header, and no frame carries the whole message).
void TestDhcpClientPort::ignoresFragments()
{
    QSignalSpy spy(m_port.get(), &DhcpClientPort::serverReplySeen);
    sendFromPeer(m_link0, 68, message("fragmented", 4000));
    sendFromPeer(m_link0, 68, message("marker"));
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, kArrivalTimeoutMs);
    QTest::qWait(kSilenceMs);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(replyOf(spy, 0).payload, message("marker"));
    QCOMPARE(m_port->statistics().malformed, quint64(0)); // dropped in the kernel already
}

// Our own server's OFFERs leave this machine (PACKET_OUTGOING): they are not another server.
void TestDhcpClientPort::ignoresOurOwnServer()
{
    PrivilegedSockets sockets = PrivilegedSockets::open();
    QVERIFY2(sockets.udpFd() >= 0, qPrintable(sockets.problems().join('\n')));
    DhcpSocket server(sockets.takeUdp(), sockets.takePacket());
    QSignalSpy spy(m_port.get(), &DhcpClientPort::serverReplySeen);
    const QByteArray payload = message("our offer");
    QString error;
    const Destination broadcast{
        Destination::Kind::Broadcast, kBroadcast, 68, {}, m_link0.index, Ipv4Address()};
    QVERIFY2(server.send(bytes(payload), broadcast, &error), qPrintable(error));
    const Destination linkUnicast{Destination::Kind::LinkUnicast,
                                  Ipv4Address(198, 18, 0, 50),
                                  68,
                                  m_link0.peerMac,
                                  m_link0.index,
                                  Ipv4Address(198, 18, 0, 1)};
    QVERIFY2(server.send(bytes(payload), linkUnicast, &error), qPrintable(error));
    QVERIFY(m_capture0->next(68, kArrivalTimeoutMs)); // they did go out
    QTest::qWait(kSilenceMs);
    QCOMPARE(spy.count(), 0);
}

void TestDhcpClientPort::allowListDropsOtherInterfaces()
{
    m_port->setAllowedInterfaces({m_link0.name});
    QSignalSpy spy(m_port.get(), &DhcpClientPort::serverReplySeen);
    sendFromPeer(m_link1, 68, message("on ld1"));
    sendFromPeer(m_link0, 68, message("on ld0"));
    QTRY_COMPARE_WITH_TIMEOUT(m_port->statistics().droppedInterface, quint64(1), kArrivalTimeoutMs);
    QTRY_COMPARE_WITH_TIMEOUT(spy.count(), 1, kArrivalTimeoutMs);
    QCOMPARE(replyOf(spy, 0).interfaceName, m_link0.name);
    QCOMPARE(replyOf(spy, 0).payload, message("on ld0"));
}

// The engine and the GUI live in other threads: what is seen must be queueable.
void TestDhcpClientPort::deliversThroughQueuedConnection()
{
    QObject receiver;
    ServerReplySeen received;
    connect(
        m_port.get(), &DhcpClientPort::serverReplySeen, &receiver,
        [&received](const ServerReplySeen &r) { received = r; }, Qt::QueuedConnection);
    sendFromPeer(m_link1, 68, message("queued"));
    QTRY_COMPARE_WITH_TIMEOUT(received.interfaceName, m_link1.name, kArrivalTimeoutMs);
    QCOMPARE(received.sourceMac, m_link1.peerMac);
    QCOMPARE(received.sourceIp, Ipv4Address(198, 18, 1, 2));
}

void TestDhcpClientPort::invalidSocketSeesNothing()
{
    DhcpClientPort none(UniqueFd(), m_clock);
    QVERIFY(!none.isValid());
    QString error;
    QVERIFY(!none.sendDiscover(m_link0.name, bytes(message("x")), &error));
    QCOMPARE(error,
             QStringLiteral("cannot send a DHCPDISCOVER on ld0: there is no packet socket "
                            "(it needs CAP_NET_RAW)"));
}

QTEST_GUILESS_MAIN(TestDhcpClientPort)
#include "tst_dhcpclientport.moc"
