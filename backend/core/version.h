#pragma once

#include <QString>

namespace leasedesk {

// The version both binaries print, from CMake's project(VERSION).
QString applicationVersion();
// Names the application for QStandardPaths and QSettings, the same in both binaries so they
// share one default database (~/.local/share/leasedesk/ on Linux).
void setApplicationIdentity();

} // namespace leasedesk
