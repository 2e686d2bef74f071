#include "connectionsmodel.h"
#include "eventhub.h"
#include "httptestclient.h"
#include "monitorfeed.h"
#include "pendingsleepsmodel.h"
#include "rateseries.h"
#include "requestlogmodel.h"
#include "server.h"
#include "testevents.h"
#include "timelinedata.h"

#include <QtCore/QThread>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <algorithm>
#include <memory>

namespace {

constexpr qint64 t0 = 1'790'000'000'000;

struct Traffic
{
    QList<ServerEventBatch> batches;
    int requests = 0;
    int sleeps = 0;
    qsizetype events = 0;
    qint64 endMs = 0;
};

/*
    What the server reports for \a requests requests in pooled mode at 2,500 requests per second:
    keep-alive connections of ten requests each, every 50th request a 100 ms /sleep, handled by
    four workers. Cut into deliveries every 33 ms, as EventHub does.
*/
Traffic pooledTraffic(int requests)
{
    struct Timed
    {
        qint64 timeMs;
        ServerEvent event;
    };
    std::vector<Timed> timed;
    const auto add = [&](ServerEvent::Type type, quint64 connection, quint64 request,
                         qint64 timeMs) -> ServerEvent & {
        ServerEvent e = TestEvents::event(type, connection, request, timeMs);
        e.mode = DispatchMode::Pooled;
        e.peer = QStringLiteral("127.0.0.1");
        e.peerPort = quint16(40000 + connection % 20000);
        e.method = "GET";
        timed.push_back({timeMs, e});
        return timed.back().event;
    };
    const auto state = [&](quint64 connection, ConnectionState s, int thread, qint64 timeMs) {
        add(ServerEvent::Type::StateChanged, connection, 0, timeMs).state = s;
        timed.back().event.thread = thread;
    };

    Traffic traffic;
    for (int i = 0; i < requests; ++i) {
        const quint64 request = quint64(i) + 1;
        const quint64 connection = quint64(i / 10) + 1;
        const qint64 begin = t0 + i * 2 / 5; // 0.4 ms apart
        const int worker = 1 + i % 4;
        const bool sleeps = i % 50 == 0;
        const qint64 end = begin + (sleeps ? 100 : 1);
        if (i % 10 == 0)
            add(ServerEvent::Type::ConnectionOpened, connection, 0, begin);
        state(connection, ConnectionState::Reading, 0, begin);
        state(connection, ConnectionState::Queued, 0, begin);
        state(connection, ConnectionState::Handling, worker, begin);
        add(ServerEvent::Type::RequestStarted, connection, request, begin).thread = worker;
        timed.back().event.target = sleeps ? "/sleep?ms=100" : "/";
        if (sleeps) {
            ++traffic.sleeps;
            ServerEvent &sleep = add(ServerEvent::Type::SleepStarted, connection, request, begin);
            sleep.deadlineMs = end;
            sleep.durationUs = 100000;
            sleep.target = "/sleep?ms=100";
            state(connection, ConnectionState::Sleeping, worker, begin);
            add(ServerEvent::Type::SleepFinished, connection, request, end);
        }
        state(connection, ConnectionState::Writing, 0, end);
        ServerEvent &done = add(ServerEvent::Type::RequestFinished, connection, request, end);
        done.thread = worker;
        done.status = 200;
        done.bytesSent = 146;
        done.durationUs = (end - begin) * 1000 + 50;
        done.target = sleeps ? "/sleep?ms=100" : "/";
        state(connection, ConnectionState::Idle, 0, end);
        if (i % 10 == 9)
            add(ServerEvent::Type::ConnectionClosed, connection, 0, end + 1).state
                = ConnectionState::Closed;
        traffic.endMs = std::max(traffic.endMs, end + 1);
    }
    std::stable_sort(timed.begin(), timed.end(),
                     [](const Timed &a, const Timed &b) { return a.timeMs < b.timeMs; });

    qint64 batchEnd = t0 + 33;
    ServerEventBatch batch;
    for (const Timed &item : timed) {
        if (item.timeMs >= batchEnd && !batch.isEmpty()) {
            traffic.batches.append(batch);
            batch.clear();
            while (batchEnd <= item.timeMs)
                batchEnd += 33;
        }
        batch.append(item.event);
    }
    if (!batch.isEmpty())
        traffic.batches.append(batch);
    traffic.requests = requests;
    traffic.events = qsizetype(timed.size());
    return traffic;
}

// The request ids in the order they finished: the log's order.
QList<quint64> finishOrder(const Traffic &traffic)
{
    QList<quint64> ids;
    for (const ServerEventBatch &batch : traffic.batches) {
        for (const ServerEvent &e : batch) {
            if (e.type == ServerEvent::Type::RequestFinished)
                ids.append(e.requestId);
        }
    }
    return ids;
}

bool hasFinished(const ServerEventBatch &batch)
{
    return std::any_of(batch.cbegin(), batch.cend(), [](const ServerEvent &e) {
        return e.type == ServerEvent::Type::RequestFinished;
    });
}

// Counts the structural and data signals of one model.
struct ModelSignals
{
    explicit ModelSignals(QAbstractItemModel *model)
        : inserted(model, &QAbstractItemModel::rowsInserted)
        , removed(model, &QAbstractItemModel::rowsRemoved)
        , changed(model, &QAbstractItemModel::dataChanged)
        , reset(model, &QAbstractItemModel::modelReset)
    { }
    QSignalSpy inserted;
    QSignalSpy removed;
    QSignalSpy changed;
    QSignalSpy reset;
};

} // namespace

class tst_MonitorFeed : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void modelsUpdatePerBatchNotPerRow();
    void evictionStaysOnePairPerBatch();
    void throughEventHub();
    void updatesAreThrottled();
    void tickSamplesStatsAndDrivesLiveModels();
    void clearLiveState();
    void followsARealServer();
    void idleFeedStaysQuiet_data();
    void idleFeedStaysQuiet();
    void liveSleepCountsDownWhileStopped();
};

void tst_MonitorFeed::modelsUpdatePerBatchNotPerRow()
{
    const Traffic traffic = pooledTraffic(5000);
    const auto batches = int(traffic.batches.size());
    QVERIFY2(batches >= 30 && batches <= 100, QByteArray::number(batches)); // ~2 s of deliveries

    MonitorFeed feed;
    QAbstractItemModelTester logTester(feed.requestLog(),
                                       QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester connectionsTester(
        feed.connections(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester sleepsTester(feed.pendingSleeps(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    ModelSignals log(feed.requestLog());
    ModelSignals connections(feed.connections());
    ModelSignals sleeps(feed.pendingSleeps());
    QSignalSpy updated(&feed, &MonitorFeed::updated);

    int batchesWithRequests = 0;
    for (const ServerEventBatch &batch : traffic.batches) {
        const int logInsertsBefore = int(log.inserted.count());
        const int connectionChangesBefore = int(connections.changed.count());
        const int connectionInsertsBefore = int(connections.inserted.count());
        const int sleepInsertsBefore = int(sleeps.inserted.count());
        feed.applyBatch(batch);
        batchesWithRequests += hasFinished(batch) ? 1 : 0;
        // Per batch: at most one insert per model, one coalesced dataChanged.
        QCOMPARE(log.inserted.count() - logInsertsBefore, hasFinished(batch) ? 1 : 0);
        QVERIFY(connections.inserted.count() - connectionInsertsBefore <= 1);
        QVERIFY(connections.changed.count() - connectionChangesBefore <= 1);
        QVERIFY(sleeps.inserted.count() - sleepInsertsBefore <= 1);
    }

    QCOMPARE(feed.batchesApplied(), qint64(batches));
    QCOMPARE(feed.eventsApplied(), qint64(traffic.events));
    QCOMPARE(log.inserted.count(), batchesWithRequests);
    QCOMPARE(log.removed.count(), 0);
    QVERIFY(sleeps.removed.count() <= batches); // sleeps end in start order: one range a batch
    for (const ModelSignals *model : {&log, &connections, &sleeps})
        QCOMPARE(model->reset.count(), 0);
    QVERIFY(updated.count() <= batches);
    QVERIFY(updated.count() >= 1);

    // Everything arrived.
    QCOMPARE(feed.requestLog()->totalCount(), 5000);
    QCOMPARE(feed.requestLog()->rowCount(), 5000);
    const QList<quint64> order = finishOrder(traffic);
    QCOMPARE(feed.requestLog()->entry(0).requestId, order.first());
    QCOMPARE(feed.requestLog()->entry(4999).requestId, order.last());
    QCOMPARE(feed.pendingSleeps()->rowCount(), 0);
    QCOMPARE(feed.connections()->openCount(), 0);
    QCOMPARE(feed.connections()->rowCount(), 500); // closed, still lingering
    QCOMPARE(feed.connections()->index(499, 0).data(ConnectionsModel::RequestsRole).toLongLong(),
             10);
    QCOMPARE(feed.rates()->totalCount(), 5000);
    int charted = 0;
    for (const RateSeries::Point &point : feed.rates()->points(traffic.endMs + 1000))
        charted += point.requests;
    QCOMPARE(charted, 5000);
    QCOMPARE(feed.timeline()->requestCount(), TimelineData::defaultMaxRequests);
    QCOMPARE(feed.timeline()->openRequestCount(), 0);

    // The linger ends at a tick: one removal for the lot, since they are contiguous.
    feed.tick(traffic.endMs + ConnectionsModel::defaultLingerMs);
    QCOMPARE(feed.connections()->rowCount(), 0);
    QCOMPARE(connections.removed.count(), 1);
}

void tst_MonitorFeed::evictionStaysOnePairPerBatch()
{
    const Traffic traffic = pooledTraffic(5000);
    MonitorFeed feed;
    feed.requestLog()->setCapacity(1000);
    QAbstractItemModelTester tester(feed.requestLog(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    ModelSignals log(feed.requestLog());
    for (const ServerEventBatch &batch : traffic.batches) {
        const int removedBefore = int(log.removed.count());
        const int insertedBefore = int(log.inserted.count());
        feed.applyBatch(batch);
        QVERIFY(log.removed.count() - removedBefore <= 1);
        QVERIFY(log.inserted.count() - insertedBefore <= 1);
    }
    QCOMPARE(feed.requestLog()->rowCount(), 1000);
    QCOMPARE(feed.requestLog()->totalCount(), 5000);
    QCOMPARE(feed.requestLog()->entry(0).requestId, finishOrder(traffic).at(4000));
    QCOMPARE(feed.requestLog()->entry(999).requestId, finishOrder(traffic).last());
    QVERIFY(log.removed.count() > 0);
}

void tst_MonitorFeed::throughEventHub()
{
    // The real delivery path: a producer thread records 5,000 requests' events in small chunks
    // as fast as it can; the hub hands them over in a few batches.
    const Traffic traffic = pooledTraffic(5000);
    EventHub hub;
    hub.setEnabled(true);
    MonitorFeed feed;
    connect(&hub, &EventHub::eventsReady, &feed, &MonitorFeed::applyBatch);
    QAbstractItemModelTester tester(feed.requestLog(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    ModelSignals log(feed.requestLog());

    std::unique_ptr<QThread> producer(QThread::create([&hub, &traffic] {
        for (const ServerEventBatch &delivery : traffic.batches) {
            for (qsizetype at = 0; at < delivery.size(); at += 20) {
                ServerEventBatch chunk = delivery.mid(at, 20);
                hub.recordAll(chunk);
            }
        }
    }));
    producer->start();
    QTRY_COMPARE_WITH_TIMEOUT(feed.requestLog()->totalCount(), 5000, 20000);
    QVERIFY(producer->wait(20000));
    hub.flush();

    QCOMPARE(hub.eventsDropped(), 0);
    QCOMPARE(feed.eventsApplied(), qint64(traffic.events));
    QCOMPARE(feed.batchesApplied(), hub.batchesDelivered());
    QVERIFY2(feed.batchesApplied() <= 500, QByteArray::number(feed.batchesApplied()));
    QVERIFY(log.inserted.count() <= feed.batchesApplied());
    QCOMPARE(log.reset.count(), 0);
    QCOMPARE(feed.pendingSleeps()->rowCount(), 0);
    QCOMPARE(feed.connections()->openCount(), 0);
}

void tst_MonitorFeed::updatesAreThrottled()
{
    const Traffic traffic = pooledTraffic(1000);
    MonitorFeed feed;
    QSignalSpy updated(&feed, &MonitorFeed::updated);
    // Batches arriving back to back (a slow frame): one repaint now, one deferred, not 30.
    for (const ServerEventBatch &batch : traffic.batches)
        feed.applyBatch(batch);
    QVERIFY(traffic.batches.size() >= 10);
    QCOMPARE(updated.count(), 1);
    QTRY_COMPARE(updated.count(), 2);
    QCOMPARE(feed.updatesEmitted(), 2);
    QVERIFY(!updated.wait(2 * MonitorFeed::minimumUpdateIntervalMs)); // and nothing more
    QCOMPARE(updated.count(), 2);
}

void tst_MonitorFeed::tickSamplesStatsAndDrivesLiveModels()
{
    MonitorFeed feed;
    QCOMPARE(feed.tickInterval(), MonitorFeed::defaultTickIntervalMs);
    QVERIFY(!feed.isTicking()); // no server, no timer
    QCOMPARE(feed.stats().requestsTotal, 0);

    int samples = 0;
    feed.setStatsSource([&samples] {
        ServerStats::Snapshot snapshot;
        snapshot.pendingSleeps = 3;
        snapshot.queuedForWorker = 7;
        snapshot.requestsTotal = ++samples;
        return snapshot;
    });
    ServerEvent sleep = TestEvents::event(ServerEvent::Type::SleepStarted, 1, 1, t0);
    sleep.deadlineMs = t0 + 1000; // and no planned duration
    const ServerEvent opened = TestEvents::connectionOpened(1, t0);
    feed.applyBatch({opened, sleep});

    QSignalSpy sleepsChanged(feed.pendingSleeps(), &QAbstractItemModel::dataChanged);
    QSignalSpy connectionsChanged(feed.connections(), &QAbstractItemModel::dataChanged);
    feed.tick(t0 + 250);
    QCOMPARE(samples, 1);
    QCOMPARE(feed.stats().pendingSleeps, 3);
    QCOMPARE(feed.stats().queuedForWorker, 7);
    QCOMPARE(sleepsChanged.count(), 1);
    QCOMPARE(connectionsChanged.count(), 1);
    QCOMPARE(feed.pendingSleeps()->nowMs(), t0 + 250);
    QCOMPARE(feed.pendingSleeps()
                 ->index(0, PendingSleepsModel::RemainingColumn)
                 .data(PendingSleepsModel::ProgressRole)
                 .toDouble(),
             0.25);
    feed.tick(t0 + 500);
    QCOMPARE(feed.stats().requestsTotal, 2);
    QCOMPARE(sleepsChanged.count(), 2);
    QCOMPARE(connectionsChanged.count(), 1); // ages refresh once a second

    // The timer runs the same tick.
    feed.setTickInterval(40);
    QCOMPARE(feed.tickInterval(), 40);
    feed.setTicking(true);
    QVERIFY(feed.isTicking());
    QTRY_VERIFY(samples >= 4);
    feed.setTicking(false);
    QVERIFY(!feed.isTicking());
}

void tst_MonitorFeed::clearLiveState()
{
    const Traffic traffic = pooledTraffic(200);
    MonitorFeed feed;
    for (const ServerEventBatch &batch : traffic.batches)
        feed.applyBatch(batch);
    QVERIFY(feed.connections()->rowCount() > 0);
    feed.clearLiveState();
    QCOMPARE(feed.connections()->rowCount(), 0);
    QCOMPARE(feed.pendingSleeps()->rowCount(), 0);
    QCOMPARE(feed.timeline()->requestCount(), 0);
    QCOMPARE(feed.requestLog()->totalCount(), 200); // the log is history: it stays
    QCOMPARE(feed.rates()->totalCount(), 200);
}

void tst_MonitorFeed::followsARealServer()
{
    Server server;
    MonitorFeed feed;
    feed.setServer(&server);
    QCOMPARE(feed.server(), &server);
    QVERIFY(server.eventHub()->isEnabled());
    QVERIFY(feed.isTicking());

    ServerConfig config;
    config.port = 0;
    config.mode = DispatchMode::Pooled;
    config.threads = 2;
    QSignalSpy started(&server, &Server::started);
    server.start(config);
    QVERIFY(started.wait(10000));
    QCOMPARE(feed.timeline()->workerCount(), 2);

    HttpTestClient client(server.port());
    QTRY_VERIFY_WITH_TIMEOUT(client.isConnected(), 10000);
    client.send("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed() || client.bytesReceived() > 0, 10000);

    QTRY_COMPARE_WITH_TIMEOUT(feed.requestLog()->totalCount(), 1, 10000);
    const RequestLogModel::Entry &entry = feed.requestLog()->entry(0);
    QCOMPARE(entry.status, 200);
    QCOMPARE(entry.method, QByteArray("GET"));
    QCOMPARE(entry.target, QByteArray("/"));
    QCOMPARE(entry.mode, DispatchMode::Pooled);
    QVERIFY(feed.connections()->rowCount() >= 1);
    QTRY_VERIFY_WITH_TIMEOUT(feed.stats().requestsTotal >= 1, 10000); // sampled by the timer

    server.setMode(DispatchMode::Concurrent);
    QCOMPARE(feed.timeline()->workerCount(), 0);

    QSignalSpy stopped(&server, &Server::stopped);
    server.stop();
    QVERIFY(stopped.wait(10000));
    feed.setServer(nullptr);
    QVERIFY(!feed.isTicking());
    QCOMPARE(feed.server(), nullptr);
}

void tst_MonitorFeed::idleFeedStaysQuiet_data()
{
    QTest::addColumn<bool>("start"); // run the server (with no traffic)
    QTest::addColumn<bool>("stop"); // then stop it
    QTest::newRow("never started") << false << false;
    QTest::newRow("running, no traffic") << true << false;
    QTest::newRow("stopped") << true << true;
}

void tst_MonitorFeed::idleFeedStaysQuiet()
{
    QFETCH(bool, start);
    QFETCH(bool, stop);

    Server server;
    MonitorFeed feed;
    feed.setServer(&server);
    QVERIFY(feed.isTicking());
    if (start) {
        ServerConfig config;
        config.bindAddress = QHostAddress(QHostAddress::LocalHost);
        config.port = 0;
        QSignalSpy started(&server, &Server::started);
        server.start(config);
        QVERIFY(started.wait(10000));
    }
    if (stop) {
        QSignalSpy stopped(&server, &Server::stopped);
        server.stop();
        QVERIFY(stopped.wait(10000));
    }
    // The timer sleeps once the server is stopped and nothing is live (a tick or two after
    // setServer() or stopped(), which sample the counters); a running server keeps it going.
    if (start && !stop) {
        QVERIFY(feed.isTicking());
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(!feed.isTicking(), 2000);
    }

    // Ten ticks' worth of nothing: no repaint asked for.
    QSignalSpy updated(&feed, &MonitorFeed::updated);
    const qint64 emittedBefore = feed.updatesEmitted();
    QVERIFY(!updated.wait(1000)); // the whole second passes without one
    QCOMPARE(updated.count(), 0);
    QCOMPARE(feed.updatesEmitted(), emittedBefore);
    QCOMPARE(feed.isTicking(), start && !stop);
    if (start && !stop) {
        QSignalSpy stopped(&server, &Server::stopped);
        server.stop();
        QVERIFY(stopped.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(!feed.isTicking(), 5000);
    }
}

void tst_MonitorFeed::liveSleepCountsDownWhileStopped()
{
    Server server;
    MonitorFeed feed;
    feed.setServer(&server);
    QTRY_VERIFY_WITH_TIMEOUT(!feed.isTicking(), 5000);

    // A late batch (say the last of a run) with a sleep in it: the timer wakes and the sleep
    // counts down with an update per tick.
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const ServerEvent sleep = TestEvents::sleepStarted(1, 1, nowMs, 5000);
    QSignalSpy updated(&feed, &MonitorFeed::updated);
    feed.applyBatch({sleep});
    QVERIFY(feed.isTicking());
    QCOMPARE(updated.count(), 1); // the batch itself
    const QModelIndex remaining
        = feed.pendingSleeps()->index(0, PendingSleepsModel::RemainingColumn);
    const qint64 remainingFirst = remaining.data(PendingSleepsModel::RemainingMsRole).toLongLong();
    QTRY_VERIFY_WITH_TIMEOUT(updated.count() >= 4, 5000);
    const qint64 remainingLater = remaining.data(PendingSleepsModel::RemainingMsRole).toLongLong();
    QVERIFY2(remainingLater < remainingFirst - 150,
             QByteArray(QByteArray::number(remainingFirst) + " ms, then "
                        + QByteArray::number(remainingLater)));
    QVERIFY(remainingLater > 0);

    // Once it ends, nothing is left to count: the timer sleeps again.
    ServerEvent finished = sleep;
    finished.type = ServerEvent::Type::SleepFinished;
    finished.timeMs = QDateTime::currentMSecsSinceEpoch();
    feed.applyBatch({finished});
    QCOMPARE(feed.pendingSleeps()->rowCount(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(!feed.isTicking(), 5000);
}

QTEST_GUILESS_MAIN(tst_MonitorFeed)
#include "tst_monitorfeed.moc"
