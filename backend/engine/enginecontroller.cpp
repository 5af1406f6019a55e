#include "engine/enginecontroller.h"

#include "engine/enginehost.h"

namespace leasedesk {

EngineController::EngineController(const QString &databaseFile, EngineSockets sockets,
                                   QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<leasedesk::EngineStatus>();
    qRegisterMetaType<leasedesk::Configuration>();
    qRegisterMetaType<QList<leasedesk::PacketEvent>>();
    qRegisterMetaType<QList<leasedesk::Lease>>();
    qRegisterMetaType<leasedesk::NetworkEvent>();
    qRegisterMetaType<QList<leasedesk::RogueServer>>();
    qRegisterMetaType<leasedesk::ServingState>();
    qRegisterMetaType<leasedesk::NetworkInterfaceInfo>();
    qRegisterMetaType<leasedesk::HistoryQuery>();
    qRegisterMetaType<QList<leasedesk::Ipv4Address>>();
    qRegisterMetaType<QList<leasedesk::LeaseHistoryEntry>>();
    qRegisterMetaType<leasedesk::TestRequest>();
    qRegisterMetaType<leasedesk::StatisticsSample>();
    qRegisterMetaType<QList<leasedesk::StatisticsSample>>();
    qRegisterMetaType<QList<leasedesk::NetworkEvent>>();
    m_thread.setObjectName(QStringLiteral("engine"));
    m_host = new EngineHost(databaseFile, std::move(sockets));
    m_host->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_host, &QObject::deleteLater);
    connect(m_host, &EngineHost::started, this, &EngineController::started);
    connect(m_host, &EngineHost::failed, this, &EngineController::failed);
    // Appended in the engine thread as each flush emits them; the tap locks and wakes the
    // GUI once per batch it has not taken yet.
    connect(
        m_host, &EngineHost::packetEvents, this,
        [this](const QList<PacketEvent> &events) { m_tap.append(events); }, Qt::DirectConnection);
    connect(m_host, &EngineHost::leasesChanged, this, &EngineController::leasesChanged);
    connect(m_host, &EngineHost::configurationSaved, this, &EngineController::configurationSaved);
    connect(m_host, &EngineHost::problem, this, &EngineController::problem);
    connect(m_host, &EngineHost::networkEvent, this, &EngineController::networkEvent);
    connect(m_host, &EngineHost::networkStateListed, this, &EngineController::networkStateListed);
    connect(m_host, &EngineHost::configurationLoaded, this, &EngineController::configurationLoaded);
    connect(m_host, &EngineHost::leasesLoaded, this, &EngineController::leasesLoaded);
    connect(m_host, &EngineHost::servingChanged, this, &EngineController::servingChanged);
    connect(m_host, &EngineHost::leasesRemoved, this, &EngineController::leasesRemoved);
    connect(m_host, &EngineHost::historyListed, this, &EngineController::historyListed);
    connect(m_host, &EngineHost::statisticsSampled, this, &EngineController::statisticsSampled);
    connect(m_host, &EngineHost::statisticsListed, this, &EngineController::statisticsListed);
    connect(m_host, &EngineHost::eventsListed, this, &EngineController::eventsListed);
    m_thread.start();
}

EngineController::~EngineController()
{
    m_thread.quit();
    m_thread.wait();
}

void EngineController::start()
{
    QMetaObject::invokeMethod(m_host, &EngineHost::start, Qt::QueuedConnection);
}

void EngineController::applyConfiguration(const Configuration &config)
{
    QMetaObject::invokeMethod(
        m_host, [host = m_host, config] { host->applyConfiguration(config); },
        Qt::QueuedConnection);
}

void EngineController::detectRogueServers()
{
    QMetaObject::invokeMethod(m_host, &EngineHost::detectRogueServers, Qt::QueuedConnection);
}

void EngineController::reclaim(Ipv4Address address)
{
    QMetaObject::invokeMethod(
        m_host, [host = m_host, address] { host->reclaim(address); }, Qt::QueuedConnection);
}

void EngineController::requestNetworkState()
{
    QMetaObject::invokeMethod(m_host, &EngineHost::requestNetworkState, Qt::QueuedConnection);
}

void EngineController::setServing(bool serving)
{
    QMetaObject::invokeMethod(
        m_host, [host = m_host, serving] { host->setServing(serving); }, Qt::QueuedConnection);
}

void EngineController::setServedInterfaces(const QStringList &names)
{
    QMetaObject::invokeMethod(
        m_host, [host = m_host, names] { host->setServedInterfaces(names); }, Qt::QueuedConnection);
}

void EngineController::requestServingState()
{
    QMetaObject::invokeMethod(m_host, &EngineHost::requestServingState, Qt::QueuedConnection);
}

void EngineController::releaseLease(Ipv4Address address)
{
    QMetaObject::invokeMethod(
        m_host, [host = m_host, address] { host->releaseLease(address); }, Qt::QueuedConnection);
}

void EngineController::deleteLease(Ipv4Address address)
{
    QMetaObject::invokeMethod(
        m_host, [host = m_host, address] { host->deleteLease(address); }, Qt::QueuedConnection);
}

void EngineController::requestHistory(const HistoryQuery &query)
{
    QMetaObject::invokeMethod(
        m_host, [host = m_host, query] { host->requestHistory(query); }, Qt::QueuedConnection);
}

void EngineController::sendTestRequest(const TestRequest &request)
{
    QMetaObject::invokeMethod(
        m_host, [host = m_host, request] { host->sendTestRequest(request); }, Qt::QueuedConnection);
}

void EngineController::requestStatistics(qint64 fromS, qint64 toS)
{
    QMetaObject::invokeMethod(
        m_host, [host = m_host, fromS, toS] { host->requestStatistics(fromS, toS); },
        Qt::QueuedConnection);
}

void EngineController::requestEvents(int limit)
{
    QMetaObject::invokeMethod(
        m_host, [host = m_host, limit] { host->requestEvents(limit); }, Qt::QueuedConnection);
}

} // namespace leasedesk
