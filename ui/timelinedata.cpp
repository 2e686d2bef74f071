#include "timelinedata.h"

#include "monitortext.h"

#include <algorithm>
#include <limits>

namespace {
// An open request older than the window by this much lost its end (a dropped event); let go.
constexpr qint64 openGraceMs = 120000;

} // namespace

TimelineData::TimelineData() = default;

void TimelineData::setMaxRequests(int requests)
{
    m_maxRequests = std::max(1, requests);
    trim();
}

void TimelineData::setWindowMs(qint64 ms)
{
    m_windowMs = std::max<qint64>(1000, ms);
}

void TimelineData::setWorkerCount(int workers)
{
    m_workerCount = std::max(0, workers);
}

TimelineData::Request *TimelineData::find(quint64 requestId)
{
    const int index = indexOf(requestId);
    return index < 0 ? nullptr : &m_requests[size_t(index)];
}

const TimelineData::Request *TimelineData::request(quint64 requestId) const
{
    return const_cast<TimelineData *>(this)->find(requestId);
}

int TimelineData::indexOf(quint64 requestId) const
{
    if (m_inIdOrder) {
        // (A request seen for the first time is usually newer than all: not here.)
        if (m_requests.empty() || requestId < m_requests.front().requestId
            || requestId > m_requests.back().requestId)
            return -1;
        // Ids usually follow one another without a gap: then the offset is the index.
        const quint64 offset = requestId - m_requests.front().requestId;
        if (offset < m_requests.size() && m_requests[size_t(offset)].requestId == requestId)
            return int(offset);
        const auto it = std::lower_bound(
            m_requests.cbegin(), m_requests.cend(), requestId,
            [](const Request &request, quint64 id) { return request.requestId < id; });
        return it != m_requests.cend() && it->requestId == requestId ? int(it - m_requests.cbegin())
                                                                     : -1;
    }
    const auto it = m_index.constFind(requestId);
    if (it == m_index.cend() || it.value() < m_frontSeq)
        return -1;
    return int(it.value() - m_frontSeq);
}

void TimelineData::noteLanes(const Request &request)
{
    m_maxThread = std::max(m_maxThread, request.phases.thread);
    m_poolUsed = m_poolUsed || request.phases.queue == RequestPhases::Queue::Pool;
    m_turnUsed = m_turnUsed || request.phases.queue == RequestPhases::Queue::Turn;
}

void TimelineData::recountLanes()
{
    m_maxThread = m_totalsMaxThread;
    m_poolUsed = m_totalsPoolUsed;
    m_turnUsed = m_totalsTurnUsed;
    for (const Request &request : m_requests)
        noteLanes(request);
}

TimelineData::Request &TimelineData::findOrAdd(const ServerEvent &event)
{
    if (Request *request = find(event.requestId))
        return *request;
    Request request;
    request.requestId = event.requestId;
    request.connectionId = event.connectionId;
    request.mode = event.mode;
    if (m_requests.empty()) {
        m_inIdOrder = true;
        m_index.clear();
    } else if (m_inIdOrder && request.requestId < m_requests.back().requestId) {
        m_inIdOrder = false; // seen out of order: from now on, look ids up in a hash
        reindex();
    }
    if (!m_inIdOrder)
        m_index.insert(request.requestId, m_frontSeq + m_requests.size());
    ++m_openCount;
    m_openByConnection.insert(request.connectionId, request.requestId);
    m_requests.push_back(std::move(request));
    return m_requests.back();
}

void TimelineData::end(Request &request, qint64 endUs)
{
    if (request.isOpen())
        --m_openCount;
    request.endUs = std::max<qint64>(endUs, 0);
    if (m_openByConnection.value(request.connectionId) == request.requestId)
        m_openByConnection.remove(request.connectionId);
}

void TimelineData::appendEvents(const ServerEventBatch &events)
{
    for (const ServerEvent &event : events) {
        m_latestMs = std::max(m_latestMs, event.timeMs);
        switch (event.type) {
        case ServerEvent::Type::RequestQueued:
        case ServerEvent::Type::RequestStarted: {
            Request &request = findOrAdd(event);
            if (!request.isOpen())
                break; // a worker's start published after the server thread's answer
            // What the engine has measured so far; a sleep noted already stays.
            const RequestPhases sleep = request.phases;
            request.phases = event.phases;
            // Events without phases (from elsewhere than the engine) start when they happened.
            const qint64 atUs = event.timeMs * 1000;
            if (event.type == ServerEvent::Type::RequestStarted && request.phases.startedUs == 0) {
                request.phases.startedUs = atUs;
                request.phases.thread = event.thread;
            }
            if (request.phases.parsedUs == 0)
                request.phases.parsedUs = atUs;
            request.phases.sleepStartUs = sleep.sleepStartUs;
            request.phases.handlerEndUs = sleep.handlerEndUs;
            request.phases.sleepEndUs = sleep.sleepEndUs;
            request.phases.sleepBlocking = sleep.sleepBlocking;
            request.mode = event.mode;
            if (!event.method.isEmpty()) {
                request.method = event.method;
                request.target = event.target;
            }
            noteLanes(request);
            break;
        }
        case ServerEvent::Type::SleepStarted: {
            Request *request = find(event.requestId);
            if (!request || !request->isOpen())
                break;
            RequestPhases &phases = request->phases;
            phases.sleepStartUs
                = event.phases.sleepStartUs > 0 ? event.phases.sleepStartUs : event.timeMs * 1000;
            phases.sleepBlocking = event.phases.sleepBlocking;
            if (!phases.sleepBlocking) // the handler returned to park it
                phases.handlerEndUs = event.phases.handlerEndUs > 0 ? event.phases.handlerEndUs
                                                                    : phases.sleepStartUs;
            break;
        }
        case ServerEvent::Type::SleepFinished:
        case ServerEvent::Type::SleepCancelled: {
            Request *request = find(event.requestId);
            if (!request || !request->isOpen())
                break;
            request->phases.sleepEndUs
                = event.phases.sleepEndUs > 0 ? event.phases.sleepEndUs : event.timeMs * 1000;
            break;
        }
        case ServerEvent::Type::RequestFinished: {
            Request &request = findOrAdd(event);
            request.phases = event.phases;
            request.mode = event.mode;
            request.status = event.status;
            request.peerPort = event.peerPort;
            if (!event.method.isEmpty()) {
                request.method = event.method;
                request.target = event.target;
            }
            if (request.phases.doneUs == 0) // an event without phases: draw it from its duration
                request.phases.doneUs = event.timeMs * 1000;
            if (request.phases.startedUs == 0) {
                request.phases.startedUs = request.phases.doneUs - event.durationUs;
                request.phases.thread = event.thread;
            }
            noteLanes(request);
            // Its life ends with its last byte out, when it was all written.
            end(request, std::max(request.phases.doneUs, request.phases.sentUs));
            break;
        }
        case ServerEvent::Type::ConnectionClosed: {
            // A request cut short (the client went away) ends with its connection.
            const auto it = m_openByConnection.constFind(event.connectionId);
            if (it == m_openByConnection.cend())
                break;
            if (Request *request = find(it.value()))
                end(*request, event.timeMs * 1000);
            m_openByConnection.remove(event.connectionId);
            break;
        }
        case ServerEvent::Type::ConnectionOpened:
        case ServerEvent::Type::StateChanged:
            break;
        }
    }
    trim();
}

void TimelineData::trim()
{
    if (m_requests.size() <= size_t(m_maxRequests))
        return;
    while (m_requests.size() > size_t(m_maxRequests)) {
        const Request &front = m_requests.front();
        addToTotals(front);
        if (front.isOpen()) {
            --m_openCount;
            if (m_openByConnection.value(front.connectionId) == front.requestId)
                m_openByConnection.remove(front.connectionId);
        }
        if (!m_inIdOrder)
            m_index.remove(front.requestId);
        m_requests.pop_front();
        ++m_frontSeq;
    }
    // No recountLanes(): addToTotals() kept the lanes of every request it let go.
}

void TimelineData::addToTotals(const Request &request)
{
    // An open request let go is summed up to the latest event seen: all that is known of it.
    const qint64 nowUs = std::max(m_latestMs * 1000, request.startUs());
    const qint64 startUs = request.startUs();
    m_totalsMaxThread = std::max(m_totalsMaxThread, request.phases.thread);
    m_totalsPoolUsed = m_totalsPoolUsed || request.phases.queue == RequestPhases::Queue::Pool;
    m_totalsTurnUsed = m_totalsTurnUsed || request.phases.queue == RequestPhases::Queue::Turn;
    // Under load thousands of requests a batch land in the same few buckets: look each up once.
    qint64 lastBucket = -1;
    BucketTotals *bucketTotals = nullptr;
    const auto totalsOf = [&](qint64 bucket, int key) -> Totals & {
        if (bucket != lastBucket) {
            lastBucket = bucket;
            bucketTotals = &m_totals[bucket];
        }
        return totalsFor(*bucketTotals, key);
    };
    if (startUs > 0)
        totalsOf(startUs / totalsBucketUs, laneKey(LaneKind::Thread, 0)).requests += 1;
    m_scratch.clear();
    appendSegmentsOf(request, nowUs, m_scratch);
    for (const Segment &segment : std::as_const(m_scratch)) {
        if (segment.lane == LaneKind::Sending)
            continue; // the waterfall's, on no lane of the timeline
        m_totalsEndUs = std::max(m_totalsEndUs, segment.endUs);
        const int key = laneKey(segment.lane, segment.thread);
        for (qint64 bucket = segment.startUs / totalsBucketUs;
             bucket * totalsBucketUs < segment.endUs; ++bucket) {
            const qint64 from = std::max(segment.startUs, bucket * totalsBucketUs);
            const qint64 to = std::min(segment.endUs, (bucket + 1) * totalsBucketUs);
            Totals &totals = totalsOf(bucket, key);
            switch (segment.kind) {
            case SegmentKind::Waiting:
                totals.waitingUs += to - from;
                break;
            case SegmentKind::Running:
                (segment.status >= 400 ? totals.failedUs : totals.runningUs) += to - from;
                break;
            case SegmentKind::Blocked:
                totals.blockedUs += to - from;
                break;
            case SegmentKind::Parked:
                totals.parkedUs += to - from;
                break;
            case SegmentKind::ServerRead:
            case SegmentKind::ServerWrite:
                totals.serverIoUs += to - from;
                break;
            case SegmentKind::Writing:
                break;
            }
        }
    }
}

const TimelineData::Totals *TimelineData::findTotals(const BucketTotals &bucket, int key)
{
    for (const auto &[lane, totals] : bucket) {
        if (lane == key)
            return &totals;
    }
    return nullptr;
}

TimelineData::Totals &TimelineData::totalsFor(BucketTotals &bucket, int key)
{
    for (auto &[lane, totals] : bucket) {
        if (lane == key)
            return totals;
    }
    return bucket.emplace_back(key, Totals()).second;
}

QList<TimelineData::Totals> TimelineData::totals(const Lane &lane, qint64 fromUs,
                                                 double usPerColumn, int columns) const
{
    QList<Totals> result(std::max(0, columns));
    if (m_totals.empty() || columns <= 0 || usPerColumn <= 0)
        return result;
    const int key = laneKey(lane.kind, lane.kind == LaneKind::Thread ? lane.thread : 0);
    const qint64 toUs = fromUs + qint64(usPerColumn * columns);
    for (auto it = m_totals.lower_bound(fromUs / totalsBucketUs);
         it != m_totals.end() && it->first * totalsBucketUs < toUs; ++it) {
        const Totals *found = findTotals(it->second, key);
        if (!found)
            continue;
        const Totals &sums = *found;
        const qint64 bucketFrom = it->first * totalsBucketUs;
        const qint64 bucketTo = bucketFrom + totalsBucketUs;
        // Shared out over the columns the bucket overlaps, by how much of it each holds.
        int column = std::max(0, int(double(bucketFrom - fromUs) / usPerColumn));
        for (; column < columns; ++column) {
            const double columnFrom = double(fromUs) + column * usPerColumn;
            const double columnTo = columnFrom + usPerColumn;
            if (columnFrom >= double(bucketTo))
                break;
            const double share
                = (std::min(columnTo, double(bucketTo)) - std::max(columnFrom, double(bucketFrom)))
                / double(totalsBucketUs);
            if (share <= 0)
                continue;
            Totals &into = result[column];
            into.runningUs += qint64(sums.runningUs * share);
            into.failedUs += qint64(sums.failedUs * share);
            into.blockedUs += qint64(sums.blockedUs * share);
            into.serverIoUs += qint64(sums.serverIoUs * share);
            into.waitingUs += qint64(sums.waitingUs * share);
            into.parkedUs += qint64(sums.parkedUs * share);
        }
    }
    return result;
}

qint64 TimelineData::totalledRequests(qint64 fromUs, qint64 toUs) const
{
    qint64 count = 0;
    const int key = laneKey(LaneKind::Thread, 0);
    for (auto it = m_totals.lower_bound(fromUs / totalsBucketUs);
         it != m_totals.end() && it->first * totalsBucketUs <= toUs; ++it) {
        if (const Totals *totals = findTotals(it->second, key))
            count += totals->requests;
    }
    return count;
}

void TimelineData::reindex()
{
    m_index.clear();
    for (size_t i = 0; i < m_requests.size(); ++i)
        m_index.insert(m_requests[i].requestId, m_frontSeq + i);
}

void TimelineData::prune(qint64 nowMs)
{
    const qint64 horizonUs = (nowMs - m_windowMs) * 1000;
    m_totals.erase(m_totals.begin(), m_totals.lower_bound(horizonUs / totalsBucketUs));
    if (m_totals.empty() && m_totalsEndUs != 0) {
        m_totalsEndUs = 0;
        m_totalsMaxThread = 0;
        m_totalsPoolUsed = m_totalsTurnUsed = false;
        recountLanes();
    }
    const auto expired = [&](const Request &request) {
        return request.isOpen() ? request.startUs() < horizonUs - openGraceMs * 1000
                                : request.endUs < horizonUs;
    };
    const auto forget = [&](const Request &request) {
        if (!m_inIdOrder)
            m_index.remove(request.requestId);
        if (!request.isOpen())
            return;
        --m_openCount;
        if (m_openByConnection.value(request.connectionId) == request.requestId)
            m_openByConnection.remove(request.connectionId);
    };
    // Requests mostly expire in order, from the front.
    bool removed = false;
    while (!m_requests.empty() && expired(m_requests.front())) {
        forget(m_requests.front());
        m_requests.pop_front();
        ++m_frontSeq;
        removed = true;
    }
    // A long request at the front must not keep short ones behind it alive.
    if (std::none_of(m_requests.cbegin(), m_requests.cend(), expired)) {
        if (removed)
            recountLanes();
        return;
    }
    for (const Request &request : m_requests) {
        if (expired(request))
            forget(request);
    }
    m_requests.erase(std::remove_if(m_requests.begin(), m_requests.end(), expired),
                     m_requests.end());
    if (!m_inIdOrder) // (in id order, what is left stays so)
        reindex();
    recountLanes();
}

void TimelineData::clear()
{
    m_frontSeq += m_requests.size();
    m_requests.clear();
    m_index.clear();
    m_inIdOrder = true;
    m_openCount = 0;
    m_openByConnection.clear();
    m_latestMs = 0;
    m_totals.clear();
    m_totalsEndUs = 0;
    m_totalsMaxThread = 0;
    m_totalsPoolUsed = m_totalsTurnUsed = false;
    recountLanes();
}

QList<TimelineData::Lane> TimelineData::lanes() const
{
    const int maxThread = std::max(m_workerCount, m_maxThread);
    const bool pool = m_workerCount > 0 || m_poolUsed;
    QList<Lane> result;
    result.append({LaneKind::Kernel, 0, MonitorText::kernelQueueName()});
    if (m_turnUsed)
        result.append({LaneKind::Turn, 0, MonitorText::turnQueueName()});
    if (pool)
        result.append({LaneKind::Pool, 0, MonitorText::poolQueueName()});
    for (int thread = 0; thread <= maxThread; ++thread)
        result.append({LaneKind::Thread, thread, MonitorText::threadName(thread)});
    result.append({LaneKind::Timers, 0, MonitorText::timersLaneName()});
    return result;
}

QList<TimelineData::Segment> TimelineData::segmentsOf(const Request &request, qint64 nowUs)
{
    QList<Segment> result;
    appendSegmentsOf(request, nowUs, result);
    return result;
}

void TimelineData::appendSegmentsOf(const Request &request, qint64 nowUs, QList<Segment> &result)
{
    const RequestPhases &p = request.phases;
    const qint64 endUs = request.isOpen() ? nowUs : request.endUs;
    // Empty pieces are left out, except a whole handler that took no measurable time: a
    // request on a thread is never invisible.
    const auto add = [&](LaneKind lane, SegmentKind kind, qint64 from, qint64 to, bool toNow,
                         bool keepEmpty = false) {
        if (from <= 0 || to < from || (to == from && !keepEmpty))
            return;
        Segment segment;
        segment.requestId = request.requestId;
        segment.lane = lane;
        segment.kind = kind;
        // Connections live on the server thread: it reads and writes for every request.
        segment.thread = lane == LaneKind::Thread && !segment.isServerIo() ? p.thread : 0;
        segment.startUs = from;
        segment.endUs = to;
        segment.open = toNow && request.isOpen();
        segment.status = request.status;
        result.append(segment);
    };
    // Each step ends where the next began; one not reached yet runs to now (or the end).
    const auto until = [&](qint64 next) {
        return next > 0 ? next : endUs;
    };

    if (p.arrivedUs > 0 && p.readUs > p.arrivedUs)
        add(LaneKind::Kernel, SegmentKind::Waiting, p.arrivedUs, p.readUs, false);
    if (p.receiveStartUs > 0 && p.parsedUs > 0)
        add(LaneKind::Thread, SegmentKind::ServerRead, p.receiveStartUs, p.parsedUs, false);
    if (p.queue != RequestPhases::Queue::None && p.parsedUs > 0)
        add(p.queue == RequestPhases::Queue::Turn ? LaneKind::Turn : LaneKind::Pool,
            SegmentKind::Waiting, p.parsedUs, until(p.startedUs), p.startedUs == 0);
    // The response on its way after the handler, whatever the handler did.
    const auto addSending = [&] {
        if (p.doneUs > 0 && p.sentUs > p.doneUs)
            add(LaneKind::Sending, SegmentKind::Writing, p.doneUs, p.sentUs, false);
        if (p.writeStartUs > 0 && p.sentUs > 0)
            add(LaneKind::Thread, SegmentKind::ServerWrite, p.writeStartUs, p.sentUs, false);
    };
    if (p.startedUs <= 0)
        return;
    if (p.sleepBlocking && p.sleepStartUs > 0) {
        add(LaneKind::Thread, SegmentKind::Running, p.startedUs, p.sleepStartUs, false);
        add(LaneKind::Thread, SegmentKind::Blocked, p.sleepStartUs, until(p.sleepEndUs),
            p.sleepEndUs == 0);
        if (p.sleepEndUs > 0)
            add(LaneKind::Thread, SegmentKind::Running, p.sleepEndUs, until(p.handlerEndUs),
                p.handlerEndUs == 0);
        addSending();
        return;
    }
    add(LaneKind::Thread, SegmentKind::Running, p.startedUs, until(p.handlerEndUs),
        p.handlerEndUs == 0, true);
    if (p.sleepStartUs > 0)
        add(LaneKind::Timers, SegmentKind::Parked, p.sleepStartUs, until(p.sleepEndUs),
            p.sleepEndUs == 0);
    addSending();
    return;
}

namespace {

bool startsBefore(const TimelineData::Segment &a, const TimelineData::Segment &b)
{
    return a.startUs < b.startUs;
}

} // namespace

template<typename Visit>
void TimelineData::forEachSegmentIn(qint64 fromMs, qint64 toMs, qint64 nowUs, Visit visit) const
{
    const qint64 fromUs = fromMs * 1000;
    const qint64 toUs = toMs * 1000;
    QList<Segment> pieces; // one list for all the requests
    for (const Request &request : m_requests) {
        const qint64 endUs = request.isOpen() ? nowUs : request.endUs;
        if (request.startUs() > toUs || endUs < fromUs)
            continue;
        pieces.clear();
        appendSegmentsOf(request, nowUs, pieces);
        for (const Segment &segment : std::as_const(pieces)) {
            if (segment.startUs <= toUs && segment.endUs >= fromUs)
                visit(segment);
        }
    }
}

QList<TimelineData::Segment> TimelineData::segments(qint64 fromMs, qint64 toMs, qint64 nowUs) const
{
    QList<Segment> result;
    result.reserve(qsizetype(m_requests.size()) * 4);
    forEachSegmentIn(fromMs, toMs, nowUs, [&](const Segment &segment) { result.append(segment); });
    std::stable_sort(result.begin(), result.end(), startsBefore);
    return result;
}

QList<QList<TimelineData::Segment>> TimelineData::segmentsByLane(const QList<Lane> &lanes,
                                                                 qint64 fromMs, qint64 toMs,
                                                                 qint64 nowUs) const
{
    QList<QList<Segment>> result(lanes.size());
    forEachSegmentIn(fromMs, toMs, nowUs, [&](const Segment &segment) {
        for (qsizetype lane = 0; lane < lanes.size(); ++lane) {
            if (segment.isOn(lanes[lane])) {
                result[lane].append(segment);
                return;
            }
        }
    });
    // In order of first sight the pieces of a lane are nearly in start order already.
    for (QList<Segment> &lane : result) {
        if (!std::is_sorted(lane.cbegin(), lane.cend(), startsBefore))
            std::stable_sort(lane.begin(), lane.end(), startsBefore);
    }
    return result;
}

bool TimelineData::hasRequestsIn(qint64 fromMs, qint64 toMs) const
{
    // Newest first: the requests inside a recent window are usually the last ones.
    return std::any_of(m_requests.crbegin(), m_requests.crend(), [&](const Request &request) {
        return request.startUs() <= toMs * 1000
            && (request.isOpen() || request.endUs >= fromMs * 1000);
    });
}

TimelineData::Packing TimelineData::pack(const QList<Segment> &segments, int maxRows)
{
    Packing packing;
    packing.row.reserve(segments.size());
    QList<qint64> rowEnds; // end of the last segment per row
    for (const Segment &segment : segments) {
        int row = 0;
        while (row < rowEnds.size() && rowEnds[row] > segment.startUs)
            ++row;
        if (row >= maxRows) {
            packing.row.append(-1);
            ++packing.hidden;
            continue;
        }
        if (row == rowEnds.size())
            rowEnds.append(std::numeric_limits<qint64>::min());
        rowEnds[row] = segment.endUs;
        packing.row.append(row);
    }
    packing.rows = int(rowEnds.size());
    return packing;
}
