#pragma once

#include "connectionstate.h"
#include "dispatchmode.h"
#include "requestphases.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QString>

/*!
    Something that happened in the server, as a plain value. Workers and the server thread
    record these; EventHub hands them to listeners in batches (at most ~30 per second).
    Which fields mean something depends on type; the rest keep their defaults.
*/
struct ServerEvent
{
    enum class Type : quint8 {
        ConnectionOpened, //!< connectionId, peer, peerPort, localPort
        ConnectionClosed, //!< connectionId
        /*!
            connectionId, requestId, mode, phases so far: it waits for its turn or a worker.
            Its connection is Queued from now (state; no StateChanged says so too).
        */
        RequestQueued,
        /*!
            connectionId, requestId, method, target, httpMinor, mode, thread, phases. Its
            connection is Handling on thread from now (state; no StateChanged says so too).
            Recorded only for a handler that takes time (/compute, /sleep): the RequestFinished
            of one that answers at once tells its start (thread, phases.startedUs) too.
        */
        RequestStarted,
        /*!
            + status, bytesSent, durationUs, peer, thread that handled it, all its phases; and
            state: where its connection went right after, when Reading, Idle or Writing (no
            StateChanged says so too). Closed here says nothing: the connection went on to its
            next request (RequestQueued or RequestStarted tell it) or closed (ConnectionClosed).
        */
        RequestFinished,
        /*!
            connectionId, requestId, deadlineMs, durationUs (planned), phases.sleepBlocking;
            thread is the one it blocks, or noThread for a sleep parked on a timer
        */
        SleepStarted,
        SleepFinished, //!< connectionId, requestId, thread as in SleepStarted
        SleepCancelled, //!< as SleepFinished (the client went away, or the server stopped)
        /*! connectionId, state, thread: a change no Request* event tells (not to Queued or
            Handling, nor the one right after a RequestFinished) */
        StateChanged,
    };

    Type type = Type::StateChanged;
    ConnectionState state = ConnectionState::Reading;
    DispatchMode mode = DispatchMode::Pooled;
    quint8 httpMinor = 1; //!< HTTP/1.<httpMinor>
    quint16 peerPort = 0;
    quint16 localPort = 0;
    /*! No thread holds it: a sleep parked on a timer. */
    static constexpr int noThread = -1;
    /*!
        RequestFinished's status for a request whose client left before its answer: nothing
        was sent (nginx logs such requests with it too).
    */
    static constexpr int clientLeftStatus = 499;
    /*! The states a RequestFinished can tell its connection went to right after it. */
    static constexpr bool isToldByFinished(ConnectionState state)
    {
        return state == ConnectionState::Reading || state == ConnectionState::Idle
            || state == ConnectionState::Writing;
    }

    int thread = 0; //!< 0 = the server thread, 1.. = pool worker number, or noThread
    int status = 0;
    quint64 connectionId = 0;
    quint64 requestId = 0; //!< unique per server run
    qint64 timeMs = 0; //!< when it happened (ServerClock, ms; reads as the wall clock)
    /*! RequestFinished: server-side total, from arrival to the response (phases.totalUs()) */
    qint64 durationUs = 0;
    qint64 bytesSent = 0; //!< RequestFinished: whole response, head included
    qint64 bodyBytes = 0; //!< RequestFinished: body bytes only (0 for HEAD); the access log's %b
    qint64 deadlineMs = 0; //!< Sleep*: when the sleep ends (ServerClock ms)
    QString peer; //!< peer address without port, e.g. "127.0.0.1"
    QByteArray method;
    QByteArray target;
    /*! RequestFinished: the request's Referer and User-Agent (the combined access log). */
    QByteArray referer;
    QByteArray userAgent;
    RequestPhases phases; //!< Request*: the steps it has reached (RequestFinished: all)
};

// Its members move by memcpy (QString and QByteArray are relocatable): a growing batch is
// reallocated, not copied event by event.
Q_DECLARE_TYPEINFO(ServerEvent, Q_RELOCATABLE_TYPE);

using ServerEventBatch = QList<ServerEvent>;

Q_DECLARE_METATYPE(ServerEvent)
