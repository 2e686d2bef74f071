#pragma once

#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>
#include <QtCore/QTimer>

#include <vector>

/*!
    Measures how long the event loop of its thread goes without running timers: a precise
    10 ms timer timestamps every timeout, and the intervals between timeouts are kept. An
    interval of 10 ms means the loop was free; 60 ms means something held it for about 50 ms.
*/
class EventLoopProbe : public QObject
{
    Q_OBJECT

public:
    static constexpr int intervalMs = 10;

    explicit EventLoopProbe(QObject *parent = nullptr);

    /*! Forgets earlier intervals and starts timing. */
    void start();
    void stop();

    qsizetype tickCount() const { return qsizetype(m_intervalsMs.size()); }
    /*! The longest interval between two timeouts, in ms (0 before two ticks). */
    double maxIntervalMs() const;
    /*! When the longest interval ended, in ms since start(). */
    double maxIntervalEndMs() const;
    /*! The \a fraction (0–1) quantile of the intervals, in ms. */
    double quantileMs(double fraction) const;
    /*! How many intervals exceeded \a ms. */
    qsizetype countOver(double ms) const;

private:
    void onTimeout();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = -1;
    std::vector<double> m_intervalsMs;
    std::vector<double> m_endsMs; // when each interval ended, ms since start()
};
