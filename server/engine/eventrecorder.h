#pragma once

#include "connectionstate.h"
#include "dispatchmode.h"
#include "serverevent.h"

class DiagnosticsCollector;
class EventHub;
class ServerStats;
struct HttpRequest;

/*!
    How the engine reports what happens: one call per fact. Each call keeps the live counters
    (ServerStats) exact, hands finished requests to the diagnostics, and, only while someone
    listens (the hub is enabled), appends a
    ServerEvent to the calling thread's own batch; publish() hands that batch to the hub under
    one lock, once per round of work. Safe from any thread, since each has its own batch.
*/
class EventRecorder
{
public:
    EventRecorder(ServerStats &stats, EventHub *hub, DiagnosticsCollector *diagnostics = nullptr);

    /*! True when someone listens for events; they are built only then. */
    bool isRecording() const;
    /*! The calling thread's events not yet published. */
    static ServerEventBatch &threadEvents();
    /*! Hands the calling thread's events to the hub. */
    void publish();

    void connectionOpened(quint64 connectionId, const QString &peer, quint16 peerPort,
                          quint16 localPort);
    void connectionClosed(quint64 connectionId, ConnectionState lastState);
    /*!
        Counted always; recorded as StateChanged unless \a to is Queued or Handling, which the
        RequestQueued or RequestStarted recorded right after it tells, or the connection's
        RequestFinished was the last event recorded and can tell it
        (ServerEvent::isToldByFinished()).
    */
    void stateChanged(quint64 connectionId, ConnectionState from, ConnectionState to, int thread);
    /*!
        The request waits for its turn or a worker (its connection is Queued); \a phases say
        since when and where.
    */
    void requestQueued(quint64 connectionId, quint64 requestId, DispatchMode mode,
                       const RequestPhases &phases);
    /*!
        A handler starts on phases.thread at phases.startedUs: the connection is handling, the
        request has started.
    */
    void requestStarted(quint64 connectionId, quint64 requestId, DispatchMode mode,
                        const RequestPhases &phases, const HttpRequest &request);
    /*!
        A sleep of \a ms begins at phases.sleepStartUs: blocking \a thread when
        phases.sleepBlocking, else parked on a timer (pass ServerEvent::noThread) after the
        handler returned at phases.handlerEndUs.
    */
    void sleepStarted(quint64 connectionId, quint64 requestId, DispatchMode mode, int thread,
                      const RequestPhases &phases, int ms, const QByteArray &target);
    /*! The sleep ended: \a completed, or cancelled (the client left, the server stopped). */
    void sleepEnded(quint64 connectionId, quint64 requestId, DispatchMode mode, int thread,
                    bool blocking, bool completed);

    /*! A response was queued for sending; \a request is null when the request was refused. */
    struct Finished
    {
        quint64 requestId = 0;
        DispatchMode mode = DispatchMode::Pooled;
        int thread = 0;
        int status = 0;
        qint64 bytesSent = 0;
        qint64 bodyBytes = 0;
        RequestPhases phases; //!< its whole life; the duration is phases.totalUs()
        const HttpRequest *request = nullptr;
    };
    /*!
        The response is ready: counted (ServerStats, the metrics) and diagnosed now, in the
        order requests are answered, so a status document counts those answered before it.
    */
    void requestAnswered(const Finished &finished);
    /*!
        What RequestFinished tells of its request: kept, instead of the whole request, while
        its response waits to be sent.
    */
    struct Logged
    {
        QByteArray method;
        QByteArray target;
        QByteArray referer;
        QByteArray userAgent;
        int versionMinor = 1;

        static Logged of(const HttpRequest &request);
    };
    /*!
        The RequestFinished event, once its response was written (phases.sentUs) or its
        connection closed first; after requestAnswered(). \a request is null when the request
        was refused (finished.request is not read).
    */
    void requestFinished(quint64 connectionId, const Finished &finished, const Logged *request,
                         const QString &peer, quint16 peerPort);

private:
    /*! A new event at the end of the calling thread's batch, stamped now. */
    static ServerEvent &record(ServerEvent::Type type, quint64 connectionId, quint64 requestId = 0,
                               DispatchMode mode = DispatchMode::Pooled, int thread = 0);

    ServerStats &m_stats;
    EventHub *const m_hub;
    DiagnosticsCollector *const m_diagnostics;
};
