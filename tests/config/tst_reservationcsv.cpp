// Reservations as CSV: round trip, spreadsheet formula neutralisation, and bad rows reported
// by line with nothing half-imported.
#include "core/reservationcsv.h"

#include <QTest>

using namespace leasedesk;

namespace {

Reservation reservation(const char *mac, const char *ip, const QString &hostname = {},
                        const QString &description = {})
{
    Reservation r;
    if (mac)
        r.macs.append(*parseMac(QString::fromLatin1(mac)));
    r.ip = *Ipv4Address::fromString(ip);
    r.hostname = hostname;
    r.description = description;
    return r;
}

} // namespace

class TestReservationCsv : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip();
    void formulasAreNeutralised();
    void readsWhatSpreadsheetsWrite();
    void badRowsAreReportedAndNothingIsImported();
    void headerIsChecked();
};

void TestReservationCsv::roundTrip()
{
    QList<Reservation> list = {reservation("02:00:00:00:00:01", "198.18.0.50",
                                           QStringLiteral("node1"),
                                           QStringLiteral("rack 1, \"top\" shelf\nsecond line")),
                               reservation(nullptr, "198.18.0.51", QStringLiteral("node2"))};
    list[1].clientId = QByteArray::fromHex("01020000000009");
    list[1].enabled = false;
    list[0].macs.append(*parseMac(QStringLiteral("02:00:00:00:00:0a")));
    list.append(
        reservation("02:00:00:00:00:03", "198.18.0.52", QString(), QStringLiteral("  padded  ")));

    const QByteArray csv = ReservationCsv::write(list);
    QVERIFY(csv.startsWith("mac,client_id,ip,hostname,description,enabled\r\n"));
    const ReservationCsvImport back = ReservationCsv::read(csv);
    QVERIFY2(back.errors.isEmpty(), qPrintable(back.errors.join(QLatin1Char('\n'))));
    QVERIFY(back.reservations == list);
}

void TestReservationCsv::formulasAreNeutralised()
{
    const QList<Reservation> list = {reservation("02:00:00:00:00:01", "198.18.0.50",
                                                 QStringLiteral("=cmd|' /C calc'!A0"),
                                                 QStringLiteral("+1")),
                                     reservation("02:00:00:00:00:02", "198.18.0.51",
                                                 QStringLiteral("@SUM(A1)"), QStringLiteral("-2"))};
    const QByteArray csv = ReservationCsv::write(list);
    // No cell begins with a character a spreadsheet would evaluate.
    for (const QByteArray &line : csv.split('\n')) {
        for (const QByteArray &cell : line.split(',')) {
            const QByteArray c = cell.startsWith('"') ? cell.mid(1) : cell;
            QVERIFY2(c.isEmpty() || !QByteArray("=+-@").contains(c.front()), cell.constData());
        }
    }
    QVERIFY(csv.contains("'=cmd"));
    QVERIFY(ReservationCsv::read(csv).reservations == list);
}

void TestReservationCsv::readsWhatSpreadsheetsWrite()
{
    // A byte order mark, columns in another order, upper case, CRLF, a missing enabled column.
    const QByteArray csv = "\xef\xbb\xbfIP,Hostname,MAC\r\n198.18.0.50,node1,02-00-00-00-00-01\r\n"
                           "198.18.0.51,node2,\"02:00:00:00:00:02 02:00:00:00:00:03\"\r\n";
    const ReservationCsvImport r = ReservationCsv::read(csv);
    QVERIFY2(r.errors.isEmpty(), qPrintable(r.errors.join(QLatin1Char('\n'))));
    QCOMPARE(r.reservations.size(), 2);
    QCOMPARE(r.reservations[0].hostname, QStringLiteral("node1"));
    QCOMPARE(r.reservations[0].macs.front(), QByteArray::fromHex("020000000001"));
    QCOMPARE(r.reservations[1].macs.size(), 2);
    QVERIFY(r.reservations[1].enabled);
}

void TestReservationCsv::badRowsAreReportedAndNothingIsImported()
{
    const QByteArray csv = "mac,client_id,ip,hostname,description,enabled\n"
                           "02:00:00:00:00:01,,198.18.0.50,node1,,true\n"
                           "02:00:00:00:00:zz,,198.18.0.51,node2,,true\n"
                           "\"02:00:00:00:00:03\",,198.18.0.300,\"multi\nline\",,true\n"
                           ",,198.18.0.53,node4,,maybe\n"
                           "02:00:00:00:00:05,01,198.18.0.54,node5,,true,extra\n";
    const ReservationCsvImport r = ReservationCsv::read(csv);
    QVERIFY(r.reservations.isEmpty());
    QCOMPARE(
        r.errors,
        (QStringList{QStringLiteral(
                         "line 3: \"02:00:00:00:00:zz\" is not a MAC address (02:00:00:00:00:01)"),
                     QStringLiteral("line 4: \"198.18.0.300\" is not an IPv4 address"),
                     QStringLiteral("line 6: a reservation needs a MAC address or a client-id"),
                     QStringLiteral("line 6: \"maybe\" in enabled is not true or false"),
                     QStringLiteral("line 7: 7 cells, but the header names 6")}));
}

void TestReservationCsv::headerIsChecked()
{
    QCOMPARE(ReservationCsv::read("mac,ip,colour\n").errors,
             QStringList{QStringLiteral(
                 "line 1: unknown column \"colour\"; the columns are mac, client_id, ip, "
                 "hostname, description, enabled")});
    QCOMPARE(ReservationCsv::read("hostname\nnode1\n").errors,
             QStringList{QStringLiteral(
                 "line 1: the header needs an ip column and a mac or client_id column")});
    QCOMPARE(ReservationCsv::read("mac,ip\n\"02:00:00:00:00:01,198.18.0.5\n").errors,
             QStringList{QStringLiteral("line 2: a quoted cell is never closed")});
}

QTEST_APPLESS_MAIN(TestReservationCsv)
#include "tst_reservationcsv.moc"
