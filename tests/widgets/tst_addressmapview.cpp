// The address map as an admin uses it: states from leases and reservations, hover, click,
// zoom on a /16, and screenshots of a /24 and a /16 with realistic data.
#include "widgets/addressmapview.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QHelpEvent>
#include <QTest>
#include <QToolButton>
#include <QToolTip>

using namespace leasedesk;
using State = AddressMapData::State;

class TestAddressMapView : public QObject
{
    Q_OBJECT

private slots:
    void leasesAndReservationsBecomeStates();
    void countsAStateMixWithoutVisitingEveryAddress();
    void clickEmitsTheAddressOfASlash24();
    void hoverShowsWhatIsKnownAsPlainText();
    void zoomsIntoABlockOfASlash16AndBack();
    void refreshKeepsTheZoom();
    void screenshots();
};

namespace {

Ipv4Address addr(const char *text)
{
    return *Ipv4Address::fromString(text);
}

Ipv4Address addr(quint32 hostOrder)
{
    return Ipv4Address(hostOrder);
}

QByteArray mac(int n)
{
    return QByteArray::fromHex(QByteArray("020000")
                               + QByteArray::number(0x100000 + n, 16).right(6));
}

const qint64 Now = QDateTime::currentSecsSinceEpoch();

Lease lease(Ipv4Address a, LeaseState state, int client, const QString &hostname = {})
{
    Lease l;
    l.address = a;
    l.state = state;
    l.hardwareAddress = mac(client);
    l.hostname = hostname;
    l.scope = QStringLiteral("lab");
    l.start = Now - 600;
    l.end = Now + 3000;
    return l;
}

// A lab /24: a pool of .10–.250 with a gap for printers, two reservations, and a morning's
// worth of leases in every state.
Scope labScope()
{
    Scope s;
    s.name = QStringLiteral("lab");
    s.network = addr("198.18.1.0");
    s.prefixLength = 24;
    s.ranges = {{addr("198.18.1.10"), addr("198.18.1.250")}};
    s.exclusions = {{addr("198.18.1.100"), addr("198.18.1.109")}};
    Reservation printer;
    printer.macs = {mac(0x50)};
    printer.ip = addr("198.18.1.99");
    printer.hostname = QStringLiteral("printer-2f");
    Reservation nas;
    nas.macs = {mac(0x51)};
    nas.ip = addr("198.18.1.5"); // outside the range: reservations may be
    nas.hostname = QStringLiteral("nas");
    Reservation off = nas;
    off.ip = addr("198.18.1.6");
    off.enabled = false;
    s.reservations = {printer, nas, off};
    return s;
}

QList<Lease> labLeases()
{
    QList<Lease> out;
    const quint32 base = addr("198.18.1.0").toUint32();
    for (int i = 10; i < 90; ++i) {
        if (i % 7 != 3)
            out << lease(addr(base + i), LeaseState::Bound, i, QStringLiteral("host-%1").arg(i));
    }
    for (int i = 120; i < 160; i += 3)
        out << lease(addr(base + i), LeaseState::Bound, i, QStringLiteral("laptop-%1").arg(i));
    out << lease(addr(base + 90), LeaseState::Offered, 90);
    out << lease(addr(base + 91), LeaseState::Offered, 91);
    out << lease(addr(base + 92), LeaseState::Declined, 92);
    out << lease(addr(base + 93), LeaseState::Conflict, 93);
    out << lease(addr(base + 94), LeaseState::Released, 94, QStringLiteral("gone"));
    out << lease(addr(base + 95), LeaseState::Expired, 95);
    out << lease(addr(base + 99), LeaseState::Released, 0x50, QStringLiteral("printer-2f"));
    out << lease(addr("198.18.2.7"), LeaseState::Bound, 7); // another subnet
    return out;
}

// A campus /16: pools in the first 64 /24s, some of them busy, one conflict far away.
AddressMapData campusData()
{
    Scope s;
    s.name = QStringLiteral("campus");
    s.network = addr("198.18.0.0");
    s.prefixLength = 16;
    s.ranges = {{addr("198.18.1.1"), addr("198.18.63.254")},
                {addr("198.18.128.1"), addr("198.18.131.254")}};
    s.exclusions = {{addr("198.18.10.0"), addr("198.18.11.255")}};
    QList<Lease> leases;
    const quint32 base = addr("198.18.0.0").toUint32();
    for (int block = 1; block < 64; ++block) {
        // Busy near the start, thinning out towards the end of the pool.
        const int bound = std::max(0, 250 - block * 4);
        for (int i = 1; i <= bound; ++i) {
            if (block == 10 || block == 11)
                continue;
            const auto state = (i % 41 == 0) ? LeaseState::Offered : LeaseState::Bound;
            leases << lease(addr(base + block * 256 + i), state, block * 256 + i);
        }
    }
    leases << lease(addr("198.18.5.77"), LeaseState::Declined, 1);
    leases << lease(addr("198.18.129.9"), LeaseState::Conflict, 2);
    Reservation r;
    r.ip = addr("198.18.0.10");
    r.hostname = QStringLiteral("core-switch");
    s.reservations = {r};
    return AddressMapData::fromScope(s, leases);
}

QString savePng(QWidget &w, const QString &name)
{
    const QString path = QCoreApplication::applicationDirPath() + QLatin1Char('/') + name;
    return w.grab().save(path) ? path : QString();
}

} // namespace

void TestAddressMapView::leasesAndReservationsBecomeStates()
{
    const AddressMapData d = AddressMapData::fromScope(labScope(), labLeases());
    QCOMPARE(d.scopeName, QStringLiteral("lab"));
    QCOMPARE(d.stateOf(addr("198.18.1.0")), State::Excluded); // network
    QCOMPARE(d.stateOf(addr("198.18.1.255")), State::Excluded); // broadcast
    QCOMPARE(d.stateOf(addr("198.18.1.9")), State::Excluded); // outside the range
    QCOMPARE(d.stateOf(addr("198.18.1.251")), State::Excluded);
    QCOMPARE(d.stateOf(addr("198.18.1.104")), State::Excluded); // an exclusion
    QCOMPARE(d.stateOf(addr("198.18.1.110")), State::Free);
    QCOMPARE(d.stateOf(addr("198.18.1.11")), State::Bound);
    QCOMPARE(d.stateOf(addr("198.18.1.10")), State::Free); // 10 % 7 == 3: no lease
    QCOMPARE(d.stateOf(addr("198.18.1.90")), State::Offered);
    QCOMPARE(d.stateOf(addr("198.18.1.92")), State::Quarantined);
    QCOMPARE(d.stateOf(addr("198.18.1.93")), State::Conflict);
    QCOMPARE(d.stateOf(addr("198.18.1.94")), State::Free); // released
    QCOMPARE(d.stateOf(addr("198.18.1.95")), State::Free); // expired
    QCOMPARE(d.stateOf(addr("198.18.1.5")), State::Reserved); // outside the range
    QCOMPARE(d.stateOf(addr("198.18.1.6")), State::Excluded); // disabled reservation
    QCOMPARE(d.stateOf(addr("198.18.1.99")), State::Reserved); // released by its owner
    QCOMPARE(d.entryFor(addr("198.18.1.94")).mac, mac(94)); // the last client is remembered
    QVERIFY(!d.entries.contains(addr("198.18.2.7").toUint32()));

    // A reserved address leased by its owner shows the lease and keeps the reservation.
    Scope s = labScope();
    const AddressMapData leased =
        AddressMapData::fromScope(s, {lease(addr("198.18.1.99"), LeaseState::Bound, 0x50)});
    QCOMPARE(leased.stateOf(addr("198.18.1.99")), State::Bound);
    QVERIFY(leased.entryFor(addr("198.18.1.99")).reserved);
    QCOMPARE(leased.entryFor(addr("198.18.1.99")).hostname, QStringLiteral("printer-2f"));

    // A live lease wins over an old one for the same address, whatever the order.
    const AddressMapData both =
        AddressMapData::fromScope(s,
                                  {lease(addr("198.18.1.20"), LeaseState::Bound, 1),
                                   lease(addr("198.18.1.20"), LeaseState::Expired, 2)});
    QCOMPARE(both.stateOf(addr("198.18.1.20")), State::Bound);
    QCOMPARE(both.entryFor(addr("198.18.1.20")).mac, mac(1));
}

void TestAddressMapView::countsAStateMixWithoutVisitingEveryAddress()
{
    const AddressMapData d = AddressMapData::fromScope(labScope(), labLeases());
    const AddressMapData::Counts c = d.countsIn(d.subnet());
    // Brute force over the /24 gives the same answer as the interval arithmetic.
    AddressMapData::Counts expected{};
    for (quint32 a = addr("198.18.1.0").toUint32(); a <= addr("198.18.1.255").toUint32(); ++a)
        ++expected[size_t(d.stateOf(addr(a)))];
    QCOMPARE(c, expected);
    quint64 total = 0;
    for (quint64 n : c)
        total += n;
    QCOMPARE(total, quint64(256));
    QCOMPARE(c[size_t(State::Conflict)], quint64(1));
    QCOMPARE(c[size_t(State::Reserved)], quint64(2));

    const AddressMapData campus = campusData();
    const AddressMapData::Counts all = campus.countsIn(campus.subnet());
    total = 0;
    for (quint64 n : all)
        total += n;
    QCOMPARE(total, quint64(65536));
    QCOMPARE(all[size_t(State::Conflict)], quint64(1));
    const AddressMapData::Counts excludedBlock =
        campus.countsIn({addr("198.18.10.0"), addr("198.18.10.255")});
    QCOMPARE(excludedBlock[size_t(State::Excluded)], quint64(256));
}

void TestAddressMapView::clickEmitsTheAddressOfASlash24()
{
    AddressMapView view;
    view.resize(760, 420);
    view.setData(AddressMapData::fromScope(labScope(), labLeases()));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    QList<Ipv4Address> clicked;
    connect(&view, &AddressMapView::addressClicked, this, [&](Ipv4Address a) { clicked << a; });
    const AddressMapGeometry &g = view.mapGeometry();
    QVERIFY(!g.isAggregated());
    for (const char *target : {"198.18.1.37", "198.18.1.0", "198.18.1.255", "198.18.1.93"}) {
        const QRect r = g.cellRect(*g.cellOf(addr(target)));
        QTest::mouseClick(&view, Qt::LeftButton, {}, r.center());
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(clicked.takeFirst(), addr(target));
        QCOMPARE(view.selectedAddress(), std::optional(addr(target)));
        // The corners of the cell hit the same address.
        QTest::mouseClick(&view, Qt::LeftButton, {}, r.topLeft());
        QTest::mouseClick(&view, Qt::LeftButton, {}, r.bottomRight());
        QCOMPARE(clicked, (QList<Ipv4Address>{addr(target), addr(target)}));
        clicked.clear();
    }
    // Clicks on the header or below the grid select nothing.
    QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(5, 5));
    QTest::mouseClick(&view, Qt::LeftButton, {}, QPoint(20, view.height() - 2));
    QVERIFY(clicked.isEmpty());
    QCOMPARE(g.zoomDepth(), 0); // nothing to zoom into on a /24
}

void TestAddressMapView::hoverShowsWhatIsKnownAsPlainText()
{
    QList<Lease> leases = labLeases();
    leases << lease(addr("198.18.1.200"), LeaseState::Bound, 200, QStringLiteral("<b>evil</b>"));
    AddressMapView view;
    view.resize(760, 420);
    view.setData(AddressMapData::fromScope(labScope(), leases));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const AddressMapGeometry &g = view.mapGeometry();

    const QPoint bound = g.cellRect(*g.cellOf(addr("198.18.1.37"))).center();
    const QString tip = view.toolTipAt(bound);
    QVERIFY2(tip.startsWith(QStringLiteral("198.18.1.37 — Bound\n")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("MAC: 02:00:00:10:00:25")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("Hostname: host-37")), qPrintable(tip));
    const QString expiry =
        QDateTime::fromSecsSinceEpoch(Now + 3000).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    QVERIFY2(tip.contains(QStringLiteral("Expires: ") + expiry + QStringLiteral(" (in ")),
             qPrintable(tip));

    const QString reserved = view.toolTipAt(g.cellRect(*g.cellOf(addr("198.18.1.5"))).center());
    QVERIFY2(reserved.contains(QStringLiteral("Reserved")) && reserved.contains("nas"),
             qPrintable(reserved));
    const QString released = view.toolTipAt(g.cellRect(*g.cellOf(addr("198.18.1.94"))).center());
    QVERIFY2(released.contains(QStringLiteral("Last client Hostname: gone")), qPrintable(released));
    QVERIFY(view.toolTipAt(QPoint(2, 2)).isEmpty());

    // The tooltip Qt shows escapes what the client sent, so its markup is not rendered.
    const QPoint evil = g.cellRect(*g.cellOf(addr("198.18.1.200"))).center();
    QHelpEvent help(QEvent::ToolTip, evil, view.mapToGlobal(evil));
    QCoreApplication::sendEvent(&view, &help);
    QTRY_VERIFY(QToolTip::isVisible());
    QVERIFY2(QToolTip::text().contains(QStringLiteral("&lt;b&gt;evil&lt;/b&gt;")),
             qPrintable(QToolTip::text()));
    QVERIFY(!QToolTip::text().contains(QStringLiteral("<b>")));
    QToolTip::hideText();
}

void TestAddressMapView::zoomsIntoABlockOfASlash16AndBack()
{
    AddressMapView view;
    view.resize(760, 460);
    view.setData(campusData());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto *back = view.findChild<QToolButton *>(QStringLiteral("back"));
    QVERIFY(back);
    QVERIFY(!back->isVisible());

    QList<Ipv4Address> clicked;
    connect(&view, &AddressMapView::addressClicked, this, [&](Ipv4Address a) { clicked << a; });
    const AddressMapGeometry &g = view.mapGeometry();
    QVERIFY(g.isAggregated());
    const QString blockTip = view.toolTipAt(g.cellRect(5).center());
    QVERIFY2(blockTip.startsWith(QStringLiteral("198.18.5.0 – 198.18.5.255 (256 addresses)\n")),
             qPrintable(blockTip));
    QVERIFY2(blockTip.contains(QStringLiteral("Quarantined 1")), qPrintable(blockTip));

    // A click on a block zooms into it and selects nothing.
    QTest::mouseClick(&view, Qt::LeftButton, {}, g.cellRect(5).center());
    QVERIFY(clicked.isEmpty());
    QCOMPARE(g.zoomDepth(), 1);
    QCOMPARE(g.visibleRange(), (AddressRange{addr("198.18.5.0"), addr("198.18.5.255")}));
    QVERIFY(back->isVisible());

    // Now a click is an address.
    QTest::mouseClick(&view, Qt::LeftButton, {},
                      g.cellRect(*g.cellOf(addr("198.18.5.77"))).center());
    QCOMPARE(clicked, QList<Ipv4Address>{addr("198.18.5.77")});
    QVERIFY(view.toolTipAt(g.cellRect(77).center()).startsWith("198.18.5.77 — Quarantined"));

    // Escape zooms out; at the top it does nothing.
    QTest::keyClick(&view, Qt::Key_Escape);
    QCOMPARE(g.zoomDepth(), 0);
    QVERIFY(!back->isVisible());
    QTest::keyClick(&view, Qt::Key_Escape);
    QCOMPARE(g.zoomDepth(), 0);

    // And the Back button does the same.
    QVERIFY(view.zoomInto(addr("198.18.129.9")));
    QCOMPARE(g.visibleRange().start, addr("198.18.129.0"));
    QVERIFY(!view.zoomInto(addr("198.18.129.9")));
    QTest::mouseClick(back, Qt::LeftButton);
    QCOMPARE(g.zoomDepth(), 0);
}

void TestAddressMapView::refreshKeepsTheZoom()
{
    AddressMapView view;
    view.resize(760, 460);
    view.setData(campusData());
    QVERIFY(view.zoomInto(addr("198.18.3.1")));
    view.setData(campusData());
    QCOMPARE(view.mapGeometry().zoomDepth(), 1);
    view.setData(AddressMapData::fromScope(labScope(), labLeases()));
    QCOMPARE(view.mapGeometry().zoomDepth(), 0);
    QCOMPARE(view.mapGeometry().visibleRange().start, addr("198.18.1.0"));
}

void TestAddressMapView::screenshots()
{
    // For a human to look at: build/<preset>/tests/widgets/addressmap-*.png.
    AddressMapView small;
    small.resize(small.sizeHint());
    small.setData(AddressMapData::fromScope(labScope(), labLeases()));
    small.resize(small.sizeHint());
    small.show();
    QVERIFY(QTest::qWaitForWindowExposed(&small));
    small.setSelectedAddress(addr("198.18.1.37"));
    QVERIFY(!savePng(small, QStringLiteral("addressmap-24.png")).isEmpty());

    AddressMapView campus;
    campus.setData(campusData());
    campus.resize(campus.sizeHint());
    campus.show();
    QVERIFY(QTest::qWaitForWindowExposed(&campus));
    QVERIFY(!savePng(campus, QStringLiteral("addressmap-16.png")).isEmpty());
    campus.zoomInto(addr("198.18.5.0"));
    QVERIFY(!savePng(campus, QStringLiteral("addressmap-16-zoomed.png")).isEmpty());

    small.resize(360, 300); // narrow: fewer columns, the legend wraps
    QVERIFY(!savePng(small, QStringLiteral("addressmap-24-narrow.png")).isEmpty());
}

QTEST_MAIN(TestAddressMapView)
#include "tst_addressmapview.moc"
