#include "hostfilter.h"
#include "httprequest.h"
#include "router.h"

#include <QtTest/QTest>

// The Host field's syntax (RFC 9112 §3.2, RFC 3986 §3.2.2) and the DNS-rebinding policy: on
// loopback only loopback names, loopback addresses and names the user allowed are served.
class tst_HostFilter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wellFormed_data();
    void wellFormed();
    void loopbackOnly_data();
    void loopbackOnly();
    void offAllowsEverything();
    void routerRefusesBeforeAnyWork_data();
    void routerRefusesBeforeAnyWork();
};

void tst_HostFilter::wellFormed_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<bool>("wellFormed");

    QTest::newRow("name") << QByteArray("localhost") << true;
    QTest::newRow("name and port") << QByteArray("localhost:7878") << true;
    QTest::newRow("IPv4") << QByteArray("127.0.0.1:80") << true;
    QTest::newRow("IPv6") << QByteArray("[::1]:7878") << true;
    QTest::newRow("IPv6 without port") << QByteArray("[::1]") << true;
    QTest::newRow("IPv6 with IPv4") << QByteArray("[::ffff:127.0.0.1]") << true;
    QTest::newRow("IPvFuture") << QByteArray("[v1.x]") << true;
    QTest::newRow("sub-delims and pct") << QByteArray("a-b_c~d!$&'()*+,;=%41") << true;
    QTest::newRow("empty") << QByteArray("") << true;
    QTest::newRow("empty port") << QByteArray("localhost:") << true;
    QTest::newRow("space") << QByteArray("a b") << false;
    QTest::newRow("userinfo and path") << QByteArray("a/b@c") << false;
    QTest::newRow("userinfo") << QByteArray("user@localhost") << false;
    QTest::newRow("path") << QByteArray("localhost/x") << false;
    QTest::newRow("bad pct") << QByteArray("a%4") << false;
    QTest::newRow("port letters") << QByteArray("localhost:80a") << false;
    QTest::newRow("port too long") << QByteArray("localhost:123456") << false;
    QTest::newRow("two colons") << QByteArray("a:1:2") << false;
    QTest::newRow("only a port") << QByteArray(":80") << false;
    QTest::newRow("unclosed bracket") << QByteArray("[::1") << false;
    QTest::newRow("junk after bracket") << QByteArray("[::1]x") << false;
    QTest::newRow("empty brackets") << QByteArray("[]") << false;
    QTest::newRow("name in brackets") << QByteArray("[localhost]") << false;
    QTest::newRow("control byte") << QByteArray("a\x01z") << false;
}

void tst_HostFilter::wellFormed()
{
    QFETCH(QByteArray, field);
    QFETCH(bool, wellFormed);
    QCOMPARE(HostFilter::isWellFormed(field), wellFormed);
}

void tst_HostFilter::loopbackOnly_data()
{
    QTest::addColumn<QByteArray>("field");
    QTest::addColumn<bool>("allowed");

    QTest::newRow("localhost") << QByteArray("localhost") << true;
    QTest::newRow("LocalHost:7878") << QByteArray("LocalHost:7878") << true;
    QTest::newRow("localhost.") << QByteArray("localhost.") << true;
    QTest::newRow("app.localhost") << QByteArray("app.localhost:5173") << true;
    QTest::newRow("127.0.0.1") << QByteArray("127.0.0.1:7878") << true;
    QTest::newRow("127.1.2.3") << QByteArray("127.1.2.3") << true;
    QTest::newRow("[::1]") << QByteArray("[::1]:7878") << true;
    QTest::newRow("[0:0:0:0:0:0:0:1]") << QByteArray("[0:0:0:0:0:0:0:1]") << true;
    QTest::newRow("allowed name") << QByteArray("DevBox.example:8080") << true;
    QTest::newRow("allowed name, fully qualified") << QByteArray("devbox.example.") << true;
    QTest::newRow("rebinding page") << QByteArray("evil.example") << false;
    QTest::newRow("rebinding page with port") << QByteArray("evil.example:7878") << false;
    QTest::newRow("localhost as a prefix") << QByteArray("localhost.evil.example") << false;
    QTest::newRow("localhost without dot") << QByteArray("evillocalhost") << false;
    QTest::newRow("LAN address") << QByteArray("192.168.1.5:7878") << false;
    QTest::newRow("128.0.0.1") << QByteArray("128.0.0.1") << false;
    QTest::newRow("127.0.0.256") << QByteArray("127.0.0.256") << false;
    QTest::newRow("127.0.0") << QByteArray("127.0.0") << false;
    QTest::newRow("other IPv6") << QByteArray("[fe80::1]") << false;
    QTest::newRow("empty") << QByteArray("") << false;
}

void tst_HostFilter::loopbackOnly()
{
    QFETCH(QByteArray, field);
    QFETCH(bool, allowed);
    const HostFilter filter = HostFilter::loopbackOnly({QByteArrayLiteral("devbox.example")});
    QVERIFY(filter.isEnabled());
    QCOMPARE(filter.allows(field), allowed);
    // No Host at all (HTTP/1.0): no browser sends that, so nothing to defend.
    QVERIFY(filter.allows(QByteArrayView()));
}

void tst_HostFilter::offAllowsEverything()
{
    const HostFilter off;
    QVERIFY(!off.isEnabled());
    QVERIFY(off.allows("evil.example"));
    QVERIFY(off.allows("192.168.1.5"));
}

void tst_HostFilter::routerRefusesBeforeAnyWork_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("/") << QByteArray("/");
    QTest::newRow("/compute") << QByteArray("/compute");
    QTest::newRow("/sleep") << QByteArray("/sleep");
    QTest::newRow("/-/status") << QByteArray("/-/status");
}

void tst_HostFilter::routerRefusesBeforeAnyWork()
{
    QFETCH(QByteArray, path);
    HttpRequest request;
    request.method = "GET";
    request.target = path;
    request.path = path;
    request.headers.append({QByteArrayLiteral("Host"), QByteArrayLiteral("evil.example")});
    const HostFilter filter = HostFilter::loopbackOnly({});

    const Router::Route refused = Router::route(request, 5000, filter);
    QCOMPARE(refused.kind, Router::Route::Kind::ForbiddenHost);
    QCOMPARE(refused.durationMs, 0); // nothing to wait for or compute
    const HttpResponse response = Router::respond(refused);
    QCOMPARE(response.status, 403);
    QVERIFY(response.body.contains("Invalid Host header"));
    QVERIFY(!response.closeConnection);

    request.headers.first().second = QByteArrayLiteral("localhost:7878");
    QVERIFY(Router::route(request, 5000, filter).kind != Router::Route::Kind::ForbiddenHost);
    request.headers.first().second = QByteArrayLiteral("evil.example");
    QVERIFY(Router::route(request, 5000, HostFilter()).kind != Router::Route::Kind::ForbiddenHost);
}

QTEST_GUILESS_MAIN(tst_HostFilter)
#include "tst_hostfilter.moc"
