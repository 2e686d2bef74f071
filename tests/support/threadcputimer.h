#pragma once

#include <QtCore/QtGlobal>

/*!
    Measures the CPU time the calling thread spends, not the wall time: a bound on the cost of a
    piece of work ("under 50 ms for 10,000 rows") then holds however busy the machine is, since
    time the thread spends preempted by other processes does not count.
*/
class ThreadCpuTimer
{
public:
    ThreadCpuTimer() { start(); }
    void start();
    qint64 nsecsElapsed() const;
    qint64 elapsed() const { return nsecsElapsed() / 1000000; } //!< milliseconds

private:
    static qint64 now();
    qint64 m_startNs = 0;
};
