#include "widgets/consoleconnection.h"

#include "engine/enginecontroller.h"
#include "widgets/desktopnotifier.h"
#include "widgets/mainwindow.h"

#include <QStatusBar>

namespace leasedesk {

void connectConsole(MainWindow &window, EngineController &engine)
{
    // What the engine tells the window.
    QObject::connect(&engine, &EngineController::started, &window, &MainWindow::showEngineStatus);
    QObject::connect(&engine, &EngineController::problem, &window, &MainWindow::showProblem);
    QObject::connect(&engine, &EngineController::configurationLoaded, &window,
                     &MainWindow::showConfiguration);
    QObject::connect(&engine, &EngineController::configurationSaved, &window,
                     &MainWindow::showConfigurationSaved);
    QObject::connect(&engine, &EngineController::leasesLoaded, &window, &MainWindow::showLeases);
    QObject::connect(&engine, &EngineController::leasesChanged, &window,
                     &MainWindow::applyLeaseChanges);
    QObject::connect(&engine, &EngineController::leasesRemoved, &window, &MainWindow::removeLeases);
    QObject::connect(&engine, &EngineController::historyListed, &window, &MainWindow::showHistory);
    QObject::connect(&engine, &EngineController::servingChanged, &window,
                     &MainWindow::showServingState);
    // The tap wakes the GUI once per batch; the whole batch is taken at once.
    QObject::connect(&engine.packetTap(), &PacketTap::eventsAvailable, &window,
                     [&window, &tap = engine.packetTap()] {
                         quint64 dropped = 0;
                         const QList<PacketEvent> batch = tap.take(&dropped);
                         window.takePackets(batch, dropped);
                     });
    QObject::connect(&engine, &EngineController::networkEvent, &window,
                     &MainWindow::showNetworkEvent);
    QObject::connect(&engine, &EngineController::networkStateListed, &window,
                     &MainWindow::showNetworkState);
    // Issue 8: statistics, the event history once the engine runs, and alerts on the desktop.
    QObject::connect(&engine, &EngineController::statisticsSampled, &window,
                     &MainWindow::showStatisticsSample);
    QObject::connect(&engine, &EngineController::statisticsListed, &window,
                     &MainWindow::showStatistics);
    QObject::connect(&engine, &EngineController::eventsListed, &window,
                     &MainWindow::showEventHistory);
    QObject::connect(&engine, &EngineController::started, &engine,
                     [&engine] { engine.requestEvents(MainWindow::MaxEvents); });
    auto *notifier = new DesktopNotifier(&window);
    QObject::connect(&engine, &EngineController::networkEvent, notifier, &DesktopNotifier::notify);
    QObject::connect(
        notifier, &DesktopNotifier::unavailable, &window,
        [&window](const QString &why) { window.statusBar()->showMessage(why, 15000); });

    // What the admin asks of the engine.
    QObject::connect(&window, &MainWindow::applyRequested, &engine,
                     &EngineController::applyConfiguration);
    QObject::connect(&window, &MainWindow::releaseRequested, &engine,
                     &EngineController::releaseLease);
    QObject::connect(&window, &MainWindow::deleteRequested, &engine,
                     &EngineController::deleteLease);
    QObject::connect(&window, &MainWindow::historyWanted, &engine,
                     &EngineController::requestHistory);
    QObject::connect(&window, &MainWindow::servingRequested, &engine,
                     &EngineController::setServing);
    QObject::connect(&window, &MainWindow::interfacesChosen, &engine,
                     &EngineController::setServedInterfaces);
    QObject::connect(&window, &MainWindow::reclaimRequested, &engine, &EngineController::reclaim);
    QObject::connect(&window, &MainWindow::rogueCheckRequested, &engine,
                     &EngineController::detectRogueServers);
    QObject::connect(&window, &MainWindow::networkStateWanted, &engine,
                     &EngineController::requestNetworkState);
    QObject::connect(&window, &MainWindow::testRequested, &engine,
                     &EngineController::sendTestRequest);
    QObject::connect(&window, &MainWindow::statisticsWanted, &engine,
                     &EngineController::requestStatistics);
}

} // namespace leasedesk
