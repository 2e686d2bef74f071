#pragma once

#include "connectionhost.h"
#include "lingeringcloser.h"
#include "requesthandler.h"
#include "sleepscheduler.h"

#include <QtCore/QObject>
#include <QtCore/QThreadPool>
#include <QtCore/QTimer>

#include <atomic>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

class HttpConnection;
class QSocketNotifier;
class ServerContext;
class TcpListener;

/*!
    The server thread's engine: the listening socket, every connection, and the thread pool.

    Readiness for all connections comes from one epoll descriptor watched by a single
    QSocketNotifier, so a wake-up costs O(ready connections), not O(open connections), and
    10,000 sleeping clients are cheap. Sleeps share one timer (SleepScheduler); timeouts are
    swept twice a second. Pool workers hand outcomes back through a mutex-protected queue and
    an eventfd in the same epoll set, so many completions cost one wake-up.
    Everything here runs on the server thread except PoolTask::run().
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

    qsizetype connectionCount() const { return qsizetype(m_connections.size()); }

    // ConnectionHost
    void dispatchRequest(HttpConnection *connection) override;
    void requestCompleted(HttpConnection *connection) override;
    void scheduleWake(HttpConnection *connection, qint64 deadlineMs) override;
    void cancelWake(HttpConnection *connection) override;
    void setReadInterest(HttpConnection *connection, bool enabled) override;
    void setWriteInterest(HttpConnection *connection, bool enabled) override;
    void closeLingering(HttpConnection *connection) override;
    void connectionClosed(HttpConnection *connection) override;

private:
    struct Entry
    {
        std::unique_ptr<HttpConnection> connection;
        SleepScheduler::Handle sleep;
        bool sleeping = false;
        quint32 events = 0; //!< epoll interest currently registered
        /*!
            The latest pool task's "left the queue" flag: whoever sets it first (a worker
            starting the task, or the connection closing while it waits) counts it out of
            queuedForWorker.
        */
        std::shared_ptr<std::atomic<bool>> leftQueue;
    };
    class PoolTask;
    friend class PoolTask;

    void accept(qintptr descriptor);
    void processReadiness();
    void drainCompletions();
    void sweepTimeouts();
    void updateInterest(quint64 id, Entry &entry, quint32 events);
    void wake(quint64 id);
    void runNextInTurn();
    void submitToPool(HttpConnection *connection);
    void publishEvents();
    void collectGarbage();
    void updateAccepting();
    Entry *find(quint64 id);

    std::shared_ptr<ServerContext> m_context;
    TcpListener *m_listener = nullptr;
    QSocketNotifier *m_epollNotifier = nullptr;
    int m_epoll = -1;
    int m_wakeFd = -1;
    std::unordered_map<quint64, Entry> m_connections;
    std::unique_ptr<LingeringCloser> m_lingering; // closed connections still draining input
    std::vector<std::unique_ptr<HttpConnection>> m_closed; // deleted after the current round
    quint64 m_nextConnectionId = 1;
    qint64 m_maxConnections = 0;
    bool m_acceptPaused = false;
    SleepScheduler m_sleeps;
    QTimer m_sweepTimer;
    QTimer m_garbageTimer;

    // Sequential mode: the connection whose request runs now, and those waiting their turn.
    quint64 m_turnHolder = 0;
    bool m_turnPending = false; //!< the holder was granted its turn but has not started yet
    std::deque<quint64> m_waitingForTurn;

    QThreadPool m_pool;
    struct Completions
    {
        std::mutex mutex;
        std::vector<RequestHandler::Outcome> outcomes;
        int wakeFd = -1;
    };
    std::shared_ptr<Completions> m_completions;
};
