#pragma once

#include <QtGlobal>

#include <optional>
#include <vector>

namespace leasedesk {

// A set of IPv4 addresses within one window (a pool's ranges), answering "lowest member" by
// looking at three levels of 64-bit words: the top level has one bit per non-empty word of
// the middle level, which has one per non-empty word of the bottom level. Finding a free
// address in a /8 reads at most 64 + 64 + 64 words, in a /16 at most 1 + 16 + 1: a pool is
// never scanned address by address.
class AddressBitmap
{
public:
    void reset(quint32 first, quint32 last); // an empty set over [first, last]
    void insertRange(quint32 first, quint32 last);
    void insert(quint32 address);
    void remove(quint32 address);
    bool contains(quint32 address) const;
    std::optional<quint32> lowest() const;

private:
    bool inWindow(quint32 a) const { return a >= m_first && a - m_first < m_size; }
    void setBit(quint64 index);
    void clearBit(quint64 index);

    quint32 m_first = 0;
    quint64 m_size = 0;
    std::vector<quint64> m_level0; // one bit per address
    std::vector<quint64> m_level1; // one bit per non-empty level-0 word
    std::vector<quint64> m_level2; // one bit per non-empty level-1 word
};

} // namespace leasedesk
