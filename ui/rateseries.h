#pragma once

#include "serverevent.h"

#include <QtCore/QList>

#include <vector>

/*!
    Requests per second and latency percentiles over the last windowSeconds() seconds (60 by
    default), for a QPainter chart. Finished requests fall into per-second buckets by their
    finish time; each bucket keeps at most sampleCap() latency samples (reservoir sampling), so
    memory is bounded whatever the rate, and p50/p99 are computed once per bucket.
*/
class RateSeries
{
public:
    struct Point
    {
        qint64 timeMs = 0; //!< start of the second, wall clock ms
        int requests = 0; //!< requests finished in that second
        qint64 p50Us = 0; //!< 0 when requests == 0
        qint64 p99Us = 0;
        /*! The longest event-loop lag sampled in that second; -1 when none was sampled. */
        qint64 loopLagUs = -1;
    };

    static constexpr int defaultWindowSeconds = 60;
    static constexpr int defaultSampleCap = 1024;

    RateSeries();

    int windowSeconds() const { return m_windowSeconds; }
    /*! Changing the window forgets the current buckets. */
    void setWindowSeconds(int seconds);
    int sampleCap() const { return m_sampleCap; }
    void setSampleCap(int samples);

    /*! Counts the RequestFinished events of \a events; others are ignored. */
    void appendEvents(const ServerEventBatch &events);
    /*! The server thread's event loop was \a lagUs late at \a timeMs (its second keeps the most).
     */
    void noteLoopLag(qint64 timeMs, qint64 lagUs);
    void clear();

    /*!
        One point per second, oldest first, for the windowSeconds() seconds that ended before
        the second holding \a nowMs (the current, partial second is left out; it would read as a
        dip). Seconds without requests are included as zeros.
    */
    QList<Point> points(qint64 nowMs) const;
    /*! The last complete second before \a nowMs (what a status bar calls "requests/s"). */
    Point lastSecond(qint64 nowMs) const;
    /*! Every request counted since construction or clear(). */
    qint64 totalCount() const { return m_totalCount; }
    /*!
        The requests counted so far that finished before the second holding \a nowMs. Within
        one second, points() and lastSecond() change only if this does (a chart that repaints
        on a change of second or of this count misses nothing). One exception, pinned by an
        expected failure in tst_rateseries: a request stamped two or more seconds after \a nowMs
        (the wall clock stepped back) takes over the bucket of a second still shown without
        changing this count; a chart catches up when the second ends.
    */
    qint64 completedCount(qint64 nowMs) const;

    /*! The second (since the epoch) that holds \a ms: the buckets' and the chart's unit. */
    static qint64 secondOf(qint64 ms);

private:
    struct Bucket
    {
        qint64 second = -1; // epoch seconds; -1 = unused
        int requests = 0;
        std::vector<qint64> samples;
        qint64 loopLagUs = -1;
        mutable qint64 p50Us = 0;
        mutable qint64 p99Us = 0;
        mutable bool dirty = false;
    };

    Point pointFor(qint64 second) const;
    /*! The bucket of \a second, emptied if it held an older one; null when too old to keep. */
    Bucket *claim(qint64 second);
    quint32 nextRandom();

    std::vector<Bucket> m_buckets; // ring indexed by second % size
    qint64 m_latestSecond = -1;
    qint64 m_totalCount = 0;
    int m_windowSeconds = defaultWindowSeconds;
    int m_sampleCap = defaultSampleCap;
    quint32 m_random = 0x9e3779b9u; // xorshift state: deterministic, cheap
};
