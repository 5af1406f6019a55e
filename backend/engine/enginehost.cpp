#include "engine/enginehost.h"

#include "core/configurationstore.h"
#include "core/sqliteleasestore.h"
#include "engine/engine.h"
#include "net/dhcpsocket.h"

#include <QTimer>

namespace leasedesk {

EngineHost::EngineHost(QString databaseFile, UniqueFd udp, UniqueFd packet, QStringList problems)
    : m_file(std::move(databaseFile)), m_udp(std::move(udp)), m_packet(std::move(packet)),
      m_problems(std::move(problems))
{ }

EngineHost::~EngineHost()
{
    if (m_engine)
        m_engine->flush();
}

void EngineHost::start()
{
    QString error;
    m_store = SqliteLeaseStore::open(m_file, &error);
    if (!m_store) {
        emit failed(error);
        return;
    }
    m_clock = std::make_unique<SystemClock>();
    const bool serving = m_udp.isValid();
    m_socket = std::make_unique<DhcpSocket>(std::move(m_udp), std::move(m_packet));
    m_engine = std::make_unique<Engine>(*m_store, *m_socket, *m_clock);
    if (const QString e = m_engine->start(); !e.isEmpty()) {
        emit failed(e);
        return;
    }
    connect(m_socket.get(), &DhcpSocket::datagramReceived, m_engine.get(), &Engine::handleDatagram);
    connect(m_engine.get(), &Engine::packetEvents, this, &EngineHost::packetEvents);
    connect(m_engine.get(), &Engine::leasesChanged, this, &EngineHost::leasesChanged);
    connect(m_engine.get(), &Engine::problem, this, &EngineHost::problem);
    auto *sweeper = new QTimer(this);
    connect(sweeper, &QTimer::timeout, m_engine.get(), &Engine::sweep);
    sweeper->start(1000);

    EngineStatus status;
    status.databaseFile = m_store->fileName();
    status.configurationRevision = m_engine->server().configuration().revision;
    status.scopes = m_engine->server().configuration().scopes.size();
    status.leases = m_engine->server().allocations().leaseCount();
    status.serving = serving;
    status.problems = m_problems;
    emit started(status);
}

void EngineHost::applyConfiguration(const Configuration &config)
{
    if (!m_store || !m_engine)
        return;
    const ConfigurationStore::SaveResult saved = ConfigurationStore::save(*m_store, config);
    QStringList issues;
    for (const ValidationIssue &i : saved.issues)
        issues.append(i.toString());
    if (!saved.storeError.isEmpty())
        issues.append(saved.storeError);
    if (saved.saved()) {
        Configuration applied = config;
        applied.revision = saved.revision;
        m_engine->applyConfiguration(applied);
    }
    emit configurationSaved(saved.revision, issues);
}

} // namespace leasedesk
