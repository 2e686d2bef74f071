#include "lagstatistics.h"

#include <algorithm>
#include <cmath>
#include <vector>

void LagStatistics::start(qint64 dueUs)
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_dueUs = dueUs;
}

void LagStatistics::tick(qint64 firedUs, qint64 nextDueUs)
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    if (m_dueUs > 0)
        m_samples.push_back({firedUs, std::max<qint64>(0, firedUs - m_dueUs)});
    m_dueUs = nextDueUs;
    while (!m_samples.empty()
           && (qsizetype(m_samples.size()) > maxSamples
               || m_samples.front().firedUs < firedUs - windowUs))
        m_samples.pop_front();
}

void LagStatistics::stop()
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_dueUs = 0;
}

void LagStatistics::clear()
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_samples.clear();
}

qsizetype LagStatistics::sampleCount() const
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    return qsizetype(m_samples.size());
}

EventLoopLag LagStatistics::snapshot(qint64 nowUs, qint64 spanUs) const
{
    const qint64 fromUs = nowUs - std::clamp<qint64>(spanUs, 0, windowUs);
    std::vector<qint64> late;
    {
        const std::lock_guard<std::mutex> lock(m_mutex);
        late.reserve(m_samples.size() + 1);
        for (const Sample &sample : m_samples) {
            if (sample.firedUs >= fromUs)
                late.push_back(sample.lateUs);
        }
        // Blocked right now: the heartbeat that is overdue is as late as it is so far.
        if (m_dueUs > 0 && nowUs > m_dueUs)
            late.push_back(nowUs - m_dueUs);
    }
    EventLoopLag lag;
    if (late.empty())
        return lag;
    std::sort(late.begin(), late.end());
    // Nearest rank: the smallest sample with at least p of them at or below it.
    const auto rank = [&late](double p) {
        const auto index = qsizetype(std::ceil(p * double(late.size()))) - 1;
        return double(late[std::clamp<qsizetype>(index, 0, qsizetype(late.size()) - 1)]) / 1000.0;
    };
    lag.p50Ms = rank(0.5);
    lag.p99Ms = rank(0.99);
    lag.maxMs = double(late.back()) / 1000.0;
    return lag;
}
