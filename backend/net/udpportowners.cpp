#include "net/udpportowners.h"

#include <QFile>
#include <QHash>

#include <filesystem>
#include <string>

namespace leasedesk {

namespace {

// /proc/net/udp: "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid
// timeout inode …", with the local address as hex "0100007F:0043".
constexpr int kLocalAddressColumn = 1;
constexpr int kInodeColumn = 9;

QString processName(const std::filesystem::path &processDir)
{
    QFile comm(QString::fromStdString((processDir / "comm").string()));
    if (!comm.open(QIODevice::ReadOnly))
        return QStringLiteral("an unnamed program");
    return QString::fromUtf8(comm.readAll()).trimmed();
}

// "socket:[12345]" → 12345, anything else → 0.
quint64 socketInode(const std::filesystem::path &link)
{
    std::error_code ec;
    const std::string target = std::filesystem::read_symlink(link, ec).string();
    if (ec || !target.starts_with("socket:[") || !target.ends_with(']'))
        return 0;
    return QByteArray::fromStdString(target.substr(8, target.size() - 9)).toULongLong();
}

// Which process holds each inode, scanning /proc/PID/fd once.
QHash<quint64, QString> ownersOf(const QList<quint64> &inodes)
{
    QHash<quint64, QString> owners;
    std::error_code ec;
    for (const auto &process : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string pid = process.path().filename().string();
        if (pid.empty() || pid.find_first_not_of("0123456789") != std::string::npos)
            continue;
        std::error_code fdError;
        for (const auto &fd : std::filesystem::directory_iterator(process.path() / "fd", fdError)) {
            const quint64 inode = socketInode(fd.path());
            if (inode != 0 && inodes.contains(inode) && !owners.contains(inode))
                owners.insert(inode,
                              QStringLiteral("%1, pid %2")
                                  .arg(processName(process.path()), QString::fromStdString(pid)));
        }
    }
    return owners;
}

} // namespace

QList<quint64> UdpPortOwners::socketInodes(quint16 port)
{
    QList<quint64> inodes;
    QFile table(QStringLiteral("/proc/thread-self/net/udp"));
    if (!table.open(QIODevice::ReadOnly))
        return inodes;
    const QByteArray wantedPort = QByteArray::number(port, 16).toUpper().rightJustified(4, '0');
    table.readLine(); // the column titles
    while (!table.atEnd()) {
        const QList<QByteArray> columns = table.readLine().simplified().split(' ');
        if (columns.size() <= kInodeColumn)
            continue;
        const QByteArray local = columns.at(kLocalAddressColumn);
        if (local.mid(local.indexOf(':') + 1) == wantedPort)
            inodes.append(columns.at(kInodeColumn).toULongLong());
    }
    return inodes;
}

QStringList UdpPortOwners::describe(const QList<quint64> &inodes)
{
    const QHash<quint64, QString> owners = ownersOf(inodes);
    QStringList descriptions;
    for (quint64 inode : inodes) {
        const QString owner = owners.value(inode, QStringLiteral("an unidentified program"));
        if (!descriptions.contains(owner))
            descriptions.append(owner);
    }
    return descriptions;
}

} // namespace leasedesk
