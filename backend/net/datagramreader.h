#pragma once

#include <QElapsedTimer>
#include <QtGlobal>

#include <functional>
#include <memory>

class QObject;
class QSocketNotifier;
class QTimer;

namespace leasedesk {

// The receive side that DhcpSocket, DhcpClientPort and NetworkProber share: a read notifier
// on one non-blocking descriptor and a bounded drain. Each wake-up calls readOne() at most
// `maxPerWakeup` times, so a flood on one socket cannot starve the rest of the event loop;
// the notifier is level-triggered, so what is left wakes the loop again after the other
// events have had their turn. The owner may be deleted from inside readOne() (a receiver of
// its signals may do that): the drain then stops without touching it again.
//
// Under load it can pause: with `busyPauseMs`, a wake-up that comes less than that long after
// the one before turns the notifier off for that long, so what arrives meanwhile is read in
// one go. A lone datagram is read at once; a busy socket costs one wake-up per pause instead
// of one per datagram (on the test machine this took the server's CPU per exchange at
// 4,000 DORA/s from about 125 to 85 ms per 1,000, for at most busyPauseMs more latency).
//
// Does not own the descriptor. Declare it after the UniqueFd it reads, so that it (and its
// notifier) goes first: a notifier must let go of a descriptor before it is closed.
class DatagramReader
{
public:
    // Reads one datagram (or frame) and handles it; false when there is nothing more to read
    // now (or the read failed), true to go on.
    using ReadOne = std::function<bool()>;

    // Makes `fd` non-blocking and watches it; an invalid `fd` (< 0) is never read. The
    // notifier is a child of `owner`, so it follows the owner into the engine's thread.
    // `afterReads`, when set, runs at the end of each wake-up's reads (not after the owner
    // was deleted): the owner's consumers can then take the whole batch in one go.
    DatagramReader(QObject *owner, int fd, int maxPerWakeup, ReadOne readOne,
                   std::function<void()> afterReads = {}, int busyPauseMs = 0);
    ~DatagramReader();
    DatagramReader(const DatagramReader &) = delete;
    DatagramReader &operator=(const DatagramReader &) = delete;

    static void makeNonBlocking(int fd);
    // What a readOne() returns after its receive failed with `error`: EINTR is retried (true),
    // EAGAIN means the queue is empty (false), anything else is counted and stops the drain.
    static bool keepReading(int error, quint64 *receiveErrors);

private:
    void readPending();

    std::unique_ptr<QSocketNotifier> m_notifier;
    int m_maxPerWakeup = 0;
    ReadOne m_readOne;
    std::function<void()> m_afterReads;
    std::unique_ptr<QTimer> m_resume; // with busyPauseMs: turns the notifier on again
    QElapsedTimer m_sinceWake;
};

} // namespace leasedesk
