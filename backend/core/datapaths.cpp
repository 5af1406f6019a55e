#include "core/datapaths.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace leasedesk {

QString DataPaths::defaultDatabaseFile()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
        + QStringLiteral("/leasedesk.sqlite");
}

QString DataPaths::ensureFolderFor(const QString &file)
{
    const QString folder = QFileInfo(file).absolutePath();
    if (QDir().mkpath(folder))
        return {};
    return QStringLiteral("cannot create the folder %1 for the database").arg(folder);
}

} // namespace leasedesk
