#include "requesthandler.h"

#include "servercontext.h"

RequestHandler::Outcome RequestHandler::run(const Job &job, ServerContext &context,
                                            const ClientGone &clientGone)
{
    Outcome outcome;
    outcome.connectionId = job.connectionId;
    outcome.requestId = job.requestId;
    outcome.thread = ServerContext::currentThreadIndex();
    RequestPhases &phases = outcome.phases;
    phases = job.phases;
    phases.thread = outcome.thread;
    phases.startedUs = ServerContext::monotonicUs();
    EventRecorder &recorder = context.recorder;
    const Router::Route &route = job.route;
    // A handler that answers at once is told by its RequestFinished alone (where and when it
    // ran): its start would be one more event for the hub and the window, over before anyone
    // could see it. One that takes time is shown running (or sleeping) while it does.
    const bool takesTime
        = route.kind == Router::Route::Kind::Compute || route.kind == Router::Route::Kind::Sleep;
    if (takesTime)
        recorder.requestStarted(job.connectionId, job.requestId, job.mode, phases, job.request);

    // Remembers the answer, so the outcome says why the work stopped.
    bool left = false;
    const ClientGone probe = clientGone ? ClientGone([&left, &clientGone] {
        left = left || clientGone();
        return left;
    })
                                        : ClientGone();

    // A client that left before its request's turn (behind a pipelined one, or one that sent
    // and left at once) gets none of the work, not a probe interval of it. One poll() is
    // nothing beside work this long.
    if (holdsThread(route, context) && probe && probe()) {
        outcome.clientGone = true;
        return outcome;
    }
    bool cutShort = false; // the work stopped before its time: the server is stopping
    switch (route.kind) {
    case Router::Route::Kind::Compute:
        recorder.publish(); // show the request as running while the CPU is busy
        compute(route.durationMs, context, job.cancelled.get(), probe);
        cutShort = context.isStopping();
        break;
    case Router::Route::Kind::Sleep:
        if (!context.blockingSleep.load(std::memory_order_relaxed)) {
            outcome.sleepMs = route.durationMs;
            break;
        }
        {
            // The mistake shown on purpose: this thread can do nothing else meanwhile.
            phases.sleepBlocking = true;
            phases.sleepStartUs = ServerContext::monotonicUs();
            recorder.sleepStarted(job.connectionId, job.requestId, job.mode, outcome.thread, phases,
                                  route.durationMs, job.request.target);
            recorder.publish();
            const bool completed
                = context.blockingSleepFor(route.durationMs, job.cancelled.get(), probe);
            phases.sleepEndUs = ServerContext::monotonicUs();
            recorder.sleepEnded(job.connectionId, job.requestId, job.mode, outcome.thread, true,
                                completed);
            cutShort = !completed && context.isStopping();
        }
        break;
    default:
        break;
    }

    if (left) {
        outcome.clientGone = true; // nobody to answer
        return outcome;
    }
    if (cutShort) {
        // Not the page as if the work were done: say the server is going away, and close.
        outcome.response = Router::errorResponse(503);
        phases.handlerEndUs = ServerContext::monotonicUs();
        return outcome;
    }
    QByteArray document; // what the monitoring routes report, taken now
    if (route.kind == Router::Route::Kind::Status)
        document = context.statusJson();
    else if (route.kind == Router::Route::Kind::Metrics)
        document = context.metricsText();
    outcome.response = Router::respond(route, document);
    phases.handlerEndUs = ServerContext::monotonicUs();
    return outcome;
}

bool RequestHandler::holdsThread(const Router::Route &route, const ServerContext &context)
{
    return route.kind == Router::Route::Kind::Compute
        || (route.kind == Router::Route::Kind::Sleep
            && context.blockingSleep.load(std::memory_order_relaxed));
}

quint64 RequestHandler::compute(int ms, const ServerContext &context,
                                const std::atomic<bool> *cancelled, const ClientGone &clientGone)
{
    // A xorshift walk: real work the optimiser cannot drop, checked against the clock every
    // few thousand steps so the duration holds on slow and fast machines alike.
    const qint64 start = ServerContext::monotonicUs();
    const qint64 end = start + qint64(ms) * 1000;
    qint64 nextProbe = start + clientProbeIntervalUs;
    quint64 x = 0x9E3779B97F4A7C15ull;
    quint64 sum = 0;
    for (;;) {
        for (int i = 0; i < 4096; ++i) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            sum += x;
        }
        const qint64 now = ServerContext::monotonicUs();
        if (now >= end || context.isStopping()
            || (cancelled && cancelled->load(std::memory_order_relaxed)))
            break;
        if (clientGone && now >= nextProbe) {
            if (clientGone())
                break;
            nextProbe = now + clientProbeIntervalUs;
        }
    }
    // Publishing the result keeps the optimiser from discarding the loop body.
    static std::atomic<quint64> sink {0};
    sink.fetch_add(sum, std::memory_order_relaxed);
    return sum;
}
