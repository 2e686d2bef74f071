#include "eventlooplagmonitor.h"

#include "lagstatistics.h"
#include "serverclock.h"

EventLoopLagMonitor::EventLoopLagMonitor(LagStatistics &statistics, QObject *parent)
    : QObject(parent)
    , m_statistics(statistics)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(intervalMs);
    connect(&m_timer, &QTimer::timeout, this, &EventLoopLagMonitor::onTick);
}

EventLoopLagMonitor::~EventLoopLagMonitor()
{
    m_statistics.stop();
}

void EventLoopLagMonitor::start()
{
    m_timer.start();
    m_statistics.start(ServerClock::nowUs() + qint64(intervalMs) * 1000);
}

void EventLoopLagMonitor::onTick()
{
    const qint64 now = ServerClock::nowUs();
    m_statistics.tick(now, now + qint64(intervalMs) * 1000);
}
