// Issue 9 (robustness), in-process: 100,000 malformed datagrams (random mutations of real
// requests, truncations, random bytes and hand-made breakages of the RFC 2131 format) through
// the engine. It must take every one, answer none that is not a request it can read, give a
// reason for every malformed one, keep serving, and give the next real client an address.
#include "enginebench.h"

#include <QRandomGenerator>
#include <QTest>

using namespace lab;

namespace {

constexpr int Storm = 100'000;

// Breakages a client or a broken relay really produces, each a whole datagram; each is an
// error in docs/codec.md (a missing END or hlen past chaddr are tolerated, not broken).
QList<QByteArray> handMade(const QByteArray &discover)
{
    QList<QByteArray> out;
    QByteArray noCookie = discover;
    noCookie[236] = 0; // the magic cookie (RFC 2131 §3) is gone
    out.append(noCookie);
    QByteArray reply = discover;
    reply[0] = 2; // a BOOTREPLY sent to the server port
    out.append(reply);
    QByteArray overrun = discover.left(240);
    overrun += QByteArray::fromHex("35ff01"); // option 53 claims 255 octets
    out.append(overrun);
    QByteArray badType = discover.left(240);
    badType += QByteArray::fromHex("350163ff"); // message type 99
    out.append(badType);
    QByteArray overload = discover.left(240);
    overload[108] = 12; // the file field, overloaded (RFC 2132 §9.3), holds a hostname option
    overload[109] = char(200); // of 200 octets in a 128-octet field
    overload += QByteArray::fromHex("350101340101ff");
    out.append(overload);
    QByteArray clientId = discover.left(240);
    clientId += QByteArray::fromHex("3501013d00ff"); // an empty client identifier (RFC 2132 §9.14)
    out.append(clientId);
    out.append(discover.left(239)); // shorter than the fixed header and cookie
    out.append(QByteArray()); // empty
    return out;
}

QByteArray mutate(QByteArray bytes, QRandomGenerator &random)
{
    switch (random.bounded(3)) {
    case 0: { // flip 1–8 octets
        const int flips = 1 + int(random.bounded(8));
        for (int i = 0; i < flips && !bytes.isEmpty(); ++i)
            bytes[qsizetype(random.bounded(quint32(bytes.size())))] = char(random.bounded(256));
        return bytes;
    }
    case 1: // cut anywhere
        return bytes.left(qsizetype(random.bounded(quint32(bytes.size()) + 1)));
    default: { // random bytes of any length a UDP datagram on Ethernet can have
        QByteArray noise(qsizetype(random.bounded(1473)), Qt::Uninitialized);
        for (char &c : noise)
            c = char(random.bounded(256));
        return noise;
    }
    }
}

} // namespace

class TestMalformedStorm : public QObject
{
    Q_OBJECT

private slots:
    void engineSurvivesAndStillServes();
};

void TestMalformedStorm::engineSurvivesAndStillServes()
{
    EngineBench b;
    int events = 0, malformed = 0, unexplained = 0, replies = 0;
    QString lastReason;
    QObject::connect(&b.engine, &Engine::packetEvents, [&](const QList<PacketEvent> &batch) {
        for (const PacketEvent &e : batch) {
            ++events;
            if (e.direction == PacketEvent::Direction::Sent) {
                ++replies;
                continue;
            }
            lastReason = e.summary();
            if (e.outcome == Decision::Outcome::Malformed) {
                ++malformed;
                unexplained += e.reason.isEmpty() ? 1 : 0;
            }
        }
    });
    QRandomGenerator random(20261130); // fixed: a failure can be reproduced
    QList<QByteArray> valid;
    for (quint8 i = 1; i <= 20; ++i) {
        valid.append(bytesOf(Client(i).discover()));
        valid.append(bytesOf(Client(i).selecting(ip("198.18.0.100"), ip("198.18.0.1"))));
    }
    const QList<QByteArray> broken = handMade(valid.front());
    // Each hand-made breakage on its own: refused with a reason, never answered.
    for (qsizetype k = 0; k < broken.size(); ++k) {
        const int before = events;
        b.engine.handleDatagram(broken[k], b.info);
        b.engine.flush();
        QVERIFY2(events == before + 1, qPrintable(lastReason)); // shown, not answered
        QVERIFY2(replies == 0, qPrintable(QString::number(k)));
    }
    QCOMPARE(quint64(malformed) + b.engine.counters().ignored, quint64(broken.size()));
    for (int i = 0; i < Storm - int(broken.size()); ++i) {
        const QByteArray datagram = i % 10 == 0
            ? broken[i / 10 % broken.size()]
            : mutate(valid[qsizetype(random.bounded(quint32(valid.size())))], random);
        b.engine.handleDatagram(datagram, b.info);
        if (i % 500 == 499)
            b.engine.flush(); // as the event loop would between bursts
    }
    b.engine.flush();

    const Engine::Counters &c = b.engine.counters();
    QCOMPARE(c.received, quint64(Storm));
    QCOMPARE(events - replies, Storm); // every datagram shown, answered or not
    QVERIFY2(malformed > Storm / 3, qPrintable(QString::number(malformed)));
    QCOMPARE(quint64(malformed), c.malformed);
    QCOMPARE(unexplained, 0);
    // Replies only to the mutations that left a readable request.
    QCOMPARE(quint64(replies), c.replied);
    QVERIFY(c.replied + c.malformed + c.ignored <= c.received);

    // The offers the readable ones got lapse; then a real client is served as usual.
    b.clock.advanceMs(61'000);
    b.engine.sweep();
    b.engine.flush();
    const Ipv4Address bound = b.bind(Client(0x77));
    QVERIFY2(!bound.isZero(), "no address for a real client after the storm");
    QVERIFY(
        b.engine.server().configuration().findScope(QStringLiteral("lab"))->containsAddress(bound));
    QCOMPARE(b.engine.counters().storeFailures, 0u);
}

QTEST_GUILESS_MAIN(TestMalformedStorm)
#include "tst_malformedstorm.moc"
