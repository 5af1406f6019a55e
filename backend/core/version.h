#pragma once

#include <QString>

namespace leasedesk {

// The version both binaries print, from CMake's project(VERSION).
QString applicationVersion();

} // namespace leasedesk
