#include "rateseries.h"
#include "testevents.h"

#include <QtTest/QTest>

#include <random>

namespace {

constexpr qint64 t0 = 1'790'000'000'000; // a whole second

ServerEvent finished(qint64 timeMs, qint64 durationUs)
{
    return TestEvents::requestFinished(0, 0, timeMs, 200, durationUs);
}

using Durations = QList<qint64>;
using Offsets = QList<qint64>; // ms after t0

ServerEventBatch finishedAt(const Offsets &offsets)
{
    ServerEventBatch batch;
    for (qint64 offset : offsets)
        batch.append(finished(t0 + offset, 1000 + offset % 7));
    return batch;
}

// Every field of every point, so QCOMPARE shows where two charts differ.
QList<qint64> flatten(const QList<RateSeries::Point> &points)
{
    QList<qint64> values;
    for (const RateSeries::Point &point : points)
        values << point.timeMs << point.requests << point.p50Us << point.p99Us;
    return values;
}

QList<qint64> flatten(const RateSeries::Point &point)
{
    return flatten(QList<RateSeries::Point> {point});
}

} // namespace

class tst_RateSeries : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyWindow();
    void loopLagKeepsEachSecondsLongest_data();
    void loopLagKeepsEachSecondsLongest();
    void countsPerSecond();
    void percentiles_data();
    void percentiles();
    void reservoirKeepsPercentilesHonest();
    void currentSecondLeftOut();
    void oldEventsFallOut();
    void outOfOrderWithinWindow();
    void windowSize();
    void ignoresOtherEvents();
    void clear();
    void completedCount_data();
    void completedCount();
    void completedCountIgnoresOtherEvents_data();
    void completedCountIgnoresOtherEvents();
    void lateRequestRaisesCompletedCount_data();
    void lateRequestRaisesCompletedCount();
    void clearResetsCompletedCount();
    void chartChangesWithinASecondOnlyWithCompletedCount_data();
    void chartChangesWithinASecondOnlyWithCompletedCount();
};

void tst_RateSeries::emptyWindow()
{
    RateSeries series;
    QCOMPARE(series.windowSeconds(), 60);
    const QList<RateSeries::Point> points = series.points(t0 + 500);
    QCOMPARE(points.size(), 60);
    for (qsizetype i = 0; i < points.size(); ++i) {
        QCOMPARE(points.at(i).timeMs, t0 - 60000 + 1000 * i);
        QCOMPARE(points.at(i).requests, 0);
        QCOMPARE(points.at(i).p50Us, 0);
        QCOMPARE(points.at(i).p99Us, 0);
    }
    QCOMPARE(series.totalCount(), 0);
}

void tst_RateSeries::countsPerSecond()
{
    RateSeries series;
    ServerEventBatch batch;
    for (int i = 0; i < 5; ++i)
        batch.append(finished(t0 + 100 + i, 1000));
    for (int i = 0; i < 3; ++i)
        batch.append(finished(t0 + 2000 + 999, 1000));
    series.appendEvents(batch);
    series.appendEvents({finished(t0 + 2500, 1000)});

    const QList<RateSeries::Point> points = series.points(t0 + 3000);
    QCOMPARE(points.size(), 60);
    QCOMPARE(points.last().timeMs, t0 + 2000);
    QCOMPARE(points.at(57).timeMs, t0);
    QCOMPARE(points.at(57).requests, 5);
    QCOMPARE(points.at(58).requests, 0);
    QCOMPARE(points.at(59).requests, 4);
    QCOMPARE(series.lastSecond(t0 + 3000).requests, 4);
    QCOMPARE(series.lastSecond(t0 + 1999).requests, 5);
    QCOMPARE(series.totalCount(), 9);
}

void tst_RateSeries::percentiles_data()
{
    QTest::addColumn<Durations>("durations");
    QTest::addColumn<qint64>("p50");
    QTest::addColumn<qint64>("p99");

    Durations hundred;
    for (qint64 d = 100; d >= 1; --d) // arrival order must not matter
        hundred.append(d);
    Durations thousand;
    for (qint64 d = 1; d <= 1000; ++d)
        thousand.append(d * 10);

    QTest::newRow("one") << Durations {700} << qint64(700) << qint64(700);
    QTest::newRow("two") << Durations {20, 10} << qint64(10) << qint64(20);
    QTest::newRow("1..100") << hundred << qint64(50) << qint64(99);
    QTest::newRow("10..10000") << thousand << qint64(5000) << qint64(9900);
    QTest::newRow("one slow outlier")
        << Durations {5, 5, 5, 5, 5, 5, 5, 5, 5, 5000000} << qint64(5) << qint64(5000000);
}

void tst_RateSeries::percentiles()
{
    QFETCH(Durations, durations);
    QFETCH(qint64, p50);
    QFETCH(qint64, p99);

    RateSeries series;
    ServerEventBatch batch;
    for (qint64 d : durations)
        batch.append(finished(t0 + 10, d));
    series.appendEvents(batch);
    const RateSeries::Point point = series.lastSecond(t0 + 1000);
    QCOMPARE(point.requests, int(durations.size()));
    QCOMPARE(point.p50Us, p50);
    QCOMPARE(point.p99Us, p99);
}

void tst_RateSeries::reservoirKeepsPercentilesHonest()
{
    RateSeries series;
    QCOMPARE(series.sampleCap(), 1024);
    // 100,000 requests in one second, durations uniform over 1..100,000 µs in random order:
    // only 1,024 samples are kept, yet the percentiles stay close to the truth.
    Durations durations;
    for (qint64 d = 1; d <= 100000; ++d)
        durations.append(d);
    std::mt19937 random(12345);
    std::shuffle(durations.begin(), durations.end(), random);
    ServerEventBatch batch;
    for (qint64 d : durations) {
        batch.append(finished(t0 + 1, d));
        if (batch.size() == 1000) {
            series.appendEvents(batch);
            batch.clear();
        }
    }
    const RateSeries::Point point = series.lastSecond(t0 + 1000);
    QCOMPARE(point.requests, 100000);
    QVERIFY2(point.p50Us > 45000 && point.p50Us < 55000, QByteArray::number(point.p50Us));
    QVERIFY2(point.p99Us > 97000 && point.p99Us <= 100000, QByteArray::number(point.p99Us));
}

void tst_RateSeries::currentSecondLeftOut()
{
    RateSeries series;
    series.appendEvents({finished(t0 + 10, 1), finished(t0 + 1010, 1), finished(t0 + 1020, 1)});
    // At t0 + 1500 the second starting at t0 + 1000 is still running: not shown yet.
    QCOMPARE(series.points(t0 + 1500).last().timeMs, t0);
    QCOMPARE(series.points(t0 + 1500).last().requests, 1);
    QCOMPARE(series.points(t0 + 2000).last().requests, 2);
}

void tst_RateSeries::oldEventsFallOut()
{
    RateSeries series;
    series.appendEvents({finished(t0, 1)});
    series.appendEvents({finished(t0 + 30000, 1)});
    QList<RateSeries::Point> points = series.points(t0 + 31000);
    QCOMPARE(points.first().timeMs, t0 + 31000 - 60000);
    QCOMPARE(std::count_if(points.cbegin(), points.cend(),
                           [](const RateSeries::Point &p) { return p.requests > 0; }),
             2);
    points = series.points(t0 + 61000); // the first second left the window
    QCOMPARE(std::count_if(points.cbegin(), points.cend(),
                           [](const RateSeries::Point &p) { return p.requests > 0; }),
             1);
    // Much later events reuse the buckets; nothing stale shows through.
    series.appendEvents({finished(t0 + 600000, 1)});
    points = series.points(t0 + 601000);
    QCOMPARE(std::count_if(points.cbegin(), points.cend(),
                           [](const RateSeries::Point &p) { return p.requests > 0; }),
             1);
    QCOMPARE(points.last().requests, 1);
    // An event far older than the window is counted in the total but not charted.
    series.appendEvents({finished(t0, 1)});
    QCOMPARE(series.totalCount(), 4);
    points = series.points(t0 + 601000);
    QCOMPARE(std::count_if(points.cbegin(), points.cend(),
                           [](const RateSeries::Point &p) { return p.requests > 0; }),
             1);
}

void tst_RateSeries::outOfOrderWithinWindow()
{
    RateSeries series;
    // Batches hold events in order per producing thread, so seconds can interleave.
    series.appendEvents({finished(t0 + 5000, 10), finished(t0 + 3000, 20), finished(t0 + 5001, 30),
                         finished(t0 + 3001, 40)});
    const QList<RateSeries::Point> points = series.points(t0 + 6000);
    QCOMPARE(points.at(57).timeMs, t0 + 3000);
    QCOMPARE(points.at(57).requests, 2);
    QCOMPARE(points.at(57).p99Us, 40);
    QCOMPARE(points.at(59).requests, 2);
    QCOMPARE(points.at(59).p50Us, 10);
}

void tst_RateSeries::windowSize()
{
    RateSeries series;
    series.setWindowSeconds(10);
    QCOMPARE(series.windowSeconds(), 10);
    series.appendEvents({finished(t0, 1), finished(t0 + 9000, 1)});
    const QList<RateSeries::Point> points = series.points(t0 + 10000);
    QCOMPARE(points.size(), 10);
    QCOMPARE(points.first().requests, 1);
    QCOMPARE(points.last().requests, 1);
    series.setWindowSeconds(0);
    QCOMPARE(series.windowSeconds(), 1);
    QCOMPARE(series.points(t0).size(), 1);
}

void tst_RateSeries::ignoresOtherEvents()
{
    RateSeries series;
    ServerEvent started = finished(t0, 1);
    started.type = ServerEvent::Type::RequestStarted;
    ServerEvent sleep = finished(t0, 1);
    sleep.type = ServerEvent::Type::SleepStarted;
    series.appendEvents({started, sleep});
    QCOMPARE(series.totalCount(), 0);
    QCOMPARE(series.lastSecond(t0 + 1000).requests, 0);
}

void tst_RateSeries::clear()
{
    RateSeries series;
    series.appendEvents({finished(t0, 5), finished(t0, 7)});
    series.clear();
    QCOMPARE(series.totalCount(), 0);
    QCOMPARE(series.lastSecond(t0 + 1000).requests, 0);
    series.appendEvents({finished(t0, 9)});
    QCOMPARE(series.lastSecond(t0 + 1000).p50Us, 9);
}

void tst_RateSeries::completedCount_data()
{
    QTest::addColumn<Offsets>("finished"); // appended in this order, as one batch
    QTest::addColumn<qint64>("now");
    QTest::addColumn<qint64>("expected");

    Offsets everySecond;
    for (qint64 s = 0; s < 100; ++s)
        everySecond.append(s * 1000 + 10);
    Offsets busy;
    for (int i = 0; i < 500; ++i)
        busy.append(100 + i);
    for (int i = 0; i < 300; ++i)
        busy.append(1100 + i);

    QTest::newRow("nothing") << Offsets {} << qint64(500) << qint64(0);
    QTest::newRow("past seconds count")
        << Offsets {10, 999, 1500, 2999} << qint64(3000) << qint64(4);
    QTest::newRow("current second does not")
        << Offsets {10, 1000, 1999} << qint64(1500) << qint64(1);
    QTest::newRow("first ms of a second") << Offsets {999, 1000} << qint64(1000) << qint64(1);
    QTest::newRow("last ms of a second") << Offsets {999, 1000} << qint64(1999) << qint64(1);
    QTest::newRow("finished at now") << Offsets {1500} << qint64(1500) << qint64(0);
    QTest::newRow("stamped after now") << Offsets {10, 5000} << qint64(1000) << qint64(1);
    // Too old for any bucket, yet it did finish before now.
    QTest::newRow("older than the window") << Offsets {500, -120000} << qint64(1000) << qint64(2);
    QTest::newRow("buckets reused over 100 s") << everySecond << qint64(99500) << qint64(99);
    QTest::newRow("busy seconds") << busy << qint64(1100) << qint64(500);
}

void tst_RateSeries::completedCount()
{
    QFETCH(Offsets, finished);
    QFETCH(qint64, now);
    QFETCH(qint64, expected);

    RateSeries series;
    series.appendEvents(finishedAt(finished));
    QCOMPARE(series.completedCount(t0 + now), expected);
    QCOMPARE(series.totalCount(), qint64(finished.size()));
}

void tst_RateSeries::completedCountIgnoresOtherEvents_data()
{
    QTest::addColumn<int>("type");
    QTest::newRow("ConnectionOpened") << int(ServerEvent::Type::ConnectionOpened);
    QTest::newRow("ConnectionClosed") << int(ServerEvent::Type::ConnectionClosed);
    QTest::newRow("RequestStarted") << int(ServerEvent::Type::RequestStarted);
    QTest::newRow("SleepStarted") << int(ServerEvent::Type::SleepStarted);
    QTest::newRow("SleepFinished") << int(ServerEvent::Type::SleepFinished);
    QTest::newRow("SleepCancelled") << int(ServerEvent::Type::SleepCancelled);
    QTest::newRow("StateChanged") << int(ServerEvent::Type::StateChanged);
}

void tst_RateSeries::completedCountIgnoresOtherEvents()
{
    QFETCH(int, type);

    RateSeries series;
    series.appendEvents({finished(t0 + 10, 100), finished(t0 + 1010, 100)});
    const qint64 now = t0 + 1500;
    QCOMPARE(series.completedCount(now), 1);
    const QList<qint64> pointsBefore = flatten(series.points(now));

    // Stamped in a complete second and in the current one: neither counts.
    ServerEvent inPast = finished(t0 + 20, 100);
    inPast.type = ServerEvent::Type(type);
    ServerEvent inCurrent = finished(t0 + 1020, 100);
    inCurrent.type = ServerEvent::Type(type);
    series.appendEvents({inPast, inCurrent});
    QCOMPARE(series.completedCount(now), 1);
    QCOMPARE(series.totalCount(), 2);
    QCOMPARE(flatten(series.points(now)), pointsBefore);
}

void tst_RateSeries::lateRequestRaisesCompletedCount_data()
{
    QTest::addColumn<qint64>("late"); // when the late request finished, after t0
    QTest::addColumn<qint64>("raise");

    // History: one request in each of the seconds t0 .. t0 + 3 s; now is t0 + 3.5 s.
    QTest::newRow("last complete second") << qint64(2999) << qint64(1);
    QTest::newRow("an earlier second") << qint64(500) << qint64(1);
    QTest::newRow("an empty second") << qint64(-5000) << qint64(1);
    QTest::newRow("oldest second shown") << qint64(-57000) << qint64(1);
    QTest::newRow("before the window") << qint64(-200000) << qint64(1);
    QTest::newRow("current second") << qint64(3000) << qint64(0);
    QTest::newRow("after now") << qint64(3900) << qint64(0);
}

void tst_RateSeries::lateRequestRaisesCompletedCount()
{
    QFETCH(qint64, late);
    QFETCH(qint64, raise);

    RateSeries series;
    series.appendEvents(finishedAt({100, 1100, 2100, 3100}));
    const qint64 now = t0 + 3500;
    QCOMPARE(series.completedCount(now), 3);
    series.appendEvents(finishedAt({late}));
    QCOMPARE(series.completedCount(now), 3 + raise);
    QCOMPARE(series.totalCount(), 5);
    // Once its second is over, every request counts.
    QCOMPARE(series.completedCount(t0 + 4000), 5);
}

void tst_RateSeries::clearResetsCompletedCount()
{
    RateSeries series;
    series.appendEvents(finishedAt({10, 1010, 2010, 2020}));
    QCOMPARE(series.completedCount(t0 + 2500), 2);
    QCOMPARE(series.completedCount(t0 + 3000), 4);
    series.clear();
    QCOMPARE(series.completedCount(t0 + 2500), 0);
    QCOMPARE(series.completedCount(t0 + 3000), 0);
    // Counting starts afresh, by the same rule.
    series.appendEvents(finishedAt({1500, 2500}));
    QCOMPARE(series.completedCount(t0 + 2500), 1);
    QCOMPARE(series.completedCount(t0 + 3000), 2);
}

void tst_RateSeries::chartChangesWithinASecondOnlyWithCompletedCount_data()
{
    QTest::addColumn<Offsets>("finished"); // appended between two looks within one second
    QTest::addColumn<bool>("changes");
    QTest::addColumn<bool>("knownMiss"); // the chart changes, the count does not (see below)

    Offsets manyCurrent;
    for (int i = 0; i < 2000; ++i)
        manyCurrent.append(5000 + i % 1000);

    // The looks are at t0 + 5.2 s and t0 + 5.9 s: the current second starts at t0 + 5 s.
    QTest::newRow("nothing") << Offsets {} << false << false;
    QTest::newRow("current second") << Offsets {5000, 5300, 5999} << false << false;
    QTest::newRow("current second, beyond 'now'") << Offsets {5950} << false << false;
    QTest::newRow("many in the current second") << manyCurrent << false << false;
    QTest::newRow("stamped in a later second") << Offsets {6000, 9000} << false << false;
    QTest::newRow("late: last complete second") << Offsets {4999} << true << false;
    QTest::newRow("late: earlier second") << Offsets {1500} << true << false;
    QTest::newRow("late: an empty second") << Offsets {-20000} << true << false;
    QTest::newRow("late: oldest second shown") << Offsets {-54500} << true << false;
    QTest::newRow("late among current") << Offsets {5100, 3200, 5200} << true << false;
    // A request stamped two or more seconds ahead of the chart's clock (the wall clock stepped
    // back between the server stamping it and the chart looking) takes over the ring bucket of
    // a second still shown: that second reads zero, yet the count is unchanged (its requests
    // stay counted as complete). Only a clock step does this; the next second repaints anyway.
    QTest::newRow("stamped 2 s ahead") << Offsets {7000} << false << true;
}

void tst_RateSeries::chartChangesWithinASecondOnlyWithCompletedCount()
{
    QFETCH(Offsets, finished);
    QFETCH(bool, changes);
    QFETCH(bool, knownMiss);

    RateSeries series;
    // History: requests in the oldest second shown and in the five seconds before the current
    // one, varied durations.
    Offsets history {-54990};
    for (qint64 s = 0; s < 5; ++s) {
        for (qint64 i = 0; i <= s; ++i)
            history.append(s * 1000 + 100 * i);
    }
    history.append(5050); // and one in the current second already
    series.appendEvents(finishedAt(history));

    const qint64 firstLook = t0 + 5200;
    const qint64 secondLook = t0 + 5900;
    const qint64 countBefore = series.completedCount(firstLook);
    const QList<qint64> pointsBefore = flatten(series.points(firstLook));
    const QList<qint64> lastBefore = flatten(series.lastSecond(firstLook));
    QCOMPARE(countBefore, 16);
    // Within the second, time alone changes nothing.
    QCOMPARE(series.completedCount(secondLook), countBefore);
    QCOMPARE(flatten(series.points(secondLook)), pointsBefore);

    series.appendEvents(finishedAt(finished));
    const qint64 countAfter = series.completedCount(secondLook);
    const QList<qint64> pointsAfter = flatten(series.points(secondLook));
    const QList<qint64> lastAfter = flatten(series.lastSecond(secondLook));
    QCOMPARE(lastAfter, flatten(series.points(secondLook).last()));
    if (changes) {
        QVERIFY2(countAfter > countBefore, QByteArray::number(countAfter));
        QVERIFY(pointsAfter != pointsBefore);
    } else {
        // What the promise is for: a chart that skips this repaint misses nothing.
        QCOMPARE(countAfter, countBefore);
        if (knownMiss)
            QEXPECT_FAIL("", "a request stamped ahead evicts a second still shown", Abort);
        QCOMPARE(pointsAfter, pointsBefore);
        QCOMPARE(lastAfter, lastBefore);
    }
}

void tst_RateSeries::loopLagKeepsEachSecondsLongest_data()
{
    QTest::addColumn<QList<qint64>>("samplesUs"); // one sample every 100 ms of second 1
    QTest::addColumn<bool>("withRequest");
    QTest::addColumn<qint64>("expectedUs");

    QTest::newRow("none sampled") << QList<qint64>() << true << qint64(-1);
    QTest::newRow("longest kept") << QList<qint64> {20, 900000, 30} << false << qint64(900000);
    QTest::newRow("with requests") << QList<qint64> {5, 7} << true << qint64(7);
    QTest::newRow("negative is none late") << QList<qint64> {-3} << false << qint64(0);
}

void tst_RateSeries::loopLagKeepsEachSecondsLongest()
{
    QFETCH(QList<qint64>, samplesUs);
    QFETCH(bool, withRequest);
    QFETCH(qint64, expectedUs);

    RateSeries series;
    const qint64 base = t0;
    for (qsizetype i = 0; i < samplesUs.size(); ++i)
        series.noteLoopLag(base + 1000 + i * 100, samplesUs[i]);
    if (withRequest)
        series.appendEvents({finished(base + 1500, 1000)});
    const RateSeries::Point point = series.lastSecond(base + 2500);
    QCOMPARE(point.loopLagUs, expectedUs);
    QCOMPARE(point.requests, withRequest ? 1 : 0);
    // The seconds around it were not sampled.
    QCOMPARE(series.lastSecond(base + 3500).loopLagUs, qint64(-1));
}

QTEST_APPLESS_MAIN(tst_RateSeries)
#include "tst_rateseries.moc"
