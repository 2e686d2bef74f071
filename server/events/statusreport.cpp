#include "statusreport.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <algorithm>
#include <cmath>

namespace {

// Hundredths of a millisecond say enough, and keep the line short.
double roundedMs(double ms)
{
    return std::round(ms * 100.0) / 100.0;
}

} // namespace

QByteArray StatusReport::toJson(const ServerStats::Snapshot &stats, DispatchMode mode, int threads,
                                bool blockingSleep, qint64 memoryBudgetBytes,
                                const QList<Diagnostic> &diagnostics, const EventLoopLag &lag,
                                qint64 nowMs)
{
    QJsonArray found;
    for (const Diagnostic &d : diagnostics) {
        found.append(QJsonObject {
            {QStringLiteral("kind"), Diagnostic::kindName(d.kind)},
            {QStringLiteral("count"), d.count},
            {QStringLiteral("maxWaitMs"), (d.maxWaitUs + 500) / 1000},
            {QStringLiteral("lastSeenSeconds"), std::max<qint64>(0, nowMs - d.lastSeenMs) / 1000},
            {QStringLiteral("message"), d.message()},
        });
    }
    const QJsonObject loopLag {
        {QStringLiteral("p50"), roundedMs(lag.p50Ms)},
        {QStringLiteral("p99"), roundedMs(lag.p99Ms)},
        {QStringLiteral("max"), roundedMs(lag.maxMs)},
    };
    const QJsonObject connections {
        {QStringLiteral("accepted"), stats.accepted}, {QStringLiteral("active"), stats.active},
        {QStringLiteral("reading"), stats.reading},   {QStringLiteral("writing"), stats.writing},
        {QStringLiteral("idle"), stats.idle},
    };
    const QJsonObject requests {
        {QStringLiteral("total"), stats.requestsTotal}, {QStringLiteral("2xx"), stats.requests2xx},
        {QStringLiteral("3xx"), stats.requests3xx},     {QStringLiteral("4xx"), stats.requests4xx},
        {QStringLiteral("5xx"), stats.requests5xx},
    };
    const QJsonObject memory {
        {QStringLiteral("bufferedBytes"), stats.bufferedBytes},
        {QStringLiteral("budgetBytes"), memoryBudgetBytes},
    };
    const QJsonObject root {
        {QStringLiteral("version"), QStringLiteral(SERVESCOPE_VERSION)},
        {QStringLiteral("mode"), QString(dispatchModeName(mode))},
        {QStringLiteral("threads"), threads},
        {QStringLiteral("blockingSleep"), blockingSleep},
        {QStringLiteral("uptimeSeconds"), stats.uptimeSeconds},
        {QStringLiteral("connections"), connections},
        {QStringLiteral("pendingSleeps"), stats.pendingSleeps},
        {QStringLiteral("queuedForWorker"), stats.queuedForWorker},
        {QStringLiteral("requests"), requests},
        {QStringLiteral("bytesSent"), stats.bytesSent},
        {QStringLiteral("memory"), memory},
        {QStringLiteral("diagnostics"), found},
        {QStringLiteral("eventLoopLagMs"), loopLag},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Compact) + '\n';
}
