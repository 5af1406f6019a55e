#include "core/addressbitmap.h"

#include <bit>

namespace leasedesk {

namespace {
std::size_t wordsFor(quint64 bits)
{
    return std::size_t((bits + 63) / 64);
}
} // namespace

void AddressBitmap::reset(quint32 first, quint32 last)
{
    m_first = first;
    m_size = last >= first ? quint64(last) - first + 1 : 0;
    m_level0.assign(wordsFor(m_size), 0);
    m_level1.assign(wordsFor(m_level0.size()), 0);
    m_level2.assign(wordsFor(m_level1.size()), 0);
}

void AddressBitmap::setBit(quint64 i)
{
    m_level0[i / 64] |= quint64(1) << (i % 64);
    const quint64 w = i / 64;
    m_level1[w / 64] |= quint64(1) << (w % 64);
    const quint64 w1 = w / 64;
    m_level2[w1 / 64] |= quint64(1) << (w1 % 64);
}

void AddressBitmap::clearBit(quint64 i)
{
    const quint64 w = i / 64;
    m_level0[w] &= ~(quint64(1) << (i % 64));
    if (m_level0[w])
        return;
    const quint64 w1 = w / 64;
    m_level1[w1] &= ~(quint64(1) << (w % 64));
    if (m_level1[w1])
        return;
    m_level2[w1 / 64] &= ~(quint64(1) << (w1 % 64));
}

void AddressBitmap::insertRange(quint32 first, quint32 last)
{
    for (quint64 a = first; a <= last; ++a)
        if (inWindow(quint32(a)))
            setBit(a - m_first);
}

void AddressBitmap::insert(quint32 a)
{
    if (inWindow(a))
        setBit(a - m_first);
}

void AddressBitmap::remove(quint32 a)
{
    if (inWindow(a))
        clearBit(a - m_first);
}

bool AddressBitmap::contains(quint32 a) const
{
    if (!inWindow(a))
        return false;
    const quint64 i = a - m_first;
    return m_level0[i / 64] >> (i % 64) & 1;
}

std::optional<quint32> AddressBitmap::lowest() const
{
    for (std::size_t w2 = 0; w2 < m_level2.size(); ++w2) {
        if (!m_level2[w2])
            continue;
        const std::size_t w1 = w2 * 64 + std::size_t(std::countr_zero(m_level2[w2]));
        const std::size_t w0 = w1 * 64 + std::size_t(std::countr_zero(m_level1[w1]));
        const quint64 bit = quint64(w0) * 64 + quint64(std::countr_zero(m_level0[w0]));
        return quint32(m_first + bit);
    }
    return std::nullopt;
}

} // namespace leasedesk
