#pragma once

#include "proto/dhcpmessage.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace leasedesk::proto {

struct ParseError
{
    std::string reason; // a sentence a person can read, naming the offset
    std::size_t offset = 0;
};

struct ParseResult
{
    std::optional<DhcpMessage> message;
    ParseError error; // meaningful only when message is empty
    // Findings that do not stop the message from being used: a missing END, an option whose
    // length does not fit its type, a maximum message size below 576 that will be ignored.
    std::vector<std::string> warnings;
    // Option 52 as found: 1 = file, 2 = sname, 3 = both held options (then the message's
    // file and sname are zeroed: they carried no names).
    std::uint8_t overload = 0;

    explicit operator bool() const { return message.has_value(); }
};

struct EncodeLimits
{
    // Largest IP datagram the receiver accepts, as option 57 states it (RFC 2132 §9.10);
    // RFC 2131 §2 makes 576 the minimum every client takes. The DHCP message itself gets
    // this less 28 octets of IP and UDP headers.
    std::size_t maxDatagramSize = 576;
    // Whether options may spill into file and sname (RFC 2131 §4.1) when those are empty.
    bool allowOverload = true;
    // BOOTP relays and old clients expect at least 300 octets (RFC 1542 §2.1).
    std::size_t minimumSize = 300;
};

struct EncodeResult
{
    std::vector<std::uint8_t> bytes;
    std::string error; // empty on success
    std::vector<std::uint8_t> unplacedOptions; // codes that did not fit the limit
    std::uint8_t overload = 0; // what the encoder had to use

    explicit operator bool() const { return error.empty(); }
};

// Parses and serializes DHCPv4/BOOTP messages (RFC 2131, RFC 2132, RFC 3396). Knows no
// policy: it never decides whether a message deserves an answer, only what the bytes say.
class DhcpCodec
{
public:
    static constexpr std::size_t MinimumSize = DhcpMessage::HeaderSize + DhcpMessage::CookieSize;
    // The largest UDP payload an IPv4 datagram can carry.
    static constexpr std::size_t MaximumSize = 65535 - 20 - 8;
    static constexpr std::size_t IpUdpHeaderSize = 28;

    // Every malformed input gives an error with a reason; nothing is read out of bounds and
    // no exception escapes (allocation failure aside).
    static ParseResult parse(std::span<const std::uint8_t> bytes);

    // Options keep their order, except Relay Agent Information (82), which goes last in the
    // options field and never into file or sname (RFC 3046 §2.2). Options longer than 255
    // octets are split into consecutive instances (RFC 3396).
    static EncodeResult serialize(const DhcpMessage &message, const EncodeLimits &limits = {});

    // The datagram size a reply to this request may have: option 57 when it is at least 576,
    // else 576 (values below 576 are ignored, as after CVE-2007-5365).
    static std::size_t replySizeLimit(const DhcpMessage &request);
};

} // namespace leasedesk::proto
