#pragma once

#include <QtCore/QString>
#include <QtCore/QtGlobal>

/*!
    Readings of this process from Linux: resident memory from /proc/self/status, CPU time of
    the calling thread and of the whole process, and the machine's load average (other work
    on the machine changes every throughput figure, so the report prints it next to them).
*/
class ProcessMeter
{
public:
    /*! VmRSS in KiB, or -1 when /proc is not readable. */
    static qint64 residentKiB();
    /*! CPU time the calling thread has used, in ns. */
    static qint64 threadCpuNs();
    /*! CPU time all threads of the process have used, in ns. */
    static qint64 processCpuNs();
    /*! The first three fields of /proc/loadavg, e.g. "1.20 0.80 0.55". */
    static QString loadAverage();
};
