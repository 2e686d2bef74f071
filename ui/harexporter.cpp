#include "harexporter.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QSaveFile>
#include <QtCore/QUrlQuery>

#include <algorithm>

namespace {

double millis(qint64 us)
{
    return double(us) / 1000.0;
}

} // namespace

QJsonObject HarExporter::entry(const RequestLogModel::Entry &row, const QUrl &serverUrl)
{
    const qint64 totalUs = std::max<qint64>(0, row.durationUs);
    const qint64 waitedUs = std::clamp<qint64>(row.waitedUs, 0, totalUs);
    const qint64 handledUs = std::clamp<qint64>(row.handledUs, 0, totalUs - waitedUs);
    // What is left of the total is the server reading the head: HAR's "send".
    const qint64 sendUs = totalUs - waitedUs - handledUs;
    const QString target = QString::fromLatin1(row.target);
    const QUrl url = target.startsWith(QLatin1Char('/'))
        ? serverUrl.resolved(QUrl(target, QUrl::TolerantMode))
        : serverUrl;
    QJsonArray queryString;
    const QUrlQuery query(url);
    for (const auto &[name, value] : query.queryItems(QUrl::FullyDecoded))
        queryString.append(
            QJsonObject {{QStringLiteral("name"), name}, {QStringLiteral("value"), value}});
    const QString version = QStringLiteral("HTTP/1.%1").arg(row.httpMinor);
    const QDateTime started = QDateTime::fromMSecsSinceEpoch(row.timeMs - totalUs / 1000,
                                                             Qt::UTC); // timeMs is when it finished
    const QJsonObject request {
        {QStringLiteral("method"), QString::fromLatin1(row.method)},
        {QStringLiteral("url"), url.toString(QUrl::FullyEncoded)},
        {QStringLiteral("httpVersion"), version},
        {QStringLiteral("cookies"), QJsonArray()},
        {QStringLiteral("headers"), QJsonArray()},
        {QStringLiteral("queryString"), queryString},
        {QStringLiteral("headersSize"), -1},
        {QStringLiteral("bodySize"), -1},
    };
    const QJsonObject response {
        {QStringLiteral("status"), row.status},
        {QStringLiteral("statusText"), QString()},
        {QStringLiteral("httpVersion"), version},
        {QStringLiteral("cookies"), QJsonArray()},
        {QStringLiteral("headers"), QJsonArray()},
        {QStringLiteral("content"),
         QJsonObject {{QStringLiteral("size"), row.bytes},
                      {QStringLiteral("mimeType"), QString()}}},
        {QStringLiteral("redirectURL"), QString()},
        {QStringLiteral("headersSize"), -1},
        {QStringLiteral("bodySize"), -1},
    };
    const QJsonObject timings {
        {QStringLiteral("blocked"), millis(waitedUs)},
        {QStringLiteral("dns"), -1},
        {QStringLiteral("connect"), -1},
        {QStringLiteral("send"), millis(sendUs)},
        {QStringLiteral("wait"), millis(handledUs)},
        {QStringLiteral("receive"), 0},
        {QStringLiteral("ssl"), -1},
    };
    return {
        {QStringLiteral("startedDateTime"), started.toString(Qt::ISODateWithMs)},
        {QStringLiteral("time"), millis(waitedUs) + millis(sendUs) + millis(handledUs)},
        {QStringLiteral("request"), request},
        {QStringLiteral("response"), response},
        {QStringLiteral("cache"), QJsonObject()},
        {QStringLiteral("timings"), timings},
        {QStringLiteral("connection"), QString::number(row.connectionId)},
        // Untranslated, like the rest of the file: the mode and the thread that handled it.
        {QStringLiteral("comment"),
         QStringLiteral("%1 mode, %2")
             .arg(QString(dispatchModeName(row.mode)),
                  row.thread == 0 ? QStringLiteral("server thread")
                                  : QStringLiteral("worker %1").arg(row.thread))},
    };
}

QString HarExporter::write(const LogExporter::Snapshot &snapshot, const QUrl &serverUrl,
                           QIODevice *device, const std::atomic<bool> *cancelled,
                           const LogExporter::Progress &progress)
{
    const QByteArray head = "{\"log\":{\"version\":\"1.2\",\"creator\":{\"name\":\"ServeScope\","
                            "\"version\":\"" SERVESCOPE_VERSION "\"},\"entries\":[";
    if (device->write(head) != head.size())
        return device->errorString();
    const qsizetype total = snapshot.size();
    QByteArray out;
    for (qsizetype first = 0; first < total; first += LogExporter::snapshotChunkRows) {
        if (cancelled && cancelled->load())
            return tr("The export was cancelled.");
        const qsizetype end = std::min<qsizetype>(total, first + LogExporter::snapshotChunkRows);
        out.clear();
        for (qsizetype i = first; i < end; ++i) {
            if (i > 0)
                out.append(',');
            out.append(QJsonDocument(entry(snapshot.shownRow(i), serverUrl))
                           .toJson(QJsonDocument::Compact));
        }
        if (device->write(out) != out.size())
            return device->errorString();
        if (progress)
            progress(end);
    }
    const QByteArray tail = "]}}\n";
    if (device->write(tail) != tail.size())
        return device->errorString();
    return QString();
}

QString HarExporter::writeFile(const LogExporter::Snapshot &snapshot, const QUrl &serverUrl,
                               const QString &fileName, const std::atomic<bool> *cancelled,
                               const LogExporter::Progress &progress)
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    if (QString error = write(snapshot, serverUrl, &file, cancelled, progress); !error.isEmpty())
        return error; // QSaveFile drops what was written
    if (!file.commit())
        return file.errorString();
    return QString();
}
