#pragma once

// What every benchmark program prints its figures with: medians and ranges of repeated runs,
// and what kind of file system a database folder is on (fsync costs nothing on tmpfs, so a
// figure from there says nothing about a disk).
#include <QFile>
#include <QList>
#include <QString>

#include <algorithm>
#include <sys/vfs.h>
#include <time.h>

namespace leasedesk::bench {

inline double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    const qsizetype n = v.size();
    if (n == 0)
        return 0;
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

inline double lowest(const QList<double> &v)
{
    return v.isEmpty() ? 0 : *std::min_element(v.cbegin(), v.cend());
}

inline double highest(const QList<double> &v)
{
    return v.isEmpty() ? 0 : *std::max_element(v.cbegin(), v.cend());
}

// CPU time of the whole process, all threads.
inline qint64 processCpuNs()
{
    timespec t = {};
    ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return qint64(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

inline QString fileSystemName(const QString &folder)
{
    struct statfs info = {};
    if (::statfs(QFile::encodeName(folder).constData(), &info) != 0)
        return QStringLiteral("unknown file system");
    // Magic numbers from statfs(2).
    switch (quint64(info.f_type)) {
    case 0xEF53: return QStringLiteral("ext2/3/4");
    case 0x58465342: return QStringLiteral("xfs");
    case 0x9123683E: return QStringLiteral("btrfs");
    case 0x794C7630: return QStringLiteral("overlayfs");
    case 0x01021994: return QStringLiteral("tmpfs (NOT a disk: fsync costs nothing here)");
    default: return QStringLiteral("file system 0x%1").arg(quint64(info.f_type), 0, 16);
    }
}

} // namespace leasedesk::bench
