#include "server.h"

#include "eventhub.h"
#include "happensbefore.h"
#include "serverclock.h"
#include "servercontext.h"
#include "serverthread.h"

Server::Server(QObject *parent)
    : QObject(parent)
    , m_events(new EventHub(this))
{
    qRegisterMetaType<DispatchMode>();
    connect(m_events, &EventHub::eventsReady, this, &Server::eventsReady);
}

Server::~Server()
{
    if (m_thread) {
        m_context->requestStop();
        m_thread->quit();
        m_thread->wait();
        HappensBefore::acquire(m_thread); // ServerThread::run() released it as it ended
        delete m_thread;
        m_thread = nullptr;
    }
}

void Server::start(const ServerConfig &config)
{
    if (m_thread) {
        // Still stopping (or already running): start again once the old run is down.
        m_startPending = true;
        m_pendingConfig = config;
        // Not stop(): that cancels a pending start. This matters when start() is called from a
        // startFailed() handler (retry on the next port): the failed run's thread is still
        // finishing then.
        m_context->requestStop();
        m_thread->quit();
        return;
    }
    m_config = config;
    m_config.clampSettings();
    m_context = std::make_shared<ServerContext>(m_config, m_events);
    m_port = 0;
    m_thread = new ServerThread(m_context, this);
    connect(m_thread, &ServerThread::listening, this, [this](quint16 port) {
        m_port = port;
        Q_EMIT started(url());
    });
    connect(m_thread, &ServerThread::listenFailed, this,
            [this](const QString &message) { Q_EMIT startFailed(message); });
    connect(m_thread, &QThread::finished, this, &Server::onThreadFinished);
    m_thread->start();
}

void Server::stop()
{
    m_startPending = false;
    if (!m_thread)
        return;
    m_context->requestStop();
    m_thread->quit();
}

void Server::onThreadFinished()
{
    if (!m_thread)
        return;
    m_thread->wait(); // it has finished; this only reaps it
    HappensBefore::acquire(m_thread); // ServerThread::run() released it as it ended
    delete m_thread;
    m_thread = nullptr;
    const bool wasListening = m_port != 0;
    m_port = 0;
    m_events->flush();
    if (wasListening)
        Q_EMIT stopped();
    if (m_startPending) {
        m_startPending = false;
        start(m_pendingConfig);
    }
}

bool Server::isRunning() const
{
    return m_thread && !m_context->isStopping();
}

QUrl Server::url() const
{
    if (m_port == 0)
        return QUrl();
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    QHostAddress host = m_config.bindAddress;
    // A wildcard bind has no address a client can use; this machine's loopback works.
    if (ServerConfig::isAnyAddress(host))
        host = QHostAddress(host.protocol() == QAbstractSocket::IPv6Protocol
                                ? QHostAddress::LocalHostIPv6
                                : QHostAddress::LocalHost);
    url.setHost(host.toString());
    url.setPort(m_port);
    url.setPath(QStringLiteral("/"));
    return url;
}

quint16 Server::port() const
{
    return m_port;
}

DispatchMode Server::mode() const
{
    return m_config.mode;
}

template<typename T>
bool Server::update(T ServerConfig::*setting, std::atomic<T> ServerContext::*live, T value)
{
    if (m_config.*setting == value)
        return false;
    m_config.*setting = value;
    if (m_context)
        (m_context.get()->*live).store(value);
    return true;
}

void Server::setMode(DispatchMode mode)
{
    if (!update(&ServerConfig::mode, &ServerContext::mode, mode))
        return;
    if (m_thread)
        Q_EMIT m_thread->modeChangeRequested();
    Q_EMIT modeChanged(mode);
}

int Server::threadCount() const
{
    return m_config.threads;
}

void Server::setThreadCount(int threads)
{
    threads = ServerConfig::clampThreads(threads);
    if (!update(&ServerConfig::threads, &ServerContext::threads, threads))
        return;
    if (m_thread)
        Q_EMIT m_thread->threadCountChangeRequested();
    Q_EMIT threadCountChanged(threads);
}

int Server::sleepMs() const
{
    return m_config.sleepMs;
}

void Server::setSleepMs(int ms)
{
    ms = ServerConfig::clampSleepMs(ms);
    if (update(&ServerConfig::sleepMs, &ServerContext::sleepMs, ms))
        Q_EMIT sleepMsChanged(ms);
}

bool Server::isBlockingSleep() const
{
    return m_config.blockingSleep;
}

void Server::setBlockingSleep(bool blocking)
{
    if (update(&ServerConfig::blockingSleep, &ServerContext::blockingSleep, blocking))
        Q_EMIT blockingSleepChanged(blocking);
}

ServerStats::Snapshot Server::stats() const
{
    return m_context ? m_context->snapshot() : ServerStats::Snapshot();
}

QByteArray Server::statusJson() const
{
    if (m_context)
        return m_context->statusJson();
    ServerContext idle(m_config);
    return idle.statusJson();
}

QList<Diagnostic> Server::diagnostics() const
{
    return m_context ? m_context->diagnostics.diagnostics() : QList<Diagnostic>();
}

void Server::clearDiagnostics()
{
    if (m_context)
        m_context->diagnostics.clear();
}

EventLoopLag Server::eventLoopLag() const
{
    return m_context ? m_context->eventLoopLag.snapshot(ServerClock::nowUs()) : EventLoopLag();
}

EventLoopLag Server::recentEventLoopLag(qint64 spanMs) const
{
    return m_context ? m_context->eventLoopLag.snapshot(ServerClock::nowUs(), spanMs * 1000)
                     : EventLoopLag();
}

void Server::setEventsEnabled(bool enabled)
{
    m_events->setEnabled(enabled);
}
