// LeaseTable: leases found by address through flat cells inside the windows and through the
// hash outside them, whatever order windows and leases arrive in.
#include "core/leasetable.h"

#include <QTest>

using namespace leasedesk;

namespace {

quint32 a(int c, int d)
{
    return Ipv4Address(198, 18, std::uint8_t(c), std::uint8_t(d)).toUint32();
}

Lease leaseAt(quint32 address, const char *mac)
{
    Lease l;
    l.address = Ipv4Address(address);
    l.hardwareAddress = QByteArray::fromHex(mac);
    l.scope = QStringLiteral("lab");
    l.state = LeaseState::Bound;
    return l;
}

QList<quint32> addressesOf(const LeaseTable &t)
{
    QList<quint32> out;
    t.forEach([&](const Lease &l) { out.append(l.address.toUint32()); });
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

class TestLeaseTable : public QObject
{
    Q_OBJECT

private slots:
    void findsLeasesInsideAndOutsideTheWindows()
    {
        LeaseTable t;
        t.setWindows({{a(0, 0), a(0, 255)}});
        t.insert(leaseAt(a(0, 10), "020000000001"));
        t.insert(leaseAt(a(1, 10), "020000000002")); // outside the window: the hash
        QCOMPARE(t.size(), 2);
        QVERIFY(t.contains(a(0, 10)));
        QVERIFY(t.contains(a(1, 10)));
        QVERIFY(!t.contains(a(0, 11)));
        QVERIFY(!t.contains(a(1, 11)));
        QCOMPARE(t.find(a(0, 10))->hardwareAddress, QByteArray::fromHex("020000000001"));
        QCOMPARE(t.find(a(1, 10))->hardwareAddress, QByteArray::fromHex("020000000002"));
        QCOMPARE(t.find(a(0, 99)), nullptr);
    }

    void insertingAtATakenAddressReplacesTheLease()
    {
        LeaseTable t;
        t.setWindows({{a(0, 0), a(0, 255)}});
        t.insert(leaseAt(a(0, 10), "020000000001"));
        Lease &stored = t.insert(leaseAt(a(0, 10), "020000000002"));
        QCOMPARE(t.size(), 1);
        QCOMPARE(stored.hardwareAddress, QByteArray::fromHex("020000000002"));
        QCOMPARE(t.find(a(0, 10))->hardwareAddress, QByteArray::fromHex("020000000002"));
    }

    void erasedAddressesAreGoneAndTheirSpaceIsReused()
    {
        LeaseTable t;
        t.setWindows({{a(0, 0), a(0, 255)}});
        for (int i = 1; i <= 5; ++i)
            t.insert(leaseAt(a(0, i), "020000000001"));
        t.insert(leaseAt(a(2, 1), "020000000009"));
        t.erase(a(0, 3));
        t.erase(a(2, 1));
        t.erase(a(0, 200)); // not there: nothing happens
        QCOMPARE(t.size(), 4);
        QVERIFY(!t.contains(a(0, 3)));
        QVERIFY(!t.contains(a(2, 1)));
        t.insert(leaseAt(a(0, 7), "020000000007"));
        t.insert(leaseAt(a(2, 2), "020000000008"));
        QCOMPARE(addressesOf(t),
                 (QList<quint32>{a(0, 1), a(0, 2), a(0, 4), a(0, 5), a(0, 7), a(2, 2)}));
        QCOMPARE(t.values().size(), 6);
    }

    void newWindowsKeepEveryLease()
    {
        // A configuration change moves addresses between the cells and the hash.
        LeaseTable t;
        t.insert(leaseAt(a(0, 10), "020000000001")); // no window yet
        t.insert(leaseAt(a(1, 10), "020000000002"));
        t.setWindows({{a(0, 0), a(0, 255)}});
        QVERIFY(t.contains(a(0, 10)));
        QVERIFY(t.contains(a(1, 10)));
        t.setWindows({{a(1, 0), a(1, 255)}, {a(3, 0), a(3, 255)}});
        QVERIFY(t.contains(a(0, 10)));
        QVERIFY(t.contains(a(1, 10)));
        t.erase(a(0, 10));
        t.erase(a(1, 10));
        QCOMPARE(t.size(), 0);
        QVERIFY(!t.contains(a(0, 10)));
        QVERIFY(!t.contains(a(1, 10)));
    }

    void overlappingAndHugeWindowsFallBackToTheHash()
    {
        LeaseTable t;
        // The second overlaps the first; the third is a /8 (16 M cells): both left out.
        t.setWindows(
            {{a(0, 0), a(0, 255)},
             {a(0, 128), a(1, 255)},
             {Ipv4Address(10, 0, 0, 0).toUint32(), Ipv4Address(10, 255, 255, 255).toUint32()}});
        t.insert(leaseAt(a(1, 5), "020000000001"));
        t.insert(leaseAt(Ipv4Address(10, 1, 2, 3).toUint32(), "020000000002"));
        t.insert(leaseAt(a(0, 200), "020000000003"));
        QCOMPARE(t.size(), 3);
        QVERIFY(t.contains(a(1, 5)));
        QVERIFY(t.contains(Ipv4Address(10, 1, 2, 3).toUint32()));
        QVERIFY(t.contains(a(0, 200)));
        QVERIFY(!t.contains(a(1, 6)));
    }

    void addressesAtTheEdgesOfAWindow()
    {
        LeaseTable t;
        t.setWindows({{a(0, 0), a(0, 255)}});
        t.insert(leaseAt(a(0, 0), "020000000001"));
        t.insert(leaseAt(a(0, 255), "020000000002"));
        t.insert(leaseAt(a(0, 0) - 1, "020000000003"));
        t.insert(leaseAt(a(1, 0), "020000000004"));
        QCOMPARE(addressesOf(t), (QList<quint32>{a(0, 0) - 1, a(0, 0), a(0, 255), a(1, 0)}));
        for (quint32 x : {a(0, 0) - 1, a(0, 0), a(0, 255), a(1, 0)})
            QCOMPARE(t.find(x)->address.toUint32(), x);
    }
};

QTEST_APPLESS_MAIN(TestLeaseTable)
#include "tst_leasetable.moc"
