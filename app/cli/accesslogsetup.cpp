#include "accesslogsetup.h"

#include "accesslog.h"
#include "consoleoutput.h"
#include "server.h"

AccessLog *AccessLogSetup::open(Server *server, const QString &path, AccessLog::Format format,
                                QObject *parent)
{
    auto *log = new AccessLog(parent);
    log->setFormat(format);
    if (!log->open(path)) {
        ConsoleOutput::printError(
            tr("Cannot open the access log '%1': %2").arg(path, log->errorString()));
        delete log;
        return nullptr;
    }
    QObject::connect(log, &AccessLog::writeFailed, log, [path](const QString &message) {
        ConsoleOutput::printError(
            tr("Cannot write the access log '%1': %2; no more requests will be logged.")
                .arg(path, message));
    });
    QObject::connect(server, &Server::eventsReady, log, &AccessLog::writeEvents);
    // Events cost the server something, so they are recorded only when someone reads them.
    server->setEventsEnabled(true);
    return log;
}
