#include "qtpoller.h"

#include "platform.h"
#include "wakeevent.h"

#include <QtCore/QAbstractEventDispatcher>
#include <QtCore/QSocketNotifier>
#include <QtCore/QThread>

QtPoller::QtPoller(QObject *parent)
    : Poller(parent)
{ }

QtPoller::~QtPoller()
{
    for (auto &[fd, watch] : m_watches) {
        delete watch.read;
        delete watch.write;
    }
}

bool QtPoller::add(int fd, quint64 key, unsigned interest)
{
    if (fd < 0 || m_watches.count(fd) != 0)
        return false;
    Watch &watch = m_watches[fd];
    watch.key = key;
    apply(fd, watch, interest);
    return true;
}

bool QtPoller::modify(int fd, quint64 key, unsigned interest)
{
    const auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return false;
    it->second.key = key;
    apply(fd, it->second, interest);
    return true;
}

void QtPoller::apply(int fd, Watch &watch, unsigned interest)
{
    // Notifiers are made on first use and then only enabled or disabled: a connection that
    // toggles write interest per response costs no allocation.
    const auto update = [this, fd](QSocketNotifier *&notifier, QSocketNotifier::Type type,
                                   bool wanted, unsigned ready) {
        if (wanted && !notifier) {
            notifier = new QSocketNotifier(fd, type, this);
            connect(notifier, &QSocketNotifier::activated, this,
                    [this, fd, ready] { onActivated(fd, ready); });
        }
        if (notifier && notifier->isEnabled() != wanted)
            notifier->setEnabled(wanted);
    };
    update(watch.read, QSocketNotifier::Read, interest & ReadInterest, Readable);
    update(watch.write, QSocketNotifier::Write, interest & WriteInterest, Writable);
}

void QtPoller::remove(int fd)
{
    const auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    // Possibly called from one of these notifiers' own activation: disable now (the
    // dispatcher forgets the descriptor before it is closed), delete from the event loop.
    for (QSocketNotifier *notifier : {it->second.read, it->second.write}) {
        if (notifier) {
            notifier->setEnabled(false);
            notifier->deleteLater();
        }
    }
    m_watches.erase(it);
}

void QtPoller::onActivated(int fd, unsigned ready)
{
    const auto it = m_watches.find(fd);
    if (it == m_watches.end())
        return;
    // A reset shows only as "readable" here; epoll would say EPOLLERR. Ask the socket, so the
    // engine closes a reset connection at once instead of taking it for a half-close.
    if ((ready & Readable) && Platform::takeSocketError(fd))
        ready |= Failed;
    reportReady(it->second.key, ready);
    reportRoundEnd();
}

void QtPoller::dispatch()
{
    // Readiness arrives through the notifiers: let this thread's dispatcher look now.
    if (QAbstractEventDispatcher *dispatcher = QAbstractEventDispatcher::instance(thread()))
        dispatcher->processEvents(QEventLoop::ExcludeUserInputEvents);
}

void QtPoller::wake()
{
    // One wake-up however many wake() calls come before it runs.
    if (m_wakePosted.testAndSetOrdered(0, 1))
        WakeEvent::post(this);
}

bool QtPoller::event(QEvent *event)
{
    if (!WakeEvent::is(event))
        return Poller::event(event);
    onWake();
    return true;
}

void QtPoller::onWake()
{
    m_wakePosted.storeRelease(0);
    reportWake();
    reportRoundEnd();
}
