#pragma once

#include "requesthandler.h"

#include <QtCore/QThreadPool>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

class Poller;
class ServerContext;

/*!
    Pooled mode's hand-off (task::spawn): a request's handler runs on a QThreadPool worker,
    and its outcome comes back to the server thread. Workers hold only values and shared
    state, never the connection.

    Both directions are batched. submit() only collects; startWorkers(), at the end of the
    server thread's round, moves the round's jobs to the shared queue under one lock and wakes
    or starts a worker only where no running one would take them. A worker drains the queue
    and keeps going while it finds work, and waits for more when it finds none. Its outcomes
    wait in a second queue; one wake-up (Poller::wake()) reports all of them, sent when the
    queue of jobs runs dry, every outcomeBatch outcomes, or before a job that holds the
    worker (a computation, a blocking sleep), so a long job delays no finished one.
*/
class PoolHandoff
{
public:
    /*! A submitted job, for cancel(); 0 is none. */
    using Ticket = quint64;
    /*! Outcomes held back at most before the server thread is woken. */
    static constexpr int outcomeBatch = 64;

    /*! \a poller's wake() reports outcomes on the server thread; it must outlive this. */
    PoolHandoff(std::shared_ptr<ServerContext> context, Poller &poller);
    ~PoolHandoff(); // waits for running handlers

    /*! Queues \a job for a worker (counted as queued until one takes it); see startWorkers(). */
    Ticket submit(const RequestHandler::Job &job);
    /*! Whether jobs were submitted since the last startWorkers(). */
    bool hasSubmitted() const { return !m_submitted.empty(); }
    /*! Hands the jobs submitted since the last call to the workers. */
    void startWorkers();
    /*! The connection holding \a ticket left: a job still waiting leaves the queued count now. */
    void cancel(Ticket ticket);
    /*! Swaps the outcomes that came back since the last call into \a outcomes (empty). */
    void takeOutcomes(std::vector<RequestHandler::Outcome> &outcomes);

    /*! Starts workers for waiting jobs when it grows; extra workers stop after their job. */
    void setMaxThreadCount(int threads);
    /*! Jobs not started yet never start. */
    void clear();
    /*! Runs every job handed to the workers, then lets the workers go. */
    void waitForDone();

    /*! How often the server thread was woken for outcomes (for tests). */
    quint64 wakeUps() const;

private:
    class Worker;
    struct Queued
    {
        RequestHandler::Job job;
        Ticket ticket = 0;
        bool left = false; //!< taken by a worker, or cancelled: counted out of the queue
    };
    /*! What the workers and the server thread share, under its mutex. */
    struct Shared
    {
        mutable std::mutex mutex;
        std::condition_variable workAvailable;
        std::vector<Queued> jobs; //!< waiting from index head on, tickets consecutive
        std::size_t head = 0;
        std::vector<RequestHandler::Outcome> outcomes;
        int maxWorkers = 1;
        int workers = 0; //!< started and not finished
        int idle = 0; //!< of those, waiting for work
        bool wakeSent = false; //!< a wake-up is on its way for the outcomes waiting
        bool finishing = false; //!< waitForDone(): workers stop once the queue is empty
        quint64 wakeUps = 0;
    };

    /*! A worker thread's life: takes jobs while there are any, waits for more. */
    void work();
    /*! Wakes the server thread for the outcomes waiting, unless a wake-up is on its way;
     * true if it let go of \a lock meanwhile. */
    bool reportOutcomes(std::unique_lock<std::mutex> &lock);
    void countOut(Queued &queued);

    std::shared_ptr<ServerContext> m_context;
    Poller &m_poller;
    Shared m_shared;
    std::vector<Queued> m_submitted; //!< server thread only: jobs not handed over yet
    Ticket m_nextTicket = 1;
    std::unique_ptr<Worker> m_worker; //!< one runnable, started once per worker thread
    QThreadPool m_pool;
};
