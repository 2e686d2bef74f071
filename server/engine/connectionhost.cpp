#include "connectionhost.h"

#include "httpconnection.h"

#include <QtCore/QIODevice>

ConnectionHost::~ConnectionHost() = default;

bool ConnectionHost::isPeerGone(HttpConnection *connection)
{
    Q_UNUSED(connection)
    return false;
}

void ConnectionHost::closeDevice(HttpConnection *connection, bool afterResponse)
{
    Q_UNUSED(afterResponse)
    connection->device()->close();
}

void ConnectionHost::memoryPaused(HttpConnection *connection)
{
    Q_UNUSED(connection)
}
