#pragma once

#include "accesslog.h"

#include "serverconfig.h"

#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QTimer>

class AccessLog;
class CommandLine;
class QSocketNotifier;
class Server;

/*!
    servescope --headless: runs the server with no window until SIGINT or SIGTERM; SIGHUP
    reopens the access log (for logrotate) and the server goes on.

    Prints one "listening" line to stdout once the server is up, log messages to stderr,
    and reports the exit code through finished(): 0 after a signal-triggered clean stop,
    1 when the server cannot start (port in use, bad address) or the access log cannot open.
    Signals are turned into events with the self-pipe trick: the handler only writes a byte
    to a socket pair that a QSocketNotifier watches, so everything else runs in the event loop.
*/
class HeadlessRunner : public QObject
{
    Q_OBJECT

public:
    HeadlessRunner(const ServerConfig &config, const QString &accessLogPath,
                   AccessLog::Format accessLogFormat, QObject *parent = nullptr);
    ~HeadlessRunner() override;

    /*!
        Runs a server as \a commandLine says in the application's event loop, until a signal
        stops it; returns the process's exit code.
    */
    static int run(const CommandLine &commandLine);

    /*! Starts the server; the outcome arrives as finished() (from the event loop). */
    void start();

    /*! How long a signal-triggered stop may take before the process gives up on it. */
    static constexpr int stopTimeoutMs = 1500;

Q_SIGNALS:
    /*! The run is over; the process should exit with \a exitCode. */
    void finished(int exitCode);

private:
    bool installSignalHandlers();
    void onSignal();
    void reopenAccessLog();
    void onStarted();
    void onStartFailed(const QString &message);
    void onStopped();
    void onStopTimeout();
    void finish(int exitCode);

    ServerConfig m_config;
    QString m_accessLogPath;
    AccessLog::Format m_accessLogFormat;
    Server *m_server = nullptr;
    AccessLog *m_accessLog = nullptr;
    QSocketNotifier *m_signalNotifier = nullptr;
    QTimer m_stopTimer;
    bool m_stopping = false;
    bool m_finished = false;
};
