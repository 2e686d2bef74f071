#include "servercontext.h"
#include "sleepscheduler.h"

#include <QtTest/QTest>

#include <map>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

struct Wake
{
    quint64 key = 0;
    qint64 atMs = 0; //!< ServerContext::monotonicMs() when the wake-up ran
};

QList<quint64> keysOf(const std::vector<Wake> &wakes)
{
    QList<quint64> keys;
    for (const Wake &wake : wakes)
        keys.append(wake.key);
    return keys;
}

} // namespace

/*! The one-timer scheduler behind every non-blocking /sleep. */
class tst_SleepScheduler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(u".*"_s)); }
    void wakesInDeadlineOrder();
    void pastDeadlinesFireAtOnce();
    void cancelledEntryNeverWakes();
    void cancelEverythingStopsTimer();
    void cancelAnotherDueEntryFromWakeCallback();
    void cancelLaterEntryFromWakeCallback();
    void scheduleFromWakeCallback();
    void earlierDeadlineRearms();
    void rescheduleLaterWaits();
};

void tst_SleepScheduler::wakesInDeadlineOrder()
{
    std::vector<Wake> wakes;
    SleepScheduler scheduler([&](quint64 key) {
        wakes.push_back({key, ServerContext::monotonicMs()});
    });
    const qint64 now = ServerContext::monotonicMs();
    const std::map<quint64, qint64> deadlines {
        {1, now + 90}, {2, now + 30}, {3, now + 60}, {4, now + 30}};
    // Equal deadlines wake in the order they were scheduled.
    for (quint64 key : {1, 2, 3, 4})
        scheduler.schedule(deadlines.at(key), key);
    QCOMPARE(scheduler.size(), std::size_t(4));

    QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), std::size_t(4), 5000);
    QCOMPARE(keysOf(wakes), (QList<quint64> {2, 4, 3, 1}));
    for (const Wake &wake : wakes) {
        QVERIFY2(wake.atMs >= deadlines.at(wake.key),
                 qPrintable(u"key %1 woke %2 ms early"_s.arg(wake.key).arg(deadlines.at(wake.key)
                                                                           - wake.atMs)));
    }
    QCOMPARE(scheduler.size(), std::size_t(0));
}

void tst_SleepScheduler::pastDeadlinesFireAtOnce()
{
    std::vector<Wake> wakes;
    SleepScheduler scheduler([&](quint64 key) {
        wakes.push_back({key, ServerContext::monotonicMs()});
    });
    const qint64 now = ServerContext::monotonicMs();
    scheduler.schedule(now - 5, 7);
    scheduler.schedule(now - 50, 8);
    scheduler.schedule(now, 9);
    QVERIFY(wakes.empty()); // never from inside schedule()
    QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), std::size_t(3), 2000);
    QCOMPARE(keysOf(wakes), (QList<quint64> {8, 7, 9}));
    QVERIFY2(wakes.back().atMs - now < 1000, "past deadlines must not wait");
}

void tst_SleepScheduler::cancelledEntryNeverWakes()
{
    std::vector<Wake> wakes;
    SleepScheduler scheduler([&](quint64 key) {
        wakes.push_back({key, ServerContext::monotonicMs()});
    });
    const qint64 now = ServerContext::monotonicMs();
    scheduler.schedule(now + 20, 1);
    const SleepScheduler::Handle second = scheduler.schedule(now + 40, 2);
    scheduler.schedule(now + 80, 3);
    scheduler.cancel(second);
    scheduler.cancel(scheduler.none()); // a no-op
    QCOMPARE(scheduler.size(), std::size_t(2));
    // Key 3 is due after key 2 would have been: once 3 woke, 2 had its chance.
    QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), std::size_t(2), 5000);
    QCOMPARE(keysOf(wakes), (QList<quint64> {1, 3}));
}

void tst_SleepScheduler::cancelEverythingStopsTimer()
{
    std::vector<Wake> wakes;
    SleepScheduler scheduler([&](quint64 key) {
        wakes.push_back({key, ServerContext::monotonicMs()});
    });
    const qint64 now = ServerContext::monotonicMs();
    const SleepScheduler::Handle a = scheduler.schedule(now + 20, 1);
    const SleepScheduler::Handle b = scheduler.schedule(now + 30, 2);
    scheduler.cancel(b);
    scheduler.cancel(a);
    QCOMPARE(scheduler.size(), std::size_t(0));
    // A sentinel due after both: had either fired, it would come first.
    scheduler.schedule(now + 100, 3);
    QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), std::size_t(1), 5000);
    QCOMPARE(wakes.front().key, quint64(3));
    QVERIFY(wakes.front().atMs >= now + 100);
}

void tst_SleepScheduler::cancelAnotherDueEntryFromWakeCallback()
{
    // Two entries due in the same timer shot: the first one's wake-up cancels the second
    // (a connection closing another), which must then never wake, and nothing may crash.
    std::vector<Wake> wakes;
    SleepScheduler::Handle victim;
    SleepScheduler *self = nullptr;
    SleepScheduler scheduler([&](quint64 key) {
        wakes.push_back({key, ServerContext::monotonicMs()});
        if (key == 1)
            self->cancel(victim);
    });
    self = &scheduler;
    const qint64 now = ServerContext::monotonicMs();
    scheduler.schedule(now + 30, 1);
    victim = scheduler.schedule(now + 30, 2);
    scheduler.schedule(now + 30, 3);
    scheduler.schedule(now + 90, 4);
    QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), std::size_t(3), 5000);
    QCOMPARE(keysOf(wakes), (QList<quint64> {1, 3, 4}));
    QCOMPARE(scheduler.size(), std::size_t(0));
}

void tst_SleepScheduler::cancelLaterEntryFromWakeCallback()
{
    std::vector<Wake> wakes;
    SleepScheduler::Handle victim;
    SleepScheduler *self = nullptr;
    SleepScheduler scheduler([&](quint64 key) {
        wakes.push_back({key, ServerContext::monotonicMs()});
        if (key == 1)
            self->cancel(victim);
    });
    self = &scheduler;
    const qint64 now = ServerContext::monotonicMs();
    scheduler.schedule(now + 20, 1);
    victim = scheduler.schedule(now + 50, 2);
    scheduler.schedule(now + 100, 3);
    QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), std::size_t(2), 5000);
    QCOMPARE(keysOf(wakes), (QList<quint64> {1, 3}));
}

void tst_SleepScheduler::scheduleFromWakeCallback()
{
    // A wake-up that schedules again (a pipelined /sleep after the first one's response).
    std::vector<Wake> wakes;
    std::map<quint64, qint64> deadlines;
    SleepScheduler *self = nullptr;
    SleepScheduler scheduler([&](quint64 key) {
        const qint64 at = ServerContext::monotonicMs();
        wakes.push_back({key, at});
        if (key < 4) {
            deadlines[key + 1] = at + 25;
            self->schedule(at + 25, key + 1);
        }
        if (key == 1) {
            deadlines[10] = at; // already due: must still wake, after this callback
            self->schedule(at, 10);
        }
    });
    self = &scheduler;
    deadlines[1] = ServerContext::monotonicMs() + 20;
    scheduler.schedule(deadlines[1], 1);
    QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), std::size_t(5), 5000);
    QCOMPARE(keysOf(wakes), (QList<quint64> {1, 10, 2, 3, 4}));
    for (const Wake &wake : wakes)
        QVERIFY(wake.atMs >= deadlines.at(wake.key));
    QCOMPARE(scheduler.size(), std::size_t(0));
}

void tst_SleepScheduler::earlierDeadlineRearms()
{
    std::vector<Wake> wakes;
    SleepScheduler scheduler([&](quint64 key) {
        wakes.push_back({key, ServerContext::monotonicMs()});
    });
    const qint64 now = ServerContext::monotonicMs();
    const SleepScheduler::Handle late = scheduler.schedule(now + 10000, 1);
    scheduler.schedule(now + 20, 2);
    QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), std::size_t(1), 5000);
    QCOMPARE(wakes.front().key, quint64(2));
    QVERIFY2(wakes.front().atMs - now < 5000, "the earlier deadline must rearm the timer");

    // Rescheduling the late entry earlier: cancel, then schedule again.
    scheduler.cancel(late);
    const qint64 rescheduled = ServerContext::monotonicMs() + 30;
    scheduler.schedule(rescheduled, 1);
    QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), std::size_t(2), 5000);
    QCOMPARE(wakes.back().key, quint64(1));
    QVERIFY(wakes.back().atMs >= rescheduled);
    QVERIFY2(wakes.back().atMs - now < 5000,
             "the rescheduled entry must not keep its old deadline");
    QCOMPARE(scheduler.size(), std::size_t(0));
}

void tst_SleepScheduler::rescheduleLaterWaits()
{
    std::vector<Wake> wakes;
    SleepScheduler scheduler([&](quint64 key) {
        wakes.push_back({key, ServerContext::monotonicMs()});
    });
    const qint64 now = ServerContext::monotonicMs();
    const SleepScheduler::Handle early = scheduler.schedule(now + 20, 1);
    scheduler.cancel(early);
    scheduler.schedule(now + 150, 1);
    QTRY_COMPARE_WITH_TIMEOUT(wakes.size(), std::size_t(1), 5000);
    // The timer was armed for +20; it must not wake the entry before its new deadline.
    QVERIFY2(wakes.front().atMs >= now + 150,
             qPrintable(u"woke %1 ms early"_s.arg(now + 150 - wakes.front().atMs)));
}

QTEST_GUILESS_MAIN(tst_SleepScheduler)
#include "tst_sleepscheduler.moc"
