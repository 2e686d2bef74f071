#pragma once

#include <QtNetwork/QTcpServer>

/*!
    The listening socket. QTcpServer binds and listens, and says why it cannot; accepting is
    the engine's. QTcpServer accepts the whole queue whenever its notifier fires, and a burst
    of 10,000 connects kept the server thread from everything else (requests already read,
    pool workers' outcomes, timers) for a fifth of a second. So its own accepting stays off;
    the engine watches socketDescriptor() with its Poller and takes a bounded batch per
    readiness with acceptOne().
*/
class TcpListener : public QTcpServer
{
    Q_OBJECT

public:
    explicit TcpListener(QObject *parent = nullptr);

    /*! QTcpServer::listen() with QTcpServer's own accepting off. */
    bool start(const QHostAddress &address, quint16 port);

    /*!
        One waiting connection, ready for the engine (Platform::acceptSocket()): its descriptor
        and peer, or -1 when none waits.
    */
    int acceptOne(QString *peerAddress, quint16 *peerPort);

protected:
    /*! Not reached while QTcpServer's accepting is off; closes what it is given. */
    void incomingConnection(qintptr descriptor) override;
};
