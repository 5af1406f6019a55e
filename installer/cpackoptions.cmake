# Read by cpack (CPACK_PROJECT_CONFIG_FILE) before it builds the package.
# The unit, the defaults file and the maintainer scripts name /usr/bin/leasedesk-server and
# /etc: a package for another prefix would install a service that cannot start.
if(CPACK_GENERATOR STREQUAL "DEB" AND NOT CPACK_PACKAGING_INSTALL_PREFIX STREQUAL "/usr")
    message(FATAL_ERROR "The Debian package needs CMAKE_INSTALL_PREFIX=/usr, not "
                        "'${CPACK_PACKAGING_INSTALL_PREFIX}': build it with scripts/package.sh")
endif()
