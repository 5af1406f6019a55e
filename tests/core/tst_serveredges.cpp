// Edge cases found in review of the server logic: reservations seen by two identities of one
// machine, relayed REBINDING, moving clients, expiries found while allocating, stale records.
#include "core/configurationvalidator.h"
#include "lab.h"

#include <QTest>

using namespace lab;

namespace {
const char *ReservedMacConfig = R"({
  "server": {"offer_hold_s": 60, "decline_quarantine_s": 600},
  "scopes": [
    {"name": "lab", "subnet": "198.18.0.0/24",
     "ranges": [{"start": "198.18.0.100", "end": "198.18.0.109"}],
     "lease_time": 3600, "router": "198.18.0.1",
     "reservations": [{"mac": "02:00:00:00:00:aa", "ip": "198.18.0.50"}]}
  ]
})";

QString st(const Decision &d)
{
    if (!d.reply)
        return QStringLiteral("(no reply: %1)").arg(d.reason);
    const auto t = d.reply->message.messageType().value_or(0);
    return QStringLiteral("type %1 yiaddr %2 (%3)")
        .arg(t)
        .arg(QString::fromStdString(d.reply->message.yiaddr.toString()), d.reason);
}
} // namespace

class TestServerEdges : public QObject
{
    Q_OBJECT
private slots:
    void pxeThenOsWithClientIdUnderMacReservation();
    void reservationOfAddressLeasedToOther();
    void relayedRebindingIsNakedAsRenewing();
    void movedClientLeavesOldBindingBound();
    void chooseExpiresWithoutCommitting();
    void hostnameOfPreviousHolderIsInherited();
    void requestWithServerIdAndCiaddrIsNaked();
    void emptyIdentitySharesOneLease();
    void rebindingBelowDefaultRenewalGivesT1AboveT2();
    void initRebootNakedOnStaleRecord();
    void declinedReservationLoops();
    void offerNearEndOfBinding();
};

// PXE firmware sends no option 61; the OS that boots next sends one. Both have the same MAC,
// which is reserved.
void TestServerEdges::pxeThenOsWithClientIdUnderMacReservation()
{
    Lab lab(ReservedMacConfig);
    Client pxe(0xaa);
    QCOMPARE(pxe.dora(lab), std::optional(ip("198.18.0.50")));
    Client os(0xaa, QByteArray::fromHex("01020000000000aa"));
    os.nextTransaction();
    const Decision offer = lab.send(os.discover());
    qInfo() << "OS DISCOVER ->" << st(offer);
    QVERIFY(offer.reply);
    const Decision ack = lab.send(os.selecting(offer.reply->message.yiaddr, ip("198.18.0.1")));
    qInfo() << "OS REQUEST  ->" << st(ack);
    // The server offered an address and must not NAK the REQUEST for exactly that offer.
    QCOMPARE(typeOf(ack), std::optional(std::uint8_t(MessageType::Ack)));
}

// An admin reserves an address that is leased (dynamically) to another machine.
void TestServerEdges::reservationOfAddressLeasedToOther()
{
    Lab lab(ReservedMacConfig);
    Client x(1);
    QCOMPARE(x.dora(lab), std::optional(ip("198.18.0.100")));
    Configuration c = lab.config();
    c.scopes[0].reservations[0].ip = ip("198.18.0.100"); // reserve .100 for 02:..:aa
    lab.apply(c);
    Client y(0xaa);
    const Decision offer = lab.send(y.discover());
    qInfo() << "Y DISCOVER ->" << st(offer);
    if (offer.reply) {
        const Decision ack = lab.send(y.selecting(offer.reply->message.yiaddr, ip("198.18.0.1")));
        qInfo() << "Y REQUEST  ->" << st(ack);
        QCOMPARE(typeOf(ack), std::optional(std::uint8_t(MessageType::Ack)));
    }
}

// REBINDING is broadcast by the client, but a relay forwards it to us by unicast: giaddr!=0.
void TestServerEdges::relayedRebindingIsNakedAsRenewing()
{
    Lab lab; // not authoritative
    ReceiveInfo relayed = lab.direct;
    relayed.destination = ip("198.18.0.1"); // the relay unicasts to us
    Client x(7);
    DhcpMessage m = x.renewing(ip("198.19.0.15")); // lease from another server in "remote"
    m.giaddr = ip("198.19.0.1");
    const Decision d = lab.send(m, relayed);
    qInfo() << "relayed REBINDING ->" << st(d);
    QVERIFY2(!d.reply,
             "R-12: REBINDING for an unknown address must not be NAKed when not "
             "authoritative");
}

// X holds .100; an admin reserves .50 for it. X moves to .50; .100 must not stay bound.
void TestServerEdges::movedClientLeavesOldBindingBound()
{
    Lab lab(ReservedMacConfig);
    Configuration c = lab.config();
    c.scopes[0].reservations.clear();
    lab.apply(c);
    Client x(0xaa);
    QCOMPARE(x.dora(lab), std::optional(ip("198.18.0.100")));
    lab.apply(*ConfigurationJson::fromJson(ReservedMacConfig).configuration);
    x.nextTransaction();
    const Decision renew = lab.send(x.renewing(ip("198.18.0.100")), [&] {
        ReceiveInfo u = lab.direct;
        u.destination = ip("198.18.0.1");
        return u;
    }());
    qInfo() << "renew .100 ->" << st(renew); // NAK: client has a reservation
    x.nextTransaction();
    QCOMPARE(x.dora(lab), std::optional(ip("198.18.0.50")));
    const Lease *old = lab.server.allocations().lease(ip("198.18.0.100"));
    qInfo() << "old .100 state:" << (old ? leaseStateName(old->state) : QStringLiteral("none"));
    QVERIFY2(!old || old->state != LeaseState::Bound,
             "the client's old address stays bound to it after it moved");
}

// Pool full, all leases end, a DISCOVER arrives before the 1 s sweep: choose() runs expire()
// and throws the result away.
void TestServerEdges::chooseExpiresWithoutCommitting()
{
    Lab lab;
    for (quint8 i = 1; i <= 9; ++i)
        QVERIFY(Client(i).dora(lab));
    lab.clock.advanceS(3601);
    Client late(0x40);
    QVERIFY(lab.send(late.discover()).reply);
    lab.tick(); // the sweep that would have committed the expiries
    const auto stored = lab.store.lease(ip("198.18.0.101"));
    const Lease *mem = lab.server.allocations().lease(ip("198.18.0.101"));
    qInfo() << "memory:" << leaseStateName(mem->state)
            << " store:" << leaseStateName(stored->state);
    QCOMPARE(stored->state, mem->state);
}

void TestServerEdges::hostnameOfPreviousHolderIsInherited()
{
    Lab lab;
    Client y(1);
    DhcpMessage d = y.discover();
    d.setOption(Code::HostName, {'p', 'c', '-', '0', '7'});
    const Decision o = lab.send(d);
    DhcpMessage r = y.selecting(o.reply->message.yiaddr, ip("198.18.0.1"));
    r.setOption(Code::HostName, {'p', 'c', '-', '0', '7'});
    lab.send(r);
    lab.send(y.release(ip("198.18.0.100"), ip("198.18.0.1")));
    Client x(2);
    const Decision o2 = lab.send(x.discover(ip("198.18.0.100")));
    lab.send(x.selecting(o2.reply->message.yiaddr, ip("198.18.0.1")));
    const Lease *l = lab.server.allocations().lease(ip("198.18.0.100"));
    qInfo() << "lease of" << l->hardwareAddress.toHex(':') << "hostname" << l->hostname;
    QCOMPARE(l->hostname, QString());
}

void TestServerEdges::requestWithServerIdAndCiaddrIsNaked()
{
    Lab lab;
    Client x(1);
    const auto a = x.dora(lab);
    QVERIFY(a);
    x.nextTransaction();
    DhcpMessage m = x.renewing(*a);
    m.setOption(Code::ServerIdentifier, Client::bytes(ip("198.18.0.1")));
    ReceiveInfo u = lab.direct;
    u.destination = ip("198.18.0.1");
    const Decision d = lab.send(m, u);
    qInfo() << "RENEW with opt 54 ->" << st(d);
    QVERIFY(typeOf(d) != std::optional(std::uint8_t(MessageType::Nak)));
}

void TestServerEdges::emptyIdentitySharesOneLease()
{
    Lab lab;
    auto dora0 = [&](quint8 last) {
        Client c(last);
        DhcpMessage d = c.discover();
        d.hlen = 0;
        d.htype = 32; // e.g. IPoIB without the mandatory client-id
        const Decision o = lab.send(d);
        DhcpMessage r = c.selecting(o.reply->message.yiaddr, ip("198.18.0.1"));
        r.hlen = 0;
        r.htype = 32;
        return lab.send(r);
    };
    const Decision a = dora0(1);
    const Decision b = dora0(2);
    qInfo() << "machine 1 ->" << st(a) << "\nmachine 2 ->" << st(b);
    QVERIFY(!(typeOf(a) == std::optional(std::uint8_t(MessageType::Ack))
              && typeOf(b) == std::optional(std::uint8_t(MessageType::Ack))
              && a.reply->message.yiaddr == b.reply->message.yiaddr));
}

void TestServerEdges::rebindingBelowDefaultRenewalGivesT1AboveT2()
{
    Configuration c = *ConfigurationJson::fromJson(DefaultConfig).configuration;
    c.scopes[0].rebindingTime = 1000; // lease 3600: default T1 = 1800
    const auto issues = ConfigurationValidator::validate(c);
    Lab lab;
    lab.apply(c);
    Client x(1);
    const Decision o = lab.send(x.discover());
    const auto t1 = o.reply->message.u32Option(Code::RenewalTime);
    const auto t2 = o.reply->message.u32Option(Code::RebindingTime);
    qInfo() << "validator errors:" << ConfigurationValidator::hasErrors(issues) << "T1" << *t1
            << "T2" << *t2;
    QVERIFY(ConfigurationValidator::hasErrors(issues) || *t1 < *t2);
}

// Two servers for one subnet (primary + delayed secondary). Our record of the client is old.
void TestServerEdges::initRebootNakedOnStaleRecord()
{
    Lab lab;
    Client x(1);
    QCOMPARE(x.dora(lab), std::optional(ip("198.18.0.100")));
    lab.clock.advanceS(4000);
    lab.tick(); // our binding is long expired
    x.nextTransaction();
    // Meanwhile the other server gave it .150; it reboots and confirms that.
    const Decision d = lab.send(x.initReboot(ip("198.18.0.150")));
    qInfo() << "INIT-REBOOT .150 ->" << st(d);
    QVERIFY2(!d.reply, "R-10: our expired record is not known to be accurate");
}

void TestServerEdges::declinedReservationLoops()
{
    Lab lab(ReservedMacConfig);
    Client r(0xaa);
    QCOMPARE(r.dora(lab), std::optional(ip("198.18.0.50")));
    lab.send(r.decline(ip("198.18.0.50"), ip("198.18.0.1")));
    for (int i = 0; i < 2; ++i) {
        r.nextTransaction();
        const Decision o = lab.send(r.discover());
        const Decision a = lab.send(r.selecting(o.reply->message.yiaddr, ip("198.18.0.1")));
        qInfo() << "after DECLINE:" << st(o) << "->" << st(a);
        // Its reserved address is quarantined: a pool address, offered and acknowledged.
        QVERIFY(o.reply->message.yiaddr != ip("198.18.0.50"));
        QCOMPARE(typeOf(a), std::optional(std::uint8_t(MessageType::Ack)));
    }
}

void TestServerEdges::offerNearEndOfBinding()
{
    Lab lab;
    Client x(1);
    QVERIFY(x.dora(lab));
    lab.clock.advanceS(3599);
    x.nextTransaction();
    const Decision o = lab.send(x.discover());
    qInfo() << st(o) << "lease" << *o.reply->message.u32Option(Code::LeaseTime) << "T1"
            << *o.reply->message.u32Option(Code::RenewalTime) << "T2"
            << *o.reply->message.u32Option(Code::RebindingTime) << "changes"
            << o.changes.upserts.size();
    // One second left: a fresh offer is held for the client, with a usable T1 < T2 < lease.
    QCOMPARE(o.changes.upserts.size(), 1);
    QCOMPARE(o.changes.upserts.front().state, LeaseState::Offered);
    QVERIFY(*o.reply->message.u32Option(Code::RenewalTime)
            < *o.reply->message.u32Option(Code::RebindingTime));
}

QTEST_GUILESS_MAIN(TestServerEdges)
#include "tst_serveredges.moc"
