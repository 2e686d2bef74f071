#pragma once

#include "connectionstate.h"
#include "dispatchmode.h"

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
        RequestStarted, //!< connectionId, requestId, method, target, httpMinor, mode, thread
        RequestFinished, //!< + status, bytesSent, durationUs, peer, thread that handled it
        SleepStarted, //!< connectionId, requestId, deadlineMs (wall clock), durationUs (planned)
        SleepFinished, //!< connectionId, requestId
        SleepCancelled, //!< connectionId, requestId (the client went away, or the server stopped)
        StateChanged, //!< connectionId, state, thread
    };

    Type type = Type::StateChanged;
    ConnectionState state = ConnectionState::Reading;
    DispatchMode mode = DispatchMode::Pooled;
    quint8 httpMinor = 1; //!< HTTP/1.<httpMinor>
    quint16 peerPort = 0;
    quint16 localPort = 0;
    int thread = 0; //!< 0 = the server thread, 1.. = pool worker number
    int status = 0;
    quint64 connectionId = 0;
    quint64 requestId = 0; //!< unique per server run
    qint64 timeMs = 0; //!< wall clock (ms since the epoch) when it happened
    qint64 durationUs
        = 0; //!< RequestFinished: from request head parsed to response handed to the kernel
    qint64 bytesSent = 0; //!< RequestFinished: whole response, head included
    qint64 bodyBytes = 0; //!< RequestFinished: body bytes only (0 for HEAD); the access log's %b
    qint64 deadlineMs = 0; //!< Sleep*: when the sleep ends (wall clock ms)
    QString peer; //!< peer address without port, e.g. "127.0.0.1"
    QByteArray method;
    QByteArray target;
};

using ServerEventBatch = QList<ServerEvent>;

Q_DECLARE_METATYPE(ServerEvent)
