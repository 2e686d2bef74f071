#pragma once

#include <QtCore/QObject>
#include <QtCore/QTimer>

#include <functional>
#include <map>

/*!
    Deadlines for every pending non-blocking sleep, behind one timer: 10,000 concurrent
    sleeps cost one QTimer and an ordered map, not 10,000 timers.
*/
class SleepScheduler : public QObject
{
    Q_OBJECT

public:
    using Handle = std::multimap<qint64, quint64>::iterator;
    /*! Called for each key whose deadline passed, earliest first. */
    using WakeFunction = std::function<void(quint64 key)>;

    explicit SleepScheduler(WakeFunction wake, QObject *parent = nullptr);

    /*! Schedules \a key at \a deadlineMs (monotonic ms); keep the handle to cancel it. */
    Handle schedule(qint64 deadlineMs, quint64 key);
    void cancel(Handle handle);
    Handle none() { return m_deadlines.end(); }
    std::size_t size() const { return m_deadlines.size(); }

private:
    void fire();
    void rearm();

    WakeFunction m_wake;
    std::multimap<qint64, quint64> m_deadlines;
    QTimer m_timer;
    qint64 m_armedFor = -1;
};
