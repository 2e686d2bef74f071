#pragma once

#include "accesslog.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QString>

class QObject;
class Server;

/*!
    --access-log of the headless server: opens the log, feeds it the server's events (which
    turns event recording on) and reports failures on stderr. The window has its own,
    AccessLogController, which also remembers a log chosen in the window.
*/
class AccessLogSetup
{
    Q_DECLARE_TR_FUNCTIONS(AccessLogSetup)

public:
    /*!
        Opens \a path ("-" for standard output) to write in \a format and connects it to
        \a server. Returns the log, owned by \a parent, or nullptr after printing why it could
        not be opened.
    */
    static AccessLog *open(Server *server, const QString &path, AccessLog::Format format,
                           QObject *parent);
};
