#pragma once

#include "accesslog.h"

#include "serverconfig.h"

#include <QtCore/QObject>
#include <QtCore/QStringList>
#include <QtCore/QTimer>

#include <memory>

class MainWindow;
class QSocketNotifier;
class Server;

/*!
    servescope with a window: one Server, driven by the MainWindow, with the command line's
    settings taking precedence over the remembered ones for this run.

    Signals reach it as the headless server's do (the self-pipe trick): SIGHUP reopens the
    window's access log and the server goes on; SIGINT and SIGTERM close the window for good,
    saving its settings, as File → Quit does. The application ends when the window closes for
    good (MainWindow::closed), not when its last window hides: it may be in the tray. It ends
    once the server has stopped, so the last requests' events reach the access log.
*/
class GuiRunner : public QObject
{
    Q_OBJECT

public:
    /*! \a setOptions names the options given on the command line ("port", "mode", ...). */
    GuiRunner(const ServerConfig &config, const QStringList &setOptions,
              const QString &accessLogPath, AccessLog::Format accessLogFormat,
              QObject *parent = nullptr);
    ~GuiRunner() override;

    /*! Shows the window and starts the server; false (with a message printed) if it cannot. */
    bool start();

    MainWindow *window() const { return m_window.get(); }

Q_SIGNALS:
    /*! The window closed for good; the process should exit with \a exitCode. */
    void finished(int exitCode);

private:
    bool installSignalHandlers();
    void onSignal();
    void onWindowClosed();
    void finish();

    ServerConfig m_config;
    QStringList m_setOptions;
    QString m_accessLogPath;
    AccessLog::Format m_accessLogFormat;
    // Declared before the window: the window uses the server until it is gone.
    std::unique_ptr<Server> m_server;
    std::unique_ptr<MainWindow> m_window;
    QSocketNotifier *m_signalNotifier = nullptr;
    QTimer m_stopTimer;
    bool m_finished = false;
};
