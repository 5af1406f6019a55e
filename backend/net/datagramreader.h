#pragma once

#include <QtGlobal>

#include <functional>
#include <memory>

class QObject;
class QSocketNotifier;

namespace leasedesk {

// The receive side that DhcpSocket, DhcpClientPort and NetworkProber share: a read notifier
// on one non-blocking descriptor and a bounded drain. Each wake-up calls readOne() at most
// `maxPerWakeup` times, so a flood on one socket cannot starve the rest of the event loop;
// the notifier is level-triggered, so what is left wakes the loop again after the other
// events have had their turn. The owner may be deleted from inside readOne() (a receiver of
// its signals may do that): the drain then stops without touching it again.
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
    DatagramReader(QObject *owner, int fd, int maxPerWakeup, ReadOne readOne);
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
};

} // namespace leasedesk
