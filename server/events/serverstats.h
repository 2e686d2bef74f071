#pragma once

#include "connectionstate.h"
#include "requestmetrics.h"

#include <QtCore/QByteArray>
#include <QtCore/QElapsedTimer>

#include <array>
#include <atomic>

/*!
    The server's exact live counters, as atomics: written by the server thread and the pool
    workers, read by anyone at any time (the window polls them, /-/status serialises them).
    Per-state counts follow nginx's stub_status: reading, writing (a request is being handled,
    waits for a handler, sleeps or is being sent), idle (keep-alive, waiting).
*/
class ServerStats
{
public:
    struct Snapshot
    {
        qint64 accepted = 0;
        qint64 active = 0;
        qint64 reading = 0;
        qint64 writing = 0;
        qint64 idle = 0;
        qint64 pendingSleeps = 0;
        qint64 queuedForWorker = 0;
        qint64 requestsTotal = 0;
        qint64 requests2xx = 0;
        qint64 requests3xx = 0;
        qint64 requests4xx = 0;
        qint64 requests5xx = 0;
        qint64 bytesSent = 0;
        qint64 uptimeSeconds = 0;
        /*! What connections buffer now (the engine's MemoryBudget). */
        qint64 bufferedBytes = 0;
    };

    ServerStats();

    void connectionOpened();
    void connectionClosed(ConnectionState lastState);
    /*! Moves one connection from \a from to \a to in the per-state counts. */
    void stateChanged(ConnectionState from, ConnectionState to);
    void requestFinished(int status, qint64 bytesSent);
    void sleepStarted() { m_pendingSleeps.fetch_add(1, std::memory_order_relaxed); }
    void sleepEnded() { m_pendingSleeps.fetch_sub(1, std::memory_order_relaxed); }
    void queuedForWorker() { m_queuedForWorker.fetch_add(1, std::memory_order_relaxed); }
    void dequeuedForWorker() { m_queuedForWorker.fetch_sub(1, std::memory_order_relaxed); }

    Snapshot snapshot() const;

    /*! By status code and method, and the duration histogram (/-/metrics). */
    RequestMetrics metrics;

private:
    static constexpr int stateCount = int(ConnectionState::Closed) + 1;

    std::atomic<qint64> m_accepted {0};
    std::atomic<qint64> m_active {0};
    std::array<std::atomic<qint64>, stateCount> m_byState {};
    std::atomic<qint64> m_pendingSleeps {0};
    std::atomic<qint64> m_queuedForWorker {0};
    std::atomic<qint64> m_requestsTotal {0};
    std::array<std::atomic<qint64>, 6> m_byClass {}; //!< index = status / 100
    std::atomic<qint64> m_bytesSent {0};
    QElapsedTimer m_uptime;
};
