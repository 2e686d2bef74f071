#include "poller.h"
#include "poolhandoff.h"
#include "servercontext.h"

#include <QtTest/QtTest>

#include <algorithm>
#include <atomic>
#include <memory>
#include <set>
#include <vector>

/*!
    PoolHandoff without sockets: jobs go to the workers in batches and come back with fewer
    wake-ups than jobs, every one exactly once and in order on one worker, never more at once
    than the pool size, a long job holds back no finished one, and cancelled or cleared jobs
    leave the queued count at once and never run.
*/
class tst_PoolHandoff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void manyJobsFewWakeUps_data();
    void manyJobsFewWakeUps();
    void neverMoreAtOnceThanThePoolSize_data();
    void neverMoreAtOnceThanThePoolSize();
    void longJobHoldsBackNoOutcome();
    void aLargerPoolTakesOnWaitingJobs();
    void cancelledJobsLeaveTheQueueAtOnce();
    void clearedJobsNeverStart();
};

namespace {

/*! The server thread's side of Poller as PoolHandoff sees it: it counts wake-ups. */
class CountingPoller : public Poller
{
public:
    bool isValid() const override { return true; }
    const char *name() const override { return "counting"; }
    bool add(int, quint64, unsigned) override { return true; }
    bool modify(int, quint64, unsigned) override { return true; }
    void remove(int) override { }
    void dispatch() override { }
    void wake() override { m_wakes.fetch_add(1); }

    int wakes() const { return m_wakes.load(); }

private:
    std::atomic<int> m_wakes {0};
};

/*! Plays the server thread: takes the outcomes only when woken, as ServerEngine does. */
struct Server
{
    explicit Server(int threads)
        : context(std::make_shared<ServerContext>(ServerConfig()))
    {
        context->threads = threads;
        pool = std::make_unique<PoolHandoff>(context, poller);
    }

    PoolHandoff::Ticket submit(Router::Route::Kind kind, int ms = 0)
    {
        RequestHandler::Job job;
        job.connectionId = 1;
        job.requestId = nextRequestId++;
        job.mode = DispatchMode::Pooled;
        job.route.kind = kind;
        job.route.durationMs = ms;
        job.cancelled = std::make_shared<std::atomic<bool>>(false);
        cancelled.push_back(job.cancelled);
        return pool->submit(job);
    }

    /*! The outcomes taken so far, after taking those a new wake-up announced. */
    std::size_t drain()
    {
        const int wakes = poller.wakes();
        if (wakes > seenWakes) {
            seenWakes = wakes;
            std::vector<RequestHandler::Outcome> batch;
            pool->takeOutcomes(batch);
            batches.push_back(batch.size());
            for (RequestHandler::Outcome &outcome : batch)
                outcomes.push_back(std::move(outcome));
        }
        return outcomes.size();
    }

    qint64 queued() const { return context->stats.snapshot().queuedForWorker; }

    std::shared_ptr<ServerContext> context;
    CountingPoller poller;
    std::unique_ptr<PoolHandoff> pool;
    std::vector<std::shared_ptr<std::atomic<bool>>> cancelled;
    std::vector<RequestHandler::Outcome> outcomes;
    std::vector<std::size_t> batches; //!< outcomes per wake-up
    quint64 nextRequestId = 1;
    int seenWakes = 0;
};

/*! The most handlers that ran at the same time, from their phases. */
int mostAtOnce(const std::vector<RequestHandler::Outcome> &outcomes)
{
    std::vector<std::pair<qint64, int>> edges;
    for (const RequestHandler::Outcome &outcome : outcomes) {
        edges.emplace_back(outcome.phases.startedUs, 1);
        edges.emplace_back(outcome.phases.handlerEndUs, -1);
    }
    std::sort(edges.begin(), edges.end()); // an end before a start at the same time
    int running = 0;
    int most = 0;
    for (const auto &edge : edges) {
        running += edge.second;
        most = std::max(most, running);
    }
    return most;
}

} // namespace

void tst_PoolHandoff::manyJobsFewWakeUps_data()
{
    QTest::addColumn<int>("threads");
    QTest::newRow("one worker") << 1;
    QTest::newRow("two workers") << 2;
    QTest::newRow("four workers") << 4;
}

void tst_PoolHandoff::manyJobsFewWakeUps()
{
    QFETCH(int, threads);
    constexpr int jobs = 500;
    Server server(threads);
    for (int i = 0; i < jobs; ++i)
        server.submit(Router::Route::Kind::Hello);
    QCOMPARE(server.queued(), jobs);
    server.pool->startWorkers();
    QTRY_COMPARE(server.drain(), std::size_t(jobs));
    QCOMPARE(server.queued(), 0);

    // One wake-up per batch: when the queue runs dry, or every outcomeBatch outcomes.
    QCOMPARE(server.pool->wakeUps(), quint64(server.poller.wakes()));
    QVERIFY2(server.poller.wakes() <= jobs / PoolHandoff::outcomeBatch + threads + 1,
             qPrintable(QString::number(server.poller.wakes())));
    for (std::size_t batch : server.batches)
        QVERIFY(batch > 0);

    std::set<quint64> ids;
    std::set<int> workers;
    for (const RequestHandler::Outcome &outcome : server.outcomes) {
        QCOMPARE(outcome.response.status, 200);
        QVERIFY(outcome.phases.startedUs > 0);
        ids.insert(outcome.requestId);
        workers.insert(outcome.thread);
    }
    QCOMPARE(ids.size(), std::size_t(jobs)); // each exactly once
    QCOMPARE(*ids.begin(), quint64(1));
    QCOMPARE(*ids.rbegin(), quint64(jobs));
    QVERIFY(int(workers.size()) <= threads);
    QVERIFY(*workers.begin() >= 1); // worker numbers, never the server thread's 0
    if (threads == 1) {
        // One worker answers in the order submitted.
        for (std::size_t i = 0; i < server.outcomes.size(); ++i)
            QCOMPARE(server.outcomes[i].requestId, quint64(i + 1));
    }
}

void tst_PoolHandoff::neverMoreAtOnceThanThePoolSize_data()
{
    QTest::addColumn<Router::Route::Kind>("kind");
    QTest::addColumn<bool>("blocking");
    QTest::newRow("compute") << Router::Route::Kind::Compute << false;
    QTest::newRow("blocking sleep") << Router::Route::Kind::Sleep << true;
}

void tst_PoolHandoff::neverMoreAtOnceThanThePoolSize()
{
    QFETCH(Router::Route::Kind, kind);
    QFETCH(bool, blocking);
    Server server(2);
    server.context->blockingSleep = blocking;
    for (int i = 0; i < 6; ++i)
        server.submit(kind, 100);
    server.pool->startWorkers();
    // Two hold the workers, four wait for one (the pool saturates).
    QTRY_COMPARE(server.queued(), 4);
    QTRY_COMPARE_WITH_TIMEOUT(server.drain(), std::size_t(6), 10000);
    QCOMPARE(mostAtOnce(server.outcomes), 2); // in parallel, up to the pool size
    std::set<int> workers;
    for (const RequestHandler::Outcome &outcome : server.outcomes) {
        QCOMPARE(outcome.response.status, 200);
        QCOMPARE(outcome.sleepMs, 0);
        workers.insert(outcome.thread);
    }
    QCOMPARE(workers.size(), std::size_t(2));
}

void tst_PoolHandoff::longJobHoldsBackNoOutcome()
{
    Server server(1);
    server.submit(Router::Route::Kind::Hello);
    server.submit(Router::Route::Kind::Sleep, 200); // parked: no thread held, back at once
    server.submit(Router::Route::Kind::Compute, 400);
    server.pool->startWorkers();
    // The two quick ones come back while the computation still holds the worker.
    QTRY_COMPARE(server.drain(), std::size_t(2));
    QCOMPARE(server.outcomes[0].requestId, quint64(1));
    QCOMPARE(server.outcomes[1].requestId, quint64(2));
    QCOMPARE(server.outcomes[1].sleepMs, 200);
    QTRY_COMPARE_WITH_TIMEOUT(server.drain(), std::size_t(3), 10000);
    QCOMPARE(server.outcomes[2].requestId, quint64(3));
    QVERIFY(server.outcomes[2].phases.startedUs >= server.outcomes[1].phases.handlerEndUs);
}

void tst_PoolHandoff::aLargerPoolTakesOnWaitingJobs()
{
    Server server(1);
    server.submit(Router::Route::Kind::Compute, 300);
    server.submit(Router::Route::Kind::Compute, 300);
    server.pool->startWorkers();
    QTRY_COMPARE(server.queued(), 1);
    server.pool->setMaxThreadCount(2);
    QTRY_COMPARE(server.queued(), 0); // taken before the first one is done
    QTRY_COMPARE_WITH_TIMEOUT(server.drain(), std::size_t(2), 10000);
    QCOMPARE(mostAtOnce(server.outcomes), 2);
}

void tst_PoolHandoff::cancelledJobsLeaveTheQueueAtOnce()
{
    Server server(1);
    server.submit(Router::Route::Kind::Compute, 300);
    const PoolHandoff::Ticket waiting = server.submit(Router::Route::Kind::Hello);
    server.pool->startWorkers();
    const PoolHandoff::Ticket notHandedOver = server.submit(Router::Route::Kind::Hello);
    QTRY_COMPARE(server.queued(), 2);
    // Their connections closed: counted out now, not when the worker gets to them.
    server.cancelled[1]->store(true);
    server.pool->cancel(waiting);
    QCOMPARE(server.queued(), 1);
    server.cancelled[2]->store(true);
    server.pool->cancel(notHandedOver);
    QCOMPARE(server.queued(), 0);
    server.pool->cancel(waiting); // twice, or for a job already taken: nothing
    server.pool->cancel(1);
    QCOMPARE(server.queued(), 0);
    server.pool->startWorkers();
    const PoolHandoff::Ticket later = server.submit(Router::Route::Kind::Hello);
    QVERIFY(later > notHandedOver);
    server.pool->startWorkers();
    QTRY_COMPARE_WITH_TIMEOUT(server.drain(), std::size_t(2), 10000);
    QCOMPARE(server.outcomes[0].requestId, quint64(1));
    QCOMPARE(server.outcomes[1].requestId, quint64(4)); // 2 and 3 never ran
    QCOMPARE(server.queued(), 0);
}

void tst_PoolHandoff::clearedJobsNeverStart()
{
    Server server(1);
    server.submit(Router::Route::Kind::Compute, 200);
    server.submit(Router::Route::Kind::Hello);
    server.pool->startWorkers();
    server.submit(Router::Route::Kind::Hello);
    QTRY_COMPARE(server.queued(), 2);
    server.pool->clear();
    QCOMPARE(server.queued(), 0);
    server.pool->waitForDone();
    server.drain();
    QCOMPARE(server.outcomes.size(), std::size_t(1));
    QCOMPARE(server.outcomes[0].requestId, quint64(1));
    // It still works afterwards.
    server.submit(Router::Route::Kind::Hello);
    server.pool->startWorkers();
    QTRY_COMPARE(server.drain(), std::size_t(2));
    QCOMPARE(server.outcomes[1].requestId, quint64(4));
}

QTEST_GUILESS_MAIN(tst_PoolHandoff)
#include "tst_poolhandoff.moc"
