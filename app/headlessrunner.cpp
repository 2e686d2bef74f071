#include "headlessrunner.h"

#include "accesslog.h"
#include "dispatchmode.h"
#include "server.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QSocketNotifier>
#include <QtCore/QUrl>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {

// [0] is written by the signal handler, [1] is watched by the QSocketNotifier.
int s_signalFds[2] = {-1, -1};

// Only async-signal-safe calls here: write the signal number as one byte, keep errno.
void handleSignal(int signalNumber)
{
    const int savedErrno = errno;
    const auto byte = static_cast<unsigned char>(signalNumber);
    [[maybe_unused]] const ssize_t n = ::write(s_signalFds[0], &byte, 1);
    errno = savedErrno;
}

void printLine(FILE *stream, const QString &line)
{
    const QByteArray bytes = line.toLocal8Bit() + '\n';
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

void printError(const QString &message)
{
    printLine(stderr, QCoreApplication::applicationName() % QLatin1StringView(": ") % message);
}

} // namespace

HeadlessRunner::HeadlessRunner(const ServerConfig &config, const QString &accessLogPath,
                               QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_accessLogPath(accessLogPath)
    , m_server(new Server(this))
{
    m_stopTimer.setSingleShot(true);
    m_stopTimer.setInterval(stopTimeoutMs);
    connect(&m_stopTimer, &QTimer::timeout, this, &HeadlessRunner::onStopTimeout);
    connect(m_server, &Server::started, this, &HeadlessRunner::onStarted);
    connect(m_server, &Server::startFailed, this, &HeadlessRunner::onStartFailed);
    connect(m_server, &Server::stopped, this, &HeadlessRunner::onStopped);
}

HeadlessRunner::~HeadlessRunner()
{
    if (m_signalNotifier) {
        std::signal(SIGINT, SIG_DFL);
        std::signal(SIGTERM, SIG_DFL);
        delete m_signalNotifier;
        m_signalNotifier = nullptr;
        ::close(s_signalFds[0]);
        ::close(s_signalFds[1]);
        s_signalFds[0] = s_signalFds[1] = -1;
    }
    // The server (a child) is destroyed after this body and joins its thread; the access log
    // then gets no more events.
}

void HeadlessRunner::start()
{
    if (!installSignalHandlers()) {
        printError(tr("Cannot install the signal handlers: %1").arg(qt_error_string(errno)));
        finish(1);
        return;
    }
    if (!m_accessLogPath.isEmpty()) {
        m_accessLog = new AccessLog(this);
        if (!m_accessLog->open(m_accessLogPath)) {
            printError(tr("Cannot open the access log '%1': %2")
                           .arg(m_accessLogPath, m_accessLog->errorString()));
            finish(1);
            return;
        }
        connect(m_accessLog, &AccessLog::writeFailed, this, [this](const QString &message) {
            printError(tr("Cannot write the access log '%1': %2; no more requests will be "
                          "logged.")
                           .arg(m_accessLogPath, message));
        });
        connect(m_server, &Server::eventsReady, m_accessLog, &AccessLog::writeEvents);
        // Events cost the server something, so they are recorded only when someone reads them.
        m_server->setEventsEnabled(true);
    }
    m_server->start(m_config);
}

bool HeadlessRunner::installSignalHandlers()
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s_signalFds) != 0)
        return false;
    // Non-blocking both ways: a burst of signals must never block the handler, and the
    // notifier drains whatever is there.
    for (const int fd : s_signalFds)
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
    m_signalNotifier = new QSocketNotifier(s_signalFds[1], QSocketNotifier::Read, this);
    connect(m_signalNotifier, &QSocketNotifier::activated, this, &HeadlessRunner::onSignal);

    struct sigaction action = {};
    action.sa_handler = handleSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    if (::sigaction(SIGINT, &action, nullptr) != 0 || ::sigaction(SIGTERM, &action, nullptr) != 0)
        return false;
    // A reader that goes away (say `--access-log - | head`) must not kill the server: writes
    // then fail with EPIPE and AccessLog reports it once. Sockets use MSG_NOSIGNAL anyway.
    std::signal(SIGPIPE, SIG_IGN);
    return true;
}

void HeadlessRunner::onSignal()
{
    unsigned char byte = 0;
    int signalNumber = 0;
    while (::read(s_signalFds[1], &byte, 1) == 1)
        signalNumber = byte;
    if (signalNumber == 0 || m_stopping)
        return;
    m_stopping = true;
    printError(
        tr("%1 received, stopping.")
            .arg(signalNumber == SIGTERM ? QStringLiteral("SIGTERM") : QStringLiteral("SIGINT")));
    if (!m_server->isRunning()) {
        finish(0);
        return;
    }
    m_stopTimer.start();
    m_server->stop();
}

void HeadlessRunner::onStarted()
{
    // The address actually bound, not a rewritten one: with --bind 0.0.0.0 the line says so.
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(m_config.bindAddress.toString()); // QUrl adds the brackets for IPv6
    url.setPort(m_server->port());
    url.setPath(QStringLiteral("/"));
    const QString where = url.toString();
    const QLatin1StringView mode = dispatchModeName(m_server->mode());
    const int threads = m_server->threadCount();
    // Deliberately not translated: scripts and CI wait for this exact line on stdout
    // ("ServeScope listening on <url>"), whatever the user's locale. Messages for people go
    // to stderr and are translated.
    const QString line = u"ServeScope listening on " + where + u" (mode " + mode + u", "
        + QString::number(threads) + (threads == 1 ? u" thread)" : u" threads)");
    printLine(stdout, line);
}

void HeadlessRunner::onStartFailed(const QString &message)
{
    // The engine's message names the address and port ("Cannot listen on 127.0.0.1:7878: ...").
    printError(message.isEmpty() ? tr("Cannot listen on %1 port %2.")
                                       .arg(m_config.bindAddress.toString())
                                       .arg(m_config.port)
                                 : message);
    finish(1);
}

void HeadlessRunner::onStopped()
{
    finish(0);
}

void HeadlessRunner::onStopTimeout()
{
    // Destructors would join a thread that is not finishing; leave now, after saving the log.
    printError(tr("The server did not stop within %1 ms; exiting anyway.").arg(stopTimeoutMs));
    if (m_accessLog)
        m_accessLog->flush();
    std::fflush(stdout);
    std::_Exit(1);
}

void HeadlessRunner::finish(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_stopTimer.stop();
    if (m_accessLog)
        m_accessLog->flush();
    // Queued, so that a failure found in start(), before the event loop runs, still ends it.
    QMetaObject::invokeMethod(
        this, [this, exitCode] { Q_EMIT finished(exitCode); }, Qt::QueuedConnection);
}
