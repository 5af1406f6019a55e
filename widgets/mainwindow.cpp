#include "widgets/mainwindow.h"

#include "core/version.h"
#include "widgets/packetdecoderview.h"

#include <QIcon>
#include <QLabel>
#include <QStatusBar>
#include <QTabWidget>

namespace leasedesk {

MainWindow::MainWindow(QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("LeaseDesk %1").arg(applicationVersion()));
    setWindowIcon(QIcon(QStringLiteral(":/leasedesk/icons/leasedesk.svg")));
    auto *tabs = new QTabWidget(this);
    m_decoder = new PacketDecoderView(tabs);
    tabs->addTab(m_decoder, tr("Packet decoder"));
    setCentralWidget(tabs);

    m_serving = new QLabel(tr("Starting…"), this);
    m_serving->setObjectName(QStringLiteral("servingStatus"));
    m_serving->setWordWrap(true);
    m_database = new QLabel(this);
    m_database->setObjectName(QStringLiteral("databaseSummary"));
    m_database->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addWidget(m_serving, 1);
    statusBar()->addPermanentWidget(m_database);
    resize(960, 640);
}

void MainWindow::showEngineStatus(const EngineStatus &status)
{
    const QString revision = status.configurationRevision > 0
        ? tr("configuration revision %1").arg(status.configurationRevision)
        : tr("no configuration yet");
    const QString scopes = status.scopes == 1 ? tr("1 scope") : tr("%1 scopes").arg(status.scopes);
    const QString leases = status.leases == 1 ? tr("1 lease") : tr("%1 leases").arg(status.leases);
    m_database->setText(
        tr("Database: %1 · %2 · %3 · %4").arg(status.databaseFile, revision, scopes, leases));
    if (status.serving) {
        m_serving->setText(tr("Serving DHCP on every interface that has a scope"));
        m_serving->setToolTip({});
    } else {
        m_serving->setText(
            tr("Not serving: %1").arg(status.problems.value(0, tr("no socket for port 67"))));
        m_serving->setToolTip(status.problems.join(QLatin1Char('\n')));
    }
}

void MainWindow::showProblem(const QString &message)
{
    statusBar()->showMessage(message, 15000);
}

} // namespace leasedesk
