#pragma once

#include "dispatchmode.h"
#include "serverstats.h"

#include <QtCore/QByteArray>

/*! The JSON document of GET /-/status; a pure function of a counters snapshot and settings. */
class StatusReport
{
public:
    static QByteArray toJson(const ServerStats::Snapshot &stats, DispatchMode mode, int threads,
                             bool blockingSleep);
};
