// DatagramReader's pause under load, on a local datagram socket pair (no network): a lone
// datagram is read at once; one that comes while the reader is busy waits for the pause, so
// a busy socket is read in batches.
#include "net/datagramreader.h"
#include "net/uniquefd.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTest>

#include <sys/socket.h>
#include <unistd.h>

using namespace leasedesk;

namespace {
constexpr int PauseMs = 100; // long, so that a slow machine cannot blur it
} // namespace

class TestDatagramReader : public QObject
{
    Q_OBJECT

private slots:
    void busyWakeupsPauseTheReader()
    {
        int fds[2];
        QCOMPARE(::socketpair(AF_UNIX, SOCK_DGRAM, 0, fds), 0);
        const UniqueFd reading(fds[0]), writing(fds[1]);
        QObject owner;
        int read = 0, batches = 0;
        QElapsedTimer clock;
        clock.start();
        QList<qint64> readAtMs; // when each datagram was read
        DatagramReader reader(
            &owner, reading.get(), 16,
            [&] {
                char buffer[64];
                if (::recv(reading.get(), buffer, sizeof buffer, MSG_DONTWAIT) < 0)
                    return false;
                ++read;
                readAtMs.append(clock.elapsed());
                return true;
            },
            [&] { ++batches; }, PauseMs);
        const auto send = [&] {
            QCOMPARE(::send(writing.get(), "x", 1, 0), ssize_t(1));
        };

        send(); // the first wake-up: nothing before it, so no pause
        QTRY_COMPARE(read, 1);
        send(); // comes right after the first: this wake-up pauses the reader
        QTRY_COMPARE(read, 2);
        if (readAtMs[1] - readAtMs[0] >= PauseMs)
            QSKIP("this machine was too slow to see a busy socket: nothing to check");
        send();
        send();
        QTRY_COMPARE_WITH_TIMEOUT(read, 4, 5 * PauseMs);
        // Both waited for the pause (a timer never fires early; 1 ms for rounding), and came in
        // one wake-up.
        QVERIFY2(readAtMs[2] - readAtMs[1] >= PauseMs - 1,
                 qPrintable(QStringLiteral("read %1 ms after the busy wake-up")
                                .arg(readAtMs[2] - readAtMs[1])));
        QCOMPARE(batches, 3);
        // Quiet for longer than the pause: the next datagram is read without waiting for one.
        QTest::qWait(3 * PauseMs);
        const qint64 sentAt = clock.elapsed();
        send();
        QTRY_COMPARE(read, 5);
        QCOMPARE(batches, 4);
        // Read without waiting for a pause: well under one (generous for a loaded machine).
        QVERIFY2(
            readAtMs[4] - sentAt < PauseMs / 2,
            qPrintable(QStringLiteral("a lone datagram waited %1 ms").arg(readAtMs[4] - sentAt)));
    }
};

QTEST_GUILESS_MAIN(TestDatagramReader)
#include "tst_datagramreader.moc"
