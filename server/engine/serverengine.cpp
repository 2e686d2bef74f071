#include "serverengine.h"

#include "httpconnection.h"
#include "servercontext.h"
#include "serverlog.h"
#include "socketdevice.h"
#include "tcplistener.h"

#include <QtCore/QSocketNotifier>

#include <algorithm>

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

namespace {
constexpr quint64 completionKey = 0; // epoll key of the pool's eventfd; connection ids start at 1
constexpr quint32 readEvents = EPOLLIN | EPOLLRDHUP;
constexpr int sweepIntervalMs = 500;

// Raise the soft descriptor limit to the hard one: 10,000 sleeping clients need 10,000
// descriptors. Returns the limit now in force.
qint64 raiseDescriptorLimit()
{
    rlimit limit {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1024;
    if (limit.rlim_cur < limit.rlim_max) {
        rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? qint64(1) << 20 : qint64(limit.rlim_cur);
}
} // namespace

/*!
    One request's handler on a pool worker. Holds only values and shared state, never the
    connection: the outcome goes back to the server thread, which writes it.
*/
class ServerEngine::PoolTask : public QRunnable
{
public:
    PoolTask(std::shared_ptr<ServerContext> context, std::shared_ptr<Completions> completions,
             std::shared_ptr<std::atomic<bool>> leftQueue, RequestHandler::Job job)
        : m_context(std::move(context))
        , m_completions(std::move(completions))
        , m_leftQueue(std::move(leftQueue))
        , m_job(std::move(job))
    { }

    ~PoolTask() override
    {
        // QThreadPool::clear() at shutdown deletes tasks that never ran: they leave the
        // queue all the same.
        leaveQueue();
    }

    void run() override
    {
        leaveQueue(); // unless its connection closed meanwhile and counted it out already
        // Stopping, or the client left while this waited for a worker: nobody gets the
        // response, and its events would describe a connection already reported closed.
        if (m_context->isStopping() || m_job.cancelled->load())
            return;
        m_context->claimWorkerIndex();
        ServerEventBatch events;
        RequestHandler::Outcome outcome = RequestHandler::run(m_job, *m_context, events);
        m_context->publish(events);
        bool wasEmpty;
        {
            const std::lock_guard<std::mutex> lock(m_completions->mutex);
            wasEmpty = m_completions->outcomes.empty();
            m_completions->outcomes.push_back(std::move(outcome));
        }
        // Only the first completion since the last drain wakes the server thread.
        if (wasEmpty) {
            const quint64 one = 1;
            [[maybe_unused]] const ssize_t n = ::write(m_completions->wakeFd, &one, sizeof one);
        }
    }

private:
    void leaveQueue()
    {
        if (!m_leftQueue->exchange(true))
            m_context->stats.dequeuedForWorker();
    }

    std::shared_ptr<ServerContext> m_context;
    std::shared_ptr<Completions> m_completions;
    std::shared_ptr<std::atomic<bool>> m_leftQueue;
    RequestHandler::Job m_job;
};

ServerEngine::ServerEngine(std::shared_ptr<ServerContext> context, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_sleeps([this](quint64 id) { wake(id); })
    , m_completions(std::make_shared<Completions>())
{
    m_listener = new TcpListener([this](qintptr descriptor) { accept(descriptor); }, this);

    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    m_wakeFd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    m_completions->wakeFd = m_wakeFd;
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.u64 = completionKey;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_wakeFd, &event);
    m_lingering = std::make_unique<LingeringCloser>(m_epoll);

    m_epollNotifier = new QSocketNotifier(m_epoll, QSocketNotifier::Read, this);
    connect(m_epollNotifier, &QSocketNotifier::activated, this, &ServerEngine::processReadiness);

    m_sweepTimer.setInterval(sweepIntervalMs);
    connect(&m_sweepTimer, &QTimer::timeout, this, &ServerEngine::sweepTimeouts);
    m_garbageTimer.setSingleShot(true);
    connect(&m_garbageTimer, &QTimer::timeout, this, &ServerEngine::collectGarbage);

    m_pool.setMaxThreadCount(m_context->threads.load());
    m_pool.setExpiryTimeout(-1); // stable worker numbers for the window's swim lanes
}

ServerEngine::~ServerEngine()
{
    shutdown();
    m_pool.waitForDone();
    m_lingering.reset(); // before the epoll descriptor it uses
    delete m_epollNotifier;
    if (m_epoll >= 0)
        ::close(m_epoll);
    if (m_wakeFd >= 0)
        ::close(m_wakeFd);
}

bool ServerEngine::listen(QString *error)
{
    const ServerConfig &config = m_context->config;
    const qint64 descriptors = raiseDescriptorLimit();
    // Keep headroom below the descriptor limit: Qt 6.4's QTcpServer spins when accept()
    // fails with EMFILE, so we stop accepting before that can happen.
    m_maxConnections
        = std::max<qint64>(1, std::min<qint64>(config.maxConnections, descriptors - 64));
    if (m_epoll < 0 || m_wakeFd < 0) {
        *error
            = tr("Cannot create the event queue: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return false;
    }
    m_listener->setListenBacklogSize(1024);
    if (!m_listener->listen(config.bindAddress, config.port)) {
        const QString host = config.bindAddress.protocol() == QAbstractSocket::IPv6Protocol
            ? u'[' + config.bindAddress.toString() + u']'
            : config.bindAddress.toString();
        *error = tr("Cannot listen on %1:%2: %3")
                     .arg(host, QString::number(config.port), m_listener->errorString());
        return false;
    }
    m_sweepTimer.start();
    qCDebug(lcServer) << "listening on" << config.bindAddress << m_listener->serverPort()
                      << "connection cap" << m_maxConnections;
    return true;
}

quint16 ServerEngine::port() const
{
    return m_listener->serverPort();
}

void ServerEngine::accept(qintptr descriptor)
{
    const int fd = int(descriptor);
    if (qint64(m_connections.size()) + m_lingering->count() >= m_maxConnections
        || m_context->isStopping() || !SocketDevice::prepareDescriptor(fd)) {
        ::close(fd);
        updateAccepting();
        return;
    }
    HttpConnection::Peer peer;
    SocketDevice::peerAddress(fd, &peer.address, &peer.port);
    peer.localPort = m_listener->serverPort();

    const quint64 id = m_nextConnectionId++;
    auto device = std::make_unique<SocketDevice>(fd);
    Entry &entry = m_connections[id];
    entry.connection
        = std::make_unique<HttpConnection>(id, std::move(device), peer, this, m_context.get());
    entry.sleep = m_sleeps.none();
    entry.events = readEvents;
    epoll_event event {};
    event.events = readEvents;
    event.data.u64 = id;
    ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, fd, &event);
    entry.connection->open();
    updateAccepting();
    publishEvents();
}

void ServerEngine::updateAccepting()
{
    // Lingering descriptors count: they are open files until they close.
    const qint64 open = qint64(m_connections.size()) + m_lingering->count();
    if (!m_acceptPaused && open >= m_maxConnections) {
        m_listener->pauseAccepting();
        m_acceptPaused = true;
        qCWarning(lcServer) << "connection limit" << m_maxConnections << "reached; not accepting";
    } else if (m_acceptPaused && open < m_maxConnections - m_maxConnections / 10) {
        m_listener->resumeAccepting();
        m_acceptPaused = false;
    }
}

ServerEngine::Entry *ServerEngine::find(quint64 id)
{
    const auto it = m_connections.find(id);
    return it == m_connections.end() ? nullptr : &it->second;
}

void ServerEngine::processReadiness()
{
    constexpr int maxEvents = 256;
    epoll_event events[maxEvents];
    for (int round = 0; round < 8; ++round) {
        const int n = ::epoll_wait(m_epoll, events, maxEvents, 0);
        for (int i = 0; i < n; ++i) {
            const quint64 id = events[i].data.u64;
            const quint32 ready = events[i].events;
            if (id == completionKey) {
                drainCompletions();
                continue;
            }
            if (LingeringCloser::isLingerKey(id)) {
                m_lingering->onReadable(id);
                continue;
            }
            Entry *entry = find(id);
            if (!entry)
                continue;
            HttpConnection *connection = entry->connection.get();
            if (ready & EPOLLERR) {
                connection->onPeerClosed();
                continue;
            }
            if (ready & (EPOLLIN | EPOLLRDHUP | EPOLLHUP)) {
                if (entry->events & EPOLLIN)
                    connection->onReadable();
                else if (ready & (EPOLLHUP | EPOLLRDHUP))
                    connection->onPeerClosed();
            }
            if ((ready & EPOLLOUT) && !connection->isClosed())
                connection->onWritable();
        }
        if (n < maxEvents)
            break;
    }
    publishEvents();
    collectGarbage();
}

void ServerEngine::drainCompletions()
{
    quint64 counter = 0;
    [[maybe_unused]] const ssize_t n = ::read(m_wakeFd, &counter, sizeof counter);
    std::vector<RequestHandler::Outcome> outcomes;
    {
        const std::lock_guard<std::mutex> lock(m_completions->mutex);
        outcomes.swap(m_completions->outcomes);
    }
    for (RequestHandler::Outcome &outcome : outcomes) {
        // The client may have gone while its handler ran; then the outcome is dropped.
        if (Entry *entry = find(outcome.connectionId))
            entry->connection->handlerFinished(std::move(outcome));
    }
}

void ServerEngine::sweepTimeouts()
{
    const qint64 now = ServerContext::monotonicMs();
    m_lingering->sweep(now);
    std::vector<HttpConnection *> expired;
    for (auto &[id, entry] : m_connections) {
        const qint64 deadline = entry.connection->deadlineMs();
        if (deadline != 0 && deadline <= now)
            expired.push_back(entry.connection.get());
    }
    for (HttpConnection *connection : expired)
        connection->onTimeout();
    publishEvents();
    collectGarbage();
}

void ServerEngine::publishEvents()
{
    m_context->publish(ServerContext::threadEvents());
}

void ServerEngine::collectGarbage()
{
    m_closed.clear();
    updateAccepting();
}

void ServerEngine::dispatchRequest(HttpConnection *connection)
{
    switch (connection->pendingJob().mode) {
    case DispatchMode::Sequential:
        // One request at a time on this thread, in arrival order: the blocking server.
        if (m_turnHolder == 0 || m_turnHolder == connection->id()) {
            m_turnHolder = connection->id();
            connection->runHandlerInline();
        } else {
            connection->markQueued();
            m_context->stats.queuedForWorker();
            m_waitingForTurn.push_back(connection->id());
        }
        break;
    case DispatchMode::Concurrent:
        connection->runHandlerInline();
        break;
    case DispatchMode::Pooled:
        submitToPool(connection);
        break;
    }
}

void ServerEngine::submitToPool(HttpConnection *connection)
{
    connection->markQueued();
    m_context->stats.queuedForWorker();
    // The worker publishes its own events at once; publish ours first so a listener sees
    // "queued" before the worker's "handling".
    if (m_context->eventsEnabled())
        publishEvents();
    auto leftQueue = std::make_shared<std::atomic<bool>>(false);
    if (Entry *entry = find(connection->id()))
        entry->leftQueue = leftQueue;
    m_pool.start(
        new PoolTask(m_context, m_completions, std::move(leftQueue), connection->pendingJob()));
}

void ServerEngine::requestCompleted(HttpConnection *connection)
{
    if (connection->id() == m_turnHolder)
        runNextInTurn();
}

void ServerEngine::runNextInTurn()
{
    // Hand the turn to the longest waiter at once, so the finishing connection's own next
    // (pipelined) request queues behind it instead of jumping the line.
    m_turnHolder = 0;
    m_turnPending = false;
    while (!m_waitingForTurn.empty()) {
        const quint64 id = m_waitingForTurn.front();
        m_waitingForTurn.pop_front();
        if (!find(id)) {
            m_context->stats.dequeuedForWorker();
            continue;
        }
        m_turnHolder = id;
        m_turnPending = true;
        // Run it from the event loop, not inside the previous request's call stack.
        QMetaObject::invokeMethod(
            this,
            [this, id] {
                if (!m_turnPending || m_turnHolder != id)
                    return; // a mode change dispatched it meanwhile
                m_turnPending = false;
                m_context->stats.dequeuedForWorker();
                if (Entry *entry = find(id))
                    entry->connection->runHandlerInline();
                else
                    runNextInTurn();
                publishEvents();
                collectGarbage();
            },
            Qt::QueuedConnection);
        return;
    }
}

void ServerEngine::applyMode()
{
    const DispatchMode mode = m_context->mode.load();
    if (mode == DispatchMode::Sequential)
        return;
    // Leaving sequential: whoever waited for a turn (including a turn granted but not yet
    // started) is dispatched the new way now, in arrival order.
    std::deque<quint64> waiting;
    waiting.swap(m_waitingForTurn);
    if (m_turnPending)
        waiting.push_front(m_turnHolder);
    m_turnHolder = 0;
    m_turnPending = false;
    for (quint64 id : waiting) {
        m_context->stats.dequeuedForWorker();
        Entry *entry = find(id);
        if (!entry)
            continue;
        HttpConnection *connection = entry->connection.get();
        connection->setDispatchMode(mode);
        if (mode == DispatchMode::Pooled)
            submitToPool(connection);
        else
            connection->runHandlerInline();
    }
    publishEvents();
    collectGarbage();
}

void ServerEngine::applyThreadCount()
{
    m_pool.setMaxThreadCount(std::max(1, m_context->threads.load()));
}

void ServerEngine::scheduleWake(HttpConnection *connection, qint64 deadlineMs)
{
    if (Entry *entry = find(connection->id())) {
        if (entry->sleeping)
            m_sleeps.cancel(entry->sleep);
        entry->sleep = m_sleeps.schedule(deadlineMs, connection->id());
        entry->sleeping = true;
    }
}

void ServerEngine::cancelWake(HttpConnection *connection)
{
    if (Entry *entry = find(connection->id())) {
        if (entry->sleeping)
            m_sleeps.cancel(entry->sleep);
        entry->sleep = m_sleeps.none();
        entry->sleeping = false;
    }
}

void ServerEngine::wake(quint64 id)
{
    Entry *entry = find(id);
    if (!entry)
        return;
    entry->sleep = m_sleeps.none(); // the scheduler already dropped it
    entry->sleeping = false;
    entry->connection->wake();
    publishEvents();
    if (!m_garbageTimer.isActive())
        m_garbageTimer.start(0);
}

void ServerEngine::updateInterest(quint64 id, Entry &entry, quint32 events)
{
    if (entry.events == events)
        return;
    entry.events = events;
    auto *device = static_cast<SocketDevice *>(entry.connection->device());
    epoll_event event {};
    event.events = events;
    event.data.u64 = id;
    ::epoll_ctl(m_epoll, EPOLL_CTL_MOD, device->descriptor(), &event);
}

void ServerEngine::setReadInterest(HttpConnection *connection, bool enabled)
{
    if (Entry *entry = find(connection->id())) {
        const quint32 events = (entry->events & ~readEvents) | (enabled ? readEvents : 0);
        updateInterest(connection->id(), *entry, events);
    }
}

void ServerEngine::setWriteInterest(HttpConnection *connection, bool enabled)
{
    if (Entry *entry = find(connection->id())) {
        const quint32 events
            = (entry->events & ~quint32(EPOLLOUT)) | (enabled ? quint32(EPOLLOUT) : 0u);
        updateInterest(connection->id(), *entry, events);
    }
}

void ServerEngine::closeLingering(HttpConnection *connection)
{
    auto *device = static_cast<SocketDevice *>(connection->device());
    m_lingering->add(device->releaseDescriptor(), ServerContext::monotonicMs());
}

void ServerEngine::connectionClosed(HttpConnection *connection)
{
    const auto it = m_connections.find(connection->id());
    if (it == m_connections.end())
        return;
    if (it->second.sleeping)
        m_sleeps.cancel(it->second.sleep);
    // A pool task still waiting for a worker will do nothing now (its job is cancelled):
    // it leaves the queued count at once, not when a worker gets to it.
    if (it->second.leftQueue && !it->second.leftQueue->exchange(true))
        m_context->stats.dequeuedForWorker();
    // The descriptor is already closed, which removed it from the epoll set. The object is
    // still on the call stack: delete it after this round.
    m_closed.push_back(std::move(it->second.connection));
    m_connections.erase(it);
    if (!m_waitingForTurn.empty()) {
        // A client that left while waiting for its sequential turn leaves the queue (and the
        // queued counter) now, not when the turn would have reached it.
        const auto waiting
            = std::find(m_waitingForTurn.begin(), m_waitingForTurn.end(), connection->id());
        if (waiting != m_waitingForTurn.end()) {
            m_waitingForTurn.erase(waiting);
            m_context->stats.dequeuedForWorker();
        }
    }
    if (connection->id() == m_turnHolder) {
        if (m_turnPending)
            m_context->stats.dequeuedForWorker(); // it never got to start
        runNextInTurn();
    }
    if (!m_garbageTimer.isActive())
        m_garbageTimer.start(0);
}

void ServerEngine::shutdown()
{
    if (m_listener->isListening())
        m_listener->close();
    m_sweepTimer.stop();
    // Requests waiting for their turn never start; they leave the queue.
    for (std::size_t i = 0; i < m_waitingForTurn.size() + (m_turnPending ? 1 : 0); ++i)
        m_context->stats.dequeuedForWorker();
    m_waitingForTurn.clear();
    m_turnHolder = 0;
    m_turnPending = false;
    m_pool.clear(); // queued handlers never start
    std::vector<HttpConnection *> open;
    open.reserve(m_connections.size());
    for (auto &[id, entry] : m_connections)
        open.push_back(entry.connection.get());
    for (HttpConnection *connection : open)
        connection->abort();
    m_lingering->closeAll();
    publishEvents();
    m_closed.clear();
}
