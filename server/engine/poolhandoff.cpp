#include "poolhandoff.h"

#include "happensbefore.h"
#include "poller.h"
#include "servercontext.h"

#include <algorithm>

/*! The one runnable every worker thread runs: PoolHandoff::work(), until there is no more. */
class PoolHandoff::Worker : public QRunnable
{
public:
    explicit Worker(PoolHandoff &handoff)
        : m_handoff(handoff)
    {
        setAutoDelete(false); // started once per worker thread, owned by the hand-off
    }

    void run() override { m_handoff.work(); }

private:
    PoolHandoff &m_handoff;
};

PoolHandoff::PoolHandoff(std::shared_ptr<ServerContext> context, Poller &poller)
    : m_context(std::move(context))
    , m_poller(poller)
    , m_worker(std::make_unique<Worker>(*this))
{
    m_shared.maxWorkers = std::max(1, m_context->threads.load());
    m_pool.setMaxThreadCount(m_shared.maxWorkers);
    m_pool.setExpiryTimeout(-1); // stable worker numbers for the window's swim lanes
}

PoolHandoff::~PoolHandoff()
{
    clear();
    waitForDone();
}

PoolHandoff::Ticket PoolHandoff::submit(const RequestHandler::Job &job)
{
    m_context->stats.queuedForWorker();
    const Ticket ticket = m_nextTicket++;
    m_submitted.push_back({job, ticket, false});
    return ticket;
}

void PoolHandoff::startWorkers()
{
    if (m_submitted.empty())
        return;
    int wake = 0;
    int start = 0;
    // The jobs cross to the workers under the mutex, or through QThreadPool::start() for a
    // worker started now, which TSan cannot see.
    HappensBefore::release(&m_shared);
    {
        const std::lock_guard<std::mutex> lock(m_shared.mutex);
        if (m_shared.jobs.empty()) {
            m_shared.jobs.swap(m_submitted); // m_submitted keeps the emptied capacity
        } else {
            m_shared.jobs.insert(m_shared.jobs.end(), std::make_move_iterator(m_submitted.begin()),
                                 std::make_move_iterator(m_submitted.end()));
        }
        // A busy worker takes more once it is done, an idle one when woken: start another
        // only for jobs nobody would take now, up to the pool size.
        const int waiting = int(m_shared.jobs.size() - m_shared.head);
        wake = std::min(m_shared.idle, waiting);
        start = std::clamp(waiting - m_shared.idle, 0,
                           std::max(0, m_shared.maxWorkers - m_shared.workers));
        m_shared.workers += start;
    }
    m_submitted.clear();
    for (int i = 0; i < wake; ++i)
        m_shared.workAvailable.notify_one();
    for (int i = 0; i < start; ++i)
        m_pool.start(m_worker.get());
}

void PoolHandoff::cancel(Ticket ticket)
{
    if (ticket == 0)
        return;
    // Tickets are consecutive in both queues, so a ticket is its own index.
    if (!m_submitted.empty() && ticket >= m_submitted.front().ticket) {
        const std::size_t i = ticket - m_submitted.front().ticket;
        if (i < m_submitted.size() && !m_submitted[i].left) {
            countOut(m_submitted[i]);
            m_submitted[i].job = RequestHandler::Job();
        }
        return;
    }
    const std::lock_guard<std::mutex> lock(m_shared.mutex);
    if (m_shared.head == m_shared.jobs.size() || ticket < m_shared.jobs[m_shared.head].ticket)
        return; // taken by a worker already
    const std::size_t i = m_shared.head + (ticket - m_shared.jobs[m_shared.head].ticket);
    if (i < m_shared.jobs.size() && !m_shared.jobs[i].left) {
        countOut(m_shared.jobs[i]);
        m_shared.jobs[i].job = RequestHandler::Job(); // its buffers go now, not when skipped
    }
}

void PoolHandoff::takeOutcomes(std::vector<RequestHandler::Outcome> &outcomes)
{
    {
        const std::lock_guard<std::mutex> lock(m_shared.mutex);
        outcomes.swap(m_shared.outcomes);
        m_shared.wakeSent = false;
    }
    HappensBefore::acquire(&m_shared.outcomes);
}

void PoolHandoff::setMaxThreadCount(int threads)
{
    threads = std::max(1, threads);
    m_pool.setMaxThreadCount(threads);
    int start = 0;
    HappensBefore::release(&m_shared);
    {
        const std::lock_guard<std::mutex> lock(m_shared.mutex);
        m_shared.maxWorkers = threads;
        // A larger pool takes on jobs that wait; a smaller one loses workers after their job.
        const int waiting = int(m_shared.jobs.size() - m_shared.head);
        start = std::clamp(waiting - m_shared.idle, 0,
                           std::max(0, m_shared.maxWorkers - m_shared.workers));
        m_shared.workers += start;
    }
    m_shared.workAvailable.notify_all(); // idle workers beyond the new size stop
    for (int i = 0; i < start; ++i)
        m_pool.start(m_worker.get());
}

void PoolHandoff::clear()
{
    for (Queued &queued : m_submitted) {
        if (!queued.left)
            countOut(queued);
    }
    m_submitted.clear();
    const std::lock_guard<std::mutex> lock(m_shared.mutex);
    for (std::size_t i = m_shared.head; i < m_shared.jobs.size(); ++i) {
        if (!m_shared.jobs[i].left)
            countOut(m_shared.jobs[i]);
    }
    m_shared.jobs.clear();
    m_shared.head = 0;
}

void PoolHandoff::waitForDone()
{
    {
        const std::lock_guard<std::mutex> lock(m_shared.mutex);
        m_shared.finishing = true;
    }
    m_shared.workAvailable.notify_all();
    m_pool.waitForDone();
    const std::lock_guard<std::mutex> lock(m_shared.mutex);
    m_shared.finishing = false;
}

quint64 PoolHandoff::wakeUps() const
{
    const std::lock_guard<std::mutex> lock(m_shared.mutex);
    return m_shared.wakeUps;
}

void PoolHandoff::countOut(Queued &queued)
{
    queued.left = true;
    m_context->stats.dequeuedForWorker();
}

bool PoolHandoff::reportOutcomes(std::unique_lock<std::mutex> &lock)
{
    if (m_shared.outcomes.empty() || m_shared.wakeSent)
        return false;
    m_shared.wakeSent = true;
    ++m_shared.wakeUps;
    lock.unlock(); // the wake-up is a system call: not under the lock
    m_poller.wake();
    lock.lock();
    return true;
}

void PoolHandoff::work()
{
    HappensBefore::acquire(&m_shared); // started by startWorkers() or setMaxThreadCount()
    ServerContext &context = *m_context;
    context.claimWorkerIndex();
    std::unique_lock<std::mutex> lock(m_shared.mutex);
    for (;;) {
        if (m_shared.workers > m_shared.maxWorkers)
            break; // the pool shrank
        while (m_shared.head < m_shared.jobs.size() && m_shared.jobs[m_shared.head].left)
            ++m_shared.head; // cancelled while it waited
        if (m_shared.head == m_shared.jobs.size()) {
            m_shared.jobs.clear(); // keeps the capacity
            m_shared.head = 0;
            // Nothing more to do: what is done goes to the server thread now. The lock was
            // let go meanwhile, so look at the queue again before waiting.
            if (reportOutcomes(lock))
                continue;
            if (m_shared.finishing)
                break;
            ++m_shared.idle;
            m_shared.workAvailable.wait(lock);
            --m_shared.idle;
            continue;
        }
        Queued &queued = m_shared.jobs[m_shared.head++];
        countOut(queued);
        const RequestHandler::Job job = std::move(queued.job);
        // Work that holds this thread may take seconds: the outcomes done before it go first.
        if (RequestHandler::holdsThread(job.route, context))
            reportOutcomes(lock);
        lock.unlock();
        HappensBefore::acquire(&m_shared); // the job, submitted on the server thread
        // Stopping, or the client left while this waited for a worker: nobody gets the
        // response, and its events would describe a connection already reported closed.
        const bool wanted = !context.isStopping() && !job.cancelled->load();
        RequestHandler::Outcome outcome;
        if (wanted) {
            outcome = RequestHandler::run(job, context);
            context.recorder.publish(); // before the outcome, so "started" precedes "finished"
            HappensBefore::release(&m_shared.outcomes);
        }
        lock.lock();
        if (wanted) {
            m_shared.outcomes.push_back(std::move(outcome));
            if (m_shared.outcomes.size() >= std::size_t(outcomeBatch))
                reportOutcomes(lock);
        }
    }
    --m_shared.workers;
    if (m_shared.head < m_shared.jobs.size())
        m_shared.workAvailable.notify_all(); // a notification this one took is passed on
    reportOutcomes(lock);
}
