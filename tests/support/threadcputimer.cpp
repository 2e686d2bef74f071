#include "threadcputimer.h"

#include <ctime>

void ThreadCpuTimer::start()
{
    m_startNs = now();
}

qint64 ThreadCpuTimer::nsecsElapsed() const
{
    return now() - m_startNs;
}

qint64 ThreadCpuTimer::now()
{
    timespec spec {};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec);
    return qint64(spec.tv_sec) * 1000000000 + spec.tv_nsec;
}
