#include "net/datagramreader.h"

#include <QPointer>
#include <QSocketNotifier>

#include <cerrno>
#include <fcntl.h>

namespace leasedesk {

DatagramReader::DatagramReader(QObject *owner, int fd, int maxPerWakeup, ReadOne readOne)
    : m_maxPerWakeup(maxPerWakeup), m_readOne(std::move(readOne))
{
    makeNonBlocking(fd);
    if (fd < 0)
        return;
    m_notifier = std::make_unique<QSocketNotifier>(fd, QSocketNotifier::Read, owner);
    QObject::connect(m_notifier.get(), &QSocketNotifier::activated, m_notifier.get(),
                     [this] { readPending(); });
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
            return;
    }
}

} // namespace leasedesk
