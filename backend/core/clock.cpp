#include "core/clock.h"

#include <QDateTime>

namespace leasedesk {

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace leasedesk
