#pragma once

#include "engine/enginecontroller.h"
#include "net/uniquefd.h"

#include <QObject>

#include <memory>

namespace leasedesk {

class DhcpSocket;
class Engine;
class SqliteLeaseStore;
class SystemClock;

// The engine thread's side of EngineController: owns the store (Qt SQL connections belong
// to the thread that opened them), the socket and the engine.
class EngineHost : public QObject
{
    Q_OBJECT
public:
    EngineHost(QString databaseFile, UniqueFd udp, UniqueFd packet, QStringList problems);
    ~EngineHost() override;

public slots:
    void start();
    void applyConfiguration(const leasedesk::Configuration &config);

signals:
    void started(const leasedesk::EngineStatus &status);
    void failed(const QString &error);
    void packetEvents(const QList<leasedesk::PacketEvent> &events);
    void leasesChanged(const QList<leasedesk::Lease> &leases);
    void configurationSaved(qint64 revision, const QStringList &issues);
    void problem(const QString &message);

private:
    QString m_file;
    UniqueFd m_udp;
    UniqueFd m_packet;
    QStringList m_problems;
    std::unique_ptr<SqliteLeaseStore> m_store;
    std::unique_ptr<SystemClock> m_clock;
    std::unique_ptr<DhcpSocket> m_socket;
    std::unique_ptr<Engine> m_engine;
};

} // namespace leasedesk
