#include "tcplistener.h"

#include "platform.h"

TcpListener::TcpListener(QObject *parent)
    : QTcpServer(parent)
{ }

bool TcpListener::start(const QHostAddress &address, quint16 port)
{
    if (!listen(address, port))
        return false;
    pauseAccepting();
    return true;
}

int TcpListener::acceptOne(QString *peerAddress, quint16 *peerPort)
{
    return Platform::acceptSocket(int(socketDescriptor()), peerAddress, peerPort);
}

void TcpListener::incomingConnection(qintptr descriptor)
{
    Platform::closeSocket(int(descriptor));
}
