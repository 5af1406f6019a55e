#include "net/datagramreader.h"

#include <QPointer>
#include <QSocketNotifier>
#include <QTimer>

#include <cerrno>
#include <fcntl.h>

namespace leasedesk {

DatagramReader::DatagramReader(QObject *owner, int fd, int maxPerWakeup, ReadOne readOne,
                               std::function<void()> afterReads, int busyPauseMs)
    : m_maxPerWakeup(maxPerWakeup), m_readOne(std::move(readOne)),
      m_afterReads(std::move(afterReads))
{
    makeNonBlocking(fd);
    if (fd < 0)
        return;
    m_notifier = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read, owner);
    QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(),
                     [this] { readPending(); });
    if (busyPauseMs > 0) {
        m_resume = std::make_unique<QTimer>(owner);
        m_resume->setSingleShot(true);
        m_resume->setTimerType(Qt::PreciseTimer);
        m_resume->setInterval(busyPauseMs);
        QObject::connect(m_resume.get(), &QTimer::timeout, m_notifier.get(),
                         [this] { m_notifier->setEnabled(true); });
    }
}

DatagramReader::~DatagramReader() = default;

void DatagramReader::makeNonBlocking(int fd)
{
    if (fd < 0)
        return;
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0)
        ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
}

bool DatagramReader::keepReading(int error, quint64 *receiveErrors)
{
    if (error == EINTR)
        return true;
    if (error != EAGAIN && error != EWOULDBLOCK)
        ++*receiveErrors;
    return false;
}

void DatagramReader::readPending()
{
    // Deleting the owner deletes this reader and its notifier: `alive` tells, and nothing of
    // this object is read after that (hence the budget in a local).
    const int budget = m_maxPerWakeup;
    const QPointer<QSocketNotifier> alive(m_notifier.get());
    for (int i = 0; i < budget && alive; ++i) {
        if (!m_readOne())
            break;
    }
    if (!alive)
        return;
    if (m_afterReads)
        m_afterReads();
    if (alive && m_resume) {
        const bool busy = m_sinceWake.isValid() && m_sinceWake.elapsed() < m_resume->interval();
        m_sinceWake.start();
        if (busy) { // level-triggered: what waits wakes the loop once the notifier is on again
            m_notifier->setEnabled(false);
            m_resume->start();
        }
    }
}

} // namespace leasedesk
