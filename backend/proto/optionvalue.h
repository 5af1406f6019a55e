#pragma once

#include "proto/ipv4address.h"
#include "proto/optiondefinition.h"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace leasedesk::proto {

struct ClientIdentifier
{
    std::uint8_t type = 0; // 1 = Ethernet MAC follows; 255 = RFC 4361 IAID + DUID
    std::vector<std::uint8_t> id;
    bool operator==(const ClientIdentifier &) const = default;
};

struct RelaySubOption
{
    std::uint8_t code = 0;
    std::vector<std::uint8_t> data;
    bool operator==(const RelaySubOption &) const = default;
};

struct ClasslessRoute
{
    Ipv4Address destination;
    std::uint8_t prefixLength = 0;
    Ipv4Address router;
    bool operator==(const ClasslessRoute &) const = default;
};

struct ClientFqdn
{
    static constexpr std::uint8_t FlagS = 0x01; // client wants the server to update A
    static constexpr std::uint8_t FlagO = 0x02; // server overrode S
    static constexpr std::uint8_t FlagE = 0x04; // name in canonical wire format
    static constexpr std::uint8_t FlagN = 0x08; // no DNS updates at all

    std::uint8_t flags = 0;
    std::uint8_t rcode1 = 0;
    std::uint8_t rcode2 = 0;
    std::string name; // dotted; a trailing dot marks a fully qualified name
    bool operator==(const ClientFqdn &) const = default;
};

struct ClientNdi
{
    std::uint8_t type = 1; // 1 = UNDI
    std::uint8_t major = 0;
    std::uint8_t minor = 0;
    bool operator==(const ClientNdi &) const = default;
};

struct ClientUuid
{
    std::uint8_t type = 0;
    std::array<std::uint8_t, 16> uuid{};
    bool operator==(const ClientUuid &) const = default;
};

// One typed value per OptionType; which alternative is used follows the definition:
//   Empty → monostate; Ip, IpList, IpPairs → addresses (pairs flattened);
//   U8, U16, U32, MessageType, U8List, U16List → numbers; I32 → int32; Bool → bool;
//   String → string; Bytes → bytes; DomainList, UserClass → list of strings.
using Numbers = std::vector<std::uint32_t>;
using Addresses = std::vector<Ipv4Address>;
using Bytes = std::vector<std::uint8_t>;
using Strings = std::vector<std::string>;
using OptionValue =
    std::variant<std::monostate, Addresses, Numbers, std::int32_t, bool, std::string, Bytes,
                 ClientIdentifier, std::vector<RelaySubOption>, std::vector<ClasslessRoute>,
                 Strings, ClientFqdn, ClientNdi, ClientUuid>;

struct DecodedOption
{
    std::optional<OptionValue> value;
    std::string error; // names the option and what is wrong, when value is empty
};

struct EncodedOption
{
    Bytes bytes;
    std::string error;
    explicit operator bool() const { return error.empty(); }
};

// Bytes → typed value, strictly: the length rules of the type, then its structure (routes,
// sub-options, names). Never reads outside data.
DecodedOption decodeOption(const OptionDefinition &def, std::span<const std::uint8_t> data);
// Typed value → bytes. Fails when the value is of the wrong alternative for the type or out
// of its range (a U8 of 300, a route prefix of 33).
EncodedOption encodeOption(const OptionDefinition &def, const OptionValue &value);

} // namespace leasedesk::proto
