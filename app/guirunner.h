#pragma once

#include "accesslog.h"

#include "serverconfig.h"

#include <QtCore/QObject>
#include <QtCore/QStringList>

#include <memory>

class AccessLog;
class MainWindow;
class Server;

/*!
    servescope with a window: one Server, driven by the MainWindow, with the command line's
    settings taking precedence over the remembered ones for this run.
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

private:
    ServerConfig m_config;
    QStringList m_setOptions;
    QString m_accessLogPath;
    AccessLog::Format m_accessLogFormat;
    // Declared before the window: the window uses the server until it is gone.
    std::unique_ptr<Server> m_server;
    std::unique_ptr<AccessLog> m_accessLog;
    std::unique_ptr<MainWindow> m_window;
};
