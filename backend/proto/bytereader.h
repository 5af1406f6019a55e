#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace leasedesk::proto {

// Bounds-checked cursor over a byte span. Every read reports failure instead of reading past
// the end; callers turn a failure into a ParseError that names the offset.
class ByteReader
{
public:
    explicit ByteReader(std::span<const std::uint8_t> data, std::size_t baseOffset = 0)
        : m_data(data), m_base(baseOffset)
    { }

    std::size_t position() const { return m_pos; }
    // Offset in the whole packet, for messages a person reads.
    std::size_t absolutePosition() const { return m_base + m_pos; }
    std::size_t remaining() const { return m_data.size() - m_pos; }
    bool atEnd() const { return m_pos >= m_data.size(); }

    bool readU8(std::uint8_t &out)
    {
        if (remaining() < 1)
            return false;
        out = m_data[m_pos++];
        return true;
    }
    bool readU16(std::uint16_t &out)
    {
        if (remaining() < 2)
            return false;
        out = std::uint16_t(m_data[m_pos] << 8 | m_data[m_pos + 1]);
        m_pos += 2;
        return true;
    }
    bool readU32(std::uint32_t &out)
    {
        if (remaining() < 4)
            return false;
        out = std::uint32_t(m_data[m_pos]) << 24 | std::uint32_t(m_data[m_pos + 1]) << 16
            | std::uint32_t(m_data[m_pos + 2]) << 8 | std::uint32_t(m_data[m_pos + 3]);
        m_pos += 4;
        return true;
    }
    bool readSpan(std::size_t n, std::span<const std::uint8_t> &out)
    {
        if (remaining() < n)
            return false;
        out = m_data.subspan(m_pos, n);
        m_pos += n;
        return true;
    }

private:
    std::span<const std::uint8_t> m_data;
    std::size_t m_base = 0;
    std::size_t m_pos = 0;
};

} // namespace leasedesk::proto
