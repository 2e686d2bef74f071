#include "connectionhost.h"

#include "httpconnection.h"

#include <QtCore/QIODevice>

ConnectionHost::~ConnectionHost() = default;

void ConnectionHost::closeDevice(HttpConnection *connection, bool afterResponse)
{
    Q_UNUSED(afterResponse)
    connection->device()->close();
}
