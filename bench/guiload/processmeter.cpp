#include "processmeter.h"

#include <QtCore/QByteArray>
#include <QtCore/QFile>
#include <QtCore/QList>

#include <ctime>

namespace {

qint64 clockNs(clockid_t clock)
{
    timespec time {};
    if (clock_gettime(clock, &time) != 0)
        return -1;
    return qint64(time.tv_sec) * 1000000000 + time.tv_nsec;
}

} // namespace

qint64 ProcessMeter::residentKiB()
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    // /proc files report a size of 0, so atEnd() cannot be trusted: read everything at once.
    const QList<QByteArray> lines = file.readAll().split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("VmRSS:")) {
            const QList<QByteArray> fields = line.mid(6).simplified().split(' ');
            bool ok = false;
            const qint64 kib = fields.value(0).toLongLong(&ok);
            return ok ? kib : -1;
        }
    }
    return -1;
}

qint64 ProcessMeter::threadCpuNs()
{
    return clockNs(CLOCK_THREAD_CPUTIME_ID);
}

qint64 ProcessMeter::processCpuNs()
{
    return clockNs(CLOCK_PROCESS_CPUTIME_ID);
}

QString ProcessMeter::loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("?");
    const QList<QByteArray> fields = file.readLine().simplified().split(' ');
    return QString::fromLatin1(fields.mid(0, 3).join(' '));
}
