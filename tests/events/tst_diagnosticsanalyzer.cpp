#include "diagnosticsanalyzer.h"

#include <QtTest/QTest>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace {

// A realistic ServerClock reading (µs since the epoch), so nothing passes by being near 0.
constexpr qint64 t0 = 1'700'000'000'000'000;
constexpr qint64 ms = 1000;

/*! One finished request as the engine hands it over. */
struct Finished
{
    RequestPhases phases;
    DispatchMode mode = DispatchMode::Concurrent;
    QByteArray method = "GET";
    QByteArray target = "/";
    quint64 requestId = 0;
};

/*! How a burst of requests, all sent at t0, was served: what the engine would measure. */
enum class Shape {
    ConcurrentBlockingSleep, //!< one after another on the server thread, the rest unread
    ConcurrentCompute, //!< the same, CPU work instead of a sleep
    ConcurrentSleep, //!< non-blocking sleeps on the timer: all overlap
    SequentialSleep, //!< non-blocking sleeps, one turn after another
    SequentialBlockingSleep, //!< blocking sleeps: unread behind the thread, then their turn
    PooledCompute, //!< pool workers, the rest queued for one
    PooledBlockingSleep,
    PooledSleep, //!< workers let go at once: nothing waits
    PlainGet, //!< GET / one after another, 1 ms apart: nothing waits or holds
};

QByteArray targetFor(Shape shape, int durationMs)
{
    switch (shape) {
    case Shape::ConcurrentCompute:
    case Shape::PooledCompute:
        return "/compute?ms=" + QByteArray::number(durationMs);
    case Shape::PlainGet:
        return "/";
    default:
        return "/sleep?ms=" + QByteArray::number(durationMs);
    }
}

/*! \a n requests of \a shape, each holding \a durationMs, in finish order. */
QList<Finished> burst(Shape shape, int n, int durationMs, int pool = 2)
{
    const qint64 d = qint64(durationMs) * ms;
    QList<Finished> requests;
    for (int i = 0; i < n; ++i) {
        Finished f;
        f.requestId = quint64(i + 1);
        f.target = targetFor(shape, durationMs);
        RequestPhases &p = f.phases;
        p.arrivedUs = t0;
        p.arrivalFromKernel = true;
        switch (shape) {
        case Shape::ConcurrentBlockingSleep:
        case Shape::ConcurrentCompute: {
            // Read only when the thread is free again: the wait is in the kernel.
            p.readUs = t0 + i * (d + 30);
            p.parsedUs = p.readUs + 10;
            p.startedUs = p.parsedUs + 5;
            if (shape == Shape::ConcurrentBlockingSleep) {
                p.sleepBlocking = true;
                p.sleepStartUs = p.startedUs + 5;
                p.sleepEndUs = p.sleepStartUs + d;
                p.handlerEndUs = p.sleepEndUs + 5;
            } else {
                p.handlerEndUs = p.startedUs + d;
            }
            p.doneUs = p.handlerEndUs + 5;
            break;
        }
        case Shape::ConcurrentSleep:
            p.readUs = t0 + i * 40;
            p.parsedUs = p.readUs + 10;
            p.startedUs = p.parsedUs + 5;
            p.handlerEndUs = p.startedUs + 20;
            p.sleepStartUs = p.handlerEndUs;
            p.sleepEndUs = p.sleepStartUs + d;
            p.doneUs = p.sleepEndUs + 5;
            break;
        case Shape::SequentialSleep:
            f.mode = DispatchMode::Sequential;
            p.readUs = t0 + i * 40;
            p.parsedUs = p.readUs + 10;
            p.queue = i == 0 ? RequestPhases::Queue::None : RequestPhases::Queue::Turn;
            p.startedUs = t0 + 100 + i * (d + 100);
            p.handlerEndUs = p.startedUs + 20;
            p.sleepStartUs = p.handlerEndUs;
            p.sleepEndUs = p.sleepStartUs + d;
            p.doneUs = p.sleepEndUs + 5;
            break;
        case Shape::SequentialBlockingSleep:
            f.mode = DispatchMode::Sequential;
            // The first sleep holds the thread; the rest are read after it, then take turns.
            p.readUs = i == 0 ? t0 : t0 + d + 50;
            p.parsedUs = p.readUs + 10;
            p.queue = i == 0 ? RequestPhases::Queue::None : RequestPhases::Queue::Turn;
            p.startedUs = t0 + 20 + i * (d + 100);
            p.sleepBlocking = true;
            p.sleepStartUs = p.startedUs + 5;
            p.sleepEndUs = p.sleepStartUs + d;
            p.handlerEndUs = p.sleepEndUs + 5;
            p.doneUs = p.handlerEndUs + 5;
            break;
        case Shape::PooledCompute:
        case Shape::PooledBlockingSleep:
            f.mode = DispatchMode::Pooled;
            p.readUs = t0 + i * 40;
            p.parsedUs = p.readUs + 10;
            p.queue = RequestPhases::Queue::Pool;
            p.thread = i % pool + 1;
            // Worker w takes every pool-th request, as soon as it is free.
            p.startedUs = std::max(p.parsedUs + 20, t0 + (i / pool) * (d + 100) + 100);
            if (shape == Shape::PooledBlockingSleep) {
                p.sleepBlocking = true;
                p.sleepStartUs = p.startedUs + 5;
                p.sleepEndUs = p.sleepStartUs + d;
                p.handlerEndUs = p.sleepEndUs + 5;
            } else {
                p.handlerEndUs = p.startedUs + d;
            }
            p.doneUs = p.handlerEndUs + 60;
            break;
        case Shape::PooledSleep:
            f.mode = DispatchMode::Pooled;
            p.readUs = t0 + i * 40;
            p.parsedUs = p.readUs + 10;
            p.queue = RequestPhases::Queue::Pool;
            p.thread = i % pool + 1;
            p.startedUs = p.parsedUs + 30;
            p.handlerEndUs = p.startedUs + 20;
            p.sleepStartUs = p.handlerEndUs + 40;
            p.sleepEndUs = p.sleepStartUs + d;
            p.doneUs = p.sleepEndUs + 5;
            break;
        case Shape::PlainGet:
            p.arrivedUs = t0 + i * ms;
            p.readUs = p.arrivedUs + 15;
            p.parsedUs = p.readUs + 5;
            p.startedUs = p.parsedUs + 2;
            p.handlerEndUs = p.startedUs + 8;
            p.doneUs = p.handlerEndUs + 4;
            break;
        }
        requests.append(f);
    }
    // The analyzer is fed in finish order, as the server thread finishes them.
    std::stable_sort(requests.begin(), requests.end(), [](const Finished &a, const Finished &b) {
        return a.phases.doneUs < b.phases.doneUs;
    });
    return requests;
}

void feed(DiagnosticsAnalyzer &analyzer, const QList<Finished> &requests, int pool = 2)
{
    for (const Finished &f : requests)
        analyzer.add(f.phases, f.mode, f.method, f.target, f.requestId, pool);
}

QStringList namesOf(const QList<Diagnostic> &diagnostics)
{
    QStringList names;
    for (const Diagnostic &d : diagnostics)
        names.append(Diagnostic::kindName(d.kind));
    return names;
}

} // namespace

Q_DECLARE_METATYPE(Shape)
Q_DECLARE_METATYPE(Diagnostic::Kind)

/*!
    DiagnosticsAnalyzer over recorded phase sequences, no sockets: each of the four mistakes
    from the bursts that make it, nothing from the ones that do not, the thresholds, and its
    bounds under 100,000 requests.
*/
class tst_DiagnosticsAnalyzer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(u".*"_s)); }
    void bursts_data();
    void bursts();
    void messages_data();
    void messages();
    void thresholdRespected_data();
    void thresholdRespected();
    void waiterFinishingAfterItsCulpritsIsAttributed();
    void requestIdsNameWaitersAndCulprits();
    void timesAndClear();
    void boundedUnderLoad_data();
    void boundedUnderLoad();
    void kindNames_data();
    void kindNames();
};

void tst_DiagnosticsAnalyzer::bursts_data()
{
    QTest::addColumn<Shape>("shape");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("durationMs");
    QTest::addColumn<int>("pool");
    QTest::addColumn<QStringList>("kinds"); // what fires; the numbers are of the first
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("culprits");
    QTest::addColumn<int>("maxWaitMs");
    QTest::addColumn<bool>("blocking");

    const QStringList none;
    QTest::newRow("concurrent, 10 blocking sleeps of 1 s")
        << Shape::ConcurrentBlockingSleep << 10 << 1000 << 2
        << QStringList {u"serverThreadBlocked"_s} << 9 << 10 << 9000 << true;
    QTest::newRow("concurrent, 4 computes of 500 ms")
        << Shape::ConcurrentCompute << 4 << 500 << 2 << QStringList {u"cpuOnEventLoop"_s} << 3 << 4
        << 1500 << false;
    QTest::newRow("pooled 2, 4 computes of 500 ms")
        << Shape::PooledCompute << 4 << 500 << 2 << QStringList {u"poolSaturated"_s} << 2 << 4
        << 500 << false;
    QTest::newRow("pooled 2, 6 blocking sleeps of 1 s")
        << Shape::PooledBlockingSleep << 6 << 1000 << 2 << QStringList {u"poolSaturated"_s} << 4
        << 6 << 2000 << true;
    QTest::newRow("pooled 4, 6 computes of 300 ms")
        << Shape::PooledCompute << 6 << 300 << 4 << QStringList {u"poolSaturated"_s} << 2 << 6
        << 300 << false;
    QTest::newRow("sequential, 10 sleeps of 1 s")
        << Shape::SequentialSleep << 10 << 1000 << 2 << QStringList {u"sequentialQueue"_s} << 9
        << 10 << 9000 << false;
    // Its waits were in the kernel behind a blocked thread first: that is the mistake named.
    QTest::newRow("sequential, 4 blocking sleeps of 1 s")
        << Shape::SequentialBlockingSleep << 4 << 1000 << 2
        << QStringList {u"serverThreadBlocked"_s} << 3 << 4 << 3000 << true;
    QTest::newRow("pooled, 10 non-blocking sleeps")
        << Shape::PooledSleep << 10 << 1000 << 2 << none << 0 << 0 << 0 << false;
    QTest::newRow("concurrent, 10 non-blocking sleeps")
        << Shape::ConcurrentSleep << 10 << 1000 << 2 << none << 0 << 0 << 0 << false;
    QTest::newRow("1000 plain GET /")
        << Shape::PlainGet << 1000 << 0 << 2 << none << 0 << 0 << 0 << false;
    QTest::newRow("one blocking sleep, nobody behind it")
        << Shape::ConcurrentBlockingSleep << 1 << 1000 << 2 << none << 0 << 0 << 0 << false;
}

void tst_DiagnosticsAnalyzer::bursts()
{
    QFETCH(Shape, shape);
    QFETCH(int, n);
    QFETCH(int, durationMs);
    QFETCH(int, pool);
    QFETCH(QStringList, kinds);
    QFETCH(int, count);
    QFETCH(int, culprits);
    QFETCH(int, maxWaitMs);
    QFETCH(bool, blocking);

    DiagnosticsAnalyzer analyzer;
    const QList<Finished> requests = burst(shape, n, durationMs, pool);
    feed(analyzer, requests, pool);
    const QList<Diagnostic> found = analyzer.diagnostics();
    QCOMPARE(namesOf(found), kinds);
    if (kinds.isEmpty()) {
        QCOMPARE(analyzer.rememberedHolds(),
                 qsizetype(shape == Shape::ConcurrentBlockingSleep ? 1 : 0));
        return;
    }
    const Diagnostic &d = found.constFirst();
    QCOMPARE(d.count, qint64(count));
    QCOMPARE(d.culpritCount, qint64(culprits));
    // Within a few ms: the bursts add microseconds of reading and parsing.
    QVERIFY2(qAbs(d.maxWaitUs - qint64(maxWaitMs) * ms) < 5 * ms,
             qPrintable(u"max wait %1 µs"_s.arg(d.maxWaitUs)));
    QVERIFY2(qAbs(d.heldUs - qint64(culprits) * durationMs * ms) < 5 * ms,
             qPrintable(u"held %1 µs"_s.arg(d.heldUs)));
    QCOMPARE(d.culpritLabel,
             QString(u"GET "_s + QString::fromLatin1(targetFor(shape, durationMs))));
    QCOMPARE(d.culpritLabelCount, qint64(culprits));
    QCOMPARE(d.culpritBlocking, blocking);
    QCOMPARE(d.workers, pool);
    QVERIFY(d.firstSeenMs > 0 && d.firstSeenMs <= d.lastSeenMs);
    QCOMPARE(d.lastSeenMs, requests.constLast().phases.doneUs / 1000);
}

void tst_DiagnosticsAnalyzer::messages_data()
{
    QTest::addColumn<Shape>("shape");
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("durationMs");
    QTest::addColumn<int>("pool");
    QTest::addColumn<QStringList>("parts"); // in this order, in the one message

    QTest::newRow("server thread blocked")
        << Shape::ConcurrentBlockingSleep << 10 << 1000 << 2
        << QStringList {u"The server thread was blocked for 10.0 s by 10 × GET /sleep?ms=1000 "
                        "(blocking sleep); 9 requests waited up to 9.0 s. An event loop must not "
                        "block: turn off Blocking sleep, or use Pooled mode."_s};
    QTest::newRow("cpu on the event loop")
        << Shape::ConcurrentCompute << 4 << 500 << 4
        << QStringList {u"4 CPU-bound handlers (GET /compute?ms=500) ran one after another on "
                        "the single server thread, for 2.0 s in all; 3 requests waited up to "
                        "1.5 s."_s,
                        u"Pooled mode runs them in parallel on up to 4 cores."_s};
    QTest::newRow("pool saturated by CPU work")
        << Shape::PooledCompute << 4 << 500 << 2
        << QStringList {u"Every one of the 2 workers was busy while 2 requests waited up to "
                        "500 ms for one; 4 × GET /compute?ms=500 held them for 2.0 s."_s,
                        u"Raise the pool size"_s};
    QTest::newRow("pool saturated by blocking sleeps")
        << Shape::PooledBlockingSleep << 6 << 1000 << 2
        << QStringList {u"Every one of the 2 workers was busy (blocked in a sleep) while 4 "
                        "requests waited up to 2.0 s for one"_s,
                        u"Do not block inside a worker (turn off Blocking sleep), or raise the "
                        "pool size."_s};
    QTest::newRow("one worker") << Shape::PooledCompute << 2 << 500 << 1
                                << QStringList {u"The pool's only worker was busy while 1 "
                                                "request waited up to 500 ms for one"_s};
    QTest::newRow("sequential queue")
        << Shape::SequentialSleep << 10 << 1000 << 2
        << QStringList {u"Sequential mode made 9 requests wait up to 9.0 s for their turn, "
                        "behind 10 × GET /sleep?ms=1000"_s,
                        u"Concurrent or Pooled mode would overlap them."_s};
}

void tst_DiagnosticsAnalyzer::messages()
{
    QFETCH(Shape, shape);
    QFETCH(int, n);
    QFETCH(int, durationMs);
    QFETCH(int, pool);
    QFETCH(QStringList, parts);

    DiagnosticsAnalyzer analyzer;
    feed(analyzer, burst(shape, n, durationMs, pool), pool);
    const QList<Diagnostic> found = analyzer.diagnostics();
    QCOMPARE(found.size(), 1);
    const QString message = found.constFirst().message();
    qsizetype from = 0;
    for (const QString &part : parts) {
        const qsizetype at = message.indexOf(part, from);
        QVERIFY2(at >= 0, qPrintable(u"\"%1\" not in \"%2\""_s.arg(part, message)));
        from = at + part.size();
    }
}

void tst_DiagnosticsAnalyzer::thresholdRespected_data()
{
    QTest::addColumn<int>("thresholdMs");
    QTest::addColumn<int>("holdMs");
    QTest::addColumn<bool>("fires");
    QTest::newRow("50 ms holds, threshold 100") << 100 << 50 << false;
    QTest::newRow("99 ms holds, threshold 100") << 100 << 99 << false;
    QTest::newRow("100 ms holds, threshold 100") << 100 << 100 << true;
    QTest::newRow("50 ms holds, threshold 40") << 40 << 50 << true;
    QTest::newRow("1 s holds, threshold 2000") << 2000 << 1000 << false;
}

void tst_DiagnosticsAnalyzer::thresholdRespected()
{
    QFETCH(int, thresholdMs);
    QFETCH(int, holdMs);
    QFETCH(bool, fires);
    DiagnosticsAnalyzer analyzer({thresholdMs, thresholdMs});
    QCOMPARE(analyzer.thresholds().holdMs, thresholdMs);
    // Five holds back to back: the last waited four of them, well over every threshold here.
    feed(analyzer, burst(Shape::ConcurrentBlockingSleep, 5, holdMs));
    QCOMPARE(analyzer.diagnostics().isEmpty(), !fires);
}

void tst_DiagnosticsAnalyzer::waiterFinishingAfterItsCulpritsIsAttributed()
{
    // Concurrent: a blocking sleep of 1 s holds the thread; a request behind it waits unread,
    // then sleeps 5 s on the timer, so it finishes long after; meanwhile 3000 GET / and an
    // unrelated long compute finish. The waiter still names the sleep that held it up.
    DiagnosticsAnalyzer analyzer;
    QList<Finished> requests;
    Finished culprit;
    culprit.requestId = 1;
    culprit.target = "/sleep?ms=1000";
    RequestPhases &c = culprit.phases;
    c.arrivedUs = c.readUs = c.parsedUs = t0;
    c.startedUs = t0 + 10;
    c.sleepBlocking = true;
    c.sleepStartUs = t0 + 20;
    c.sleepEndUs = c.sleepStartUs + 1000 * ms;
    c.handlerEndUs = c.doneUs = c.sleepEndUs + 5;
    requests.append(culprit);

    Finished waiter;
    waiter.requestId = 2;
    waiter.target = "/sleep?ms=5000";
    RequestPhases &w = waiter.phases;
    w.arrivedUs = t0 + 100;
    w.readUs = c.doneUs + 10;
    w.parsedUs = w.readUs + 5;
    w.startedUs = w.parsedUs + 5;
    w.handlerEndUs = w.startedUs + 20;
    w.sleepStartUs = w.handlerEndUs;
    w.sleepEndUs = w.sleepStartUs + 5000 * ms;
    w.doneUs = w.sleepEndUs + 5;

    for (int i = 0; i < 3000; ++i) {
        Finished get;
        get.requestId = quint64(100 + i);
        RequestPhases &p = get.phases;
        p.arrivedUs = p.readUs = p.parsedUs = w.startedUs + 100 + i * ms;
        p.startedUs = p.parsedUs + 2;
        p.handlerEndUs = p.startedUs + 5;
        p.doneUs = p.handlerEndUs + 3;
        requests.append(get);
    }
    Finished compute; // after the waiter's wait: not its culprit
    compute.requestId = 50;
    compute.target = "/compute?ms=300";
    RequestPhases &k = compute.phases;
    k.arrivedUs = k.readUs = k.parsedUs = w.startedUs + 3100 * ms;
    k.startedUs = k.parsedUs + 2;
    k.handlerEndUs = k.startedUs + 300 * ms;
    k.doneUs = k.handlerEndUs + 3;
    requests.append(compute);
    requests.append(waiter);
    std::stable_sort(requests.begin(), requests.end(), [](const Finished &a, const Finished &b) {
        return a.phases.doneUs < b.phases.doneUs;
    });
    QCOMPARE(requests.constLast().requestId, quint64(2));
    feed(analyzer, requests);

    const QList<Diagnostic> found = analyzer.diagnostics();
    QCOMPARE(namesOf(found), QStringList {u"serverThreadBlocked"_s});
    const Diagnostic &d = found.constFirst();
    QCOMPARE(d.count, qint64(1));
    QCOMPARE(d.culpritCount, qint64(1));
    QCOMPARE(d.culpritLabel, u"GET /sleep?ms=1000"_s);
    QVERIFY(qAbs(d.maxWaitUs - 1000 * ms) < 5 * ms);
    QCOMPARE(d.requestIds, (QList<quint64> {1, 2}));
}

void tst_DiagnosticsAnalyzer::requestIdsNameWaitersAndCulprits()
{
    DiagnosticsAnalyzer analyzer;
    feed(analyzer, burst(Shape::PooledCompute, 4, 500));
    const QList<Diagnostic> found = analyzer.diagnostics();
    QCOMPARE(found.size(), 1);
    QList<quint64> ids = found.constFirst().requestIds;
    std::sort(ids.begin(), ids.end());
    QCOMPARE(ids, (QList<quint64> {1, 2, 3, 4}));

    // Many more than are kept: the newest stay.
    DiagnosticsAnalyzer many;
    feed(many, burst(Shape::ConcurrentBlockingSleep, 400, 150));
    const Diagnostic d = many.diagnostics().constFirst();
    QCOMPARE(d.count, qint64(399));
    QCOMPARE(d.requestIds.size(), Diagnostic::maxRequestIds);
    QCOMPARE(d.requestIds.constLast(), quint64(400));
    QCOMPARE(d.requestIds.constFirst(), quint64(400 - Diagnostic::maxRequestIds + 1));
}

void tst_DiagnosticsAnalyzer::timesAndClear()
{
    DiagnosticsAnalyzer analyzer;
    const QList<Finished> first = burst(Shape::ConcurrentBlockingSleep, 3, 200);
    feed(analyzer, first);
    Diagnostic d = analyzer.diagnostics().constFirst();
    // First seen when the first waiter finished (the second request), last at the third.
    QCOMPARE(d.firstSeenMs, first.at(1).phases.doneUs / 1000);
    QCOMPARE(d.lastSeenMs, first.at(2).phases.doneUs / 1000);
    QVERIFY(analyzer.rememberedHolds() > 0);

    analyzer.clear();
    QVERIFY(analyzer.diagnostics().isEmpty());
    QCOMPARE(analyzer.rememberedHolds(), qsizetype(0));
    QCOMPARE(analyzer.countedLabels(), qsizetype(0));
    // And it works again afterwards, counting from zero.
    feed(analyzer, burst(Shape::ConcurrentCompute, 3, 200));
    QCOMPARE(namesOf(analyzer.diagnostics()), QStringList {u"cpuOnEventLoop"_s});
    QCOMPARE(analyzer.diagnostics().constFirst().count, qint64(2));
}

void tst_DiagnosticsAnalyzer::boundedUnderLoad_data()
{
    QTest::addColumn<bool>("held");
    QTest::newRow("100k holds, each waited for") << true;
    QTest::newRow("100k plain requests") << false;
}

void tst_DiagnosticsAnalyzer::boundedUnderLoad()
{
    // 100,000 requests on the server thread, each with a target of its own. Held: each holds
    // the thread 100 ms and arrived 150 ms before it started, behind the one before it.
    QFETCH(bool, held);
    DiagnosticsAnalyzer analyzer;
    constexpr int n = 100000;
    const qint64 hold = (held ? 100 : 0) * ms + 10;
    for (int i = 0; i < n; ++i) {
        RequestPhases p;
        p.startedUs = t0 + i * (hold + 20);
        p.arrivedUs = p.startedUs - (held ? 150 * ms : 15);
        p.readUs = p.parsedUs = p.startedUs - 5;
        p.sleepBlocking = held;
        p.handlerEndUs = p.startedUs + hold;
        p.doneUs = p.handlerEndUs + 5;
        analyzer.add(p, DispatchMode::Concurrent, "GET",
                     QByteArray("/sleep?ms=200&n=" + QByteArray::number(i)), quint64(i + 1), 2);
        QVERIFY(analyzer.rememberedHolds() <= DiagnosticsAnalyzer::maxHolds);
    }
    const QList<Diagnostic> found = analyzer.diagnostics();
    if (!held) {
        QVERIFY(found.isEmpty());
        QCOMPARE(analyzer.rememberedHolds(), qsizetype(0));
        return;
    }
    // Ten minutes of 100 ms holds are more than the ring keeps.
    QCOMPARE(analyzer.rememberedHolds(), DiagnosticsAnalyzer::maxHolds);
    QVERIFY(analyzer.countedLabels() <= DiagnosticsAnalyzer::maxLabels);
    QCOMPARE(found.size(), 1);
    const Diagnostic &d = found.constFirst();
    QCOMPARE(d.count, qint64(n - 1));
    QCOMPARE(d.culpritCount, qint64(n));
    QCOMPARE(d.requestIds.size(), Diagnostic::maxRequestIds);
    // Distinct targets, so no label counts all of them.
    QVERIFY(d.culpritLabelCount < d.culpritCount);
    QVERIFY(d.message().contains(u"100000 requests, 1 of them GET /sleep?ms=200&n="_s));
}

void tst_DiagnosticsAnalyzer::kindNames_data()
{
    QTest::addColumn<Diagnostic::Kind>("kind");
    QTest::addColumn<QString>("name");
    QTest::newRow("blocked") << Diagnostic::Kind::ServerThreadBlocked << u"serverThreadBlocked"_s;
    QTest::newRow("pool") << Diagnostic::Kind::PoolSaturated << u"poolSaturated"_s;
    QTest::newRow("cpu") << Diagnostic::Kind::CpuOnEventLoop << u"cpuOnEventLoop"_s;
    QTest::newRow("sequential") << Diagnostic::Kind::SequentialQueue << u"sequentialQueue"_s;
}

void tst_DiagnosticsAnalyzer::kindNames()
{
    QFETCH(Diagnostic::Kind, kind);
    QFETCH(QString, name);
    QCOMPARE(QString(Diagnostic::kindName(kind)), name);
}

QTEST_GUILESS_MAIN(tst_DiagnosticsAnalyzer)
#include "tst_diagnosticsanalyzer.moc"
