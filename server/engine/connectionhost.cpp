#include "connectionhost.h"

#include "httpconnection.h"

#include <QtCore/QIODevice>

ConnectionHost::~ConnectionHost() = default;

void ConnectionHost::closeLingering(HttpConnection *connection)
{
    connection->device()->close();
}
