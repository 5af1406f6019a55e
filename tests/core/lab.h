#pragma once

// An in-process lab for the server logic: a manual clock, a memory lease store, the receiving
// interfaces, and scripted clients that speak DHCP as bytes, so each test runs a whole
// exchange in microseconds with no sockets and no root.
#include "core/configurationjson.h"
#include "core/memoryleasestore.h"
#include "core/server.h"
#include "proto/dhcpcodec.h"

#include <QByteArray>

namespace lab {

using namespace leasedesk;
using proto::DhcpMessage;
using proto::MessageType;
namespace Code = proto::OptionCode;

inline Ipv4Address ip(const char *text)
{
    return *Ipv4Address::fromString(text);
}

inline const char *DefaultConfig = R"({
  "server": {"offer_hold_s": 60, "decline_quarantine_s": 600,
             "conflict_detection": {"enabled": false}},
  "scopes": [
    {"name": "lab", "subnet": "198.18.0.0/24",
     "ranges": [{"start": "198.18.0.100", "end": "198.18.0.109"}],
     "exclusions": [{"start": "198.18.0.105", "end": "198.18.0.105"}],
     "lease_time": 3600, "router": "198.18.0.1", "dns": ["198.18.0.1", "198.18.0.2"],
     "domain": "lab.test", "options": [{"code": 42, "value": "198.18.0.1"}],
     "next_server": "198.18.0.5",
     "boot_file": {"default": "pxelinux.0", "uefi_x64": "grubx64.efi"},
     "reservations": [{"mac": "02:00:00:00:00:aa", "ip": "198.18.0.50", "hostname": "reserved"}]},
    {"name": "remote", "subnet": "198.19.0.0/24",
     "ranges": [{"start": "198.19.0.10", "end": "198.19.0.20"}],
     "lease_time": 600, "router": "198.19.0.1"}
  ]
})";

struct Lab
{
    ManualClock clock;
    Server server{clock};
    MemoryLeaseStore store;
    ReceiveInfo direct{
        2, QStringLiteral("lab0"), {{ip("198.18.0.1"), 24}}, Ipv4Address(0xffffffffu), {}, 68};

    explicit Lab(const char *json = DefaultConfig)
    {
        auto parsed = ConfigurationJson::fromJson(json);
        Q_ASSERT(parsed.configuration);
        server.setConfiguration(*parsed.configuration);
    }

    Configuration config() const { return server.configuration(); }
    void apply(const Configuration &c) { server.setConfiguration(c); }

    // Sends the message as bytes, commits what the server decided (as the engine will),
    // and returns the decision.
    Decision send(const DhcpMessage &m, const ReceiveInfo &info)
    {
        const auto bytes = proto::DhcpCodec::serialize(m, {.maxDatagramSize = 1500}).bytes;
        Decision d = server.handle(bytes, info);
        if (!d.changes.isEmpty())
            lastCommit = store.commit(d.changes);
        return d;
    }
    Decision send(const DhcpMessage &m) { return send(m, direct); }

    void tick()
    {
        const LeaseBatch b = server.sweep();
        if (!b.isEmpty())
            lastCommit = store.commit(b);
    }

    StoreStatus lastCommit;
};

class Client
{
public:
    explicit Client(quint8 last, QByteArray clientId = {}) : m_clientId(std::move(clientId))
    {
        m_mac = QByteArray::fromHex(QByteArrayLiteral("0200000000")
                                    + QByteArray::number(last, 16).rightJustified(2, '0'));
    }

    QByteArray mac() const { return m_mac; }
    quint32 xid() const { return m_xid; }

    DhcpMessage message(MessageType type) const
    {
        DhcpMessage m;
        m.op = proto::BootRequest;
        m.xid = m_xid;
        std::copy(m_mac.begin(), m_mac.end(), m.chaddr.begin());
        m.setOption(Code::MessageType, {std::uint8_t(type)});
        if (!m_clientId.isEmpty())
            m.setOption(Code::ClientIdentifier,
                        std::vector<std::uint8_t>(m_clientId.begin(), m_clientId.end()));
        m.setOption(Code::ParameterRequestList, {1, 3, 6, 15, 42, 51, 54});
        return m;
    }

    DhcpMessage discover(std::optional<Ipv4Address> requested = std::nullopt) const
    {
        DhcpMessage m = message(MessageType::Discover);
        if (requested)
            m.setOption(Code::RequestedAddress, bytes(*requested));
        return m;
    }
    DhcpMessage selecting(Ipv4Address address, Ipv4Address serverId) const
    {
        DhcpMessage m = message(MessageType::Request);
        m.setOption(Code::RequestedAddress, bytes(address));
        m.setOption(Code::ServerIdentifier, bytes(serverId));
        return m;
    }
    DhcpMessage initReboot(Ipv4Address address) const
    {
        DhcpMessage m = message(MessageType::Request);
        m.setOption(Code::RequestedAddress, bytes(address));
        return m;
    }
    DhcpMessage renewing(Ipv4Address address) const
    {
        DhcpMessage m = message(MessageType::Request);
        m.ciaddr = address;
        return m;
    }
    DhcpMessage release(Ipv4Address address, Ipv4Address serverId) const
    {
        DhcpMessage m = message(MessageType::Release);
        m.ciaddr = address;
        m.setOption(Code::ServerIdentifier, bytes(serverId));
        m.removeOption(Code::ParameterRequestList);
        return m;
    }
    DhcpMessage decline(Ipv4Address address, Ipv4Address serverId) const
    {
        DhcpMessage m = message(MessageType::Decline);
        m.setOption(Code::RequestedAddress, bytes(address));
        m.setOption(Code::ServerIdentifier, bytes(serverId));
        m.removeOption(Code::ParameterRequestList);
        return m;
    }
    DhcpMessage inform(Ipv4Address address) const
    {
        DhcpMessage m = message(MessageType::Inform);
        m.ciaddr = address;
        return m;
    }

    // DISCOVER, OFFER, REQUEST, ACK: the bound address, or nothing.
    std::optional<Ipv4Address> dora(Lab &lab, const ReceiveInfo &info)
    {
        const Decision offer = lab.send(discover(), info);
        if (!offer.reply)
            return std::nullopt;
        const Ipv4Address serverId = *offer.reply->message.addressOption(Code::ServerIdentifier);
        const Decision ack = lab.send(selecting(offer.reply->message.yiaddr, serverId), info);
        if (!ack.reply || ack.reply->message.messageType() != std::uint8_t(MessageType::Ack))
            return std::nullopt;
        return ack.reply->message.yiaddr;
    }
    std::optional<Ipv4Address> dora(Lab &lab) { return dora(lab, lab.direct); }

    void nextTransaction() { ++m_xid; }

    static std::vector<std::uint8_t> bytes(Ipv4Address a)
    {
        const auto b = a.toBytes();
        return {b.begin(), b.end()};
    }

private:
    QByteArray m_mac;
    QByteArray m_clientId;
    quint32 m_xid = 0x1000;
};

inline std::optional<std::uint8_t> typeOf(const Decision &d)
{
    return d.reply ? d.reply->message.messageType() : std::nullopt;
}

} // namespace lab
