#include "core/version.h"

#include <QCoreApplication>

namespace leasedesk {

QString applicationVersion()
{
    return QStringLiteral(LEASEDESK_VERSION);
}

void setApplicationIdentity()
{
    QCoreApplication::setOrganizationName(QString());
    QCoreApplication::setApplicationName(QStringLiteral("leasedesk"));
    QCoreApplication::setApplicationVersion(applicationVersion());
}

} // namespace leasedesk
