// Issue 9 (robustness): the headless server's packet log. A storm of ignored and malformed
// packets gives at most N lines a second plus one summary a second whose counts add up;
// answered packets are always written; the summary comes even when the storm stops; the
// reasons kept for a summary stay bounded whatever arrives.
#include "engine/packetlog.h"

#include <QRegularExpression>
#include <QTest>

using namespace leasedesk;

namespace {

constexpr int N = 20;

PacketEvent received(Decision::Outcome outcome, const QString &reason)
{
    PacketEvent e;
    e.interfaceName = QStringLiteral("br0");
    e.direction = PacketEvent::Direction::Received;
    e.outcome = outcome;
    e.reason = reason;
    return e;
}

PacketEvent malformed(int length)
{
    return received(Decision::Outcome::Malformed,
                    QStringLiteral("the message is %1 octets long; a DHCP message needs at least "
                                   "240")
                        .arg(length));
}

PacketEvent answered(int i)
{
    PacketEvent e = received(Decision::Outcome::Replied,
                             QStringLiteral("offered 198.18.0.%1 (a free address)").arg(i % 250));
    e.messageType = 1;
    e.xid = quint32(i);
    return e;
}

// What a user reads: the lines, and the counts the summaries claim.
struct Log
{
    QStringList lines;
    PacketLog::Sink sink()
    {
        return [this](const QString &line) {
            lines.append(line);
        };
    }
    QStringList summaries() const
    {
        return lines.filter(QRegularExpression(QStringLiteral("^… ")));
    }
    qsizetype packetLines() const { return lines.size() - summaries().size(); }
    // Sum of "… K more ignored packets" and of the per-outcome counts.
    quint64 summarized(const QString &what = QString()) const
    {
        static const QRegularExpression total(QStringLiteral("^… (\\d+) more ignored packets "));
        quint64 sum = 0;
        for (const QString &s : summaries()) {
            if (what.isEmpty()) {
                sum += total.match(s).captured(1).toULongLong();
                continue;
            }
            const QRegularExpression part(QStringLiteral("[:,] (\\d+) %1\\b").arg(what));
            sum += part.match(s).captured(1).toULongLong();
        }
        return sum;
    }
};

} // namespace

class TestPacketLog : public QObject
{
    Q_OBJECT

private slots:
    void burstIsLimitedAndCountsAddUp();
    void answeredPacketsAreAlwaysWritten();
    void summaryComesAfterQuietWithoutFurtherPackets();
    void summaryComesFromTheTimer();
    void reasonsDifferingInNumbersAreOneGroup();
    void distinctReasonCapHolds();
    void quietModeSpeaksOfStormsOnly();
    void flushWritesWhatIsPending();
};

// 10,000 malformed packets in 2.5 s: 20 lines and one summary per second, nothing lost.
void TestPacketLog::burstIsLimitedAndCountsAddUp()
{
    ManualClock clock;
    Log log;
    PacketLog packets(clock, log.sink(), PacketLog::verbose(N));
    for (int i = 0; i < 10'000; ++i) {
        packets.add(i % 10 == 0 ? received(Decision::Outcome::Ignored,
                                           QStringLiteral("a BOOTREPLY from another server, not "
                                                          "a request"))
                                : malformed(i % 240));
        if (i % 4 == 3)
            clock.advanceMs(1);
    }
    clock.advanceMs(1000);
    packets.tick();
    // Three windows (0–1 s, 1–2 s, 2–2.5 s): N lines and one summary each.
    QCOMPARE(log.packetLines(), 3 * N);
    QCOMPARE(log.summaries().size(), 3);
    QCOMPARE(quint64(log.packetLines()) + log.summarized(), 10'000u);
    QCOMPARE(log.summarized(QStringLiteral("malformed"))
                 + log.summarized(QStringLiteral("ignored")),
             log.summarized());
    // Each window wrote the ignored packets 0 and 10 of its first 20 as lines.
    QCOMPARE(log.summarized(QStringLiteral("ignored")), 1000u - 3 * 2u);
    QCOMPARE(packets.totals().shown + packets.totals().summarized, 10'000u);
    QVERIFY2(log.summaries().front().contains(
                 QStringLiteral("… 3980 more ignored packets in the last 1.0 s not shown: 3582 "
                                "malformed (most common: “the message is 21 octets long; a DHCP "
                                "message needs at least 240” ×3582 (numbers vary)), 398 ignored "
                                "(most common: “a BOOTREPLY from another server, not a request” "
                                "×398)")),
             qPrintable(log.summaries().front()));
    QCOMPARE(packets.pending(), 0u);
}

void TestPacketLog::answeredPacketsAreAlwaysWritten()
{
    ManualClock clock;
    Log log;
    PacketLog packets(clock, log.sink(), PacketLog::verbose(N));
    int answers = 0;
    for (int i = 0; i < 5'000; ++i) {
        packets.add(malformed(100));
        if (i % 7 == 0) {
            packets.add(answered(i));
            PacketEvent offer = answered(i);
            offer.direction = PacketEvent::Direction::Sent;
            offer.messageType = 2;
            packets.add(offer);
            answers += 2;
        }
        clock.advanceMs(1);
    }
    packets.flush();
    QCOMPARE(log.lines.filter(QStringLiteral("offered 198.18.0.")).size(), answers);
    QCOMPARE(log.lines.filter(QStringLiteral("br0 > OFFER")).size(), answers / 2);
    QCOMPARE(log.lines.filter(QStringLiteral("octets long")).size() - log.summaries().size(),
             5 * N);
    QCOMPARE(log.summarized(QStringLiteral("malformed")), 5'000u - 5 * N);
}

void TestPacketLog::summaryComesAfterQuietWithoutFurtherPackets()
{
    ManualClock clock;
    Log log;
    PacketLog packets(clock, log.sink(), PacketLog::verbose(N));
    for (int i = 0; i < N + 5; ++i)
        packets.add(malformed(7));
    QCOMPARE(log.lines.size(), N);
    clock.advanceMs(999);
    packets.tick();
    QCOMPARE(log.lines.size(), N); // the window is not over yet
    clock.advanceMs(1);
    packets.tick();
    QCOMPARE(log.lines.size(), N + 1);
    QVERIFY2(log.lines.last().startsWith(
                 QStringLiteral("… 5 more ignored packets in the last 1.0 s not shown: 5 "
                                "malformed (most common: “the message is 7 octets long")),
             qPrintable(log.lines.last()));
    clock.advanceS(10);
    packets.tick();
    QCOMPARE(log.lines.size(), N + 1); // said once
    // A window with nothing left out needs no summary.
    packets.add(malformed(7));
    clock.advanceS(2);
    packets.tick();
    packets.add(malformed(7));
    QCOMPARE(log.lines.size(), N + 3);
    QCOMPARE(log.summaries().size(), 1);
}

// The real timer, with the real clock: nobody calls tick().
void TestPacketLog::summaryComesFromTheTimer()
{
    SystemClock clock;
    Log log;
    PacketLog::Limits limits = PacketLog::verbose(N);
    limits.windowMs = 100;
    PacketLog packets(clock, log.sink(), limits);
    for (int i = 0; i < N + 3; ++i)
        packets.add(malformed(9));
    QCOMPARE(log.summaries().size(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(log.summaries().size(), 1, 2000);
    QVERIFY2(log.summaries().front().startsWith(QStringLiteral("… 3 more ignored packets")),
             qPrintable(log.summaries().front()));
}

void TestPacketLog::reasonsDifferingInNumbersAreOneGroup()
{
    QCOMPARE(PacketLog::reasonKey(QStringLiteral("option 53 length 255 runs past offset 240")),
             QStringLiteral("option # length # runs past offset #"));
    ManualClock clock;
    Log log;
    PacketLog packets(clock, log.sink(), PacketLog::verbose(0));
    for (int i = 0; i < 300; ++i)
        packets.add(malformed(i));
    packets.add(received(Decision::Outcome::Malformed, QStringLiteral("op is 7 at offset 0")));
    QCOMPARE(packets.reasonGroups(), 2);
    packets.flush();
    QCOMPARE(log.lines.size(), 1);
    QVERIFY2(log.lines.front().contains(QStringLiteral("×300 (numbers vary); 1 other reason)")),
             qPrintable(log.lines.front()));
}

// Reasons that differ in more than numbers (a hostile or buggy sender can make many) are
// kept up to maxReasons groups per outcome; the rest are still counted.
void TestPacketLog::distinctReasonCapHolds()
{
    ManualClock clock;
    Log log;
    PacketLog::Limits limits = PacketLog::verbose(N);
    limits.maxReasons = 16;
    PacketLog packets(clock, log.sink(), limits);
    QString letters = QStringLiteral("aaaa");
    for (int i = 0; i < 20'000; ++i) {
        for (QChar &c : letters) { // the next of 26^4 texts without digits
            c = QChar(c.unicode() == 'z' ? 'a' : c.unicode() + 1);
            if (c != QLatin1Char('a'))
                break;
        }
        const auto outcome = i % 2 ? Decision::Outcome::Ignored : Decision::Outcome::Malformed;
        packets.add(received(outcome, QStringLiteral("odd option ") + letters));
        QVERIFY(packets.reasonGroups() <= 2 * 16);
    }
    QCOMPARE(packets.reasonGroups(), 2 * 16);
    packets.flush();
    QCOMPARE(log.summaries().size(), 1);
    QVERIFY2(log.summaries().front().contains(QStringLiteral("; more than 15 other reasons)")),
             qPrintable(log.summaries().front()));
    QCOMPARE(quint64(log.packetLines()) + log.summarized(), 20'000u);
    QCOMPARE(packets.reasonGroups(), 0); // a new window starts empty
}

// Without --verbose: nothing for answered packets; a storm shows its first packet and one
// summary a minute.
void TestPacketLog::quietModeSpeaksOfStormsOnly()
{
    ManualClock clock;
    Log log;
    PacketLog packets(clock, log.sink(), PacketLog::quiet());
    // A lab's routine: a few ignored packets a minute, for ten minutes. Nothing to say.
    for (int i = 0; i < 100; ++i) {
        packets.add(malformed(i));
        packets.add(answered(i));
        clock.advanceS(6);
        packets.tick();
    }
    clock.advanceS(11);
    packets.tick();
    QCOMPARE(log.lines.size(), 0);
    // A storm: 100 a second for two minutes, one summary per 10 s window.
    for (int i = 0; i < 12'000; ++i) {
        packets.add(malformed(i % 200));
        packets.add(answered(i));
        clock.advanceMs(10);
        packets.tick();
    }
    clock.advanceS(11);
    packets.tick();
    QCOMPARE(log.lines.filter(QStringLiteral("offered")).size(), 0);
    QCOMPARE(log.packetLines(), 0);
    QCOMPARE(log.summaries().size(), 12);
    QVERIFY2(log.summaries().front().contains(
                 QStringLiteral("in the last 10.0 s not shown: 1000 malformed")),
             qPrintable(log.summaries().front()));
    QVERIFY(log.summaries().front().endsWith(QStringLiteral("(--verbose shows every decision)")));
}

void TestPacketLog::flushWritesWhatIsPending()
{
    ManualClock clock;
    Log log;
    PacketLog packets(clock, log.sink(), PacketLog::verbose(1));
    packets.add(malformed(1));
    packets.add(malformed(2));
    clock.advanceMs(300);
    packets.add(received(Decision::Outcome::Ignored, QStringLiteral("message type 9")));
    packets.flush();
    QCOMPARE(log.lines.size(), 2);
    QVERIFY2(log.lines.last().startsWith(
                 QStringLiteral("… 2 more ignored packets in the last 0.3 s not shown: 1 "
                                "malformed (most common: “the message is 2 octets long")),
             qPrintable(log.lines.last()));
    QVERIFY2(
        log.lines.last().endsWith(QStringLiteral("1 ignored (most common: “message type 9” ×1)")),
        qPrintable(log.lines.last()));
    packets.flush();
    QCOMPARE(log.lines.size(), 2);
}

QTEST_GUILESS_MAIN(TestPacketLog)
#include "tst_packetlog.moc"
