// A load tool, not part of the product: it talks to epoll directly, which
// cmake/checklayers.cmake allows for this one file (the product goes through EpollPoller).
#include "sleepersclient.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// Connections started per turn of the loop before it serves those already open, so requests
// go out while later connections are still being made, as from independent clients.
constexpr size_t connectBatch = 128;
constexpr int eventBatch = 1024;
constexpr size_t maxHead = 64 * 1024;

double millisecondsBetween(SleepersClient::Clock::time_point from,
                           SleepersClient::Clock::time_point to)
{
    return std::chrono::duration<double, std::milli>(to - from).count();
}

bool raiseDescriptorLimit(rlim_t needed, std::string *error)
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return true; // unknown: let socket() say so
    if (limit.rlim_cur >= needed)
        return true;
    limit.rlim_cur = needed;
    if (limit.rlim_max < needed)
        limit.rlim_max = needed; // only root may; then the next call fails and says so
    if (::setrlimit(RLIMIT_NOFILE, &limit) == 0)
        return true;
    *error = "cannot raise the descriptor limit to " + std::to_string(needed) + ": "
        + std::strerror(errno);
    return false;
}

} // namespace

SleepersClient::SleepersClient(Options options)
    : m_options(std::move(options))
    , m_request("GET /sleep?ms=" + std::to_string(m_options.sleepMs)
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
{ }

SleepersClient::~SleepersClient()
{
    for (Connection &connection : m_connections) {
        if (connection.fd >= 0)
            ::close(connection.fd);
    }
    if (m_queue >= 0)
        ::close(m_queue);
}

bool SleepersClient::run(std::string *error)
{
    const size_t count = size_t(std::max(0, m_options.count));
    if (!raiseDescriptorLimit(rlim_t(count) + 32, error))
        return false;
    in_addr target {};
    if (::inet_pton(AF_INET, m_options.host.c_str(), &target) != 1) {
        *error = "not an IPv4 address: " + m_options.host;
        return false;
    }
    m_queue = ::epoll_create1(EPOLL_CLOEXEC);
    if (m_queue < 0) {
        *error = std::string("epoll_create1: ") + std::strerror(errno);
        return false;
    }
    m_connections.assign(count, Connection {});
    m_result = Result {};
    m_result.latencyMs.reserve(count);
    m_result.connectMs.reserve(count);

    m_firstConnect = Clock::now();
    m_lastFinish = m_firstConnect;
    Clock::time_point lastConnect = m_firstConnect;
    const Clock::time_point deadline = m_firstConnect
        + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
            std::max(0.0, m_options.timeoutSeconds)));
    epoll_event events[eventBatch];
    while (m_finished < count) {
        const Clock::time_point now = Clock::now();
        if (now >= deadline)
            break;
        const double elapsed = std::chrono::duration<double>(now - m_firstConnect).count();
        const size_t due = m_options.rate > 0
            ? std::min(count, size_t(1 + std::floor(elapsed * m_options.rate)))
            : count;
        for (size_t batch = 0; m_started < due && batch < connectBatch; ++batch) {
            startNext(target);
            lastConnect = Clock::now();
        }
        int waitMs;
        if (m_started < due) {
            waitMs = 0; // more are due: only collect what is ready
        } else if (m_started < count) {
            const double nextSlot = double(m_started) / m_options.rate;
            waitMs = std::max(1, int(std::ceil((nextSlot - elapsed) * 1000)));
        } else {
            waitMs = std::max(1, int(std::ceil(millisecondsBetween(now, deadline))));
        }
        waitMs = std::min(waitMs, 1000);
        const int ready = ::epoll_wait(m_queue, events, eventBatch, waitMs);
        if (ready < 0 && errno != EINTR) {
            *error = std::string("epoll_wait: ") + std::strerror(errno);
            return false;
        }
        for (int i = 0; i < ready; ++i)
            onEvent(size_t(events[i].data.u64), events[i].events);
    }
    m_result.timeouts = int(count - m_finished);
    m_result.connectsIssuedSeconds
        = m_started ? millisecondsBetween(m_firstConnect, lastConnect) / 1000 : 0;
    m_result.wallSeconds = millisecondsBetween(m_firstConnect, m_lastFinish) / 1000;
    return true;
}

void SleepersClient::startNext(const in_addr &target)
{
    const size_t index = m_started++;
    Connection &connection = m_connections[index];
    connection.started = Clock::now();
    connection.state = State::Connecting;
    connection.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (connection.fd < 0) {
        fail(connection);
        return;
    }
    if (m_options.sources > 0) {
        // The port is chosen at connect() for the whole address pair, not at bind() for the
        // source alone, so each source address offers the full ephemeral range.
        const int on = 1;
        ::setsockopt(connection.fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &on, sizeof on);
        sockaddr_in source {};
        source.sin_family = AF_INET;
        source.sin_addr.s_addr = htonl((127u << 24) | (2u + unsigned(index) % m_options.sources));
        if (::bind(connection.fd, reinterpret_cast<sockaddr *>(&source), sizeof source) != 0) {
            fail(connection);
            return;
        }
    }
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(m_options.port);
    address.sin_addr = target;
    if (::connect(connection.fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0
        && errno != EINPROGRESS) {
        fail(connection);
        return;
    }
    // Edge-triggered: one registration for the whole life, no re-arming between phases.
    epoll_event event {};
    event.events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET;
    event.data.u64 = index;
    if (::epoll_ctl(m_queue, EPOLL_CTL_ADD, connection.fd, &event) != 0) {
        fail(connection);
        return;
    }
    // On loopback the handshake is over when connect() returns: sending now saves a turn of
    // the loop per connection. Otherwise send() says EAGAIN and EPOLLOUT comes later.
    onWritable(connection);
}

void SleepersClient::onEvent(size_t index, uint32_t events)
{
    Connection &connection = m_connections[index];
    // A failed connect shows as EPOLLERR or EPOLLHUP; send() then reports its error.
    if ((connection.state == State::Connecting || connection.state == State::Sending)
        && (events & (EPOLLOUT | EPOLLERR | EPOLLHUP)))
        onWritable(connection);
    if (connection.state == State::Reading
        && (events & (EPOLLIN | EPOLLRDHUP | EPOLLERR | EPOLLHUP)))
        onReadable(connection);
}

void SleepersClient::onWritable(Connection &connection)
{
    while (connection.sent < m_request.size()) {
        const ssize_t n = ::send(connection.fd, m_request.data() + connection.sent,
                                 m_request.size() - connection.sent, MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                fail(connection);
            return; // EAGAIN: not yet connected, or no room; the next EPOLLOUT edge resumes
        }
        if (connection.state == State::Connecting) {
            m_result.connectMs.push_back(millisecondsBetween(connection.started, Clock::now()));
            connection.state = State::Sending;
        }
        connection.sent += size_t(n);
    }
    connection.state = State::Reading;
}

void SleepersClient::onReadable(Connection &connection)
{
    char buffer[16 * 1024];
    // Edge-triggered: read until the kernel has nothing more, or the next edge never comes.
    while (connection.state == State::Reading) {
        const ssize_t n = ::recv(connection.fd, buffer, sizeof buffer, 0);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK)
                fail(connection);
            return;
        }
        if (n == 0) {
            // The end of the body only when no Content-Length said where it ends.
            if (connection.status != 0 && connection.bodyLeft < 0)
                finish(connection);
            else
                fail(connection);
            return;
        }
        long long body = n;
        if (connection.status == 0) {
            const size_t before = connection.head.size();
            connection.head.append(buffer, size_t(n));
            const size_t end = connection.head.find("\r\n\r\n", before >= 3 ? before - 3 : 0);
            if (end == std::string::npos) {
                if (connection.head.size() > maxHead)
                    fail(connection);
                continue;
            }
            if (!parseHead(connection, end)) {
                fail(connection);
                return;
            }
            body = (long long)(connection.head.size() - (end + 4));
            connection.head.clear();
            connection.head.shrink_to_fit();
        }
        if (connection.bodyLeft >= 0) {
            connection.bodyLeft -= body;
            if (connection.bodyLeft <= 0)
                finish(connection);
        }
    }
}

bool SleepersClient::parseHead(Connection &connection, size_t headEnd)
{
    const std::string &head = connection.head;
    // "HTTP/1.1 200 OK": the three digits after the first space.
    const size_t space = head.find(' ');
    if (head.compare(0, 5, "HTTP/") != 0 || space == std::string::npos || space + 4 > headEnd)
        return false;
    int status = 0;
    for (size_t i = space + 1; i < space + 4; ++i) {
        if (head[i] < '0' || head[i] > '9')
            return false;
        status = status * 10 + (head[i] - '0');
    }
    connection.status = status;
    connection.bodyLeft = -1;
    size_t line = head.find("\r\n");
    while (line != std::string::npos && line < headEnd) {
        const size_t start = line + 2;
        const size_t colon = head.find(':', start);
        line = head.find("\r\n", start);
        if (colon == std::string::npos || colon > line)
            continue;
        std::string name = head.substr(start, colon - start);
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return char(std::tolower(c)); });
        if (name == "content-length")
            connection.bodyLeft = std::atoll(head.c_str() + colon + 1);
    }
    // A response to GET has a body only if it says so; 1xx, 204 and 304 never have one.
    if (status < 200 || status == 204 || status == 304)
        connection.bodyLeft = 0;
    return true;
}

void SleepersClient::finish(Connection &connection)
{
    m_lastFinish = Clock::now();
    m_result.latencyMs.push_back(millisecondsBetween(connection.started, m_lastFinish));
    if (connection.status == 200)
        ++m_result.ok;
    else
        ++m_result.otherStatus;
    close(connection);
}

void SleepersClient::fail(Connection &connection)
{
    ++m_result.errors;
    close(connection);
}

void SleepersClient::close(Connection &connection)
{
    if (connection.fd >= 0)
        ::close(connection.fd); // also leaves the epoll set
    connection.fd = -1;
    connection.state = State::Done;
    ++m_finished;
}
