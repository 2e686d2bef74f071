#include "turnqueue.h"

#include "serverstats.h"

#include <algorithm>

TurnQueue::TurnQueue(ServerStats &stats, RunFunction run, QObject *parent)
    : QObject(parent)
    , m_stats(stats)
    , m_run(std::move(run))
{ }

bool TurnQueue::request(quint64 id)
{
    if (m_holder == 0 || m_holder == id) {
        m_holder = id;
        return true;
    }
    m_stats.queuedForWorker();
    m_waiting.push_back(id);
    return false;
}

void TurnQueue::finished(quint64 id)
{
    if (id == m_holder)
        passTurn();
}

void TurnQueue::passTurn()
{
    // Hand the turn to the longest waiter at once, so the finishing connection's own next
    // (pipelined) request queues behind it instead of jumping the line.
    m_holder = 0;
    m_pending = false;
    if (m_waiting.empty())
        return;
    const quint64 id = m_waiting.front();
    m_waiting.pop_front();
    m_holder = id;
    m_pending = true;
    QMetaObject::invokeMethod(
        this,
        [this, id] {
            if (!m_pending || m_holder != id)
                return; // a mode change or a close dealt with it meanwhile
            m_pending = false;
            m_stats.dequeuedForWorker();
            if (!m_run(id))
                passTurn();
        },
        Qt::QueuedConnection);
}

void TurnQueue::remove(quint64 id)
{
    // A client that left while waiting leaves the queue (and the queued count) now, not when
    // the turn would have reached it.
    const auto waiting = std::find(m_waiting.begin(), m_waiting.end(), id);
    if (waiting != m_waiting.end()) {
        m_waiting.erase(waiting);
        m_stats.dequeuedForWorker();
    }
    if (id == m_holder) {
        if (m_pending)
            m_stats.dequeuedForWorker(); // it never got to start
        passTurn();
    }
}

std::deque<quint64> TurnQueue::releaseAll()
{
    std::deque<quint64> waiting;
    waiting.swap(m_waiting);
    if (m_pending)
        waiting.push_front(m_holder);
    m_holder = 0;
    m_pending = false;
    for (std::size_t i = 0; i < waiting.size(); ++i)
        m_stats.dequeuedForWorker();
    return waiting;
}
