#pragma once

#include "dispatchmode.h"
#include "requestlimits.h"

#include <QtCore/QStringList>
#include <QtCore/QThread>
#include <QtNetwork/QHostAddress>

#include <algorithm>

/*!
    Everything a server run starts with, and every limit the product has: each is defined here
    once, and the engine, the command line and the window read it from here. The settings
    that can change at run time change through Server.
*/
struct ServerConfig
{
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 7878; //!< the book's port; 0 picks a free one
    DispatchMode mode = DispatchMode::Pooled;
    int threads = defaultThreadCount();
    int sleepMs = defaultSleepMs; //!< /sleep without ?ms=
    bool blockingSleep = false; //!< /sleep blocks the thread that handles it
    int keepAliveTimeoutMs = 5000; //!< idle keep-alive connections close after this
    int requestTimeoutMs = 10000; //!< a request head (and body) must arrive within this
    int writeTimeoutMs = 30000; //!< a client that reads nothing for this long is dropped
    int maxRequestsPerConnection = 1000;
    int maxConnections = 20000; //!< also capped below the descriptor limit at start
    RequestLimits requestLimits;
    /*!
        Host names served besides localhost and loopback addresses while bound to loopback
        (the DNS-rebinding check, HostFilter); bound elsewhere, every Host is served.
    */
    QStringList allowedHosts;
    /*!
        The diagnostics (DiagnosticsAnalyzer) name a mistake when a handler held a thread, or a
        request waited, at least this long; --diagnostic-threshold-ms sets both.
    */
    int diagnosticThresholdMs = defaultDiagnosticThresholdMs;
    /*!
        The memory budget, in MiB, for what all connections buffer together: input read but not
        yet handled and output not yet sent (MemoryBudget); --memory-budget-mib sets it.
    */
    int memoryBudgetMib = defaultMemoryBudgetMib;

    static int defaultThreadCount() { return std::max(2, QThread::idealThreadCount()); }
    static constexpr int maxThreads = 256;

    static constexpr int defaultSleepMs = 5000; //!< the book's five seconds
    static constexpr int maxSleepMs = 60000; //!< /sleep?ms=, --sleep-ms and the window clamp to it
    static constexpr int defaultComputeMs = 200;
    static constexpr int minComputeMs = 1;
    static constexpr int maxComputeMs = 10000;

    /*! Short enough that a blocked server thread shows, long enough that normal work never does. */
    static constexpr int defaultDiagnosticThresholdMs = 100;
    static constexpr int minDiagnosticThresholdMs = 10;
    static constexpr int maxDiagnosticThresholdMs = 60000;

    /*!
        Bytes read but not yet parsed, per connection. A request head is at most ~41 KiB;
        bodies stream through the parser and are thrown away, so this bounds input memory.
    */
    static constexpr qsizetype maxUnreadBytes = 64 * 1024;
    /*!
        Responses queued but not yet taken by the kernel: a pipelining client that does not
        read stops being parsed past this, so it cannot make the server buffer without bound.
    */
    static constexpr qsizetype maxPendingOutputBytes = 256 * 1024;

    /*! Room for thousands of large heads, yet far below a desktop's memory. */
    static constexpr int defaultMemoryBudgetMib = 256;
    static constexpr int minMemoryBudgetMib = 1;
    static constexpr int maxMemoryBudgetMib = 65536;
    qint64 memoryBudgetBytes() const
    {
        return qint64(clampMemoryBudgetMib(memoryBudgetMib)) * 1024 * 1024;
    }
    /*!
        Over budget, a connection that holds at least this much (a large head, or responses
        its client does not read) stops reading: the biggest holders wait, small requests still
        get through.
    */
    static constexpr qint64 memoryHolderBytes = 16 * 1024;
    /*! Reading resumes, and shedding stops, below this many eighths of the budget. */
    static constexpr int memoryResumeEighths = 7;
    /*!
        Freed memory goes back to the system (malloc_trim) once this much was released since
        the last time, at most once per memoryTrimIntervalMs.
    */
    static constexpr qint64 memoryTrimAfterBytes = 8 * 1024 * 1024;
    /*! … or this many connections closed (each leaves its objects and small buffers behind). */
    static constexpr qint64 memoryTrimAfterConnections = 1000;
    static constexpr int memoryTrimIntervalMs = 1000;

    /*! A closing connection drains its peer's input this long at most (graceful close). */
    static constexpr qint64 lingerMs = 2000;
    /*! … and this many bytes at most; a client that keeps sending gets its reset after all. */
    static constexpr qint64 maxLingerDrainBytes = 8 * 1024 * 1024;
    /*! At most this many descriptors linger at once: a flood closes at once instead. */
    static constexpr int maxLingering = 4096;

    /*! The backlog of the listening socket where the kernel's limit is unknown (else that). */
    static constexpr int listenBacklog = 1024;
    /*! Descriptors kept free below the process limit: the connection cap stops short of it. */
    static constexpr int descriptorHeadroom = 64;

    /*! Clamps the run-time settings into their ranges (pool size, sleep). */
    void clampSettings()
    {
        threads = clampThreads(threads);
        sleepMs = clampSleepMs(sleepMs);
        diagnosticThresholdMs = clampDiagnosticThresholdMs(diagnosticThresholdMs);
        memoryBudgetMib = clampMemoryBudgetMib(memoryBudgetMib);
    }
    static int clampThreads(int value) { return std::clamp(value, 1, maxThreads); }
    static int clampSleepMs(int value) { return std::clamp(value, 0, maxSleepMs); }
    static int clampDiagnosticThresholdMs(int value)
    {
        return std::clamp(value, minDiagnosticThresholdMs, maxDiagnosticThresholdMs);
    }

    static int clampMemoryBudgetMib(int value)
    {
        return std::clamp(value, minMemoryBudgetMib, maxMemoryBudgetMib);
    }

    /*! True for 0.0.0.0, :: and the dual-stack any-address: every interface. */
    static bool isAnyAddress(const QHostAddress &address)
    {
        return address == QHostAddress(QHostAddress::Any)
            || address == QHostAddress(QHostAddress::AnyIPv4)
            || address == QHostAddress(QHostAddress::AnyIPv6);
    }
};
