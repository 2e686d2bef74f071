#pragma once

#include <QtCore/QtGlobal>

class HttpConnection;

/*!
    What an HttpConnection needs from whoever runs it: somewhere to send requests to be
    handled, timers for sleeps, and readiness notifications. ServerEngine implements it over
    a Poller and a thread pool; tests implement it inline over a mock device.
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
    /*!
        The connection's isReadEnabled() or isWriteEnabled() changed: call onReadable() when
        bytes (or the end of stream) arrive, onWritable() when the device can take more,
        only while each is enabled.
    */
    virtual void interestChanged(HttpConnection *connection) = 0;
    /*!
        Closes \a connection's device; called just before connectionClosed(). \a afterResponse:
        the connection has sent its last response while its peer may still be sending, so the
        close should let the peer read it rather than a reset (ServerEngine lingers; see
        LingeringCloser). The default closes the device at once.
    */
    virtual void closeDevice(HttpConnection *connection, bool afterResponse);
    /*!
        Whether \a connection's peer has left (closed its side, or reset), asked while a handler
        holds the connection's thread. The default: it never does.
    */
    virtual bool isPeerGone(HttpConnection *connection);
    /*!
        \a connection stopped reading because the memory budget is used up
        (HttpConnection::isPausedForMemory()): call HttpConnection::resumeAfterMemory() once
        the budget allows it (MemoryBudget::allowsResume()). The default does nothing.
    */
    virtual void memoryPaused(HttpConnection *connection);
    /*! The connection closed; delete it later, never from inside this call. */
    virtual void connectionClosed(HttpConnection *connection) = 0;
};
