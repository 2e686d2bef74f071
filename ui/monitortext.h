#pragma once

#include "connectionstate.h"
#include "dispatchmode.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QString>

/*!
    The translated names and number formats the monitor models share, so a thread, a mode or
    a duration reads the same in every table, chart and the status bar.
*/
class MonitorText
{
    Q_DECLARE_TR_FUNCTIONS(MonitorText)

public:
    /*! "server thread" for 0, "worker 3" for 3, "no thread (timer)" for ServerEvent::noThread. */
    static QString threadName(int thread);
    /*! The timeline's queue lanes and its lane of parked sleeps (translated). */
    static QString kernelQueueName();
    static QString turnQueueName();
    static QString poolQueueName();
    static QString timersLaneName();
    /*! "Sequential", "Concurrent", "Pooled" (translated). */
    static QString modeName(DispatchMode mode);
    /*! "reading", "queued", "handling", "sleeping", "writing", "idle", "closed" (translated). */
    static QString stateName(ConnectionState state);
    /*! A duration in the unit that suits it: "850 µs", "12.3 ms", "5.00 s". */
    static QString durationText(qint64 us);
    /*! A round value on a chart's axis, without needless decimals: "500 µs", "2 ms", "100 s". */
    static QString axisDurationText(qint64 us);
    /*! An age or remaining time in whole seconds: "7 s", "2:05", "1:02:03". */
    static QString secondsText(qint64 ms);
    /*! "127.0.0.1:51234", "[::1]:51234"; just the address when \a port is 0. */
    static QString peerText(const QString &address, quint16 port);
};
