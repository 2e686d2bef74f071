#pragma once

#include "dispatchmode.h"
#include "eventlooplag.h"
#include "requestmetrics.h"
#include "serverstats.h"

#include <QtCore/QByteArray>

/*!
    The body of GET /-/metrics: Prometheus' text exposition format (version 0.0.4), with
    # HELP and # TYPE for each family, base units and _total counters, as a pure function of
    the counters, the settings and the process figures.
*/
class MetricsReport
{
public:
    struct Process
    {
        double startTimeSeconds = 0; //!< since the epoch
        qint64 residentBytes = 0;
        qint64 openDescriptors = 0;
    };

    static QByteArray toText(const ServerStats::Snapshot &stats,
                             const RequestMetrics::Snapshot &requests, DispatchMode mode,
                             int threads, qint64 memoryBudgetBytes, const Process &process,
                             const EventLoopLag &lag);
    /*! A label value with \\, " and newlines escaped, as the format wants. */
    static QByteArray escapeLabel(QByteArrayView value);
};
