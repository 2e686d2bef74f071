#include "serverengine.h"

#include "httpconnection.h"
#include "lingeringcloser.h"
#include "platform.h"
#include "poller.h"
#include "servercontext.h"
#include "serverlog.h"
#include "socketdevice.h"
#include "tcplistener.h"
#include "turnqueue.h"

#include <algorithm>
#include <utility>

namespace {
constexpr int sweepIntervalMs = 500;
// How soon after a pause for memory the idlest are shed: soon enough that a flood of large
// heads overruns the budget by little, seldom enough that sorting the holders costs nothing.
constexpr int shedDelayMs = 50;
// Connections taken from the listener's queue per readiness (up to 8 readiness rounds a turn
// of the loop): enough for a burst, small enough that what is open gets its turn in between.
constexpr int acceptBatch = 32;
// The listener's key in the Poller: connection ids start at 1, lingering keys have
// LingeringCloser::keyTag.
constexpr quint64 listenerKey = 0;
// Far over the budget (by an eighth: a flood accepted and read within one dispatch, before any
// timer can fire), the idlest are shed at the end of each round, this often at most.
constexpr int urgentShedIntervalMs = 10;

unsigned interestOf(const HttpConnection &connection)
{
    return (connection.isReadEnabled() ? Poller::ReadInterest : 0u)
        | (connection.isWriteEnabled() ? Poller::WriteInterest : 0u)
        | (connection.isWatchingHangUp() ? Poller::HangUpInterest : 0u);
}
} // namespace

ServerEngine::ServerEngine(std::shared_ptr<ServerContext> context, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_poller(Poller::create())
    , m_sleeps([this](quint64 id) { wake(id); })
{
    m_listener = new TcpListener(this);
    m_lingering = std::make_unique<LingeringCloser>(*m_poller, ServerConfig::maxLingering);
    m_turns = std::make_unique<TurnQueue>(m_context->stats,
                                          [this](quint64 id) { return runInTurn(id); });
    m_pool = std::make_unique<PoolHandoff>(m_context, *m_poller);

    m_poller->setReadyFunction([this](quint64 key, unsigned ready) { onReady(key, ready); });
    m_poller->setWakeFunction([this] { drainOutcomes(); });
    m_poller->setRoundEndFunction([this] { endRound(); });

    m_sweepTimer.setInterval(sweepIntervalMs);
    connect(&m_sweepTimer, &QTimer::timeout, this, &ServerEngine::sweepTimeouts);
    m_garbageTimer.setSingleShot(true);
    connect(&m_garbageTimer, &QTimer::timeout, this, &ServerEngine::collectGarbage);
    m_shedTimer.setSingleShot(true);
    m_shedTimer.setInterval(shedDelayMs);
    connect(&m_shedTimer, &QTimer::timeout, this, [this] {
        shedForMemory();
        endRound();
    });
}

ServerEngine::~ServerEngine()
{
    shutdown();
    m_pool.reset(); // waits for running handlers, which may still wake the poller
    m_lingering.reset(); // before the poller it uses
}

bool ServerEngine::listen(QString *error)
{
    const ServerConfig &config = m_context->config;
    const qint64 descriptors = Platform::raiseDescriptorLimit();
    // Keep headroom below the descriptor limit: an accept() that fails with EMFILE leaves the
    // listener readable and the loop would spin, so we stop accepting before that can happen.
    m_maxConnections = std::max<qint64>(
        1, std::min<qint64>(config.maxConnections, descriptors - ServerConfig::descriptorHeadroom));
    if (!m_poller->isValid()) {
        *error = tr("Cannot create the event queue: %1").arg(Platform::lastErrorString());
        return false;
    }
    // As long a queue as the kernel grants (as Go does), so a burst of connections waits in it
    // instead of having its SYNs dropped and retried a second later.
    const int backlog = Platform::listenBacklogLimit();
    m_listener->setListenBacklogSize(backlog > 0 ? backlog : ServerConfig::listenBacklog);
    if (!m_listener->start(config.bindAddress, config.port)) {
        const QString host = config.bindAddress.protocol() == QAbstractSocket::IPv6Protocol
            ? u'[' + config.bindAddress.toString() + u']'
            : config.bindAddress.toString();
        *error = tr("Cannot listen on %1:%2: %3")
                     .arg(host, QString::number(config.port), m_listener->errorString());
        return false;
    }
    // Bytes that wait unread in the kernel (the server thread blocked, or the connection not
    // yet accepted) have waited too: the kernel's stamp tells since when.
    const bool stamped = Platform::enableArrivalStamps(int(m_listener->socketDescriptor()));
    if (!watchListener(true)) {
        *error = tr("Cannot watch the listening socket: %1").arg(Platform::lastErrorString());
        m_listener->close();
        return false;
    }
    m_sweepTimer.start();
    qCDebug(lcServer) << "listening on" << config.bindAddress << m_listener->serverPort()
                      << "connection cap" << m_maxConnections << "poller" << m_poller->name()
                      << "arrival stamps" << stamped;
    return true;
}

quint16 ServerEngine::port() const
{
    return m_listener->serverPort();
}

bool ServerEngine::watchListener(bool watched)
{
    const int fd = int(m_listener->socketDescriptor());
    if (watched && m_acceptPaused) {
        m_acceptPaused = !m_poller->add(fd, listenerKey, Poller::ReadInterest);
    } else if (!watched && !m_acceptPaused) {
        m_poller->remove(fd);
        m_acceptPaused = true;
    }
    return m_acceptPaused != watched;
}

void ServerEngine::acceptWaiting()
{
    // A batch, not the whole queue: the listener is watched level-triggered, so what waits
    // comes back in the next round, after the open connections, the workers' outcomes and
    // the timers had their turn.
    for (int i = 0; i < acceptBatch && !m_acceptPaused; ++i) {
        QString address;
        quint16 port = 0;
        const int fd = m_listener->acceptOne(&address, &port);
        if (fd < 0)
            return;
        accept(fd, std::move(address), port);
    }
}

void ServerEngine::accept(int fd, QString peerAddress, quint16 peerPort)
{
    if (qint64(m_connections.size()) + m_lingering->count() >= m_maxConnections
        || m_context->isStopping()) {
        Platform::closeSocket(fd);
        updateAccepting();
        return;
    }
    HttpConnection::Peer peer;
    peer.address = std::move(peerAddress);
    peer.port = peerPort;
    peer.localPort = m_listener->serverPort();

    const quint64 id = m_nextConnectionId++;
    auto device = std::make_unique<SocketDevice>(fd);
    Entry &entry = m_connections[id];
    entry.device = device.get();
    entry.fd = fd;
    entry.sleep = m_sleeps.none();
    entry.connection = std::make_unique<HttpConnection>(id, std::move(device), std::move(peer),
                                                        this, m_context.get());
    m_poller->add(fd, id, interestOf(*entry.connection));
    entry.connection->open();
    // The round's end hands its pool work over, publishes its events and frees what closed.
    updateAccepting();
}

void ServerEngine::updateAccepting()
{
    // Lingering descriptors count: they are open files until they close.
    const qint64 open = qint64(m_connections.size()) + m_lingering->count();
    if (!m_acceptPaused && open >= m_maxConnections) {
        watchListener(false);
        qCWarning(lcServer) << "connection limit" << m_maxConnections << "reached; not accepting";
    } else if (m_acceptPaused && m_listener->isListening()
               && open < m_maxConnections - m_maxConnections / 10) {
        watchListener(true);
    }
}

ServerEngine::Entry *ServerEngine::find(quint64 id)
{
    const auto it = m_connections.find(id);
    return it == m_connections.end() ? nullptr : &it->second;
}

void ServerEngine::onReady(quint64 key, unsigned ready)
{
    if (key == listenerKey) {
        acceptWaiting();
        return;
    }
    if (LingeringCloser::isLingerKey(key)) {
        m_lingering->onReadable(key);
        return;
    }
    Entry *entry = find(key);
    if (!entry)
        return;
    HttpConnection *connection = entry->connection.get();
    if (ready & Poller::Failed) {
        connection->onPeerClosed();
        return;
    }
    if (ready & (Poller::Readable | Poller::HangUp)) {
        if (connection->isReadEnabled())
            connection->onReadable();
        else if (ready & Poller::HangUp)
            connection->onPeerFinishedSending();
    }
    if ((ready & Poller::Writable) && !connection->isClosed())
        connection->onWritable();
}

void ServerEngine::endRound()
{
    shedIfFarOverBudget();
    resumeForMemory();
    startPoolWork();
    m_context->recorder.publish();
    collectGarbage();
}

void ServerEngine::drainOutcomes()
{
    std::vector<RequestHandler::Outcome> outcomes;
    outcomes.swap(m_outcomes);
    m_pool->takeOutcomes(outcomes);
    for (RequestHandler::Outcome &outcome : outcomes) {
        // The client may have gone while its handler ran; then the outcome is dropped.
        if (Entry *entry = find(outcome.connectionId))
            entry->connection->handlerFinished(std::move(outcome));
    }
    outcomes.clear();
    m_outcomes.swap(outcomes); // the next batch reuses the allocation
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
    squeezeQuiet(now);
    // Said at most once a sweep, however often the budget runs out in between.
    const MemoryBudget &memory = m_context->memory;
    if (memory.isExhausted() != m_memoryExhausted) {
        m_memoryExhausted = memory.isExhausted();
        qCInfo(lcServer).nospace() << "memory budget " << memory.limitBytes() / (1024 * 1024)
                                   << " MiB " << (m_memoryExhausted ? "used up" : "has room again")
                                   << " (buffered " << memory.bufferedBytes() << " bytes)";
    }
    shedForMemory();
    endRound();
}

void ServerEngine::collectGarbage()
{
    m_closed.clear();
    updateAccepting();
    trimHeap();
}

void ServerEngine::memoryPaused(HttpConnection *connection)
{
    m_memoryPaused.push_back(connection->id());
    if (!m_shedTimer.isActive())
        m_shedTimer.start();
}

void ServerEngine::resumeForMemory()
{
    const MemoryBudget &memory = m_context->memory;
    if (m_memoryPaused.empty() || !memory.allowsResume())
        return;
    // Oldest first, only as many as the room left has a holder's share for: all at once would
    // read together in the next round and overrun the budget again. The rest wait for a later
    // round; one that fills the budget again pauses again (and is appended anew).
    const qint64 room = memory.limitBytes() - memory.bufferedBytes();
    const auto count = std::size_t(
        std::min<qint64>(qint64(m_memoryPaused.size()),
                         std::max<qint64>(1, room / ServerConfig::memoryHolderBytes)));
    const std::vector<quint64> resumed(m_memoryPaused.begin(),
                                       m_memoryPaused.begin() + std::ptrdiff_t(count));
    m_memoryPaused.erase(m_memoryPaused.begin(), m_memoryPaused.begin() + std::ptrdiff_t(count));
    for (quint64 id : resumed) {
        if (Entry *entry = find(id))
            entry->connection->resumeAfterMemory();
    }
}

void ServerEngine::squeezeQuiet(qint64 nowMs)
{
    // A connection that read nothing since the last sweep keeps only what it uses.
    for (auto &[id, entry] : m_connections) {
        if (nowMs - entry.connection->lastActivityMs() >= sweepIntervalMs)
            entry.connection->squeeze();
    }
}

void ServerEngine::shedIfFarOverBudget()
{
    const MemoryBudget &memory = m_context->memory;
    if (memory.bufferedBytes() <= memory.limitBytes() + memory.limitBytes() / 8)
        return;
    if (ServerContext::monotonicMs() - m_lastShedMs >= urgentShedIntervalMs)
        shedForMemory();
}

void ServerEngine::shedForMemory()
{
    MemoryBudget &memory = m_context->memory;
    if (!memory.isExhausted())
        return;
    m_lastShedMs = ServerContext::monotonicMs();
    // Paused, the biggest holders only wait. Those that made no progress for longest go
    // first, answered 503 (a request being read) or closed (responses they do not read),
    // until the budget has room for the others to go on.
    std::vector<HttpConnection *> holders;
    for (auto &[id, entry] : m_connections) {
        if (entry.connection->chargedBytes() > 0)
            holders.push_back(entry.connection.get());
    }
    std::sort(holders.begin(), holders.end(), [](const HttpConnection *a, const HttpConnection *b) {
        return a->lastActivityMs() != b->lastActivityMs()
            ? a->lastActivityMs() < b->lastActivityMs()
            : a->chargedBytes() > b->chargedBytes();
    });
    int shed = 0;
    for (HttpConnection *connection : holders) {
        if (memory.allowsResume())
            break;
        if (connection->shedForMemory()) // closed: still alive until the end of the round
            ++shed;
    }
    qCDebug(lcServer) << "memory budget used up: shed" << shed << "of" << holders.size()
                      << "connections holding memory";
}

void ServerEngine::trimHeap()
{
    // glibc keeps freed memory for reuse; after thousands of large heads were let go, give it
    // back, at most once a second (a trim walks the whole heap).
    const qint64 buffered = m_context->memory.bufferedBytes();
    const qint64 open = qint64(m_connections.size());
    m_trimPeakBytes = std::max(m_trimPeakBytes, buffered);
    m_trimPeakConnections = std::max(m_trimPeakConnections, open);
    if (m_trimPeakBytes - buffered < ServerConfig::memoryTrimAfterBytes
        && m_trimPeakConnections - open < ServerConfig::memoryTrimAfterConnections)
        return;
    const qint64 now = ServerContext::monotonicMs();
    if (now - m_lastTrimMs < ServerConfig::memoryTrimIntervalMs)
        return;
    m_lastTrimMs = now;
    m_trimPeakBytes = buffered;
    m_trimPeakConnections = open;
    Platform::releaseFreeMemory();
}

void ServerEngine::scheduleGarbage()
{
    if (!m_garbageTimer.isActive())
        m_garbageTimer.start(0);
}

void ServerEngine::dispatchRequest(HttpConnection *connection)
{
    if (Router::isImmediate(connection->pendingJob().route)) {
        connection->runHandlerInline(); // /-/status answers while the pool or the turn is busy
        return;
    }
    switch (connection->pendingJob().mode) {
    case DispatchMode::Sequential:
        // One request at a time on this thread, in arrival order: the blocking server.
        if (m_turns->request(connection->id()))
            connection->runHandlerInline();
        else
            connection->markQueued();
        break;
    case DispatchMode::Concurrent:
        connection->runHandlerInline();
        break;
    case DispatchMode::Pooled:
        submitToPool(connection);
        break;
    }
}

bool ServerEngine::runInTurn(quint64 id)
{
    Entry *entry = find(id);
    if (entry)
        entry->connection->runHandlerInline();
    endRound();
    return entry != nullptr;
}

void ServerEngine::submitToPool(HttpConnection *connection)
{
    connection->markQueued();
    const PoolHandoff::Ticket ticket = m_pool->submit(connection->pendingJob());
    if (Entry *entry = find(connection->id()))
        entry->ticket = ticket;
}

void ServerEngine::startPoolWork()
{
    if (!m_pool->hasSubmitted())
        return;
    // The workers publish their own events at once; publish ours first so a listener sees
    // "queued" before the worker's "handling".
    m_context->recorder.publish();
    m_pool->startWorkers();
}

void ServerEngine::requestCompleted(HttpConnection *connection)
{
    m_turns->finished(connection->id());
}

void ServerEngine::applyMode()
{
    const DispatchMode mode = m_context->mode.load();
    if (mode == DispatchMode::Sequential)
        return;
    // Leaving sequential: whoever waited for a turn (including a turn granted but not yet
    // started) is dispatched the new way now, in arrival order.
    for (quint64 id : m_turns->releaseAll()) {
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
    endRound();
}

void ServerEngine::applyThreadCount()
{
    m_pool->setMaxThreadCount(m_context->threads.load());
}

void ServerEngine::scheduleWake(HttpConnection *connection, qint64 deadlineMs)
{
    if (Entry *entry = find(connection->id())) {
        m_sleeps.cancel(entry->sleep);
        entry->sleep = m_sleeps.schedule(deadlineMs, connection->id());
    }
}

void ServerEngine::cancelWake(HttpConnection *connection)
{
    if (Entry *entry = find(connection->id())) {
        m_sleeps.cancel(entry->sleep);
        entry->sleep = m_sleeps.none();
    }
}

void ServerEngine::wake(quint64 id)
{
    Entry *entry = find(id);
    if (!entry)
        return;
    entry->sleep = m_sleeps.none(); // the scheduler already dropped it
    entry->connection->wake();
    startPoolWork(); // the next pipelined request, if it goes to the pool
    m_context->recorder.publish();
    scheduleGarbage();
}

void ServerEngine::interestChanged(HttpConnection *connection)
{
    if (Entry *entry = find(connection->id()))
        m_poller->modify(entry->fd, connection->id(), interestOf(*connection));
}

void ServerEngine::closeDevice(HttpConnection *connection, bool afterResponse)
{
    Entry *entry = find(connection->id());
    if (!entry)
        return;
    if (afterResponse) {
        // The descriptor stays registered: the closer moves it to a linger key.
        m_lingering->add(entry->device->releaseDescriptor(), ServerContext::monotonicMs());
    } else {
        m_poller->remove(entry->fd);
        entry->device->close();
    }
    entry->fd = -1;
}

bool ServerEngine::isPeerGone(HttpConnection *connection)
{
    const Entry *entry = find(connection->id());
    return entry && entry->fd >= 0 && Platform::isPeerGone(entry->fd);
}

void ServerEngine::connectionClosed(HttpConnection *connection)
{
    const auto it = m_connections.find(connection->id());
    if (it == m_connections.end())
        return;
    m_sleeps.cancel(it->second.sleep);
    // A pool job still waiting for a worker will do nothing now (its job is cancelled): it
    // leaves the queued count at once, not when a worker gets to it.
    m_pool->cancel(it->second.ticket);
    // The object is still on the call stack: delete it after this round.
    m_closed.push_back(std::move(it->second.connection));
    m_connections.erase(it);
    m_turns->remove(connection->id());
    scheduleGarbage();
}

void ServerEngine::shutdown()
{
    if (m_listener->isListening()) {
        watchListener(false);
        m_listener->close();
    }
    m_sweepTimer.stop();
    m_shedTimer.stop();
    m_turns->releaseAll(); // requests waiting for their turn never start
    m_pool->clear(); // queued handlers never start
    std::vector<HttpConnection *> open;
    open.reserve(m_connections.size());
    for (auto &[id, entry] : m_connections)
        open.push_back(entry.connection.get());
    for (HttpConnection *connection : open)
        connection->abort();
    m_lingering->closeAll();
    m_context->recorder.publish();
    m_closed.clear();
}
