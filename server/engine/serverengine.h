#pragma once

#include "connectionhost.h"
#include "poolhandoff.h"
#include "sleepscheduler.h"

#include <QtCore/QObject>
#include <QtCore/QTimer>

#include <memory>
#include <unordered_map>
#include <vector>

class HttpConnection;
class LingeringCloser;
class Poller;
class ServerContext;
class SocketDevice;
class TcpListener;
class TurnQueue;

/*!
    The server thread's engine: it accepts connections and runs them. Readiness comes from a
    Poller (epoll on Linux: a wake-up costs O(ready connections), so 10,000 sleeping clients are
    cheap); sleeps share one timer (SleepScheduler); timeouts are swept twice a second. Each
    complete request is dispatched by the mode: inline (concurrent), through the TurnQueue
    (sequential) or through the PoolHandoff (pooled). It also keeps accepting below the
    connection cap. Everything here runs on the server thread.
*/
class ServerEngine : public QObject, public ConnectionHost
{
    Q_OBJECT

public:
    explicit ServerEngine(std::shared_ptr<ServerContext> context, QObject *parent = nullptr);
    ~ServerEngine() override;

    /*! Binds and listens; false with a user-readable \a error on failure. */
    bool listen(QString *error);
    quint16 port() const;

    /*! Closes everything: listener, connections (sleeps cancelled), queued pool work. */
    void shutdown();

    /*! Applies a mode change (releases connections waiting for their sequential turn). */
    void applyMode();
    /*! Applies the pool size setting. */
    void applyThreadCount();

    // ConnectionHost
    void dispatchRequest(HttpConnection *connection) override;
    void requestCompleted(HttpConnection *connection) override;
    void scheduleWake(HttpConnection *connection, qint64 deadlineMs) override;
    void cancelWake(HttpConnection *connection) override;
    void interestChanged(HttpConnection *connection) override;
    void closeDevice(HttpConnection *connection, bool afterResponse) override;
    bool isPeerGone(HttpConnection *connection) override;
    void memoryPaused(HttpConnection *connection) override;
    void connectionClosed(HttpConnection *connection) override;

private:
    struct Entry
    {
        std::unique_ptr<HttpConnection> connection;
        SocketDevice *device = nullptr; //!< the connection's device, owned by it
        int fd = -1;
        SleepScheduler::Handle sleep; //!< SleepScheduler::none() while not sleeping
        PoolHandoff::Ticket ticket = 0; //!< the latest job handed to the pool
    };

    /*!
        Starts or stops watching the listener in the Poller (m_acceptPaused says which);
        false if it could not be added.
    */
    bool watchListener(bool watched);
    /*! Takes up to acceptBatch connections from the listener's queue. */
    void acceptWaiting();
    void accept(int fd, QString peerAddress, quint16 peerPort);
    void onReady(quint64 key, unsigned ready);
    void drainOutcomes();
    void sweepTimeouts();
    void wake(quint64 id);
    bool runInTurn(quint64 id);
    void submitToPool(HttpConnection *connection);
    /*! Hands the jobs submitted in this round to the pool's workers, all at once. */
    void startPoolWork();
    void endRound();
    void collectGarbage();
    /*! Resumes the connections paused for memory once the budget allows it. */
    void resumeForMemory();
    /*! Squeezes the buffers of connections that were quiet for a sweep interval. */
    void squeezeQuiet(qint64 nowMs);
    /*! While the budget is used up, sheds the idlest holders until it has room again. */
    void shedForMemory();
    /*! Sheds at once (rate-limited) when far over budget; never from inside a connection. */
    void shedIfFarOverBudget();
    /*! Gives freed heap back to the system after a large release, rate-limited. */
    void trimHeap();
    void updateAccepting();
    void scheduleGarbage();
    Entry *find(quint64 id);

    std::shared_ptr<ServerContext> m_context;
    TcpListener *m_listener = nullptr;
    std::unique_ptr<Poller> m_poller;
    std::unordered_map<quint64, Entry> m_connections;
    std::unique_ptr<LingeringCloser> m_lingering; // closed connections still draining input
    std::vector<std::unique_ptr<HttpConnection>> m_closed; // deleted after the current round
    quint64 m_nextConnectionId = 1;
    qint64 m_maxConnections = 0;
    bool m_acceptPaused = true; //!< the listener is not watched (not listening yet, or full)
    std::vector<quint64> m_memoryPaused; //!< connections waiting for the budget to allow reading
    bool m_memoryExhausted = false; //!< as last logged
    qint64 m_trimPeakBytes = 0; //!< the most buffered since the last trim
    qint64 m_trimPeakConnections = 0; //!< the most open connections since the last trim
    qint64 m_lastTrimMs = 0;
    qint64 m_lastShedMs = 0;
    SleepScheduler m_sleeps;
    QTimer m_sweepTimer;
    QTimer m_garbageTimer;
    QTimer m_shedTimer; //!< soon after a connection paused for memory: shed, rate-limited
    std::unique_ptr<TurnQueue> m_turns;
    std::unique_ptr<PoolHandoff> m_pool; // after the poller: its workers wake it
    std::vector<RequestHandler::Outcome> m_outcomes; //!< drained from the pool, capacity kept
};
