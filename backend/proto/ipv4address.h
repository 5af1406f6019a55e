#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leasedesk::proto {

// An IPv4 address as the codec sees it: four octets in network order. The codec is standard
// C++ only, so it cannot use QHostAddress; the layers above convert at their edge.
class Ipv4Address
{
public:
    constexpr Ipv4Address() = default;
    constexpr explicit Ipv4Address(std::uint32_t hostOrder) : m_value(hostOrder) { }
    constexpr Ipv4Address(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d)
        : m_value(std::uint32_t(a) << 24 | std::uint32_t(b) << 16 | std::uint32_t(c) << 8 | d)
    { }

    // Strict dotted quad: four decimal numbers 0-255, no leading '+', no spaces.
    static std::optional<Ipv4Address> fromString(std::string_view text);
    static constexpr Ipv4Address fromBytes(const std::uint8_t *four)
    {
        return Ipv4Address(four[0], four[1], four[2], four[3]);
    }

    constexpr std::uint32_t toUint32() const { return m_value; }
    constexpr std::array<std::uint8_t, 4> toBytes() const
    {
        return {std::uint8_t(m_value >> 24), std::uint8_t(m_value >> 16),
                std::uint8_t(m_value >> 8), std::uint8_t(m_value)};
    }
    constexpr bool isZero() const { return m_value == 0; }
    std::string toString() const;

    constexpr bool operator==(const Ipv4Address &) const = default;
    constexpr bool operator<(const Ipv4Address &o) const { return m_value < o.m_value; }

private:
    std::uint32_t m_value = 0;
};

} // namespace leasedesk::proto
