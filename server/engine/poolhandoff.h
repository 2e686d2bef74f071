#pragma once

#include "requesthandler.h"

#include <QtCore/QThreadPool>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

class Poller;
class ServerContext;

/*!
    Pooled mode's hand-off (task::spawn): a request's handler runs on a QThreadPool worker,
    and its outcome comes back to the server thread. Workers hold only values and shared
    state, never the connection. Outcomes wait in a mutex-protected queue; only the first one
    since the last takeOutcomes() wakes the server thread (Poller::wake()), so many
    completions cost one wake-up.
*/
class PoolHandoff
{
public:
    /*!
        A submitted job's "left the queue" flag: whoever sets it first (a worker starting the
        job, or its connection closing while it waits) counts it out of queuedForWorker.
    */
    using Ticket = std::shared_ptr<std::atomic<bool>>;

    /*! \a poller's wake() reports outcomes on the server thread; it must outlive this. */
    PoolHandoff(std::shared_ptr<ServerContext> context, Poller &poller);
    ~PoolHandoff(); // waits for running handlers

    /*! Queues \a job for a worker (counted as queued until one takes it). */
    Ticket submit(const RequestHandler::Job &job);
    /*! The connection holding \a ticket left: a job still waiting leaves the queued count now. */
    void cancel(const Ticket &ticket);
    /*! The outcomes that came back since the last call. */
    std::vector<RequestHandler::Outcome> takeOutcomes();

    void setMaxThreadCount(int threads);
    /*! Jobs not started yet never start. */
    void clear();
    void waitForDone();

private:
    class Task;
    struct Outcomes
    {
        std::mutex mutex;
        std::vector<RequestHandler::Outcome> outcomes;
        Poller *poller = nullptr;
    };

    std::shared_ptr<ServerContext> m_context;
    std::shared_ptr<Outcomes> m_outcomes;
    QThreadPool m_pool;
};
