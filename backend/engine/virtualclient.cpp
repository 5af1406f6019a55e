#include "engine/virtualclient.h"

#include <algorithm>

namespace leasedesk {

using proto::DhcpMessage;
using proto::MessageType;
namespace Code = proto::OptionCode;

namespace {

std::vector<std::uint8_t> bytesOf(Ipv4Address a)
{
    const auto b = a.toBytes();
    return {b.begin(), b.end()};
}

} // namespace

VirtualClient::VirtualClient(Host &host, QByteArray mac, QString hostname, Behaviour behaviour)
    : m_host(host), m_mac(std::move(mac)), m_hostname(std::move(hostname)), m_behaviour(behaviour)
{ }

VirtualClient::~VirtualClient()
{
    if (m_timer)
        m_host.cancel(m_timer);
}

QString VirtualClient::stateName(State s)
{
    switch (s) {
    case State::Off: return QStringLiteral("off");
    case State::Init: return QStringLiteral("init");
    case State::Selecting: return QStringLiteral("selecting");
    case State::Requesting: return QStringLiteral("requesting");
    case State::Bound: return QStringLiteral("bound");
    case State::Renewing: return QStringLiteral("renewing");
    case State::Rebinding: return QStringLiteral("rebinding");
    }
    return {};
}

void VirtualClient::schedule(qint64 atMs, void (VirtualClient::*step)())
{
    if (m_timer)
        m_host.cancel(m_timer);
    m_timer = m_host.at(atMs, [this, step] {
        m_timer = 0;
        (this->*step)();
    });
}

void VirtualClient::bootAt(qint64 atMs)
{
    m_state = State::Off; // until its first DISCOVER
    m_attempt = 0;
    schedule(atMs, &VirtualClient::sendDiscover);
}

// RFC 2131 §4.4.1: a client in INIT waits a random 1 to 10 seconds before its first
// DISCOVER, so that machines powered on together do not all ask at once.
void VirtualClient::startInit(qint64 delayMs)
{
    m_state = State::Init;
    m_attempt = 0;
    schedule(m_host.nowMs() + delayMs + 1000 + qint64(m_host.random32() % 9000),
             &VirtualClient::sendDiscover);
}

// RFC 2131 §4.1: retransmit after 4 s, doubling up to 64 s, each randomized by ±1 s.
qint64 VirtualClient::retransmitDelay(int attempt)
{
    const qint64 base = qint64(4000) << std::min(attempt, 4);
    return base - 1000 + qint64(m_host.random32() % 2001);
}

DhcpMessage VirtualClient::message(std::uint8_t type) const
{
    DhcpMessage m;
    m.op = proto::BootRequest;
    m.xid = m_xid;
    std::copy(m_mac.begin(), m_mac.end(), m.chaddr.begin());
    m.hlen = std::uint8_t(m_mac.size());
    m.setOption(Code::MessageType, {type});
    if (type != std::uint8_t(MessageType::Release) && type != std::uint8_t(MessageType::Decline)) {
        const QByteArray name = m_hostname.toUtf8();
        m.setOption(Code::HostName, {name.begin(), name.end()});
        m.setOption(Code::ParameterRequestList,
                    {Code::SubnetMask, Code::Router, Code::DomainNameServer, Code::DomainName,
                     Code::LeaseTime, Code::RenewalTime, Code::RebindingTime});
    }
    return m;
}

// INIT → SELECTING (RFC 2131 §4.4.1). A new transaction each time; the previous address, if
// any, is suggested with option 50 so the server can give it back.
void VirtualClient::sendDiscover()
{
    if (m_attempt == 0) // retransmissions keep the transaction's xid
        m_xid = m_host.random32();
    m_state = State::Selecting;
    DhcpMessage m = message(std::uint8_t(MessageType::Discover));
    if (!m_address.isZero())
        m.setOption(Code::RequestedAddress, bytesOf(m_address));
    m_host.send(m, false);
    schedule(m_host.nowMs() + retransmitDelay(m_attempt++), &VirtualClient::sendDiscover);
}

// SELECTING → REQUESTING: the REQUEST names the chosen server and address (§4.3.2, §4.4.1).
void VirtualClient::sendRequest()
{
    if (m_attempt >= 4) {
        // §4.4.1: no ACK or NAK after retransmitting: back to INIT.
        m_host.happened(Happening::GaveUp);
        startInit(0);
        return;
    }
    DhcpMessage m = message(std::uint8_t(MessageType::Request));
    m.setOption(Code::RequestedAddress, bytesOf(m_offered));
    m.setOption(Code::ServerIdentifier, bytesOf(m_serverId));
    m_host.send(m, false);
    schedule(m_host.nowMs() + retransmitDelay(m_attempt++), &VirtualClient::sendRequest);
}

void VirtualClient::receive(const DhcpMessage &reply)
{
    // §4.4.1: a reply whose xid is not the current transaction's is discarded.
    if (reply.op != proto::BootReply || reply.xid != m_xid)
        return;
    const auto type = reply.messageType();
    if (!type)
        return;
    switch (m_state) {
    case State::Selecting:
        if (*type != std::uint8_t(MessageType::Offer))
            return;
        // §4.4.1 lets a client wait for several offers; the first one is as good as any.
        m_offered = reply.yiaddr;
        m_serverId = reply.addressOption(Code::ServerIdentifier).value_or(Ipv4Address());
        m_state = State::Requesting;
        m_attempt = 0;
        sendRequest();
        return;
    case State::Requesting:
        if (*type == std::uint8_t(MessageType::Ack)) {
            // §4.4.1: the client SHOULD check the address (ARP) before using it and MUST
            // DECLINE it when something else answers.
            if (m_host.answersArp(reply.yiaddr, m_mac)
                || m_host.chance() < m_behaviour.declineChance)
                decline(reply);
            else
                accept(reply, false);
        } else if (*type == std::uint8_t(MessageType::Nak)) {
            m_host.happened(Happening::Nak);
            startInit(0); // §3.1 step 5: NAK in REQUESTING restarts the process
        }
        return;
    case State::Renewing:
    case State::Rebinding:
        if (*type == std::uint8_t(MessageType::Ack)) {
            accept(reply, true);
        } else if (*type == std::uint8_t(MessageType::Nak)) {
            // §4.4.5: a NAK ends the lease at once; the client stops using it.
            m_host.happened(Happening::Nak);
            m_address = Ipv4Address();
            startInit(0);
        }
        return;
    default: return;
    }
}

// → BOUND. T1 and T2 come from options 58 and 59, else 0.5 and 0.875 of the lease
// (§4.4.5).
void VirtualClient::accept(const DhcpMessage &ack, bool renewal)
{
    const qint64 now = m_host.nowMs();
    const qint64 leaseS = ack.u32Option(Code::LeaseTime).value_or(3600);
    const qint64 t1S = ack.u32Option(Code::RenewalTime).value_or(quint32(leaseS / 2));
    const qint64 t2S = ack.u32Option(Code::RebindingTime).value_or(quint32(leaseS * 7 / 8));
    m_address = ack.yiaddr;
    if (const auto id = ack.addressOption(Code::ServerIdentifier))
        m_serverId = *id;
    m_t1Ms = now + t1S * 1000;
    m_t2Ms = now + t2S * 1000;
    m_endMs = now + leaseS * 1000;
    m_state = State::Bound;
    m_attempt = 0;
    m_host.happened(renewal ? Happening::Renewal : Happening::Dora);
    if (m_host.chance() < m_behaviour.releaseChance) {
        // Shut down some time before T1 (§4.4.6: RELEASE when giving the address up).
        const qint64 span = std::max<qint64>(m_t1Ms - now, 1000);
        schedule(now + span / 10 + qint64(m_host.random32() % quint32(span * 8 / 10)),
                 &VirtualClient::release);
    } else {
        schedule(m_t1Ms, &VirtualClient::renew);
    }
}

// BOUND → RENEWING at T1: unicast to the server that gave the lease, ciaddr set, no option
// 50 or 54 (§4.3.2 RENEWING, §4.4.5). A new xid: it is a new transaction.
void VirtualClient::renew()
{
    m_state = State::Renewing;
    m_xid = m_host.random32();
    sendRenewal();
}

// RENEWING → REBINDING at T2: the same REQUEST, broadcast to any server (§4.4.5).
void VirtualClient::rebind()
{
    m_state = State::Rebinding;
    sendRenewal();
}

void VirtualClient::sendRenewal()
{
    const qint64 now = m_host.nowMs();
    if (now >= m_endMs) {
        expire();
        return;
    }
    DhcpMessage m = message(std::uint8_t(MessageType::Request));
    m.ciaddr = m_address;
    m_host.send(m, m_state == State::Renewing);
    // §4.4.5: retransmit after half the time left until T2 (RENEWING) or the end of the lease
    // (REBINDING), but no sooner than 60 s.
    const qint64 limit = m_state == State::Renewing ? m_t2Ms : m_endMs;
    const qint64 next = now + std::max<qint64>((limit - now) / 2, 60'000);
    if (m_state == State::Renewing && next >= m_t2Ms)
        schedule(m_t2Ms, &VirtualClient::rebind);
    else if (next >= m_endMs)
        schedule(m_endMs, &VirtualClient::expire);
    else
        schedule(next, &VirtualClient::sendRenewal);
}

// §4.4.5: the lease ran out without an ACK: stop using the address, back to INIT.
void VirtualClient::expire()
{
    m_address = Ipv4Address();
    startInit(0);
}

// §4.4.6: RELEASE is unicast to the server with ciaddr and the server identifier. The machine
// then stays off a while and boots again.
void VirtualClient::release()
{
    DhcpMessage m = message(std::uint8_t(MessageType::Release));
    m.xid = m_xid = m_host.random32();
    m.ciaddr = m_address;
    m.setOption(Code::ServerIdentifier, bytesOf(m_serverId));
    m_host.send(m, true);
    m_host.happened(Happening::Release);
    m_state = State::Off;
    startInit(30'000 + qint64(m_host.random32() % 90'000));
    m_state = State::Off; // until the DISCOVER goes out
}

// §4.4.1 and §3.1 step 5: DECLINE names the address and the server, then the client waits at
// least ten seconds before starting over, so a loop of conflicts stays slow.
void VirtualClient::decline(const DhcpMessage &ack)
{
    DhcpMessage m = message(std::uint8_t(MessageType::Decline));
    m.setOption(Code::RequestedAddress, bytesOf(ack.yiaddr));
    m.setOption(Code::ServerIdentifier,
                bytesOf(ack.addressOption(Code::ServerIdentifier).value_or(m_serverId)));
    m_host.send(m, false);
    m_host.happened(Happening::Decline);
    m_address = Ipv4Address(); // never suggest it again
    startInit(10'000);
}

} // namespace leasedesk
