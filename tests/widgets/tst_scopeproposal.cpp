// The first scope guessed from an interface's address: the subnet, a range that leaves room
// for static machines and never holds the interface itself, the router, a unique name, and
// a clear refusal where nothing can be leased. Every proposal passes the validator.
#include "core/configurationvalidator.h"
#include "widgets/scopeproposal.h"

#include <QTest>

using namespace leasedesk;

class TestScopeProposal : public QObject
{
    Q_OBJECT

private slots:
    void proposesFromThePrefix_data();
    void proposesFromThePrefix();
    void refusesWhatCannotBeLeased_data();
    void refusesWhatCannotBeLeased();
    void proposesNoDns();
    void namesAreUnique();
    void refusesAnAlreadyCoveredNetwork();
    void aSecondInterfaceGetsItsOwnScope();
};

namespace {

Ipv4Address addr(const char *text)
{
    return *Ipv4Address::fromString(text);
}

NetworkInterfaceInfo iface(const char *address, int prefix, const QString &name = "enp3s0")
{
    NetworkInterfaceInfo i;
    i.name = name;
    i.mac = QByteArray::fromHex("020000000001");
    i.address = addr(address);
    i.prefixLength = prefix;
    i.up = true;
    return i;
}

// The proposal as the dialog would add it: after the existing scopes, with no errors.
void verifyValid(const Scope &scope, const QList<Scope> &existing = {})
{
    Configuration config;
    config.scopes = existing;
    config.scopes.append(scope);
    // The existing scopes' own warnings are not the proposal's business.
    const QString path = QStringLiteral("scopes[%1]").arg(existing.size());
    QStringList texts;
    for (const ValidationIssue &i : ConfigurationValidator::validate(config))
        if (i.path.startsWith(path))
            texts << i.toString();
    QVERIFY2(texts.isEmpty(), qPrintable(texts.join(QLatin1Char('\n'))));
}

} // namespace

void TestScopeProposal::proposesFromThePrefix_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("prefix");
    QTest::addColumn<QString>("network");
    QTest::addColumn<int>("scopePrefix");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("end");
    QTest::addColumn<bool>("noted");

    QTest::newRow("/24 at .1") << "192.168.50.1" << 24 << "192.168.50.0" << 24 << "192.168.50.100"
                               << "192.168.50.199" << false;
    QTest::newRow("/24 at .254") << "192.168.50.254" << 24 << "192.168.50.0" << 24
                                 << "192.168.50.100"
                                 << "192.168.50.199" << false;
    // Inside the usual range: it moves past the address and keeps its hundred addresses.
    QTest::newRow("/24 at .150") << "192.168.50.150" << 24 << "192.168.50.0" << 24
                                 << "192.168.50.151"
                                 << "192.168.50.250" << true;
    // No room after it: the range moves before it.
    QTest::newRow("/24 at .199") << "192.168.50.199" << 24 << "192.168.50.0" << 24
                                 << "192.168.50.99"
                                 << "192.168.50.198" << true;
    QTest::newRow("/16 at .0.1") << "172.16.0.1" << 16 << "172.16.0.0" << 16 << "172.16.0.100"
                                 << "172.16.0.199" << false;
    QTest::newRow("/16 at .7.42") << "198.18.7.42" << 16 << "198.18.0.0" << 16 << "198.18.7.100"
                                  << "198.18.7.199" << false;
    // A /16 whose interface ends in .255 is legal; the range still avoids .0 and .255.
    QTest::newRow("/16 at .5.255") << "172.16.5.255" << 16 << "172.16.0.0" << 16 << "172.16.5.100"
                                   << "172.16.5.199" << false;
    QTest::newRow("/8 → /24") << "10.1.2.3" << 8 << "10.1.2.0" << 24 << "10.1.2.100"
                              << "10.1.2.199" << true;
    QTest::newRow("/12 → /24") << "172.20.9.1" << 12 << "172.20.9.0" << 24 << "172.20.9.100"
                               << "172.20.9.199" << true;
    QTest::newRow("/20 kept") << "10.4.17.1" << 20 << "10.4.16.0" << 20 << "10.4.17.100"
                              << "10.4.17.199" << false;
    QTest::newRow("/25 upper") << "192.168.1.129" << 25 << "192.168.1.128" << 25 << "192.168.1.178"
                               << "192.168.1.227" << false;
    QTest::newRow("/26") << "198.18.0.1" << 26 << "198.18.0.0" << 26 << "198.18.0.25"
                         << "198.18.0.49" << false;
    QTest::newRow("/28 at .6") << "198.18.0.6" << 28 << "198.18.0.0" << 28 << "198.18.0.7"
                               << "198.18.0.12" << true;
    QTest::newRow("/29") << "198.18.0.1" << 29 << "198.18.0.0" << 29 << "198.18.0.3"
                         << "198.18.0.5" << false;
    // Tiny: the range is the other usable address.
    QTest::newRow("/30 at .1") << "198.18.0.1" << 30 << "198.18.0.0" << 30 << "198.18.0.2"
                               << "198.18.0.2" << true;
    QTest::newRow("/30 at .2") << "198.18.0.2" << 30 << "198.18.0.0" << 30 << "198.18.0.1"
                               << "198.18.0.1" << true;
}

void TestScopeProposal::proposesFromThePrefix()
{
    QFETCH(QString, address);
    QFETCH(int, prefix);
    QFETCH(QString, network);
    QFETCH(int, scopePrefix);
    QFETCH(QString, start);
    QFETCH(QString, end);
    QFETCH(bool, noted);

    const NetworkInterfaceInfo i = iface(qPrintable(address), prefix);
    const ScopeProposal p = ScopeProposal::propose(i, {});
    QVERIFY2(p.isValid(), qPrintable(p.refusal));
    const Scope &s = p.scope;
    QCOMPARE(s.name, QStringLiteral("enp3s0"));
    QCOMPARE(s.network, addr(qPrintable(network)));
    QCOMPARE(s.prefixLength, scopePrefix);
    QCOMPARE(s.ranges.size(), 1);
    QCOMPARE(s.ranges[0].start, addr(qPrintable(start)));
    QCOMPARE(s.ranges[0].end, addr(qPrintable(end)));
    QVERIFY(!s.ranges[0].contains(i.address));
    QVERIFY(s.containsAddress(i.address));
    QCOMPARE(s.router, i.address);
    QCOMPARE(s.leaseTime, 3600u);
    QCOMPARE(!p.note.isEmpty(), noted);
    verifyValid(s);
}

void TestScopeProposal::refusesWhatCannotBeLeased_data()
{
    QTest::addColumn<NetworkInterfaceInfo>("info");
    QTest::addColumn<QString>("why");

    QTest::newRow("/31") << iface("198.18.0.0", 31) << "point-to-point";
    QTest::newRow("/32") << iface("198.18.0.1", 32) << "only this machine";
    QTest::newRow("no address") << iface("0.0.0.0", 0) << "sudo ip address add";
    NetworkInterfaceInfo lo = iface("127.0.0.1", 8, QStringLiteral("lo"));
    lo.loopback = true;
    QTest::newRow("loopback") << lo << "loopback";
}

void TestScopeProposal::refusesWhatCannotBeLeased()
{
    QFETCH(NetworkInterfaceInfo, info);
    QFETCH(QString, why);
    const ScopeProposal p = ScopeProposal::propose(info, {});
    QVERIFY(!p.isValid());
    QVERIFY2(p.refusal.contains(why), qPrintable(p.refusal));
    QVERIFY2(p.refusal.contains(info.name), qPrintable(p.refusal));
}

void TestScopeProposal::proposesNoDns()
{
    // LeaseDesk runs no resolver: its own address would only make lookups time out.
    const ScopeProposal p = ScopeProposal::propose(iface("192.168.50.1", 24), {});
    QVERIFY(p.scope.dns.isEmpty());
}

void TestScopeProposal::namesAreUnique()
{
    QList<Scope> existing;
    for (const char *name : {"enp3s0", "enp3s0-2"}) {
        Scope s;
        s.name = QString::fromLatin1(name);
        s.network = addr(existing.isEmpty() ? "198.18.0.0" : "198.18.1.0");
        existing << s;
    }
    const ScopeProposal p = ScopeProposal::propose(iface("192.168.50.1", 24), existing);
    QVERIFY2(p.isValid(), qPrintable(p.refusal));
    QCOMPARE(p.scope.name, QStringLiteral("enp3s0-3"));
    verifyValid(p.scope, existing);
    QCOMPARE(ScopeProposal::uniqueName(QStringLiteral("lab0"), existing), QStringLiteral("lab0"));
    QCOMPARE(ScopeProposal::uniqueName(QStringLiteral("  "), existing), QStringLiteral("lab"));
}

void TestScopeProposal::refusesAnAlreadyCoveredNetwork()
{
    Scope lab;
    lab.name = QStringLiteral("lab");
    lab.network = addr("198.18.0.0");
    lab.prefixLength = 16;
    const ScopeProposal p = ScopeProposal::propose(iface("198.18.4.1", 24), {lab});
    QVERIFY(!p.isValid());
    QVERIFY2(p.refusal.contains(QStringLiteral("\"lab\" (198.18.0.0/16)")), qPrintable(p.refusal));
}

void TestScopeProposal::aSecondInterfaceGetsItsOwnScope()
{
    const ScopeProposal first = ScopeProposal::propose(iface("198.18.0.1", 24), {});
    QVERIFY(first.isValid());
    const ScopeProposal second =
        ScopeProposal::propose(iface("198.18.1.1", 24, QStringLiteral("lab0")), {first.scope});
    QVERIFY2(second.isValid(), qPrintable(second.refusal));
    QCOMPARE(second.scope.name, QStringLiteral("lab0"));
    verifyValid(second.scope, {first.scope});
}

QTEST_GUILESS_MAIN(TestScopeProposal)
#include "tst_scopeproposal.moc"
