#include "eventhub.h"

#include "happensbefore.h"
#include "wakeevent.h"

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
        // Nobody listens: drop what waits, and give the storage back.
        m_pending = ServerEventBatch();
        m_spare = ServerEventBatch();
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
        // Moved, not copied: no reference count changes hands, and both keep their storage
        // (the producer's per-thread batch and the pending one, reused from the last batch).
        m_pending.append(std::move(events));
        needWake = !m_wakePosted;
        m_wakePosted = true;
        HappensBefore::release(&m_mutex);
    }
    events.clear();
    if (needWake)
        wake();
}

qsizetype EventHub::reservedCapacity() const
{
    const QMutexLocker locker(&m_mutex);
    HappensBefore::acquire(&m_mutex);
    const qsizetype reserved = m_spare.capacity() + m_pending.capacity() - m_pending.size();
    HappensBefore::release(&m_mutex);
    return reserved;
}

void EventHub::wake()
{
    // One wake-up per delivery interval at most: m_wakePosted stays set until flush().
    WakeEvent::post(this);
}

bool EventHub::event(QEvent *event)
{
    if (!WakeEvent::is(event))
        return QObject::event(event);
    scheduleDelivery();
    return true;
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
        m_pending.swap(m_spare);
        m_wakePosted = false;
        HappensBefore::release(&m_mutex);
    }
    if (batch.isEmpty())
        return;
    m_sinceDelivery.restart();
    ++m_batchesDelivered;
    Q_EMIT eventsReady(batch);
    // Keep the storage for the next batch, if no listener shares it (clear() would allocate a
    // new one then) and it is not too large to keep while idle.
    if (batch.isDetached() && batch.capacity() <= spareCapacity) {
        batch.clear();
        const QMutexLocker locker(&m_mutex);
        HappensBefore::acquire(&m_mutex);
        if (m_spare.capacity() < batch.capacity())
            m_spare.swap(batch);
        HappensBefore::release(&m_mutex);
    }
}
