#pragma once

#include <QtNetwork/QTcpServer>

#include <functional>

/*!
    The listening socket. Hands each accepted descriptor straight to the engine: no
    QTcpSocket is made here, the connection's own device is created by its owner.
*/
class TcpListener : public QTcpServer
{
    Q_OBJECT

public:
    using AcceptFunction = std::function<void(qintptr descriptor)>;

    explicit TcpListener(AcceptFunction accept, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    AcceptFunction m_accept;
};
