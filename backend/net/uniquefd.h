#pragma once

#include <unistd.h>

namespace leasedesk {

// Owns one file descriptor and closes it on destruction unless it was released. Move-only,
// so each privileged socket has exactly one owner at a time: PrivilegedSockets until it is
// handed to a transport, then the transport (design.md, "Privileges are taken once, then
// dropped": a socket cannot be opened again once the capabilities are gone).
class UniqueFd
{
public:
    UniqueFd() = default;
    explicit UniqueFd(int fd) : m_fd(fd) { }
    UniqueFd(UniqueFd &&other) noexcept : m_fd(other.release()) { }
    UniqueFd &operator=(UniqueFd &&other) noexcept
    {
        if (this != &other)
            reset(other.release());
        return *this;
    }
    UniqueFd(const UniqueFd &) = delete;
    UniqueFd &operator=(const UniqueFd &) = delete;
    ~UniqueFd() { reset(); }

    int get() const { return m_fd; }
    bool isValid() const { return m_fd >= 0; }

    // Gives up ownership: the caller closes the descriptor.
    int release()
    {
        const int fd = m_fd;
        m_fd = -1;
        return fd;
    }
    void reset(int fd = -1)
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd = -1;
};

} // namespace leasedesk
