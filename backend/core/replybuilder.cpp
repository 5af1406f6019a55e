#include "core/replybuilder.h"

#include "proto/dhcpcodec.h"
#include "proto/optiondefinition.h"
#include "proto/optiontext.h"

#include <QMap>

namespace leasedesk {

namespace {

using proto::DhcpMessage;
using proto::MessageType;
namespace Code = proto::OptionCode;

std::vector<std::uint8_t> u32Bytes(quint32 v)
{
    return {std::uint8_t(v >> 24), std::uint8_t(v >> 16), std::uint8_t(v >> 8), std::uint8_t(v)};
}

std::vector<std::uint8_t> addressBytes(const QList<Ipv4Address> &list)
{
    std::vector<std::uint8_t> out;
    for (Ipv4Address a : list) {
        const auto b = a.toBytes();
        out.insert(out.end(), b.begin(), b.end());
    }
    return out;
}

void addSetting(QMap<int, std::vector<std::uint8_t>> &values, const OptionSetting &o)
{
    const auto encoded =
        proto::encodeOptionText(proto::optionDefinitionOrGeneric(o.code), o.value.toStdString());
    if (encoded) // validate() refuses configurations where this fails
        values.insert(o.code, encoded.bytes);
}

// Every option the scope and the reservation give a value, by code. The reservation wins.
QMap<int, std::vector<std::uint8_t>> configuredOptions(const ReplySpec &spec)
{
    QMap<int, std::vector<std::uint8_t>> values;
    const Scope &s = *spec.scope;
    values.insert(Code::SubnetMask, u32Bytes(s.netmask()));
    if (!s.router.isZero())
        values.insert(Code::Router, addressBytes({s.router}));
    if (!s.dns.isEmpty())
        values.insert(Code::DomainNameServer, addressBytes(s.dns));
    if (!s.domain.isEmpty()) {
        const QByteArray d = s.domain.toUtf8();
        values.insert(Code::DomainName, std::vector<std::uint8_t>(d.begin(), d.end()));
    }
    for (const OptionSetting &o : s.options)
        addSetting(values, o);
    if (spec.reservation) {
        for (const OptionSetting &o : spec.reservation->options)
            addSetting(values, o);
        if (!spec.reservation->hostname.isEmpty() && !values.contains(Code::HostName)) {
            const QByteArray h = spec.reservation->hostname.toUtf8();
            values.insert(Code::HostName, std::vector<std::uint8_t>(h.begin(), h.end()));
        }
    }
    return values;
}

std::optional<quint16> clientArchitecture(const DhcpMessage &request)
{
    const proto::DhcpOption *arch = request.findOption(Code::ClientArchitecture);
    if (!arch || arch->data.size() < 2)
        return std::nullopt;
    return quint16(arch->data[0] << 8 | arch->data[1]);
}

// PXE (RFC 4578): next-server into siaddr, the boot file for the client's architecture into
// file, and options 66/67 as well for firmware that reads only those.
void addBootInfo(DhcpMessage &reply, QMap<int, std::vector<std::uint8_t>> &values,
                 const DhcpMessage &request, const ReplySpec &spec)
{
    const Reservation *r = spec.reservation;
    const Ipv4Address next = r && !r->nextServer.isZero() ? r->nextServer : spec.scope->nextServer;
    const auto arch = clientArchitecture(request);
    QString file = r ? r->bootFiles.forArchitecture(arch) : QString();
    if (file.isEmpty())
        file = spec.scope->bootFiles.forArchitecture(arch);
    reply.siaddr = next;
    if (!file.isEmpty()) {
        const QByteArray f = file.toUtf8();
        reply.setBootFileName(std::string_view(f.constData(), std::size_t(f.size())));
        if (!values.contains(Code::BootfileName))
            values.insert(Code::BootfileName, std::vector<std::uint8_t>(f.begin(), f.end()));
    }
    if (!next.isZero() && !values.contains(Code::TftpServerName)) {
        const std::string text = next.toString();
        values.insert(Code::TftpServerName, std::vector<std::uint8_t>(text.begin(), text.end()));
    }
}

// Requested options in the client's order (RFC 2132 §9.8), then the configured ones it did
// not ask for (RFC 2131 §4.3.1: non-default parameters are returned anyway). Options 66/67
// only when asked for: they duplicate siaddr and file.
std::vector<int> optionOrder(const DhcpMessage &request,
                             const QMap<int, std::vector<std::uint8_t>> &values)
{
    std::vector<int> order;
    std::vector<bool> seen(256, false);
    if (const proto::DhcpOption *prl = request.findOption(Code::ParameterRequestList)) {
        for (std::uint8_t c : prl->data) {
            if (!seen[c] && values.contains(c)) {
                order.push_back(c);
                seen[c] = true;
            }
        }
    }
    for (auto it = values.begin(); it != values.end(); ++it) {
        const int c = it.key();
        if (!seen[std::size_t(c)] && c != Code::TftpServerName && c != Code::BootfileName)
            order.push_back(c);
    }
    return order;
}

DhcpMessage replySkeleton(const DhcpMessage &request, const ReplySpec &spec)
{
    DhcpMessage reply;
    reply.op = proto::BootReply;
    reply.htype = request.htype;
    reply.hlen = request.hlen;
    reply.xid = request.xid;
    reply.flags = request.flags;
    reply.giaddr = request.giaddr;
    reply.chaddr = request.chaddr;
    reply.yiaddr = spec.yiaddr;
    if (spec.echoCiaddr)
        reply.ciaddr = request.ciaddr;
    reply.setOption(Code::MessageType, {std::uint8_t(spec.type)});
    reply.setOption(Code::ServerIdentifier, addressBytes({spec.serverId}));
    return reply;
}

void addLeaseTimes(DhcpMessage &reply, const ReplySpec &spec)
{
    if (!spec.leaseTime)
        return;
    const quint32 lease = *spec.leaseTime;
    reply.setOption(Code::LeaseTime, u32Bytes(lease));
    if (lease == 0xffffffffu)
        return; // an infinite lease has no renewal (RFC 2131 §3.3)
    // T1 and T2 keep their configured proportion when a shorter lease is granted.
    const Scope &s = *spec.scope;
    const quint64 t1 =
        quint64(s.effectiveRenewalTime()) * lease / std::max<quint32>(s.leaseTime, 1);
    const quint64 t2 =
        quint64(s.effectiveRebindingTime()) * lease / std::max<quint32>(s.leaseTime, 1);
    if (!(t1 < t2 && t2 < lease))
        return; // F-12: T1 < T2 < lease, or the client uses its own defaults
    reply.setOption(Code::RenewalTime, u32Bytes(quint32(t1)));
    reply.setOption(Code::RebindingTime, u32Bytes(quint32(t2)));
}

// Serializes, dropping options from the end of the optional list until the reply fits the
// client's limit (RFC 2131 §4.1; conformance F-07). Option 82 goes last and is given up
// only when nothing else is left to drop (RFC 3046 §2.2).
std::vector<std::uint8_t> fit(DhcpMessage &reply, std::vector<int> optional, std::size_t limit)
{
    for (;;) {
        const proto::EncodeResult e =
            proto::DhcpCodec::serialize(reply, {.maxDatagramSize = limit});
        if (e)
            return e.bytes;
        if (optional.empty()) {
            if (reply.removeOption(Code::RelayAgentInformation))
                continue;
            return {}; // the fixed part alone does not fit: cannot happen within 576
        }
        reply.removeOption(std::uint8_t(optional.back()));
        optional.pop_back();
    }
}

} // namespace

Reply ReplyBuilder::build(const DhcpMessage &request, const ReceiveInfo &info,
                          const ReplySpec &spec)
{
    DhcpMessage reply = replySkeleton(request, spec);
    std::vector<int> optional;
    if (spec.type == MessageType::Nak) {
        // RFC 2131 Table 3: a NAK carries no lease and no configuration; relayed ones have the
        // broadcast bit set (§4.3.2) so the relay broadcasts them.
        if (!spec.nakMessage.isEmpty()) {
            const QByteArray m = spec.nakMessage.toUtf8();
            reply.setOption(Code::Message, std::vector<std::uint8_t>(m.begin(), m.end()));
        }
        if (!request.giaddr.isZero())
            reply.flags |= DhcpMessage::BroadcastFlag;
    } else {
        addLeaseTimes(reply, spec);
        QMap<int, std::vector<std::uint8_t>> values = configuredOptions(spec);
        addBootInfo(reply, values, request, spec);
        optional = optionOrder(request, values);
        for (int code : optional)
            reply.setOption(std::uint8_t(code), values.value(code));
    }
    // RFC 6842 §3: the client identifier goes back unchanged; RFC 3046 §2.2: so does 82.
    for (std::uint8_t echo : {Code::ClientIdentifier, Code::RelayAgentInformation})
        if (const proto::DhcpOption *o = request.findOption(echo))
            reply.setOption(echo, o->data);

    const std::size_t limit =
        spec.type == MessageType::Nak ? 576 : proto::DhcpCodec::replySizeLimit(request);
    Reply out;
    out.bytes = fit(reply, std::move(optional), limit);
    out.destination = destinationFor(request, reply, info, spec.serverId);
    out.message = std::move(reply);
    return out;
}

Destination ReplyBuilder::destinationFor(const DhcpMessage &request, const DhcpMessage &reply,
                                         const ReceiveInfo &info, Ipv4Address serverId)
{
    Destination d;
    d.interfaceIndex = info.interfaceIndex;
    d.source = serverId;
    const bool nak = reply.messageType() == std::uint8_t(MessageType::Nak);
    if (!request.giaddr.isZero()) { // T-01: through the relay, to its server port
        d.kind = Destination::Kind::Relay;
        d.address = request.giaddr;
        d.port = 67;
    } else if (nak) { // T-05: a NAK to a direct client is always broadcast
        d.kind = Destination::Kind::Broadcast;
        d.address = Ipv4Address(0xffffffffu);
    } else if (!request.ciaddr.isZero()) { // T-02
        d.kind = Destination::Kind::Unicast;
        d.address = request.ciaddr;
    } else if (request.broadcastFlag() || request.htype != 1 || request.hlen != 6) { // T-03, T-08
        d.kind = Destination::Kind::Broadcast;
        d.address = Ipv4Address(0xffffffffu);
    } else { // T-04: to yiaddr at chaddr, which the client can receive before it has an address
        d.kind = Destination::Kind::LinkUnicast;
        d.address = reply.yiaddr;
        const auto hw = request.hardwareAddress();
        d.hardwareAddress = toByteArray(hw);
    }
    return d;
}

} // namespace leasedesk
