#pragma once

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QUrl>

#include <atomic>
#include <memory>

/*!
    A small load client for the window's burst panel: N GET requests to one URL with at most
    C in flight, from its own thread (never the GUI thread), over loopback only.
    Reports the wall time and the latency distribution when all are done or it is cancelled.
*/
class BurstRunner : public QObject
{
    Q_OBJECT

public:
    /*!
        One request as the client saw it, on std::chrono::steady_clock (µs since its epoch), so
        a caller can put it on another steady-clock timeline (the server's ServerClock).
    */
    struct Timing
    {
        quint16 localPort = 0; //!< the client socket's port (the server's peer port); 0 if none
        qint64 startUs = 0; //!< connect began (new connection) or the write (kept-alive one)
        qint64 connectedUs = 0; //!< the connection was up; 0 when a kept-alive one was reused
        qint64 endUs = 0; //!< the response was complete, or the request failed or was abandoned
        bool ok = false; //!< a complete response arrived
    };

    struct Result
    {
        QUrl url;
        int requested = 0;
        int concurrency = 0;
        int succeeded = 0; //!< complete responses (any status)
        int failed = 0; //!< connection errors, resets, timeouts
        bool cancelled = false;
        qint64 wallUs = 0; //!< first request sent → last response complete
        qint64 p50Us = 0;
        qint64 p99Us = 0;
        qint64 maxUs = 0;
        qint64 minUs = 0;
        QList<qint64> latenciesUs; //!< per completed request, in completion order
        /*!
            Per request sent (at most count), in the order they ended; the ok ones line up
            with latenciesUs (endUs - startUs is the latency). Requests abandoned by a cancel
            end at the cancel, not ok.
        */
        QList<Timing> timings;
        QString error; //!< why it could not run at all (e.g. not a loopback URL)
    };

    explicit BurstRunner(QObject *parent = nullptr);
    ~BurstRunner() override;

    /*!
        Starts a burst of \a count requests (1–100000) with \a concurrency (1–1000) connections.
        Refuses any host that is not loopback. Emits finished() exactly once per start().
    */
    void start(const QUrl &url, int count, int concurrency);
    /*! Stops sending; requests in flight are abandoned. finished() follows with cancelled set. */
    void cancel();
    bool isRunning() const { return m_running; }

    /*! A request without a complete response after this long fails (default and max 70 s). */
    int requestTimeout() const { return m_requestTimeoutMs; }
    void setRequestTimeout(int ms);

    /*!
        Why \a url cannot be used for a burst (translated), or an empty string when it can:
        http only, and the host must be 127.0.0.0/8, ::1 or "localhost".
    */
    static QString checkUrl(const QUrl &url);

    static constexpr int maximumRequestTimeoutMs = 70000;
    static constexpr int maximumCount = 100000;
    static constexpr int maximumConcurrency = 1000;

Q_SIGNALS:
    /*! At most ~10 times a second. */
    void progressChanged(int done, int total);
    void finished(const BurstRunner::Result &result);

protected:
    /*! The burst thread's reports: its progress and its result. */
    void customEvent(QEvent *event) override;

private:
    void finish(quint64 generation, const Result &result);
    void finishLater(const Result &result);

    std::shared_ptr<std::atomic<bool>> m_cancel;
    quint64 m_generation = 0;
    int m_requestTimeoutMs = maximumRequestTimeoutMs;
    bool m_running = false;
};

Q_DECLARE_METATYPE(BurstRunner::Result)
