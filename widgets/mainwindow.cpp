#include "widgets/mainwindow.h"

#include "core/version.h"
#include "widgets/packetdecoderview.h"

#include <QIcon>
#include <QLabel>
#include <QStatusBar>
#include <QTabWidget>

namespace leasedesk {

MainWindow::MainWindow(const QString &databaseFile, QWidget *parent) : QMainWindow(parent)
{
    setWindowTitle(tr("LeaseDesk %1").arg(applicationVersion()));
    setWindowIcon(QIcon(QStringLiteral(":/leasedesk/icons/leasedesk.svg")));
    auto *tabs = new QTabWidget(this);
    m_decoder = new PacketDecoderView(tabs);
    tabs->addTab(m_decoder, tr("Packet decoder"));
    setCentralWidget(tabs);

    auto *database = new QLabel(tr("Database: %1").arg(databaseFile), this);
    database->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusBar()->addPermanentWidget(database);
    resize(960, 640);
}

} // namespace leasedesk
