#include "statusreport.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

QStringList sortedKeys(const QJsonObject &object)
{
    QStringList keys = object.keys();
    keys.sort();
    return keys;
}

// Every counter a different value, so a swapped field cannot pass.
ServerStats::Snapshot distinctSnapshot()
{
    ServerStats::Snapshot s;
    s.accepted = 101;
    s.active = 17;
    s.reading = 3;
    s.writing = 9;
    s.idle = 5;
    s.pendingSleeps = 7;
    s.queuedForWorker = 2;
    s.requestsTotal = 1234;
    s.requests2xx = 1000;
    s.requests3xx = 11;
    s.requests4xx = 200;
    s.requests5xx = 23;
    s.bytesSent = 5'000'000'123; // beyond 32 bits: must stay exact
    s.uptimeSeconds = 3601;
    s.bufferedBytes = 93'000;
    return s;
}

constexpr qint64 nowMs = 1'700'000'000'000; // a ServerClock reading
constexpr qint64 budgetBytes = 256 * 1024 * 1024;

QByteArray statusJson(const ServerStats::Snapshot &s, DispatchMode mode, int threads, bool blocking,
                      const QList<Diagnostic> &diagnostics = {}, const EventLoopLag &lag = {})
{
    return StatusReport::toJson(s, mode, threads, blocking, budgetBytes, diagnostics, lag, nowMs);
}

Diagnostic diagnostic(Diagnostic::Kind kind, qint64 count, qint64 maxWaitUs, qint64 ageMs)
{
    Diagnostic d;
    d.kind = kind;
    d.count = count;
    d.maxWaitUs = maxWaitUs;
    d.culpritCount = count + 1;
    d.heldUs = (count + 1) * 300000;
    d.culpritLabel = u"GET /sleep?ms=300"_s;
    d.culpritLabelCount = d.culpritCount;
    d.culpritBlocking = kind == Diagnostic::Kind::ServerThreadBlocked;
    d.workers = 2;
    d.firstSeenMs = nowMs - ageMs - 1000;
    d.lastSeenMs = nowMs - ageMs;
    return d;
}

} // namespace

/*! The GET /-/status document: exact key set, values and types, from a counters snapshot. */
class tst_StatusReport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(u".*"_s)); }
    void exactKeys();
    void values_data();
    void values();
    void largeCountersStayExactIntegers();
    void zeroSnapshot();
    void diagnostics_data();
    void diagnostics();
    void eventLoopLag();
};

void tst_StatusReport::exactKeys()
{
    const QByteArray json = statusJson(distinctSnapshot(), DispatchMode::Pooled, 4, false);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(document.isObject());
    const QJsonObject root = document.object();

    QStringList expected {
        u"version"_s,       u"mode"_s,        u"threads"_s,       u"blockingSleep"_s,
        u"uptimeSeconds"_s, u"connections"_s, u"pendingSleeps"_s, u"queuedForWorker"_s,
        u"requests"_s,      u"bytesSent"_s,   u"diagnostics"_s,   u"eventLoopLagMs"_s,
        u"memory"_s};
    expected.sort();
    QCOMPARE(sortedKeys(root), expected);
    QVERIFY(root.value(u"diagnostics").isArray());
    QVERIFY(root.value(u"diagnostics").toArray().isEmpty());
    QVERIFY(root.value(u"eventLoopLagMs").isObject());
    QCOMPARE(sortedKeys(root.value(u"eventLoopLagMs").toObject()),
             (QStringList {u"max"_s, u"p50"_s, u"p99"_s}));

    QVERIFY(root.value(u"connections").isObject());
    QStringList connections {u"accepted"_s, u"active"_s, u"reading"_s, u"writing"_s, u"idle"_s};
    connections.sort();
    QCOMPARE(sortedKeys(root.value(u"connections").toObject()), connections);

    QVERIFY(root.value(u"requests").isObject());
    QStringList requests {u"total"_s, u"2xx"_s, u"3xx"_s, u"4xx"_s, u"5xx"_s};
    requests.sort();
    QCOMPARE(sortedKeys(root.value(u"requests").toObject()), requests);

    // One compact line, newline-terminated (curl prints it cleanly).
    QVERIFY(json.endsWith('\n'));
    QCOMPARE(json.count('\n'), 1);
    QVERIFY(!json.contains(": "));
}

void tst_StatusReport::values_data()
{
    QTest::addColumn<DispatchMode>("mode");
    QTest::addColumn<QString>("modeName");
    QTest::addColumn<int>("threads");
    QTest::addColumn<bool>("blocking");

    QTest::newRow("sequential") << DispatchMode::Sequential << u"sequential"_s << 2 << false;
    QTest::newRow("concurrent") << DispatchMode::Concurrent << u"concurrent"_s << 3 << true;
    QTest::newRow("pooled") << DispatchMode::Pooled << u"pooled"_s << 16 << false;
    QTest::newRow("pooled blocking") << DispatchMode::Pooled << u"pooled"_s << 256 << true;
}

void tst_StatusReport::values()
{
    QFETCH(DispatchMode, mode);
    QFETCH(QString, modeName);
    QFETCH(int, threads);
    QFETCH(bool, blocking);

    const ServerStats::Snapshot s = distinctSnapshot();
    const QJsonObject root
        = QJsonDocument::fromJson(statusJson(s, mode, threads, blocking)).object();

    QVERIFY(root.value(u"version").isString());
    QCOMPARE(root.value(u"version").toString(), QStringLiteral(SERVESCOPE_VERSION));
    QVERIFY(root.value(u"mode").isString());
    QCOMPARE(root.value(u"mode").toString(), modeName);
    QVERIFY(root.value(u"threads").isDouble());
    QCOMPARE(root.value(u"threads").toInteger(), threads);
    QVERIFY(root.value(u"blockingSleep").isBool());
    QCOMPARE(root.value(u"blockingSleep").toBool(), blocking);
    QCOMPARE(root.value(u"uptimeSeconds").toInteger(), s.uptimeSeconds);
    QCOMPARE(root.value(u"pendingSleeps").toInteger(), s.pendingSleeps);
    QCOMPARE(root.value(u"queuedForWorker").toInteger(), s.queuedForWorker);
    QCOMPARE(root.value(u"bytesSent").toInteger(), s.bytesSent);
    const QJsonObject memory = root.value(u"memory").toObject();
    QCOMPARE(sortedKeys(memory), (QStringList {u"budgetBytes"_s, u"bufferedBytes"_s}));
    QCOMPARE(memory.value(u"bufferedBytes").toInteger(), s.bufferedBytes);
    QCOMPARE(memory.value(u"budgetBytes").toInteger(), budgetBytes);

    const QJsonObject connections = root.value(u"connections").toObject();
    QCOMPARE(connections.value(u"accepted").toInteger(), s.accepted);
    QCOMPARE(connections.value(u"active").toInteger(), s.active);
    QCOMPARE(connections.value(u"reading").toInteger(), s.reading);
    QCOMPARE(connections.value(u"writing").toInteger(), s.writing);
    QCOMPARE(connections.value(u"idle").toInteger(), s.idle);

    const QJsonObject requests = root.value(u"requests").toObject();
    QCOMPARE(requests.value(u"total").toInteger(), s.requestsTotal);
    QCOMPARE(requests.value(u"2xx").toInteger(), s.requests2xx);
    QCOMPARE(requests.value(u"3xx").toInteger(), s.requests3xx);
    QCOMPARE(requests.value(u"4xx").toInteger(), s.requests4xx);
    QCOMPARE(requests.value(u"5xx").toInteger(), s.requests5xx);
    for (const QJsonValue &value : connections)
        QVERIFY(value.isDouble());
    for (const QJsonValue &value : requests)
        QVERIFY(value.isDouble());
}

void tst_StatusReport::largeCountersStayExactIntegers()
{
    ServerStats::Snapshot s = distinctSnapshot();
    s.requestsTotal = (qint64(1) << 40) + 3;
    const QByteArray json = statusJson(s, DispatchMode::Concurrent, 2, false);
    // Written as integers, never as 5e+09 (clients parse them as counters).
    QVERIFY2(json.contains("\"bytesSent\":5000000123"), json.constData());
    QVERIFY2(json.contains("\"total\":1099511627779"), json.constData());
}

void tst_StatusReport::zeroSnapshot()
{
    const QJsonObject root
        = QJsonDocument::fromJson(statusJson({}, DispatchMode::Sequential, 1, false)).object();
    QCOMPARE(root.value(u"mode").toString(), u"sequential"_s);
    QCOMPARE(root.value(u"threads").toInteger(), 1);
    QCOMPARE(root.value(u"bytesSent").toInteger(-1), 0);
    QCOMPARE(root.value(u"connections").toObject().value(u"active").toInteger(-1), 0);
    QCOMPARE(root.value(u"requests").toObject().value(u"total").toInteger(-1), 0);
}

void tst_StatusReport::diagnostics_data()
{
    QTest::addColumn<QList<Diagnostic>>("diagnostics");
    QTest::addColumn<QStringList>("kinds");
    QTest::addColumn<QList<qint64>>("maxWaitMs");
    QTest::addColumn<QList<qint64>>("lastSeenSeconds");
    using Kind = Diagnostic::Kind;
    QTest::newRow("none") << QList<Diagnostic>() << QStringList() << QList<qint64>()
                          << QList<qint64>();
    QTest::newRow("blocked, 5 s ago")
        << QList<Diagnostic> {diagnostic(Kind::ServerThreadBlocked, 3, 899600, 5400)}
        << QStringList {u"serverThreadBlocked"_s} << QList<qint64> {900} << QList<qint64> {5};
    QTest::newRow("all four")
        << QList<Diagnostic> {diagnostic(Kind::ServerThreadBlocked, 9, 9000000, 0),
                              diagnostic(Kind::PoolSaturated, 2, 500400, 61000),
                              diagnostic(Kind::CpuOnEventLoop, 3, 1500000, 999),
                              diagnostic(Kind::SequentialQueue, 1, 100000, 3600000)}
        << QStringList {u"serverThreadBlocked"_s, u"poolSaturated"_s, u"cpuOnEventLoop"_s,
                        u"sequentialQueue"_s}
        << QList<qint64> {9000, 500, 1500, 100} << QList<qint64> {0, 61, 0, 3600};
}

void tst_StatusReport::diagnostics()
{
    QFETCH(QList<Diagnostic>, diagnostics);
    QFETCH(QStringList, kinds);
    QFETCH(QList<qint64>, maxWaitMs);
    QFETCH(QList<qint64>, lastSeenSeconds);
    const QJsonObject root
        = QJsonDocument::fromJson(
              statusJson(distinctSnapshot(), DispatchMode::Concurrent, 2, true, diagnostics))
              .object();
    const QJsonArray found = root.value(u"diagnostics").toArray();
    QCOMPARE(found.size(), kinds.size());
    for (qsizetype i = 0; i < found.size(); ++i) {
        QVERIFY(found.at(i).isObject());
        const QJsonObject d = found.at(i).toObject();
        QCOMPARE(sortedKeys(d),
                 (QStringList {u"count"_s, u"kind"_s, u"lastSeenSeconds"_s, u"maxWaitMs"_s,
                               u"message"_s}));
        QCOMPARE(d.value(u"kind").toString(), kinds.at(i));
        QCOMPARE(d.value(u"count").toInteger(-1), diagnostics.at(i).count);
        QCOMPARE(d.value(u"maxWaitMs").toInteger(-1), maxWaitMs.at(i));
        QCOMPARE(d.value(u"lastSeenSeconds").toInteger(-1), lastSeenSeconds.at(i));
        QCOMPARE(d.value(u"message").toString(), diagnostics.at(i).message());
        QVERIFY(!d.value(u"message").toString().isEmpty());
    }
}

void tst_StatusReport::eventLoopLag()
{
    EventLoopLag lag;
    lag.p50Ms = 0.1234;
    lag.p99Ms = 12.3456;
    lag.maxMs = 1250.5;
    const QJsonObject root
        = QJsonDocument::fromJson(
              statusJson(distinctSnapshot(), DispatchMode::Pooled, 4, false, {}, lag))
              .object();
    const QJsonObject got = root.value(u"eventLoopLagMs").toObject();
    QVERIFY(got.value(u"p50").isDouble());
    QCOMPARE(got.value(u"p50").toDouble(), 0.12);
    QCOMPARE(got.value(u"p99").toDouble(), 12.35);
    QCOMPARE(got.value(u"max").toDouble(), 1250.5);
}

QTEST_GUILESS_MAIN(tst_StatusReport)
#include "tst_statusreport.moc"
