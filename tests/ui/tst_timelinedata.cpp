#include "requestlife.h"
#include "testevents.h"
#include "timelinedata.h"

#include <QtTest/QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 t0 = 1'790'000'000'000'000; // µs
constexpr qint64 ms = 1000;
constexpr qint64 s = 1000 * ms;

using Kind = TimelineData::SegmentKind;
using LaneKind = TimelineData::LaneKind;

using Life = RequestLife;

ServerEventBatch recorded(const QList<Life> &lives,
                          qint64 nowUs = std::numeric_limits<qint64>::max())
{
    return RequestLife::recorded(lives, nowUs);
}

Life plain(quint64 id, qint64 at, qint64 us, int thread = 0)
{
    return RequestLife::plain(id, at, us, thread);
}

QList<TimelineData::Segment> on(const QList<TimelineData::Segment> &segments, LaneKind lane,
                                int thread = 0)
{
    QList<TimelineData::Segment> result;
    for (const TimelineData::Segment &segment : segments) {
        if (segment.lane == lane && (lane != LaneKind::Thread || segment.thread == thread))
            result.append(segment);
    }
    return result;
}

qint64 coveredUs(const QList<TimelineData::Segment> &segments)
{
    qint64 total = 0;
    for (const TimelineData::Segment &segment : segments)
        total += segment.endUs - segment.startUs;
    return total;
}

QList<TimelineData::Segment> allSegments(const TimelineData &timeline, qint64 nowUs)
{
    return timeline.segments(t0 / 1000 - 60000, nowUs / 1000 + 60000, nowUs);
}

} // namespace

class tst_TimelineData : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pooledParkedSleepsLeaveWorkersFree();
    void blockingSleepHoldsItsThread();
    void concurrentBlockingWaitsInTheKernel_data();
    void concurrentBlockingWaitsInTheKernel();
    void waitsForATurnOrAWorkerSitInQueueLanes_data();
    void waitsForATurnOrAWorkerSitInQueueLanes();
    void serverThreadIoIsOnItsLane_data();
    void serverThreadIoIsOnItsLane();
    void openRequestsReachNow();
    void lanes();
    void packingCountsWhatItHides_data();
    void packingCountsWhatItHides();
    void closedConnectionEndsItsRequest();
    void finishedWithoutPhases();
    void lateWorkerStartChangesNothing();
    void openCountFollowsEveryEnd_data();
    void requestsFoundInAnyOrder_data();
    void segmentsByLaneAsSplit_data();
    void segmentsByLaneAsSplit();
    void requestsFoundInAnyOrder();
    void openCountFollowsEveryEnd();
    void boundedByCount();
    void requestsLetGoBecomeTotals_data();
    void requestsLetGoBecomeTotals();
    void pruneByTime();
    void clear();
};

void tst_TimelineData::pooledParkedSleepsLeaveWorkersFree()
{
    // Ten non-blocking sleeps of 1 s on a pool of 2, and a 1 s computation in the middle: the
    // workers hold each sleep for 50 µs; the computation is the only long thing on a worker.
    QList<Life> lives;
    for (int i = 0; i < 10; ++i) {
        Life life = plain(quint64(i + 1), t0 + i * ms, 50, 1);
        life.mode = DispatchMode::Pooled;
        life.phases.queue = RequestPhases::Queue::Pool;
        life.phases.startedUs += 20;
        life.phases.handlerEndUs = life.phases.startedUs + 50;
        life.phases.sleepStartUs = life.phases.handlerEndUs + 10;
        life.phases.sleepEndUs = life.phases.sleepStartUs + s;
        life.phases.doneUs = life.phases.sleepEndUs + 30;
        life.target = "/sleep?ms=1000";
        lives.append(life);
    }
    Life compute = plain(11, t0 + 100 * ms, s, 1);
    compute.mode = DispatchMode::Pooled;
    compute.phases.queue = RequestPhases::Queue::Pool;
    compute.target = "/compute?ms=1000";
    lives.append(compute);

    TimelineData timeline;
    timeline.setWorkerCount(2);
    timeline.appendEvents(recorded(lives));
    const QList<TimelineData::Segment> segments = allSegments(timeline, t0 + 3 * s);
    QCOMPARE(on(segments, LaneKind::Timers).size(), 10);
    for (const TimelineData::Segment &parked : on(segments, LaneKind::Timers)) {
        QCOMPARE(parked.kind, Kind::Parked);
        QCOMPARE(parked.endUs - parked.startUs, s);
    }
    // Worker 1 was busy for the computation plus 10 × 50 µs, nothing more; worker 2 idled.
    QCOMPARE(coveredUs(on(segments, LaneKind::Thread, 1)), s + 10 * 50);
    QVERIFY(on(segments, LaneKind::Thread, 2).isEmpty());
    QVERIFY(on(segments, LaneKind::Thread, 0).isEmpty());
    for (const TimelineData::Segment &segment : on(segments, LaneKind::Thread, 1))
        QCOMPARE(segment.kind, Kind::Running);

    // While the sleeps are pending the picture is the same: parked, open, on no thread.
    TimelineData live;
    live.setWorkerCount(2);
    const qint64 nowUs = t0 + 500 * ms;
    live.appendEvents(recorded(lives, nowUs));
    const QList<TimelineData::Segment> now = allSegments(live, nowUs);
    const QList<TimelineData::Segment> timers = on(now, LaneKind::Timers);
    QCOMPARE(timers.size(), 10);
    QVERIFY(std::all_of(timers.cbegin(), timers.cend(), [&](const TimelineData::Segment &seg) {
        return seg.open && seg.endUs == nowUs;
    }));
    QCOMPARE(coveredUs(on(now, LaneKind::Thread, 1)), 10 * 50 + (nowUs - (t0 + 100 * ms)));
}

void tst_TimelineData::blockingSleepHoldsItsThread()
{
    // Pooled with blocking sleep: the worker is held for the whole sleep, drawn as blocked.
    Life life = plain(1, t0, 0, 2);
    RequestPhases &p = life.phases;
    p.sleepBlocking = true;
    p.sleepStartUs = t0 + 10;
    p.sleepEndUs = t0 + 10 + s;
    p.handlerEndUs = p.doneUs = p.sleepEndUs + 40;
    TimelineData timeline;
    timeline.appendEvents(life.events());
    const QList<TimelineData::Segment> segments = allSegments(timeline, t0 + 2 * s);
    QVERIFY(on(segments, LaneKind::Timers).isEmpty());
    const QList<TimelineData::Segment> worker = on(segments, LaneKind::Thread, 2);
    QCOMPARE(worker.size(), 3);
    QCOMPARE(worker.at(1).kind, Kind::Blocked);
    QCOMPARE(worker.at(1).endUs - worker.at(1).startUs, s);
    QCOMPARE(coveredUs(worker), s + 50);
}

void tst_TimelineData::concurrentBlockingWaitsInTheKernel_data()
{
    QTest::addColumn<int>("requests");
    QTest::addColumn<qint64>("sleepUs");
    QTest::newRow("10 x 1 s") << 10 << s;
    QTest::newRow("3 x 250 ms") << 3 << 250 * ms;
}

void tst_TimelineData::concurrentBlockingWaitsInTheKernel()
{
    // Concurrent, blocking sleep, n requests sent at once: the server thread reads one, blocks,
    // then the next; the others' bytes wait in the kernel. Their waits: 0, 1, ..., n-1 sleeps.
    QFETCH(int, requests);
    QFETCH(qint64, sleepUs);
    QList<Life> lives;
    for (int i = 0; i < requests; ++i) {
        Life life;
        life.id = quint64(i + 1);
        RequestPhases &p = life.phases;
        p.arrivedUs = t0;
        p.arrivalFromKernel = true;
        p.readUs = p.parsedUs = p.startedUs = t0 + i * sleepUs;
        p.sleepBlocking = true;
        p.sleepStartUs = p.startedUs;
        p.sleepEndUs = p.handlerEndUs = p.doneUs = p.startedUs + sleepUs;
        lives.append(life);
    }
    TimelineData timeline;
    timeline.appendEvents(recorded(lives));
    const QList<TimelineData::Segment> segments = allSegments(timeline, t0 + 20 * s);
    // The waits are in the kernel lane, one per waiting request, 0 .. n-1 sleeps long.
    const QList<TimelineData::Segment> kernel = on(segments, LaneKind::Kernel);
    QCOMPARE(kernel.size(), requests - 1);
    QList<qint64> waits;
    for (const TimelineData::Segment &segment : kernel)
        waits.append((segment.endUs - segment.startUs) / sleepUs);
    std::sort(waits.begin(), waits.end());
    for (int i = 0; i < waits.size(); ++i)
        QCOMPARE(waits.at(i), qint64(i + 1));
    // The server thread was blocked the whole time, one sleep after another, never two at once.
    const QList<TimelineData::Segment> thread = on(segments, LaneKind::Thread, 0);
    QCOMPARE(thread.size(), requests);
    for (int i = 1; i < thread.size(); ++i)
        QVERIFY(thread.at(i).startUs >= thread.at(i - 1).endUs);
    QCOMPARE(coveredUs(thread), requests * sleepUs);
    // The request of the last one: waited n-1 sleeps, handled one.
    const TimelineData::Request *last = timeline.request(quint64(requests));
    QVERIFY(last);
    QCOMPARE(last->phases.waitedUs(), (requests - 1) * sleepUs);
    QCOMPARE(last->phases.handledUs(), sleepUs);
}

void tst_TimelineData::waitsForATurnOrAWorkerSitInQueueLanes_data()
{
    QTest::addColumn<DispatchMode>("mode");
    QTest::addColumn<int>("queue");
    QTest::addColumn<int>("lane");
    QTest::newRow("sequential: turn")
        << DispatchMode::Sequential << int(RequestPhases::Queue::Turn) << int(LaneKind::Turn);
    QTest::newRow("pooled: worker")
        << DispatchMode::Pooled << int(RequestPhases::Queue::Pool) << int(LaneKind::Pool);
}

void tst_TimelineData::waitsForATurnOrAWorkerSitInQueueLanes()
{
    QFETCH(DispatchMode, mode);
    QFETCH(int, queue);
    QFETCH(int, lane);
    Life life = plain(1, t0, 100 * ms, 1);
    life.mode = mode;
    life.phases.queue = RequestPhases::Queue(queue);
    life.phases.startedUs = t0 + 400 * ms;
    life.phases.handlerEndUs = life.phases.doneUs = t0 + 500 * ms;
    TimelineData timeline;
    timeline.appendEvents(life.events());
    const QList<TimelineData::Segment> segments = allSegments(timeline, t0 + s);
    const QList<TimelineData::Segment> waiting = on(segments, LaneKind(lane));
    QCOMPARE(waiting.size(), 1);
    QCOMPARE(waiting.first().kind, Kind::Waiting);
    QCOMPARE(waiting.first().endUs - waiting.first().startUs, 400 * ms);
    // The worker's lane shows only its 100 ms of work.
    QCOMPARE(coveredUs(on(segments, LaneKind::Thread, 1)), 100 * ms);
    QCOMPARE(timeline.request(1)->phases.waitedUs(), 400 * ms);
    QCOMPARE(timeline.request(1)->phases.handledUs(), 100 * ms);
}

void tst_TimelineData::serverThreadIoIsOnItsLane_data()
{
    QTest::addColumn<int>("handlerThread");
    QTest::addColumn<bool>("startTold");
    QTest::newRow("Concurrent: the handler on the server thread") << 0 << true;
    QTest::newRow("Pooled: the handler on worker 1") << 1 << true;
    // As the engine records GET /: no RequestStarted, the RequestFinished tells it all.
    QTest::newRow("Concurrent, told by its RequestFinished alone") << 0 << false;
    QTest::newRow("Pooled, told by RequestQueued and RequestFinished") << 1 << false;
}

void tst_TimelineData::serverThreadIoIsOnItsLane()
{
    // The server thread reads and parses every head and writes every response, whichever
    // thread ran the handler: those pieces are on its lane, and only the handler on a worker's.
    QFETCH(int, handlerThread);
    QFETCH(bool, startTold);
    QList<Life> lives;
    for (int i = 0; i < 3; ++i) {
        Life life;
        life.id = quint64(i + 1);
        life.startTold = startTold;
        RequestPhases &p = life.phases;
        p.arrivedUs = p.readUs = p.receiveStartUs = t0 + i * ms;
        p.parsedUs = p.readUs + 20;
        p.thread = handlerThread;
        if (handlerThread > 0)
            p.queue = RequestPhases::Queue::Pool;
        p.startedUs = p.parsedUs + 10;
        p.handlerEndUs = p.doneUs = p.startedUs + 100;
        p.writeStartUs = p.doneUs + 5;
        p.sentUs = p.writeStartUs + 30;
        lives.append(life);
    }
    Life old = plain(9, t0 + 10 * ms, 100, handlerThread); // from before the stamps: no I/O
    old.startTold = startTold;
    lives.append(old);
    const ServerEventBatch events = recorded(lives);
    QCOMPARE(std::count_if(
                 events.cbegin(), events.cend(),
                 [](const ServerEvent &e) { return e.type == ServerEvent::Type::RequestStarted; }),
             startTold ? 4 : 0);
    TimelineData timeline;
    timeline.appendEvents(events);
    const QList<TimelineData::Segment> segments = allSegments(timeline, t0 + s);

    const QList<TimelineData::Segment> server = on(segments, LaneKind::Thread, 0);
    QList<Kind> kinds;
    for (const TimelineData::Segment &segment : server) {
        if (segment.requestId == 2)
            kinds.append(segment.kind);
    }
    if (handlerThread == 0)
        QCOMPARE(kinds, (QList<Kind> {Kind::ServerRead, Kind::Running, Kind::ServerWrite}));
    else
        QCOMPARE(kinds, (QList<Kind> {Kind::ServerRead, Kind::ServerWrite}));
    qint64 ioUs = 0;
    for (const TimelineData::Segment &segment : server) {
        if (segment.isServerIo())
            ioUs += segment.endUs - segment.startUs;
        QVERIFY(segment.requestId != 9 || !segment.isServerIo());
    }
    QCOMPARE(ioUs, 3 * (20 + 30));
    // Never two things at once on the server thread.
    for (qsizetype i = 1; i < server.size(); ++i)
        QVERIFY(server[i].startUs >= server[i - 1].endUs);
    if (handlerThread > 0) {
        const QList<TimelineData::Segment> worker = on(segments, LaneKind::Thread, handlerThread);
        QCOMPARE(worker.size(), 4);
        QVERIFY(std::all_of(worker.cbegin(), worker.cend(), [](const TimelineData::Segment &s) {
            return s.kind == Kind::Running;
        }));
    }
}

void tst_TimelineData::openRequestsReachNow()
{
    Life queued = plain(1, t0, 0, 0);
    queued.mode = DispatchMode::Pooled;
    queued.phases.queue = RequestPhases::Queue::Pool;
    queued.phases.startedUs = t0 + 900 * ms; // later than now
    Life running = plain(2, t0, 0, 1);
    running.phases.handlerEndUs = running.phases.doneUs = t0 + 2 * s;
    TimelineData timeline;
    const qint64 nowUs = t0 + 300 * ms;
    timeline.appendEvents(recorded({queued, running}, nowUs));
    QCOMPARE(timeline.openRequestCount(), 2);
    const QList<TimelineData::Segment> segments = allSegments(timeline, nowUs);
    const QList<TimelineData::Segment> pool = on(segments, LaneKind::Pool);
    QCOMPARE(pool.size(), 1);
    QVERIFY(pool.first().open);
    QCOMPARE(pool.first().endUs, nowUs);
    const QList<TimelineData::Segment> worker = on(segments, LaneKind::Thread, 1);
    QCOMPARE(worker.size(), 1);
    QVERIFY(worker.first().open);
    QCOMPARE(worker.first().endUs, nowUs);

    timeline.appendEvents(recorded({running}));
    QCOMPARE(timeline.openRequestCount(), 1);
    QVERIFY(!on(allSegments(timeline, t0 + 3 * s), LaneKind::Thread, 1).first().open);
}

void tst_TimelineData::lanes()
{
    TimelineData timeline;
    const auto kinds = [&] {
        QList<QPair<int, int>> result;
        for (const TimelineData::Lane &lane : timeline.lanes())
            result.append({int(lane.kind), lane.thread});
        return result;
    };
    using P = QList<QPair<int, int>>;
    QCOMPARE(
        kinds(),
        (P {{int(LaneKind::Kernel), 0}, {int(LaneKind::Thread), 0}, {int(LaneKind::Timers), 0}}));
    timeline.setWorkerCount(2);
    QCOMPARE(kinds(),
             (P {{int(LaneKind::Kernel), 0},
                 {int(LaneKind::Pool), 0},
                 {int(LaneKind::Thread), 0},
                 {int(LaneKind::Thread), 1},
                 {int(LaneKind::Thread), 2},
                 {int(LaneKind::Timers), 0}}));
    // The turn queue appears once Sequential used it; a worker beyond the count gets a lane.
    timeline.setWorkerCount(0);
    Life turn = plain(1, t0, 10, 0);
    turn.mode = DispatchMode::Sequential;
    turn.phases.queue = RequestPhases::Queue::Turn;
    timeline.appendEvents(turn.events());
    timeline.appendEvents(plain(2, t0, 10, 3).events());
    QCOMPARE(kinds(),
             (P {{int(LaneKind::Kernel), 0},
                 {int(LaneKind::Turn), 0},
                 {int(LaneKind::Thread), 0},
                 {int(LaneKind::Thread), 1},
                 {int(LaneKind::Thread), 2},
                 {int(LaneKind::Thread), 3},
                 {int(LaneKind::Timers), 0}}));
    for (const TimelineData::Lane &lane : timeline.lanes())
        QVERIFY(!lane.name.isEmpty());
}

void tst_TimelineData::packingCountsWhatItHides_data()
{
    QTest::addColumn<int>("overlapping");
    QTest::addColumn<int>("maxRows");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("hidden");
    QTest::newRow("fits") << 5 << 8 << 5 << 0;
    QTest::newRow("exactly") << 8 << 8 << 8 << 0;
    QTest::newRow("ten sleeps, eight rows") << 10 << 8 << 8 << 2;
    QTest::newRow("one row") << 4 << 1 << 1 << 3;
}

void tst_TimelineData::packingCountsWhatItHides()
{
    QFETCH(int, overlapping);
    QFETCH(int, maxRows);
    QFETCH(int, rows);
    QFETCH(int, hidden);
    QList<TimelineData::Segment> segments;
    for (int i = 0; i < overlapping; ++i) {
        TimelineData::Segment segment;
        segment.requestId = quint64(i + 1);
        segment.startUs = t0 + i;
        segment.endUs = t0 + s;
        segments.append(segment);
    }
    // Then one after all of them: it reuses the first row, hidden by none.
    TimelineData::Segment later;
    later.startUs = t0 + 2 * s;
    later.endUs = t0 + 3 * s;
    segments.append(later);
    const TimelineData::Packing packing = TimelineData::pack(segments, maxRows);
    QCOMPARE(packing.rows, rows);
    QCOMPARE(packing.hidden, hidden);
    QCOMPARE(packing.row.size(), segments.size());
    QCOMPARE(int(std::count(packing.row.cbegin(), packing.row.cend(), -1)), hidden);
    QCOMPARE(packing.row.last(), 0);
}

void tst_TimelineData::closedConnectionEndsItsRequest()
{
    Life life = plain(1, t0, 0, 0);
    life.phases.handlerEndUs = life.phases.doneUs = 0; // never answered
    TimelineData timeline;
    timeline.appendEvents(life.events());
    QCOMPARE(timeline.openRequestCount(), 1);
    timeline.appendEvents({TestEvents::connectionClosed(101, (t0 + 200 * ms) / 1000)});
    QCOMPARE(timeline.openRequestCount(), 0);
    const QList<TimelineData::Segment> segments = allSegments(timeline, t0 + 5 * s);
    QCOMPARE(segments.size(), 1);
    QVERIFY(!segments.first().open);
    QCOMPARE(segments.first().endUs, t0 + 200 * ms);
    QCOMPARE(timeline.request(1)->status, 0);
}

void tst_TimelineData::finishedWithoutPhases()
{
    // A monitor that came late, or an event from elsewhere: drawn from its duration.
    ServerEvent e = TestEvents::requestFinished(7, 3, (t0 + s) / 1000, 200, 250 * ms);
    e.thread = 2;
    TimelineData timeline;
    timeline.appendEvents({e});
    const QList<TimelineData::Segment> segments = allSegments(timeline, t0 + 2 * s);
    QCOMPARE(segments.size(), 1);
    QCOMPARE(segments.first().thread, 2);
    QCOMPARE(segments.first().endUs - segments.first().startUs, 250 * ms);
}

void tst_TimelineData::openCountFollowsEveryEnd_data()
{
    QTest::addColumn<QString>("ending");
    QTest::addColumn<int>("open");
    QTest::newRow("answered") << u"finish"_s << 1;
    QTest::newRow("answered twice") << u"finish,finish"_s << 1;
    QTest::newRow("closed, then answered") << u"close,finish"_s << 1;
    QTest::newRow("answered, then closed") << u"finish,close"_s << 1;
    QTest::newRow("let go for the count") << u"count"_s << 1;
    // Answered after it was let go: seen again, ended, and request 2 let go for the count.
    QTest::newRow("let go for the count, then answered") << u"count,finish"_s << 0;
    QTest::newRow("let go for its age") << u"prune"_s << 0;
}

// Requests 1 and 2 start on connections 101 and 102; each step ends request 1 in one way.
// However often it ends, it stops counting as open once.
void tst_TimelineData::openCountFollowsEveryEnd()
{
    QFETCH(QString, ending);
    QFETCH(int, open);
    Life first = plain(1, t0, 10 * ms, 0);
    Life second = plain(2, t0 + ms, 10 * ms, 0);
    TimelineData timeline;
    timeline.appendEvents({first.events().first()});
    timeline.appendEvents({second.events().first()});
    QCOMPARE(timeline.openRequestCount(), 2);
    for (const QString &step : ending.split(u',')) {
        if (step == u"finish")
            timeline.appendEvents({first.events().last()});
        else if (step == u"close")
            timeline.appendEvents({TestEvents::connectionClosed(101, (t0 + 5 * ms) / 1000)});
        else if (step == u"count")
            timeline.setMaxRequests(1);
        else if (step == u"prune")
            timeline.prune((t0 + 10 * TimelineData::defaultWindowMs * ms) / 1000);
    }
    QCOMPARE(timeline.openRequestCount(), open);
}

void tst_TimelineData::requestsFoundInAnyOrder_data()
{
    QTest::addColumn<QList<quint64>>("ids"); // in the order they are first seen
    QTest::newRow("one after another") << QList<quint64> {1, 2, 3, 4, 5};
    QTest::newRow("with gaps") << QList<quint64> {3, 7, 8, 20, 21};
    QTest::newRow("one late") << QList<quint64> {1, 2, 4, 5, 3};
    QTest::newRow("backwards") << QList<quint64> {9, 7, 5, 3, 1};
    QTest::newRow("a late one first let go") << QList<quint64> {2, 3, 4, 5, 1};
}

// Each request is started, then all are answered in reverse, then the oldest ones are let go
// for the count: every request is found, at the index of its first sight.
void tst_TimelineData::requestsFoundInAnyOrder()
{
    QFETCH(QList<quint64>, ids);
    TimelineData timeline;
    for (int i = 0; i < ids.size(); ++i) {
        timeline.appendEvents({plain(ids[i], t0 + i * ms, 10 * ms).events().first()});
        QCOMPARE(timeline.indexOf(ids[i]), i);
    }
    QCOMPARE(timeline.indexOf(1000), -1);
    QCOMPARE(timeline.indexOf(0), -1);
    for (int i = int(ids.size()) - 1; i >= 0; --i)
        timeline.appendEvents({plain(ids[i], t0 + i * ms, 10 * ms).events().last()});
    QCOMPARE(timeline.requestCount(), ids.size());
    QCOMPARE(timeline.openRequestCount(), 0);
    for (int i = 0; i < ids.size(); ++i) {
        QCOMPARE(timeline.indexOf(ids[i]), i);
        QCOMPARE(timeline.request(ids[i])->status, 200);
    }
    timeline.setMaxRequests(2);
    for (int i = 0; i < ids.size(); ++i)
        QCOMPARE(timeline.indexOf(ids[i]), i < ids.size() - 2 ? -1 : int(i - (ids.size() - 2)));
    // A new request after those let go is found as well.
    timeline.appendEvents({plain(100, t0 + 50 * ms, 10 * ms).events().first()});
    QCOMPARE(timeline.indexOf(100), 1);
    QVERIFY(timeline.request(100));
}

void tst_TimelineData::segmentsByLaneAsSplit_data()
{
    QTest::addColumn<DispatchMode>("mode");
    QTest::addColumn<bool>("blocking");
    QTest::newRow("pooled, parked sleeps") << DispatchMode::Pooled << false;
    QTest::newRow("pooled, blocking sleeps") << DispatchMode::Pooled << true;
    QTest::newRow("concurrent, blocking sleeps") << DispatchMode::Concurrent << true;
}

// segmentsByLane() is segments() split by lane, each lane in the same (start) order, over
// requests that overlap, wait in queues and in the kernel, and sleep.
void tst_TimelineData::segmentsByLaneAsSplit()
{
    QFETCH(DispatchMode, mode);
    QFETCH(bool, blocking);
    QList<Life> lives;
    for (int i = 0; i < 12; ++i) {
        Life life = plain(quint64(i + 1), t0 + (i % 4) * ms, 50,
                          mode == DispatchMode::Pooled ? 1 + i % 2 : 0);
        life.mode = mode;
        life.phases.arrivedUs = life.phases.readUs - (i % 3) * ms;
        if (mode == DispatchMode::Pooled)
            life.phases.queue = RequestPhases::Queue::Pool;
        life.phases.startedUs += i * 100;
        life.phases.sleepBlocking = blocking;
        life.phases.sleepStartUs = life.phases.startedUs + 20;
        life.phases.sleepEndUs = life.phases.sleepStartUs + (12 - i) * ms;
        life.phases.handlerEndUs
            = blocking ? life.phases.sleepEndUs + 10 : life.phases.startedUs + 10;
        life.phases.doneUs = life.phases.sleepEndUs + 30;
        lives.append(life);
    }
    TimelineData timeline;
    timeline.setWorkerCount(mode == DispatchMode::Pooled ? 2 : 0);
    timeline.appendEvents(recorded(lives, t0 + 8 * ms));
    const qint64 nowUs = t0 + 20 * ms;
    const QList<TimelineData::Lane> lanes = timeline.lanes();
    const QList<QList<TimelineData::Segment>> byLane
        = timeline.segmentsByLane(lanes, t0 / 1000 - 1000, nowUs / 1000 + 1000, nowUs);
    const QList<TimelineData::Segment> all
        = timeline.segments(t0 / 1000 - 1000, nowUs / 1000 + 1000, nowUs);
    QCOMPARE(byLane.size(), lanes.size());
    qsizetype total = 0;
    for (qsizetype lane = 0; lane < lanes.size(); ++lane) {
        QList<TimelineData::Segment> expected;
        for (const TimelineData::Segment &segment : all) {
            if (segment.isOn(lanes[lane]))
                expected.append(segment);
        }
        QCOMPARE(byLane[lane].size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            QCOMPARE(byLane[lane][i].requestId, expected[i].requestId);
            QCOMPARE(byLane[lane][i].startUs, expected[i].startUs);
            QCOMPARE(byLane[lane][i].kind, expected[i].kind);
        }
        total += expected.size();
    }
    QVERIFY(total > 24);
}

void tst_TimelineData::lateWorkerStartChangesNothing()
{
    // A worker's batch can reach the window after the server thread's answer.
    Life life = plain(1, t0, 10 * ms, 1);
    const ServerEventBatch events = life.events();
    TimelineData timeline;
    timeline.appendEvents({events.last()}); // RequestFinished
    timeline.appendEvents({events.first()}); // RequestStarted, late
    QCOMPARE(timeline.openRequestCount(), 0);
    QCOMPARE(timeline.requestCount(), 1);
    QCOMPARE(timeline.request(1)->phases.doneUs, t0 + 10 * ms);
}

void tst_TimelineData::boundedByCount()
{
    TimelineData timeline;
    timeline.setMaxRequests(10);
    QList<Life> lives;
    for (int i = 0; i < 25; ++i)
        lives.append(plain(quint64(i + 1), t0 + i * ms, 100));
    timeline.appendEvents(recorded(lives));
    QCOMPARE(timeline.requestCount(), 10);
    QVERIFY(!timeline.request(15));
    QVERIFY(timeline.request(16));
    QVERIFY(timeline.request(25));
}

void tst_TimelineData::requestsLetGoBecomeTotals_data()
{
    QTest::addColumn<qint64>("usPerColumn");
    QTest::newRow("a column per ms") << 1 * ms;
    QTest::newRow("a column per 3.3 ms (buckets shared out)") << qint64(3300);
    QTest::newRow("a column per 50 ms") << 50 * ms;
}

void tst_TimelineData::requestsLetGoBecomeTotals()
{
    // At a high rate the timeline keeps the newest requests one by one; the older ones' time
    // stays on their lanes as totals: nothing lost, nothing counted twice.
    QFETCH(qint64, usPerColumn);
    QList<Life> lives;
    for (int i = 0; i < 30; ++i)
        lives.append(plain(quint64(i + 1), t0 + i * ms, 100, 0));
    Life blocked = plain(100, t0 + 5 * ms, 0, 3); // worker 3, blocked 25 ms, among the first
    blocked.mode = DispatchMode::Pooled;
    blocked.phases.queue = RequestPhases::Queue::Pool;
    blocked.phases.sleepBlocking = true;
    blocked.phases.sleepStartUs = blocked.phases.startedUs;
    blocked.phases.sleepEndUs = blocked.phases.handlerEndUs = blocked.phases.doneUs
        = blocked.phases.startedUs + 25 * ms;
    lives.insert(6, blocked);
    TimelineData timeline;
    timeline.setMaxRequests(10);
    timeline.appendEvents(recorded(lives));
    QCOMPARE(timeline.requestCount(), 10);
    QCOMPARE(timeline.totalledRequests(t0, t0 + s), qint64(21));
    QVERIFY(timeline.totalsEndUs() >= t0 + 30 * ms);

    const int columns = int(40 * ms / usPerColumn) + 2;
    const auto sumOf = [&](const TimelineData::Lane &lane, qint64 TimelineData::Totals::*field) {
        qint64 sum = 0;
        for (const TimelineData::Totals &t :
             timeline.totals(lane, t0, double(usPerColumn), columns))
            sum += t.*field;
        return sum;
    };
    const TimelineData::Lane server {LaneKind::Thread, 0, QString()};
    const TimelineData::Lane worker3 {LaneKind::Thread, 3, QString()};
    // Shared out by overlap, a column's share may round down by a microsecond or so.
    const qint64 totalled = sumOf(server, &TimelineData::Totals::runningUs);
    QVERIFY2(std::abs(totalled - 20 * 100) <= columns, qPrintable(QString::number(totalled)));
    const qint64 kept = coveredUs(on(allSegments(timeline, t0 + s), LaneKind::Thread, 0));
    QCOMPARE(kept, qint64(10 * 100));
    QVERIFY(std::abs(sumOf(worker3, &TimelineData::Totals::blockedUs) - 25 * ms) <= columns);
    QCOMPARE(sumOf(worker3, &TimelineData::Totals::runningUs), qint64(0));
    // Worker 3's lane stays though none of its requests is kept one by one.
    QVERIFY(timeline.lanes().contains(worker3));
    if (usPerColumn == 1 * ms) {
        const QList<TimelineData::Totals> perMs = timeline.totals(server, t0, double(ms), columns);
        QCOMPARE(perMs.at(3).runningUs, qint64(100));
        QCOMPARE(perMs.at(25).runningUs, qint64(0)); // kept one by one: not in the totals
    }

    timeline.prune((t0 + s) / 1000 + timeline.windowMs() + 1000);
    QCOMPARE(timeline.totalsEndUs(), qint64(0));
    QCOMPARE(sumOf(server, &TimelineData::Totals::runningUs), qint64(0));
    QVERIFY(!timeline.lanes().contains(worker3));
}

void tst_TimelineData::pruneByTime()
{
    TimelineData timeline;
    timeline.setWindowMs(10000);
    Life longOne = plain(1, t0, 30 * s);
    Life old = plain(2, t0, 100 * ms);
    Life recent = plain(3, t0 + 25 * s, 100 * ms);
    timeline.appendEvents(recorded({longOne, old, recent}));
    timeline.prune((t0 + 31 * s) / 1000);
    QVERIFY(timeline.request(1)); // ended 1 s ago
    QVERIFY(!timeline.request(2)); // ended 31 s ago: the long one in front keeps nothing alive
    QVERIFY(timeline.request(3));
    QVERIFY(timeline.hasRequestsIn((t0 + 25 * s) / 1000, (t0 + 26 * s) / 1000));
    QVERIFY(!timeline.hasRequestsIn((t0 + 40 * s) / 1000, (t0 + 50 * s) / 1000));
}

void tst_TimelineData::clear()
{
    TimelineData timeline;
    timeline.appendEvents(plain(1, t0, 10).events());
    timeline.clear();
    QCOMPARE(timeline.requestCount(), 0);
    QCOMPARE(timeline.latestMs(), 0);
    QVERIFY(allSegments(timeline, t0 + s).isEmpty());
}

QTEST_GUILESS_MAIN(tst_TimelineData)
#include "tst_timelinedata.moc"
