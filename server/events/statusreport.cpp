#include "statusreport.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

QByteArray StatusReport::toJson(const ServerStats::Snapshot &stats, DispatchMode mode, int threads,
                                bool blockingSleep)
{
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
    };
    return QJsonDocument(root).toJson(QJsonDocument::Compact) + '\n';
}
