#pragma once

#include <QString>

#include <memory>

namespace leasedesk::test {

// File systems that refuse writes, for tests that run as root: CI runs the suite as root, and
// root ignores permission bits, so chmod cannot make a file read-only or a disk full.
//
// Everything is mounted inside a private mount namespace of the calling thread:
// unshare(CLONE_NEWNS) gives the thread its own copy of the mount table, and marking every
// mount in it private (MS_REC | MS_PRIVATE) stops propagation in both directions
// (mount_namespaces(7), "Shared subtrees"). The rest of the system never sees these mounts,
// and the kernel drops them with the process, even after a crash. The objects below also
// unmount on destruction, so a failed QVERIFY leaves nothing behind either.
class PrivateMountNamespace
{
public:
    // Enters the namespace on the first call; empty on success, otherwise why not (not root,
    // no CAP_SYS_ADMIN, a seccomp policy), for a QSKIP message.
    QString enter();

private:
    bool m_entered = false;
};

// A tmpfs of `sizeKiB` mounted on an existing, empty folder.
class TmpfsMount
{
public:
    static std::unique_ptr<TmpfsMount> mount(const QString &folder, int sizeKiB, QString *error);
    ~TmpfsMount();
    TmpfsMount(const TmpfsMount &) = delete;
    TmpfsMount &operator=(const TmpfsMount &) = delete;

    // Makes the whole file system read-only. The kernel refuses (EBUSY) while a file on it is
    // open for writing, so close stores first.
    QString remountReadOnly();

private:
    explicit TmpfsMount(QString folder) : m_folder(std::move(folder)) { }
    QString m_folder;
};

// The file system's immutable attribute (chattr +i): even root cannot open the file for
// writing. Cleared again on destruction.
class ImmutableFile
{
public:
    static std::unique_ptr<ImmutableFile> set(const QString &file, QString *error);
    // Whether the file system in `folder` also refuses writes through a descriptor opened
    // before the flag was set (ext4 does; tmpfs does not). Empty when it does, otherwise why
    // not, for a QSKIP message.
    static QString blocksOpenDescriptors(const QString &folder);
    ~ImmutableFile();
    ImmutableFile(const ImmutableFile &) = delete;
    ImmutableFile &operator=(const ImmutableFile &) = delete;

private:
    explicit ImmutableFile(QString file) : m_file(std::move(file)) { }
    QString m_file;
};

} // namespace leasedesk::test
