#pragma once

#include "timelinedata.h"

#include <QtCore/QByteArray>
#include <QtCore/QString>

/*!
    The timeline in the Trace Event format (the JSON that Perfetto and chrome://tracing open),
    so a run can be studied in those tools: one track per thread (the server thread, each
    worker) with complete slices ("X") for what it did, running or blocked; the waits (unread
    in the kernel, for a turn, for a worker) and the sleeps parked on a timer, which hold no
    thread, as async slices ("b"/"e", one id per request) on tracks of their own. Times are
    microseconds from the first piece exported; "otherData" says when that was.
*/
class TraceExporter
{
public:
    /*!
        The requests of \a data that overlap [\a fromUs, \a nowUs] (ServerClock µs); pieces
        still going end at \a nowUs.
    */
    static QByteArray toJson(const TimelineData &data, qint64 fromUs, qint64 nowUs);
    /*! Writes toJson() to \a fileName; a translated error, or an empty string. */
    static QString writeFile(const QString &fileName, const TimelineData &data, qint64 fromUs,
                             qint64 nowUs);
};
