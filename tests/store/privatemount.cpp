#include "privatemount.h"

#include <QFile>

#include <cerrno>
#include <fcntl.h>
#include <linux/fs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <unistd.h>

namespace leasedesk::test {

namespace {

QByteArray path(const QString &file)
{
    return QFile::encodeName(file);
}

QString systemError(const char *what)
{
    return QStringLiteral("%1: %2").arg(QLatin1String(what), qt_error_string(errno));
}

// Sets or clears FS_IMMUTABLE_FL (ioctl_iflags(2)); the kernel passes the flags as an int.
QString changeImmutable(const QString &file, bool on)
{
    const int fd = ::open(path(file).constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return systemError("open");
    int flags = 0;
    QString why;
    if (::ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0) {
        why = systemError("FS_IOC_GETFLAGS");
    } else {
        flags = on ? flags | FS_IMMUTABLE_FL : flags & ~FS_IMMUTABLE_FL;
        if (::ioctl(fd, FS_IOC_SETFLAGS, &flags) != 0)
            why = systemError("FS_IOC_SETFLAGS");
    }
    ::close(fd);
    return why;
}

} // namespace

QString PrivateMountNamespace::enter()
{
    if (m_entered)
        return {};
    // CLONE_NEWNS affects only the calling thread (unshare(2)); the tests run on one.
    if (::unshare(CLONE_NEWNS) != 0)
        return systemError("unshare(CLONE_NEWNS)");
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return systemError("making / private");
    m_entered = true;
    return {};
}

std::unique_ptr<TmpfsMount> TmpfsMount::mount(const QString &folder, int sizeKiB, QString *error)
{
    const QByteArray options =
        QByteArrayLiteral("size=") + QByteArray::number(sizeKiB) + QByteArrayLiteral("k,mode=0755");
    if (::mount("leasedesk-test", path(folder).constData(), "tmpfs", MS_NOSUID | MS_NODEV,
                options.constData())
        != 0) {
        *error = systemError("mount -t tmpfs");
        return nullptr;
    }
    return std::unique_ptr<TmpfsMount>(new TmpfsMount(folder));
}

TmpfsMount::~TmpfsMount()
{
    // Lazy: detaches now even if something still holds a file open.
    ::umount2(path(m_folder).constData(), MNT_DETACH);
}

QString TmpfsMount::remountReadOnly()
{
    if (::mount(nullptr, path(m_folder).constData(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) != 0)
        return systemError("mount -o remount,ro");
    return {};
}

std::unique_ptr<ImmutableFile> ImmutableFile::set(const QString &file, QString *error)
{
    if (QString why = changeImmutable(file, true); !why.isEmpty()) {
        *error = why;
        return nullptr;
    }
    return std::unique_ptr<ImmutableFile>(new ImmutableFile(file));
}

QString ImmutableFile::blocksOpenDescriptors(const QString &folder)
{
    const QString probe = folder + QStringLiteral("/immutable-probe");
    const int fd = ::open(path(probe).constData(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return systemError("creating a probe file");
    QString why;
    {
        const std::unique_ptr<ImmutableFile> immutable = set(probe, &why);
        if (immutable && ::write(fd, "x", 1) == 1)
            why = QStringLiteral("the file system lets an open descriptor write to an immutable "
                                 "file");
    }
    ::close(fd);
    ::unlink(path(probe).constData());
    return why;
}

ImmutableFile::~ImmutableFile()
{
    changeImmutable(m_file, false);
}

} // namespace leasedesk::test
