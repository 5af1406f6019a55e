// Server::handle through whole exchanges with scripted clients (conformance C1–C8 of
// ../shared/reference/dhcp-server-conformance.md; the IDs are named in each test).
#include "lab.h"

#include <QTest>

using namespace lab;

namespace {

std::optional<Ipv4Address> addr(const Decision &d, std::uint8_t code)
{
    return d.reply ? d.reply->message.addressOption(code) : std::nullopt;
}

std::optional<quint32> u32(const Decision &d, std::uint8_t code)
{
    return d.reply ? d.reply->message.u32Option(code) : std::nullopt;
}

std::vector<std::uint8_t> codesOf(const DhcpMessage &m)
{
    std::vector<std::uint8_t> out;
    for (const auto &o : m.options)
        out.push_back(o.code);
    return out;
}

bool has(const std::vector<std::uint8_t> &v, std::uint8_t c)
{
    return std::find(v.begin(), v.end(), c) != v.end();
}

} // namespace

class TestServer : public QObject
{
    Q_OBJECT

private slots:
    void offerCarriesWhatRfc2131Table3Says();
    void ackIsDurableBeforeItLeaves();
    void destinationFollowsTheBroadcastBit();
    void excludedAddressesAreNeverOffered();
    void exhaustedPoolIsSilentAndSaysWhy();
    void anOfferIsHeldForItsClientOnly();
    void requestedAddressIsHonouredWhenFree();
    void returningClientGetsItsAddressBack();
    void reservationsWinAndAreKeptFromOthers();
    void clientIdIsTheIdentity();
    void requestForAnotherServerReleasesOurOffer();
    void requestForATakenAddressIsNaked();
    void initReboot();
    void renewingAndRebinding();
    void declineQuarantinesTheAddress();
    void releaseFreesTheAddress();
    void informGivesConfigurationOnly();
    void relayedRequestsUseGiaddr();
    void parameterRequestListOrderIsFollowed();
    void repliesFitTheClientsLimit();
    void requestsThatAreNotForUsAreIgnored();
    void macDenyListRefuses();
    void configurationChangesApplyAtRenewal();
    void pxeBootFileFollowsTheArchitecture();
    void leaseTimeRequests();
    void sweepExpiresLeasesAndOffers();
};

void TestServer::offerCarriesWhatRfc2131Table3Says()
{
    Lab lab;
    Client c(1);
    DhcpMessage discover = c.discover();
    discover.flags = 0x8000 | 0x0001; // MBZ bits are ignored (P-13), and echoed
    discover.giaddr = {};
    const Decision d = lab.send(discover);
    QCOMPARE(typeOf(d), std::uint8_t(MessageType::Offer));
    const DhcpMessage &o = d.reply->message;
    // D-10
    QCOMPARE(o.op, proto::BootReply);
    QCOMPARE(o.xid, c.xid());
    QCOMPARE(o.flags, std::uint16_t(0x8001));
    QCOMPARE(o.hops, std::uint8_t(0));
    QCOMPARE(o.secs, std::uint16_t(0));
    QVERIFY(o.ciaddr.isZero());
    QCOMPARE(o.chaddr, discover.chaddr);
    QCOMPARE(o.yiaddr, ip("198.18.0.100"));
    QCOMPARE(o.siaddr, ip("198.18.0.5"));
    // D-11, F-01, F-12
    QCOMPARE(addr(d, Code::ServerIdentifier), ip("198.18.0.1"));
    QCOMPARE(u32(d, Code::LeaseTime), 3600u);
    QCOMPARE(u32(d, Code::RenewalTime), 1800u);
    QCOMPARE(u32(d, Code::RebindingTime), 3150u);
    const auto codes = codesOf(o);
    for (std::uint8_t forbidden :
         {Code::RequestedAddress, Code::ParameterRequestList, Code::MaxMessageSize})
        QVERIFY(!has(codes, forbidden));
    QCOMPARE(addr(d, Code::SubnetMask), ip("255.255.255.0"));
    QCOMPARE(addr(d, Code::Router), ip("198.18.0.1"));
    QCOMPARE(o.findOption(Code::DomainNameServer)->data,
             (std::vector<std::uint8_t>{198, 18, 0, 1, 198, 18, 0, 2}));
    QCOMPARE(o.findOption(Code::DomainName)->data,
             (std::vector<std::uint8_t>{'l', 'a', 'b', '.', 't', 'e', 's', 't'}));
    QCOMPARE(addr(d, 42), ip("198.18.0.1"));
    QVERIFY(!has(codes, Code::ClientIdentifier)); // F-08: not added when not received
    QVERIFY(d.reply->bytes.size() >= 300); // F-11
    QCOMPARE(d.reason, QStringLiteral("offered 198.18.0.100 (a free address)"));
}

void TestServer::ackIsDurableBeforeItLeaves()
{
    Lab lab;
    Client c(1);
    const Decision offer = lab.send(c.discover());
    const Decision ack = lab.send(c.selecting(offer.reply->message.yiaddr, ip("198.18.0.1")));
    QCOMPARE(typeOf(ack), std::uint8_t(MessageType::Ack));
    QCOMPARE(ack.reply->message.yiaddr, ip("198.18.0.100"));
    // the binding is in the batch the engine commits before sending.
    QCOMPARE(ack.changes.upserts.size(), 1);
    QCOMPARE(ack.changes.upserts.front().state, LeaseState::Bound);
    const auto stored = lab.store.lease(ip("198.18.0.100"));
    QVERIFY(stored);
    QCOMPARE(stored->state, LeaseState::Bound);
    QCOMPARE(stored->end, lab.clock.nowS() + 3600);
    QCOMPARE(stored->hardwareAddress, c.mac());
    const auto history = lab.store.history(10);
    QCOMPARE(history.front().to, LeaseState::Bound);
    QCOMPARE(history.front().from, std::optional(LeaseState::Offered));
}

void TestServer::destinationFollowsTheBroadcastBit()
{
    Lab lab;
    Client c(1);
    DhcpMessage m = c.discover();
    Decision d = lab.send(m);
    QCOMPARE(d.reply->destination.kind, Destination::Kind::LinkUnicast); // T-04
    QCOMPARE(d.reply->destination.address, ip("198.18.0.100"));
    QCOMPARE(d.reply->destination.hardwareAddress, c.mac());
    QCOMPARE(d.reply->destination.interfaceIndex, 2);
    QCOMPARE(d.reply->destination.source, ip("198.18.0.1"));
    m.flags = DhcpMessage::BroadcastFlag;
    d = lab.send(m);
    QCOMPARE(d.reply->destination.kind, Destination::Kind::Broadcast); // T-03
    QCOMPARE(d.reply->destination.address, Ipv4Address(0xffffffffu));
    m.flags = 0;
    m.hlen = 8; // T-08: not an Ethernet address we can unicast to
    d = lab.send(m);
    QCOMPARE(d.reply->destination.kind, Destination::Kind::Broadcast);
}

void TestServer::excludedAddressesAreNeverOffered()
{
    Lab lab;
    QList<Ipv4Address> given;
    for (quint8 i = 1; i <= 9; ++i) {
        auto a = Client(i).dora(lab);
        QVERIFY(a);
        given.append(*a);
    }
    QVERIFY(!given.contains(ip("198.18.0.105")));
    QSet<quint32> distinct;
    for (Ipv4Address a : given)
        distinct.insert(a.toUint32());
    QCOMPARE(distinct.size(), 9);
}

void TestServer::exhaustedPoolIsSilentAndSaysWhy()
{
    Lab lab;
    for (quint8 i = 1; i <= 9; ++i)
        QVERIFY(Client(i).dora(lab));
    const Decision d = lab.send(Client(10).discover());
    QVERIFY(!d.reply); // D-04
    QCOMPARE(d.outcome, Decision::Outcome::Ignored);
    QVERIFY2(d.reason.startsWith(QStringLiteral("pool exhausted in scope lab")),
             qPrintable(d.reason));
}

void TestServer::anOfferIsHeldForItsClientOnly()
{
    Lab lab;
    const Decision a = lab.send(Client(1).discover());
    const Decision b = lab.send(Client(2).discover());
    QVERIFY(a.reply->message.yiaddr != b.reply->message.yiaddr); // D-06
    // The same client asking again gets the same offer.
    QCOMPARE(lab.send(Client(1).discover()).reply->message.yiaddr, a.reply->message.yiaddr);
    // Another client cannot take it with a REQUEST while it is held.
    const Decision steal = lab.send(Client(3).selecting(a.reply->message.yiaddr, ip("198.18.0.1")));
    QCOMPARE(typeOf(steal), std::uint8_t(MessageType::Nak));
    // After the hold the address is free again (for the client that asks for it).
    lab.clock.advanceS(61);
    const Decision later = lab.send(Client(3).discover(a.reply->message.yiaddr));
    QCOMPARE(later.reply->message.yiaddr, a.reply->message.yiaddr);
}

void TestServer::requestedAddressIsHonouredWhenFree()
{
    Lab lab;
    Decision d = lab.send(Client(1).discover(ip("198.18.0.107"))); // D-02
    QCOMPARE(d.reply->message.yiaddr, ip("198.18.0.107"));
    QVERIFY(Client(2).dora(lab));
    // D-03: taken, excluded, outside the pool or another network → another address, no NAK.
    for (const char *asked : {"198.18.0.107", "198.18.0.105", "198.18.0.20", "10.1.2.3"}) {
        d = lab.send(Client(3).discover(ip(asked)));
        QCOMPARE(typeOf(d), std::uint8_t(MessageType::Offer));
        QVERIFY2(d.reply->message.yiaddr != ip(asked), asked);
    }
}

void TestServer::returningClientGetsItsAddressBack()
{
    Lab lab;
    Client c(1);
    const auto first = c.dora(lab);
    QVERIFY(first);
    QCOMPARE(lab.send(c.release(*first, ip("198.18.0.1"))).outcome, Decision::Outcome::Silent);
    QVERIFY(Client(2).dora(lab)); // others take fresh addresses, not the released one
    QCOMPARE(c.dora(lab), first); // D-01 step 2
    // After expiry as well.
    lab.clock.advanceS(3601);
    lab.tick();
    QCOMPARE(lab.store.lease(*first)->state, LeaseState::Expired);
    QCOMPARE(c.dora(lab), first);
}

void TestServer::reservationsWinAndAreKeptFromOthers()
{
    Lab lab;
    Client owner(0xaa);
    const Decision d = lab.send(owner.discover(ip("198.18.0.101")));
    QCOMPARE(d.reply->message.yiaddr,
             ip("198.18.0.50")); // D-05: outside the ranges, inside the subnet
    QCOMPARE(d.reason, QStringLiteral("offered 198.18.0.50 (reservation)"));
    const auto *host = d.reply->message.findOption(Code::HostName);
    QVERIFY(host);
    QCOMPARE(
        QByteArray(reinterpret_cast<const char *>(host->data.data()), qsizetype(host->data.size())),
        QByteArray("reserved"));
    QCOMPARE(owner.dora(lab), ip("198.18.0.50"));
    // Someone else asking for the reserved address gets another one, and is refused it on REQUEST.
    QVERIFY(lab.send(Client(2).discover(ip("198.18.0.50"))).reply->message.yiaddr
            != ip("198.18.0.50"));
    const Decision nak = lab.send(Client(2).selecting(ip("198.18.0.50"), ip("198.18.0.1")));
    QCOMPARE(typeOf(nak), std::uint8_t(MessageType::Nak));
    QVERIFY2(nak.reason.contains(QStringLiteral("reserved for another client")),
             qPrintable(nak.reason));
}

void TestServer::clientIdIsTheIdentity()
{
    Lab lab;
    // I-03: one NIC, two operating systems with different client-ids: two bindings.
    Client linux_(1, QByteArray::fromHex("01020000000001"));
    Client windows(1, QByteArray::fromHex("ff0000000100010203"));
    const auto a = linux_.dora(lab);
    const auto b = windows.dora(lab);
    QVERIFY(a && b && *a != *b);
    // F-08: echoed unchanged.
    const Decision d = lab.send(windows.discover());
    QCOMPARE(d.reply->message.findOption(Code::ClientIdentifier)->data,
             (std::vector<std::uint8_t>{0xff, 0, 0, 0, 1, 0, 1, 2, 3}));
}

void TestServer::requestForAnotherServerReleasesOurOffer()
{
    Lab lab;
    Client c(1);
    const Decision offer = lab.send(c.discover());
    const Decision d = lab.send(c.selecting(offer.reply->message.yiaddr, ip("198.18.0.254")));
    QVERIFY(!d.reply);
    QCOMPARE(d.outcome, Decision::Outcome::Silent);
    QCOMPARE(d.reason, QStringLiteral("client chose server 198.18.0.254"));
    // The offered address is free for the next client at once.
    QCOMPARE(lab.send(Client(2).discover(offer.reply->message.yiaddr)).reply->message.yiaddr,
             offer.reply->message.yiaddr);
}

void TestServer::requestForATakenAddressIsNaked()
{
    Lab lab;
    const auto taken = Client(1).dora(lab);
    const Decision d = lab.send(Client(2).selecting(*taken, ip("198.18.0.1")));
    QCOMPARE(typeOf(d), std::uint8_t(MessageType::Nak));
    const DhcpMessage &n = d.reply->message;
    // F-03: no address, no lease, no configuration; 54 and a message.
    QVERIFY(n.yiaddr.isZero() && n.ciaddr.isZero() && n.siaddr.isZero());
    QCOMPARE(addr(d, Code::ServerIdentifier), ip("198.18.0.1"));
    const auto codes = codesOf(n);
    for (std::uint8_t c : {Code::LeaseTime, Code::SubnetMask, Code::Router, Code::RenewalTime})
        QVERIFY(!has(codes, c));
    QVERIFY(has(codes, Code::Message));
    QCOMPARE(d.reply->destination.kind, Destination::Kind::Broadcast); // T-05
    QCOMPARE(d.reply->message.bootFileName(), std::string());
}

void TestServer::initReboot()
{
    Lab lab;
    Client c(1);
    const auto bound = c.dora(lab);
    // the right address → ACK.
    QCOMPARE(typeOf(lab.send(c.initReboot(*bound))), std::uint8_t(MessageType::Ack));
    // a different address than its binding → NAK.
    QCOMPARE(typeOf(lab.send(c.initReboot(ip("198.18.0.108")))), std::uint8_t(MessageType::Nak));
    // wrong network → NAK.
    const Decision wrong = lab.send(c.initReboot(ip("198.19.0.15")));
    QCOMPARE(typeOf(wrong), std::uint8_t(MessageType::Nak));
    QVERIFY2(wrong.reason.contains(QStringLiteral("not on this network")),
             qPrintable(wrong.reason));
    // a client we have no record of → silence...
    const Decision stranger = lab.send(Client(9).initReboot(ip("198.18.0.103")));
    QVERIFY(!stranger.reply);
    QVERIFY(stranger.reason.contains(QStringLiteral("staying silent")));
    // ...unless the server is authoritative.
    Configuration config = lab.config();
    config.server.authoritative = true;
    lab.apply(config);
    QCOMPARE(typeOf(lab.send(Client(9).initReboot(ip("198.18.0.103")))),
             std::uint8_t(MessageType::Nak));
}

void TestServer::renewingAndRebinding()
{
    Lab lab;
    Client c(1);
    const auto bound = c.dora(lab);
    lab.clock.advanceS(1800);
    ReceiveInfo unicast = lab.direct;
    unicast.destination = ip("198.18.0.1");
    const Decision renew = lab.send(c.renewing(*bound), unicast);
    QCOMPARE(typeOf(renew), std::uint8_t(MessageType::Ack));
    QCOMPARE(renew.reply->message.ciaddr, *bound); // Table 3: ciaddr echoed
    QCOMPARE(renew.reply->message.yiaddr, *bound);
    QCOMPARE(renew.reply->destination.kind, Destination::Kind::Unicast); // T-02
    QCOMPARE(renew.reply->destination.address, *bound);
    QCOMPARE(lab.store.lease(*bound)->end, lab.clock.nowS() + 3600);
    // REBINDING (broadcast) is answered too: we hold the binding.
    QCOMPARE(typeOf(lab.send(c.renewing(*bound))), std::uint8_t(MessageType::Ack));
    // Renewing an address held by someone else → NAK.
    const Decision other = lab.send(Client(2).renewing(*bound), unicast);
    QCOMPARE(typeOf(other), std::uint8_t(MessageType::Nak));
    // Rebinding an address we know nothing of → silence (another server may hold it).
    QVERIFY(!lab.send(Client(3).renewing(ip("198.18.0.108"))).reply);
}

void TestServer::declineQuarantinesTheAddress()
{
    Lab lab;
    Client c(1);
    const auto bound = c.dora(lab);
    // someone else's DECLINE changes nothing.
    QCOMPARE(lab.send(Client(2).decline(*bound, ip("198.18.0.1"))).outcome,
             Decision::Outcome::Ignored);
    const Decision d = lab.send(c.decline(*bound, ip("198.18.0.1")));
    QCOMPARE(d.outcome, Decision::Outcome::Silent); // no reply
    QCOMPARE(lab.store.lease(*bound)->state, LeaseState::Declined);
    QVERIFY(lab.store.lease(*bound)->detail.startsWith(
        QStringLiteral("declined by 02:00:00:00:00:01")));
    // Never offered while quarantined, even when asked for by name.
    for (quint8 i = 2; i <= 5; ++i)
        QVERIFY(lab.send(Client(i).discover(*bound)).reply->message.yiaddr != *bound);
    // The declining client gets a new address.
    c.nextTransaction();
    const auto again = c.dora(lab);
    QVERIFY(again && *again != *bound);
    lab.clock.advanceS(601);
    lab.tick();
    QVERIFY(!lab.store.lease(*bound)); // quarantine over: free again
    QCOMPARE(lab.send(Client(20).discover(*bound)).reply->message.yiaddr, *bound);
}

void TestServer::releaseFreesTheAddress()
{
    Lab lab;
    Client c(1);
    const auto bound = c.dora(lab);
    QCOMPARE(lab.send(Client(2).release(*bound, ip("198.18.0.1"))).outcome,
             Decision::Outcome::Ignored);
    QCOMPARE(lab.store.lease(*bound)->state, LeaseState::Bound);
    const Decision d = lab.send(c.release(*bound, ip("198.18.0.1")));
    QVERIFY(!d.reply);
    QCOMPARE(lab.store.lease(*bound)->state, LeaseState::Released);
    QCOMPARE(lab.store.lease(*bound)->hardwareAddress, c.mac()); // the binding is remembered
}

void TestServer::informGivesConfigurationOnly()
{
    Lab lab;
    const Decision d = lab.send(Client(1).inform(ip("198.18.0.30")));
    QCOMPARE(typeOf(d), std::uint8_t(MessageType::Ack));
    const auto codes = codesOf(d.reply->message);
    for (std::uint8_t c : {Code::LeaseTime, Code::RenewalTime, Code::RebindingTime})
        QVERIFY(!has(codes, c));
    QVERIFY(has(codes, Code::Router));
    QVERIFY(d.reply->message.yiaddr.isZero());
    QCOMPARE(d.reply->message.ciaddr, ip("198.18.0.30"));
    QCOMPARE(d.reply->destination.kind, Destination::Kind::Unicast);
    QCOMPARE(d.reply->destination.address, ip("198.18.0.30"));
    QVERIFY(!lab.store.lease(ip("198.18.0.30"))); // no allocation
}

void TestServer::relayedRequestsUseGiaddr()
{
    Lab lab;
    Client c(1);
    DhcpMessage m = c.discover();
    m.giaddr = ip("198.19.0.1");
    m.hops = 1;
    const std::vector<std::uint8_t> relayInfo = {1, 4, 'p', 'o', 'r', 't', 2, 2, 0xab, 0xcd};
    m.setOption(Code::RelayAgentInformation, relayInfo);
    m.setOption(Code::HostName, {'n', '1'});
    const Decision d = lab.send(m);
    QCOMPARE(d.scope, QStringLiteral("remote")); // L-01
    QCOMPARE(d.reply->message.yiaddr, ip("198.19.0.10"));
    QCOMPARE(d.reply->message.giaddr, ip("198.19.0.1"));
    QCOMPARE(d.reply->destination.kind, Destination::Kind::Relay); // T-01
    QCOMPARE(d.reply->destination.address, ip("198.19.0.1"));
    QCOMPARE(d.reply->destination.port, quint16(67));
    // F-09: option 82 echoed unchanged, last.
    QCOMPARE(d.reply->message.findOption(Code::RelayAgentInformation)->data, relayInfo);
    const auto parsed = proto::DhcpCodec::parse(d.reply->bytes);
    QCOMPARE(parsed.message->options.back().code, Code::RelayAgentInformation);
    // T-06: a relayed NAK goes to the relay with the broadcast bit set.
    DhcpMessage bad = c.selecting(ip("198.19.0.99"), ip("198.18.0.1"));
    bad.giaddr = ip("198.19.0.1");
    const Decision nak = lab.send(bad);
    QCOMPARE(typeOf(nak), std::uint8_t(MessageType::Nak));
    QCOMPARE(nak.reply->destination.kind, Destination::Kind::Relay);
    QVERIFY(nak.reply->message.broadcastFlag());
    // No scope for the relay's network.
    m.giaddr = ip("198.20.0.1");
    QCOMPARE(lab.send(m).reason, QStringLiteral("no scope for giaddr 198.20.0.1"));
}

void TestServer::parameterRequestListOrderIsFollowed()
{
    Lab lab;
    DhcpMessage m = Client(1).discover();
    m.setOption(Code::ParameterRequestList, {42, 15, 3, 3, 1, 99});
    const Decision d = lab.send(m);
    const auto codes = codesOf(d.reply->message);
    // F-05: the requested ones in the requested order, each once (F-04); 99 has no value.
    const auto pos = [&](std::uint8_t c) {
        return std::find(codes.begin(), codes.end(), c) - codes.begin();
    };
    QVERIFY(pos(42) < pos(15) && pos(15) < pos(3) && pos(3) < pos(1));
    QCOMPARE(std::count(codes.begin(), codes.end(), std::uint8_t(3)), 1);
    QVERIFY(!has(codes, 99));
    QVERIFY(
        has(codes, Code::DomainNameServer)); // F-06: configured, returned although not asked for
}

void TestServer::repliesFitTheClientsLimit()
{
    Lab lab;
    Configuration config = lab.config();
    config.scopes[0].options.append(
        {43, QString(QStringLiteral("01:")).repeated(249) + QStringLiteral("01")});
    config.scopes[0].options.append({17, QString(200, QLatin1Char('r'))});
    lab.apply(config);
    DhcpMessage m = Client(1).discover();
    const Decision small = lab.send(m);
    QVERIFY(small.reply->bytes.size() <= 576 - 28); // F-07
    QVERIFY(!small.reply->bytes.empty());
    m.setOption(Code::MaxMessageSize, {0x05, 0xdc}); // 1500
    const Decision big = lab.send(m);
    QVERIFY(big.reply->bytes.size() > 576 - 28);
    QVERIFY(big.reply->message.hasOption(43) && big.reply->message.hasOption(17));
}

void TestServer::requestsThatAreNotForUsAreIgnored()
{
    Lab lab;
    DhcpMessage m = Client(1).discover();
    m.op = proto::BootReply;
    QCOMPARE(lab.send(m).outcome, Decision::Outcome::Ignored); // P-03
    m = Client(1).discover();
    m.removeOption(Code::MessageType);
    QVERIFY(lab.send(m).reason.contains(QStringLiteral("BOOTP"))); // P-04 / O-05
    m = Client(1).discover();
    m.hops = 17;
    QVERIFY(lab.send(m).reason.contains(QStringLiteral("relay loop"))); // L-04
    m = Client(1).message(MessageType::Offer);
    QVERIFY(lab.send(m).reason.contains(QStringLiteral("not one a server answers")));
    const std::vector<std::uint8_t> garbage(100, 1);
    const Decision g = lab.server.handle(garbage, lab.direct);
    QCOMPARE(g.outcome, Decision::Outcome::Malformed); // P-01
    QVERIFY(g.reason.startsWith(QStringLiteral("the message is 100 octets long")));
    ReceiveInfo elsewhere = lab.direct;
    elsewhere.interfaceName = QStringLiteral("wan0");
    elsewhere.interfaceAddresses = {{ip("198.20.5.1"), 24}};
    QCOMPARE(lab.send(Client(1).discover(), elsewhere).reason,
             QStringLiteral("no scope for interface wan0 (198.20.5.1/24)"));
}

void TestServer::macDenyListRefuses()
{
    Lab lab;
    Configuration config = lab.config();
    config.scopes[0].macDeny = {QStringLiteral("02:00:00:00:00:0?")};
    lab.apply(config);
    QCOMPARE(lab.send(Client(1).discover()).reason,
             QStringLiteral("MAC 02:00:00:00:00:01 denied by scope lab"));
    QVERIFY(lab.send(Client(0x11).discover()).reply);
    config.scopes[0].macDeny.clear();
    config.scopes[0].macAllow = {QStringLiteral("02:00:00:00:00:1?")};
    lab.apply(config);
    QVERIFY(!lab.send(Client(1).discover()).reply);
    QVERIFY(lab.send(Client(0x12).discover()).reply);
}

void TestServer::configurationChangesApplyAtRenewal()
{
    Lab lab;
    Client c(1);
    const auto bound = c.dora(lab);
    QCOMPARE(*bound, ip("198.18.0.100"));
    Configuration config = lab.config();
    config.scopes[0].ranges = {{ip("198.18.0.101"), ip("198.18.0.109")}};
    lab.apply(config);
    const Decision renew = lab.send(c.renewing(*bound));
    QCOMPARE(typeOf(renew), std::uint8_t(MessageType::Nak));
    QVERIFY2(renew.reason.contains(QStringLiteral("outside the ranges")), qPrintable(renew.reason));
    c.nextTransaction();
    QCOMPARE(c.dora(lab), ip("198.18.0.101"));
}

void TestServer::pxeBootFileFollowsTheArchitecture()
{
    Lab lab;
    DhcpMessage m = Client(1).discover();
    m.setOption(Code::ClientArchitecture, {0, 7});
    QCOMPARE(lab.send(m).reply->message.bootFileName(), std::string("grubx64.efi"));
    m.setOption(Code::ClientArchitecture, {0, 0});
    QCOMPARE(lab.send(m).reply->message.bootFileName(),
             std::string("pxelinux.0")); // bios falls back to default
    m.setOption(Code::ParameterRequestList, {66, 67});
    const Decision d = lab.send(m);
    QVERIFY(d.reply->message.hasOption(Code::BootfileName));
    QVERIFY(d.reply->message.hasOption(Code::TftpServerName));
}

void TestServer::leaseTimeRequests()
{
    Lab lab;
    Client c(1);
    DhcpMessage m = c.discover();
    m.setOption(Code::LeaseTime, {0, 0, 0x02, 0x58}); // 600 s: granted
    const Decision shorter = lab.send(m);
    QCOMPARE(u32(shorter, Code::LeaseTime), 600u);
    QCOMPARE(u32(shorter, Code::RenewalTime), 300u);
    m.setOption(Code::LeaseTime, {0, 1, 0, 0}); // 65536 s: clamped to the scope's
    QCOMPARE(u32(lab.send(m), Code::LeaseTime), 3600u);
    // D-09: an existing binding offers its remaining time.
    const auto bound = c.dora(lab);
    lab.clock.advanceS(1000);
    QCOMPARE(u32(lab.send(c.discover()), Code::LeaseTime), 2600u);
    (void)bound;
}

void TestServer::sweepExpiresLeasesAndOffers()
{
    Lab lab;
    const auto bound = Client(1).dora(lab);
    const Decision offer = lab.send(Client(2).discover());
    const Ipv4Address offered = offer.reply->message.yiaddr;
    QCOMPARE(lab.store.lease(offered)->state, LeaseState::Offered);
    lab.clock.advanceS(61);
    lab.tick();
    QVERIFY(!lab.store.lease(offered)); // offer not taken up
    QCOMPARE(lab.store.lease(*bound)->state, LeaseState::Bound);
    lab.clock.advanceS(3600);
    lab.tick();
    QCOMPARE(lab.store.lease(*bound)->state, LeaseState::Expired);
    QCOMPARE(lab.store.history(1).front().reason, QStringLiteral("lease ended without renewal"));
}

QTEST_APPLESS_MAIN(TestServer)
#include "tst_server.moc"
