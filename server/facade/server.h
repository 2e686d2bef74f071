#pragma once

#include "diagnostic.h"
#include "dispatchmode.h"
#include "eventlooplag.h"
#include "serverconfig.h"
#include "serverevent.h"
#include "serverstats.h"

#include <QtCore/QObject>
#include <QtCore/QUrl>

#include <atomic>
#include <memory>

class EventHub;
class ServerContext;
class ServerThread;

/*!
    The ServeScope server engine as one object: the window and the headless command line
    both drive exactly this. It lives in the caller's thread; the listening socket, the
    connections and the thread pool live in a worker QThread it owns.

    Everything is asynchronous and never blocks the caller: start() answers with started() or
    startFailed(), stop() with stopped(). The setters apply to the running server at once;
    requests in flight finish as they began, new ones use the new setting.
*/
class Server : public QObject
{
    Q_OBJECT

public:
    explicit Server(QObject *parent = nullptr);
    ~Server() override; // stops and joins the server thread

    /*! Starts listening with \a config. Emits started() or startFailed(). */
    void start(const ServerConfig &config);
    /*! Stops accepting, cancels sleeps, closes connections; emits stopped() when all is down. */
    void stop();

    bool isRunning() const; //!< listening, or starting
    QUrl url() const; //!< e.g. http://127.0.0.1:7878/ once started
    quint16 port() const; //!< the port actually bound (useful with port 0)
    const ServerConfig &config() const { return m_config; }

    DispatchMode mode() const;
    void setMode(DispatchMode mode);
    int threadCount() const;
    void setThreadCount(int threads);
    int sleepMs() const;
    void setSleepMs(int ms);
    bool isBlockingSleep() const;
    void setBlockingSleep(bool blocking);

    /*! The live counters; cheap, safe from any thread. */
    ServerStats::Snapshot stats() const;
    /*! The body of GET /-/status. */
    QByteArray statusJson() const;
    /*!
        The mistakes found in how this run served its requests (each kind once, with its
        counts), since it started or clearDiagnostics(); safe from any thread.
    */
    QList<Diagnostic> diagnostics() const;
    void clearDiagnostics();
    /*! How late the server thread's event loop answered over the last 10 s; now included. */
    EventLoopLag eventLoopLag() const;
    /*! The same over only the last \a spanMs (at most 10 s), e.g. one second for a chart. */
    EventLoopLag recentEventLoopLag(qint64 spanMs) const;

    /*! Records events for eventsReady(); off by default (headless without an access log). */
    void setEventsEnabled(bool enabled);
    EventHub *eventHub() const { return m_events; }

Q_SIGNALS:
    void started(const QUrl &url);
    void startFailed(const QString &message);
    void stopped();
    /*! Batches of events, at most about 30 per second whatever the load. */
    void eventsReady(const ServerEventBatch &events);
    void modeChanged(DispatchMode mode);
    void threadCountChanged(int threads);
    void sleepMsChanged(int ms);
    void blockingSleepChanged(bool blocking);

private:
    void onThreadFinished();
    /*! Sets a run-time setting here and in the running server; false if it did not change. */
    template<typename T>
    bool update(T ServerConfig::*setting, std::atomic<T> ServerContext::*live, T value);

    ServerConfig m_config;
    std::shared_ptr<ServerContext> m_context;
    EventHub *m_events = nullptr;
    ServerThread *m_thread = nullptr;
    quint16 m_port = 0;
    bool m_startPending = false;
    ServerConfig m_pendingConfig;
};
