#include "server.h"

#include "eventhub.h"
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
    m_config.threads = std::clamp(config.threads, 1, ServerConfig::maxThreads);
    m_config.sleepMs = std::clamp(config.sleepMs, 0, 60000);
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
    if (host == QHostAddress::Any || host == QHostAddress::AnyIPv4)
        host = QHostAddress(QHostAddress::LocalHost);
    else if (host == QHostAddress::AnyIPv6)
        host = QHostAddress(QHostAddress::LocalHostIPv6);
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

void Server::setMode(DispatchMode mode)
{
    if (mode == m_config.mode)
        return;
    m_config.mode = mode;
    if (m_context) {
        m_context->mode.store(mode);
        if (m_thread)
            Q_EMIT m_thread->modeChangeRequested();
    }
    Q_EMIT modeChanged(mode);
}

int Server::threadCount() const
{
    return m_config.threads;
}

void Server::setThreadCount(int threads)
{
    threads = std::clamp(threads, 1, ServerConfig::maxThreads);
    if (threads == m_config.threads)
        return;
    m_config.threads = threads;
    if (m_context) {
        m_context->threads.store(threads);
        if (m_thread)
            Q_EMIT m_thread->threadCountChangeRequested();
    }
    Q_EMIT threadCountChanged(threads);
}

int Server::sleepMs() const
{
    return m_config.sleepMs;
}

void Server::setSleepMs(int ms)
{
    ms = std::clamp(ms, 0, 60000);
    if (ms == m_config.sleepMs)
        return;
    m_config.sleepMs = ms;
    if (m_context)
        m_context->sleepMs.store(ms);
    Q_EMIT sleepMsChanged(ms);
}

bool Server::isBlockingSleep() const
{
    return m_config.blockingSleep;
}

void Server::setBlockingSleep(bool blocking)
{
    if (blocking == m_config.blockingSleep)
        return;
    m_config.blockingSleep = blocking;
    if (m_context)
        m_context->blockingSleep.store(blocking);
    Q_EMIT blockingSleepChanged(blocking);
}

ServerStats::Snapshot Server::stats() const
{
    return m_context ? m_context->stats.snapshot() : ServerStats::Snapshot();
}

QByteArray Server::statusJson() const
{
    if (m_context)
        return m_context->statusJson();
    ServerContext idle(m_config);
    return idle.statusJson();
}

void Server::setEventsEnabled(bool enabled)
{
    m_events->setEnabled(enabled);
}
