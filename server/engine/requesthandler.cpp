#include "requesthandler.h"

#include "servercontext.h"

namespace {

ServerEvent makeEvent(ServerEvent::Type type, const RequestHandler::Job &job, int thread)
{
    ServerEvent event;
    event.type = type;
    event.connectionId = job.connectionId;
    event.requestId = job.requestId;
    event.thread = thread;
    event.mode = job.mode;
    event.timeMs = ServerContext::wallClockMs();
    return event;
}

} // namespace

RequestHandler::Outcome RequestHandler::run(const Job &job, ServerContext &context,
                                            ServerEventBatch &events)
{
    Outcome outcome;
    outcome.connectionId = job.connectionId;
    outcome.requestId = job.requestId;
    outcome.thread = ServerContext::currentThreadIndex();

    const bool recording = context.eventsEnabled();
    if (recording) {
        ServerEvent state = makeEvent(ServerEvent::Type::StateChanged, job, outcome.thread);
        state.state = ConnectionState::Handling;
        events.append(std::move(state));
        ServerEvent started = makeEvent(ServerEvent::Type::RequestStarted, job, outcome.thread);
        started.method = job.request.method;
        started.target = job.request.target;
        started.httpMinor = quint8(job.request.versionMinor);
        events.append(std::move(started));
    }

    const Router::Route &route = job.route;
    switch (route.kind) {
    case Router::Route::Kind::Compute:
        if (recording)
            context.publish(events); // show the request as running while the CPU is busy
        compute(route.durationMs, context, job.cancelled.get());
        break;
    case Router::Route::Kind::Sleep:
        if (!context.blockingSleep.load(std::memory_order_relaxed)) {
            outcome.sleepMs = route.durationMs;
            break;
        }
        {
            // The mistake shown on purpose: this thread can do nothing else meanwhile.
            context.stats.sleepStarted();
            if (recording) {
                ServerEvent sleep = makeEvent(ServerEvent::Type::SleepStarted, job, outcome.thread);
                sleep.deadlineMs = sleep.timeMs + route.durationMs;
                sleep.durationUs = qint64(route.durationMs) * 1000;
                sleep.target = job.request.target;
                events.append(std::move(sleep));
                context.publish(events);
            }
            const bool completed = context.blockingSleepFor(route.durationMs, job.cancelled.get());
            context.stats.sleepEnded();
            if (recording) {
                events.append(makeEvent(completed ? ServerEvent::Type::SleepFinished
                                                  : ServerEvent::Type::SleepCancelled,
                                        job, outcome.thread));
            }
        }
        break;
    default:
        break;
    }

    outcome.response = Router::respond(
        route, route.kind == Router::Route::Kind::Status ? context.statusJson() : QByteArray());
    return outcome;
}

quint64 RequestHandler::compute(int ms, const ServerContext &context,
                                const std::atomic<bool> *cancelled)
{
    // A xorshift walk: real work the optimiser cannot drop, checked against the clock every
    // few thousand steps so the duration holds on slow and fast machines alike.
    const qint64 end = ServerContext::monotonicUs() + qint64(ms) * 1000;
    quint64 x = 0x9E3779B97F4A7C15ull;
    quint64 sum = 0;
    do {
        for (int i = 0; i < 4096; ++i) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            sum += x;
        }
    } while (ServerContext::monotonicUs() < end && !context.isStopping()
             && !(cancelled && cancelled->load(std::memory_order_relaxed)));
    // Publishing the result keeps the optimiser from discarding the loop body.
    static std::atomic<quint64> sink {0};
    sink.fetch_add(sum, std::memory_order_relaxed);
    return sum;
}
