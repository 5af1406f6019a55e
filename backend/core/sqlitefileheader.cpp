#include "core/sqlitefileheader.h"

#include <QtEndian>

#include <algorithm>

namespace leasedesk {

namespace {

// Offsets in the header (fileformat2.html, table in section 1.3).
constexpr int PageSizeOffset = 16; // 2 octets; the value 1 means 65536
constexpr int ChangeCounterOffset = 24; // 4 octets
constexpr int PageCountOffset = 28; // 4 octets
constexpr int UserVersionOffset = 60; // 4 octets
constexpr int ApplicationIdOffset = 68; // 4 octets
constexpr int ValidForOffset = 92; // 4 octets: change counter the page count is valid for

const char Magic[] = "SQLite format 3"; // followed by its terminating NUL: 16 octets
constexpr int MagicSize = 16;

quint32 read32(const QByteArray &bytes, int offset)
{
    return qFromBigEndian<quint32>(bytes.constData() + offset);
}

quint32 validPageSize(quint16 stored)
{
    // A power of two from 512 to 32768, or 1 for 65536 (section 1.3.2).
    if (stored == 1)
        return 65536;
    if (stored < 512 || (stored & (stored - 1)) != 0)
        return 0;
    return stored;
}

} // namespace

bool SqliteFileHeader::hasMagic(const QByteArray &bytes)
{
    return bytes.size() >= MagicSize && std::equal(Magic, Magic + MagicSize, bytes.constData());
}

std::optional<SqliteFileHeader> SqliteFileHeader::parse(const QByteArray &bytes)
{
    if (bytes.size() < Size || !hasMagic(bytes))
        return std::nullopt;
    SqliteFileHeader header;
    header.pageSize = validPageSize(qFromBigEndian<quint16>(bytes.constData() + PageSizeOffset));
    // The page count is trustworthy only when it was written by SQLite 3.7.0 or later for
    // the current change counter (section 1.3.7); older writers left it stale.
    const quint32 pages = read32(bytes, PageCountOffset);
    if (pages != 0 && read32(bytes, ValidForOffset) == read32(bytes, ChangeCounterOffset))
        header.pageCount = pages;
    header.userVersion = qint32(read32(bytes, UserVersionOffset));
    header.applicationId = qint32(read32(bytes, ApplicationIdOffset));
    return header;
}

} // namespace leasedesk
