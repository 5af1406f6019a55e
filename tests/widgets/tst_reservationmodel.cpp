// Editing a scope's reservations in the table: what is refused, and why.
#include "widgets/csvexport.h"
#include "widgets/reservationmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace leasedesk;

class TestReservationModel : public QObject
{
    Q_OBJECT

private slots:
    void showsAndReturnsTheReservations();
    void acceptsValidEdits();
    void refusesInvalidEdits_data();
    void refusesInvalidEdits();
    void insertsAndRemovesRows();
    void showsHostnamesAsPlainText();
    void exportsAsCsv();
};

namespace {

Scope labScope()
{
    Scope s;
    s.name = QStringLiteral("lab");
    s.network = *Ipv4Address::fromString("198.18.0.0");
    s.prefixLength = 24;
    Reservation a;
    a.macs = {*parseMac(QStringLiteral("02:00:00:00:00:01")),
              *parseMac(QStringLiteral("02:00:00:00:00:11"))};
    a.ip = *Ipv4Address::fromString("198.18.0.50");
    a.hostname = QStringLiteral("node1");
    a.description = QStringLiteral("rack 1");
    Reservation b;
    b.clientId = QByteArray::fromHex("01020000000009");
    b.ip = *Ipv4Address::fromString("198.18.0.51");
    b.enabled = false;
    s.reservations = {a, b};
    return s;
}

QString cell(const QAbstractItemModel &m, int row, int column, int role = Qt::DisplayRole)
{
    return m.index(row, column).data(role).toString();
}

} // namespace

void TestReservationModel::showsAndReturnsTheReservations()
{
    ReservationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setScope(labScope());
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, ReservationModel::Enabled).data(Qt::CheckStateRole).toInt(),
             int(Qt::Checked));
    QCOMPARE(model.index(1, ReservationModel::Enabled).data(Qt::CheckStateRole).toInt(),
             int(Qt::Unchecked));
    QCOMPARE(cell(model, 0, ReservationModel::Hostname), QStringLiteral("node1"));
    QCOMPARE(cell(model, 0, ReservationModel::Macs),
             QStringLiteral("02:00:00:00:00:01, 02:00:00:00:00:11"));
    QCOMPARE(cell(model, 1, ReservationModel::ClientId), QStringLiteral("01:02:00:00:00:00:09"));
    QCOMPARE(cell(model, 1, ReservationModel::Address), QStringLiteral("198.18.0.51"));
    QCOMPARE(cell(model, 0, ReservationModel::Description), QStringLiteral("rack 1"));
    QVERIFY(model.flags(model.index(0, ReservationModel::Enabled)) & Qt::ItemIsUserCheckable);
    QVERIFY(model.flags(model.index(0, ReservationModel::Macs)) & Qt::ItemIsEditable);
    QCOMPARE(model.reservations(), labScope().reservations);
}

void TestReservationModel::acceptsValidEdits()
{
    ReservationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setScope(labScope());
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(
        model.setData(model.index(1, ReservationModel::Enabled), Qt::Checked, Qt::CheckStateRole));
    // Several MACs in any accepted spelling, separated by commas or spaces.
    QVERIFY(
        model.setData(model.index(1, ReservationModel::Macs),
                      QStringLiteral("02-00-00-00-00-0A, 02:00:00:00:00:0b 02:00:00:00:00:0c")));
    QVERIFY(
        model.setData(model.index(1, ReservationModel::Address), QStringLiteral("198.18.0.99")));
    QVERIFY(model.setData(model.index(1, ReservationModel::Hostname), QStringLiteral(" node2 ")));
    QVERIFY(model.setData(model.index(1, ReservationModel::ClientId), QString()));
    QVERIFY(model.setData(model.index(1, ReservationModel::Description), QStringLiteral("x")));
    QCOMPARE(changed.size(), 6);
    // Setting what is already there is accepted and silent.
    QVERIFY(model.setData(model.index(1, ReservationModel::Hostname), QStringLiteral("node2")));
    QCOMPARE(changed.size(), 6);

    const Reservation r = model.reservations().at(1);
    QVERIFY(r.enabled);
    QCOMPARE(r.macs.size(), 3);
    QCOMPARE(r.macs[0], QByteArray::fromHex("02000000000a"));
    QCOMPARE(r.ip, *Ipv4Address::fromString("198.18.0.99"));
    QCOMPARE(r.hostname, QStringLiteral("node2"));
    QVERIFY(r.clientId.isEmpty());
    QCOMPARE(r.description, QStringLiteral("x"));
    QCOMPARE(model.reservations().at(0), labScope().reservations.at(0));
}

void TestReservationModel::refusesInvalidEdits_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::newRow("mac not hex") << int(ReservationModel::Macs)
                                 << QStringLiteral("02:00:00:00:00:0a, 02:00:zz:00:00:01")
                                 << QStringLiteral("\"02:00:zz:00:00:01\" is not a MAC address");
    QTest::newRow("mac short") << int(ReservationModel::Macs) << QStringLiteral("02:00:00")
                               << QStringLiteral("\"02:00:00\" is not a MAC address");
    QTest::newRow("mac twice") << int(ReservationModel::Macs)
                               << QStringLiteral("02:00:00:00:00:0a,02-00-00-00-00-0A")
                               << QStringLiteral("02:00:00:00:00:0a is listed twice");
    QTest::newRow("mac of another")
        << int(ReservationModel::Macs) << QStringLiteral("02:00:00:00:00:11")
        << QStringLiteral("02:00:00:00:00:11 is already reserved by row 1 (node1)");
    QTest::newRow("ip garbage") << int(ReservationModel::Address) << QStringLiteral("198.18.0")
                                << QStringLiteral("\"198.18.0\" is not an IPv4 address");
    QTest::newRow("ip outside")
        << int(ReservationModel::Address) << QStringLiteral("198.19.0.5")
        << QStringLiteral("198.19.0.5 is outside the subnet 198.18.0.0/24 of scope lab");
    QTest::newRow("ip broadcast") << int(ReservationModel::Address)
                                  << QStringLiteral("198.18.0.255")
                                  << QStringLiteral("network or broadcast address");
    QTest::newRow("ip of another")
        << int(ReservationModel::Address) << QStringLiteral("198.18.0.50")
        << QStringLiteral("198.18.0.50 is already reserved by row 1 (node1)");
    QTest::newRow("client id") << int(ReservationModel::ClientId) << QStringLiteral("01")
                               << QStringLiteral("\"01\" is not a client identifier");
    QTest::newRow("hostname control") << int(ReservationModel::Hostname) << QStringLiteral("a\tb")
                                      << QStringLiteral("control character");
}

void TestReservationModel::refusesInvalidEdits()
{
    QFETCH(int, column);
    QFETCH(QString, text);
    QFETCH(QString, message);
    ReservationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setScope(labScope());
    const QModelIndex index = model.index(1, column);
    const QString before = index.data(Qt::EditRole).toString();
    QSignalSpy refused(&model, &ReservationModel::editRefused);

    QVERIFY(!model.setData(index, text));
    QCOMPARE(model.reservations(), labScope().reservations); // nothing changed
    QCOMPARE(index.data(Qt::EditRole).toString(), before);
    QVERIFY2(model.errorFor(index).contains(message), qPrintable(model.errorFor(index)));
    QCOMPARE(index.data(ReservationModel::ValidationRole).toString(), model.errorFor(index));
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused[0][1].toString(), model.errorFor(index));
    QVERIFY(model.errorFor(model.index(0, column)).isEmpty()); // only that cell

    // A row moving up takes its error with it; a good edit clears it.
    QVERIFY(model.removeRows(0, 1));
    const QModelIndex moved = model.index(0, column);
    QVERIFY(!model.errorFor(moved).isEmpty());
    QVERIFY(model.setData(moved, before));
    QVERIFY(model.errorFor(moved).isEmpty());
}

void TestReservationModel::insertsAndRemovesRows()
{
    ReservationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setScope(labScope());
    QVERIFY(model.insertRows(1, 2));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(cell(model, 3, ReservationModel::Address), QStringLiteral("198.18.0.51"));
    QVERIFY(
        model.setData(model.index(1, ReservationModel::Address), QStringLiteral("198.18.0.60")));
    QCOMPARE(model.reservations().at(1).ip, *Ipv4Address::fromString("198.18.0.60"));
    QVERIFY(model.reservations().at(2).enabled); // new rows start enabled
    QVERIFY(!model.insertRows(9, 1));
    QVERIFY(!model.removeRows(3, 2));
    QVERIFY(model.removeRows(2, 2));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.reservations().at(0).hostname, QStringLiteral("node1"));
}

void TestReservationModel::showsHostnamesAsPlainText()
{
    ReservationModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setScope(labScope());
    const QModelIndex host = model.index(0, ReservationModel::Hostname);
    QVERIFY(model.setData(host, QStringLiteral("<b>x</b>")));
    QCOMPARE(host.data(Qt::DisplayRole).toString(), QStringLiteral("<b>x</b>"));
    QVERIFY(!host.data(Qt::ToolTipRole).isValid());
    // A refused MAC's message quotes the typed text; its tooltip escapes it.
    const QModelIndex macs = model.index(0, ReservationModel::Macs);
    QVERIFY(!model.setData(macs, QStringLiteral("<b>y</b>")));
    QVERIFY(!macs.data(Qt::ToolTipRole).toString().contains(QLatin1String("<b>")));
}

void TestReservationModel::exportsAsCsv()
{
    ReservationModel model;
    model.setScope(labScope());
    QCOMPARE(
        CsvExport::write(model),
        QByteArray("Enabled,Hostname,MACs,Client ID,Address,Description\r\n"
                   "true,node1,\"02:00:00:00:00:01, 02:00:00:00:00:11\",,198.18.0.50,rack 1\r\n"
                   "false,,,01:02:00:00:00:00:09,198.18.0.51,\r\n"));
}

QTEST_GUILESS_MAIN(TestReservationModel)
#include "tst_reservationmodel.moc"
