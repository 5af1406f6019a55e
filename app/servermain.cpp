#include "core/datapaths.h"
#include "core/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace leasedesk;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("LeaseDesk"));
    QCoreApplication::setApplicationName(QStringLiteral("LeaseDesk"));
    QCoreApplication::setApplicationVersion(applicationVersion());

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("LeaseDesk's DHCPv4 engine without a window.\n"
                                                    "The engine is not part of this build yet."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.process(app);

    std::fprintf(stderr,
                 "leasedesk-server %s: the DHCP engine is not part of this build yet; "
                 "nothing to serve.\n",
                 qPrintable(applicationVersion()));
    return 2;
}
