#include "serverclock.h"

#include <algorithm>
#include <chrono>

namespace {

qint64 steadyUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

qint64 realtimeUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

qint64 offsetUs()
{
    static const qint64 offset = realtimeUs() - steadyUs();
    return offset;
}

} // namespace

qint64 ServerClock::nowUs()
{
    return steadyUs() + offsetUs();
}

qint64 ServerClock::nowMs()
{
    return nowUs() / 1000;
}

qint64 ServerClock::fromSteadyUs(qint64 us)
{
    return us + offsetUs();
}

qint64 ServerClock::fromRealtimeNs(qint64 realtimeNs)
{
    const qint64 now = nowUs();
    const qint64 agoUs = realtimeUs() - realtimeNs / 1000;
    return now - std::max<qint64>(0, agoUs);
}
