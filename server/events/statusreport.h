#pragma once

#include "diagnostic.h"
#include "dispatchmode.h"
#include "eventlooplag.h"
#include "serverstats.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>

/*!
    The JSON document of GET /-/status; a pure function of a counters snapshot, the settings,
    the diagnostics and the event-loop lag (the memory budget is a setting, as the mode). \a nowMs
   (ServerClock) dates the diagnostics.
*/
class StatusReport
{
public:
    static QByteArray toJson(const ServerStats::Snapshot &stats, DispatchMode mode, int threads,
                             bool blockingSleep, qint64 memoryBudgetBytes,
                             const QList<Diagnostic> &diagnostics, const EventLoopLag &lag,
                             qint64 nowMs);
};
