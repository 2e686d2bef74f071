#include "lingeringcloser.h"

#include <cerrno>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

LingeringCloser::LingeringCloser(int epollFd, int maxLingering)
    : m_epoll(epollFd)
    , m_maxLingering(maxLingering)
{ }

LingeringCloser::~LingeringCloser()
{
    closeAll();
}

void LingeringCloser::add(int fd, qint64 nowMs)
{
    if (fd < 0)
        return;
    // The response is out: a FIN follows it, whatever happens to the input.
    ::shutdown(fd, SHUT_WR);
    if (count() >= m_maxLingering) {
        ::close(fd); // closing removes it from the epoll set too
        return;
    }
    epoll_event event {};
    event.events = EPOLLIN | EPOLLRDHUP;
    event.data.u64 = keyTag | quint64(quint32(fd));
    if (::epoll_ctl(m_epoll, EPOLL_CTL_MOD, fd, &event) != 0
        && (errno != ENOENT || ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event) != 0)) {
        ::close(fd);
        return;
    }
    m_lingering[fd] = Linger {nowMs + lingerMs, 0};
}

void LingeringCloser::onReadable(quint64 key)
{
    const int fd = int(quint32(key & ~keyTag));
    const auto it = m_lingering.find(fd);
    if (it == m_lingering.end())
        return;
    // A few reads per wake-up at most, so one fast sender cannot hold up the server thread;
    // the epoll set is level-triggered, so what is left wakes us again.
    thread_local char discard[64 * 1024];
    for (int round = 0; round < 4; ++round) {
        const ssize_t n = ::recv(fd, discard, sizeof discard, 0);
        if (n > 0) {
            it->second.drained += n;
            if (it->second.drained >= maxDrainBytes)
                break; // enough: a client that keeps sending gets its reset after all
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return; // nothing more for now
        break; // end of stream, or an error: done either way
    }
    if (it->second.drained < maxDrainBytes && !isDone(fd))
        return; // four full reads: the rest on the next wake-up
    close(fd);
}

bool LingeringCloser::isDone(int fd)
{
    char byte = 0;
    const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

void LingeringCloser::sweep(qint64 nowMs)
{
    std::vector<int> expired;
    for (const auto &[fd, linger] : m_lingering) {
        if (linger.deadlineMs <= nowMs)
            expired.push_back(fd);
    }
    for (int fd : expired)
        close(fd);
}

void LingeringCloser::closeAll()
{
    for (const auto &[fd, linger] : m_lingering)
        ::close(fd);
    m_lingering.clear();
}

void LingeringCloser::close(int fd)
{
    m_lingering.erase(fd);
    ::close(fd); // also leaves the epoll set
}
