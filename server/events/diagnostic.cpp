#include "diagnostic.h"

namespace {

// "1 request" / "9 requests".
QString requests(qint64 n)
{
    return n == 1 ? QStringLiteral("1 request") : QStringLiteral("%1 requests").arg(n);
}

// Who held the thread: "10 × GET /sleep?ms=1000", or "10 requests, 7 of them GET /x" when
// they differ.
QString culprits(const Diagnostic &d)
{
    if (d.culpritLabel.isEmpty())
        return requests(d.culpritCount);
    if (d.culpritLabelCount >= d.culpritCount)
        return QStringLiteral("%1 × %2").arg(d.culpritCount).arg(d.culpritLabel);
    return QStringLiteral("%1, %2 of them %3")
        .arg(requests(d.culpritCount))
        .arg(d.culpritLabelCount)
        .arg(d.culpritLabel);
}

} // namespace

QLatin1StringView Diagnostic::kindName(Kind kind)
{
    switch (kind) {
    case Kind::ServerThreadBlocked:
        return QLatin1StringView("serverThreadBlocked");
    case Kind::PoolSaturated:
        return QLatin1StringView("poolSaturated");
    case Kind::CpuOnEventLoop:
        return QLatin1StringView("cpuOnEventLoop");
    case Kind::SequentialQueue:
        return QLatin1StringView("sequentialQueue");
    }
    return QLatin1StringView("unknown");
}

QString Diagnostic::formatDuration(qint64 us)
{
    const qint64 ms = (us + 500) / 1000;
    if (ms < 1000)
        return QStringLiteral("%1 ms").arg(ms);
    return QStringLiteral("%1 s").arg(double(us) / 1e6, 0, 'f', 1);
}

QString Diagnostic::message() const
{
    const QString held = formatDuration(heldUs);
    const QString wait = formatDuration(maxWaitUs);
    switch (kind) {
    case Kind::ServerThreadBlocked:
        return QStringLiteral("The server thread was blocked for %1 by %2%3; %4 waited up to %5. "
                              "An event loop must not block: turn off Blocking sleep, or use "
                              "Pooled mode.")
            .arg(held, culprits(*this),
                 culpritBlocking ? QStringLiteral(" (blocking sleep)") : QString(), requests(count),
                 wait);
    case Kind::CpuOnEventLoop: {
        const QString what = culpritLabel.isEmpty() ? QString()
            : culpritLabelCount >= culpritCount     ? QStringLiteral(" (%1)").arg(culpritLabel)
                                                : QStringLiteral(" (mostly %1)").arg(culpritLabel);
        const QString advice = workers >= 2
            ? QStringLiteral("Pooled mode runs them in parallel on up to %1 cores.").arg(workers)
            : QStringLiteral("Pooled mode with 2 or more workers runs them in parallel.");
        return QStringLiteral("%1 CPU-bound handler%2%3 ran one after another on the single "
                              "server thread, for %4 in all; %5 waited up to %6. %7")
            .arg(QString::number(culpritCount), culpritCount == 1 ? QString() : QStringLiteral("s"),
                 what, held, requests(count), wait, advice);
    }
    case Kind::PoolSaturated: {
        const QString pool = workers == 1
            ? QStringLiteral("The pool's only worker was")
            : QStringLiteral("Every one of the %1 workers was").arg(workers);
        const QString advice = culpritBlocking
            ? QStringLiteral("Do not block inside a worker (turn off Blocking sleep), or raise "
                             "the pool size.")
            : QStringLiteral("Raise the pool size (CPU work gains up to the number of cores), or "
                             "make each request's work shorter.");
        return QStringLiteral("%1 busy%2 while %3 waited up to %4 for one; %5 held them for %6. %7")
            .arg(pool, culpritBlocking ? QStringLiteral(" (blocked in a sleep)") : QString(),
                 requests(count), wait, culprits(*this), held, advice);
    }
    case Kind::SequentialQueue:
        return QStringLiteral("Sequential mode made %1 wait up to %2 for their turn, behind %3 "
                              "(%4 in all); Concurrent or Pooled mode would overlap them.")
            .arg(requests(count), wait, culprits(*this), held);
    }
    return QString();
}
