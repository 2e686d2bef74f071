#pragma once

#include "eventlooplag.h"

#include <QtCore/QtGlobal>

#include <deque>
#include <mutex>

/*!
    The samples behind EventLoopLag: how late each heartbeat of the server thread's loop fired,
    over the last windowUs, and when the next one is due, so a read while the loop is blocked
    right now counts that ongoing lateness too. Times are passed in (ServerClock µs), so it is
    tested without a loop. Thread-safe: the heartbeat writes on the server thread, /-/status
    and the facade read from any.
*/
class LagStatistics
{
public:
    static constexpr qint64 windowUs = 10 * 1000000LL;
    /*! A bound whatever the tick rate: 10 s of 20 ms ticks is 500. */
    static constexpr qsizetype maxSamples = 2048;

    /*! The loop runs; its first heartbeat is due at \a dueUs. */
    void start(qint64 dueUs);
    /*! A heartbeat fired at \a firedUs; the next is due at \a nextDueUs. */
    void tick(qint64 firedUs, qint64 nextDueUs);
    /*! The loop ended: nothing is late any more. Samples stay until they age out. */
    void stop();
    void clear();

    /*!
        Quantiles over the window ending at \a nowUs (the last \a spanUs of it, at most
        windowUs), the ongoing lateness included.
    */
    EventLoopLag snapshot(qint64 nowUs, qint64 spanUs = windowUs) const;
    qsizetype sampleCount() const;

private:
    struct Sample
    {
        qint64 firedUs = 0;
        qint64 lateUs = 0;
    };

    mutable std::mutex m_mutex;
    std::deque<Sample> m_samples; //!< oldest first
    qint64 m_dueUs = 0; //!< 0: no loop running
};
