#include "core/version.h"

namespace leasedesk {

QString applicationVersion()
{
    return QStringLiteral(LEASEDESK_VERSION);
}

} // namespace leasedesk
