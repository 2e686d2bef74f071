#pragma once

#include "dispatchmode.h"
#include "serverevent.h"

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QString>

#include <deque>

/*!
    The concurrency timeline: one lane per thread (0 = the server thread, n = pool worker n),
    each request a bar from its start to its end on the lane of the thread that handled it.
    A request still running is an open bar. Bounded: the last maxBars() bars that overlap the
    last windowMs() milliseconds.
*/
class TimelineData
{
public:
    struct Lane
    {
        int thread = 0;
        QString name; //!< "server thread", "worker 2" (translated)
    };

    struct Bar
    {
        quint64 requestId = 0;
        quint64 connectionId = 0;
        qint64 startMs = 0; //!< request head parsed
        qint64 handleStartMs
            = 0; //!< a handler took it (> startMs if it was queued; -1 while queued)
        qint64 endMs = -1; //!< response sent; -1 while open
        int thread = 0; //!< the lane
        int status = 0; //!< 0 while open
        DispatchMode mode = DispatchMode::Pooled;
        QByteArray method;
        QByteArray target;
        bool isOpen() const { return endMs < 0; }
    };

    static constexpr int defaultMaxBars = 2000;
    static constexpr qint64 defaultWindowMs = 60000;

    TimelineData();

    int maxBars() const { return m_maxBars; }
    void setMaxBars(int bars);
    qint64 windowMs() const { return m_windowMs; }
    void setWindowMs(qint64 ms);

    /*! Shows lanes for the server thread and \a workers pool workers even while they idle. */
    void setWorkerCount(int workers);
    int workerCount() const { return m_workerCount; }

    /*! Applies RequestStarted/Finished and StateChanged (Handling moves a bar to its thread). */
    void appendEvents(const ServerEventBatch &events);
    /*! Drops bars that ended before \a nowMs - windowMs() (and open ones long lost). */
    void prune(qint64 nowMs);
    void clear();

    /*! The lanes to draw, ordered by thread: 0..workerCount() plus any thread a bar uses. */
    QList<Lane> lanes() const;
    /*! Bars that overlap [\a fromMs, \a toMs] (open bars reach to the present), oldest first. */
    QList<Bar> bars(qint64 fromMs, qint64 toMs) const;
    /*! Whether any bar overlaps [\a fromMs, \a toMs]: bars() without the copies. */
    bool hasBarsIn(qint64 fromMs, qint64 toMs) const;
    int barCount() const { return int(m_bars.size()); }
    int openBarCount() const { return int(m_open.size()); }
    /*! The latest event time seen (wall clock ms), 0 before any. */
    qint64 latestMs() const { return m_latestMs; }

private:
    Bar *openBar(quint64 requestId);
    void trim();

    std::deque<Bar> m_bars; // in start order
    quint64 m_frontSeq = 0; // sequence number of m_bars.front()
    QHash<quint64, quint64> m_open; // requestId -> sequence number of its open bar
    QHash<quint64, quint64> m_openByConnection; // connectionId -> requestId of its open bar
    qint64 m_latestMs = 0;
    qint64 m_windowMs = defaultWindowMs;
    int m_maxBars = defaultMaxBars;
    int m_workerCount = 0;
};
