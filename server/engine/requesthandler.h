#pragma once

#include "connectionstate.h"
#include "dispatchmode.h"
#include "httprequest.h"
#include "httpresponse.h"
#include "requestphases.h"
#include "router.h"

#include <atomic>
#include <functional>
#include <memory>

class ServerContext;

/*!
    Runs one routed request on the calling thread: the server thread (sequential, concurrent)
    or a pool worker (pooled). It does the route's work — computation, a blocking sleep, the
    status snapshot — and returns the response as a value; it never touches a socket.
    A non-blocking /sleep returns at once with sleepMs set: the connection waits on a timer.
*/
class RequestHandler
{
public:
    /*! A request as handed to a handler: copies, so it can cross to a worker thread. */
    struct Job
    {
        quint64 connectionId = 0;
        quint64 requestId = 0;
        HttpRequest request;
        Router::Route route;
        DispatchMode mode = DispatchMode::Concurrent;
        RequestPhases phases; //!< arrival to queue: what the connection measured
        /*! Set when the client went away: the handler may stop early. Shared, never null. */
        std::shared_ptr<std::atomic<bool>> cancelled;
    };

    struct Outcome
    {
        quint64 connectionId = 0;
        quint64 requestId = 0;
        HttpResponse response;
        int sleepMs = 0; //!< > 0: answer after a non-blocking sleep of this long
        int thread = 0; //!< the thread that ran the handler
        /*! The job's phases with the handler's part: started, handler end, a blocking sleep. */
        RequestPhases phases;
        bool clientGone = false; //!< the client left while it ran: send nothing, close
    };

    /*!
        Asks whether the client of a handler running on its connection's own thread has left
        (end of stream, reset): nothing else can notice while the handler holds that thread.
    */
    using ClientGone = std::function<bool()>;

    /*!
        Runs \a job. Its events (request started, blocking sleeps) go to the calling thread's
        batch (EventRecorder), which is published before anything that takes long.
    */
    static Outcome run(const Job &job, ServerContext &context, const ClientGone &clientGone = {});

    /*!
        Burns CPU for about \a ms (a real computation); stops early when the server stops,
        \a cancelled is set or \a clientGone says so.
    */
    static quint64 compute(int ms, const ServerContext &context,
                           const std::atomic<bool> *cancelled = nullptr,
                           const ClientGone &clientGone = {});

    /*!
        Whether \a route holds its thread for its whole duration (a computation, a blocking
        sleep) rather than returning at once.
    */
    static bool holdsThread(const Router::Route &route, const ServerContext &context);

    /*! How often a long handler asks ClientGone (a system call), in microseconds. */
    static constexpr qint64 clientProbeIntervalUs = 10000;
};
