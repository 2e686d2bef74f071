#include "accesslogcontroller.h"

#include "server.h"

#include <QtCore/QSettings>

namespace {

const QString enabledKey = QStringLiteral("accessLog/enabled");
const QString pathKey = QStringLiteral("accessLog/path");
const QString formatKey = QStringLiteral("accessLog/format");

} // namespace

AccessLogController::AccessLogController(Server *server, QObject *parent)
    : QObject(parent)
    , m_server(server)
{
    connect(&m_log, &AccessLog::writeFailed, this, &AccessLogController::onWriteFailed);
    // Batches reach the log only while it is open; AccessLog drops them otherwise.
    connect(m_server, &Server::eventsReady, &m_log, &AccessLog::writeEvents);
}

AccessLogController::~AccessLogController() = default;

bool AccessLogController::apply(const Settings &settings, bool remember)
{
    m_log.close();
    m_errorString.clear();
    m_fromCommandLine = false;
    m_settings = settings;
    if (!settings.enabled || settings.path.isEmpty()) {
        m_settings.enabled = false;
        if (remember) {
            QSettings store;
            save(store, m_settings);
        }
        Q_EMIT stateChanged();
        return true;
    }
    m_log.setFormat(settings.format);
    if (!m_log.open(settings.path)) {
        m_errorString = m_log.errorString();
        m_settings.enabled = false;
        Q_EMIT stateChanged();
        fail(tr("Cannot open the access log '%1': %2").arg(settings.path, m_errorString));
        return false;
    }
    // Events cost the server something, so they are recorded only when someone reads them.
    m_server->setEventsEnabled(true);
    if (remember) {
        QSettings store;
        save(store, m_settings);
    }
    Q_EMIT stateChanged();
    return true;
}

bool AccessLogController::applyForThisRun(const QString &path, AccessLog::Format format)
{
    const bool ok = apply({true, path, format}, false);
    m_fromCommandLine = ok;
    return ok;
}

bool AccessLogController::restore(const QSettings &settings)
{
    const Settings remembered = load(settings);
    if (!remembered.enabled)
        return true;
    // A file that cannot be opened now (a removed folder) stays the user's choice: the dialog
    // shows it, and the status bar says why nothing is logged.
    return apply(remembered, false);
}

AccessLogController::Settings AccessLogController::load(const QSettings &settings)
{
    Settings value;
    value.enabled = settings.value(enabledKey, false).toBool();
    value.path = settings.value(pathKey).toString();
    AccessLog::Format format = AccessLog::Format::Common;
    if (AccessLog::parseFormat(settings.value(formatKey).toString(), &format))
        value.format = format;
    if (value.path.isEmpty())
        value.enabled = false;
    return value;
}

void AccessLogController::save(QSettings &settings, const Settings &value)
{
    settings.setValue(enabledKey, value.enabled);
    settings.setValue(pathKey, value.path);
    settings.setValue(formatKey, QString(AccessLog::formatName(value.format)));
}

bool AccessLogController::reopen()
{
    if (!m_log.isOpen())
        return true;
    if (m_log.reopen()) {
        Q_EMIT stateChanged();
        return true;
    }
    m_errorString = m_log.errorString();
    Q_EMIT stateChanged();
    fail(tr("Cannot reopen the access log '%1': %2").arg(m_settings.path, m_errorString));
    return false;
}

void AccessLogController::onWriteFailed(const QString &message)
{
    m_errorString = message;
    fail(tr("Cannot write the access log '%1': %2; no more requests will be logged.")
             .arg(m_settings.path, message));
}

void AccessLogController::fail(const QString &message)
{
    m_failureMessage = message;
    Q_EMIT failed(message);
}
