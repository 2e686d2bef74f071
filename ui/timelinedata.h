#pragma once

#include "dispatchmode.h"
#include "requestphases.h"
#include "serverevent.h"

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QString>

#include <array>
#include <deque>
#include <map>
#include <type_traits>
#include <utility>
#include <vector>

/*!
    The concurrency timeline as occupancy: what each thread was doing, and where each wait was
    spent. Built from the phases the engine measures for every request (RequestPhases):

    - a *thread lane* (the server thread, each pool worker) holds only what that thread did:
      running a handler, or blocked in a blocking sleep; the server thread's lane also holds
      its own reading and parsing of each head and writing of each response;
    - a sleep parked on a timer holds no thread: it goes in the *timers* lane;
    - a request that waits is drawn in a *queue* lane: unread in the kernel, waiting for its
      turn (Sequential) or for a worker (Pooled), never in the lane of a thread.

    Bounded: the last maxRequests() requests that overlap the last windowMs() milliseconds.
    Requests let go for the count (a high rate) are not forgotten: their time on each lane is
    kept as totals per totalsBucketUs (totals()), so a lane never shows idle where it was busy.
*/
class TimelineData
{
public:
    enum class LaneKind : quint8 {
        Kernel, //!< bytes arrived but not read yet (behind a blocked thread, say)
        Turn, //!< parsed, waiting for its connection's turn
        Pool, //!< parsed, waiting for a free worker
        Thread, //!< one thread: the server thread or a worker
        Timers, //!< parked sleeps: held by no thread
        /*! The response handed over, its bytes not all written yet (the waterfall shows it;
            the timeline has no lane for it: no thread of the server waits on it). */
        Sending,
    };

    struct Lane
    {
        LaneKind kind = LaneKind::Thread;
        int thread = 0; //!< for Thread lanes
        QString name; //!< translated
        /*! Many requests can be here at once (a queue, the timers); a thread does one thing. */
        bool isShared() const { return kind != LaneKind::Thread; }
        bool operator==(const Lane &other) const
        {
            return kind == other.kind && thread == other.thread;
        }
    };

    enum class SegmentKind : quint8 {
        Waiting, //!< in a queue lane
        Running, //!< a handler on the thread's CPU
        Blocked, //!< the thread held by a blocking sleep, doing nothing
        Parked, //!< a sleep on a timer, no thread held
        Writing, //!< its response being written to a client that reads it
        ServerRead, //!< the server thread reading and parsing its head
        ServerWrite, //!< the server thread writing its response to the socket
    };

    /*! One request's life so far. */
    struct Request
    {
        quint64 requestId = 0;
        quint64 connectionId = 0;
        QByteArray method;
        QByteArray target;
        DispatchMode mode = DispatchMode::Pooled;
        int status = 0; //!< 0 while open, or when its client left before an answer
        quint16 peerPort = 0; //!< the client's port, once finished (0 before)
        RequestPhases phases;
        qint64 endUs = -1; //!< answered, or its connection closed; -1 while open
        bool isOpen() const { return endUs < 0; }
        /*! Its first step measured: the arrival, or what came first after it. */
        qint64 startUs() const
        {
            for (qint64 us : {phases.arrivedUs, phases.readUs, phases.parsedUs, phases.startedUs,
                              phases.sleepStartUs, phases.doneUs}) {
                if (us > 0)
                    return us;
            }
            return endUs;
        }
    };

    /*! A piece of a request's life on one lane. */
    struct Segment
    {
        quint64 requestId = 0;
        LaneKind lane = LaneKind::Thread;
        int thread = 0;
        SegmentKind kind = SegmentKind::Running;
        qint64 startUs = 0;
        qint64 endUs = 0;
        bool open = false; //!< still going: its end is now
        int status = 0;
        /*! The server thread's own reading, parsing or writing (its lane, not the request's). */
        bool isServerIo() const
        {
            return kind == SegmentKind::ServerRead || kind == SegmentKind::ServerWrite;
        }
        bool isOn(const Lane &other) const
        {
            return lane == other.kind && (lane != LaneKind::Thread || thread == other.thread);
        }
    };

    /*! Time on one lane in one stretch, by what it was (µs). */
    struct Totals
    {
        qint64 runningUs = 0;
        qint64 failedUs = 0; //!< running, for a request answered 4xx/5xx
        qint64 blockedUs = 0;
        qint64 serverIoUs = 0;
        qint64 waitingUs = 0; //!< summed over the requests waiting (shared lanes)
        qint64 parkedUs = 0;
        qint64 requests = 0; //!< requests let go that began in this stretch (any lane)
        bool isEmpty() const
        {
            return runningUs + failedUs + blockedUs + serverIoUs + waitingUs + parkedUs == 0;
        }
    };
    static constexpr qint64 totalsBucketUs = 10000;

    static constexpr int defaultMaxRequests = 2000;
    static constexpr qint64 defaultWindowMs = 60000;

    TimelineData();

    int maxRequests() const { return m_maxRequests; }
    void setMaxRequests(int requests);
    qint64 windowMs() const { return m_windowMs; }
    void setWindowMs(qint64 ms);

    /*! Shows lanes for the server thread and \a workers pool workers even while they idle. */
    void setWorkerCount(int workers);
    int workerCount() const { return m_workerCount; }

    /*! Applies the Request*, Sleep* and ConnectionClosed events. */
    void appendEvents(const ServerEventBatch &events);
    /*! Drops requests that ended before \a nowMs - windowMs() (and open ones long lost). */
    void prune(qint64 nowMs);
    void clear();

    /*!
        The lanes to draw, in this order: the kernel queue, the turn queue (once used), the pool
        queue (with workers), the server thread and each worker, the timers.
    */
    QList<Lane> lanes() const;
    /*! The segments of requests that overlap [\a fromMs, \a toMs]; open ones end at \a nowUs. */
    QList<Segment> segments(qint64 fromMs, qint64 toMs, qint64 nowUs) const;
    /*!
        The same segments split by lane: a list for each of \a lanes, in start order (a
        segment on none of them is left out). Cheaper than sorting them all and splitting.
    */
    QList<QList<Segment>> segmentsByLane(const QList<Lane> &lanes, qint64 fromMs, qint64 toMs,
                                         qint64 nowUs) const;
    /*! Whether any request overlaps [\a fromMs, \a toMs]. */
    bool hasRequestsIn(qint64 fromMs, qint64 toMs) const;
    /*! The request with \a requestId, or null when it is not (or no longer) here. */
    const Request *request(quint64 requestId) const;
    int requestCount() const { return int(m_requests.size()); }
    /*! The request at \a index, in order of first sight (0 = oldest kept); index must be valid. */
    const Request &requestAt(int index) const { return m_requests[size_t(index)]; }
    /*! The index of \a requestId for requestAt(), or -1 when it is not (or no longer) here. */
    int indexOf(quint64 requestId) const;
    int openRequestCount() const { return m_openCount; }
    /*! The latest event time seen (ms), 0 before any. */
    qint64 latestMs() const { return m_latestMs; }

    /*!
        The totals of the requests let go, on \a lane, in \a columns stretches of \a usPerColumn
        from \a fromUs (a bucket that straddles two columns is shared out by overlap).
    */
    QList<Totals> totals(const Lane &lane, qint64 fromUs, double usPerColumn, int columns) const;
    /*! How many requests let go began in [\a fromUs, \a toUs]. */
    qint64 totalledRequests(qint64 fromUs, qint64 toUs) const;
    /*! The latest end of a request let go (0: none): before it, lanes draw totals too. */
    qint64 totalsEndUs() const { return m_totalsEndUs; }

    /*! A request's segments, in its order of life; open parts end at \a nowUs. */
    static QList<Segment> segmentsOf(const Request &request, qint64 nowUs);
    /*! The same, appended to \a into (so a caller can reuse one list for many requests). */
    static void appendSegmentsOf(const Request &request, qint64 nowUs, QList<Segment> &into);

    /*!
        Rows for the segments of one shared lane, so that overlapping ones sit side by side:
        row[i] for \a segments[i] (in start order), or -1 when all \a maxRows rows are taken
        at its time: hidden, and counted in hidden, so the lane can say "+N more".
    */
    struct Packing
    {
        QList<int> row;
        int rows = 0;
        int hidden = 0;
    };
    static Packing pack(const QList<Segment> &segments, int maxRows);

private:
    Request *find(quint64 requestId);
    Request &findOrAdd(const ServerEvent &event);
    void end(Request &request, qint64 endUs);
    void trim();
    void reindex();
    void noteLanes(const Request &request);
    void recountLanes();
    void addToTotals(const Request &request);
    static int laneKey(LaneKind lane, int thread) { return int(lane) << 16 | thread; }

    std::deque<Request> m_requests; // in order of first sight
    quint64 m_frontSeq = 0; // sequence number of m_requests.front()
    // While the requests are in order of id (the engine numbers them as it reads them), an
    // id is found by its offset from the front or a binary search; seen out of order, the
    // ids go in m_index: requestId -> sequence number.
    bool m_inIdOrder = true;
    QHash<quint64, quint64> m_index;
    int m_openCount = 0; // requests still open
    QHash<quint64, quint64> m_openByConnection; // connectionId -> requestId of its open one
    qint64 m_latestMs = 0;
    qint64 m_windowMs = defaultWindowMs;
    int m_maxRequests = defaultMaxRequests;
    int m_workerCount = 0;
    bool m_turnUsed = false;
    // What lanes() needs from the requests, kept as they come (lanes() runs per repaint).
    int m_maxThread = 0;
    bool m_poolUsed = false;
    // The requests let go for the count, as totals: bucket -> (lane key, time by kind). A
    // bucket holds a few lanes: a short list beats a hash, here and per repaint in totals().
    using BucketTotals = std::vector<std::pair<int, Totals>>;
    static const Totals *findTotals(const BucketTotals &bucket, int key);
    static Totals &totalsFor(BucketTotals &bucket, int key);
    /*! Calls \a visit with each segment that overlaps [\a fromMs, \a toMs], request by request. */
    template<typename Visit>
    void forEachSegmentIn(qint64 fromMs, qint64 toMs, qint64 nowUs, Visit visit) const;
    std::map<qint64, BucketTotals> m_totals;
    qint64 m_totalsEndUs = 0;
    // The lanes the totals need, kept when only totals are left of them.
    int m_totalsMaxThread = 0;
    bool m_totalsPoolUsed = false;
    bool m_totalsTurnUsed = false;
    QList<Segment> m_scratch; // addToTotals()' segments, kept to reuse its allocation
};

// Plain values: lists of them grow by realloc() and copy by memcpy().
static_assert(std::is_trivially_copyable_v<TimelineData::Segment>);
Q_DECLARE_TYPEINFO(TimelineData::Segment, Q_PRIMITIVE_TYPE);
