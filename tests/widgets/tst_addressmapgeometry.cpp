// The address map's arithmetic: which cell shows which addresses, where it is drawn, and what
// is under the pointer, for every subnet size the validator accepts and a few it does not.
#include "widgets/addressmapgeometry.h"

#include <QTest>

using namespace leasedesk;

class TestAddressMapGeometry : public QObject
{
    Q_OBJECT

private slots:
    void slash24IsOneCellPerAddress();
    void roundTripsEveryAddressOfASlash24();
    void roundTripsEveryPixelOfTheGrid();
    void pointsOutsideTheGridHitNothing();
    void smallSubnets();
    void slash22StaysDirect();
    void slash16IsBlocksOfSlash24s();
    void zoomingInAndOut();
    void slash8TakesThreeZooms();
    void refusesWhatCannotBeDrawn();
    void hostBitsInTheNetworkAreIgnored();
    void cellSizeFollowsTheArea();
    void narrowAreasGetFewerColumns();
    void lastAddressOfTheInternet();
};

namespace {

Ipv4Address addr(const char *text)
{
    return *Ipv4Address::fromString(text);
}

const QRect Area(10, 20, 640, 400);

} // namespace

void TestAddressMapGeometry::slash24IsOneCellPerAddress()
{
    const AddressMapGeometry g(addr("198.18.1.0"), 24, Area);
    QVERIFY(g.isValid());
    QVERIFY(!g.isAggregated());
    QCOMPARE(g.addressesPerCell(), quint64(1));
    QCOMPARE(g.cellCount(), 256);
    QCOMPARE(g.columns(), 32);
    QCOMPARE(g.rows(), 8);
    QCOMPARE(g.cellPitch(), 20); // 640 / 32, within the height's 400 / 8
    QCOMPARE(g.gridSize(), QSize(640, 160));
    QCOMPARE(g.visibleRange(), (AddressRange{addr("198.18.1.0"), addr("198.18.1.255")}));
    QCOMPARE(g.cellRect(0), QRect(10, 20, 18, 18)); // pitch 20 minus a 2-pixel gap
    QCOMPARE(g.cellRect(33), QRect(30, 40, 18, 18));
    QCOMPARE(g.cellRect(255), QRect(10 + 31 * 20, 20 + 7 * 20, 18, 18));
    QCOMPARE(g.addressesOf(0), (AddressRange{addr("198.18.1.0"), addr("198.18.1.0")}));
    QCOMPARE(g.addressesOf(255), (AddressRange{addr("198.18.1.255"), addr("198.18.1.255")}));
    QCOMPARE(g.cellOf(addr("198.18.1.37")), std::optional<int>(37));
    QVERIFY(!g.canZoomIn());
    QVERIFY(!g.canZoomOut());
}

void TestAddressMapGeometry::roundTripsEveryAddressOfASlash24()
{
    const AddressMapGeometry g(addr("198.18.1.0"), 24, Area);
    for (quint32 a = addr("198.18.1.0").toUint32(); a <= addr("198.18.1.255").toUint32(); ++a) {
        const auto cell = g.cellOf(Ipv4Address(a));
        QVERIFY(cell);
        const QRect r = g.cellRect(*cell);
        QVERIFY(!r.isEmpty());
        for (const QPoint p : {r.topLeft(), r.center(), r.bottomRight()})
            QCOMPARE(g.cellAt(p), cell);
        QCOMPARE(g.addressesOf(*cell).start, Ipv4Address(a));
    }
}

void TestAddressMapGeometry::roundTripsEveryPixelOfTheGrid()
{
    // Every pixel of the grid, gaps included, belongs to exactly the cell it is drawn nearest.
    const AddressMapGeometry g(addr("198.18.0.0"), 25, QRect(0, 0, 333, 200));
    const QSize grid = g.gridSize();
    for (int y = 0; y < grid.height(); ++y) {
        for (int x = 0; x < grid.width(); ++x) {
            const auto cell = g.cellAt(QPoint(x, y));
            QVERIFY(cell);
            const QRect r = g.cellRect(*cell);
            QVERIFY(x >= r.left() && x < r.left() + g.cellPitch());
            QVERIFY(y >= r.top() && y < r.top() + g.cellPitch());
        }
    }
    // No two cells overlap and none reaches into its neighbour's gap.
    for (int i = 0; i + 1 < g.cellCount(); ++i)
        QVERIFY(!g.cellRect(i).intersects(g.cellRect(i + 1)));
}

void TestAddressMapGeometry::pointsOutsideTheGridHitNothing()
{
    const AddressMapGeometry g(addr("198.18.1.0"), 24, Area);
    const QRect grid(Area.topLeft(), g.gridSize());
    QVERIFY(!g.cellAt(grid.topLeft() - QPoint(1, 0)));
    QVERIFY(!g.cellAt(grid.topLeft() - QPoint(0, 1)));
    QVERIFY(!g.cellAt(QPoint(grid.right() + 1, grid.top())));
    QVERIFY(!g.cellAt(QPoint(grid.left(), grid.bottom() + 1)));
    QVERIFY(!g.cellAt(QPoint(-5000, -5000)));
    QVERIFY(!g.cellAt(QPoint(100000, 100000)));
    QVERIFY(g.cellAt(grid.topLeft()));
    QCOMPARE(g.cellAt(grid.bottomRight()), std::optional<int>(255));
    // Addresses of another subnet, and indexes out of range.
    QVERIFY(!g.cellOf(addr("198.18.2.0")));
    QVERIFY(!g.cellOf(addr("198.18.0.255")));
    QVERIFY(g.cellRect(-1).isEmpty());
    QVERIFY(g.cellRect(256).isEmpty());
    QCOMPARE(g.addressesOf(256), AddressRange{});
}

void TestAddressMapGeometry::smallSubnets()
{
    const AddressMapGeometry g30(addr("198.18.1.4"), 30, Area);
    QCOMPARE(g30.cellCount(), 4);
    QCOMPARE(g30.columns(), 4);
    QCOMPARE(g30.rows(), 1);
    QCOMPARE(g30.cellPitch(), AddressMapGeometry::MaxCellSize); // not 160-pixel cells
    QCOMPARE(g30.addressesOf(3).start, addr("198.18.1.7"));
    QCOMPARE(g30.cellOf(addr("198.18.1.8")), std::nullopt);
    QCOMPARE(g30.cellAt(g30.cellRect(3).center()), std::optional<int>(3));
    QVERIFY(!g30.cellAt(g30.cellRect(3).center() + QPoint(g30.cellPitch(), 0)));

    AddressMapGeometry g32(addr("198.18.1.9"), 32, Area);
    QVERIFY(g32.isValid());
    QCOMPARE(g32.cellCount(), 1);
    QCOMPARE(g32.addressesOf(0), (AddressRange{addr("198.18.1.9"), addr("198.18.1.9")}));
    QCOMPARE(g32.cellOf(addr("198.18.1.9")), std::optional<int>(0));
    QCOMPARE(g32.cellAt(Area.topLeft()), std::optional<int>(0));
    QVERIFY(!g32.zoomOut());
}

void TestAddressMapGeometry::slash22StaysDirect()
{
    const AddressMapGeometry g(addr("198.18.4.0"), 22, QRect(0, 0, 320, 320));
    QVERIFY(!g.isAggregated());
    QCOMPARE(g.cellCount(), 1024);
    QCOMPARE(g.rows(), 32);
    QCOMPARE(g.cellPitch(), 10);
    QCOMPARE(g.cellOf(addr("198.18.7.255")), std::optional<int>(1023));
    QCOMPARE(g.cellRect(1023).bottomRight(), QPoint(318, 318));
}

void TestAddressMapGeometry::slash16IsBlocksOfSlash24s()
{
    const AddressMapGeometry g(addr("198.18.0.0"), 16, Area);
    QVERIFY(g.isAggregated());
    QCOMPARE(g.addressesPerCell(), quint64(256));
    QCOMPARE(g.cellCount(), 256);
    QCOMPARE(g.addressesOf(5), (AddressRange{addr("198.18.5.0"), addr("198.18.5.255")}));
    QCOMPARE(g.addressesOf(255), (AddressRange{addr("198.18.255.0"), addr("198.18.255.255")}));
    QCOMPARE(g.cellOf(addr("198.18.5.0")), std::optional<int>(5));
    QCOMPARE(g.cellOf(addr("198.18.5.255")), std::optional<int>(5));
    QCOMPARE(g.cellOf(addr("198.18.255.255")), std::optional<int>(255));
    QCOMPARE(g.cellOf(addr("198.19.0.0")), std::nullopt);
    QCOMPARE(g.cellAt(g.cellRect(200).center()), std::optional<int>(200));

    // Sizes in between are blocks of 256 as well: a /20 is 16 blocks, a /21 8.
    QCOMPARE(AddressMapGeometry(addr("198.18.16.0"), 20, Area).cellCount(), 16);
    QCOMPARE(AddressMapGeometry(addr("198.18.16.0"), 21, Area).cellCount(), 8);
    QCOMPARE(AddressMapGeometry(addr("198.18.16.0"), 21, Area).addressesPerCell(), quint64(256));
}

void TestAddressMapGeometry::zoomingInAndOut()
{
    AddressMapGeometry g(addr("198.18.0.0"), 16, Area);
    const AddressMapGeometry top = g;
    QVERIFY(!g.zoomIn(-1));
    QVERIFY(!g.zoomIn(256));
    QCOMPARE(g, top);

    QVERIFY(g.zoomIn(*g.cellOf(addr("198.18.77.9"))));
    QCOMPARE(g.zoomDepth(), 1);
    QVERIFY(!g.isAggregated());
    QCOMPARE(g.cellCount(), 256);
    QCOMPARE(g.visibleRange(), (AddressRange{addr("198.18.77.0"), addr("198.18.77.255")}));
    QCOMPARE(g.cellOf(addr("198.18.77.9")), std::optional<int>(9));
    QCOMPARE(g.cellOf(addr("198.18.78.9")), std::nullopt);
    QCOMPARE(g.addressesOf(*g.cellAt(g.cellRect(9).center())).start, addr("198.18.77.9"));
    QVERIFY(!g.zoomIn(9)); // a single address has nothing inside

    QVERIFY(g.zoomOut());
    QCOMPARE(g, top);
    QVERIFY(!g.zoomOut());
    QCOMPARE(g, top);

    // A resize while zoomed keeps the zoom.
    g.zoomIn(3);
    g.setArea(QRect(0, 0, 320, 200));
    QCOMPARE(g.visibleRange().start, addr("198.18.3.0"));
    QCOMPARE(g.cellPitch(), 10);
    g.resetZoom();
    QCOMPARE(g.zoomDepth(), 0);
    QCOMPARE(g.visibleRange().start, addr("198.18.0.0"));
}

void TestAddressMapGeometry::slash8TakesThreeZooms()
{
    AddressMapGeometry g(addr("10.0.0.0"), 8, Area);
    QVERIFY(g.isValid());
    QCOMPARE(g.cellCount(), 256);
    QCOMPARE(g.addressesPerCell(), quint64(65536));
    QCOMPARE(g.cellOf(addr("10.200.3.4")), std::optional<int>(200));
    QVERIFY(g.zoomIn(200));
    QCOMPARE(g.addressesPerCell(), quint64(256));
    QCOMPARE(g.visibleRange(), (AddressRange{addr("10.200.0.0"), addr("10.200.255.255")}));
    QVERIFY(g.zoomIn(*g.cellOf(addr("10.200.3.4"))));
    QCOMPARE(g.addressesPerCell(), quint64(1));
    QCOMPARE(g.cellOf(addr("10.200.3.4")), std::optional<int>(4));
    QVERIFY(g.zoomOut());
    QCOMPARE(g.visibleRange().start, addr("10.200.0.0"));
    QVERIFY(g.zoomOut());
    QCOMPARE(g.visibleRange(), (AddressRange{addr("10.0.0.0"), addr("10.255.255.255")}));
}

void TestAddressMapGeometry::refusesWhatCannotBeDrawn()
{
    for (int prefix : {-1, 0, 7, 33}) {
        const AddressMapGeometry g(addr("10.0.0.0"), prefix, Area);
        QVERIFY(!g.isValid());
        QCOMPARE(g.cellCount(), 0);
        QCOMPARE(g.cellAt(Area.center()), std::nullopt);
        QCOMPARE(g.cellOf(addr("10.0.0.1")), std::nullopt);
        QVERIFY(g.cellRect(0).isEmpty());
        QCOMPARE(g.gridSize(), QSize(0, 0));
    }
    const AddressMapGeometry none;
    QVERIFY(!none.isValid());
    QCOMPARE(none.cellCount(), 0);
}

void TestAddressMapGeometry::hostBitsInTheNetworkAreIgnored()
{
    const AddressMapGeometry g(addr("198.18.1.77"), 24, Area);
    QCOMPARE(g.network(), addr("198.18.1.0"));
    QCOMPARE(g.cellOf(addr("198.18.1.0")), std::optional<int>(0));
}

void TestAddressMapGeometry::cellSizeFollowsTheArea()
{
    AddressMapGeometry g(addr("198.18.1.0"), 24, QRect(0, 0, 2000, 2000));
    QCOMPARE(g.cellPitch(), AddressMapGeometry::MaxCellSize);
    g.setArea(QRect(0, 0, 480, 2000));
    QCOMPARE(g.cellPitch(), 15);
    g.setArea(QRect(0, 0, 480, 80)); // 8 rows in 80 pixels: the height decides
    QCOMPARE(g.cellPitch(), 10);
    g.setArea(QRect(0, 0, 480, 10)); // too short: never below the minimum, the grid overflows
    QCOMPARE(g.cellPitch(), AddressMapGeometry::MinCellSize);
    QCOMPARE(g.columns(), 32);
    // Hits follow the new layout.
    g.setArea(QRect(5, 5, 640, 400));
    QCOMPARE(g.cellAt(QPoint(5 + 20 * 3 + 1, 5 + 20 * 2 + 1)), std::optional<int>(67));
    QCOMPARE(g.minimumAreaSize(), QSize(320, 80));
}

void TestAddressMapGeometry::narrowAreasGetFewerColumns()
{
    AddressMapGeometry g(addr("198.18.1.0"), 24, QRect(0, 0, 200, 0));
    QCOMPARE(g.columns(), 16);
    QCOMPARE(g.rows(), 16);
    QCOMPARE(g.cellPitch(), 12);
    g.setArea(QRect(0, 0, 15, 0));
    QCOMPARE(g.columns(), 1);
    QCOMPARE(g.rows(), 256);
    QCOMPARE(g.cellOf(addr("198.18.1.9")), std::optional<int>(9));
    QCOMPARE(g.cellRect(9).top(), 9 * g.cellPitch());
    // Not laid out yet (empty area): the preferred columns and the smallest cells.
    g.setArea(QRect());
    QCOMPARE(g.columns(), 32);
    QCOMPARE(g.cellPitch(), AddressMapGeometry::MinCellSize);
}

void TestAddressMapGeometry::lastAddressOfTheInternet()
{
    // No 32-bit overflow at the top of the address space.
    AddressMapGeometry g(addr("255.255.0.0"), 16, Area);
    QCOMPARE(g.addressesOf(255), (AddressRange{addr("255.255.255.0"), addr("255.255.255.255")}));
    QCOMPARE(g.cellOf(addr("255.255.255.255")), std::optional<int>(255));
    QVERIFY(g.zoomIn(255));
    QCOMPARE(g.cellOf(addr("255.255.255.255")), std::optional<int>(255));
    QCOMPARE(g.visibleRange().end, addr("255.255.255.255"));
    QVERIFY(g.zoomOut());
    QCOMPARE(g.visibleRange(), (AddressRange{addr("255.255.0.0"), addr("255.255.255.255")}));
}

QTEST_GUILESS_MAIN(TestAddressMapGeometry)
#include "tst_addressmapgeometry.moc"
