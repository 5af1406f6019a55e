#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace leasedesk::proto {

// RFC 1035 §3.1 domain names as options carry them: a sequence of length-prefixed labels
// ending with a zero octet, with §4.1.4 compression pointers allowed in option 119
// (RFC 3397 §2). Pointers are offsets into the option data itself.
class DomainName
{
public:
    static constexpr std::size_t MaxLabel = 63;
    static constexpr std::size_t MaxName = 255; // wire octets, including length octets

    // Decodes every name in data. Pointers must point strictly backwards, so a loop is
    // impossible; labels over 63 octets (CVE-2022-2929) and names over 255 are refused.
    static std::optional<std::vector<std::string>> decodeList(std::span<const std::uint8_t> data,
                                                              std::string *error);
    // One name with no compression (option 81 with the E flag). A name that does not end
    // with the zero-length root label is a partial name (RFC 4702 §2.3.1); it is returned
    // without a trailing dot, a complete one with it.
    static std::optional<std::string> decodeOne(std::span<const std::uint8_t> data,
                                                std::string *error);
    // Appends the uncompressed wire form. "a.b" and "a.b." both end with the root label
    // unless partial is set, in which case the root label is left out.
    // True when the text ends with a '.' that is not escaped ("a.b." but not "a\\.").
    static bool endsWithRootDot(std::string_view name);
    static bool encode(std::string_view name, std::vector<std::uint8_t> &out, std::string *error,
                       bool partial = false);
};

} // namespace leasedesk::proto
