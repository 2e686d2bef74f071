#include "httprequestparser.h"

#include <QtCore/QRandomGenerator>
#include <QtTest/QTest>

using Status = HttpRequestParser::Status;
using Result = HttpRequestParser::Result;

namespace {

// Byte arrays from literals that may hold NUL bytes.
template<std::size_t N>
QByteArray bytes(const char (&literal)[N])
{
    return QByteArray(literal, qsizetype(N - 1));
}

// A request line of exactly `length` bytes (without its line end).
QByteArray requestLineOfLength(qsizetype length)
{
    const QByteArray prefix("GET /");
    const QByteArray suffix(" HTTP/1.1");
    return prefix + QByteArray(length - prefix.size() - suffix.size(), 'a') + suffix;
}

// A header field line of exactly `length` bytes (without its line end).
QByteArray headerLineOfLength(const QByteArray &name, qsizetype length)
{
    return name + ": " + QByteArray(length - name.size() - 2, 'v');
}

// Field lines (starting with Host) whose contents add up to exactly `total` bytes.
QByteArray headerSectionOfSize(qsizetype total)
{
    QByteArray section("Host: x\r\n");
    qsizetype remaining = total - 7;
    for (int i = 0; remaining > 0; ++i) {
        const QByteArray name = "X-Fill-" + QByteArray::number(i);
        const qsizetype length = std::min<qsizetype>(remaining, 8000);
        if (length < name.size() + 2) { // too short for a field of its own: grow the first one
            section = "Host: x" + QByteArray(length, 'x') + "\r\n" + section.mid(9);
            break;
        }
        section += headerLineOfLength(name, length) + "\r\n";
        remaining -= length;
    }
    return section;
}

QByteArray chunkedBodyOfSize(qint64 total)
{
    QByteArray body;
    while (total > 0) {
        const qint64 size = std::min<qint64>(total, 300000);
        body += QByteArray::number(size, 16) + "\r\n" + QByteArray(size, 'c') + "\r\n";
        total -= size;
    }
    return body + "0\r\n\r\n";
}

// Feeds `data` the way a connection does: keep what was not consumed, append what arrives.
struct Feeder
{
    HttpRequestParser parser;
    QByteArray buffer;

    Result feed(const QByteArray &arrived)
    {
        buffer += arrived;
        const Result result = parser.parse(buffer);
        if (result.consumed < 0 || result.consumed > buffer.size())
            qFatal("consumed out of range");
        buffer.remove(0, result.consumed);
        return result;
    }
};

void compareRequests(const HttpRequest &actual, const HttpRequest &expected)
{
    QCOMPARE(actual.method, expected.method);
    QCOMPARE(actual.target, expected.target);
    QCOMPARE(actual.path, expected.path);
    QCOMPARE(actual.query, expected.query);
    QCOMPARE(actual.versionMajor, expected.versionMajor);
    QCOMPARE(actual.versionMinor, expected.versionMinor);
    QCOMPARE(actual.keepAlive, expected.keepAlive);
    QCOMPARE(actual.contentLength, expected.contentLength);
    QCOMPARE(actual.chunked, expected.chunked);
    QCOMPARE(actual.headers, expected.headers);
}

const QByteArray simpleGet("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");

} // namespace

class tst_HttpRequestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validRequest_data();
    void validRequest();
    void headersKeptInOrder();
    void footprintFollowsEachStep();
    void fieldValueBytes();
    void invalidRequest_data();
    void invalidRequest();
    void requestLineLimit_data();
    void requestLineLimit();
    void requestLineTooLongBeforeLineEnd();
    void headerLineLimit_data();
    void headerLineLimit();
    void headerLineTooLongBeforeLineEnd();
    void headerBytesLimit_data();
    void headerBytesLimit();
    void headerCountLimit_data();
    void headerCountLimit();
    void contentLengthLimit_data();
    void contentLengthLimit();
    void chunkedBodyLimit_data();
    void chunkedBodyLimit();
    void chunkSizeLineLimit_data();
    void chunkSizeLineLimit();
    void customLimits();
    void byteAtATime_data();
    void byteAtATime();
    void leftoverBytesNotConsumed();
    void pipelinedRequests();
    void contentLengthBodyThenPipelined();
    void bodyArrivesInPieces();
    void chunkedBodyThenPipelined();
    void chunkedByteAtATimeThenPipelined();
    void randomSplits();
    void extraLineEndsBetweenRequests();
    void errorPersistsUntilReset();
    void resetMidRequest();
    void isInProgress();
    void requestKeptUntilNextComplete();
    void expectsContinue_data();
    void expectsContinue();
};

void tst_HttpRequestParser::validRequest_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<int>("minor");
    QTest::addColumn<bool>("keepAlive");
    QTest::addColumn<qint64>("contentLength");

    QTest::newRow("GET 1.1") << simpleGet << QByteArray("GET") << QByteArray("/") << QByteArray("/")
                             << QByteArray() << 1 << true << qint64(0);
    QTest::newRow("HEAD 1.1") << QByteArray("HEAD /index.html HTTP/1.1\r\nHost: a\r\n\r\n")
                              << QByteArray("HEAD") << QByteArray("/index.html")
                              << QByteArray("/index.html") << QByteArray() << 1 << true
                              << qint64(0);
    QTest::newRow("any token method")
        << QByteArray("M-SEARCH /x HTTP/1.1\r\nHost: a\r\n\r\n") << QByteArray("M-SEARCH")
        << QByteArray("/x") << QByteArray("/x") << QByteArray() << 1 << true << qint64(0);
    QTest::newRow("1.0 without Host")
        << QByteArray("GET /a HTTP/1.0\r\n\r\n") << QByteArray("GET") << QByteArray("/a")
        << QByteArray("/a") << QByteArray() << 0 << false << qint64(0);
    QTest::newRow("1.0 keep-alive")
        << QByteArray("GET /a HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") << QByteArray("GET")
        << QByteArray("/a") << QByteArray("/a") << QByteArray() << 0 << true << qint64(0);
    QTest::newRow("1.0 keep-alive and close")
        << QByteArray("GET /a HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n")
        << QByteArray("GET") << QByteArray("/a") << QByteArray("/a") << QByteArray() << 0 << false
        << qint64(0);
    QTest::newRow("1.1 close") << QByteArray(
        "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
                               << QByteArray("GET") << QByteArray("/") << QByteArray("/")
                               << QByteArray() << 1 << false << qint64(0);
    QTest::newRow("1.1 close in a list, any case")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade ,  CLOSE \r\n\r\n")
        << QByteArray("GET") << QByteArray("/") << QByteArray("/") << QByteArray() << 1 << false
        << qint64(0);
    QTest::newRow("1.1 close on a second Connection line")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n"
                      "connection: close\r\n\r\n")
        << QByteArray("GET") << QByteArray("/") << QByteArray("/") << QByteArray() << 1 << false
        << qint64(0);
    QTest::newRow("1.1 not-close token")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nConnection: closed\r\n\r\n")
        << QByteArray("GET") << QByteArray("/") << QByteArray("/") << QByteArray() << 1 << true
        << qint64(0);
    QTest::newRow("query") << QByteArray("GET /sleep?ms=300 HTTP/1.1\r\nHost: a\r\n\r\n")
                           << QByteArray("GET") << QByteArray("/sleep?ms=300")
                           << QByteArray("/sleep") << QByteArray("ms=300") << 1 << true
                           << qint64(0);
    QTest::newRow("second ? belongs to the query")
        << QByteArray("GET /a?b?c HTTP/1.1\r\nHost: a\r\n\r\n") << QByteArray("GET")
        << QByteArray("/a?b?c") << QByteArray("/a") << QByteArray("b?c") << 1 << true << qint64(0);
    QTest::newRow("empty query") << QByteArray("GET /x? HTTP/1.1\r\nHost: a\r\n\r\n")
                                 << QByteArray("GET") << QByteArray("/x?") << QByteArray("/x")
                                 << QByteArray("") << 1 << true << qint64(0);
    QTest::newRow("percent-decoding, query raw")
        << QByteArray("GET /a%20b%2fc%2F%41%c3%A9?q=%41+b HTTP/1.1\r\nHost: a\r\n\r\n")
        << QByteArray("GET") << QByteArray("/a%20b%2fc%2F%41%c3%A9?q=%41+b")
        << QByteArray("/a b/c/A\xc3\xa9") << QByteArray("q=%41+b") << 1 << true << qint64(0);
    QTest::newRow("percent-encoded percent")
        << QByteArray("GET /100%25 HTTP/1.1\r\nHost: a\r\n\r\n") << QByteArray("GET")
        << QByteArray("/100%25") << QByteArray("/100%") << QByteArray() << 1 << true << qint64(0);
    QTest::newRow("absolute-form")
        << QByteArray(
               "GET http://example.com:8080/a/b%21?x=1 HTTP/1.1\r\nHost: example.com\r\n\r\n")
        << QByteArray("GET") << QByteArray("http://example.com:8080/a/b%21?x=1")
        << QByteArray("/a/b!") << QByteArray("x=1") << 1 << true << qint64(0);
    QTest::newRow("absolute-form without path")
        << QByteArray("GET http://example.com HTTP/1.1\r\nHost: example.com\r\n\r\n")
        << QByteArray("GET") << QByteArray("http://example.com") << QByteArray("/") << QByteArray()
        << 1 << true << qint64(0);
    QTest::newRow("absolute-form, query without path")
        << QByteArray("GET HTTP://Example.com?q HTTP/1.1\r\nHost: example.com\r\n\r\n")
        << QByteArray("GET") << QByteArray("HTTP://Example.com?q") << QByteArray("/")
        << QByteArray("q") << 1 << true << qint64(0);
    QTest::newRow("absolute-form https")
        << QByteArray("GET https://h/x HTTP/1.1\r\nHost: h\r\n\r\n") << QByteArray("GET")
        << QByteArray("https://h/x") << QByteArray("/x") << QByteArray() << 1 << true << qint64(0);
    QTest::newRow("asterisk-form")
        << QByteArray("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n") << QByteArray("OPTIONS")
        << QByteArray("*") << QByteArray("*") << QByteArray() << 1 << true << qint64(0);
    QTest::newRow("leading empty lines")
        << QByteArray("\r\n\n\r\n\nGET / HTTP/1.1\r\nHost: a\r\n\r\n") << QByteArray("GET")
        << QByteArray("/") << QByteArray("/") << QByteArray() << 1 << true << qint64(0);
    QTest::newRow("bare LF") << QByteArray("GET /lf HTTP/1.1\nHost: a\nX: y\n\n")
                             << QByteArray("GET") << QByteArray("/lf") << QByteArray("/lf")
                             << QByteArray() << 1 << true << qint64(0);
    QTest::newRow("mixed line ends")
        << QByteArray("GET /m HTTP/1.1\nHost: a\r\nX: y\n\r\n") << QByteArray("GET")
        << QByteArray("/m") << QByteArray("/m") << QByteArray() << 1 << true << qint64(0);
    QTest::newRow("Content-Length 0")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n") << QByteArray("GET")
        << QByteArray("/") << QByteArray("/") << QByteArray() << 1 << true << qint64(0);
    QTest::newRow("Content-Length with body")
        << QByteArray("POST /p HTTP/1.1\r\nHost: a\r\ncontent-length:   005 \r\n\r\nhello")
        << QByteArray("POST") << QByteArray("/p") << QByteArray("/p") << QByteArray() << 1 << true
        << qint64(5);
    QTest::newRow("1.0 with body")
        << QByteArray("POST /p HTTP/1.0\r\nContent-Length: 3\r\n\r\nabc") << QByteArray("POST")
        << QByteArray("/p") << QByteArray("/p") << QByteArray() << 0 << false << qint64(3);
}

void tst_HttpRequestParser::validRequest()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, query);
    QFETCH(int, minor);
    QFETCH(bool, keepAlive);
    QFETCH(qint64, contentLength);

    HttpRequestParser parser;
    const Result result = parser.parse(raw);
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(result.consumed, raw.size());
    QCOMPARE(result.errorStatus, 0);
    const HttpRequest &request = parser.request();
    QCOMPARE(request.method, method);
    QCOMPARE(request.target, target);
    QCOMPARE(request.path, path);
    QCOMPARE(request.query, query);
    QCOMPARE(request.versionMajor, 1);
    QCOMPARE(request.versionMinor, minor);
    QCOMPARE(request.keepAlive, keepAlive);
    QCOMPARE(request.contentLength, contentLength);
    QVERIFY(!request.chunked);
    QVERIFY(!parser.isInProgress());
}

void tst_HttpRequestParser::footprintFollowsEachStep()
{
    // The footprint is remembered between calls: every parse, take and reset must renew it.
    HttpRequestParser parser;
    QCOMPARE(parser.footprint(), 0);
    const QByteArray head = "GET /a-longer-target-for-the-budget HTTP/1.1\r\nHost: example.com\r\n";
    QCOMPARE(parser.parse(head).status, Status::NeedMore);
    const qsizetype partial = parser.footprint();
    QVERIFY(partial > 0);
    const QByteArray more = head + "X-Padding: " + QByteArray(3000, 'p') + "\r\n";
    QCOMPARE(parser.parse(more).status, Status::NeedMore);
    QVERIFY2(parser.footprint() >= partial + 3000, QByteArray::number(parser.footprint()));
    QCOMPARE(parser.parse(QByteArray(more + "\r\n")).status, Status::Complete);
    const qsizetype complete = parser.footprint();
    QVERIFY(complete >= parser.request().footprint());
    QVERIFY(parser.request().footprint() >= 3000);
    const HttpRequest taken = parser.takeRequest();
    QCOMPARE(parser.footprint(), complete - taken.footprint());
    parser.reset();
    QCOMPARE(parser.footprint(), 0);
}

void tst_HttpRequestParser::headersKeptInOrder()
{
    const QByteArray raw = bytes("GET / HTTP/1.1\r\n"
                                 "Host:example.com\r\n"
                                 "user-AGENT: \t curl/8.0 \t \r\n"
                                 "X-Empty:\r\n"
                                 "X-Spaces:   \r\n"
                                 "X-Inner: a  b\tc\r\n"
                                 "X-Obs-Text: caf\xc3\xa9\r\n"
                                 "x-dup: 1\r\n"
                                 "X-Dup: 2\r\n"
                                 "\r\n");
    HttpRequestParser parser;
    const Result result = parser.parse(raw);
    QCOMPARE(result.status, Status::Complete);
    const HttpRequest request = parser.takeRequest();
    const QList<QPair<QByteArray, QByteArray>> expected {
        {"Host", "example.com"}, {"user-AGENT", "curl/8.0"},    {"X-Empty", ""}, {"X-Spaces", ""},
        {"X-Inner", "a  b\tc"},  {"X-Obs-Text", "caf\xc3\xa9"}, {"x-dup", "1"},  {"X-Dup", "2"},
    };
    QCOMPARE(request.headers, expected);
    QCOMPARE(request.header("User-Agent"), QByteArray("curl/8.0"));
    QCOMPARE(request.header("X-DUP"), QByteArray("1"));
    // Present but empty is distinguishable from absent.
    QVERIFY(!request.header("x-empty").isNull());
    QVERIFY(request.header("x-empty").isEmpty());
    QVERIFY(request.header("X-Missing").isNull());
    // takeRequest() leaves an empty request behind.
    QVERIFY(parser.request().method.isEmpty());
    QVERIFY(parser.request().headers.isEmpty());
}

void tst_HttpRequestParser::fieldValueBytes()
{
    // Every byte value at every position of a value long enough to span several 8-byte words:
    // VCHAR, obs-text, SP and HTAB are allowed, every other CTL (NUL, CR, LF, DEL...) is 400.
    for (int byte = 0; byte < 256; ++byte) {
        if (byte == '\n')
            continue; // a line end, not part of the value
        const char c = char(byte);
        const bool allowed = (byte >= 0x20 && byte != 0x7f) || byte == '\t';
        for (int position = 1; position < 23; ++position) {
            QByteArray value(24, 'v');
            value[position] = c;
            const QByteArray raw = "GET / HTTP/1.1\r\nHost: a\r\nX-Value: " + value + "\r\n\r\n";
            HttpRequestParser parser;
            const Result result = parser.parse(raw);
            const QByteArray context
                = "byte " + QByteArray::number(byte) + " at " + QByteArray::number(position);
            if (allowed) {
                QVERIFY2(result.status == Status::Complete, context.constData());
                QVERIFY2(parser.request().header("x-value") == value, context.constData());
            } else {
                QVERIFY2(result.status == Status::Error && result.errorStatus == 400,
                         context.constData());
            }
        }
    }
}

void tst_HttpRequestParser::invalidRequest_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("expected");

    const QByteArray host("Host: a\r\n");
    auto get = [&](const QByteArray &requestLine) -> QByteArray {
        return requestLine + "\r\n" + host + "\r\n";
    };
    auto withHeaders = [](const QByteArray &fields) -> QByteArray {
        return "GET / HTTP/1.1\r\n" + fields + "\r\n";
    };
    auto chunked = [](const QByteArray &body) -> QByteArray {
        return "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + body;
    };

    // Request line shape.
    QTest::newRow("double space") << get("GET  / HTTP/1.1") << 400;
    QTest::newRow("space before version twice") << get("GET /  HTTP/1.1") << 400;
    QTest::newRow("leading space") << get(" GET / HTTP/1.1") << 400;
    QTest::newRow("trailing space") << get("GET / HTTP/1.1 ") << 400;
    QTest::newRow("tab separator") << get("GET\t/ HTTP/1.1") << 400;
    QTest::newRow("no version") << get("GET /") << 400;
    QTest::newRow("empty version") << get("GET / ") << 400;
    QTest::newRow("method only") << get("GET") << 400;
    QTest::newRow("space in target") << get("GET /a b HTTP/1.1") << 400;
    QTest::newRow("non-token method") << get("GE(T / HTTP/1.1") << 400;
    QTest::newRow("empty method") << get(" / HTTP/1.1") << 400;
    // Targets.
    QTest::newRow("relative target") << get("GET a/b HTTP/1.1") << 400;
    QTest::newRow("authority-form") << get("CONNECT example.com:443 HTTP/1.1") << 400;
    QTest::newRow("other scheme") << get("GET ftp://example.com/ HTTP/1.1") << 400;
    QTest::newRow("empty authority") << get("GET http:///x HTTP/1.1") << 400;
    QTest::newRow("userinfo") << get("GET http://user@example.com/ HTTP/1.1") << 400;
    QTest::newRow("double asterisk") << get("OPTIONS ** HTTP/1.1") << 400;
    QTest::newRow("asterisk with path") << get("OPTIONS */x HTTP/1.1") << 400;
    QTest::newRow("control char in target") << get(bytes("GET /a\x01z HTTP/1.1")) << 400;
    QTest::newRow("DEL in target") << get(bytes("GET /a\x7f HTTP/1.1")) << 400;
    QTest::newRow("tab in target") << get(bytes("GET /a\tb HTTP/1.1")) << 400;
    QTest::newRow("NUL in target") << get(bytes("GET /a\0b HTTP/1.1")) << 400;
    QTest::newRow("bad escape %G1") << get("GET /a%G1 HTTP/1.1") << 400;
    QTest::newRow("trailing %") << get("GET /a% HTTP/1.1") << 400;
    QTest::newRow("short escape %4") << get("GET /a%4 HTTP/1.1") << 400;
    QTest::newRow("short escape before query") << get("GET /a%4?x=1 HTTP/1.1") << 400;
    QTest::newRow("decoded NUL") << get("GET /a%00b HTTP/1.1") << 400;
    // Versions.
    QTest::newRow("Expect other than 100-continue")
        << withHeaders("Host: a\r\nExpect: 200-ok\r\n") << 417;
    QTest::newRow("HTTP/2.0") << get("GET / HTTP/2.0") << 505;
    QTest::newRow("HTTP/3.0") << get("GET / HTTP/3.0") << 505;
    QTest::newRow("HTTP/0.9") << get("GET / HTTP/0.9") << 505;
    QTest::newRow("HTTP/1.2") << get("GET / HTTP/1.2") << 505;
    QTest::newRow("h2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505;
    QTest::newRow("HTTP/1") << get("GET / HTTP/1") << 400;
    QTest::newRow("HTTP/11") << get("GET / HTTP/11") << 400;
    QTest::newRow("lower-case http") << get("GET / http/1.1") << 400;
    QTest::newRow("HTTP/1.1x") << get("GET / HTTP/1.1x") << 400;
    QTest::newRow("HTTP/a.b") << get("GET / HTTP/a.b") << 400;
    QTest::newRow("HTTP/1,1") << get("GET / HTTP/1,1") << 400;
    QTest::newRow("HTTP/10.0") << get("GET / HTTP/10.0") << 400;
    // Line ends.
    QTest::newRow("five empty lines first")
        << "\r\n\r\n\r\n\r\n\r\n" + get("GET / HTTP/1.1") << 400;
    QTest::newRow("bare CR ends request line")
        << QByteArray("GET / HTTP/1.1\rHost: a\r\n\r\n") << 400;
    QTest::newRow("bare CR in header value") << withHeaders("Host: a\rb\r\n") << 400;
    QTest::newRow("CR CR LF") << withHeaders("Host: a\r\r\n") << 400;
    QTest::newRow("bare CR as blank line")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n\r\r\n") << 400;
    // Header fields.
    QTest::newRow("space before colon") << withHeaders("Host : a\r\n") << 400;
    QTest::newRow("tab before colon") << withHeaders("Host\t: a\r\n") << 400;
    QTest::newRow("no colon") << withHeaders("Host: a\r\nX-No-Colon\r\n") << 400;
    QTest::newRow("empty name") << withHeaders("Host: a\r\n: v\r\n") << 400;
    QTest::newRow("non-token name") << withHeaders("Host: a\r\nX(y): v\r\n") << 400;
    QTest::newRow("obs-fold") << withHeaders("Host: a\r\nX: 1\r\n 2\r\n") << 400;
    QTest::newRow("obs-fold with tab") << withHeaders("Host: a\r\nX: 1\r\n\t2\r\n") << 400;
    QTest::newRow("whitespace before first field") << withHeaders(" Host: a\r\n") << 400;
    QTest::newRow("NUL in value") << withHeaders(bytes("Host: a\r\nX: a\0b\r\n")) << 400;
    QTest::newRow("control char in value") << withHeaders(bytes("Host: a\r\nX: a\x01\r\n")) << 400;
    QTest::newRow("DEL in value") << withHeaders(bytes("Host: a\r\nX: a\x7f\r\n")) << 400;
    // Host.
    QTest::newRow("1.1 without Host") << QByteArray("GET / HTTP/1.1\r\nX: y\r\n\r\n") << 400;
    QTest::newRow("1.1 two Hosts") << withHeaders("Host: a\r\nhost: a\r\n") << 400;
    QTest::newRow("1.0 two Hosts")
        << QByteArray("GET / HTTP/1.0\r\nHost: a\r\nHOST: b\r\n\r\n") << 400;
    // Content-Length.
    QTest::newRow("CL negative") << withHeaders("Host: a\r\nContent-Length: -1\r\n") << 400;
    QTest::newRow("CL plus sign") << withHeaders("Host: a\r\nContent-Length: +1\r\n") << 400;
    QTest::newRow("CL inner space") << withHeaders("Host: a\r\nContent-Length: 1 2\r\n") << 400;
    QTest::newRow("CL list") << withHeaders("Host: a\r\nContent-Length: 1,1\r\n") << 400;
    QTest::newRow("CL list with space")
        << withHeaders("Host: a\r\nContent-Length: 1, 1\r\n") << 400;
    QTest::newRow("CL empty") << withHeaders("Host: a\r\nContent-Length: \r\n") << 400;
    QTest::newRow("CL hex") << withHeaders("Host: a\r\nContent-Length: 0x10\r\n") << 400;
    QTest::newRow("CL decimal point") << withHeaders("Host: a\r\nContent-Length: 1.0\r\n") << 400;
    QTest::newRow("CL huge and malformed")
        << withHeaders("Host: a\r\nContent-Length: 99999999999999999999999x\r\n") << 400;
    QTest::newRow("CL duplicate equal")
        << withHeaders("Host: a\r\nContent-Length: 1\r\ncontent-length: 1\r\n") + "x" << 400;
    QTest::newRow("CL duplicate different")
        << withHeaders("Host: a\r\nContent-Length: 1\r\nContent-Length: 2\r\n") << 400;
    QTest::newRow("CL overflow") << withHeaders(
        "Host: a\r\nContent-Length: 99999999999999999999999999999999\r\n")
                                 << 413;
    QTest::newRow("CL just over int64")
        << withHeaders("Host: a\r\nContent-Length: 9223372036854775808\r\n") << 413;
    // Transfer-Encoding.
    QTest::newRow("TE and CL") << withHeaders(
        "Host: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n")
                               << 400;
    QTest::newRow("CL and TE") << withHeaders(
        "Host: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n")
                               << 400;
    QTest::newRow("TE in HTTP/1.0")
        << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 400;
    QTest::newRow("TE chunked not last")
        << withHeaders("Host: a\r\nTransfer-Encoding: chunked, gzip\r\n") << 400;
    QTest::newRow("TE without chunked")
        << withHeaders("Host: a\r\nTransfer-Encoding: gzip\r\n") << 400;
    QTest::newRow("TE chunked twice")
        << withHeaders("Host: a\r\nTransfer-Encoding: chunked, chunked\r\n") << 400;
    QTest::newRow("TE empty") << withHeaders("Host: a\r\nTransfer-Encoding: \r\n") << 400;
    QTest::newRow("TE only commas") << withHeaders("Host: a\r\nTransfer-Encoding: , ,\r\n") << 400;
    QTest::newRow("TE chunked with parameter")
        << withHeaders("Host: a\r\nTransfer-Encoding: chunked;q=1\r\n") << 400;
    QTest::newRow("TE non-token coding")
        << withHeaders("Host: a\r\nTransfer-Encoding: gz(ip), chunked\r\n") << 400;
    QTest::newRow("TE gzip then chunked")
        << withHeaders("Host: a\r\nTransfer-Encoding: gzip, chunked\r\n") << 501;
    QTest::newRow("TE two lines, chunked last")
        << withHeaders("Host: a\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n")
        << 501;
    QTest::newRow("TE two lines, chunked first")
        << withHeaders("Host: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n")
        << 400;
    QTest::newRow("TE identity, chunked")
        << withHeaders("Host: a\r\nTransfer-Encoding: identity, chunked\r\n") << 501;
    // Chunked framing.
    QTest::newRow("chunk size not hex") << chunked("zz\r\nabc\r\n0\r\n\r\n") << 400;
    QTest::newRow("chunk size missing") << chunked("\r\nabc\r\n0\r\n\r\n") << 400;
    QTest::newRow("chunk size negative") << chunked("-1\r\n") << 400;
    QTest::newRow("chunk size with 0x") << chunked("0x5\r\nhello\r\n0\r\n\r\n") << 400;
    QTest::newRow("chunk size, space, garbage") << chunked("5 x\r\nhello\r\n0\r\n\r\n") << 400;
    QTest::newRow("chunk size bare LF") << chunked("5\nhello\r\n0\r\n\r\n") << 400;
    QTest::newRow("chunk ext with control char")
        << chunked(bytes("5;a=\x01\r\nhello\r\n0\r\n\r\n")) << 400;
    QTest::newRow("chunk data too long") << chunked("5\r\nhelloX\r\n0\r\n\r\n") << 400;
    QTest::newRow("chunk data bare LF") << chunked("5\r\nhello\n0\r\n\r\n") << 400;
    QTest::newRow("chunk data then CR X") << chunked("5\r\nhello\rX0\r\n\r\n") << 400;
    QTest::newRow("malformed trailer") << chunked("0\r\nno colon\r\n\r\n") << 400;
    QTest::newRow("trailer obs-fold") << chunked("0\r\nT: 1\r\n 2\r\n\r\n") << 400;
    QTest::newRow("trailer bare LF") << chunked("0\r\nT: 1\n\r\n") << 400;
    QTest::newRow("final line bare LF") << chunked("0\r\n\n") << 400;
    QTest::newRow("chunk size over limit") << chunked("100001\r\n") << 413;
    QTest::newRow("chunk size overflow") << chunked("fffffffffffffffffffffffff\r\n") << 413;
}

void tst_HttpRequestParser::invalidRequest()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, expected);

    HttpRequestParser parser;
    const Result result = parser.parse(raw);
    QCOMPARE(result.status, Status::Error);
    QCOMPARE(result.errorStatus, expected);
    QVERIFY(!parser.isInProgress());

    // The same bytes fed one at a time end in the same error.
    Feeder feeder;
    Result last;
    for (qsizetype i = 0; i < raw.size() && last.status != Status::Error; ++i)
        last = feeder.feed(raw.mid(i, 1));
    QCOMPARE(last.status, Status::Error);
    QCOMPARE(last.errorStatus, expected);
}

void tst_HttpRequestParser::requestLineLimit_data()
{
    QTest::addColumn<QByteArray>("lineEnd");
    QTest::addColumn<qsizetype>("length");
    QTest::addColumn<int>("expected"); // 0: Complete

    QTest::newRow("8192, CRLF") << QByteArray("\r\n") << qsizetype(8192) << 0;
    QTest::newRow("8193, CRLF") << QByteArray("\r\n") << qsizetype(8193) << 414;
    QTest::newRow("8192, LF") << QByteArray("\n") << qsizetype(8192) << 0;
    QTest::newRow("8193, LF") << QByteArray("\n") << qsizetype(8193) << 414;
    QTest::newRow("100000, CRLF") << QByteArray("\r\n") << qsizetype(100000) << 414;
}

void tst_HttpRequestParser::requestLineLimit()
{
    QFETCH(QByteArray, lineEnd);
    QFETCH(qsizetype, length);
    QFETCH(int, expected);

    const QByteArray line = requestLineOfLength(length);
    QCOMPARE(line.size(), length);
    const QByteArray raw = line + lineEnd + "Host: a" + lineEnd + lineEnd;
    HttpRequestParser parser;
    const Result result = parser.parse(raw);
    if (expected == 0) {
        QCOMPARE(result.status, Status::Complete);
        QCOMPARE(result.consumed, raw.size());
        QCOMPARE(parser.request().target.size(), length - 13);
    } else {
        QCOMPARE(result.status, Status::Error);
        QCOMPARE(result.errorStatus, expected);
    }
}

void tst_HttpRequestParser::requestLineTooLongBeforeLineEnd()
{
    const QByteArray line = requestLineOfLength(8192);
    {
        // 8192 bytes, then a CR: still possibly a legal line waiting for its LF.
        HttpRequestParser parser;
        QCOMPARE(parser.parse(line).status, Status::NeedMore);
        QCOMPARE(parser.parse(QByteArray(line + '\r')).status, Status::NeedMore);
        QVERIFY(parser.isInProgress());
        const Result result = parser.parse(QByteArray(line + "\r\nHost: a\r\n\r\n"));
        QCOMPARE(result.status, Status::Complete);
    }
    {
        // The 8193rd byte that is not a line end decides it: no CRLF needed.
        HttpRequestParser parser;
        const Result result = parser.parse(QByteArray(line + 'a'));
        QCOMPARE(result.status, Status::Error);
        QCOMPARE(result.errorStatus, 414);
    }
    {
        // 8192 bytes plus CR plus something else: over the limit too.
        HttpRequestParser parser;
        const Result result = parser.parse(QByteArray(line + "\rX"));
        QCOMPARE(result.status, Status::Error);
        QCOMPARE(result.errorStatus, 414);
    }
    {
        // Fed one byte at a time, the error comes exactly with byte 8193.
        Feeder feeder;
        const QByteArray endless(20000, 'a');
        qsizetype fed = 0;
        Result result;
        while (fed < endless.size() && result.status == Status::NeedMore)
            result = feeder.feed(endless.mid(fed++, 1));
        QCOMPARE(result.status, Status::Error);
        QCOMPARE(result.errorStatus, 414);
        QCOMPARE(fed, qsizetype(8193));
    }
}

void tst_HttpRequestParser::headerLineLimit_data()
{
    QTest::addColumn<qsizetype>("length");
    QTest::addColumn<int>("expected");

    QTest::newRow("8192") << qsizetype(8192) << 0;
    QTest::newRow("8193") << qsizetype(8193) << 431;
    QTest::newRow("20000") << qsizetype(20000) << 431;
}

void tst_HttpRequestParser::headerLineLimit()
{
    QFETCH(qsizetype, length);
    QFETCH(int, expected);

    const QByteArray field = headerLineOfLength("X-Long", length);
    QCOMPARE(field.size(), length);
    const QByteArray raw = "GET / HTTP/1.1\r\nHost: a\r\n" + field + "\r\n\r\n";
    HttpRequestParser parser;
    const Result result = parser.parse(raw);
    if (expected == 0) {
        QCOMPARE(result.status, Status::Complete);
        QCOMPARE(parser.request().header("x-long").size(), length - 8);
    } else {
        QCOMPARE(result.status, Status::Error);
        QCOMPARE(result.errorStatus, expected);
    }
}

void tst_HttpRequestParser::headerLineTooLongBeforeLineEnd()
{
    const QByteArray head("GET / HTTP/1.1\r\nHost: a\r\n");
    const QByteArray field = headerLineOfLength("X-Long", 8192);
    HttpRequestParser parser;
    QCOMPARE(parser.parse(QByteArray(head + field)).status, Status::NeedMore);
    QCOMPARE(parser.parse(QByteArray(head + field + '\r')).status, Status::NeedMore);
    const Result result = parser.parse(QByteArray(head + field + 'v'));
    QCOMPARE(result.status, Status::Error);
    QCOMPARE(result.errorStatus, 431);
}

void tst_HttpRequestParser::headerBytesLimit_data()
{
    QTest::addColumn<qsizetype>("total");
    QTest::addColumn<int>("expected");

    QTest::newRow("32768") << qsizetype(32768) << 0;
    QTest::newRow("32769") << qsizetype(32769) << 431;
    QTest::newRow("40000") << qsizetype(40000) << 431;
}

void tst_HttpRequestParser::headerBytesLimit()
{
    QFETCH(qsizetype, total);
    QFETCH(int, expected);

    const QByteArray section = headerSectionOfSize(total);
    // Every line is under the per-line limit; the fields add up to exactly `total` bytes.
    qsizetype sum = 0;
    for (const QByteArray &line : section.split('\n')) {
        QVERIFY(line.size() <= 8193);
        sum += std::max<qsizetype>(line.size() - 1, 0);
    }
    QCOMPARE(sum, total);

    const QByteArray raw = "GET / HTTP/1.1\r\n" + section + "\r\n";
    HttpRequestParser parser;
    const Result result = parser.parse(raw);
    if (expected == 0) {
        QCOMPARE(result.status, Status::Complete);
        QCOMPARE(result.consumed, raw.size());
    } else {
        QCOMPARE(result.status, Status::Error);
        QCOMPARE(result.errorStatus, expected);
        // Without the final line end the overflow is already visible.
        HttpRequestParser early;
        QCOMPARE(early.parse(QByteArray("GET / HTTP/1.1\r\n" + section.chopped(2))).errorStatus,
                 expected);
    }
}

void tst_HttpRequestParser::headerCountLimit_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("expected");

    QTest::newRow("100") << 100 << 0;
    QTest::newRow("101") << 101 << 431;
}

void tst_HttpRequestParser::headerCountLimit()
{
    QFETCH(int, count);
    QFETCH(int, expected);

    QByteArray raw("GET / HTTP/1.1\r\nHost: a\r\n");
    for (int i = 1; i < count; ++i)
        raw += "X-" + QByteArray::number(i) + ": v\r\n";
    raw += "\r\n";
    HttpRequestParser parser;
    const Result result = parser.parse(raw);
    if (expected == 0) {
        QCOMPARE(result.status, Status::Complete);
        QCOMPARE(parser.request().headers.size(), count);
    } else {
        QCOMPARE(result.status, Status::Error);
        QCOMPARE(result.errorStatus, expected);
    }
}

void tst_HttpRequestParser::contentLengthLimit_data()
{
    QTest::addColumn<qint64>("length");
    QTest::addColumn<int>("expected");

    QTest::newRow("1 MiB") << qint64(1048576) << 0;
    QTest::newRow("1 MiB + 1") << qint64(1048577) << 413;
}

void tst_HttpRequestParser::contentLengthLimit()
{
    QFETCH(qint64, length);
    QFETCH(int, expected);

    const QByteArray head = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: "
        + QByteArray::number(length) + "\r\n\r\n";
    HttpRequestParser parser;
    // The decision comes with the head, before any body byte.
    Result result = parser.parse(head);
    if (expected != 0) {
        QCOMPARE(result.status, Status::Error);
        QCOMPARE(result.errorStatus, expected);
        return;
    }
    QCOMPARE(result.status, Status::NeedMore);
    QCOMPARE(result.consumed, head.size());
    result = parser.parse(QByteArray(length, 'b'));
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(result.consumed, qsizetype(length));
    QCOMPARE(parser.request().contentLength, length);
}

void tst_HttpRequestParser::chunkedBodyLimit_data()
{
    QTest::addColumn<qint64>("total");
    QTest::addColumn<int>("expected");

    QTest::newRow("1 MiB") << qint64(1048576) << 0;
    QTest::newRow("1 MiB + 1") << qint64(1048577) << 413;
}

void tst_HttpRequestParser::chunkedBodyLimit()
{
    QFETCH(qint64, total);
    QFETCH(int, expected);

    const QByteArray raw = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        + chunkedBodyOfSize(total);
    QVERIFY(raw.count("\r\n0\r\n\r\n") == 1 && raw.count("\r\n") > 7); // several chunks
    HttpRequestParser parser;
    const Result result = parser.parse(raw);
    if (expected == 0) {
        QCOMPARE(result.status, Status::Complete);
        QCOMPARE(result.consumed, raw.size());
        QVERIFY(parser.request().chunked);
        QCOMPARE(parser.request().contentLength, total);
    } else {
        QCOMPARE(result.status, Status::Error);
        QCOMPARE(result.errorStatus, expected);
    }
}

void tst_HttpRequestParser::chunkSizeLineLimit_data()
{
    QTest::addColumn<qsizetype>("length");
    QTest::addColumn<int>("expected");

    QTest::newRow("1024") << qsizetype(1024) << 0;
    QTest::newRow("1025") << qsizetype(1025) << 400;
}

void tst_HttpRequestParser::chunkSizeLineLimit()
{
    QFETCH(qsizetype, length);
    QFETCH(int, expected);

    const QByteArray sizeLine = "5;ext=" + QByteArray(length - 6, 'e');
    QCOMPARE(sizeLine.size(), length);
    const QByteArray head("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
    const QByteArray raw = head + sizeLine + "\r\nhello\r\n0\r\n\r\n";
    HttpRequestParser parser;
    const Result result = parser.parse(raw);
    if (expected == 0) {
        QCOMPARE(result.status, Status::Complete);
        QCOMPARE(result.consumed, raw.size());
    } else {
        QCOMPARE(result.status, Status::Error);
        QCOMPARE(result.errorStatus, expected);
        // Detected before the line end arrives.
        HttpRequestParser early;
        QCOMPARE(early.parse(QByteArray(head + sizeLine)).status, Status::Error);
    }
}

void tst_HttpRequestParser::customLimits()
{
    HttpRequestParser::Limits limits;
    limits.maxRequestLine = 20;
    limits.maxHeaderLine = 30;
    limits.maxHeaderBytes = 50;
    limits.maxHeaderCount = 3;
    limits.maxBodyBytes = 10;

    auto statusOf = [&](const QByteArray &raw) {
        HttpRequestParser parser(limits);
        const Result result = parser.parse(raw);
        return result.status == Status::Error ? result.errorStatus : int(result.status) * 1000;
    };
    const int complete = int(Status::Complete) * 1000;
    QCOMPARE(HttpRequestParser(limits).limits().maxHeaderCount, 3);
    QCOMPARE(statusOf("GET /123456 HTTP/1.1\r\nHost: a\r\n\r\n"), complete); // 20
    QCOMPARE(statusOf("GET /1234567 HTTP/1.1\r\nHost: a\r\n\r\n"), 414); // 21
    QCOMPARE(statusOf("GET / HTTP/1.1\r\nHost: a\r\nX: 123456789012345678901234567\r\n\r\n"),
             complete); // 30
    QCOMPARE(statusOf("GET / HTTP/1.1\r\nHost: a\r\nX: 1234567890123456789012345678\r\n\r\n"),
             431); // 31
    QCOMPARE(statusOf("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\nY: 2\r\n\r\n"), complete); // 3
    QCOMPARE(statusOf("GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\nY: 2\r\nZ: 3\r\n\r\n"), 431); // 4
    QCOMPARE(statusOf("GET / HTTP/1.1\r\nHost: a\r\nX: 123456789012345678901234\r\n"
                      "Y: 1234567890123\r\n\r\n"),
             complete); // 7 + 27 + 16 = 50
    QCOMPARE(statusOf("GET / HTTP/1.1\r\nHost: a\r\nX: 123456789012345678901234\r\n"
                      "Y: 12345678901234\r\n\r\n"),
             431); // 51
    QCOMPARE(statusOf("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789"),
             complete);
    QCOMPARE(statusOf("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n"), 413);
    QCOMPARE(statusOf("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "5\r\n01234\r\n5\r\n01234\r\n0\r\n\r\n"),
             complete);
    QCOMPARE(statusOf("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "6\r\n012345\r\n5\r\n01234\r\n0\r\n\r\n"),
             413);
}

void tst_HttpRequestParser::byteAtATime_data()
{
    QTest::addColumn<QByteArray>("raw");

    QTest::newRow("simple GET") << simpleGet;
    QTest::newRow("headers and query")
        << QByteArray("GET /a%20b?x=1 HTTP/1.1\r\nHost: example.com\r\nUser-Agent: test/1.0\r\n"
                      "Accept: */*\r\nConnection: close\r\n\r\n");
    QTest::newRow("leading empty lines, bare LF")
        << QByteArray("\r\n\nHEAD /lf HTTP/1.0\nConnection: keep-alive\n\n");
    QTest::newRow("Content-Length body")
        << QByteArray("POST /form HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world");
    QTest::newRow("chunked body") << QByteArray(
        "POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        "5;name=value\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n"
        "0\r\nX-Trailer: t\r\n\r\n");
}

void tst_HttpRequestParser::byteAtATime()
{
    QFETCH(QByteArray, raw);

    HttpRequestParser whole;
    QCOMPARE(whole.parse(raw).status, Status::Complete);

    Feeder feeder;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const Result result = feeder.feed(raw.mid(i, 1));
        if (i + 1 < raw.size()) {
            if (result.status != Status::NeedMore)
                QFAIL(qPrintable(QStringLiteral("finished early at byte %1").arg(i)));
        } else {
            QCOMPARE(result.status, Status::Complete);
        }
    }
    QVERIFY(feeder.buffer.isEmpty());
    compareRequests(feeder.parser.request(), whole.request());
}

void tst_HttpRequestParser::leftoverBytesNotConsumed()
{
    HttpRequestParser parser;
    const QByteArray raw = simpleGet + "GE";
    const Result result = parser.parse(raw);
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(result.consumed, simpleGet.size());
    const Result next = parser.parse(QByteArrayView(raw).sliced(result.consumed));
    QCOMPARE(next.status, Status::NeedMore);
    QCOMPARE(next.consumed, 0);
    QVERIFY(parser.isInProgress());
    // Calling again with no new bytes changes nothing.
    QCOMPARE(parser.parse(QByteArrayView(raw).sliced(result.consumed)).status, Status::NeedMore);
}

void tst_HttpRequestParser::pipelinedRequests()
{
    const QByteArray first("GET /one HTTP/1.1\r\nHost: a\r\n\r\n");
    const QByteArray second("HEAD /two?x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    const QByteArray third("GET /three HTTP/1.0\r\n\r\n");
    QByteArray buffer = first + second + third;

    HttpRequestParser parser;
    const QList<QByteArray> expectedPaths {"/one", "/two", "/three"};
    const QList<qsizetype> expectedSizes {first.size(), second.size(), third.size()};
    for (int i = 0; i < 3; ++i) {
        const Result result = parser.parse(buffer);
        QCOMPARE(result.status, Status::Complete);
        QCOMPARE(result.consumed, expectedSizes.at(i));
        QCOMPARE(parser.request().path, expectedPaths.at(i));
        buffer.remove(0, result.consumed);
    }
    QVERIFY(buffer.isEmpty());
    QCOMPARE(parser.parse(buffer).status, Status::NeedMore);
    QVERIFY(!parser.isInProgress());
}

void tst_HttpRequestParser::contentLengthBodyThenPipelined()
{
    // The body looks like a request; it must be skipped, not parsed.
    const QByteArray body("GET /evil HTTP/1.1\r\nHost: a\r\n\r\n");
    const QByteArray first = "GET /with-body HTTP/1.1\r\nHost: a\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    const QByteArray second("GET /next HTTP/1.1\r\nHost: a\r\n\r\n");
    QByteArray buffer = first + second;

    HttpRequestParser parser;
    Result result = parser.parse(buffer);
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(result.consumed, first.size());
    QCOMPARE(parser.request().path, QByteArray("/with-body"));
    QCOMPARE(parser.request().contentLength, body.size());
    buffer.remove(0, result.consumed);

    result = parser.parse(buffer);
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(result.consumed, second.size());
    QCOMPARE(parser.request().path, QByteArray("/next"));
    QCOMPARE(parser.request().contentLength, 0);
}

void tst_HttpRequestParser::bodyArrivesInPieces()
{
    const QByteArray head("POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n");
    Feeder feeder;
    Result result = feeder.feed(head + "012");
    QCOMPARE(result.status, Status::NeedMore);
    QCOMPARE(result.consumed, head.size() + 3); // the body is not buffered
    QVERIFY(feeder.buffer.isEmpty());
    QVERIFY(feeder.parser.isInProgress());

    result = feeder.feed("3456");
    QCOMPARE(result.status, Status::NeedMore);
    QCOMPARE(result.consumed, 4);

    result = feeder.feed("789GET /next HTTP/1.1\r\n");
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(result.consumed, 3);
    QCOMPARE(feeder.parser.request().path, QByteArray("/p"));
    QCOMPARE(feeder.buffer, QByteArray("GET /next HTTP/1.1\r\n"));

    result = feeder.feed("Host: a\r\n\r\n");
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(feeder.parser.request().path, QByteArray("/next"));
}

void tst_HttpRequestParser::chunkedBodyThenPipelined()
{
    // Extensions, leading zeros, BWS after the size, a chunk that looks like a request,
    // trailers; the coding list has an empty element and odd case.
    const QByteArray first("POST /chunks HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: ,Chunked \r\n"
                           "\r\n"
                           "5;ext=1;other=\"q\"\r\nhello\r\n"
                           "0000A\r\n0123456789\r\n"
                           "1f \r\nGET /evil HTTP/1.1\r\nHost: a\r\n\r\n\r\n"
                           "0\r\nTrailer-One: x\r\nTrailer-Two: y\r\n\r\n");
    const QByteArray second("GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
    QByteArray buffer = first + second;

    HttpRequestParser parser;
    Result result = parser.parse(buffer);
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(result.consumed, first.size());
    QCOMPARE(parser.request().path, QByteArray("/chunks"));
    QVERIFY(parser.request().chunked);
    QCOMPARE(parser.request().contentLength, 5 + 10 + 31);
    buffer.remove(0, result.consumed);

    result = parser.parse(buffer);
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(result.consumed, second.size());
    QCOMPARE(parser.request().path, QByteArray("/after"));
    QVERIFY(!parser.request().chunked);
}

void tst_HttpRequestParser::chunkedByteAtATimeThenPipelined()
{
    const QByteArray first("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                           "3\r\nabc\r\n10;x=y\r\n0123456789abcdef\r\n0\r\nT: 1\r\n\r\n");
    const QByteArray second("GET /after HTTP/1.1\r\nHost: a\r\n\r\n");
    const QByteArray all = first + second;

    Feeder feeder;
    QList<qsizetype> completedAt;
    QList<QByteArray> paths;
    for (qsizetype i = 0; i < all.size(); ++i) {
        const Result result = feeder.feed(all.mid(i, 1));
        QVERIFY(result.status != Status::Error);
        if (result.status == Status::Complete) {
            completedAt.append(i + 1);
            paths.append(feeder.parser.request().path);
            QCOMPARE(feeder.parser.request().contentLength, completedAt.size() == 1 ? 19 : 0);
        }
    }
    QCOMPARE(completedAt, (QList<qsizetype> {first.size(), all.size()}));
    QCOMPARE(paths, (QList<QByteArray> {"/c", "/after"}));
    QVERIFY(feeder.buffer.isEmpty());
}

void tst_HttpRequestParser::randomSplits()
{
    // A mixed pipelined stream cut at random points (fixed seed) gives the same requests, in
    // order, as the stream parsed whole.
    const QByteArray stream = simpleGet
        + "POST /cl HTTP/1.1\r\nHost: a\r\nContent-Length: 7\r\n\r\npayload"
          "\r\nPOST /te HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
          "4;e=1\r\nwiki\r\n5\r\npedia\r\n0\r\nT: x\r\n\r\n"
          "GET /q?x=%41 HTTP/1.0\nConnection: keep-alive\n\n"
          "OPTIONS * HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";

    QList<HttpRequest> expected;
    {
        HttpRequestParser parser;
        QByteArrayView rest(stream);
        while (!rest.isEmpty()) {
            const Result result = parser.parse(rest);
            QCOMPARE(result.status, Status::Complete);
            expected.append(parser.takeRequest());
            rest = rest.sliced(result.consumed);
        }
    }
    QCOMPARE(expected.size(), 5);

    QRandomGenerator random(20240611);
    for (int round = 0; round < 200; ++round) {
        Feeder feeder;
        QList<HttpRequest> actual;
        qsizetype pos = 0;
        while (pos < stream.size()) {
            const qsizetype piece = std::min<qsizetype>(random.bounded(1, 40), stream.size() - pos);
            Result result = feeder.feed(stream.mid(pos, piece));
            pos += piece;
            // Several requests may be waiting: drain them as a connection does.
            while (result.status == Status::Complete) {
                actual.append(feeder.parser.takeRequest());
                result = feeder.feed(QByteArray());
            }
            QCOMPARE(result.status, Status::NeedMore);
        }
        QCOMPARE(actual.size(), expected.size());
        for (int i = 0; i < actual.size(); ++i) {
            compareRequests(actual.at(i), expected.at(i));
            if (QTest::currentTestFailed())
                return;
        }
        QVERIFY(feeder.buffer.isEmpty());
    }
}

void tst_HttpRequestParser::extraLineEndsBetweenRequests()
{
    // Some old clients send CRLF after a POST body; it must not break the next request.
    const QByteArray first("POST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok");
    QByteArray buffer = first + "\r\n" + simpleGet;
    HttpRequestParser parser;
    Result result = parser.parse(buffer);
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(result.consumed, first.size());
    buffer.remove(0, result.consumed);
    QCOMPARE(parser.parse("\r\n").status, Status::NeedMore);
    QVERIFY(!parser.isInProgress());
    result = parser.parse(buffer);
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(result.consumed, buffer.size());
    QCOMPARE(parser.request().path, QByteArray("/"));
}

void tst_HttpRequestParser::errorPersistsUntilReset()
{
    HttpRequestParser parser;
    Result result = parser.parse("GET / HTTP/1.1\r\nBad Header: x\r\n\r\n");
    QCOMPARE(result.status, Status::Error);
    QCOMPARE(result.errorStatus, 400);

    // A perfectly good request is still refused with the same error.
    result = parser.parse(simpleGet);
    QCOMPARE(result.status, Status::Error);
    QCOMPARE(result.errorStatus, 400);
    QCOMPARE(result.consumed, 0);
    QVERIFY(!parser.isInProgress());

    parser.reset();
    result = parser.parse(simpleGet);
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(result.consumed, simpleGet.size());
    QCOMPARE(parser.request().path, QByteArray("/"));

    // A different error status is kept too.
    parser.reset();
    QCOMPARE(parser.parse("GET / HTTP/2.0\r\n").errorStatus, 505);
    QCOMPARE(parser.parse(simpleGet).errorStatus, 505);
}

void tst_HttpRequestParser::resetMidRequest()
{
    HttpRequestParser parser;
    QCOMPARE(parser.parse("GET /first HTTP/1.1\r\nHo").status, Status::NeedMore);
    QVERIFY(parser.isInProgress());
    parser.reset();
    QVERIFY(!parser.isInProgress());
    Result result = parser.parse("GET /second HTTP/1.1\r\nHost: a\r\n\r\n");
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(parser.request().path, QByteArray("/second"));

    // Mid-body: after reset the next bytes are a new request, not body.
    result = parser.parse("POST /body HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nxx");
    QCOMPARE(result.status, Status::NeedMore);
    QVERIFY(parser.isInProgress());
    parser.reset();
    QVERIFY(parser.request().path.isEmpty());
    result = parser.parse("GET /third HTTP/1.1\r\nHost: a\r\n\r\n");
    QCOMPARE(result.status, Status::Complete);
    QCOMPARE(parser.request().path, QByteArray("/third"));
    QCOMPARE(parser.request().contentLength, 0);
}

void tst_HttpRequestParser::isInProgress()
{
    Feeder feeder;
    QVERIFY(!feeder.parser.isInProgress());
    feeder.feed("\r\n");
    QVERIFY(!feeder.parser.isInProgress()); // an empty line is not a request
    feeder.feed("\r");
    QVERIFY(!feeder.parser.isInProgress()); // nor is half of one
    feeder.feed("\nG");
    QVERIFY(feeder.parser.isInProgress());
    QCOMPARE(feeder.feed("ET / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\n").status,
             Status::NeedMore);
    QVERIFY(feeder.parser.isInProgress()); // waiting for the body
    QCOMPARE(feeder.feed("x").status, Status::Complete);
    QVERIFY(!feeder.parser.isInProgress());
}

void tst_HttpRequestParser::requestKeptUntilNextComplete()
{
    HttpRequestParser parser;
    QCOMPARE(parser.parse("GET /a HTTP/1.1\r\nHost: a\r\n\r\n").status, Status::Complete);
    QCOMPARE(parser.parse("GET /b HTTP/1.1\r\nHost: b\r\nX: 1\r\n").status, Status::NeedMore);
    QCOMPARE(parser.request().path, QByteArray("/a"));
    QCOMPARE(parser.request().headers.size(), 1);

    const HttpRequest taken = parser.takeRequest();
    QCOMPARE(taken.path, QByteArray("/a"));
    QCOMPARE(taken.header("host"), QByteArray("a"));
    QCOMPARE(parser.parse("GET /b HTTP/1.1\r\nHost: b\r\nX: 1\r\n\r\n").status, Status::Complete);
    QCOMPARE(parser.request().path, QByteArray("/b"));
    QCOMPARE(parser.request().header("host"), QByteArray("b"));
    QCOMPARE(parser.request().headers.size(), 2);
    QCOMPARE(taken.path, QByteArray("/a")); // the taken copy is independent
}

void tst_HttpRequestParser::expectsContinue_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("expected"); // after the head, before the body
    const QByteArray fields("Host: a\r\nContent-Length: 5\r\n");
    QTest::newRow("HTTP/1.1, Content-Length")
        << QByteArray("POST / HTTP/1.1\r\n" + fields + "Expect: 100-continue\r\n\r\n")
        << QByteArray("hello") << true;
    QTest::newRow("any case") << QByteArray("POST / HTTP/1.1\r\n" + fields
                                            + "expect: 100-Continue\r\n\r\n")
                              << QByteArray("hello") << true;
    QTest::newRow("chunked") << QByteArray(
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
        "Expect: 100-continue\r\n\r\n")
                             << QByteArray("5\r\nhello\r\n0\r\n\r\n") << true;
    QTest::newRow("no expectation")
        << QByteArray("POST / HTTP/1.1\r\n" + fields + "\r\n") << QByteArray("hello") << false;
    QTest::newRow("HTTP/1.0 ignores it")
        << QByteArray("POST / HTTP/1.0\r\n" + fields + "Expect: 100-continue\r\n\r\n")
        << QByteArray("hello") << false;
    QTest::newRow("no body, nothing to wait for")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n\r\n") << QByteArray()
        << false;
}

void tst_HttpRequestParser::expectsContinue()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, body);
    QFETCH(bool, expected);
    Feeder feeder;
    QVERIFY(!feeder.parser.expectsContinue());
    // Not before the head is complete: its last line could still refuse the request.
    feeder.feed(head.left(head.size() - 2));
    QVERIFY(!feeder.parser.expectsContinue());
    const Result afterHead = feeder.feed(head.right(2));
    QCOMPARE(afterHead.status, body.isEmpty() ? Status::Complete : Status::NeedMore);
    QCOMPARE(feeder.parser.expectsContinue(), expected);
    if (body.isEmpty())
        return;
    QCOMPARE(feeder.feed(body.left(2)).status, Status::NeedMore);
    QCOMPARE(feeder.parser.expectsContinue(), expected); // until the whole body is in
    QCOMPARE(feeder.feed(body.mid(2)).status, Status::Complete);
    QVERIFY(!feeder.parser.expectsContinue());
    // The next request starts afresh.
    QCOMPARE(feeder.feed("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\n").status,
             Status::NeedMore);
    QVERIFY(!feeder.parser.expectsContinue());
}

QTEST_APPLESS_MAIN(tst_HttpRequestParser)
#include "tst_httprequestparser.moc"
