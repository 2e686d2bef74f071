#include "httprequest.h"
#include "httpresponse.h"
#include "router.h"

#include <QtCore/QRegularExpression>
#include <QtCore/QTimeZone>
#include <QtTest/QTest>

// Routing and responses as pure functions: no sockets, no clocks.
class tst_Router : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void route_data();
    void route();
    void respond_data();
    void respond();
    void headHasLengthButNoBody();
    void methodNotAllowedCarriesAllow();
    void errorResponsesClose_data();
    void errorResponsesClose();
    void serializeExactHead();
    void serializeKeepAliveHint();
    void httpDateFormat();
    void pagesAreTheBooks();
};

static HttpRequest makeRequest(const QByteArray &method, const QByteArray &path,
                               const QByteArray &query = QByteArray())
{
    HttpRequest request;
    request.method = method;
    request.path = path;
    request.query = query;
    request.target = query.isEmpty() ? path : path + '?' + query;
    return request;
}

void tst_Router::route_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("durationMs");
    QTest::addColumn<bool>("head");

    using K = Router::Route::Kind;
    QTest::newRow("root") << QByteArray("GET") << QByteArray("/") << QByteArray() << int(K::Hello)
                          << 0 << false;
    QTest::newRow("head root") << QByteArray("HEAD") << QByteArray("/") << QByteArray()
                               << int(K::Hello) << 0 << true;
    QTest::newRow("root query ignored") << QByteArray("GET") << QByteArray("/")
                                        << QByteArray("ms=5") << int(K::Hello) << 0 << false;
    QTest::newRow("sleep default") << QByteArray("GET") << QByteArray("/sleep") << QByteArray()
                                   << int(K::Sleep) << 4000 << false;
    QTest::newRow("sleep ms") << QByteArray("GET") << QByteArray("/sleep") << QByteArray("ms=300")
                              << int(K::Sleep) << 300 << false;
    QTest::newRow("sleep ms zero") << QByteArray("GET") << QByteArray("/sleep")
                                   << QByteArray("ms=0") << int(K::Sleep) << 0 << false;
    QTest::newRow("sleep ms clamped") << QByteArray("GET") << QByteArray("/sleep")
                                      << QByteArray("ms=999999") << int(K::Sleep) << 60000 << false;
    // Any number of digits clamps (it used to fall back to the default past 12 digits).
    QTest::newRow("sleep ms huge")
        << QByteArray("GET") << QByteArray("/sleep") << QByteArray("ms=99999999999999999999")
        << int(K::Sleep) << 60000 << false;
    QTest::newRow("sleep ms 13 digits")
        << QByteArray("GET") << QByteArray("/sleep") << QByteArray("ms=1234567890123")
        << int(K::Sleep) << 60000 << false;
    QTest::newRow("sleep ms bad") << QByteArray("GET") << QByteArray("/sleep")
                                  << QByteArray("ms=12a") << int(K::Sleep) << 4000 << false;
    QTest::newRow("sleep ms negative") << QByteArray("GET") << QByteArray("/sleep")
                                       << QByteArray("ms=-5") << int(K::Sleep) << 4000 << false;
    QTest::newRow("sleep other params")
        << QByteArray("GET") << QByteArray("/sleep") << QByteArray("a=1&ms=70&b") << int(K::Sleep)
        << 70 << false;
    QTest::newRow("head sleep") << QByteArray("HEAD") << QByteArray("/sleep") << QByteArray("ms=10")
                                << int(K::Sleep) << 10 << true;
    QTest::newRow("compute default") << QByteArray("GET") << QByteArray("/compute") << QByteArray()
                                     << int(K::Compute) << 200 << false;
    QTest::newRow("compute ms") << QByteArray("GET") << QByteArray("/compute")
                                << QByteArray("ms=50") << int(K::Compute) << 50 << false;
    QTest::newRow("compute clamp low") << QByteArray("GET") << QByteArray("/compute")
                                       << QByteArray("ms=0") << int(K::Compute) << 1 << false;
    QTest::newRow("compute clamp high")
        << QByteArray("GET") << QByteArray("/compute") << QByteArray("ms=20000") << int(K::Compute)
        << 10000 << false;
    QTest::newRow("status") << QByteArray("GET") << QByteArray("/-/status") << QByteArray()
                            << int(K::Status) << 0 << false;
    QTest::newRow("favicon") << QByteArray("GET") << QByteArray("/favicon.ico") << QByteArray()
                             << int(K::Favicon) << 0 << false;
    QTest::newRow("unknown path") << QByteArray("GET") << QByteArray("/nope") << QByteArray()
                                  << int(K::NotFound) << 0 << false;
    QTest::newRow("trailing slash") << QByteArray("GET") << QByteArray("/sleep/") << QByteArray()
                                    << int(K::NotFound) << 0 << false;
    QTest::newRow("case matters") << QByteArray("GET") << QByteArray("/Sleep") << QByteArray()
                                  << int(K::NotFound) << 0 << false;
    QTest::newRow("asterisk") << QByteArray("GET") << QByteArray("*") << QByteArray()
                              << int(K::NotFound) << 0 << false;
    QTest::newRow("post") << QByteArray("POST") << QByteArray("/") << QByteArray()
                          << int(K::MethodNotAllowed) << 0 << false;
    QTest::newRow("delete") << QByteArray("DELETE") << QByteArray("/sleep") << QByteArray()
                            << int(K::MethodNotAllowed) << 0 << false;
    QTest::newRow("options") << QByteArray("OPTIONS") << QByteArray("/") << QByteArray()
                             << int(K::MethodNotAllowed) << 0 << false;
    QTest::newRow("unknown method") << QByteArray("BREW") << QByteArray("/") << QByteArray()
                                    << int(K::NotImplemented) << 0 << false;
    QTest::newRow("lowercase get is unknown")
        << QByteArray("get") << QByteArray("/") << QByteArray() << int(K::NotImplemented) << 0
        << false;
}

void tst_Router::route()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, query);
    QFETCH(int, kind);
    QFETCH(int, durationMs);
    QFETCH(bool, head);

    const Router::Route route = Router::route(makeRequest(method, path, query), 4000);
    QCOMPARE(int(route.kind), kind);
    if (route.kind == Router::Route::Kind::Sleep || route.kind == Router::Route::Kind::Compute)
        QCOMPARE(route.durationMs, durationMs);
    QCOMPARE(route.head, head);
}

void tst_Router::respond_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("bodyContains");
    QTest::addColumn<QByteArray>("contentType");

    using K = Router::Route::Kind;
    const QByteArray html("text/html; charset=utf-8");
    QTest::newRow("hello") << int(K::Hello) << 200 << QByteArray("<h1>Hello!</h1>") << html;
    QTest::newRow("sleep") << int(K::Sleep) << 200 << QByteArray("<h1>Hello!</h1>") << html;
    QTest::newRow("compute") << int(K::Compute) << 200 << QByteArray("<h1>Hello!</h1>") << html;
    QTest::newRow("not found") << int(K::NotFound) << 404 << QByteArray("<h1>Oops!</h1>") << html;
    QTest::newRow("status") << int(K::Status) << 200 << QByteArray("{\"x\":1}")
                            << QByteArray("application/json");
    QTest::newRow("405") << int(K::MethodNotAllowed) << 405 << QByteArray("Method Not Allowed")
                         << html;
    QTest::newRow("501") << int(K::NotImplemented) << 501 << QByteArray("Not Implemented") << html;
    // A PNG's signature: the application icon, so a browser's first visit logs no 404.
    QTest::newRow("favicon") << int(K::Favicon) << 200 << QByteArray("\x89PNG\r\n\x1a\n", 8)
                             << QByteArray("image/png");
}

void tst_Router::respond()
{
    QFETCH(int, kind);
    QFETCH(int, status);
    QFETCH(QByteArray, bodyContains);
    QFETCH(QByteArray, contentType);

    Router::Route route;
    route.kind = Router::Route::Kind(kind);
    const HttpResponse response = Router::respond(route, QByteArray("{\"x\":1}"));
    QCOMPARE(response.status, status);
    QVERIFY2(response.body.contains(bodyContains), response.body.constData());
    QCOMPARE(response.contentType, contentType);
    QCOMPARE(response.noStore, route.kind == Router::Route::Kind::Status);
}

void tst_Router::headHasLengthButNoBody()
{
    Router::Route route;
    route.kind = Router::Route::Kind::Hello;
    route.head = true;
    const HttpResponse response = Router::respond(route);
    const QByteArray wire = response.serialize("Fri, 27 Nov 2026 10:00:00 GMT");
    QVERIFY(wire.endsWith("\r\n\r\n"));
    QVERIFY(wire.contains(
        QByteArray("Content-Length: " + QByteArray::number(Router::helloPage().size()) + "\r\n")));
    QCOMPARE(response.bodyBytesSent(), 0);
}

void tst_Router::methodNotAllowedCarriesAllow()
{
    const Router::Route route = Router::route(makeRequest("PUT", "/"), 5000);
    const QByteArray wire = Router::respond(route).serialize("d");
    QVERIFY(wire.startsWith("HTTP/1.1 405 Method Not Allowed\r\n"));
    QVERIFY(wire.contains("\r\nAllow: GET, HEAD\r\n"));
}

void tst_Router::errorResponsesClose_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("statusLine");
    QTest::newRow("400") << 400 << QByteArray("HTTP/1.1 400 Bad Request\r\n");
    QTest::newRow("408") << 408 << QByteArray("HTTP/1.1 408 Request Timeout\r\n");
    QTest::newRow("413") << 413 << QByteArray("HTTP/1.1 413 Content Too Large\r\n");
    QTest::newRow("414") << 414 << QByteArray("HTTP/1.1 414 URI Too Long\r\n");
    QTest::newRow("431") << 431 << QByteArray("HTTP/1.1 431 Request Header Fields Too Large\r\n");
    QTest::newRow("501") << 501 << QByteArray("HTTP/1.1 501 Not Implemented\r\n");
    QTest::newRow("505") << 505 << QByteArray("HTTP/1.1 505 HTTP Version Not Supported\r\n");
}

void tst_Router::errorResponsesClose()
{
    QFETCH(int, status);
    QFETCH(QByteArray, statusLine);
    const HttpResponse response = Router::errorResponse(status);
    QVERIFY(response.closeConnection);
    const QByteArray wire = response.serialize("d");
    QVERIFY2(wire.startsWith(statusLine), wire.constData());
    QVERIFY(wire.contains("\r\nConnection: close\r\n"));
}

void tst_Router::serializeExactHead()
{
    HttpResponse response;
    response.body = "abc";
    response.noStore = true;
    const QByteArray expected = "HTTP/1.1 200 OK\r\n"
                                "Server: ServeScope/" SERVESCOPE_VERSION "\r\n"
                                "Date: Fri, 27 Nov 2026 10:00:00 GMT\r\n"
                                "Content-Type: text/html; charset=utf-8\r\n"
                                "Content-Length: 3\r\n"
                                "Cache-Control: no-store\r\n"
                                "\r\n"
                                "abc";
    QCOMPARE(response.serialize("Fri, 27 Nov 2026 10:00:00 GMT"), expected);
}

void tst_Router::serializeKeepAliveHint()
{
    HttpResponse response;
    QVERIFY(response.serialize("d", true).contains("\r\nConnection: keep-alive\r\n"));
    QVERIFY(!response.serialize("d", false).contains("Connection:"));
    response.closeConnection = true;
    QVERIFY(response.serialize("d", true).contains("\r\nConnection: close\r\n"));
    QVERIFY(!response.serialize("d", true).contains("keep-alive"));
}

void tst_Router::httpDateFormat()
{
    const QByteArray date = HttpResponse::currentHttpDate();
    static const QRegularExpression imfFixdate(QStringLiteral(
        "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
        "\\d{4} \\d\\d:\\d\\d:\\d\\d GMT$"));
    QVERIFY2(imfFixdate.match(QString::fromLatin1(date)).hasMatch(), date.constData());
    // Month and day names are English whatever the locale; the C locale parses them.
    QDateTime sent = QLocale::c().toDateTime(QString::fromLatin1(date).chopped(4),
                                             QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"));
    QVERIFY(sent.isValid());
    sent.setTimeZone(QTimeZone::utc());
    QVERIFY(qAbs(sent.secsTo(QDateTime::currentDateTimeUtc())) < 5);
}

void tst_Router::pagesAreTheBooks()
{
    QVERIFY(Router::helloPage().contains("<title>Hello!</title>"));
    QVERIFY(Router::helloPage().contains("<h1>Hello!</h1>"));
    QVERIFY(Router::notFoundPage().contains("<h1>Oops!</h1>"));
    QVERIFY(Router::notFoundPage().contains("Sorry, I don't know what you're asking for."));
}

QTEST_APPLESS_MAIN(tst_Router)
#include "tst_router.moc"
