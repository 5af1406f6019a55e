#include "proto/ipv4address.h"

#include <charconv>

namespace leasedesk::proto {

std::optional<Ipv4Address> Ipv4Address::fromString(std::string_view text)
{
    std::uint32_t value = 0;
    const char *p = text.data();
    const char *end = text.data() + text.size();
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (p == end || *p != '.')
                return std::nullopt;
            ++p;
        }
        if (p == end || *p < '0' || *p > '9')
            return std::nullopt;
        unsigned octet = 0;
        auto [next, ec] = std::from_chars(p, end, octet);
        // At most three digits, so "0001.2.3.4" is refused like any other typo.
        if (ec != std::errc() || octet > 255 || next - p > 3)
            return std::nullopt;
        p = next;
        value = value << 8 | octet;
    }
    if (p != end)
        return std::nullopt;
    return Ipv4Address(value);
}

std::string Ipv4Address::toString() const
{
    const auto b = toBytes();
    std::string out;
    out.reserve(15);
    for (int i = 0; i < 4; ++i) {
        if (i)
            out += '.';
        out += std::to_string(b[i]);
    }
    return out;
}

} // namespace leasedesk::proto
