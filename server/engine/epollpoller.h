#pragma once

#include "poller.h"

class QSocketNotifier;

/*!
    Poller over one level-triggered epoll set, watched by a single QSocketNotifier, with an
    eventfd in the set for wake(). Many ready descriptors, and many wake() calls between two
    rounds, cost one wake-up of the thread. The only file that calls epoll.
*/
class EpollPoller : public Poller
{
    Q_OBJECT

public:
    explicit EpollPoller(QObject *parent = nullptr);
    ~EpollPoller() override;

    bool isValid() const override { return m_epoll >= 0 && m_wakeFd >= 0; }
    const char *name() const override { return "epoll"; }
    bool add(int fd, quint64 key, unsigned interest) override;
    bool modify(int fd, quint64 key, unsigned interest) override;
    void remove(int fd) override;
    void dispatch() override;
    void wake() override;

private:
    bool control(int operation, int fd, quint64 key, unsigned interest);

    int m_epoll = -1;
    int m_wakeFd = -1;
    QSocketNotifier *m_notifier = nullptr;
};
