#pragma once

#include "poller.h"

#include <unordered_map>

class QSocketNotifier;

/*!
    The portable Poller: one QSocketNotifier per descriptor and direction, so it runs wherever
    Qt's event dispatcher does. A wake-up costs what the dispatcher costs per descriptor
    (poll() over all of them on Unix), so it suits tests and ports more than 10,000 clients.
    It cannot see a hang-up while read interest is off (HangUpInterest is ignored): that shows
    at the next read or write, or when the connection times out.
    A reset is recognised by the socket's pending error when it turns readable.
*/
class QtPoller : public Poller
{
    Q_OBJECT

public:
    explicit QtPoller(QObject *parent = nullptr);
    ~QtPoller() override;

    bool isValid() const override { return true; }
    const char *name() const override { return "qt"; }
    bool add(int fd, quint64 key, unsigned interest) override;
    bool modify(int fd, quint64 key, unsigned interest) override;
    void remove(int fd) override;
    void dispatch() override;
    void wake() override;

protected:
    /*! wake()'s event. */
    bool event(QEvent *event) override;

private:
    struct Watch
    {
        quint64 key = 0;
        QSocketNotifier *read = nullptr;
        QSocketNotifier *write = nullptr;
    };

    void apply(int fd, Watch &watch, unsigned interest);
    void onActivated(int fd, unsigned ready);
    void onWake();

    std::unordered_map<int, Watch> m_watches;
    QAtomicInt m_wakePosted;
};
