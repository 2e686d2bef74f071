#include "guirunner.h"

#include "accesslog.h"
#include "accesslogsetup.h"
#include "mainwindow.h"
#include "server.h"

GuiRunner::GuiRunner(const ServerConfig &config, const QStringList &setOptions,
                     const QString &accessLogPath, AccessLog::Format accessLogFormat,
                     QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_setOptions(setOptions)
    , m_accessLogPath(accessLogPath)
    , m_accessLogFormat(accessLogFormat)
    , m_server(std::make_unique<Server>())
{ }

GuiRunner::~GuiRunner() = default;

bool GuiRunner::start()
{
    if (!m_accessLogPath.isEmpty()) {
        m_accessLog.reset(
            AccessLogSetup::open(m_server.get(), m_accessLogPath, m_accessLogFormat, nullptr));
        if (!m_accessLog)
            return false;
    }
    m_window = std::make_unique<MainWindow>(m_server.get());
    m_window->overrideConfig(m_config, m_setOptions);
    m_window->show();
    m_window->startServer();
    return true;
}
