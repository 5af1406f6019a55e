#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>
#include <vector>

// Raw packets built byte by byte, independently of the encoder under test.
namespace testpackets {

inline constexpr std::size_t OptionsOffset = 240;

// A BOOTREQUEST from 02:00:00:00:00:01, xid 0x12345678, followed by the given option bytes
// exactly as written (no END is added).
inline std::vector<std::uint8_t> request(std::initializer_list<std::uint8_t> options)
{
    std::vector<std::uint8_t> p(236, 0);
    p[0] = 1;
    p[1] = 1;
    p[2] = 6;
    p[4] = 0x12;
    p[5] = 0x34;
    p[6] = 0x56;
    p[7] = 0x78;
    const std::uint8_t mac[] = {0x02, 0, 0, 0, 0, 0x01};
    for (int i = 0; i < 6; ++i)
        p[std::size_t(28 + i)] = mac[i];
    for (std::uint8_t b : {99, 130, 83, 99})
        p.push_back(b);
    p.insert(p.end(), options.begin(), options.end());
    return p;
}

inline std::vector<std::uint8_t> discover()
{
    return request({53, 1, 1, 255});
}

inline void append(std::vector<std::uint8_t> &p, std::span<const std::uint8_t> more)
{
    p.insert(p.end(), more.begin(), more.end());
}

} // namespace testpackets
