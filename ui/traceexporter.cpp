#include "traceexporter.h"

#include "monitortext.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSaveFile>

#include <algorithm>
#include <limits>

namespace {

constexpr int processId = 1;
// Track ids: a thread's is its number + 1 (Perfetto treats tid 0 as the idle task); the
// async tracks are named by their category and need no tid of their own.
int trackOf(int thread)
{
    return thread + 1;
}

QString categoryOf(const TimelineData::Segment &segment)
{
    switch (segment.kind) {
    case TimelineData::SegmentKind::Running:
        return QStringLiteral("running");
    case TimelineData::SegmentKind::Blocked:
        return QStringLiteral("blocked");
    case TimelineData::SegmentKind::Parked:
        return QStringLiteral("parked");
    case TimelineData::SegmentKind::Writing:
        return QStringLiteral("sending");
    case TimelineData::SegmentKind::ServerRead:
        return QStringLiteral("server.read");
    case TimelineData::SegmentKind::ServerWrite:
        return QStringLiteral("server.write");
    case TimelineData::SegmentKind::Waiting:
        break;
    }
    switch (segment.lane) {
    case TimelineData::LaneKind::Kernel:
        return QStringLiteral("waiting.kernel");
    case TimelineData::LaneKind::Turn:
        return QStringLiteral("waiting.turn");
    default:
        break;
    }
    return QStringLiteral("waiting.pool");
}

QJsonObject metadata(const char *name, int tid, const QString &value)
{
    return {{QStringLiteral("ph"), QStringLiteral("M")},
            {QStringLiteral("name"), QLatin1StringView(name)},
            {QStringLiteral("pid"), processId},
            {QStringLiteral("tid"), tid},
            {QStringLiteral("args"), QJsonObject {{QStringLiteral("name"), value}}}};
}

} // namespace

QByteArray TraceExporter::toJson(const TimelineData &data, qint64 fromUs, qint64 nowUs)
{
    const QList<TimelineData::Segment> segments
        = data.segments(fromUs / 1000, nowUs / 1000 + 1, nowUs);
    qint64 originUs = std::numeric_limits<qint64>::max();
    for (const TimelineData::Segment &segment : segments)
        originUs = std::min(originUs, segment.startUs);
    if (segments.isEmpty())
        originUs = fromUs;

    QJsonArray events;
    // The English names: a trace is a file for tools, read by whoever opens it.
    events.append(metadata("process_name", 0, QStringLiteral("ServeScope")));
    QList<int> threads;
    for (const TimelineData::Segment &segment : segments) {
        if (segment.lane == TimelineData::LaneKind::Thread && !threads.contains(segment.thread))
            threads.append(segment.thread);
    }
    std::sort(threads.begin(), threads.end());
    for (int thread : std::as_const(threads)) {
        events.append(metadata("thread_name", trackOf(thread),
                               thread == 0 ? QStringLiteral("server thread")
                                           : QStringLiteral("worker %1").arg(thread)));
        events.append(QJsonObject {
            {QStringLiteral("ph"), QStringLiteral("M")},
            {QStringLiteral("name"), QStringLiteral("thread_sort_index")},
            {QStringLiteral("pid"), processId},
            {QStringLiteral("tid"), trackOf(thread)},
            {QStringLiteral("args"), QJsonObject {{QStringLiteral("sort_index"), thread}}}});
    }

    for (const TimelineData::Segment &segment : segments) {
        const TimelineData::Request *request = data.request(segment.requestId);
        if (!request)
            continue;
        // A request still waiting to be handled is known by its id only.
        const QString name = request->method.isEmpty()
            ? QStringLiteral("request %1").arg(request->requestId)
            : QString::fromLatin1(request->method) + QLatin1Char(' ')
                + QString::fromUtf8(request->target);
        const QJsonObject args {{QStringLiteral("requestId"), qint64(request->requestId)},
                                {QStringLiteral("status"), request->status},
                                {QStringLiteral("mode"), QString(dispatchModeName(request->mode))},
                                {QStringLiteral("stillGoing"), segment.open}};
        const qint64 ts = segment.startUs - originUs;
        const qint64 dur = std::max<qint64>(0, segment.endUs - segment.startUs);
        if (segment.lane == TimelineData::LaneKind::Thread) {
            events.append(QJsonObject {{QStringLiteral("ph"), QStringLiteral("X")},
                                       {QStringLiteral("name"), name},
                                       {QStringLiteral("cat"), categoryOf(segment)},
                                       {QStringLiteral("ts"), ts},
                                       {QStringLiteral("dur"), dur},
                                       {QStringLiteral("pid"), processId},
                                       {QStringLiteral("tid"), trackOf(segment.thread)},
                                       {QStringLiteral("args"), args}});
            continue;
        }
        // Held by no thread: an async slice, begun and ended under the request's id.
        const QString id = QString::number(request->requestId);
        for (const char *phase : {"b", "e"}) {
            QJsonObject event {{QStringLiteral("ph"), QLatin1StringView(phase)},
                               {QStringLiteral("name"), name},
                               {QStringLiteral("cat"), categoryOf(segment)},
                               {QStringLiteral("id"), id},
                               {QStringLiteral("ts"), phase[0] == 'b' ? ts : ts + dur},
                               {QStringLiteral("pid"), processId},
                               {QStringLiteral("tid"), trackOf(0)}};
            if (phase[0] == 'b')
                event.insert(QStringLiteral("args"), args);
            events.append(event);
        }
    }

    const QJsonObject root {
        {QStringLiteral("traceEvents"), events},
        {QStringLiteral("displayTimeUnit"), QStringLiteral("ms")},
        {QStringLiteral("otherData"),
         QJsonObject {
             {QStringLiteral("application"), QStringLiteral("ServeScope " SERVESCOPE_VERSION)},
             {QStringLiteral("startTime"),
              QDateTime::fromMSecsSinceEpoch(originUs / 1000, Qt::UTC)
                  .toString(Qt::ISODateWithMs)}}},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

QString TraceExporter::writeFile(const QString &fileName, const TimelineData &data, qint64 fromUs,
                                 qint64 nowUs)
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    const QByteArray json = toJson(data, fromUs, nowUs);
    if (file.write(json) != json.size() || !file.commit())
        return file.errorString();
    return QString();
}
