#include "testevents.h"
#include "timelinedata.h"

#include <QtTest/QtTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 t0 = 1'790'000'000'000;

// Request n is on connection 100 + n unless \a connection says otherwise.
ServerEvent started(quint64 request, qint64 timeMs, int thread = 0, quint64 connection = 0)
{
    return TestEvents::requestStarted(connection ? connection : 100 + request, request, timeMs,
                                      "GET", "/sleep", thread);
}

ServerEvent finished(quint64 request, qint64 timeMs, qint64 durationMs, int thread = 0,
                     quint64 connection = 0)
{
    ServerEvent e = TestEvents::requestFinished(connection ? connection : 100 + request, request,
                                                timeMs, 200, durationMs * 1000);
    e.thread = thread;
    e.method = "GET";
    e.target = "/sleep";
    return e;
}

ServerEvent handling(quint64 connection, qint64 timeMs, int thread)
{
    return TestEvents::stateChanged(connection, timeMs, ConnectionState::Handling, thread);
}

QList<int> laneThreads(const TimelineData &timeline)
{
    QList<int> threads;
    for (const TimelineData::Lane &lane : timeline.lanes())
        threads.append(lane.thread);
    return threads;
}

QList<quint64> barIds(const QList<TimelineData::Bar> &bars)
{
    QList<quint64> ids;
    for (const TimelineData::Bar &bar : bars)
        ids.append(bar.requestId);
    return ids;
}

using Ids = QList<quint64>;

} // namespace

class tst_TimelineData : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void openThenClosedBar();
    void queueTimeShowsAsBarStart();
    void handlingMovesBarToItsLane();
    void lanes();
    void barsInWindow_data();
    void barsInWindow();
    void boundedByCount();
    void pruneByTime();
    void closedConnectionEndsItsBar();
    void finishedWithoutStart();
    void sequentialLooksSequential();
    void clear();
};

void tst_TimelineData::openThenClosedBar()
{
    TimelineData timeline;
    timeline.appendEvents({started(1, t0, 0)});
    QCOMPARE(timeline.barCount(), 1);
    QCOMPARE(timeline.openBarCount(), 1);
    QList<TimelineData::Bar> bars = timeline.bars(t0 - 1000, t0 + 1000);
    QCOMPARE(bars.size(), 1);
    QVERIFY(bars.first().isOpen());
    QCOMPARE(bars.first().startMs, t0);
    QCOMPARE(bars.first().endMs, -1);
    QCOMPARE(bars.first().target, QByteArray("/sleep"));

    timeline.appendEvents({finished(1, t0 + 300, 300, 0)});
    QCOMPARE(timeline.openBarCount(), 0);
    bars = timeline.bars(t0 - 1000, t0 + 1000);
    QCOMPARE(bars.size(), 1);
    QVERIFY(!bars.first().isOpen());
    QCOMPARE(bars.first().startMs, t0);
    QCOMPARE(bars.first().endMs, t0 + 300);
    QCOMPARE(bars.first().status, 200);
    QCOMPARE(timeline.latestMs(), t0 + 300);
}

void tst_TimelineData::queueTimeShowsAsBarStart()
{
    TimelineData timeline;
    // Parsed at t0, waited 400 ms for a worker, handled by worker 2 from t0 + 400.
    timeline.appendEvents({started(1, t0 + 400, 2)});
    timeline.appendEvents({finished(1, t0 + 500, 500, 2)});
    const TimelineData::Bar bar = timeline.bars(t0, t0 + 1000).first();
    QCOMPARE(bar.startMs, t0);
    QCOMPARE(bar.handleStartMs, t0 + 400);
    QCOMPARE(bar.endMs, t0 + 500);
    QCOMPARE(bar.thread, 2);
}

void tst_TimelineData::handlingMovesBarToItsLane()
{
    TimelineData timeline;
    timeline.appendEvents({started(1, t0, 0, 7)});
    timeline.appendEvents({handling(7, t0 + 10, 3)});
    QCOMPARE(timeline.bars(t0, t0 + 100).first().thread, 3);
    // The thread that finished it has the last word.
    timeline.appendEvents({finished(1, t0 + 50, 50, 4, 7)});
    QCOMPARE(timeline.bars(t0, t0 + 100).first().thread, 4);
    // A state change for a connection without an open bar changes nothing.
    timeline.appendEvents({handling(7, t0 + 60, 1)});
    QCOMPARE(timeline.bars(t0, t0 + 100).first().thread, 4);
}

void tst_TimelineData::lanes()
{
    TimelineData timeline;
    QCOMPARE(laneThreads(timeline), QList<int> {0});
    QCOMPARE(timeline.lanes().first().name, u"server thread"_s);
    timeline.setWorkerCount(3);
    QCOMPARE(timeline.workerCount(), 3);
    QCOMPARE(laneThreads(timeline), (QList<int> {0, 1, 2, 3}));
    QCOMPARE(timeline.lanes().at(2).name, u"worker 2"_s);
    // A bar on a worker beyond the pool (it shrank) keeps its lane while it is shown.
    timeline.appendEvents({started(1, t0, 6), finished(1, t0 + 5, 5, 6)});
    QCOMPARE(laneThreads(timeline), (QList<int> {0, 1, 2, 3, 6}));
    timeline.setWorkerCount(0);
    QCOMPARE(laneThreads(timeline), (QList<int> {0, 6}));
}

void tst_TimelineData::barsInWindow_data()
{
    QTest::addColumn<qint64>("from");
    QTest::addColumn<qint64>("to");
    QTest::addColumn<Ids>("expected");

    // Bars: 1 = [0, 100], 2 = [50, 300], 3 = [400, 500], 4 = [450, open).
    QTest::newRow("everything") << qint64(-1000) << qint64(10000) << Ids {1, 2, 3, 4};
    QTest::newRow("before all") << qint64(-1000) << qint64(-1) << Ids {};
    QTest::newRow("touching the start") << qint64(-1000) << qint64(0) << Ids {1};
    QTest::newRow("overlap") << qint64(90) << qint64(120) << Ids {1, 2};
    QTest::newRow("gap") << qint64(301) << qint64(399) << Ids {};
    QTest::newRow("open bar reaches on") << qint64(5000) << qint64(6000) << Ids {4};
    QTest::newRow("touching the end") << qint64(500) << qint64(5000) << Ids {3, 4};
}

void tst_TimelineData::barsInWindow()
{
    QFETCH(qint64, from);
    QFETCH(qint64, to);
    QFETCH(Ids, expected);

    TimelineData timeline;
    timeline.appendEvents({started(1, t0, 0), started(2, t0 + 50, 1), finished(1, t0 + 100, 100),
                           finished(2, t0 + 300, 250, 1), started(3, t0 + 400),
                           started(4, t0 + 450, 2), finished(3, t0 + 500, 100)});
    QCOMPARE(barIds(timeline.bars(t0 + from, t0 + to)), expected);
    QCOMPARE(timeline.hasBarsIn(t0 + from, t0 + to), !expected.isEmpty());
}

void tst_TimelineData::boundedByCount()
{
    TimelineData timeline;
    QCOMPARE(timeline.maxBars(), 2000);
    ServerEventBatch batch;
    for (quint64 request = 1; request <= 3000; ++request) {
        batch.append(started(request, t0 + qint64(request), int(request % 4)));
        if (request % 10 != 0) // every tenth request stays open
            batch.append(finished(request, t0 + qint64(request) + 1, 1, int(request % 4)));
        if (batch.size() >= 200) {
            timeline.appendEvents(batch);
            batch.clear();
        }
    }
    timeline.appendEvents(batch);
    QCOMPARE(timeline.barCount(), 2000);
    QCOMPARE(timeline.openBarCount(), 200); // the open ones among the newest 2000
    const QList<TimelineData::Bar> bars = timeline.bars(t0, t0 + 10000);
    QCOMPARE(bars.first().requestId, quint64(1001));
    QCOMPARE(bars.last().requestId, quint64(3000));

    // An evicted open bar cannot be finished any more; a kept one can.
    timeline.appendEvents({finished(10, t0 + 5000, 4990), finished(1010, t0 + 5000, 3990)});
    QCOMPARE(timeline.openBarCount(), 199);
    timeline.setMaxBars(10);
    QCOMPARE(timeline.barCount(), 10);
    QCOMPARE(timeline.openBarCount(), 1); // request 3000
}

void tst_TimelineData::pruneByTime()
{
    TimelineData timeline;
    QCOMPARE(timeline.windowMs(), 60000);
    timeline.appendEvents({started(1, t0), finished(1, t0 + 10, 10), started(2, t0 + 20),
                           started(3, t0 + 30000), finished(3, t0 + 30010, 10)});
    timeline.prune(t0 + 60009);
    QCOMPARE(timeline.barCount(), 3);
    timeline.prune(t0 + 60011); // bar 1 ended more than a minute ago
    QCOMPARE(timeline.barCount(), 2);
    // Bar 2 is open: it stays; bar 3 behind it goes once it is old, and 4 moves up.
    timeline.appendEvents({started(4, t0 + 90000), finished(4, t0 + 90010, 10)});
    timeline.prune(t0 + 100000);
    QCOMPARE(barIds(timeline.bars(t0, t0 + 200000)), (Ids {2, 4}));
    QCOMPARE(timeline.openBarCount(), 1);
    timeline.appendEvents({finished(2, t0 + 100000, 100000 - 20)});
    QCOMPARE(timeline.openBarCount(), 0); // found again after the compaction
    QCOMPARE(barIds(timeline.bars(t0 + 99000, t0 + 200000)), Ids {2});
    timeline.prune(t0 + 159999);
    QCOMPARE(barIds(timeline.bars(t0, t0 + 200000)), Ids {2});
    timeline.prune(t0 + 160001);
    QCOMPARE(timeline.barCount(), 0);
    // An open bar whose end was lost goes long after the window, not never.
    timeline.appendEvents({started(5, t0 + 200000)});
    timeline.prune(t0 + 200000 + 60000 + 120000);
    QCOMPARE(timeline.barCount(), 1);
    timeline.prune(t0 + 200000 + 60000 + 120001);
    QCOMPARE(timeline.barCount(), 0);
    QCOMPARE(timeline.openBarCount(), 0);
}

void tst_TimelineData::closedConnectionEndsItsBar()
{
    TimelineData timeline;
    timeline.appendEvents({started(1, t0, 0, 9)});
    ServerEvent closed;
    closed.type = ServerEvent::Type::ConnectionClosed;
    closed.connectionId = 9;
    closed.timeMs = t0 + 700; // the client went away during a sleep
    timeline.appendEvents({closed});
    QCOMPARE(timeline.openBarCount(), 0);
    const TimelineData::Bar bar = timeline.bars(t0, t0 + 1000).first();
    QCOMPARE(bar.endMs, t0 + 700);
    QCOMPARE(bar.status, 0);
}

void tst_TimelineData::finishedWithoutStart()
{
    TimelineData timeline;
    // An error response (or a request begun before the monitor) has no RequestStarted.
    timeline.appendEvents({finished(5, t0 + 1000, 250, 2)});
    QCOMPARE(timeline.barCount(), 1);
    const TimelineData::Bar bar = timeline.bars(t0, t0 + 2000).first();
    QCOMPARE(bar.startMs, t0 + 750);
    QCOMPARE(bar.endMs, t0 + 1000);
    QCOMPARE(bar.thread, 2);
    QVERIFY(!bar.isOpen());
}

void tst_TimelineData::sequentialLooksSequential()
{
    TimelineData timeline;
    // Three sleeps on one thread, one after the other, as the sequential mode runs them.
    ServerEventBatch batch;
    for (quint64 request = 1; request <= 3; ++request) {
        const qint64 begin = t0 + qint64(request - 1) * 1000;
        batch.append(started(request, begin, 0));
        batch.append(finished(request, begin + 1000, qint64(request) * 1000, 0));
    }
    timeline.appendEvents(batch);
    const QList<TimelineData::Bar> bars = timeline.bars(t0, t0 + 5000);
    QCOMPARE(bars.size(), 3);
    for (const TimelineData::Bar &bar : bars) {
        QCOMPARE(bar.thread, 0);
        QCOMPARE(bar.startMs, t0); // all arrived at once...
        QCOMPARE(bar.endMs - bar.handleStartMs, 1000); // ...and were served one at a time
    }
    QCOMPARE(laneThreads(timeline), QList<int> {0});
}

void tst_TimelineData::clear()
{
    TimelineData timeline;
    timeline.appendEvents({started(1, t0), started(2, t0), finished(1, t0 + 1, 1)});
    timeline.clear();
    QCOMPARE(timeline.barCount(), 0);
    QCOMPARE(timeline.openBarCount(), 0);
    QCOMPARE(timeline.latestMs(), 0);
    // Ids start again with a new server run.
    timeline.appendEvents({started(1, t0 + 10), finished(1, t0 + 20, 10)});
    QCOMPARE(timeline.barCount(), 1);
    QCOMPARE(timeline.openBarCount(), 0);
}

QTEST_GUILESS_MAIN(tst_TimelineData)
#include "tst_timelinedata.moc"
