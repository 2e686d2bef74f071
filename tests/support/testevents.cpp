#include "testevents.h"

namespace TestEvents {

ServerEvent event(ServerEvent::Type type, quint64 connectionId, quint64 requestId, qint64 timeMs)
{
    ServerEvent e;
    e.type = type;
    e.connectionId = connectionId;
    e.requestId = requestId;
    e.timeMs = timeMs;
    return e;
}

ServerEvent connectionOpened(quint64 connectionId, qint64 timeMs, const QString &peer,
                             quint16 peerPort, quint16 localPort)
{
    ServerEvent e = event(ServerEvent::Type::ConnectionOpened, connectionId, 0, timeMs);
    e.peer = peer;
    e.peerPort = peerPort;
    e.localPort = localPort;
    return e;
}

ServerEvent connectionClosed(quint64 connectionId, qint64 timeMs)
{
    return event(ServerEvent::Type::ConnectionClosed, connectionId, 0, timeMs);
}

ServerEvent stateChanged(quint64 connectionId, qint64 timeMs, ConnectionState state, int thread)
{
    ServerEvent e = event(ServerEvent::Type::StateChanged, connectionId, 0, timeMs);
    e.state = state;
    e.thread = thread;
    return e;
}

ServerEvent requestStarted(quint64 connectionId, quint64 requestId, qint64 timeMs,
                           const QByteArray &method, const QByteArray &target, int thread)
{
    ServerEvent e = event(ServerEvent::Type::RequestStarted, connectionId, requestId, timeMs);
    e.state = ConnectionState::Handling;
    e.method = method;
    e.target = target;
    e.thread = thread;
    e.phases.thread = thread;
    return e;
}

ServerEvent requestQueued(quint64 connectionId, quint64 requestId, qint64 timeMs, DispatchMode mode)
{
    ServerEvent e = event(ServerEvent::Type::RequestQueued, connectionId, requestId, timeMs);
    e.state = ConnectionState::Queued;
    e.mode = mode;
    e.phases.queue = mode == DispatchMode::Sequential ? RequestPhases::Queue::Turn
                                                      : RequestPhases::Queue::Pool;
    return e;
}

ServerEvent requestFinished(quint64 connectionId, quint64 requestId, qint64 timeMs, int status,
                            qint64 durationUs)
{
    ServerEvent e = event(ServerEvent::Type::RequestFinished, connectionId, requestId, timeMs);
    e.state = ConnectionState::Closed; // says nothing of where its connection went
    e.status = status;
    e.durationUs = durationUs;
    return e;
}

ServerEvent sleepStarted(quint64 connectionId, quint64 requestId, qint64 timeMs, int sleepMs)
{
    ServerEvent e = event(ServerEvent::Type::SleepStarted, connectionId, requestId, timeMs);
    e.deadlineMs = timeMs + sleepMs;
    e.durationUs = qint64(sleepMs) * 1000;
    return e;
}

ServerEvent sleepFinished(quint64 connectionId, quint64 requestId, qint64 timeMs)
{
    return event(ServerEvent::Type::SleepFinished, connectionId, requestId, timeMs);
}

ServerEvent sleepCancelled(quint64 connectionId, quint64 requestId, qint64 timeMs)
{
    return event(ServerEvent::Type::SleepCancelled, connectionId, requestId, timeMs);
}

} // namespace TestEvents
