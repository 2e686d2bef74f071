#include "harexporter.h"
#include "logexporter.h"
#include "requestlogmodel.h"
#include "testevents.h"

#include <QtCore/QBuffer>
#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 nov27 = 1795773600000; // 2026-11-27 10:00:00 UTC, ms

ServerEvent finished(quint64 id, const QByteArray &target, int status, qint64 waitedUs,
                     qint64 handledUs)
{
    ServerEvent e = TestEvents::requestFinished(100 + id, id, nov27 + qint64(id) * 1000, status);
    e.method = "GET";
    e.target = target;
    e.peer = u"127.0.0.1"_s;
    e.bytesSent = 325;
    e.mode = DispatchMode::Pooled;
    e.thread = 1;
    RequestPhases &p = e.phases;
    p.arrivedUs = e.timeMs * 1000 - waitedUs - handledUs - 40;
    p.readUs = p.arrivedUs + waitedUs;
    p.parsedUs = p.readUs + 40;
    p.queue = RequestPhases::Queue::None;
    p.startedUs = p.parsedUs;
    p.handlerEndUs = p.doneUs = p.startedUs + handledUs;
    p.thread = 1;
    e.durationUs = p.totalUs();
    return e;
}

// HAR 1.2's rules (http://www.softwareishard.com/blog/har-12-spec/): the required fields, their
// types, and timings that add up to the entry's time.
QString harRuleBroken(const QJsonObject &root)
{
    const QJsonObject log = root.value(u"log"_s).toObject();
    if (log.value(u"version"_s).toString() != u"1.2"_s)
        return u"log.version must be 1.2"_s;
    const QJsonObject creator = log.value(u"creator"_s).toObject();
    if (!creator.value(u"name"_s).isString() || !creator.value(u"version"_s).isString())
        return u"log.creator needs name and version"_s;
    if (!log.value(u"entries"_s).isArray())
        return u"log.entries must be an array"_s;
    for (const QJsonValue &value : log.value(u"entries"_s).toArray()) {
        const QJsonObject e = value.toObject();
        const QString started = e.value(u"startedDateTime"_s).toString();
        if (!QDateTime::fromString(started, Qt::ISODateWithMs).isValid())
            return u"startedDateTime is not ISO 8601: "_s + started;
        if (!e.value(u"time"_s).isDouble() || e.value(u"time"_s).toDouble() < 0)
            return u"time must be a number >= 0"_s;
        const QJsonObject request = e.value(u"request"_s).toObject();
        for (const char *key : {"method", "url", "httpVersion"}) {
            if (!request.value(QLatin1StringView(key)).isString())
                return u"request.%1 must be a string"_s.arg(QLatin1StringView(key));
        }
        if (QUrl(request.value(u"url"_s).toString()).isRelative())
            return u"request.url must be absolute"_s;
        for (const char *key : {"cookies", "headers", "queryString"}) {
            if (!request.value(QLatin1StringView(key)).isArray())
                return u"request.%1 must be an array"_s.arg(QLatin1StringView(key));
        }
        for (const QJsonValue &pair : request.value(u"queryString"_s).toArray()) {
            if (!pair.toObject().value(u"name"_s).isString()
                || !pair.toObject().value(u"value"_s).isString())
                return u"a queryString item needs name and value"_s;
        }
        const QJsonObject response = e.value(u"response"_s).toObject();
        if (!response.value(u"status"_s).isDouble() || !response.value(u"statusText"_s).isString()
            || !response.value(u"httpVersion"_s).isString()
            || !response.value(u"redirectURL"_s).isString())
            return u"response needs status, statusText, httpVersion and redirectURL"_s;
        const QJsonObject content = response.value(u"content"_s).toObject();
        if (!content.value(u"size"_s).isDouble() || !content.value(u"mimeType"_s).isString())
            return u"response.content needs size and mimeType"_s;
        for (const QJsonObject &part : {request, response}) {
            if (!part.value(u"headersSize"_s).isDouble() || !part.value(u"bodySize"_s).isDouble())
                return u"headersSize and bodySize are numbers (-1 when unknown)"_s;
        }
        if (!e.value(u"cache"_s).isObject())
            return u"cache must be an object"_s;
        const QJsonObject t = e.value(u"timings"_s).toObject();
        double sum = 0;
        for (const char *key : {"send", "wait", "receive"}) {
            if (!t.value(QLatin1StringView(key)).isDouble()
                || t.value(QLatin1StringView(key)).toDouble() < 0)
                return u"timings.%1 is required, >= 0"_s.arg(QLatin1StringView(key));
            sum += t.value(QLatin1StringView(key)).toDouble();
        }
        for (const char *key : {"blocked", "dns", "connect", "ssl"}) {
            const QJsonValue v = t.value(QLatin1StringView(key));
            if (!v.isUndefined() && (!v.isDouble() || v.toDouble() < -1))
                return u"timings.%1 must be a number, -1 when not known"_s.arg(
                    QLatin1StringView(key));
            if (v.toDouble() > 0)
                sum += v.toDouble();
        }
        if (std::abs(sum - e.value(u"time"_s).toDouble()) > 0.001)
            return u"time %1 is not the sum of the timings %2"_s.arg(e.value(u"time"_s).toDouble())
                .arg(sum);
    }
    return QString();
}

} // namespace

/*! The request log as an HTTP Archive, checked against HAR 1.2's rules. */
class tst_HarExporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsHar12_data();
    void followsHar12();
    void timingsAreTheServersPhases();
    void writesTheRowsShownAndCancels();
};

void tst_HarExporter::followsHar12_data()
{
    QTest::addColumn<ServerEventBatch>("events");
    QTest::newRow("none") << ServerEventBatch();
    QTest::newRow("one") << ServerEventBatch {finished(1, "/", 200, 10, 50)};
    QTest::newRow("query, 404, left") << ServerEventBatch {
        finished(1, "/sleep?ms=1000&x=%20y", 200, 9000000, 1000000),
        finished(2, "/nope", 404, 0, 30), finished(3, "/compute?ms=5", 499, 200, 0)};
    // A hostile target stays a valid URL in valid JSON.
    QTest::newRow("odd target") << ServerEventBatch {finished(1, "/a\"b\\c?q=\xff", 200, 1, 1)};
}

void tst_HarExporter::followsHar12()
{
    QFETCH(ServerEventBatch, events);
    RequestLogModel log;
    log.appendEvents(events);
    const std::optional<LogExporter::Snapshot> snapshot = LogExporter::snapshot(&log);
    QVERIFY(snapshot);
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    QCOMPARE(HarExporter::write(*snapshot, QUrl(u"http://127.0.0.1:7878/"_s), &buffer), QString());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(buffer.data(), &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QString broken = harRuleBroken(document.object());
    QVERIFY2(broken.isEmpty(), qPrintable(broken));
    QCOMPARE(document.object().value(u"log"_s).toObject().value(u"entries"_s).toArray().size(),
             events.size());
}

void tst_HarExporter::timingsAreTheServersPhases()
{
    // Waited 9 s (unread behind a blocked thread), handled 1 s, head read in 40 µs.
    RequestLogModel log;
    log.appendEvents({finished(4, "/sleep?ms=1000&x=1", 200, 9000000, 1000000)});
    const QJsonObject e = HarExporter::entry(log.entry(0), QUrl(u"http://127.0.0.1:7878/"_s));
    const QJsonObject t = e.value(u"timings"_s).toObject();
    QCOMPARE(t.value(u"blocked"_s).toDouble(), 9000.0);
    QCOMPARE(t.value(u"wait"_s).toDouble(), 1000.0);
    QCOMPARE(t.value(u"send"_s).toDouble(), 0.04);
    QCOMPARE(t.value(u"dns"_s).toInt(), -1);
    QCOMPARE(e.value(u"time"_s).toDouble(), 10000.04);
    const QJsonObject request = e.value(u"request"_s).toObject();
    QCOMPARE(request.value(u"url"_s).toString(), u"http://127.0.0.1:7878/sleep?ms=1000&x=1"_s);
    QCOMPARE(request.value(u"queryString"_s).toArray().size(), 2);
    QCOMPARE(e.value(u"response"_s).toObject().value(u"status"_s).toInt(), 200);
    // It started 10 s before it finished.
    QCOMPARE(QDateTime::fromString(e.value(u"startedDateTime"_s).toString(), Qt::ISODateWithMs)
                 .toMSecsSinceEpoch(),
             nov27 + 4000 - 10000);
    QVERIFY(e.value(u"comment"_s).toString().contains(u"pooled"_s));
}

void tst_HarExporter::writesTheRowsShownAndCancels()
{
    RequestLogModel log;
    ServerEventBatch events;
    for (quint64 i = 1; i <= 5000; ++i)
        events.append(finished(i, "/", 200, 10, 20));
    log.appendEvents(events);
    const std::optional<LogExporter::Snapshot> snapshot = LogExporter::snapshot(&log);
    QVERIFY(snapshot);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"log.har"_s);
    qsizetype reported = 0;
    QCOMPARE(HarExporter::writeFile(*snapshot, QUrl(u"http://[::1]:7878/"_s), path, nullptr,
                                    [&reported](qsizetype written) { reported = written; }),
             QString());
    QCOMPARE(reported, qsizetype(5000));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray entries = QJsonDocument::fromJson(file.readAll())
                                   .object()
                                   .value(u"log"_s)
                                   .toObject()
                                   .value(u"entries"_s)
                                   .toArray();
    QCOMPARE(entries.size(), 5000);
    QVERIFY(entries.first()
                .toObject()
                .value(u"request"_s)
                .toObject()
                .value(u"url"_s)
                .toString()
                .startsWith(u"http://[::1]:7878/"_s));

    // Cancelled: an error, and no file left behind.
    const std::atomic<bool> cancelled {true};
    const QString other = dir.filePath(u"cancelled.har"_s);
    QVERIFY(!HarExporter::writeFile(*snapshot, QUrl(u"http://127.0.0.1:7878/"_s), other, &cancelled)
                 .isEmpty());
    QVERIFY(!QFile::exists(other));
}

QTEST_GUILESS_MAIN(tst_HarExporter)
#include "tst_harexporter.moc"
