#pragma once

#include "core/clock.h"
#include "core/configuration.h"
#include "core/networkwatch.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <optional>
#include <vector>

namespace leasedesk {

// Looks for other DHCP servers on the served segments (issue 5): on demand, at start and on
// a schedule it sends a DISCOVER of its own from a locally administered MAC on every served
// interface and collects every answer for a while; every other server reply seen on the wire
// counts too. Replies from our own addresses are ours and ignored. Each server found is
// reported as rogue, or as known when the allow-list names its identifier, address or MAC.
class RogueWatch : public QObject
{
    Q_OBJECT
public:
    // A server seen passively is reported again only after this long.
    static constexpr qint64 PassiveReportIntervalMs = 600'000;
    // Server identifiers are the sender's to choose: a tool spraying replies with made-up
    // ones must not grow memory or flood the admin. Past these, new servers are counted only.
    static constexpr int MaxServers = 256;
    static constexpr int MaxReportsPerMinute = 20;

    RogueWatch(ClientPort &port, const Clock &clock, QObject *parent = nullptr);

    void setInterfaces(const QStringList &names);
    const QStringList &interfaces() const { return m_interfaces; }
    // Restarts the schedule with the new interval.
    void setSettings(const RogueDetection &settings);
    // Our own addresses (replies from them are ours); by default the machine's interfaces.
    void setOwnAddresses(std::function<QList<Ipv4Address>()> addresses)
    {
        m_ownAddresses = std::move(addresses);
    }

    // The locally administered MAC our DISCOVERs carry on an interface: the same on every run
    // of this machine, so periodic checks reuse one offer in the other server's pool instead
    // of eating a new address each time.
    static QByteArray probeMac(const QString &interfaceName);
    bool isOwnProbe(const QByteArray &chaddr) const;
    // A DISCOVER as a client sends it (RFC 2131 §4.4.1), with the broadcast flag so that the
    // answer reaches us without an address.
    static std::vector<std::uint8_t> discover(const QByteArray &mac, quint32 xid);
    // What a server reply says about its sender; nullopt when it is no DHCP server reply.
    static std::optional<RogueServer> describeReply(const ServerReplySeen &seen);

    // Every server found, the latest sighting of each.
    QList<RogueServer> servers() const { return m_servers.values(); }
    bool isRunning() const { return m_listen.isActive(); }
    quint64 unreported() const { return m_unreported; } // findings dropped by the limits

public slots:
    void detectNow();
    void handleServerReply(const leasedesk::ServerReplySeen &seen);

signals:
    void serverFound(const leasedesk::NetworkEvent &event, const leasedesk::RogueServer &server);
    // One round of DISCOVERs is over: what answered, per interface probed.
    void roundFinished(const QStringList &interfaces, const QList<leasedesk::RogueServer> &answers);
    void problem(const QString &message);

private:
    void finishRound();
    bool isOwnAddress(Ipv4Address a);
    bool isAllowed(const RogueServer &s) const;
    bool report(const RogueServer &s);

    ClientPort &m_port;
    const Clock &m_clock;
    RogueDetection m_settings;
    QStringList m_interfaces;
    QList<QByteArray> m_probeMacs; // of m_interfaces, computed once
    std::function<QList<Ipv4Address>()> m_ownAddresses;
    QList<Ipv4Address> m_ownCache;
    qint64 m_ownCacheMs = -1;
    QTimer m_schedule;
    QTimer m_listen;
    QHash<quint32, qint64> m_sentAt; // xid → send time of this round
    QStringList m_probed; // interfaces of this round
    QList<RogueServer> m_answers; // of this round
    QHash<QString, RogueServer> m_servers; // interface + server id → latest sighting
    QHash<QString, qint64> m_reported; // interface + server id → last report
    QSet<QString> m_reportedThisRound;
    QList<qint64> m_recentReports; // times of the reports of the last minute
    quint64 m_unreported = 0;
    quint32 m_nextXid = 0;
};

} // namespace leasedesk
