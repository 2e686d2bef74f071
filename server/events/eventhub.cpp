#include "eventhub.h"

#include "happensbefore.h"

#include <QtCore/QMetaObject>

// Each section under m_mutex begins with HappensBefore::acquire() and ends with release() on
// it: a contended QMutex hands over inside Qt, where ThreadSanitizer cannot see it.

EventHub::EventHub(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<ServerEvent>();
    qRegisterMetaType<ServerEventBatch>();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &EventHub::flush);
    m_sinceDelivery.start();
}

EventHub::~EventHub() = default;

void EventHub::setEnabled(bool enabled)
{
    m_enabled.store(enabled, std::memory_order_relaxed);
    if (!enabled) {
        const QMutexLocker locker(&m_mutex);
        HappensBefore::acquire(&m_mutex);
        m_pending.clear();
        HappensBefore::release(&m_mutex);
    }
}

void EventHub::record(ServerEvent event)
{
    if (!isEnabled())
        return;
    bool needWake = false;
    {
        const QMutexLocker locker(&m_mutex);
        HappensBefore::acquire(&m_mutex);
        if (m_pending.size() >= m_capacity) {
            m_dropped.fetch_add(1, std::memory_order_relaxed);
            HappensBefore::release(&m_mutex);
            return;
        }
        m_pending.append(std::move(event));
        needWake = !m_wakePosted;
        m_wakePosted = true;
        HappensBefore::release(&m_mutex);
    }
    if (needWake)
        wake();
}

void EventHub::recordAll(ServerEventBatch &events)
{
    if (events.isEmpty())
        return;
    if (!isEnabled()) {
        events.clear();
        return;
    }
    bool needWake = false;
    {
        const QMutexLocker locker(&m_mutex);
        HappensBefore::acquire(&m_mutex);
        const qsizetype overflow = m_pending.size() + events.size() - m_capacity;
        if (overflow > 0) {
            const qsizetype dropped = std::min(overflow, events.size());
            events.resize(events.size() - dropped);
            m_dropped.fetch_add(dropped, std::memory_order_relaxed);
        }
        if (m_pending.isEmpty())
            m_pending.swap(events);
        else
            m_pending.append(events);
        needWake = !m_wakePosted;
        m_wakePosted = true;
        HappensBefore::release(&m_mutex);
    }
    events.clear();
    if (needWake)
        wake();
}

void EventHub::wake()
{
    // One queued call per delivery interval at most: m_wakePosted stays set until flush().
    QMetaObject::invokeMethod(this, &EventHub::scheduleDelivery, Qt::QueuedConnection);
}

void EventHub::scheduleDelivery()
{
    if (m_timer.isActive())
        return;
    const qint64 wait = m_minimumIntervalMs - m_sinceDelivery.elapsed();
    m_timer.start(int(std::max<qint64>(0, wait)));
}

void EventHub::flush()
{
    m_timer.stop();
    ServerEventBatch batch;
    {
        const QMutexLocker locker(&m_mutex);
        HappensBefore::acquire(&m_mutex);
        batch.swap(m_pending);
        m_wakePosted = false;
        HappensBefore::release(&m_mutex);
    }
    if (batch.isEmpty())
        return;
    m_sinceDelivery.restart();
    ++m_batchesDelivered;
    Q_EMIT eventsReady(batch);
}
