#include "eventrecorder.h"

#include "diagnosticscollector.h"
#include "eventhub.h"
#include "httprequest.h"
#include "serverclock.h"
#include "serverstats.h"

EventRecorder::EventRecorder(ServerStats &stats, EventHub *hub, DiagnosticsCollector *diagnostics)
    : m_stats(stats)
    , m_hub(hub)
    , m_diagnostics(diagnostics)
{ }

bool EventRecorder::isRecording() const
{
    return m_hub && m_hub->isEnabled();
}

ServerEventBatch &EventRecorder::threadEvents()
{
    thread_local ServerEventBatch events;
    return events;
}

void EventRecorder::publish()
{
    ServerEventBatch &events = threadEvents();
    if (events.isEmpty())
        return;
    if (m_hub)
        m_hub->recordAll(events);
    events.clear();
}

ServerEvent &EventRecorder::record(ServerEvent::Type type, quint64 connectionId, quint64 requestId,
                                   DispatchMode mode, int thread)
{
    // Built in place at the end of the thread's batch: an event is ~300 bytes, and a request
    // records several.
    ServerEvent &event = threadEvents().emplaceBack();
    event.type = type;
    event.connectionId = connectionId;
    event.requestId = requestId;
    event.mode = mode;
    event.thread = thread;
    event.timeMs = ServerClock::nowMs();
    return event;
}

void EventRecorder::connectionOpened(quint64 connectionId, const QString &peer, quint16 peerPort,
                                     quint16 localPort)
{
    m_stats.connectionOpened();
    if (!isRecording())
        return;
    ServerEvent &event = record(ServerEvent::Type::ConnectionOpened, connectionId);
    event.state = ConnectionState::Reading;
    event.peer = peer;
    event.peerPort = peerPort;
    event.localPort = localPort;
}

void EventRecorder::connectionClosed(quint64 connectionId, ConnectionState lastState)
{
    m_stats.connectionClosed(lastState);
    if (!isRecording())
        return;
    ServerEvent &event = record(ServerEvent::Type::ConnectionClosed, connectionId);
    event.state = ConnectionState::Closed;
}

void EventRecorder::stateChanged(quint64 connectionId, ConnectionState from, ConnectionState to,
                                 int thread)
{
    m_stats.stateChanged(from, to);
    // Queued and Handling are told by the RequestQueued and RequestStarted that follow
    // (markQueued(), a handler starting; for a handler that answers at once, by its
    // RequestFinished): one event per fact, two fewer per request.
    if (!isRecording() || to == ConnectionState::Queued || to == ConnectionState::Handling)
        return;
    // Where a connection goes once its response is out is told by that RequestFinished, when
    // nothing came between: one event fewer per keep-alive request.
    ServerEventBatch &events = threadEvents();
    if (!events.isEmpty() && ServerEvent::isToldByFinished(to)) {
        ServerEvent &last = events.last();
        if (last.type == ServerEvent::Type::RequestFinished && last.connectionId == connectionId
            && last.state == ConnectionState::Closed) {
            last.state = to;
            return;
        }
    }
    ServerEvent &event
        = record(ServerEvent::Type::StateChanged, connectionId, 0, DispatchMode::Pooled, thread);
    event.state = to;
}

void EventRecorder::requestQueued(quint64 connectionId, quint64 requestId, DispatchMode mode,
                                  const RequestPhases &phases)
{
    if (!isRecording())
        return;
    ServerEvent &event = record(ServerEvent::Type::RequestQueued, connectionId, requestId, mode);
    event.state = ConnectionState::Queued;
    event.phases = phases;
}

void EventRecorder::requestStarted(quint64 connectionId, quint64 requestId, DispatchMode mode,
                                   const RequestPhases &phases, const HttpRequest &request)
{
    // The counters moved to Handling when the connection dispatched (or stay Queued until the
    // worker's outcome arrives); the event says where the handler runs, and that its connection
    // is handling now.
    if (!isRecording())
        return;
    ServerEvent &started
        = record(ServerEvent::Type::RequestStarted, connectionId, requestId, mode, phases.thread);
    started.state = ConnectionState::Handling;
    started.method = request.method;
    started.target = request.target;
    started.httpMinor = quint8(request.versionMinor);
    started.phases = phases;
}

void EventRecorder::sleepStarted(quint64 connectionId, quint64 requestId, DispatchMode mode,
                                 int thread, const RequestPhases &phases, int ms,
                                 const QByteArray &target)
{
    m_stats.sleepStarted();
    if (!isRecording())
        return;
    ServerEvent &event
        = record(ServerEvent::Type::SleepStarted, connectionId, requestId, mode, thread);
    event.durationUs = qint64(ms) * 1000;
    event.deadlineMs = ServerClock::nowMs() + ms;
    event.target = target;
    event.phases = phases;
}

void EventRecorder::sleepEnded(quint64 connectionId, quint64 requestId, DispatchMode mode,
                               int thread, bool blocking, bool completed)
{
    m_stats.sleepEnded();
    if (!isRecording())
        return;
    ServerEvent &event
        = record(completed ? ServerEvent::Type::SleepFinished : ServerEvent::Type::SleepCancelled,
                 connectionId, requestId, mode, thread);
    event.phases.sleepBlocking = blocking;
    event.phases.sleepEndUs = ServerClock::nowUs();
}

void EventRecorder::requestAnswered(const Finished &finished)
{
    m_stats.requestFinished(finished.status, finished.bytesSent);
    m_stats.metrics.record(finished.request ? QByteArrayView(finished.request->method)
                                            : QByteArrayView(),
                           finished.status, finished.phases.totalUs(), finished.phases.waitedUs());
    // Whether or not anyone listens: the diagnostics are for headless runs too.
    if (m_diagnostics) {
        const HttpRequest *request = finished.request;
        m_diagnostics->add(finished.phases, finished.mode,
                           request ? QByteArrayView(request->method) : QByteArrayView(),
                           request ? QByteArrayView(request->target) : QByteArrayView(),
                           finished.requestId);
    }
}

EventRecorder::Logged EventRecorder::Logged::of(const HttpRequest &request)
{
    Logged logged;
    logged.method = request.method;
    logged.target = request.target;
    logged.referer = request.header("Referer");
    logged.userAgent = request.header("User-Agent");
    logged.versionMinor = request.versionMinor;
    return logged;
}

void EventRecorder::requestFinished(quint64 connectionId, const Finished &finished,
                                    const Logged *request, const QString &peer, quint16 peerPort)
{
    if (!isRecording())
        return;
    ServerEvent &event = record(ServerEvent::Type::RequestFinished, connectionId,
                                finished.requestId, finished.mode, finished.thread);
    event.status = finished.status;
    event.bytesSent = finished.bytesSent;
    event.bodyBytes = finished.bodyBytes;
    event.durationUs = finished.phases.totalUs();
    event.phases = finished.phases;
    event.peer = peer;
    event.peerPort = peerPort;
    event.state = ConnectionState::Closed; // says nothing until stateChanged() tells it
    if (request) {
        event.httpMinor = quint8(request->versionMinor);
        event.method = request->method;
        event.target = request->target;
        event.referer = request->referer;
        event.userAgent = request->userAgent;
    }
}
