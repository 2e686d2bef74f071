#pragma once

#include <QtCore/QObject>
#include <QtCore/QTimer>

class LagStatistics;

/*!
    The heartbeat that measures the server thread's event-loop lag: a precise timer on that
    thread, each tick telling \a statistics how late it fired. Create it on the server thread;
    while it lives, a blocked loop shows as an overdue tick.
*/
class EventLoopLagMonitor : public QObject
{
    Q_OBJECT

public:
    /*! Often enough to see a 50 ms stall, rare enough to cost nothing (50 wake-ups a second). */
    static constexpr int intervalMs = 20;

    explicit EventLoopLagMonitor(LagStatistics &statistics, QObject *parent = nullptr);
    ~EventLoopLagMonitor() override; // the loop is ending: nothing is overdue any more

    void start();

private:
    void onTick();

    LagStatistics &m_statistics;
    QTimer m_timer;
};
