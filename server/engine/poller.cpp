#include "poller.h"

#include "qtpoller.h"
#ifdef SERVESCOPE_HAVE_EPOLL
#include "epollpoller.h"
#endif

Poller::~Poller() = default;

std::unique_ptr<Poller> Poller::create(QObject *parent)
{
#ifdef SERVESCOPE_HAVE_EPOLL
    if (qgetenv("SERVESCOPE_POLLER") != "qt")
        return std::make_unique<EpollPoller>(parent);
#endif
    return std::make_unique<QtPoller>(parent);
}
