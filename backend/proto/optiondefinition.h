#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace leasedesk::proto {

// How an option's bytes are to be read. The single source for decoding to typed values,
// formatting for people and parsing the text an admin types (optionvalue.h, optiontext.h).
enum class OptionType : std::uint8_t {
    Empty, // no data at all (RFC 4039 rapid commit)
    Ip, // one address
    IpList, // one or more addresses
    IpPairs, // address pairs: policy filter (21), static routes (33)
    U8,
    U16,
    U32,
    I32, // time offset (2)
    Bool, // one octet, 0 or 1
    String, // NVT ASCII, not NUL terminated
    Bytes, // opaque
    U8List, // parameter request list (55)
    U16List, // MTU plateau table (25), client architectures (93)
    MessageType, // option 53
    ClientIdentifier, // option 61: type octet and identifier, at least 2 octets
    RelayAgentInfo, // option 82: sub-options (RFC 3046)
    ClasslessRoutes, // options 121 and 249 (RFC 3442)
    DomainList, // option 119: RFC 1035 names, compression allowed (RFC 3397)
    ClientFqdn, // option 81 (RFC 4702)
    UserClass, // option 77 (RFC 3004): length-prefixed class names
    ClientNdi, // option 94 (RFC 4578): type, major, minor
    ClientUuid, // option 97 (RFC 4578): type 0 and 16 octets
};

struct OptionDefinition
{
    std::uint8_t code = 0;
    std::string_view name; // for people: "Domain Name Server"
    OptionType type = OptionType::Bytes;
    // The RFC that defines the option, for people and for comments in exported files.
    std::string_view rfc;
};

// Every option LeaseDesk knows by name. Codes not in the table are still carried, decoded as
// Bytes and formatted as hex.
std::span<const OptionDefinition> optionDefinitions();
// Nothing for a code the table does not know.
const OptionDefinition *findOptionDefinition(std::uint8_t code);
// The definition, or a Bytes definition named "Option N" for unknown codes.
OptionDefinition optionDefinitionOrGeneric(std::uint8_t code);
std::string_view optionTypeName(OptionType type);
// "option 53 (DHCP Message Type)", or "option 224" for codes the table does not know: how
// every message about an option starts.
std::string optionLabel(std::uint8_t code);

// Checks the length rules of a type (e.g. Ip is exactly 4 octets, IpList a non-zero multiple
// of 4). Returns a sentence naming the option when the length is wrong.
std::optional<std::string> checkOptionLength(const OptionDefinition &def, std::size_t length);

// Names of the RFC 4578 / IANA processor architecture types (option 93); empty if unknown.
std::string_view clientArchitectureName(std::uint16_t type);
// Names of RFC 3046 / IANA relay agent sub-options (option 82); empty if unknown.
std::string_view relaySubOptionName(std::uint8_t code);

} // namespace leasedesk::proto
