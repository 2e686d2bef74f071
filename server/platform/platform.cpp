#include "platform.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFile>

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// Taken during static initialisation, before main(): close enough to the process's start for
// a metric that tells when it restarted, without parsing /proc.
const double s_startTimeSeconds = double(QDateTime::currentMSecsSinceEpoch()) / 1000.0;

// [0] is written by the signal handler, [1] is read by the event loop.
int s_signalFds[2] = {-1, -1};

// Only async-signal-safe calls here: write the signal number as one byte, keep errno.
void handleStopSignal(int signalNumber)
{
    const int savedErrno = errno;
    const auto byte = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] const ssize_t n = ::write(s_signalFds[0], &byte, 1);
    errno = savedErrno;
}

// A socket address as the engine shows it: text without the port, IPv4-mapped as IPv4.
bool describeAddress(const sockaddr_storage &storage, QString *address, quint16 *port)
{
    char text[INET6_ADDRSTRLEN] = {};
    if (storage.ss_family == AF_INET) {
        const auto *in = reinterpret_cast<const sockaddr_in *>(&storage);
        ::inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
        *port = ntohs(in->sin_port);
    } else if (storage.ss_family == AF_INET6) {
        const auto *in6 = reinterpret_cast<const sockaddr_in6 *>(&storage);
        ::inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
        *port = ntohs(in6->sin6_port);
    } else {
        return false;
    }
    *address = QString::fromLatin1(text);
    // Dual-stack listeners report IPv4 peers as ::ffff:a.b.c.d; show the IPv4 form.
    if (address->startsWith(QLatin1StringView("::ffff:")) && address->contains(u'.'))
        address->remove(0, 7);
    return true;
}

} // namespace

namespace Platform {

qint64 raiseDescriptorLimit()
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1024;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? qint64(1) << 20 : qint64(limit.rlim_cur);
}

int listenBacklogLimit()
{
    QFile file(QStringLiteral("/proc/sys/net/core/somaxconn"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    bool ok = false;
    const int limit = file.readAll().trimmed().toInt(&ok);
    return ok && limit > 0 ? limit : 0;
}

int acceptSocket(int listenFd, QString *address, quint16 *port)
{
    sockaddr_storage storage {};
    socklen_t length = sizeof storage;
    int fd = -1;
    do {
#ifdef SOCK_NONBLOCK
        // One call instead of three (accept, then fcntl to get and set the flags).
        fd = ::accept4(listenFd, reinterpret_cast<sockaddr *>(&storage), &length,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
#else
        fd = ::accept(listenFd, reinterpret_cast<sockaddr *>(&storage), &length);
#endif
        // A connection reset while it waited in the queue: take the next one.
    } while (fd < 0 && (errno == EINTR || errno == ECONNABORTED));
    if (fd < 0)
        return -1;
#ifndef SOCK_NONBLOCK
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0
        || ::fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
        ::close(fd);
        return -1;
    }
#endif
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
#ifdef SO_NOSIGPIPE
    ::setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
    if (!describeAddress(storage, address, port)) {
        address->clear();
        *port = 0;
    }
    return fd;
}

bool enableArrivalStamps(int listenFd)
{
#ifdef SO_TIMESTAMPNS
    const int one = 1;
    return ::setsockopt(listenFd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof one) == 0;
#else
    Q_UNUSED(listenFd);
    return false;
#endif
}

namespace {

ssize_t receiveStamped(int fd, char *data, qint64 maxSize, qint64 *arrivalNs)
{
#ifdef SO_TIMESTAMPNS
    iovec vector {data, size_t(maxSize)};
    alignas(cmsghdr) char control[CMSG_SPACE(sizeof(timespec))];
    msghdr message {};
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    const ssize_t n = ::recvmsg(fd, &message, 0);
    *arrivalNs = 0;
    if (n <= 0)
        return n;
    for (cmsghdr *header = CMSG_FIRSTHDR(&message); header;
         header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_TIMESTAMPNS) {
            timespec stamp {};
            std::memcpy(&stamp, CMSG_DATA(header), sizeof stamp);
            *arrivalNs = qint64(stamp.tv_sec) * 1000000000 + stamp.tv_nsec;
        }
    }
    return n;
#else
    *arrivalNs = 0;
    return ::recv(fd, data, size_t(maxSize), 0);
#endif
}

} // namespace

qint64 receive(int fd, char *data, qint64 maxSize, qint64 *arrivalNs)
{
    for (;;) {
        const ssize_t n = arrivalNs ? receiveStamped(fd, data, maxSize, arrivalNs)
                                    : ::recv(fd, data, size_t(maxSize), 0);
        if (n > 0)
            return n;
        if (n == 0)
            return -1; // end of stream
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        return -1; // reset or another error: the caller closes quietly
    }
}

qint64 send(int fd, const char *data, qint64 size)
{
#ifdef MSG_NOSIGNAL
    constexpr int flags = MSG_NOSIGNAL; // a peer that went away must not raise SIGPIPE
#else
    constexpr int flags = 0; // SO_NOSIGPIPE, set in acceptSocket(), does it there
#endif
    for (;;) {
        const ssize_t n = ::send(fd, data, size_t(size), flags);
        if (n >= 0)
            return n;
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return 0;
        return -1;
    }
}

void shutdownWrite(int fd)
{
    ::shutdown(fd, SHUT_WR);
}

bool isPeerGone(int fd)
{
    pollfd entry {};
    entry.fd = fd;
#ifdef POLLRDHUP
    entry.events = POLLRDHUP;
#endif
    if (::poll(&entry, 1, 0) < 0)
        return false;
#ifdef POLLRDHUP
    const short gone = POLLRDHUP | POLLHUP | POLLERR | POLLNVAL;
#else
    const short gone = POLLHUP | POLLERR | POLLNVAL;
#endif
    return (entry.revents & gone) != 0;
}

bool hasPeerFinished(int fd)
{
    char byte = 0;
    const ssize_t n = ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

void closeSocket(int fd)
{
    ::close(fd);
}

bool takeSocketError(int fd)
{
    int error = 0;
    socklen_t length = sizeof error;
    return ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0 && error != 0;
}

int openStopSignalPipe(bool catchHangUp)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s_signalFds) != 0)
        return -1;
    // Non-blocking both ways: a burst of signals must never block the handler, and the
    // reader drains whatever is there.
    for (const int fd : s_signalFds)
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    struct sigaction action = {};
    action.sa_handler = handleStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (::sigaction(SIGINT, &action, nullptr) != 0 || ::sigaction(SIGTERM, &action, nullptr) != 0
        || (catchHangUp && ::sigaction(SIGHUP, &action, nullptr) != 0))
        return -1;
    // A reader that goes away (say `--access-log - | head`) must not kill the server: writes
    // then fail with EPIPE instead. Sockets never raise it anyway (send()).
    std::signal(SIGPIPE, SIG_IGN);
    return s_signalFds[1];
}

QList<int> takeStopSignals(int fd)
{
    QList<int> signalNumbers;
    unsigned char byte = 0;
    while (::read(fd, &byte, 1) == 1)
        signalNumbers.append(byte);
    return signalNumbers;
}

bool isReopenSignal(int signalNumber)
{
    return signalNumber == SIGHUP;
}

void closeStopSignalPipe()
{
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGHUP, SIG_DFL);
    for (int &fd : s_signalFds) {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
    }
}

QString signalName(int signalNumber)
{
    switch (signalNumber) {
    case SIGINT:
        return QStringLiteral("SIGINT");
    case SIGTERM:
        return QStringLiteral("SIGTERM");
    case SIGHUP:
        return QStringLiteral("SIGHUP");
    default:
        break;
    }
    return QStringLiteral("signal %1").arg(signalNumber);
}

int openForAppend(const QByteArray &path)
{
    return ::open(path.constData(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
}

void closeFile(int fd)
{
    ::close(fd);
}

qint64 residentMemoryBytes()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1 ? fields.at(1).toLongLong() * ::sysconf(_SC_PAGESIZE) : 0;
}

void releaseFreeMemory()
{
#ifdef __GLIBC__
    ::malloc_trim(0);
#endif
}

qint64 openDescriptorCount()
{
    return QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size();
}

double processStartTimeSeconds()
{
    return s_startTimeSeconds;
}

QString lastErrorString()
{
    return QString::fromLocal8Bit(std::strerror(errno));
}

} // namespace Platform
