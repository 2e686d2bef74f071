#include "headlessrunner.h"

#include "accesslog.h"
#include "accesslogsetup.h"
#include "commandline.h"
#include "consoleoutput.h"
#include "dispatchmode.h"
#include "platform.h"
#include "server.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QSocketNotifier>
#include <QtCore/QUrl>

#include <cstdio>
#include <cstdlib>

HeadlessRunner::HeadlessRunner(const ServerConfig &config, const QString &accessLogPath,
                               AccessLog::Format accessLogFormat, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_accessLogPath(accessLogPath)
    , m_accessLogFormat(accessLogFormat)
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
        delete m_signalNotifier;
        m_signalNotifier = nullptr;
        Platform::closeStopSignalPipe();
    }
    // The server (a child) is destroyed after this body and joins its thread; the access log
    // then gets no more events.
}

int HeadlessRunner::run(const CommandLine &commandLine)
{
    HeadlessRunner runner(commandLine.config(), commandLine.accessLogPath(),
                          commandLine.accessLogFormat());
    connect(&runner, &HeadlessRunner::finished, QCoreApplication::instance(),
            &QCoreApplication::exit);
    runner.start();
    return QCoreApplication::exec();
}

void HeadlessRunner::start()
{
    if (!installSignalHandlers()) {
        ConsoleOutput::printError(
            tr("Cannot install the signal handlers: %1").arg(Platform::lastErrorString()));
        finish(1);
        return;
    }
    if (!m_accessLogPath.isEmpty()) {
        m_accessLog = AccessLogSetup::open(m_server, m_accessLogPath, m_accessLogFormat, this);
        if (!m_accessLog) {
            finish(1);
            return;
        }
    }
    m_server->start(m_config);
}

bool HeadlessRunner::installSignalHandlers()
{
    // SIGHUP reopens the access log (logrotate); without one it ends the server as it always did.
    const int fd = Platform::openStopSignalPipe(!m_accessLogPath.isEmpty());
    if (fd < 0)
        return false;
    m_signalNotifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    connect(m_signalNotifier, &QSocketNotifier::activated, this, &HeadlessRunner::onSignal);
    return true;
}

void HeadlessRunner::onSignal()
{
    int signalNumber = 0;
    for (const int number : Platform::takeStopSignals(int(m_signalNotifier->socket()))) {
        if (Platform::isReopenSignal(number))
            reopenAccessLog();
        else
            signalNumber = number;
    }
    if (signalNumber == 0 || m_stopping)
        return;
    m_stopping = true;
    ConsoleOutput::printError(tr("%1 received, stopping.").arg(Platform::signalName(signalNumber)));
    if (!m_server->isRunning()) {
        finish(0);
        return;
    }
    m_stopTimer.start();
    m_server->stop();
}

void HeadlessRunner::reopenAccessLog()
{
    // Keep serving: SIGHUP means "the log moved", as for nginx's USR1 and most daemons' HUP.
    if (m_accessLog && !m_accessLog->reopen())
        ConsoleOutput::printError(tr("Cannot reopen the access log '%1': %2")
                                      .arg(m_accessLogPath, m_accessLog->errorString()));
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
    ConsoleOutput::printLine(stdout, line);
}

void HeadlessRunner::onStartFailed(const QString &message)
{
    // The engine's message names the address and port ("Cannot listen on 127.0.0.1:7878: ...").
    ConsoleOutput::printError(message.isEmpty() ? tr("Cannot listen on %1 port %2.")
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
    ConsoleOutput::printError(
        tr("The server did not stop within %1 ms; exiting anyway.").arg(stopTimeoutMs));
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
