// MemoryTransport, the Transport the engine's tests use: it records, and fails when told to.

#include "net/memorytransport.h"

#include <QTest>

using namespace leasedesk;

class TestMemoryTransport : public QObject
{
    Q_OBJECT

private slots:
    void recordsEveryMessage();
    void failsWhenTold();
};

void TestMemoryTransport::recordsEveryMessage()
{
    MemoryTransport transport;
    Transport &asTransport = transport;
    const std::uint8_t offer[] = {2, 1, 6, 0};
    const std::uint8_t ack[] = {2, 1, 6, 1, 9};
    const Destination broadcast{
        Destination::Kind::Broadcast, Ipv4Address(255, 255, 255, 255), 68, {}, 3,
        Ipv4Address(198, 18, 0, 1)};
    const Destination relay{Destination::Kind::Relay,  Ipv4Address(198, 19, 5, 1), 67, {}, 3,
                            Ipv4Address(198, 18, 0, 1)};
    QString error;
    QVERIFY(asTransport.send(offer, broadcast, &error));
    QVERIFY(asTransport.send(ack, relay, nullptr));
    QCOMPARE(transport.sent().size(), 2);
    QCOMPARE(transport.sent().at(0),
             (MemoryTransport::Sent{QByteArray::fromHex("02010600"), broadcast}));
    QCOMPARE(transport.sent().at(1),
             (MemoryTransport::Sent{QByteArray::fromHex("0201060109"), relay}));
    QVERIFY(error.isEmpty());
    transport.clear();
    QVERIFY(transport.sent().isEmpty());
}

void TestMemoryTransport::failsWhenTold()
{
    MemoryTransport transport;
    transport.setFailure(QStringLiteral("network is down"));
    const std::uint8_t offer[] = {2};
    QString error;
    QVERIFY(!transport.send(offer, Destination{}, &error));
    QCOMPARE(error, QStringLiteral("network is down"));
    QVERIFY(!transport.send(offer, Destination{}, nullptr));
    QVERIFY(transport.sent().isEmpty());
    transport.setFailure({});
    QVERIFY(transport.send(offer, Destination{}, &error));
    QCOMPARE(transport.sent().size(), 1);
}

QTEST_GUILESS_MAIN(TestMemoryTransport)
#include "tst_memorytransport.moc"
