#include "servercontext.h"

#include "statusreport.h"

#include <QtCore/QDateTime>

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
    , recorder(stats, events)
    , hostFilter(hostFilterFor(config))
    , mode(config.mode)
    , threads(config.threads)
    , sleepMs(config.sleepMs)
    , blockingSleep(config.blockingSleep)
{ }

QByteArray ServerContext::statusJson() const
{
    return StatusReport::toJson(stats.snapshot(), mode.load(), threads.load(),
                                blockingSleep.load());
}

void ServerContext::requestStop()
{
    {
        const std::lock_guard<std::mutex> lock(m_sleepMutex);
        m_stopping.store(true);
    }
    m_sleepWake.notify_all();
}

bool ServerContext::blockingSleepFor(int ms, const std::atomic<bool> *cancelled)
{
    std::unique_lock<std::mutex> lock(m_sleepMutex);
    return !m_sleepWake.wait_for(lock, std::chrono::milliseconds(ms), [this, cancelled] {
        return m_stopping.load() || (cancelled && cancelled->load());
    });
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
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

qint64 ServerContext::monotonicUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

qint64 ServerContext::wallClockMs()
{
    return QDateTime::currentMSecsSinceEpoch();
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
