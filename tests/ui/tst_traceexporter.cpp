#include "requestlife.h"
#include "timelinedata.h"
#include "traceexporter.h"

#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSet>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 t0 = 1'790'000'000'000'000; // µs
constexpr qint64 ms = 1000;
constexpr qint64 s = 1000 * ms;

/*! The Trace Event format's rules for every event, as its documentation gives them. */
QString ruleBroken(const QJsonArray &events)
{
    QHash<QString, int> open; // cat/id/name -> begun, not ended
    QSet<int> namedThreads;
    QSet<int> usedThreads;
    for (const QJsonValue &value : events) {
        const QJsonObject e = value.toObject();
        const QString ph = e.value(u"ph"_s).toString();
        if (ph.isEmpty() || !e.value(u"name"_s).isString() || !e.value(u"pid"_s).isDouble()
            || !e.value(u"tid"_s).isDouble())
            return u"ph, name, pid and tid are required: "_s
                + QString::fromUtf8(QJsonDocument(e).toJson(QJsonDocument::Compact));
        if (ph == u"M"_s) {
            if (e.value(u"name"_s).toString() == u"thread_name"_s)
                namedThreads.insert(e.value(u"tid"_s).toInt());
            continue;
        }
        if (!e.value(u"ts"_s).isDouble() || e.value(u"ts"_s).toDouble() < 0)
            return u"ts must be a number, from 0"_s;
        if (ph == u"X"_s) {
            if (!e.value(u"dur"_s).isDouble() || e.value(u"dur"_s).toDouble() < 0)
                return u"a complete event needs dur >= 0"_s;
            usedThreads.insert(e.value(u"tid"_s).toInt());
        } else if (ph == u"b"_s || ph == u"e"_s) {
            if (!e.value(u"id"_s).isString() || e.value(u"cat"_s).toString().isEmpty())
                return u"an async event needs cat and id"_s;
            const QString key = e.value(u"cat"_s).toString() + u'/' + e.value(u"id"_s).toString()
                + u'/' + e.value(u"name"_s).toString();
            if (ph == u"b"_s) {
                ++open[key];
            } else if (--open[key] < 0) {
                return u"an end without its begin: "_s + key;
            }
        } else {
            return u"unexpected phase "_s + ph;
        }
    }
    for (auto it = open.cbegin(); it != open.cend(); ++it) {
        if (it.value() != 0)
            return u"a begin without its end: "_s + it.key();
    }
    for (int tid : std::as_const(usedThreads)) {
        if (!namedThreads.contains(tid))
            return u"track %1 has no thread_name"_s.arg(tid);
    }
    return QString();
}

QJsonArray eventsOf(const QByteArray &json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s", qPrintable(error.errorString()));
    return document.object().value(u"traceEvents"_s).toArray();
}

QList<QJsonObject> withPhase(const QJsonArray &events, const QString &ph, const QString &cat)
{
    QList<QJsonObject> found;
    for (const QJsonValue &value : events) {
        const QJsonObject e = value.toObject();
        if (e.value(u"ph"_s).toString() == ph && e.value(u"cat"_s).toString() == cat)
            found.append(e);
    }
    return found;
}

} // namespace

/*! The timeline as a Trace Event file, checked against the format's rules. */
class tst_TraceExporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheFormat_data();
    void followsTheFormat();
    void blockedSleepsAreSlicesOnTheirThread();
    void parkedSleepsHoldNoThread();
    void serverIoIsOnTheServerThread();
    void writesAFile();
};

void tst_TraceExporter::followsTheFormat_data()
{
    QTest::addColumn<QList<RequestLife>>("lives");
    QTest::addColumn<qint64>("nowUs");

    QList<RequestLife> plain;
    for (int i = 0; i < 20; ++i)
        plain.append(RequestLife::plain(quint64(i + 1), t0 + i * ms, 300, i % 3));
    QTest::newRow("plain requests on three threads") << plain << t0 + s;

    QList<RequestLife> pooled;
    for (int i = 0; i < 4; ++i) {
        RequestLife life = RequestLife::plain(quint64(i + 1), t0, 0, i % 2 + 1);
        life.mode = DispatchMode::Pooled;
        life.phases.queue = RequestPhases::Queue::Pool;
        life.phases.startedUs = t0 + (i / 2) * 500 * ms;
        life.phases.handlerEndUs = life.phases.doneUs = life.phases.startedUs + 500 * ms;
        pooled.append(life);
    }
    QTest::newRow("waits for a worker") << pooled << t0 + 2 * s;

    // Still going at the export: a queued one, a running one.
    RequestLife queued = RequestLife::plain(1, t0, 0, 0);
    queued.phases.queue = RequestPhases::Queue::Turn;
    queued.phases.startedUs = queued.phases.handlerEndUs = queued.phases.doneUs = 0;
    RequestLife running = RequestLife::plain(2, t0, 0, 1);
    running.phases.handlerEndUs = running.phases.doneUs = 0;
    QTest::newRow("open pieces") << QList<RequestLife> {queued, running} << t0 + s;
    QTest::newRow("nothing") << QList<RequestLife>() << t0 + s;
}

void tst_TraceExporter::followsTheFormat()
{
    QFETCH(QList<RequestLife>, lives);
    QFETCH(qint64, nowUs);
    TimelineData data;
    data.appendEvents(RequestLife::recorded(lives, nowUs));
    const QByteArray json = TraceExporter::toJson(data, t0 - s, nowUs);
    const QJsonObject root = QJsonDocument::fromJson(json).object();
    QVERIFY(root.value(u"traceEvents"_s).isArray());
    const QJsonArray events = eventsOf(json);
    const QString broken = ruleBroken(events);
    QVERIFY2(broken.isEmpty(), qPrintable(broken));
    for (const QJsonValue &event : events)
        QVERIFY(!event.toObject().value(u"name"_s).toString().trimmed().isEmpty());
}

void tst_TraceExporter::blockedSleepsAreSlicesOnTheirThread()
{
    // Concurrent, blocking sleep: 3 × 1 s on the server thread, each waiting for the last.
    const QList<RequestLife> lives = RequestLife::blockingStaircase(3, t0, s);
    TimelineData data;
    data.appendEvents(RequestLife::recorded(lives));
    const QJsonArray events = eventsOf(TraceExporter::toJson(data, t0 - s, t0 + 4 * s));
    const QList<QJsonObject> blocked = withPhase(events, u"X"_s, u"blocked"_s);
    QCOMPARE(blocked.size(), 3);
    for (qsizetype i = 0; i < blocked.size(); ++i) {
        QCOMPARE(blocked[i].value(u"tid"_s).toInt(), 1); // the server thread's track
        QCOMPARE(qint64(blocked[i].value(u"ts"_s).toDouble()), i * s);
        QCOMPARE(qint64(blocked[i].value(u"dur"_s).toDouble()), s);
        QCOMPARE(blocked[i].value(u"name"_s).toString(), u"GET /sleep?ms=1000"_s);
    }
    // The waits are async slices of 0, 1 and 2 s, unread in the kernel.
    const QList<QJsonObject> begins = withPhase(events, u"b"_s, u"waiting.kernel"_s);
    const QList<QJsonObject> ends = withPhase(events, u"e"_s, u"waiting.kernel"_s);
    QCOMPARE(begins.size(), 2);
    QCOMPARE(ends.size(), 2);
    QCOMPARE(
        qint64(ends.last().value(u"ts"_s).toDouble() - begins.last().value(u"ts"_s).toDouble()),
        2 * s);
}

void tst_TraceExporter::parkedSleepsHoldNoThread()
{
    // Pooled, non-blocking: ten sleeps parked on a timer; the worker only ran their handlers.
    QList<RequestLife> lives;
    for (int i = 0; i < 10; ++i) {
        RequestLife life = RequestLife::plain(quint64(i + 1), t0 + i * ms, 50, 1);
        life.mode = DispatchMode::Pooled;
        RequestPhases &p = life.phases;
        p.sleepStartUs = p.handlerEndUs;
        p.sleepEndUs = p.doneUs = p.sleepStartUs + s;
        lives.append(life);
    }
    TimelineData data;
    data.appendEvents(RequestLife::recorded(lives));
    const QJsonArray events = eventsOf(TraceExporter::toJson(data, t0 - s, t0 + 2 * s));
    QVERIFY(withPhase(events, u"X"_s, u"blocked"_s).isEmpty());
    const QList<QJsonObject> running = withPhase(events, u"X"_s, u"running"_s);
    QCOMPARE(running.size(), 10);
    for (const QJsonObject &slice : running) {
        QCOMPARE(slice.value(u"tid"_s).toInt(), 2); // worker 1's track
        QCOMPARE(qint64(slice.value(u"dur"_s).toDouble()), 50);
    }
    QCOMPARE(withPhase(events, u"b"_s, u"parked"_s).size(), 10);
    QCOMPARE(withPhase(events, u"e"_s, u"parked"_s).size(), 10);
    const QString broken = ruleBroken(events);
    QVERIFY2(broken.isEmpty(), qPrintable(broken));
}

void tst_TraceExporter::serverIoIsOnTheServerThread()
{
    // Pooled: worker 1 runs the handlers; the server thread read, parsed and wrote for them.
    QList<RequestLife> lives;
    for (int i = 0; i < 3; ++i) {
        RequestLife life = RequestLife::plain(quint64(i + 1), t0 + i * ms, 100, 1);
        life.mode = DispatchMode::Pooled;
        RequestPhases &p = life.phases;
        p.receiveStartUs = p.readUs;
        p.parsedUs = p.readUs + 20;
        p.startedUs = p.parsedUs;
        p.handlerEndUs = p.doneUs = p.startedUs + 100;
        p.writeStartUs = p.doneUs;
        p.sentUs = p.doneUs + 30;
        lives.append(life);
    }
    TimelineData data;
    data.appendEvents(RequestLife::recorded(lives));
    const QJsonArray events = eventsOf(TraceExporter::toJson(data, t0 - s, t0 + s));
    for (const auto &[cat, dur] :
         {std::pair(u"server.read"_s, 20), std::pair(u"server.write"_s, 30)}) {
        const QList<QJsonObject> slices = withPhase(events, u"X"_s, cat);
        QCOMPARE(slices.size(), 3);
        for (const QJsonObject &slice : slices) {
            QCOMPARE(slice.value(u"tid"_s).toInt(), 1); // the server thread's track
            QCOMPARE(qint64(slice.value(u"dur"_s).toDouble()), qint64(dur));
        }
    }
    for (const QJsonObject &slice : withPhase(events, u"X"_s, u"running"_s))
        QCOMPARE(slice.value(u"tid"_s).toInt(), 2);
    const QString broken = ruleBroken(events);
    QVERIFY2(broken.isEmpty(), qPrintable(broken));
}

void tst_TraceExporter::writesAFile()
{
    QTemporaryDir dir;
    TimelineData data;
    data.appendEvents(RequestLife::recorded({RequestLife::plain(1, t0, 300)}));
    const QString path = dir.filePath(u"trace.json"_s);
    QCOMPARE(TraceExporter::writeFile(path, data, t0 - s, t0 + s), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(withPhase(eventsOf(file.readAll()), u"X"_s, u"running"_s).size(), 1);
    QVERIFY(!TraceExporter::writeFile(dir.filePath(u"no/such/dir/trace.json"_s), data, t0, t0)
                 .isEmpty());
}

QTEST_GUILESS_MAIN(tst_TraceExporter)
#include "tst_traceexporter.moc"
