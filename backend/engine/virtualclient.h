#pragma once

#include "proto/dhcpmessage.h"

#include <QByteArray>
#include <QString>

#include <functional>

namespace leasedesk {

using proto::Ipv4Address;

// One simulated DHCP client of the simulated lab: the client state machine of RFC 2131 §4.4
// (figure 5) driven by lab time. It speaks real DHCP messages; everything it needs from
// the world (time, timers, the wire, chance) comes through Host, so it never blocks and the
// lab decides what "later" means.
class VirtualClient
{
public:
    enum class State : quint8 { Off, Init, Selecting, Requesting, Bound, Renewing, Rebinding };
    // What a client did, for the lab's statistics.
    enum class Happening : quint8 { Dora, Renewal, Release, Decline, Nak, GaveUp };

    class Host
    {
    public:
        virtual ~Host() = default;
        virtual qint64 nowMs() const = 0;
        // Runs `fn` when lab time reaches atMs; the id cancels it.
        virtual quint64 at(qint64 atMs, std::function<void()> fn) = 0;
        virtual void cancel(quint64 timer) = 0;
        // Sends a client message: broadcast from 0.0.0.0, or unicast from ciaddr to the
        // server (RENEWING and RELEASE, RFC 2131 §4.4.5, §4.4.6).
        virtual void send(const proto::DhcpMessage &m, bool unicast) = 0;
        virtual double chance() = 0; // uniform in [0, 1)
        virtual quint32 random32() = 0;
        // The client's own ARP check of an offered address (RFC 2131 §4.4.1): does another
        // machine answer for it?
        virtual bool answersArp(Ipv4Address a, const QByteArray &ownMac) const = 0;
        virtual void happened(Happening what) = 0;
    };

    struct Behaviour
    {
        double declineChance = 0; // per ACK, besides a real conflict
        double releaseChance = 0; // per binding: release before T1, stay off, boot again
    };

    VirtualClient(Host &host, QByteArray mac, QString hostname, Behaviour behaviour);
    ~VirtualClient();
    VirtualClient(const VirtualClient &) = delete;
    VirtualClient &operator=(const VirtualClient &) = delete;

    // Powers on at atMs (the lab staggers boots).
    void bootAt(qint64 atMs);
    // A server reply addressed to this client's chaddr.
    void receive(const proto::DhcpMessage &reply);

    const QByteArray &mac() const { return m_mac; }
    const QString &hostname() const { return m_hostname; }
    State state() const { return m_state; }
    quint32 xid() const { return m_xid; }
    // The address in use (BOUND, RENEWING, REBINDING), else 0.0.0.0.
    Ipv4Address address() const { return hasAddress() ? m_address : Ipv4Address(); }
    bool hasAddress() const
    {
        return m_state == State::Bound || m_state == State::Renewing || m_state == State::Rebinding;
    }
    static QString stateName(State s);

private:
    proto::DhcpMessage message(std::uint8_t type) const;
    void schedule(qint64 atMs, void (VirtualClient::*step)());
    void startInit(qint64 delayMs);
    void sendDiscover();
    void sendRequest();
    void accept(const proto::DhcpMessage &ack, bool renewal);
    void renew();
    void rebind();
    void sendRenewal();
    void expire();
    void release();
    void decline(const proto::DhcpMessage &ack);
    qint64 retransmitDelay(int attempt);

    Host &m_host;
    QByteArray m_mac;
    QString m_hostname;
    Behaviour m_behaviour;
    State m_state = State::Off;
    quint32 m_xid = 0;
    quint64 m_timer = 0; // the one pending step; a client waits for one thing at a time
    int m_attempt = 0; // retransmissions of the current message
    Ipv4Address m_offered; // SELECTING → REQUESTING
    Ipv4Address m_address; // the bound address, kept as the "previous address" after
    Ipv4Address m_serverId;
    qint64 m_t1Ms = 0, m_t2Ms = 0, m_endMs = 0; // absolute lab times of the binding
};

} // namespace leasedesk
