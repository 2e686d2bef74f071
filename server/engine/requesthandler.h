#pragma once

#include "connectionstate.h"
#include "dispatchmode.h"
#include "httprequest.h"
#include "httpresponse.h"
#include "router.h"

#include <atomic>
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
    };

    /*!
        Runs \a job. Its events (request started, blocking sleeps) go to the calling thread's
        batch (EventRecorder), which is published before anything that takes long.
    */
    static Outcome run(const Job &job, ServerContext &context);

    /*!
        Burns CPU for about \a ms (a real computation); stops early when the server stops or
        \a cancelled is set.
    */
    static quint64 compute(int ms, const ServerContext &context,
                           const std::atomic<bool> *cancelled = nullptr);
};
