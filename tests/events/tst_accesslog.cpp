#include "accesslog.h"
#include "testevents.h"

#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QLocale>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTemporaryFile>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

ServerEvent finished(const QString &peer, qint64 timeMs, const QByteArray &method,
                     const QByteArray &target, int httpMinor, int status, qint64 bytes)
{
    ServerEvent event = TestEvents::requestFinished(0, 0, timeMs, status);
    event.peer = peer;
    event.method = method;
    event.target = target;
    event.httpMinor = quint8(httpMinor);
    event.bodyBytes = bytes;
    // The whole response is larger: %b must be the body alone, never bytesSent.
    event.bytesSent = bytes + 150;
    return event;
}

constexpr qint64 nov27 = 1795773600000; // 2026-11-27 10:00:00 UTC

QByteArray readAll(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

} // namespace

/*! The Common Log Format formatter, and writing batches to a file. */
class tst_AccessLog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatLine_data();
    void formatLine();
    void formatLineIgnoresLocale();
    void combinedAddsRefererAndAgent_data();
    void combinedAddsRefererAndAgent();
    void jsonLine_data();
    void jsonLine();
    void jsonCarriesThePhases();
    void formatNames_data();
    void formatNames();
    void writesInItsFormat();
    void writesOnlyFinishedRequests();
    void appendsToExistingFile();
    void openFailureIsReported();
    void writeFailureIsReportedOnce();
};

void tst_AccessLog::formatLine_data()
{
    QTest::addColumn<QString>("peer");
    QTest::addColumn<qint64>("timeMs");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("httpMinor");
    QTest::addColumn<int>("status");
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("get") << u"127.0.0.1"_s << nov27 << QByteArray("GET") << QByteArray("/") << 1
                         << 200 << qint64(146)
                         << QByteArray("127.0.0.1 - - [27/Nov/2026:10:00:00 +0000] \"GET / "
                                       "HTTP/1.1\" 200 146\n");
    QTest::newRow("http/1.0, query") << u"10.1.2.3"_s << nov27 + 999 << QByteArray("GET")
                                     << QByteArray("/sleep?ms=300") << 0 << 200 << qint64(7)
                                     << QByteArray("10.1.2.3 - - [27/Nov/2026:10:00:00 +0000] "
                                                   "\"GET /sleep?ms=300 HTTP/1.0\" 200 7\n");
    QTest::newRow("zero bytes is a dash")
        << u"127.0.0.1"_s << nov27 << QByteArray("HEAD") << QByteArray("/") << 1 << 200 << qint64(0)
        << QByteArray("127.0.0.1 - - [27/Nov/2026:10:00:00 +0000] \"HEAD / HTTP/1.1\" 200 -\n");
    QTest::newRow("ipv6 peer") << u"::1"_s << nov27 << QByteArray("GET") << QByteArray("/x") << 1
                               << 404 << qint64(206)
                               << QByteArray("::1 - - [27/Nov/2026:10:00:00 +0000] \"GET /x "
                                             "HTTP/1.1\" 404 206\n");
    QTest::newRow("no request line")
        << u"127.0.0.1"_s << nov27 << QByteArray() << QByteArray() << 1 << 400 << qint64(90)
        << QByteArray("127.0.0.1 - - [27/Nov/2026:10:00:00 +0000] "
                      "\"-\" 400 90\n");
    QTest::newRow("no peer") << QString() << nov27 << QByteArray("GET") << QByteArray("/") << 1
                             << 200 << qint64(1)
                             << QByteArray("- - - [27/Nov/2026:10:00:00 +0000] \"GET / "
                                           "HTTP/1.1\" 200 1\n");
    QTest::newRow("escapes quote, backslash, control, non-ascii")
        << u"127.0.0.1"_s << nov27 << QByteArray("GET") << QByteArray("/a\"b\\c\nd\xc3\xa9") << 1
        << 404 << qint64(5)
        << QByteArray("127.0.0.1 - - [27/Nov/2026:10:00:00 +0000] \"GET "
                      "/a\\x22b\\x5Cc\\x0Ad\\xC3\\xA9 HTTP/1.1\" 404 5\n");
    QTest::newRow("january, one digit day")
        << u"127.0.0.1"_s << qint64(1799193599000) << QByteArray("GET") << QByteArray("/") << 1
        << 200 << qint64(1)
        << QByteArray("127.0.0.1 - - [05/Jan/2027:23:59:59 +0000] \"GET / HTTP/1.1\" 200 1\n");
    QTest::newRow("leap day") << u"127.0.0.1"_s << qint64(1709164800000) << QByteArray("GET")
                              << QByteArray("/") << 1 << 200 << qint64(1)
                              << QByteArray("127.0.0.1 - - [29/Feb/2024:00:00:00 +0000] \"GET / "
                                            "HTTP/1.1\" 200 1\n");
    QTest::newRow("december") << u"127.0.0.1"_s << qint64(1798761599000) << QByteArray("POST")
                              << QByteArray("/") << 1 << 405 << qint64(12)
                              << QByteArray("127.0.0.1 - - [31/Dec/2026:23:59:59 +0000] \"POST / "
                                            "HTTP/1.1\" 405 12\n");
    QTest::newRow("epoch") << u"127.0.0.1"_s << qint64(0) << QByteArray("GET") << QByteArray("/")
                           << 1 << 200 << qint64(1)
                           << QByteArray("127.0.0.1 - - [01/Jan/1970:00:00:00 +0000] \"GET / "
                                         "HTTP/1.1\" 200 1\n");
}

void tst_AccessLog::formatLine()
{
    QFETCH(QString, peer);
    QFETCH(qint64, timeMs);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(int, httpMinor);
    QFETCH(int, status);
    QFETCH(qint64, bytes);
    QFETCH(QByteArray, expected);

    QCOMPARE(
        AccessLog::formatLine(finished(peer, timeMs, method, target, httpMinor, status, bytes)),
        expected);
}

void tst_AccessLog::formatLineIgnoresLocale()
{
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
    const QByteArray line
        = AccessLog::formatLine(finished(u"127.0.0.1"_s, nov27, "GET", "/", 1, 200, 146));
    QLocale::setDefault(previous);
    QCOMPARE(line,
             QByteArray("127.0.0.1 - - [27/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 146\n"));
}

void tst_AccessLog::combinedAddsRefererAndAgent_data()
{
    QTest::addColumn<QByteArray>("referer");
    QTest::addColumn<QByteArray>("userAgent");
    QTest::addColumn<QByteArray>("tail");

    QTest::newRow("both") << QByteArray("http://localhost:7878/") << QByteArray("curl/7.88.1")
                          << QByteArray(R"( "http://localhost:7878/" "curl/7.88.1")");
    QTest::newRow("none are dashes") << QByteArray() << QByteArray() << QByteArray(R"( "-" "-")");
    // A hostile agent can neither close the field nor start a fake line.
    QTest::newRow("hostile agent")
        << QByteArray() << QByteArray("x\" 200 9\n127.0.0.1 - - [01/Jan/2026")
        << QByteArray(R"( "-" "x\x22 200 9\x0A127.0.0.1 - - [01/Jan/2026")");
}

void tst_AccessLog::combinedAddsRefererAndAgent()
{
    QFETCH(QByteArray, referer);
    QFETCH(QByteArray, userAgent);
    QFETCH(QByteArray, tail);
    ServerEvent event = finished(u"127.0.0.1"_s, nov27, "GET", "/", 1, 200, 146);
    event.referer = referer;
    event.userAgent = userAgent;
    const QByteArray common = AccessLog::formatLine(event, AccessLog::Format::Common);
    const QByteArray combined = AccessLog::formatLine(event, AccessLog::Format::Combined);
    QCOMPARE(combined, common.chopped(1) + tail + '\n');
    QCOMPARE(combined.count('\n'), 1);
}

void tst_AccessLog::jsonLine_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("userAgent");

    QTest::newRow("plain") << QByteArray("GET") << QByteArray("/sleep?ms=300")
                           << QByteArray("curl/7.88.1");
    QTest::newRow("quotes and backslashes")
        << QByteArray("GET") << QByteArray(R"(/a"b\c)") << QByteArray(R"(x","status":1})");
    QTest::newRow("control bytes and a newline")
        << QByteArray("GET") << QByteArray("/\x01\r\n{\"fake\":1}") << QByteArray("\t\x7f");
    QTest::newRow("not UTF-8") << QByteArray("GET") << QByteArray("/\xff\xfe\xc3")
                               << QByteArray("\xe4\xb8\xad");
    QTest::newRow("no request line") << QByteArray() << QByteArray() << QByteArray();
}

void tst_AccessLog::jsonLine()
{
    // Whatever the request held, each line is one valid JSON object holding it.
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, userAgent);
    ServerEvent event = finished(u"127.0.0.1"_s, nov27 + 123, method, target, 1, 200, 146);
    event.userAgent = userAgent;
    const QByteArray line = AccessLog::formatLine(event, AccessLog::Format::Json);
    QVERIFY(line.endsWith('\n'));
    QCOMPARE(line.count('\n'), 1);
    for (const char c : line.chopped(1))
        QVERIFY2(static_cast<unsigned char>(c) >= 0x20 && static_cast<unsigned char>(c) < 0x7f,
                 line.constData());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    const QJsonObject object = document.object();
    QCOMPARE(object.value(u"time"_s).toString(), u"2026-11-27T10:00:00.123Z"_s);
    QCOMPARE(object.value(u"status"_s).toInt(), 200);
    QCOMPARE(object.value(u"bodyBytes"_s).toInt(), 146);
    QCOMPARE(object.value(u"peer"_s).toString(), u"127.0.0.1"_s);
    // Bytes come back as Latin-1 characters, one per byte.
    if (method.isEmpty()) {
        QVERIFY(object.value(u"method"_s).isNull());
        QVERIFY(object.value(u"target"_s).isNull());
    } else {
        QCOMPARE(object.value(u"target"_s).toString(), QString::fromLatin1(target));
        QCOMPARE(object.value(u"version"_s).toString(), u"HTTP/1.1"_s);
    }
    if (userAgent.isEmpty())
        QVERIFY(object.value(u"userAgent"_s).isNull());
    else
        QCOMPARE(object.value(u"userAgent"_s).toString(), QString::fromLatin1(userAgent));
    QVERIFY(!object.contains(u"fake"_s));
}

void tst_AccessLog::jsonCarriesThePhases()
{
    // Concurrent, blocking sleep: 2 s unread in the kernel behind a blocked thread, then a
    // 1 s blocking sleep on the server thread.
    constexpr qint64 t0 = nov27 * 1000;
    ServerEvent event
        = finished(u"127.0.0.1"_s, nov27 + 3000, "GET", "/sleep?ms=1000", 1, 200, 146);
    event.mode = DispatchMode::Concurrent;
    RequestPhases &p = event.phases;
    p.arrivedUs = t0;
    p.readUs = p.parsedUs = p.startedUs = p.sleepStartUs = t0 + 2000000;
    p.sleepBlocking = true;
    p.sleepEndUs = p.handlerEndUs = p.doneUs = t0 + 3000000;
    event.durationUs = p.totalUs();
    const QJsonObject object = QJsonDocument::fromJson(AccessLog::jsonLine(event)).object();
    QCOMPARE(object.value(u"durationUs"_s).toInteger(), 3000000);
    QCOMPARE(object.value(u"waitedUs"_s).toInteger(), 2000000);
    QCOMPARE(object.value(u"kernelWaitUs"_s).toInteger(), 2000000);
    QCOMPARE(object.value(u"queueWaitUs"_s).toInteger(), 0);
    QCOMPARE(object.value(u"handledUs"_s).toInteger(), 1000000);
    QCOMPARE(object.value(u"sleepUs"_s).toInteger(), 1000000);
    QCOMPARE(object.value(u"thread"_s).toInt(), 0);
    QCOMPARE(object.value(u"mode"_s).toString(), u"concurrent"_s);
}

void tst_AccessLog::formatNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("known");
    QTest::addColumn<int>("format");
    QTest::newRow("clf") << u"clf"_s << true << int(AccessLog::Format::Common);
    QTest::newRow("combined") << u"combined"_s << true << int(AccessLog::Format::Combined);
    QTest::newRow("json") << u"json"_s << true << int(AccessLog::Format::Json);
    QTest::newRow("case matters") << u"JSON"_s << false << int(AccessLog::Format::Common);
    QTest::newRow("common is clf") << u"common"_s << false << int(AccessLog::Format::Common);
    QTest::newRow("empty") << QString() << false << int(AccessLog::Format::Common);
}

void tst_AccessLog::formatNames()
{
    QFETCH(QString, name);
    QFETCH(bool, known);
    QFETCH(int, format);
    AccessLog::Format parsed = AccessLog::Format::Common;
    QCOMPARE(AccessLog::parseFormat(name, &parsed), known);
    QCOMPARE(int(parsed), format);
    if (known)
        QCOMPARE(AccessLog::formatName(parsed), name);
}

void tst_AccessLog::writesInItsFormat()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"access.json"_s);
    AccessLog log;
    log.setFormat(AccessLog::Format::Json);
    QVERIFY(log.open(path));
    log.writeEvents({finished(u"127.0.0.1"_s, nov27, "GET", "/", 1, 200, 146),
                     finished(u"127.0.0.1"_s, nov27, "GET", "/nope", 1, 404, 9)});
    log.close();
    const QList<QByteArray> lines = readAll(path).split('\n');
    QCOMPARE(lines.size(), 3); // two lines, then the empty rest after the last newline
    QCOMPARE(QJsonDocument::fromJson(lines[1]).object().value(u"status"_s).toInt(), 404);
}

void tst_AccessLog::writesOnlyFinishedRequests()
{
    QTemporaryFile file;
    QVERIFY(file.open());
    AccessLog log;
    QVERIFY2(log.open(file.fileName()), qPrintable(log.errorString()));
    QVERIFY(log.isOpen());

    const ServerEvent opened = TestEvents::connectionOpened(0, 0, u"127.0.0.1"_s);
    ServerEvent started = finished(u"127.0.0.1"_s, nov27, "GET", "/", 1, 0, 0);
    started.type = ServerEvent::Type::RequestStarted;

    log.writeEvents({opened, started, finished(u"127.0.0.1"_s, nov27, "GET", "/", 1, 200, 146)});
    log.writeEvents({});
    log.writeEvents({finished(u"127.0.0.2"_s, nov27 + 1000, "GET", "/nope", 1, 404, 206),
                     finished(u"127.0.0.3"_s, nov27 + 2000, "HEAD", "/", 0, 200, 0)});
    QCOMPARE(log.linesWritten(), qint64(3));

    // writeEvents() flushes per batch: the lines are on disk without closing the log.
    QCOMPARE(readAll(file.fileName()),
             QByteArray("127.0.0.1 - - [27/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 146\n"
                        "127.0.0.2 - - [27/Nov/2026:10:00:01 +0000] \"GET /nope HTTP/1.1\" 404 "
                        "206\n"
                        "127.0.0.3 - - [27/Nov/2026:10:00:02 +0000] \"HEAD / HTTP/1.0\" 200 -\n"));
}

void tst_AccessLog::appendsToExistingFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"access.log"_s);
    {
        QFile existing(path);
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("earlier line\n");
    }
    AccessLog log;
    QVERIFY(log.open(path));
    log.writeEvents({finished(u"127.0.0.1"_s, nov27, "GET", "/", 1, 200, 146)});
    log.close();
    QVERIFY(!log.isOpen());
    QCOMPARE(readAll(path),
             QByteArray("earlier line\n"
                        "127.0.0.1 - - [27/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 200 146\n"));
}

void tst_AccessLog::openFailureIsReported()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    AccessLog log;
    QVERIFY(!log.open(dir.filePath(u"missing/dir/access.log"_s)));
    QVERIFY(!log.isOpen());
    QVERIFY(!log.errorString().isEmpty());
    // Writing to a log that failed to open is a harmless no-op.
    log.writeEvents({finished(u"127.0.0.1"_s, nov27, "GET", "/", 1, 200, 146)});
    QCOMPARE(log.linesWritten(), qint64(0));
}

void tst_AccessLog::writeFailureIsReportedOnce()
{
    // /dev/full accepts the open and fails every write with ENOSPC.
    if (!QFile::exists(u"/dev/full"_s))
        QSKIP("needs /dev/full");
    AccessLog log;
    QVERIFY(log.open(u"/dev/full"_s));
    QSignalSpy failed(&log, &AccessLog::writeFailed);
    log.writeEvents({finished(u"127.0.0.1"_s, nov27, "GET", "/", 1, 200, 146)});
    log.writeEvents({finished(u"127.0.0.1"_s, nov27, "GET", "/", 1, 200, 146)});
    QCOMPARE(failed.size(), 1);
    QVERIFY(!failed.first().first().toString().isEmpty());
    QCOMPARE(log.linesWritten(), qint64(0));
}

QTEST_GUILESS_MAIN(tst_AccessLog)
#include "tst_accesslog.moc"
