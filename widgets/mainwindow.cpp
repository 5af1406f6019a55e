#include "widgets/mainwindow.h"

#include "core/version.h"
#include "widgets/packetdecoderview.h"

#include <QIcon>
#include <QLabel>
#include <QStatusBar>
#include <QTabWidget>

namespace leasedesk {

MainWindow::MainWindow(const DatabaseSummary &database, QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("LeaseDesk %1").arg(applicationVersion()));
    setWindowIcon(QIcon(QStringLiteral(":/leasedesk/icons/leasedesk.svg")));
    auto *tabs = new QTabWidget(this);
    m_decoder = new PacketDecoderView(tabs);
    tabs->addTab(m_decoder, tr("Packet decoder"));
    setCentralWidget(tabs);

    const QString revision = database.configurationRevision > 0
        ? tr("configuration revision %1").arg(database.configurationRevision)
        : tr("no configuration yet");
    const QString scopes = database.scopes == 1 ? tr("1 scope") : tr("%1 scopes").arg(database.scopes);
    const QString leases = database.leases == 1 ? tr("1 lease") : tr("%1 leases").arg(database.leases);
    auto *summary = new QLabel(tr("Database: %1 · %2 · %3 · %4").arg(database.file, revision, scopes, leases), this);
    summary->setObjectName(QStringLiteral("databaseSummary"));
    summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(summary);
    resize(960, 640);
}

} // namespace leasedesk
