// AllocationEngine's client index when clients share hashes: an engine whose hash keeps one
// bit (every client collides with half the others) must decide exactly as one with all 64,
// through a long random script of offers, bindings, releases, reclaims and expiries.
#include "core/allocationengine.h"
#include "core/configurationjson.h"

#include <QRandomGenerator>
#include <QTest>

using namespace leasedesk;

namespace {

const char *Config = R"({
  "scopes": [
    {"name": "lab", "subnet": "198.18.0.0/24",
     "ranges": [{"start": "198.18.0.10", "end": "198.18.0.200"}], "lease_time": 600},
    {"name": "other", "subnet": "198.18.1.0/24",
     "ranges": [{"start": "198.18.1.10", "end": "198.18.1.40"}], "lease_time": 600}
  ]
})";

ClientIdentity clientNumber(int i)
{
    ClientIdentity c;
    c.hardwareAddress = QByteArray::fromHex("020000000000");
    c.hardwareAddress[4] = char(i >> 8);
    c.hardwareAddress[5] = char(i);
    if (i % 3 == 0) // a third send a client identifier (option 61)
        c.clientId = QByteArray(1, '\x01') + c.hardwareAddress;
    return c;
}

Lease leaseFor(const ClientIdentity &c, const Scope &scope, Ipv4Address a, LeaseState state,
               qint64 end)
{
    Lease l;
    l.address = a;
    l.hardwareAddress = c.hardwareAddress;
    l.clientId = c.clientId;
    l.scope = scope.name;
    l.state = state;
    l.end = end;
    return l;
}

QString describe(const Lease *l)
{
    return l ? QString::fromStdString(l->address.toString()) + QLatin1Char(' ')
            + leaseStateName(l->state)
             : QStringLiteral("none");
}

} // namespace

class TestAllocationEngine : public QObject
{
    Q_OBJECT

private slots:
    void sharedHashesDecideAsDistinctOnes()
    {
        const Configuration config = *ConfigurationJson::fromJson(Config).configuration;
        AllocationEngine wide;
        AllocationEngine narrow(1);
        wide.setConfiguration(config);
        narrow.setConfiguration(config);
        constexpr int Clients = 300; // more than both pools hold
        QRandomGenerator random(9);
        qint64 now = 1'000'000;
        int offered = 0, bound = 0, returned = 0;

        const auto sameIndex = [&](int step) {
            for (const Scope &scope : config.scopes)
                for (int i = 0; i < Clients; ++i) {
                    const Lease *w = wide.leaseOf(scope.name, clientNumber(i));
                    const Lease *n = narrow.leaseOf(scope.name, clientNumber(i));
                    if (w && w->hardwareAddress != clientNumber(i).hardwareAddress)
                        QFAIL("leaseOf returned another client's lease");
                    QVERIFY2(describe(w) == describe(n),
                             qPrintable(QStringLiteral("step %1, client %2 in %3: %4 / %5")
                                            .arg(step)
                                            .arg(i)
                                            .arg(scope.name, describe(w), describe(n))));
                }
        };

        for (int step = 0; step < 4000; ++step) {
            const Scope &scope = config.scopes[random.bounded(2)];
            const ClientIdentity client = clientNumber(int(random.bounded(Clients)));
            const int op = int(random.bounded(100));
            if (op < 55) {
                const auto w = wide.choose(scope, client, std::nullopt, now, nullptr);
                const auto n = narrow.choose(scope, client, std::nullopt, now, nullptr);
                QCOMPARE(bool(n), bool(w));
                wide.takeUnsavedExpiry();
                narrow.takeUnsavedExpiry();
                if (!w)
                    continue;
                QCOMPARE(n->address, w->address);
                QCOMPARE(n->source, w->source);
                ++offered;
                returned += w->source == AllocationSource::Previous;
                const bool bind = random.bounded(100) < 70;
                bound += bind;
                for (AllocationEngine *e : {&wide, &narrow}) {
                    e->record(leaseFor(client, scope, w->address, LeaseState::Offered, now + 60),
                              {}, now);
                    if (bind)
                        e->record(leaseFor(client, scope, w->address, LeaseState::Bound, now + 600),
                                  {}, now);
                }
            } else if (op < 65) {
                if (const Lease *l = wide.leaseOf(scope.name, client);
                    l && l->state == LeaseState::Bound) {
                    const Lease released =
                        leaseFor(client, scope, l->address, LeaseState::Released, now);
                    wide.record(released, {}, now);
                    narrow.record(released, {}, now);
                }
            } else if (op < 70) {
                if (const Lease *l = wide.leaseOf(scope.name, client)) {
                    const Ipv4Address address = l->address;
                    QCOMPARE(bool(narrow.forget(address, {}, now)),
                             bool(wide.forget(address, {}, now)));
                }
            } else {
                now += random.bounded(40);
                const auto w = wide.expire(now);
                const auto n = narrow.expire(now);
                QCOMPARE(n.changed, w.changed);
                QCOMPARE(n.removed, w.removed);
            }
            if (step % 50 == 0)
                sameIndex(step);
        }
        sameIndex(-1);
        QCOMPARE(narrow.leaseCount(), wide.leaseCount());
        // The script did what it is for: pools ran full, clients came back to old addresses.
        QVERIFY2(offered > 1000 && bound > 700 && returned > 20,
                 qPrintable(QStringLiteral("%1 offers, %2 bindings, %3 returns")
                                .arg(offered)
                                .arg(bound)
                                .arg(returned)));
    }
};

QTEST_APPLESS_MAIN(TestAllocationEngine)
#include "tst_allocationengine.moc"
