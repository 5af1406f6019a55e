#include "engine/testrequest.h"

#include "proto/dhcpcodec.h"

namespace leasedesk {

namespace {

namespace Code = proto::OptionCode;

std::vector<std::uint8_t> octets(const QByteArray &bytes)
{
    return {bytes.begin(), bytes.end()};
}

std::vector<std::uint8_t> octets(Ipv4Address a)
{
    const auto b = a.toBytes();
    return {b.begin(), b.end()};
}

// RFC 3046 §2.0: sub-option 1 is the Agent Circuit ID, 2 the Agent Remote ID, each as code,
// length, value. A sub-option is at most 255 octets long, so longer values are cut.
std::vector<std::uint8_t> relayAgentInformation(const QByteArray &circuitId,
                                                const QByteArray &remoteId)
{
    std::vector<std::uint8_t> data;
    const auto add = [&data](std::uint8_t code, const QByteArray &value) {
        if (value.isEmpty())
            return;
        const QByteArray cut = value.left(255);
        data.push_back(code);
        data.push_back(std::uint8_t(cut.size()));
        data.insert(data.end(), cut.begin(), cut.end());
    };
    add(1, circuitId);
    add(2, remoteId);
    return data;
}

} // namespace

QByteArray encodeTestRequest(const TestRequest &request)
{
    proto::DhcpMessage m;
    m.op = proto::BootRequest;
    m.xid = request.xid;
    // A client that has no address yet asks for broadcast replies (RFC 2131 §4.1); a relay
    // counts itself in hops (RFC 1542 §4.1.1).
    m.flags = proto::DhcpMessage::BroadcastFlag;
    m.giaddr = request.giaddr;
    m.hops = request.giaddr.isZero() ? 0 : 1;
    const QByteArray mac = request.mac.left(6);
    std::copy(mac.begin(), mac.end(), m.chaddr.begin());
    const auto type = request.type == TestRequest::Type::Discover ? proto::MessageType::Discover
                                                                  : proto::MessageType::Request;
    m.setOption(Code::MessageType, {std::uint8_t(type)});
    if (!request.clientId.isEmpty())
        m.setOption(Code::ClientIdentifier, octets(request.clientId));
    if (!request.requestedAddress.isZero())
        m.setOption(Code::RequestedAddress, octets(request.requestedAddress));
    if (!request.serverId.isZero())
        m.setOption(Code::ServerIdentifier, octets(request.serverId));
    if (!request.hostname.isEmpty())
        m.setOption(Code::HostName, octets(request.hostname.toUtf8().left(255)));
    if (!request.vendorClass.isEmpty())
        m.setOption(Code::VendorClass, octets(request.vendorClass));
    m.setOption(Code::ParameterRequestList,
                {Code::SubnetMask, Code::Router, Code::DomainNameServer, Code::DomainName,
                 Code::LeaseTime, Code::ServerIdentifier});
    if (!request.circuitId.isEmpty() || !request.remoteId.isEmpty())
        m.setOption(Code::RelayAgentInformation,
                    relayAgentInformation(request.circuitId, request.remoteId));
    const proto::EncodeResult encoded =
        proto::DhcpCodec::serialize(m, {.maxDatagramSize = proto::DhcpCodec::MaximumSize});
    return toByteArray(encoded.bytes);
}

} // namespace leasedesk
