#include "servercontext.h"

#include "metricsreport.h"
#include "platform.h"
#include "serverclock.h"
#include "statusreport.h"

#include <chrono>

namespace {

thread_local int t_threadIndex = 0;

HostFilter hostFilterFor(const ServerConfig &config)
{
    // Bound to loopback, only the user's own browser and tools can reach the server, and only a
    // rebinding page would name another host. Bound elsewhere, the user chose to be reached.
    if (!config.bindAddress.isLoopback())
        return HostFilter();
    QList<QByteArray> names;
    for (const QString &name : config.allowedHosts)
        names.append(name.toUtf8());
    return HostFilter::loopbackOnly(names);
}

} // namespace

ServerContext::ServerContext(const ServerConfig &config, EventHub *events)
    : config(config)
    , memory(config.memoryBudgetBytes())
    , mode(config.mode)
    , threads(config.threads)
    , sleepMs(config.sleepMs)
    , blockingSleep(config.blockingSleep)
    , diagnostics(DiagnosticThresholds::fromConfig(config), threads)
    , recorder(stats, events, &diagnostics)
    , hostFilter(hostFilterFor(config))
{ }

ServerStats::Snapshot ServerContext::snapshot() const
{
    ServerStats::Snapshot s = stats.snapshot();
    s.bufferedBytes = memory.bufferedBytes();
    return s;
}

QByteArray ServerContext::statusJson() const
{
    return StatusReport::toJson(snapshot(), mode.load(), threads.load(), blockingSleep.load(),
                                memory.limitBytes(), diagnostics.diagnostics(),
                                eventLoopLag.snapshot(ServerClock::nowUs()), ServerClock::nowMs());
}

QByteArray ServerContext::metricsText() const
{
    MetricsReport::Process process;
    process.startTimeSeconds = Platform::processStartTimeSeconds();
    process.residentBytes = Platform::residentMemoryBytes();
    process.openDescriptors = Platform::openDescriptorCount();
    return MetricsReport::toText(snapshot(), stats.metrics.snapshot(), mode.load(), threads.load(),
                                 memory.limitBytes(), process,
                                 eventLoopLag.snapshot(ServerClock::nowUs()));
}

void ServerContext::requestStop()
{
    {
        const std::lock_guard<std::mutex> lock(m_sleepMutex);
        m_stopping.store(true);
    }
    m_sleepWake.notify_all();
}

bool ServerContext::blockingSleepFor(int ms, const std::atomic<bool> *cancelled,
                                     const std::function<bool()> &clientGone)
{
    using namespace std::chrono;
    const auto interrupted = [this, cancelled] {
        return m_stopping.load() || (cancelled && cancelled->load());
    };
    const auto deadline = steady_clock::now() + milliseconds(ms);
    // Without a probe one wait does; with one, slices of 10 ms, asking it in between (the
    // thread that would notice the client leaving is the one blocked here).
    const auto slice = clientGone ? milliseconds(10) : milliseconds(ms);
    std::unique_lock<std::mutex> lock(m_sleepMutex);
    for (;;) {
        const auto until = std::min(deadline, steady_clock::now() + slice);
        if (m_sleepWake.wait_until(lock, until, interrupted))
            return false;
        if (steady_clock::now() >= deadline)
            return true;
        lock.unlock();
        const bool gone = clientGone && clientGone();
        lock.lock();
        if (gone)
            return false;
    }
}

void ServerContext::wakeBlockingSleepers()
{
    {
        // Taking the mutex orders the flag store before a sleeper's predicate check.
        const std::lock_guard<std::mutex> lock(m_sleepMutex);
    }
    m_sleepWake.notify_all();
}

qint64 ServerContext::monotonicMs()
{
    return ServerClock::nowMs();
}

qint64 ServerContext::monotonicUs()
{
    return ServerClock::nowUs();
}

int ServerContext::currentThreadIndex()
{
    return t_threadIndex;
}

int ServerContext::claimWorkerIndex()
{
    if (t_threadIndex == 0)
        t_threadIndex = nextWorkerIndex.fetch_add(1);
    return t_threadIndex;
}
