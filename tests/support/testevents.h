#pragma once

#include "serverevent.h"

/*!
    ServerEvent values as the server would record them, for feeding models, the hub and the
    log in tests. Each function sets the type, the ids and the time, and the fields that give
    that type its meaning (see ServerEvent::Type); every other field keeps ServerEvent's
    default, so a test sets on the result exactly the extra fields it is about.
*/
namespace TestEvents {

/*! An event of any \a type: only the type, the ids and the time are set. */
ServerEvent event(ServerEvent::Type type, quint64 connectionId, quint64 requestId, qint64 timeMs);

ServerEvent connectionOpened(quint64 connectionId, qint64 timeMs, const QString &peer = QString(),
                             quint16 peerPort = 0, quint16 localPort = 0);
ServerEvent connectionClosed(quint64 connectionId, qint64 timeMs);
ServerEvent stateChanged(quint64 connectionId, qint64 timeMs, ConnectionState state,
                         int thread = 0);

/*! Waiting for its turn (Sequential) or a worker (Pooled): its connection is Queued. */
ServerEvent requestQueued(quint64 connectionId, quint64 requestId, qint64 timeMs,
                          DispatchMode mode = DispatchMode::Pooled);
/*! A handler starts on \a thread: its connection is Handling there. */
ServerEvent requestStarted(quint64 connectionId, quint64 requestId, qint64 timeMs,
                           const QByteArray &method = QByteArray(),
                           const QByteArray &target = QByteArray(), int thread = 0);
ServerEvent requestFinished(quint64 connectionId, quint64 requestId, qint64 timeMs, int status,
                            qint64 durationUs = 0);

/*! A sleep of \a sleepMs begun at \a timeMs: its deadline and planned duration follow. */
ServerEvent sleepStarted(quint64 connectionId, quint64 requestId, qint64 timeMs, int sleepMs);
ServerEvent sleepFinished(quint64 connectionId, quint64 requestId, qint64 timeMs);
ServerEvent sleepCancelled(quint64 connectionId, quint64 requestId, qint64 timeMs);

} // namespace TestEvents
