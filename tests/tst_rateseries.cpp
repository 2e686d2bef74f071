#include "rateseries.h"

#include <QtTest/QtTest>

#include <random>

namespace {

constexpr qint64 t0 = 1'790'000'000'000; // a whole second

ServerEvent finished(qint64 timeMs, qint64 durationUs)
{
    ServerEvent e;
    e.type = ServerEvent::Type::RequestFinished;
    e.timeMs = timeMs;
    e.durationUs = durationUs;
    e.status = 200;
    return e;
}

using Durations = QList<qint64>;

} // namespace

class tst_RateSeries : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void emptyWindow();
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

QTEST_APPLESS_MAIN(tst_RateSeries)
#include "tst_rateseries.moc"
