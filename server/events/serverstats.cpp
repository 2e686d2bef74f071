#include "serverstats.h"

ServerStats::ServerStats()
{
    m_uptime.start();
}

void ServerStats::connectionOpened()
{
    m_accepted.fetch_add(1, std::memory_order_relaxed);
    m_active.fetch_add(1, std::memory_order_relaxed);
    m_byState[int(ConnectionState::Reading)].fetch_add(1, std::memory_order_relaxed);
}

void ServerStats::connectionClosed(ConnectionState lastState)
{
    m_active.fetch_sub(1, std::memory_order_relaxed);
    m_byState[int(lastState)].fetch_sub(1, std::memory_order_relaxed);
}

void ServerStats::stateChanged(ConnectionState from, ConnectionState to)
{
    if (from == to)
        return;
    m_byState[int(from)].fetch_sub(1, std::memory_order_relaxed);
    m_byState[int(to)].fetch_add(1, std::memory_order_relaxed);
}

void ServerStats::requestFinished(int status, qint64 bytesSent)
{
    m_requestsTotal.fetch_add(1, std::memory_order_relaxed);
    const int statusClass = status / 100;
    if (statusClass >= 0 && statusClass < int(m_byClass.size()))
        m_byClass[statusClass].fetch_add(1, std::memory_order_relaxed);
    m_bytesSent.fetch_add(bytesSent, std::memory_order_relaxed);
}

ServerStats::Snapshot ServerStats::snapshot() const
{
    const auto load = [](const std::atomic<qint64> &value) {
        return value.load(std::memory_order_relaxed);
    };
    Snapshot s;
    s.accepted = load(m_accepted);
    s.active = load(m_active);
    s.reading = load(m_byState[int(ConnectionState::Reading)]);
    s.writing = load(m_byState[int(ConnectionState::Queued)])
        + load(m_byState[int(ConnectionState::Handling)])
        + load(m_byState[int(ConnectionState::Sleeping)])
        + load(m_byState[int(ConnectionState::Writing)]);
    s.idle = load(m_byState[int(ConnectionState::Idle)]);
    s.pendingSleeps = load(m_pendingSleeps);
    s.queuedForWorker = load(m_queuedForWorker);
    s.requestsTotal = load(m_requestsTotal);
    s.requests2xx = load(m_byClass[2]);
    s.requests3xx = load(m_byClass[3]);
    s.requests4xx = load(m_byClass[4]);
    s.requests5xx = load(m_byClass[5]);
    s.bytesSent = load(m_bytesSent);
    s.uptimeSeconds = m_uptime.elapsed() / 1000;
    return s;
}
