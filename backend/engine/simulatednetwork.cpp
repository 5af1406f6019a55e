#include "engine/simulatednetwork.h"

#include "proto/dhcpcodec.h"

namespace leasedesk {

using proto::DhcpMessage;
namespace Code = proto::OptionCode;

namespace {

std::vector<std::uint8_t> bytesOf(Ipv4Address a)
{
    const auto b = a.toBytes();
    return {b.begin(), b.end()};
}

// How long the squatter takes to answer an ARP request or an echo on a quiet segment.
constexpr qint64 SquatterAnswerMs = 3;
// How long the rogue server takes to OFFER: a busy little router, not instant.
constexpr qint64 RogueAnswerMs = 40;

} // namespace

SimulatedNetwork::SimulatedNetwork(ManualClock &clock, QObject *parent)
    : ConflictProbe(parent), m_clock(clock)
{
    qRegisterMetaType<leasedesk::Destination>();
}

quint64 SimulatedNetwork::at(qint64 timeMs, std::function<void()> fn)
{
    const quint64 id = m_nextId++;
    timeMs = std::max(timeMs, m_clock.nowMs());
    m_agenda.emplace(std::pair(timeMs, id), std::move(fn));
    m_timeOf.insert(id, timeMs);
    return id;
}

void SimulatedNetwork::cancelTimer(quint64 id)
{
    const auto it = m_timeOf.constFind(id);
    if (it == m_timeOf.constEnd())
        return;
    m_agenda.erase(std::pair(*it, id));
    m_timeOf.erase(it);
}

void SimulatedNetwork::advanceTo(qint64 timeMs)
{
    while (!m_agenda.empty() && m_agenda.begin()->first.first <= timeMs) {
        auto node = m_agenda.extract(m_agenda.begin());
        m_timeOf.remove(node.key().second);
        m_clock.advanceMs(std::max<qint64>(node.key().first - m_clock.nowMs(), 0));
        node.mapped()();
    }
    m_clock.advanceMs(std::max<qint64>(timeMs - m_clock.nowMs(), 0));
}

ReceiveInfo SimulatedNetwork::receiveInfo(Ipv4Address source, bool unicast)
{
    ReceiveInfo info;
    info.interfaceIndex = InterfaceIndex;
    info.interfaceName = interfaceName();
    info.interfaceAddresses = {{serverAddress(), PrefixLength}};
    info.destination = unicast ? serverAddress() : Ipv4Address(0xffffffffu);
    info.source = source;
    info.sourcePort = 68;
    return info;
}

ArpObservation SimulatedNetwork::gratuitousArp() const
{
    ArpObservation a;
    a.timeMs = m_clock.nowMs();
    a.interfaceIndex = InterfaceIndex;
    a.interfaceName = interfaceName();
    a.operation = 1;
    a.senderMac = m_squatter.mac;
    a.senderIp = m_squatter.address;
    a.targetMac = QByteArray(6, '\0');
    a.targetIp = m_squatter.address;
    return a;
}

bool SimulatedNetwork::send(std::span<const std::uint8_t> dhcpPayload, const Destination &d,
                            QString *)
{
    // Like a socket: the caller's turn finishes before anyone hears the datagram.
    QMetaObject::invokeMethod(
        this, [this, payload = toByteArray(dhcpPayload), d] { emit replyDelivered(payload, d); },
        Qt::QueuedConnection);
    return true;
}

void SimulatedNetwork::start(const ProbeTarget &target)
{
    ProbeResult r;
    r.id = target.id;
    r.address = target.address;
    QByteArray responder;
    if (m_squatter.enabled && target.address == m_squatter.address)
        responder = m_squatter.mac;
    else if (m_arpResponder)
        responder = m_arpResponder(target.address);
    const qint64 started = m_clock.nowMs();
    qint64 answerAt = started + qint64(std::max(target.attempts, 1)) * target.timeoutMs;
    if (!responder.isEmpty()) {
        r.inUse = true;
        // ARP (and Both) learn the MAC from the reply; an echo reply's sender is found in the
        // neighbour table, which knows it on a directly attached segment.
        r.answeredBy = target.method == ProbeMethod::Icmp ? ProbeMethod::Icmp : ProbeMethod::Arp;
        r.responderMac = responder;
        answerAt = started + SquatterAnswerMs;
    }
    m_probeTimers.insert(target.id, at(answerAt, [this, r, started]() mutable {
                             m_probeTimers.remove(r.id);
                             r.elapsedMs = m_clock.nowMs() - started;
                             ++m_probesAnswered;
                             emit finished(r);
                         }));
}

void SimulatedNetwork::cancel(quint64 id)
{
    if (const auto timer = m_probeTimers.take(id))
        cancelTimer(timer);
}

QString SimulatedNetwork::unavailable(ProbeMethod) const
{
    return {};
}

bool SimulatedNetwork::sendDiscover(const QString &name, std::span<const std::uint8_t> payload,
                                    QString *error)
{
    if (name != interfaceName()) {
        if (error)
            *error = QStringLiteral("no interface %1 in the simulated lab").arg(name);
        return false;
    }
    if (!m_rogue.enabled)
        return true; // nobody else serves sim0: the round ends without answers
    const QByteArray discover = toByteArray(payload);
    at(m_clock.nowMs() + RogueAnswerMs, [this, discover] {
        ServerReplySeen seen = rogueOffer(discover);
        if (seen.payload.isEmpty())
            return;
        ++m_rogueOffers;
        emit serverReplySeen(seen);
    });
    return true;
}

// What a home router's DHCP server plugged into the lab answers: an address from its own
// pool at the top of the subnet, itself as router and DNS, a day's lease (RFC 2131 §4.3.1).
ServerReplySeen SimulatedNetwork::rogueOffer(const QByteArray &discoverPayload) const
{
    const auto parsed = proto::DhcpCodec::parse(
        std::span(reinterpret_cast<const std::uint8_t *>(discoverPayload.constData()),
                  std::size_t(discoverPayload.size())));
    if (!parsed)
        return {};
    const DhcpMessage &request = *parsed.message;
    DhcpMessage m;
    m.op = proto::BootReply;
    m.xid = request.xid;
    m.flags = request.flags;
    m.hlen = request.hlen;
    m.chaddr = request.chaddr;
    m.yiaddr = Ipv4Address(m_rogue.address.toUint32() - 50 + (request.xid % 40));
    m.siaddr = m_rogue.address;
    m.setOption(Code::MessageType, {std::uint8_t(proto::MessageType::Offer)});
    m.setOption(Code::ServerIdentifier, bytesOf(m_rogue.address));
    m.setOption(Code::LeaseTime, {0, 1, 0x51, 0x80}); // 86400 s
    m.setOption(Code::SubnetMask, {255, 255, 255, 0});
    m.setOption(Code::Router, bytesOf(m_rogue.address));
    m.setOption(Code::DomainNameServer, bytesOf(m_rogue.address));
    const std::string domain = "home.arpa";
    m.setOption(Code::DomainName, {domain.begin(), domain.end()});
    ServerReplySeen seen;
    seen.timeMs = m_clock.nowMs();
    seen.interfaceIndex = InterfaceIndex;
    seen.interfaceName = interfaceName();
    seen.sourceMac = m_rogue.mac;
    seen.sourceIp = m_rogue.address;
    seen.payload = toByteArray(proto::DhcpCodec::serialize(m).bytes);
    return seen;
}

} // namespace leasedesk
