#pragma once

#include "core/configuration.h"
#include "engine/packetevent.h"
#include "net/uniquefd.h"

#include <QObject>
#include <QStringList>
#include <QThread>

#include <memory>

namespace leasedesk {

class EngineHost;

// What the window shows of the engine: plain values, sent from the engine thread.
struct EngineStatus
{
    QString databaseFile;
    qint64 configurationRevision = 0;
    qsizetype scopes = 0;
    qsizetype leases = 0;
    bool serving = false;
    QStringList problems; // missing privileges, a busy port 67, …: what to do about each
};

// The GUI's one door to the engine (design.md): the engine, its socket and its store live in
// a thread of their own, and everything crosses by queued calls and signals carrying plain
// values. Without the privileged sockets the engine still runs (configuration, leases) but
// does not serve, and says why.
class EngineController : public QObject
{
    Q_OBJECT
public:
    // The sockets come from PrivilegedSockets, opened in main() before any thread; invalid
    // ones mean "do not serve", and problems says why.
    EngineController(const QString &databaseFile, UniqueFd udpSocket, UniqueFd packetSocket,
                     const QStringList &problems, QObject *parent = nullptr);
    ~EngineController() override;

    // Opens the store in the engine thread and starts serving; answers with started() or
    // failed().
    void start();

public slots:
    void applyConfiguration(const leasedesk::Configuration &config);

signals:
    void started(const leasedesk::EngineStatus &status);
    void failed(const QString &error); // the database cannot be used; nothing runs
    void packetEvents(const QList<leasedesk::PacketEvent> &events);
    void leasesChanged(const QList<leasedesk::Lease> &leases);
    void configurationSaved(qint64 revision, const QStringList &issues);
    void problem(const QString &message);

private:
    QThread m_thread;
    EngineHost *m_host = nullptr; // lives in m_thread; deleted there when it finishes
};

} // namespace leasedesk

Q_DECLARE_METATYPE(leasedesk::EngineStatus)
