#include "core/datapaths.h"
#include "core/version.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>

using namespace leasedesk;

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    setApplicationIdentity();

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
