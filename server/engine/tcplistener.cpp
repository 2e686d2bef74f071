#include "tcplistener.h"

TcpListener::TcpListener(AcceptFunction accept, QObject *parent)
    : QTcpServer(parent)
    , m_accept(std::move(accept))
{ }

void TcpListener::incomingConnection(qintptr descriptor)
{
    m_accept(descriptor);
}
