#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace leasedesk::proto {

// Appends big-endian values to a byte vector.
class ByteWriter
{
public:
    explicit ByteWriter(std::vector<std::uint8_t> &out) : m_out(out) { }

    void u8(std::uint8_t v) { m_out.push_back(v); }
    void u16(std::uint16_t v)
    {
        m_out.push_back(std::uint8_t(v >> 8));
        m_out.push_back(std::uint8_t(v));
    }
    void u32(std::uint32_t v)
    {
        for (int shift = 24; shift >= 0; shift -= 8)
            m_out.push_back(std::uint8_t(v >> shift));
    }
    void bytes(std::span<const std::uint8_t> data)
    {
        m_out.insert(m_out.end(), data.begin(), data.end());
    }
    void zeros(std::size_t n) { m_out.insert(m_out.end(), n, 0); }
    std::size_t size() const { return m_out.size(); }

private:
    std::vector<std::uint8_t> &m_out;
};

} // namespace leasedesk::proto
