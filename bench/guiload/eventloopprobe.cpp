#include "eventloopprobe.h"

#include <algorithm>
#include <cmath>

EventLoopProbe::EventLoopProbe(QObject *parent)
    : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &EventLoopProbe::onTimeout);
}

void EventLoopProbe::start()
{
    m_intervalsMs.clear();
    m_intervalsMs.reserve(8192);
    m_endsMs.clear();
    m_endsMs.reserve(8192);
    m_clock.start();
    m_lastNs = 0;
    m_timer.start();
}

void EventLoopProbe::stop()
{
    m_timer.stop();
}

double EventLoopProbe::maxIntervalMs() const
{
    return m_intervalsMs.empty() ? 0.0
                                 : *std::max_element(m_intervalsMs.begin(), m_intervalsMs.end());
}

double EventLoopProbe::maxIntervalEndMs() const
{
    if (m_intervalsMs.empty())
        return 0.0;
    const auto longest = std::max_element(m_intervalsMs.begin(), m_intervalsMs.end());
    return m_endsMs[size_t(longest - m_intervalsMs.begin())];
}

double EventLoopProbe::quantileMs(double fraction) const
{
    if (m_intervalsMs.empty())
        return 0.0;
    std::vector<double> sorted = m_intervalsMs;
    std::sort(sorted.begin(), sorted.end());
    const auto index = size_t(std::clamp(fraction, 0.0, 1.0) * double(sorted.size() - 1) + 0.5);
    return sorted[index];
}

qsizetype EventLoopProbe::countOver(double ms) const
{
    return qsizetype(std::count_if(m_intervalsMs.begin(), m_intervalsMs.end(),
                                   [ms](double interval) { return interval > ms; }));
}

void EventLoopProbe::onTimeout()
{
    const qint64 nowNs = m_clock.nsecsElapsed();
    m_intervalsMs.push_back(double(nowNs - m_lastNs) / 1e6);
    m_endsMs.push_back(double(nowNs) / 1e6);
    m_lastNs = nowNs;
}

#include "moc_eventloopprobe.cpp"
