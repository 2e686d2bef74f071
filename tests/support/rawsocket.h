#pragma once

#include <QtCore/QtGlobal>

/*!
    Blocking POSIX sockets for the tests that need what QTcpSocket hides: a tiny receive buffer,
    send timeouts, MSG_NOSIGNAL writes, resets.
*/
namespace RawSocket {

/*!
    A blocking socket connected to 127.0.0.1:\a port, or -1 (errno kept) if it cannot connect.
    With \a receiveBuffer, that small a receive buffer, set before connecting so the kernel does
    not grow it (a client that reads nothing then stalls the server's writes soon). With
    \a timeoutSeconds, sends and receives give up after that long, so a hang fails the test
    instead of stalling it.
*/
int connectLoopback(quint16 port, int receiveBuffer = 0, int timeoutSeconds = 0);

} // namespace RawSocket
