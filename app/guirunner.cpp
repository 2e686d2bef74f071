#include "guirunner.h"

#include "accesslog.h"
#include "mainwindow.h"
#include "server.h"

#include <QtCore/QCoreApplication>

#include <cstdio>

namespace {

void printError(const QString &message)
{
    const QByteArray bytes
        = (QCoreApplication::applicationName() % QLatin1StringView(": ") % message % u'\n')
              .toLocal8Bit();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

} // namespace

GuiRunner::GuiRunner(const ServerConfig &config, const QStringList &setOptions,
                     const QString &accessLogPath, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_setOptions(setOptions)
    , m_accessLogPath(accessLogPath)
    , m_server(std::make_unique<Server>())
{ }

GuiRunner::~GuiRunner() = default;

bool GuiRunner::start()
{
    if (!m_accessLogPath.isEmpty()) {
        m_accessLog = std::make_unique<AccessLog>();
        if (!m_accessLog->open(m_accessLogPath)) {
            printError(tr("Cannot open the access log '%1': %2")
                           .arg(m_accessLogPath, m_accessLog->errorString()));
            return false;
        }
        connect(m_accessLog.get(), &AccessLog::writeFailed, this, [this](const QString &message) {
            printError(tr("Cannot write the access log '%1': %2; no more requests will be "
                          "logged.")
                           .arg(m_accessLogPath, message));
        });
        connect(m_server.get(), &Server::eventsReady, m_accessLog.get(), &AccessLog::writeEvents);
        m_server->setEventsEnabled(true);
    }
    m_window = std::make_unique<MainWindow>(m_server.get());
    m_window->overrideConfig(m_config, m_setOptions);
    m_window->show();
    m_window->startServer();
    return true;
}
