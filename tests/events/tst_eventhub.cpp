#include "eventhub.h"
#include "testevents.h"

#include <QtCore/QElapsedTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <thread>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

ServerEvent numbered(quint64 producer, quint64 sequence)
{
    return TestEvents::requestFinished(producer, sequence, 0, 200);
}

/*! Everything a hub delivers, and when. */
struct Deliveries
{
    explicit Deliveries(EventHub &hub)
    {
        QObject::connect(&hub, &EventHub::eventsReady, &context,
                         [this](const ServerEventBatch &batch) {
                             batches.append(batch);
                             times.append(clock.elapsed());
                             total += batch.size();
                         });
        clock.start();
    }

    QObject context;
    QList<ServerEventBatch> batches;
    QList<qint64> times; //!< ms since construction, per batch
    qsizetype total = 0;
    QElapsedTimer clock;
};

} // namespace

/*! Batching of server events across threads. */
class tst_EventHub : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(u".*"_s)); }
    void disabledRecordsNothing();
    void disablingDropsPending();
    void deliversInOrder();
    void manyThreadsFewBatchesNoLoss();
    void minimumIntervalRespected();
    void capacityDropsAreCounted();
    void recordAllDropsTheOverflow();
    void deliveredStorageIsReused_data();
    void deliveredStorageIsReused();
};

void tst_EventHub::disabledRecordsNothing()
{
    EventHub hub;
    Deliveries deliveries(hub);
    QVERIFY(!hub.isEnabled()); // off by default
    for (int i = 0; i < 10; ++i)
        hub.record(numbered(1, i));
    ServerEventBatch batch {numbered(2, 1), numbered(2, 2)};
    hub.recordAll(batch);
    QVERIFY(batch.isEmpty()); // taken (and thrown away), like when enabled
    hub.flush();
    QCOMPARE(deliveries.batches.size(), 0);
    QCOMPARE(hub.batchesDelivered(), 0);
    QCOMPARE(hub.eventsDropped(), 0);

    // Enabling afterwards delivers only what came after: the proof that the earlier events
    // were not merely delayed.
    hub.setEnabled(true);
    hub.record(numbered(3, 1));
    QTRY_COMPARE(deliveries.total, 1);
    QCOMPARE(deliveries.batches.front().front().connectionId, quint64(3));
}

void tst_EventHub::disablingDropsPending()
{
    EventHub hub;
    Deliveries deliveries(hub);
    hub.setEnabled(true);
    hub.record(numbered(1, 1));
    hub.record(numbered(1, 2));
    hub.setEnabled(false); // nobody listens any more
    hub.flush();
    QCOMPARE(deliveries.batches.size(), 0);

    hub.setEnabled(true);
    hub.record(numbered(1, 3));
    hub.flush();
    QCOMPARE(deliveries.batches.size(), 1);
    QCOMPARE(deliveries.batches.front().size(), 1);
    QCOMPARE(deliveries.batches.front().front().requestId, quint64(3));
}

void tst_EventHub::deliversInOrder()
{
    EventHub hub;
    Deliveries deliveries(hub);
    hub.setEnabled(true);
    for (int i = 0; i < 100; ++i)
        hub.record(numbered(1, i));
    ServerEventBatch more;
    for (int i = 100; i < 150; ++i)
        more.append(numbered(1, i));
    hub.recordAll(more);
    // Recorded without the event loop running: all of it arrives as one batch.
    QTRY_COMPARE(deliveries.total, 150);
    QCOMPARE(deliveries.batches.size(), 1);
    QCOMPARE(hub.batchesDelivered(), 1);
    for (int i = 0; i < 150; ++i)
        QCOMPARE(deliveries.batches.front().at(i).requestId, quint64(i));
    hub.flush(); // nothing pending: no empty batch
    QCOMPARE(deliveries.batches.size(), 1);
}

void tst_EventHub::manyThreadsFewBatchesNoLoss()
{
    EventHub hub;
    Deliveries deliveries(hub);
    hub.setEnabled(true);

    constexpr int producers = 4;
    constexpr int perProducer = 50000;
    QElapsedTimer elapsed;
    elapsed.start();
    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p) {
        threads.emplace_back([&hub, p] {
            // Half one by one, half in small batches: both paths race each other.
            for (int i = 0; i < perProducer / 2; ++i)
                hub.record(numbered(quint64(p), quint64(i)));
            ServerEventBatch batch;
            for (int i = perProducer / 2; i < perProducer; ++i) {
                batch.append(numbered(quint64(p), quint64(i)));
                if (batch.size() == 50)
                    hub.recordAll(batch);
            }
            hub.recordAll(batch);
        });
    }
    // The producers run while this thread delivers.
    QTRY_COMPARE_WITH_TIMEOUT(deliveries.total, qsizetype(producers) * perProducer, 30000);
    for (std::thread &thread : threads)
        thread.join();
    hub.flush();
    QCOMPARE(deliveries.total, qsizetype(producers) * perProducer);
    QCOMPARE(hub.eventsDropped(), 0);

    // Per producer: every event exactly once, in the order recorded.
    std::vector<quint64> next(producers, 0);
    for (const ServerEventBatch &batch : deliveries.batches) {
        QVERIFY(!batch.isEmpty());
        for (const ServerEvent &event : batch) {
            QVERIFY(event.connectionId < quint64(producers));
            QCOMPARE(event.requestId, next[event.connectionId]);
            ++next[event.connectionId];
        }
    }

    // Few batches: at least minimumInterval() apart, so the count follows time, not events.
    const qint64 ms = elapsed.elapsed();
    const qsizetype batches = deliveries.batches.size();
    qInfo("%d events from %d threads in %lld ms: %lld batches", producers * perProducer, producers,
          ms, qlonglong(batches));
    QCOMPARE(hub.batchesDelivered(), qint64(batches));
    QVERIFY2(batches <= ms / 25 + 2,
             qPrintable(u"%1 batches in %2 ms: more than ~30 per second"_s.arg(batches).arg(ms)));
    QVERIFY2(batches * 100 < producers * perProducer,
             qPrintable(u"%1 batches for %2 events"_s.arg(batches).arg(producers * perProducer)));
}

void tst_EventHub::minimumIntervalRespected()
{
    EventHub hub;
    hub.setMinimumInterval(100);
    QCOMPARE(hub.minimumInterval(), 100);
    Deliveries deliveries(hub);
    hub.setEnabled(true);

    // A producer that records continuously: deliveries must still be >= 100 ms apart.
    std::atomic<bool> done {false};
    std::thread producer([&] {
        quint64 i = 0;
        while (!done.load())
            hub.record(numbered(1, i++));
    });
    QTRY_VERIFY_WITH_TIMEOUT(deliveries.batches.size() >= 6, 10000);
    done = true;
    producer.join();

    for (qsizetype i = 1; i < deliveries.times.size(); ++i) {
        const qint64 gap = deliveries.times.at(i) - deliveries.times.at(i - 1);
        // Coarse timers may fire up to 5% early; a gap near 0 would be a second wake-up path.
        QVERIFY2(gap >= 90,
                 qPrintable(u"batches %1 and %2 only %3 ms apart"_s.arg(i - 1).arg(i).arg(gap)));
    }

    // A single event right after a delivery waits out the interval too.
    hub.record(numbered(2, 0));
    hub.flush(); // delivers now, synchronously
    const qsizetype before = deliveries.batches.size();
    const qint64 flushedAt = deliveries.times.last();
    hub.record(numbered(2, 1));
    QTRY_COMPARE_WITH_TIMEOUT(deliveries.batches.size(), before + 1, 5000);
    QCOMPARE(deliveries.batches.last().size(), 1);
    QCOMPARE(deliveries.batches.last().front().requestId, quint64(1));
    QVERIFY2(deliveries.times.last() - flushedAt >= 90,
             qPrintable(u"delivered %1 ms after the previous batch"_s.arg(deliveries.times.last()
                                                                          - flushedAt)));
}

void tst_EventHub::capacityDropsAreCounted()
{
    EventHub hub;
    hub.setCapacity(10);
    QCOMPARE(hub.capacity(), 10);
    Deliveries deliveries(hub);
    hub.setEnabled(true);
    for (int i = 0; i < 25; ++i)
        hub.record(numbered(1, i));
    QCOMPARE(hub.eventsDropped(), 15);
    hub.flush();
    QCOMPARE(deliveries.batches.size(), 1);
    // The oldest events are kept; the newest were dropped.
    QCOMPARE(deliveries.batches.front().size(), 10);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(deliveries.batches.front().at(i).requestId, quint64(i));

    // Once the listener caught up, recording works again; the drop count stays.
    hub.record(numbered(1, 100));
    hub.flush();
    QCOMPARE(deliveries.batches.size(), 2);
    QCOMPARE(deliveries.batches.last().size(), 1);
    QCOMPARE(hub.eventsDropped(), 15);
}

void tst_EventHub::recordAllDropsTheOverflow()
{
    EventHub hub;
    hub.setCapacity(10);
    Deliveries deliveries(hub);
    hub.setEnabled(true);
    for (int i = 0; i < 5; ++i)
        hub.record(numbered(1, i));
    ServerEventBatch batch;
    for (int i = 5; i < 13; ++i)
        batch.append(numbered(1, i));
    hub.recordAll(batch);
    QVERIFY(batch.isEmpty());
    QCOMPARE(hub.eventsDropped(), 3);
    ServerEventBatch full {numbered(1, 50)};
    hub.recordAll(full); // no room at all
    QCOMPARE(hub.eventsDropped(), 4);
    hub.flush();
    QCOMPARE(deliveries.batches.size(), 1);
    QCOMPARE(deliveries.batches.front().size(), 10);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(deliveries.batches.front().at(i).requestId, quint64(i));
}

void tst_EventHub::deliveredStorageIsReused_data()
{
    QTest::addColumn<bool>("listenerKeeps");
    QTest::addColumn<int>("events");
    QTest::addColumn<bool>("reused");

    QTest::newRow("nobody keeps it") << false << 1000 << true;
    QTest::newRow("a listener keeps it") << true << 1000 << false;
    QTest::newRow("larger than the spare") << false << int(EventHub::spareCapacity) + 1 << false;
}

/*
    Under load a batch is megabytes: its storage, emptied, takes the next batch, so producers
    do not fault in fresh pages for every batch. A batch a listener kept stays as delivered.
*/
void tst_EventHub::deliveredStorageIsReused()
{
    QFETCH(bool, listenerKeeps);
    QFETCH(int, events);
    QFETCH(bool, reused);

    EventHub hub;
    hub.setEnabled(true);
    QList<const ServerEvent *> storage;
    QList<ServerEventBatch> kept;
    QObject context;
    QObject::connect(&hub, &EventHub::eventsReady, &context, [&](const ServerEventBatch &batch) {
        storage.append(batch.constData());
        if (listenerKeeps)
            kept.append(batch);
    });
    for (int round = 0; round < 3; ++round) {
        ServerEventBatch batch;
        for (int i = 0; i < events; ++i)
            batch.append(numbered(quint64(round), quint64(i)));
        hub.recordAll(batch);
        hub.flush();
    }
    QCOMPARE(storage.size(), 3);
    // The first batch's storage is the spare of the second delivery, taken by the third (a
    // larger one's storage was freed, so the allocator may hand out its address again).
    if (events <= EventHub::spareCapacity)
        QCOMPARE(storage.at(2) == storage.at(0), reused);
    // What it keeps while idle: the last batch's storage, within the bound.
    QCOMPARE(hub.reservedCapacity() >= events, reused);
    QVERIFY(hub.reservedCapacity() <= 2 * EventHub::spareCapacity); // pending and spare
    hub.setEnabled(false);
    QCOMPARE(hub.reservedCapacity(), 0);
    for (int round = 0; round < kept.size(); ++round) {
        QCOMPARE(kept.at(round).size(), events);
        QCOMPARE(kept.at(round).front().connectionId, quint64(round));
        QCOMPARE(kept.at(round).back().requestId, quint64(events - 1));
    }
}

QTEST_GUILESS_MAIN(tst_EventHub)
#include "tst_eventhub.moc"
