#include "guirunner.h"

#include "accesslogcontroller.h"
#include "consoleoutput.h"
#include "headlessrunner.h"
#include "mainwindow.h"
#include "platform.h"
#include "server.h"

#include <QtCore/QSocketNotifier>

GuiRunner::GuiRunner(const ServerConfig &config, const QStringList &setOptions,
                     const QString &accessLogPath, AccessLog::Format accessLogFormat,
                     QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_setOptions(setOptions)
    , m_accessLogPath(accessLogPath)
    , m_accessLogFormat(accessLogFormat)
    , m_server(std::make_unique<Server>())
{
    m_stopTimer.setSingleShot(true);
    m_stopTimer.setInterval(HeadlessRunner::stopTimeoutMs); // the same limit as without a window
    connect(&m_stopTimer, &QTimer::timeout, this, &GuiRunner::finish);
    connect(m_server.get(), &Server::stopped, this, [this] {
        if (m_stopTimer.isActive())
            finish();
    });
}

GuiRunner::~GuiRunner()
{
    if (m_signalNotifier) {
        delete m_signalNotifier;
        m_signalNotifier = nullptr;
        Platform::closeStopSignalPipe();
    }
}

bool GuiRunner::start()
{
    m_window = std::make_unique<MainWindow>(m_server.get());
    if (!m_accessLogPath.isEmpty()
        && !m_window->accessLog()->applyForThisRun(m_accessLogPath, m_accessLogFormat)) {
        ConsoleOutput::printError(m_window->accessLog()->failureMessage());
        return false;
    }
    if (!installSignalHandlers()) {
        ConsoleOutput::printError(
            tr("Cannot install the signal handlers: %1").arg(Platform::lastErrorString()));
        return false;
    }
    connect(m_window.get(), &MainWindow::closed, this, &GuiRunner::onWindowClosed);
    m_window->overrideConfig(m_config, m_setOptions);
    m_window->show();
    m_window->startServer();
    return true;
}

bool GuiRunner::installSignalHandlers()
{
    // SIGHUP is caught even without a log yet: File → Access Log… may open one later, and a
    // window should not vanish with the terminal it was started from.
    const int fd = Platform::openStopSignalPipe(true);
    if (fd < 0)
        return false;
    m_signalNotifier = new QSocketNotifier(fd, QSocketNotifier::Read, this);
    connect(m_signalNotifier, &QSocketNotifier::activated, this, &GuiRunner::onSignal);
    return true;
}

void GuiRunner::onSignal()
{
    bool stop = false;
    for (const int number : Platform::takeStopSignals(int(m_signalNotifier->socket()))) {
        if (Platform::isReopenSignal(number))
            m_window->accessLog()->reopen(); // a failure shows in the status bar
        else
            stop = true;
    }
    if (stop)
        m_window->quit();
}

void GuiRunner::onWindowClosed()
{
    if (!m_server->isRunning()) {
        finish();
        return;
    }
    // Stopped here rather than by the destructors: the server's last events, delivered when its
    // thread ends, are requests already answered, and the access log must get them.
    m_stopTimer.start();
    m_server->stop();
}

void GuiRunner::finish()
{
    if (m_finished)
        return;
    m_finished = true;
    m_stopTimer.stop();
    Q_EMIT finished(0);
}
