#pragma once

#include "diagnosticscollector.h"
#include "dispatchmode.h"
#include "eventrecorder.h"
#include "hostfilter.h"
#include "lagstatistics.h"
#include "memorybudget.h"
#include "serverconfig.h"
#include "serverevent.h"
#include "serverstats.h"

#include <QtCore/QByteArray>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>

class EventHub;

/*!
    The state one server run shares between the facade (settings), the server thread and the
    pool workers: atomic settings, the counters and the recorder, and the stop flag.
    Everything here is safe to touch from any thread.
*/
class ServerContext
{
public:
    explicit ServerContext(const ServerConfig &config, EventHub *events = nullptr);

    const ServerConfig config; //!< fixed for the run (timeouts, limits, bind address)
    ServerStats stats;
    /*! What the connections buffer, against config.memoryBudgetMib. */
    MemoryBudget memory;
    std::atomic<DispatchMode> mode;
    std::atomic<int> threads;
    std::atomic<int> sleepMs;
    std::atomic<bool> blockingSleep;
    /*! What went wrong in how requests were served; fed by the recorder. */
    DiagnosticsCollector diagnostics;
    /*! The server thread's event-loop lag, from its heartbeat (EventLoopLagMonitor). */
    LagStatistics eventLoopLag;
    /*! Reports to stats, the diagnostics and, while someone listens, the hub. */
    EventRecorder recorder;
    const HostFilter hostFilter; //!< from the bind address and config.allowedHosts
    std::atomic<quint64> nextRequestId {1};
    std::atomic<int> nextWorkerIndex {1};

    /*! The counters, with what the connections buffer. */
    ServerStats::Snapshot snapshot() const;
    /*! The body of GET /-/status. */
    QByteArray statusJson() const;
    /*! The body of GET /-/metrics (Prometheus text format). */
    QByteArray metricsText() const;

    /*! Stops the run: blocking sleeps and computations end early, nothing new starts. */
    void requestStop();
    bool isStopping() const { return m_stopping.load(std::memory_order_relaxed); }

    /*!
        Blocks the calling thread for \a ms, the "blocking inside an executor" mistake shown on
        purpose; returns false when the server stopped, \a cancelled was set or \a clientGone
        (asked every 10 ms) said the client left, first.
    */
    bool blockingSleepFor(int ms, const std::atomic<bool> *cancelled = nullptr,
                          const std::function<bool()> &clientGone = {});
    /*! Wakes blocking sleeps so they re-check their cancellation flags. */
    void wakeBlockingSleepers();

    /*! Monotonic milliseconds, for deadlines (ServerClock: the clock events are stamped on). */
    static qint64 monotonicMs();
    /*! Monotonic microseconds, for durations and phases (ServerClock). */
    static qint64 monotonicUs();

    /*! The pool worker number of the calling thread; 0 on any other thread. */
    static int currentThreadIndex();
    /*! Gives the calling pool thread its number on first use. */
    int claimWorkerIndex();

private:
    std::atomic<bool> m_stopping {false};
    std::mutex m_sleepMutex;
    std::condition_variable m_sleepWake;
};
