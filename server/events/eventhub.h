#pragma once

#include "serverevent.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QMutex>
#include <QtCore/QObject>
#include <QtCore/QTimer>

#include <atomic>

/*!
    Collects ServerEvents from any thread and hands them to listeners in batches.

    Lives in the thread of its listeners (the GUI thread, or the headless main thread).
    Producers append under a mutex; only the first event after a delivery posts one queued
    wake-up, and deliveries are at least minimumInterval() apart, so a burst of 50,000
    requests costs a few dozen signal emissions, not 50,000. Recording is skipped entirely
    while disabled (nobody listens), and the pending buffer is bounded: when a listener falls
    far behind, new events are dropped (and counted) until it catches up.

    A delivered batch's storage, emptied, takes the next events (unless a listener kept the
    batch, or it is over spareCapacity): under load a batch is megabytes, and allocating it
    anew each time costs the producers a page fault per 4 KiB written.
*/
class EventHub : public QObject
{
    Q_OBJECT

public:
    explicit EventHub(QObject *parent = nullptr);
    ~EventHub() override;

    /*! Events are recorded only while enabled; off by default. Any thread may ask. */
    bool isEnabled() const { return m_enabled.load(std::memory_order_relaxed); }
    void setEnabled(bool enabled);

    /*! Thread-safe. Cheap no-op while disabled. */
    void record(ServerEvent event);
    /*! Thread-safe; appends several events under one lock. */
    void recordAll(ServerEventBatch &events);

    int minimumInterval() const { return m_minimumIntervalMs; }
    void setMinimumInterval(int ms) { m_minimumIntervalMs = ms; }
    /*! The most events whose storage is kept for the next batch once one is delivered. */
    static constexpr qsizetype spareCapacity = 32768;

    qsizetype capacity() const { return m_capacity; }
    void setCapacity(qsizetype events) { m_capacity = events; }

    /*! Delivers whatever is pending now (from the hub's thread). */
    void flush();

    /*!
        Events there is storage for beyond those pending: the kept spare (at most
        spareCapacity) and the room left in the pending batch. Any thread.
    */
    qsizetype reservedCapacity() const;

    qint64 batchesDelivered() const { return m_batchesDelivered; }
    qint64 eventsDropped() const { return m_dropped.load(std::memory_order_relaxed); }

Q_SIGNALS:
    /*! A batch of events in the order they were recorded per producing thread. */
    void eventsReady(const ServerEventBatch &events);

protected:
    /*! The producers' wake-up (see wake()). */
    bool event(QEvent *event) override;

private:
    void wake();
    void scheduleDelivery();

    std::atomic<bool> m_enabled {false};
    std::atomic<qint64> m_dropped {0};
    mutable QMutex m_mutex;
    ServerEventBatch m_pending; // guarded by m_mutex
    ServerEventBatch m_spare; // guarded by m_mutex: empty, with the last delivered capacity
    bool m_wakePosted = false; // guarded by m_mutex
    qsizetype m_capacity = 500000;
    int m_minimumIntervalMs = 33;
    qint64 m_batchesDelivered = 0;
    QTimer m_timer;
    QElapsedTimer m_sinceDelivery;
};
