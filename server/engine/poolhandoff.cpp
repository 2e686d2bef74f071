#include "poolhandoff.h"

#include "happensbefore.h"
#include "poller.h"
#include "servercontext.h"

/*! One request's handler on a pool worker. */
class PoolHandoff::Task : public QRunnable
{
public:
    Task(std::shared_ptr<ServerContext> context, std::shared_ptr<Outcomes> outcomes, Ticket ticket,
         RequestHandler::Job job)
        : m_context(std::move(context))
        , m_outcomes(std::move(outcomes))
        , m_ticket(std::move(ticket))
        , m_job(std::move(job))
    { }

    ~Task() override
    {
        // QThreadPool::clear() at shutdown deletes tasks that never ran: they leave the
        // queue all the same.
        leaveQueue();
    }

    void run() override
    {
        HappensBefore::acquire(this); // the job built on the server thread (submit())
        leaveQueue(); // unless its connection closed meanwhile and counted it out already
        // Stopping, or the client left while this waited for a worker: nobody gets the
        // response, and its events would describe a connection already reported closed.
        if (m_context->isStopping() || m_job.cancelled->load())
            return;
        m_context->claimWorkerIndex();
        RequestHandler::Outcome outcome = RequestHandler::run(m_job, *m_context);
        m_context->recorder.publish();
        bool wasEmpty;
        {
            const std::lock_guard<std::mutex> lock(m_outcomes->mutex);
            wasEmpty = m_outcomes->outcomes.empty();
            m_outcomes->outcomes.push_back(std::move(outcome));
        }
        // Only the first outcome since the last drain wakes the server thread.
        if (wasEmpty)
            m_outcomes->poller->wake();
    }

private:
    void leaveQueue()
    {
        if (!m_ticket->exchange(true))
            m_context->stats.dequeuedForWorker();
    }

    std::shared_ptr<ServerContext> m_context;
    std::shared_ptr<Outcomes> m_outcomes;
    Ticket m_ticket;
    RequestHandler::Job m_job;
};

PoolHandoff::PoolHandoff(std::shared_ptr<ServerContext> context, Poller &poller)
    : m_context(std::move(context))
    , m_outcomes(std::make_shared<Outcomes>())
{
    m_outcomes->poller = &poller;
    m_pool.setMaxThreadCount(m_context->threads.load());
    m_pool.setExpiryTimeout(-1); // stable worker numbers for the window's swim lanes
}

PoolHandoff::~PoolHandoff()
{
    m_pool.clear();
    m_pool.waitForDone();
}

PoolHandoff::Ticket PoolHandoff::submit(const RequestHandler::Job &job)
{
    m_context->stats.queuedForWorker();
    auto ticket = std::make_shared<std::atomic<bool>>(false);
    auto *task = new Task(m_context, m_outcomes, ticket, job);
    HappensBefore::release(task); // QThreadPool hands it to a worker out of TSan's sight
    m_pool.start(task);
    return ticket;
}

void PoolHandoff::cancel(const Ticket &ticket)
{
    if (ticket && !ticket->exchange(true))
        m_context->stats.dequeuedForWorker();
}

std::vector<RequestHandler::Outcome> PoolHandoff::takeOutcomes()
{
    std::vector<RequestHandler::Outcome> outcomes;
    const std::lock_guard<std::mutex> lock(m_outcomes->mutex);
    outcomes.swap(m_outcomes->outcomes);
    return outcomes;
}

void PoolHandoff::setMaxThreadCount(int threads)
{
    m_pool.setMaxThreadCount(std::max(1, threads));
}

void PoolHandoff::clear()
{
    m_pool.clear();
}

void PoolHandoff::waitForDone()
{
    m_pool.waitForDone();
}
