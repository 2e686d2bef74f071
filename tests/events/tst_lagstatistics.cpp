#include "lagstatistics.h"

#include <QtTest/QTest>

#include <functional>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 t0 = 1'700'000'000'000'000; // a ServerClock reading, µs
constexpr qint64 ms = 1000;
constexpr qint64 interval = 20 * ms;

/*! Ticks every 20 ms from t0 for \a count ticks, each late by lateUs(i); returns the end. */
qint64 run(LagStatistics &lag, int count, const std::function<qint64(int)> &lateUs)
{
    lag.start(t0 + interval);
    qint64 due = t0 + interval;
    for (int i = 0; i < count; ++i) {
        const qint64 fired = due + lateUs(i);
        lag.tick(fired, fired + interval);
        due = fired + interval;
    }
    return due - interval;
}

} // namespace

/*!
    The event-loop lag window: quantiles of the heartbeat's lateness, the 10 s window and its
    bound, and a loop blocked right now counted as it reads.
*/
class tst_LagStatistics : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(u".*"_s)); }
    void quantiles_data();
    void quantiles();
    void ongoingBlockCounts();
    void oldSamplesAgeOut();
    void bounded();
    void stoppedLoopIsNotLate();
    void shorterSpan_data();
    void shorterSpan();
};

void tst_LagStatistics::quantiles_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("everyNth"); // every n-th tick is late by spikeMs, the rest by 1 ms
    QTest::addColumn<int>("spikeMs");
    QTest::addColumn<double>("p50");
    QTest::addColumn<double>("p99");
    QTest::addColumn<double>("max");
    QTest::newRow("quiet") << 400 << 0 << 0 << 1.0 << 1.0 << 1.0;
    QTest::newRow("one stall") << 400 << 400 << 300 << 1.0 << 1.0 << 300.0;
    // Counts kept so that all of it fits in the 10 s window.
    QTest::newRow("stalls in 2 %") << 300 << 50 << 250 << 1.0 << 250.0 << 250.0;
    QTest::newRow("half stalled") << 200 << 2 << 40 << 1.0 << 40.0 << 40.0;
    QTest::newRow("always late") << 150 << 1 << 35 << 35.0 << 35.0 << 35.0;
}

void tst_LagStatistics::quantiles()
{
    QFETCH(int, count);
    QFETCH(int, everyNth);
    QFETCH(int, spikeMs);
    QFETCH(double, p50);
    QFETCH(double, p99);
    QFETCH(double, max);
    LagStatistics lag;
    const qint64 end = run(lag, count, [&](int i) {
        return everyNth > 0 && (i + 1) % everyNth == 0 ? spikeMs * ms : 1 * ms;
    });
    QCOMPARE(lag.sampleCount(), qsizetype(count));
    const EventLoopLag got = lag.snapshot(end + 1 * ms); // the next tick is not due yet
    QCOMPARE(got.p50Ms, p50);
    QCOMPARE(got.p99Ms, p99);
    QCOMPARE(got.maxMs, max);
}

void tst_LagStatistics::ongoingBlockCounts()
{
    LagStatistics lag;
    const qint64 end = run(lag, 100, [](int) { return 0; });
    QCOMPARE(lag.snapshot(end).maxMs, 0.0);
    // The loop has not ticked for 2 s after its tick was due: a read now sees it.
    const EventLoopLag blocked = lag.snapshot(end + interval + 2000 * ms);
    QCOMPARE(blocked.maxMs, 2000.0);
    QCOMPARE(blocked.p50Ms, 0.0);
    // Once the tick fires, the same lateness stays as a sample.
    lag.tick(end + interval + 2500 * ms, end + 2 * interval + 2500 * ms);
    QCOMPARE(lag.snapshot(end + interval + 2501 * ms).maxMs, 2500.0);
}

void tst_LagStatistics::oldSamplesAgeOut()
{
    LagStatistics lag;
    lag.start(t0);
    lag.tick(t0 + 500 * ms, t0 + 520 * ms); // 500 ms late
    qint64 due = t0 + 520 * ms;
    for (int i = 0; i < 600; ++i) { // 12 s of punctual ticks
        lag.tick(due, due + interval);
        due += interval;
    }
    QCOMPARE(lag.snapshot(due - interval).maxMs, 0.0);
    QVERIFY(lag.sampleCount() <= LagStatistics::windowUs / interval + 1);
}

void tst_LagStatistics::bounded()
{
    LagStatistics lag;
    lag.start(t0);
    for (int i = 0; i < 100000; ++i) // a tick every 10 µs: far more than the window wants
        lag.tick(t0 + i * 10, t0 + i * 10);
    QCOMPARE(lag.sampleCount(), LagStatistics::maxSamples);
}

void tst_LagStatistics::stoppedLoopIsNotLate()
{
    LagStatistics lag;
    const qint64 end = run(lag, 10, [](int) { return 0; });
    lag.stop();
    QCOMPARE(lag.snapshot(end + 5000 * ms).maxMs, 0.0);
    lag.clear();
    QCOMPARE(lag.sampleCount(), qsizetype(0));
    QCOMPARE(lag.snapshot(end).p99Ms, 0.0);
}

void tst_LagStatistics::shorterSpan_data()
{
    QTest::addColumn<qint64>("spanUs");
    QTest::addColumn<double>("max");
    // 200 ticks (about 4 s); the 50th was 300 ms late, the rest 2 ms.
    QTest::newRow("last second") << 1000 * ms << 2.0;
    QTest::newRow("whole window") << LagStatistics::windowUs << 300.0;
    QTest::newRow("more than the window") << 60 * 1000 * ms << 300.0;
}

void tst_LagStatistics::shorterSpan()
{
    QFETCH(qint64, spanUs);
    QFETCH(double, max);
    LagStatistics lag;
    const qint64 end = run(lag, 200, [](int i) { return i == 50 ? 300 * ms : 2 * ms; });
    QCOMPARE(lag.snapshot(end + 1 * ms, spanUs).maxMs, max);
}

QTEST_GUILESS_MAIN(tst_LagStatistics)
#include "tst_lagstatistics.moc"
