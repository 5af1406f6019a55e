#pragma once

#include "core/clock.h"
#include "core/networkwatch.h"
#include "net/transport.h"

#include <QByteArray>
#include <QHash>
#include <QObject>

#include <functional>
#include <map>

namespace leasedesk {

// The wire of the simulated lab (issue 6): one virtual segment "sim0" in memory, on lab time.
// It is the engine's Transport (replies go to the lab's clients on the next event-loop turn,
// never from inside send()), its ConflictProbe (the squatter answers probes of its address,
// everything else stays silent until the probe times out) and its ClientPort (the optional
// rogue server answers the engine's own DISCOVERs). Nothing here touches a socket.
//
// Lab time is a ManualClock that only advanceTo() moves; everything that happens "later"
// (probe answers, the rogue's OFFER, the clients' timers) is an entry of one agenda ordered
// by time and then by the order it was added, so a run is the same every time.
class SimulatedNetwork : public ConflictProbe, public Transport, public ClientPort
{
    Q_OBJECT
public:
    static constexpr int InterfaceIndex = 90;
    static QString interfaceName() { return QStringLiteral("sim0"); }
    // The server's address on sim0 (its server identifier).
    static Ipv4Address serverAddress() { return Ipv4Address(198, 18, 0, 1); }
    static constexpr int PrefixLength = 24;

    struct Machine // a squatter or a rogue server: an address and a MAC
    {
        bool enabled = false;
        Ipv4Address address;
        QByteArray mac;
    };

    explicit SimulatedNetwork(ManualClock &clock, QObject *parent = nullptr);

    void setSquatter(const Machine &m) { m_squatter = m; }
    void setRogueServer(const Machine &m) { m_rogue = m; }
    const Machine &squatter() const { return m_squatter; }
    const Machine &rogueServer() const { return m_rogue; }
    // Who else answers ARP for an address (a lab client holding it); empty when nobody.
    void setArpResponder(std::function<QByteArray(Ipv4Address)> who)
    {
        m_arpResponder = std::move(who);
    }

    // The agenda. at() returns an id for cancelTimer(); advanceTo() runs what falls due up
    // to `timeMs` in order, moving the clock to each entry's time first.
    quint64 at(qint64 timeMs, std::function<void()> fn);
    void cancelTimer(quint64 id);
    void advanceTo(qint64 timeMs);
    qint64 nowMs() const { return m_clock.nowMs(); }
    int pendingTimers() const { return int(m_agenda.size()); }

    // How a client's datagram reaches the server: the ReceiveInfo of sim0.
    static ReceiveInfo receiveInfo(Ipv4Address source, bool unicast);
    // The squatter's gratuitous ARP (RFC 5227 §2.4 announcement): sender and target = its
    // address.
    ArpObservation gratuitousArp() const;

    // Transport
    bool send(std::span<const std::uint8_t> dhcpPayload, const Destination &d,
              QString *error) override;
    // ConflictProbe
    void start(const ProbeTarget &target) override;
    void cancel(quint64 id) override;
    QString unavailable(ProbeMethod method) const override;
    // ClientPort
    bool sendDiscover(const QString &interfaceName, std::span<const std::uint8_t> payload,
                      QString *error) override;

    quint64 probesAnswered() const { return m_probesAnswered; }
    quint64 rogueOffersSent() const { return m_rogueOffers; }

signals:
    // A reply of the engine, one event-loop turn after it was sent.
    void replyDelivered(const QByteArray &payload, const leasedesk::Destination &destination);
    // The rogue server's answer as the engine's packet socket would see it.
    void serverReplySeen(const leasedesk::ServerReplySeen &seen);

private:
    ServerReplySeen rogueOffer(const QByteArray &discoverPayload) const;

    ManualClock &m_clock;
    std::map<std::pair<qint64, quint64>, std::function<void()>> m_agenda; // (time, seq) →
    QHash<quint64, qint64> m_timeOf; // id (= seq) → time, to cancel
    quint64 m_nextId = 1;
    QHash<quint64, quint64> m_probeTimers; // probe id → agenda id
    Machine m_squatter;
    Machine m_rogue;
    std::function<QByteArray(Ipv4Address)> m_arpResponder;
    quint64 m_probesAnswered = 0;
    quint64 m_rogueOffers = 0;
};

} // namespace leasedesk
