#pragma once

#include <QtCore/QtGlobal>

/*!
    The one clock every time the server reports is read from: monotonic (it never jumps back
    when the wall clock is set), shifted once per process so that its readings look like the
    wall clock (µs or ms since the epoch) and the window can print them as times of day.
    Deadlines, durations, event times and a request's phases all use it, so any two of them
    can be subtracted.
*/
namespace ServerClock {

/*! Now, in microseconds. */
qint64 nowUs();
/*! Now, in milliseconds. */
qint64 nowMs();
/*!
    A kernel timestamp taken on the real-time clock (ns since the epoch, as SO_TIMESTAMPNS
    gives it), on this clock: how long ago it was on the real-time clock, subtracted from now.
*/
qint64 fromRealtimeNs(qint64 realtimeNs);
/*!
    A std::chrono::steady_clock reading (µs since its epoch), as another thread or a client in
    this process took it, on this clock.
*/
qint64 fromSteadyUs(qint64 us);

} // namespace ServerClock
