#pragma once

#include <QtCore/QObject>

#include <functional>
#include <memory>

/*!
    The readiness seam, after nginx's event modules: the engine registers descriptors with an
    interest and a key of its own, and the poller calls back with the key and what is ready.
    EpollPoller is the Linux mechanism (one epoll set behind one QSocketNotifier: a wake-up
    costs O(ready descriptors)); QtPoller is portable (one QSocketNotifier per descriptor) and
    works wherever Qt does. create() picks one.

    Lives on one thread (the engine's); only wake() may be called from any thread.
*/
class Poller : public QObject
{
    Q_OBJECT

public:
    enum Interest : unsigned {
        ReadInterest = 1,
        WriteInterest = 2,
        HangUpInterest = 4, //!< report HangUp without reading (where the mechanism can)
    };
    enum Ready : unsigned {
        Readable = 1,
        Writable = 2,
        HangUp = 4, //!< the peer closed its sending side (with HangUpInterest, without reading)
        Failed = 8, //!< reset, hung up both ways or in error: nothing more can be sent
    };
    /*! Called for each ready descriptor with its key and a combination of Ready flags. */
    using ReadyFunction = std::function<void(quint64 key, unsigned ready)>;
    using Function = std::function<void()>;

    /*! The key wake() is reported under is never a descriptor's: don't register it. */
    static constexpr quint64 reservedKey = ~quint64(0);

    /*!
        The poller for this platform: epoll on Linux, unless the environment variable
        SERVESCOPE_POLLER is "qt" (so the portable one is tested on Linux too); QtPoller
        elsewhere.
    */
    static std::unique_ptr<Poller> create(QObject *parent = nullptr);

    ~Poller() override;

    /*! False when the mechanism could not be set up (then nothing is ever ready). */
    virtual bool isValid() const = 0;
    /*! "epoll", "qt": for logs and tests. */
    virtual const char *name() const = 0;

    virtual bool add(int fd, quint64 key, unsigned interest) = 0;
    /*! Changes the key and interest of a registered descriptor; false if it is not registered. */
    virtual bool modify(int fd, quint64 key, unsigned interest) = 0;
    /*! Stops watching \a fd. Call it before the descriptor is closed. */
    virtual void remove(int fd) = 0;

    /*! Delivers what is ready now, without waiting (the event loop calls it by itself). */
    virtual void dispatch() = 0;
    /*! Thread-safe: makes the poller's thread call the wake function soon. */
    virtual void wake() = 0;

    void setReadyFunction(ReadyFunction ready) { m_ready = std::move(ready); }
    void setWakeFunction(Function wake) { m_wake = std::move(wake); }
    /*! Called after each round of readiness (and wake-ups): a place to publish what it did. */
    void setRoundEndFunction(Function roundEnd) { m_roundEnd = std::move(roundEnd); }

protected:
    using QObject::QObject;

    void reportReady(quint64 key, unsigned ready) const
    {
        if (m_ready)
            m_ready(key, ready);
    }
    void reportWake() const
    {
        if (m_wake)
            m_wake();
    }
    void reportRoundEnd() const
    {
        if (m_roundEnd)
            m_roundEnd();
    }

private:
    ReadyFunction m_ready;
    Function m_wake;
    Function m_roundEnd;
};
