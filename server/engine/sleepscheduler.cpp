#include "sleepscheduler.h"

#include "servercontext.h"

SleepScheduler::SleepScheduler(WakeFunction wake, QObject *parent)
    : QObject(parent)
    , m_wake(std::move(wake))
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &SleepScheduler::fire);
}

SleepScheduler::Handle SleepScheduler::schedule(qint64 deadlineMs, quint64 key)
{
    const Handle handle = m_deadlines.emplace(deadlineMs, key);
    if (m_armedFor < 0 || deadlineMs < m_armedFor)
        rearm();
    return handle;
}

void SleepScheduler::cancel(Handle handle)
{
    if (handle == m_deadlines.end())
        return;
    m_deadlines.erase(handle);
    if (m_deadlines.empty()) {
        m_timer.stop();
        m_armedFor = -1;
    }
}

void SleepScheduler::fire()
{
    m_armedFor = -1;
    const qint64 now = ServerContext::monotonicMs();
    // One at a time: a wake-up may cancel other entries, whose handles must stay valid
    // until then. The entry is gone before its owner hears of it.
    while (!m_deadlines.empty() && m_deadlines.begin()->first <= now) {
        const quint64 key = m_deadlines.begin()->second;
        m_deadlines.erase(m_deadlines.begin());
        m_wake(key);
    }
    rearm();
}

void SleepScheduler::rearm()
{
    if (m_deadlines.empty()) {
        m_timer.stop();
        m_armedFor = -1;
        return;
    }
    const qint64 next = m_deadlines.begin()->first;
    m_armedFor = next;
    m_timer.start(int(std::max<qint64>(0, next - ServerContext::monotonicMs())));
}
