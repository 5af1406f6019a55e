// DhcpSocket on real sockets: a private network namespace for the test, a peer namespace
// for the clients and the relay, veth pairs between them (networklab.h says how nothing
// leaks out). Receiving fills ReceiveInfo from IP_PKTINFO; every kind of Destination arrives
// at the peer as RFC 2131 §4.1 and conformance C6 say, checked on the wire.
//
//   test namespace                          peer namespace
//   ld0 198.18.0.1/24  ---- veth ----  peer0 198.18.0.2/24  (clients)
//   ld1 198.18.1.1/24  ---- veth ----  peer1 198.18.1.2/24  (relay; 198.19.5.0/24 behind it)

#include "framecapture.h"
#include "net/dhcpsocket.h"
#include "net/ipv4udppacket.h"
#include "net/privilegedsockets.h"
#include "networklab.h"

#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <sys/socket.h>

using namespace leasedesk;
using namespace leasedesk::test;

namespace {

constexpr int kReceiveBuffer = 1 << 20; // room for the flood test's datagrams

ReceiveInfo infoOf(const QSignalSpy &spy, int i)
{
    return spy.at(i).at(1).value<ReceiveInfo>();
}

} // namespace

class TestDhcpSocket : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void receivesBroadcastWithInterface();
    void receivesUnicast_data();
    void receivesUnicast();
    void learnsNewInterfaceOnMiss();
    void refreshesAddresses();
    void allowListDropsOtherInterfaces();
    void deliversThroughQueuedConnection();
    void drainsInBoundedBatches();
    void broadcastLeavesThroughItsInterface_data();
    void broadcastLeavesThroughItsInterface();
    void unicastGoesToClientAddress();
    void relayGoesToGatewayPort67();
    void linkUnicastFrameReachesMac_data();
    void linkUnicastFrameReachesMac();
    void linkUnicastFallsBackToBroadcast_data();
    void linkUnicastFallsBackToBroadcast();
    void failuresAreExplained();

private:
    void sendDiscoverFrame(const VethLink &link, const QByteArray &payload);
    void sendFromPeer(const VethLink &link, quint16 port, const QByteArray &payload);
    void makeSocket(bool withPacketSocket);
    FrameCapture &captureOf(const VethLink &link);

    PrivateNetwork m_network;
    std::unique_ptr<NetworkLab> m_lab;
    VethLink m_link0{"ld0", "peer0", mac(1, 0), mac(2, 0), "198.18.0.1/24", "198.18.0.2/24"};
    VethLink m_link1{"ld1", "peer1", mac(1, 1), mac(2, 1), "198.18.1.1/24", "198.18.1.2/24"};
    VethLink m_link2{"ld2", "peer2", mac(1, 2), mac(2, 2), "198.18.2.1/24", {}};
    std::unique_ptr<FrameCapture> m_capture0;
    std::unique_ptr<FrameCapture> m_capture1;
    std::unique_ptr<DhcpSocket> m_socket;
};

void TestDhcpSocket::initTestCase()
{
    QString skip;
    QString error;
    m_lab = NetworkLab::start(m_network, {&m_link0, &m_link1}, &skip, &error);
    if (!skip.isEmpty())
        QSKIP(qPrintable(skip));
    QVERIFY2(m_lab, qPrintable(error));
    QVERIFY2((error = m_lab->ip({"route", "add", "198.19.5.0/24", "via", "198.18.1.2"})).isEmpty(),
             qPrintable(error));
    m_capture0 = FrameCapture::open(*m_lab, m_link0.peerIndex, &error);
    QVERIFY2(m_capture0, qPrintable(error));
    m_capture1 = FrameCapture::open(*m_lab, m_link1.peerIndex, &error);
    QVERIFY2(m_capture1, qPrintable(error));
}

void TestDhcpSocket::cleanupTestCase()
{
    m_socket.reset();
    m_capture0.reset();
    m_capture1.reset();
    m_lab.reset(); // deletes the links; the namespaces go with the last descriptor
}

void TestDhcpSocket::init()
{
    makeSocket(true);
    m_capture0->drain();
    m_capture1->drain();
}

void TestDhcpSocket::cleanup()
{
    m_socket.reset();
}

void TestDhcpSocket::makeSocket(bool withPacketSocket)
{
    m_socket.reset();
    PrivilegedSockets sockets = PrivilegedSockets::open();
    QVERIFY2(sockets.problems().isEmpty(), qPrintable(sockets.problems().join('\n')));
    ::setsockopt(sockets.udpFd(), SOL_SOCKET, SO_RCVBUF, &kReceiveBuffer, sizeof kReceiveBuffer);
    m_socket = std::make_unique<DhcpSocket>(sockets.takeUdp(),
                                            withPacketSocket ? sockets.takePacket() : UniqueFd());
}

FrameCapture &TestDhcpSocket::captureOf(const VethLink &link)
{
    return link.name == m_link0.name ? *m_capture0 : *m_capture1;
}

// A client before its first lease: from 0.0.0.0:68 to 255.255.255.255:67 in a frame to
// ff:ff:ff:ff:ff:ff (RFC 2131 §4.1), the way dhclient sends it, through a packet socket.
void TestDhcpSocket::sendDiscoverFrame(const VethLink &link, const QByteArray &payload)
{
    const std::vector<std::uint8_t> packet = Ipv4UdpPacket::build(
        {Ipv4Address(), 68, Ipv4Address(255, 255, 255, 255), 67, 64, 1}, bytes(payload));
    const QString error =
        m_lab->sendPeerFrame(link.peerIndex, ETH_P_IP, QByteArray(6, '\xff'), packet);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

// A client with an address (or a relay agent) sends to the server's address.
void TestDhcpSocket::sendFromPeer(const VethLink &link, quint16 port, const QByteArray &payload)
{
    const QString error = m_lab->sendPeerUdp(link.peerIpv4(), port, link.ipv4(), 67, payload);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestDhcpSocket::receivesBroadcastWithInterface()
{
    QSignalSpy spy(m_socket.get(), &DhcpSocket::datagramReceived);
    const QByteArray payload = message("discover");
    sendDiscoverFrame(m_link0, payload);
    QTRY_COMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toByteArray(), payload);
    const ReceiveInfo info = infoOf(spy, 0);
    QCOMPARE(info.interfaceIndex, m_link0.index);
    QCOMPARE(info.interfaceName, QStringLiteral("ld0"));
    QCOMPARE(info.interfaceAddresses, QList<InterfaceAddress>({{Ipv4Address(198, 18, 0, 1), 24}}));
    QCOMPARE(info.destination, Ipv4Address(255, 255, 255, 255));
    QCOMPARE(info.source, Ipv4Address());
    QCOMPARE(info.sourcePort, quint16(68));
    QCOMPARE(m_socket->statistics().received, quint64(1));
}

void TestDhcpSocket::receivesUnicast_data()
{
    QTest::addColumn<bool>("viaRelay");
    QTest::newRow("renewing client on ld0, from port 68") << false;
    QTest::newRow("relay agent on ld1, from port 67") << true;
}

void TestDhcpSocket::receivesUnicast()
{
    QFETCH(bool, viaRelay);
    const VethLink &link = viaRelay ? m_link1 : m_link0;
    const quint16 port = viaRelay ? 67 : 68;
    QSignalSpy spy(m_socket.get(), &DhcpSocket::datagramReceived);
    sendFromPeer(link, port, message("request"));
    QTRY_COMPARE(spy.count(), 1);
    const ReceiveInfo info = infoOf(spy, 0);
    const Ipv4Address subnet(198, 18, viaRelay ? 1 : 0, 0);
    QCOMPARE(info.interfaceIndex, link.index);
    QCOMPARE(info.interfaceName, link.name);
    QCOMPARE(info.destination, Ipv4Address(subnet.toUint32() + 1));
    QCOMPARE(info.source, Ipv4Address(subnet.toUint32() + 2));
    QCOMPARE(info.sourcePort, port);
}

void TestDhcpSocket::learnsNewInterfaceOnMiss()
{
    QSignalSpy spy(m_socket.get(), &DhcpSocket::datagramReceived);
    sendDiscoverFrame(m_link0, message("fills the cache"));
    QTRY_COMPARE(spy.count(), 1);
    QString error;
    QVERIFY2((error = m_lab->addLink(m_link2)).isEmpty(), qPrintable(error));
    sendDiscoverFrame(m_link2, message("new interface"));
    QTRY_COMPARE(spy.count(), 2);
    const ReceiveInfo info = infoOf(spy, 1);
    QCOMPARE(info.interfaceIndex, m_link2.index);
    QCOMPARE(info.interfaceName, QStringLiteral("ld2"));
    QCOMPARE(info.interfaceAddresses, QList<InterfaceAddress>({{Ipv4Address(198, 18, 2, 1), 24}}));
}

void TestDhcpSocket::refreshesAddresses()
{
    QSignalSpy spy(m_socket.get(), &DhcpSocket::datagramReceived);
    sendDiscoverFrame(m_link0, message("fills the cache"));
    QTRY_COMPARE(spy.count(), 1);
    QString error;
    QVERIFY2((error = m_lab->ip({"addr", "add", "198.18.0.9/25", "dev", "ld0"})).isEmpty(),
             qPrintable(error));
    m_socket->refreshInterfaces();
    sendDiscoverFrame(m_link0, message("second address"));
    QTRY_COMPARE(spy.count(), 2);
    QList<InterfaceAddress> addresses = infoOf(spy, 1).interfaceAddresses;
    m_lab->ip({"addr", "del", "198.18.0.9/25", "dev", "ld0"});
    std::sort(addresses.begin(), addresses.end(),
              [](const auto &a, const auto &b) { return a.address < b.address; });
    QCOMPARE(addresses,
             QList<InterfaceAddress>(
                 {{Ipv4Address(198, 18, 0, 1), 24}, {Ipv4Address(198, 18, 0, 9), 25}}));
}

void TestDhcpSocket::allowListDropsOtherInterfaces()
{
    m_socket->setAllowedInterfaces({QStringLiteral("ld0")});
    QSignalSpy spy(m_socket.get(), &DhcpSocket::datagramReceived);
    sendDiscoverFrame(m_link1, message("from ld1"));
    sendDiscoverFrame(m_link0, message("from ld0"));
    QTRY_COMPARE(m_socket->statistics().droppedInterface, quint64(1));
    QTRY_COMPARE(spy.count(), 1);
    QCOMPARE(infoOf(spy, 0).interfaceName, QStringLiteral("ld0"));
    QCOMPARE(spy.at(0).at(0).toByteArray(), message("from ld0"));
    QCOMPARE(m_socket->statistics().received, quint64(1));
}

// The engine runs in its own thread: the signal's arguments must be queueable.
void TestDhcpSocket::deliversThroughQueuedConnection()
{
    QObject receiver;
    ReceiveInfo received;
    connect(
        m_socket.get(), &DhcpSocket::datagramReceived, &receiver,
        [&received](const QByteArray &, const ReceiveInfo &info) { received = info; },
        Qt::QueuedConnection);
    sendDiscoverFrame(m_link1, message("queued"));
    QTRY_COMPARE(received.interfaceName, QStringLiteral("ld1"));
    QCOMPARE(received.interfaceIndex, m_link1.index);
}

// A flood must not starve the event loop: work posted while the first datagram is handled
// runs after at most a batch or two, long before the flood is drained.
void TestDhcpSocket::drainsInBoundedBatches()
{
    const int total = 3 * DhcpSocket::MaxDatagramsPerWakeup;
    QObject context;
    int received = 0;
    int seenByPostedWork = -1;
    connect(m_socket.get(), &DhcpSocket::datagramReceived, &context, [&] {
        if (received++ == 0)
            QMetaObject::invokeMethod(
                &context, [&] { seenByPostedWork = received; }, Qt::QueuedConnection);
    });
    // Each wake-up's reads end with readsFinished (the engine's turn), after 1 to
    // MaxDatagramsPerWakeup datagrams.
    QList<int> receivedAtFinish;
    connect(m_socket.get(), &DhcpSocket::readsFinished, &context,
            [&] { receivedAtFinish.append(received); });
    for (int i = 0; i < total; ++i)
        sendDiscoverFrame(m_link0, message("flood " + QByteArray::number(i)));
    QTRY_COMPARE(received, total);
    QTRY_COMPARE(receivedAtFinish.isEmpty() ? 0 : receivedAtFinish.back(), total);
    QVERIFY(receivedAtFinish.size() >= 3);
    for (qsizetype i = 0; i < receivedAtFinish.size(); ++i) {
        const int batch = receivedAtFinish[i] - (i > 0 ? receivedAtFinish[i - 1] : 0);
        QVERIFY2(batch >= 1 && batch <= DhcpSocket::MaxDatagramsPerWakeup,
                 qPrintable(QStringLiteral("wake-up %1 read %2").arg(i).arg(batch)));
    }
    QVERIFY2(seenByPostedWork >= 1 && seenByPostedWork <= 2 * DhcpSocket::MaxDatagramsPerWakeup,
             qPrintable(QStringLiteral("posted work ran after %1 of %2 datagrams")
                            .arg(seenByPostedWork)
                            .arg(total)));
}

void TestDhcpSocket::broadcastLeavesThroughItsInterface_data()
{
    QTest::addColumn<bool>("second");
    QTest::addColumn<Ipv4Address>("source");
    QTest::addColumn<Ipv4Address>("expectedSource");
    const Ipv4Address ld0(198, 18, 0, 1);
    const Ipv4Address ld1(198, 18, 1, 1);
    QTest::newRow("ld0") << false << ld0 << ld0;
    QTest::newRow("ld1") << true << ld1 << ld1;
    // Linux would route a broadcast by its source address when no interface is given, so
    // these two show that the interface decides.
    QTest::newRow("ld1, source chosen by the kernel") << true << Ipv4Address() << ld1;
    QTest::newRow("ld1, source of ld0") << true << ld0 << ld0;
}

// RFC 2131 §4.1, conformance T-03 and T-07: 255.255.255.255:68, link broadcast, out of the
// interface the request came in on and no other.
void TestDhcpSocket::broadcastLeavesThroughItsInterface()
{
    QFETCH(bool, second);
    QFETCH(Ipv4Address, source);
    QFETCH(Ipv4Address, expectedSource);
    const VethLink &link = second ? m_link1 : m_link0;
    const VethLink &other = second ? m_link0 : m_link1;
    const QByteArray payload = message("offer");
    QString error;
    const Destination d{
        Destination::Kind::Broadcast, Ipv4Address(255, 255, 255, 255), 68, {}, link.index, source};
    QVERIFY2(m_socket->send(bytes(payload), d, &error), qPrintable(error));
    const auto frame = captureOf(link).next(68, kArrivalTimeoutMs);
    QVERIFY(frame);
    QCOMPARE(frame->destinationMac, QByteArray(6, '\xff'));
    QCOMPARE(frame->packetType, PACKET_BROADCAST);
    QCOMPARE(frame->sourceMac, link.mac);
    QCOMPARE(frame->destination, Ipv4Address(255, 255, 255, 255));
    QCOMPARE(frame->source, expectedSource);
    QCOMPARE(frame->sourcePort, quint16(67));
    QCOMPARE(frame->payload, payload);
    QVERIFY2(!captureOf(other).next(68, kSilenceMs),
             "the broadcast also left through the other interface");
}

// Conformance T-02: to ciaddr:68, by unicast to the client's MAC (found by ARP).
void TestDhcpSocket::unicastGoesToClientAddress()
{
    const QByteArray payload = message("ack");
    QString error;
    const Destination d{
        Destination::Kind::Unicast, Ipv4Address(198, 18, 0, 2), 68, {}, m_link0.index,
        Ipv4Address(198, 18, 0, 1)};
    QVERIFY2(m_socket->send(bytes(payload), d, &error), qPrintable(error));
    const auto frame = m_capture0->next(68, kArrivalTimeoutMs);
    QVERIFY(frame);
    QCOMPARE(frame->packetType, PACKET_HOST);
    QCOMPARE(frame->destinationMac, m_link0.peerMac);
    QCOMPARE(frame->destination, Ipv4Address(198, 18, 0, 2));
    QCOMPARE(frame->source, Ipv4Address(198, 18, 0, 1));
    QCOMPARE(frame->sourcePort, quint16(67));
    QCOMPARE(frame->payload, payload);
    QVERIFY(!m_capture1->next(68, kSilenceMs));
}

// Conformance T-01: to giaddr:67 through normal routing, here via the gateway on ld1,
// although the request's interface (and the source address) belong to ld0.
void TestDhcpSocket::relayGoesToGatewayPort67()
{
    const QByteArray payload = message("relayed offer");
    QString error;
    const Destination d{
        Destination::Kind::Relay,  Ipv4Address(198, 19, 5, 1), 67, {}, m_link0.index,
        Ipv4Address(198, 18, 0, 1)};
    QVERIFY2(m_socket->send(bytes(payload), d, &error), qPrintable(error));
    const auto frame = m_capture1->next(67, kArrivalTimeoutMs);
    QVERIFY(frame);
    QCOMPARE(frame->destinationMac, m_link1.peerMac);
    QCOMPARE(frame->destination, Ipv4Address(198, 19, 5, 1));
    QCOMPARE(frame->source, Ipv4Address(198, 18, 0, 1));
    QCOMPARE(frame->sourcePort, quint16(67));
    QCOMPARE(frame->payload, payload);
    QVERIFY(!m_capture0->next(67, kSilenceMs));
}

void TestDhcpSocket::linkUnicastFrameReachesMac_data()
{
    QTest::addColumn<int>("size");
    QTest::newRow("even length") << 300;
    QTest::newRow("odd length") << 301;
}

// Conformance T-04: yiaddr:68 in a frame to chaddr, built by us; the peer has no ARP entry
// to give and the address is not its own, yet the frame arrives, with valid checksums.
void TestDhcpSocket::linkUnicastFrameReachesMac()
{
    QFETCH(int, size);
    const QByteArray payload = message("offer to a MAC", size);
    QString error;
    const Destination d{Destination::Kind::LinkUnicast,
                        Ipv4Address(198, 18, 0, 77),
                        68,
                        m_link0.peerMac,
                        m_link0.index,
                        Ipv4Address(198, 18, 0, 1)};
    QVERIFY(m_socket->canLinkUnicast());
    QVERIFY2(m_socket->send(bytes(payload), d, &error), qPrintable(error));
    const auto frame = m_capture0->next(68, kArrivalTimeoutMs);
    QVERIFY(frame);
    QCOMPARE(frame->packetType, PACKET_HOST);
    QCOMPARE(frame->destinationMac, m_link0.peerMac);
    QCOMPARE(frame->sourceMac, m_link0.mac);
    QCOMPARE(frame->destination, Ipv4Address(198, 18, 0, 77));
    QCOMPARE(frame->source, Ipv4Address(198, 18, 0, 1));
    QCOMPARE(frame->sourcePort, quint16(67));
    QCOMPARE(frame->ttl, 64);
    QVERIFY(frame->ipChecksumValid);
    QVERIFY(frame->udpChecksumValid);
    QCOMPARE(frame->payload, payload);
    QCOMPARE(m_socket->statistics().linkUnicastFallbacks, quint64(0));
}

void TestDhcpSocket::linkUnicastFallsBackToBroadcast_data()
{
    QTest::addColumn<bool>("withPacketSocket");
    QTest::addColumn<QByteArray>("hardwareAddress");
    QTest::newRow("no packet socket") << false << m_link0.peerMac;
    QTest::newRow("not an Ethernet address (T-08)") << true << QByteArray(8, '\x02');
}

// RFC 2131 §4.1: "if unicasting is not possible, the message MAY be sent as an IP broadcast".
void TestDhcpSocket::linkUnicastFallsBackToBroadcast()
{
    QFETCH(bool, withPacketSocket);
    QFETCH(QByteArray, hardwareAddress);
    makeSocket(withPacketSocket);
    QCOMPARE(m_socket->canLinkUnicast(), withPacketSocket);
    const QByteArray payload = message("offer, broadcast instead");
    QString error;
    const Destination d{Destination::Kind::LinkUnicast,
                        Ipv4Address(198, 18, 0, 77),
                        68,
                        hardwareAddress,
                        m_link0.index,
                        Ipv4Address(198, 18, 0, 1)};
    QVERIFY2(m_socket->send(bytes(payload), d, &error), qPrintable(error));
    const auto frame = m_capture0->next(68, kArrivalTimeoutMs);
    QVERIFY(frame);
    QCOMPARE(frame->destinationMac, QByteArray(6, '\xff'));
    QCOMPARE(frame->destination, Ipv4Address(255, 255, 255, 255));
    QCOMPARE(frame->payload, payload);
    QCOMPARE(m_socket->statistics().linkUnicastFallbacks, quint64(1));
}

void TestDhcpSocket::failuresAreExplained()
{
    const QByteArray payload = message("nowhere");
    QString error;
    // Without the interface a broadcast would follow the routing table, maybe elsewhere.
    const Destination noInterface{
        Destination::Kind::Broadcast, Ipv4Address(255, 255, 255, 255), 68, {}, 0,
        Ipv4Address(198, 18, 0, 1)};
    QVERIFY(!m_socket->send(bytes(payload), noInterface, &error));
    QVERIFY2(error.contains(QLatin1String("255.255.255.255:68"))
                 && error.contains(QLatin1String("needs the interface")),
             qPrintable(error));
    // A source address that is not ours is refused by the kernel.
    const Destination foreignSource{
        Destination::Kind::Unicast, Ipv4Address(198, 18, 0, 2), 68, {}, m_link0.index,
        Ipv4Address(198, 18, 9, 9)};
    QVERIFY(!m_socket->send(bytes(payload), foreignSource, &error));
    QVERIFY2(error.startsWith(QLatin1String("cannot send to 198.18.0.2:68 (unicast) on ld0: ")),
             qPrintable(error));
    QCOMPARE(m_socket->statistics().sendErrors, quint64(2));
    QCOMPARE(m_socket->statistics().sent, quint64(0));
    QVERIFY(!m_capture0->next(68, kSilenceMs));
}

QTEST_GUILESS_MAIN(TestDhcpSocket)
#include "tst_dhcpsocket.moc"
