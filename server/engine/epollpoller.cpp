#include "epollpoller.h"

#include <QtCore/QSocketNotifier>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace {

quint32 epollEvents(unsigned interest)
{
    // EPOLLRDHUP with reading: a half-close is seen at once, not at the next read; alone, it
    // watches for the peer leaving while reading is paused.
    return ((interest & Poller::ReadInterest) ? quint32(EPOLLIN | EPOLLRDHUP) : 0u)
        | ((interest & Poller::HangUpInterest) ? quint32(EPOLLRDHUP) : 0u)
        | ((interest & Poller::WriteInterest) ? quint32(EPOLLOUT) : 0u);
}

unsigned readyFlags(quint32 events)
{
    return ((events & EPOLLIN) ? Poller::Readable : 0u)
        | ((events & EPOLLOUT) ? Poller::Writable : 0u)
        | ((events & EPOLLRDHUP) ? Poller::HangUp : 0u)
        | ((events & (EPOLLHUP | EPOLLERR)) ? Poller::Failed : 0u);
}

} // namespace

EpollPoller::EpollPoller(QObject *parent)
    : Poller(parent)
    , m_epoll(::epoll_create1(EPOLL_CLOEXEC))
    , m_wakeFd(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC))
{
    if (!isValid())
        return;
    control(EPOLL_CTL_ADD, m_wakeFd, reservedKey, ReadInterest);
    m_notifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &EpollPoller::dispatch);
}

EpollPoller::~EpollPoller()
{
    delete m_notifier;
    if (m_epoll >= 0)
        ::close(m_epoll);
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
}

bool EpollPoller::control(int operation, int fd, quint64 key, unsigned interest)
{
    epoll_event event {};
    event.events = epollEvents(interest);
    event.data.u64 = key;
    return ::epoll_ctl(m_epoll, operation, fd, &event) == 0;
}

bool EpollPoller::add(int fd, quint64 key, unsigned interest)
{
    return control(EPOLL_CTL_ADD, fd, key, interest);
}

bool EpollPoller::modify(int fd, quint64 key, unsigned interest)
{
    return control(EPOLL_CTL_MOD, fd, key, interest);
}

void EpollPoller::remove(int fd)
{
    control(EPOLL_CTL_DEL, fd, 0, 0);
}

void EpollPoller::dispatch()
{
    constexpr int maxEvents = 256;
    epoll_event events[maxEvents];
    // A few full rounds at most, so that timers and queued calls get their turn too.
    for (int round = 0; round < 8; ++round) {
        const int n = ::epoll_wait(m_epoll, events, maxEvents, 0);
        for (int i = 0; i < n; ++i) {
            if (events[i].data.u64 == reservedKey) {
                quint64 counter = 0;
                [[maybe_unused]] const ssize_t r = ::read(m_wakeFd, &counter, sizeof counter);
                reportWake();
            } else {
                reportReady(events[i].data.u64, readyFlags(events[i].events));
            }
        }
        if (n < maxEvents)
            break;
    }
    reportRoundEnd();
}

void EpollPoller::wake()
{
    const quint64 one = 1;
    [[maybe_unused]] const ssize_t n = ::write(m_wakeFd, &one, sizeof one);
}
