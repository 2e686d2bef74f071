#pragma once

#include <QtCore/QtGlobal>

class HttpConnection;

/*!
    What an HttpConnection needs from whoever runs it: somewhere to send requests to be
    handled, timers for sleeps, and readiness notifications. ServerEngine implements it over
    epoll and a thread pool; tests implement it inline over a mock device.
    Every call happens on the connection's own thread.
*/
class ConnectionHost
{
public:
    virtual ~ConnectionHost();

    /*!
        \a connection has a complete request (pendingJob()). Run its handler now
        (HttpConnection::runHandlerInline()) or later, and then hand the outcome to
        HttpConnection::handlerFinished() on the connection's thread.
    */
    virtual void dispatchRequest(HttpConnection *connection) = 0;
    /*! The response of the current request was queued for sending; the next may start. */
    virtual void requestCompleted(HttpConnection *connection) = 0;
    /*! Call HttpConnection::wake() at \a deadlineMs (monotonic ms). */
    virtual void scheduleWake(HttpConnection *connection, qint64 deadlineMs) = 0;
    virtual void cancelWake(HttpConnection *connection) = 0;
    /*! Call onReadable() when bytes (or end of stream) arrive, while enabled. */
    virtual void setReadInterest(HttpConnection *connection, bool enabled) = 0;
    /*! Call onWritable() when the device can take more bytes, while enabled. */
    virtual void setWriteInterest(HttpConnection *connection, bool enabled) = 0;
    /*!
        \a connection has sent its last response and closes while its peer may still be
        sending: close its device so that the peer reads the response rather than a reset
        (ServerEngine lingers; see LingeringCloser). Called just before connectionClosed().
        The default closes the device at once.
    */
    virtual void closeLingering(HttpConnection *connection);
    /*! The connection closed; delete it later, never from inside this call. */
    virtual void connectionClosed(HttpConnection *connection) = 0;
};
