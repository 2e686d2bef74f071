#include "childprocess.h"
#include "httptestclient.h"
#include "rawsocket.h"
#include "server.h"
#include "startserver.h"

#include <QtCore/QFile>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QScopeGuard>
#include <QtCore/QTimer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <algorithm>
#include <memory>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

using Response = HttpTestClient::Response;
using Clients = std::vector<std::unique_ptr<HttpTestClient>>;

ServerConfig testConfig(DispatchMode mode = DispatchMode::Concurrent, int threads = 2)
{
    ServerConfig config;
    config.bindAddress = QHostAddress(QHostAddress::LocalHost);
    config.port = 0;
    config.mode = mode;
    config.threads = threads;
    return config;
}

// A literal with its NUL bytes.
template<std::size_t N>
QByteArray bytes(const char (&literal)[N])
{
    return QByteArray(literal, qsizetype(N - 1));
}

/*! "<method> <target> HTTP/1.1", then \a fields (each ending in CR LF), then the blank line. */
QByteArray head(const QByteArray &fields, const QByteArray &method = "GET",
                const QByteArray &target = "/")
{
    return method + ' ' + target + " HTTP/1.1\r\n" + fields + "\r\n";
}

QByteArray chunkedPost(const QByteArray &body)
{
    return head("Host: localhost\r\nTransfer-Encoding: chunked\r\n", "POST") + body;
}

/*!
    An unfinished request head of about 40 KiB (a long target and four long fields, each under
    its limit, the blank line missing): what a connection holds at most while it reads a head.
*/
QByteArray largeUnfinishedHead()
{
    QByteArray request = "GET /" + QByteArray(8000, 'a') + " HTTP/1.1\r\nHost: localhost\r\n";
    for (int i = 0; i < 4; ++i)
        request += "X-Pad-" + QByteArray::number(i) + ": " + QByteArray(7900, 'p') + "\r\n";
    return request;
}

} // namespace

// After a fault the server is back where it started: no connection, sleep, queued request or
// buffered byte is left over.
#define VERIFY_BACK_TO_ZERO(server)                                                                \
    do {                                                                                           \
        QTRY_COMPARE_WITH_TIMEOUT((server).stats().active, qint64(0), 10000);                      \
        const ServerStats::Snapshot s_ = (server).stats();                                         \
        QCOMPARE(s_.reading + s_.writing + s_.idle, qint64(0));                                    \
        QTRY_COMPARE_WITH_TIMEOUT((server).stats().pendingSleeps, qint64(0), 10000);               \
        QTRY_COMPARE_WITH_TIMEOUT((server).stats().queuedForWorker, qint64(0), 10000);             \
        QTRY_COMPARE_WITH_TIMEOUT((server).stats().bufferedBytes, qint64(0), 10000);               \
    } while (false)

/*!
    The robustness suite: what a hostile or broken client can do to the server over real
    loopback sockets, each case with the exact status it gets and whether the connection
    closes, and after each one every counter back at zero. The parser's own tests
    (tst_httprequestparser) cover each rule byte by byte; these prove the whole server acts on
    them. (Further socket-level cases live in tst_server: limits, timeouts, refused uploads.)
*/
class tst_Robustness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void framingAndHost_data();
    void framingAndHost();
    void slowRequestGets408_data();
    void slowRequestGets408();
    void leavesMidRequest_data();
    void leavesMidRequest();
    void leavesDuringWork_data();
    void leavesDuringWork();
    void slowReaderIsDropped();
    void memoryBudgetShedsTheIdlest();
    void connectionCapHoldsAndRecovers();
};

void tst_Robustness::framingAndHost_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("closes");

    const QByteArray host = "Host: localhost\r\n";
    // RFC 9112 §6.3: both framings at once are a smuggling attempt.
    QTest::newRow("Content-Length and Transfer-Encoding")
        << head(host + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "POST") + "0\r\n\r\n"
        << 400 << true;
    QTest::newRow("Transfer-Encoding and Content-Length")
        << head(host + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", "POST") + "0\r\n\r\n"
        << 400 << true;
    // §6.3: chunked must be the last coding; other codings are not implemented.
    QTest::newRow("TE chunked, identity")
        << head(host + "Transfer-Encoding: chunked, identity\r\n", "POST") << 400 << true;
    QTest::newRow("TE gzip") << head(host + "Transfer-Encoding: gzip\r\n", "POST") << 400 << true;
    QTest::newRow("TE gzip, chunked")
        << head(host + "Transfer-Encoding: gzip, chunked\r\n", "POST") << 501 << true;
    QTest::newRow("TE identity, chunked")
        << head(host + "Transfer-Encoding: identity, chunked\r\n", "POST") << 501 << true;
    QTest::newRow("TE in HTTP/1.0")
        << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 400
        << true;
    QTest::newRow("chunked body read, then 405")
        << chunkedPost("5\r\nhello\r\n0\r\n\r\n") << 405 << false;
    QTest::newRow("chunk size overflow")
        << chunkedPost("fffffffffffffffffffffffff\r\nx\r\n0\r\n\r\n") << 413 << true;
    QTest::newRow("chunk size not hex") << chunkedPost("zz\r\nabc\r\n0\r\n\r\n") << 400 << true;
    QTest::newRow("chunk size bare LF") << chunkedPost("5\nhello\r\n0\r\n\r\n") << 400 << true;
    // §2.2: a bare CR is invalid; a bare LF ending a head line is accepted.
    QTest::newRow("bare CR ends the request line")
        << QByteArray("GET / HTTP/1.1\rHost: localhost\r\n\r\n") << 400 << true;
    QTest::newRow("bare CR in a field") << head("Host: local\rhost\r\n") << 400 << true;
    QTest::newRow("bare LF line ends")
        << QByteArray("GET / HTTP/1.1\nHost: localhost\n\n") << 200 << false;
    QTest::newRow("NUL in a field") << head(host + bytes("X: a\0b\r\n")) << 400 << true;
    QTest::newRow("NUL in the target")
        << bytes("GET /a\0b HTTP/1.1\r\nHost: localhost\r\n\r\n") << 400 << true;
    QTest::newRow("obs-fold") << head(host + "X: 1\r\n 2\r\n") << 400 << true;
    QTest::newRow("field name with a space before the colon")
        << head("Host : localhost\r\n") << 400 << true;
    // §6.2 / §6.3: one valid Content-Length, or the framing is unknown.
    QTest::newRow("CL negative") << head(host + "Content-Length: -1\r\n", "POST") << 400 << true;
    QTest::newRow("CL with a sign") << head(host + "Content-Length: +1\r\n", "POST") << 400 << true;
    QTest::newRow("CL hex") << head(host + "Content-Length: 0x10\r\n", "POST") << 400 << true;
    QTest::newRow("CL list") << head(host + "Content-Length: 1,1\r\n", "POST") << 400 << true;
    QTest::newRow("CL duplicate, equal")
        << head(host + "Content-Length: 1\r\nContent-Length: 1\r\n", "POST") + "x" << 400 << true;
    QTest::newRow("CL duplicate, conflicting")
        << head(host + "Content-Length: 1\r\nContent-Length: 2\r\n", "POST") + "xy" << 400 << true;
    QTest::newRow("CL overflow") << head(host + "Content-Length: 99999999999999999999999999\r\n",
                                         "POST")
                                 << 413 << true;
    // Over-long heads (a single line over 8 KiB: tst_server, errorsOnTheWire).
    QByteArray manyFields = host;
    for (int i = 0; i < 100; ++i)
        manyFields += "X-" + QByteArray::number(i) + ": v\r\n";
    QTest::newRow("101 header lines") << head(manyFields) << 431 << true;
    QByteArray largeFields = host;
    for (int i = 0; i < 5; ++i)
        largeFields += "X-Pad-" + QByteArray::number(i) + ": " + QByteArray(7000, 'p') + "\r\n";
    QTest::newRow("headers over 32 KiB together") << head(largeFields) << 431 << true;
    // RFC 9112 §3.2: exactly one well-formed Host in HTTP/1.1.
    QTest::newRow("no Host") << head("X: y\r\n") << 400 << true;
    QTest::newRow("two Hosts") << head("Host: localhost\r\nHost: localhost\r\n") << 400 << true;
    QTest::newRow("Host: a b") << head("Host: a b\r\n") << 400 << true;
    QTest::newRow("Host: a/b@c") << head("Host: a/b@c\r\n") << 400 << true;
    QTest::newRow("Host with userinfo") << head("Host: user@localhost\r\n") << 400 << true;
    QTest::newRow("Host with a bad port") << head("Host: localhost:80a\r\n") << 400 << true;
    // DNS rebinding: on loopback another name is refused before any work, and the connection
    // stays usable (the request was well-formed).
    QTest::newRow("rebinding Host")
        << head("Host: evil.example\r\n", "GET", "/-/status") << 403 << false;
    QTest::newRow("rebinding Host, /compute")
        << head("Host: evil.example:7878\r\n", "GET", "/compute?ms=10000") << 403 << false;
    QTest::newRow("localhost as a prefix")
        << head("Host: localhost.evil.example\r\n") << 403 << false;
    QTest::newRow("LAN address") << head("Host: 192.168.1.5:7878\r\n") << 403 << false;
    QTest::newRow("[::1] with a port") << head("Host: [::1]:7878\r\n") << 200 << false;
    QTest::newRow("a name under .localhost") << head("Host: app.localhost\r\n") << 200 << false;
}

void tst_Robustness::framingAndHost()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(bool, closes);

    Server server;
    START_SERVER(server, testConfig());
    HttpTestClient client(server.port());
    QVERIFY(client.waitForConnected(5000));
    client.send(request);
    QTRY_VERIFY_WITH_TIMEOUT(client.responseCount() == 1 || client.isClosed(), 5000);
    QVERIFY2(client.protocolError().isEmpty(), qPrintable(client.protocolError()));
    QCOMPARE(client.responseCount(), 1);
    const Response &response = client.last();
    QCOMPARE(response.status, status);
    QCOMPARE(response.header("Content-Type"), QByteArray("text/html; charset=utf-8"));
    QCOMPARE(response.header("Content-Length"), QByteArray::number(response.body.size()));
    QCOMPARE(response.closes(), closes);
    if (closes) {
        QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 5000);
    } else {
        client.get("/"); // the same connection goes on
        QTRY_COMPARE_WITH_TIMEOUT(client.responseCount(), 2, 5000);
        QVERIFY(client.last().isHello());
        client.abort();
    }
    const ServerStats::Snapshot stats = server.stats();
    QCOMPARE(stats.requestsTotal, closes ? 1 : 2);
    if (status >= 400)
        QCOMPARE(status >= 500 ? stats.requests5xx : stats.requests4xx, 1);
    VERIFY_BACK_TO_ZERO(server);
}

void tst_Robustness::slowRequestGets408_data()
{
    QTest::addColumn<QByteArray>("complete");
    QTest::addColumn<QByteArray>("trickled");
    // Slowloris: the head arrives a byte at a time and never ends in time.
    QTest::newRow("head trickled")
        << QByteArray()
        << QByteArray("GET / HTTP/1.1\r\nHost: localhost\r\nX: " + QByteArray(4000, 'x'));
    // Slow body: the head is complete, its body trickles.
    QTest::newRow("body trickled")
        << head("Host: localhost\r\nContent-Length: 4000\r\n", "POST") << QByteArray(4000, 'b');
}

void tst_Robustness::slowRequestGets408()
{
    QFETCH(QByteArray, complete);
    QFETCH(QByteArray, trickled);
    constexpr int timeoutMs = 400;
    ServerConfig config = testConfig();
    config.requestTimeoutMs = timeoutMs;
    Server server;
    START_SERVER(server, config);
    HttpTestClient client(server.port());
    QVERIFY(client.waitForConnected(5000));
    const qint64 since = HttpTestClient::clockMs();
    client.send(complete, 1); // the one response expected: the 408
    qsizetype sent = 0;
    QTimer trickle;
    trickle.setInterval(20);
    QObject::connect(&trickle, &QTimer::timeout, &trickle, [&] {
        if (client.isClosed() || sent >= trickled.size())
            return;
        client.send(trickled.mid(sent, 1), 0);
        ++sent;
    });
    trickle.start();
    QTRY_VERIFY_WITH_TIMEOUT(client.responseCount() == 1 || client.isClosed(), 10000);
    QVERIFY2(client.protocolError().isEmpty(), qPrintable(client.protocolError()));
    QCOMPARE(client.responseCount(), 1);
    QCOMPARE(client.last().status, 408);
    QVERIFY(client.last().closes());
    const qint64 after = client.last().receivedMs - since;
    QVERIFY2(after >= timeoutMs * 9 / 10, qPrintable(u"408 after %1 ms"_s.arg(after)));
    QVERIFY(sent < trickled.size()); // it was still sending: the bytes did not extend the deadline
    QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 5000);
    trickle.stop();
    VERIFY_BACK_TO_ZERO(server);
}

void tst_Robustness::leavesMidRequest_data()
{
    QTest::addColumn<QByteArray>("partial");
    QTest::addColumn<bool>("reset");
    const QByteArray partialHead = "GET / HTTP/1.1\r\nHost: localhost\r\nX-Half: ";
    const QByteArray partialBody
        = head("Host: localhost\r\nContent-Length: 100\r\n", "POST") + "abc";
    QTest::newRow("reset in the head") << partialHead << true;
    QTest::newRow("reset in the body") << partialBody << true;
    QTest::newRow("half-close in the head") << partialHead << false;
    QTest::newRow("half-close in the body") << partialBody << false;
    QTest::newRow("reset in a large head") << largeUnfinishedHead() << true;
}

void tst_Robustness::leavesMidRequest()
{
    // A request that can never complete: no response, and the connection closes at once
    // (not at the request timeout).
    QFETCH(QByteArray, partial);
    QFETCH(bool, reset);
    Server server;
    START_SERVER(server, testConfig());
    HttpTestClient client(server.port());
    QVERIFY(client.waitForConnected(5000));
    client.send(partial, 0);
    QTRY_VERIFY_WITH_TIMEOUT(server.stats().bufferedBytes > 0, 5000);
    if (reset) {
        client.reset();
    } else {
        client.shutdownWrite();
        QTRY_VERIFY_WITH_TIMEOUT(client.isClosed(), 3000); // well before the 10 s timeout
        QCOMPARE(client.bytesReceived(), 0);
    }
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().active, qint64(0), 3000);
    QCOMPARE(server.stats().requestsTotal, 0);
    VERIFY_BACK_TO_ZERO(server);
}

void tst_Robustness::leavesDuringWork_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("blockingSleep");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<bool>("reset");
    const struct
    {
        DispatchMode mode;
        const char *name;
    } modes[] = {{DispatchMode::Sequential, "sequential"},
                 {DispatchMode::Concurrent, "concurrent"},
                 {DispatchMode::Pooled, "pooled"}};
    const struct
    {
        const char *name;
        bool blocking;
        QByteArray target;
    } works[] = {{"/compute", false, "/compute?ms=10000"},
                 {"/sleep", false, "/sleep?ms=30000"},
                 {"blocking /sleep", true, "/sleep?ms=30000"}};
    for (const auto &mode : modes) {
        for (const auto &work : works) {
            for (const bool reset : {true, false}) {
                QTest::addRow("%s, %s, %s", mode.name, work.name, reset ? "reset" : "half-close")
                    << int(mode.mode) << work.blocking << work.target << reset;
            }
        }
    }
}

void tst_Robustness::leavesDuringWork()
{
    // The client leaves while its long work runs (10 s of /compute, 30 s of /sleep): the work stops
    // (another client that needs the same thread, turn or only worker is answered at once), nothing
    // is sent, and the server closes its side.
    QFETCH(int, mode);
    QFETCH(bool, blockingSleep);
    QFETCH(QByteArray, target);
    QFETCH(bool, reset);
    ServerConfig config = testConfig(DispatchMode(mode), 1);
    config.blockingSleep = blockingSleep;
    Server server;
    START_SERVER(server, config);
    HttpTestClient leaver(server.port());
    QVERIFY(leaver.waitForConnected(5000));
    leaver.get(target);
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().writing, qint64(1), 5000);
    if (reset)
        leaver.reset();
    else
        leaver.shutdownWrite();

    HttpTestClient other(server.port());
    // In pooled mode the one worker must be free again; elsewhere the server thread or the turn.
    other.get(DispatchMode(mode) == DispatchMode::Pooled ? "/compute?ms=1" : "/");
    QTRY_COMPARE_WITH_TIMEOUT(other.responseCount(), 1, 3000);
    QCOMPARE(other.last().status, 200);
    if (!reset) {
        QTRY_VERIFY_WITH_TIMEOUT(leaver.isClosed(), 3000);
        QCOMPARE(leaver.bytesReceived(), 0);
    }
    other.abort();
    VERIFY_BACK_TO_ZERO(server);
    QCOMPARE(server.stats().requestsTotal, 1); // only the other client's
}

void tst_Robustness::slowReaderIsDropped()
{
    // A client that pipelines requests for large responses and reads none of them: the server
    // stops producing at its output limit, and drops the client once writing stalled for the
    // write timeout. No status can be sent; the connection closes.
    ServerConfig config = testConfig();
    config.writeTimeoutMs = 300;
    Server server;
    START_SERVER(server, config);
    const int fd = RawSocket::connectLoopback(server.port(), 4096);
    QVERIFY(fd >= 0);
    QByteArray pipeline;
    for (int i = 0; i < 1000; ++i) // 1000 favicons, 20 MB: far more than the socket buffers
        pipeline += head("Host: localhost\r\n", "GET", "/favicon.ico");
    QCOMPARE(::send(fd, pipeline.constData(), size_t(pipeline.size()), MSG_NOSIGNAL),
             ssize_t(pipeline.size()));
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().active, qint64(1), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(server.stats().bufferedBytes > 0, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(server.stats().active, qint64(0), 5000);
    QVERIFY(server.stats().requestsTotal < 1000);
    ::close(fd);
    VERIFY_BACK_TO_ZERO(server);
}

void tst_Robustness::memoryBudgetShedsTheIdlest()
{
    // More unfinished 40 KiB heads than a 1 MiB budget holds: the biggest holders stop being
    // read, and the idlest get 503 and are closed until the budget has room again. The
    // server still answers a new client, and every byte is given back at the end.
    constexpr int heads = 40;
    ServerConfig config = testConfig();
    config.memoryBudgetMib = 1;
    const qint64 budget = config.memoryBudgetBytes();
    Server server;
    START_SERVER(server, config);
    Clients clients;
    for (int i = 0; i < heads; ++i) {
        clients.push_back(std::make_unique<HttpTestClient>(server.port()));
        clients.back()->send(largeUnfinishedHead());
    }
    const auto shed = [&clients] {
        return std::count_if(clients.begin(), clients.end(),
                             [](const auto &c) { return c->responseCount() > 0; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(shed() > 0, 10000);
    QTRY_VERIFY_WITH_TIMEOUT(server.stats().bufferedBytes <= budget, 10000);
    QVERIFY2(shed() < heads, "shedding went on after the budget had room");
    for (const auto &client : clients) {
        QVERIFY2(client->protocolError().isEmpty(), qPrintable(client->protocolError()));
        if (client->responseCount() > 0) {
            QCOMPARE(client->responseCount(), 1);
            QCOMPARE(client->last().status, 503);
            QVERIFY(client->last().closes());
            QTRY_VERIFY_WITH_TIMEOUT(client->isClosed(), 5000);
        }
    }
    const QJsonObject memory
        = QJsonDocument::fromJson(server.statusJson()).object().value(u"memory").toObject();
    QCOMPARE(memory.value(u"budgetBytes").toInteger(), budget);
    QVERIFY(memory.value(u"bufferedBytes").toInteger() > 0);

    HttpTestClient newcomer(server.port());
    newcomer.get("/");
    QTRY_COMPARE_WITH_TIMEOUT(newcomer.responseCount(), 1, 5000);
    QVERIFY(newcomer.last().isHello());
    qInfo("%lld of %d heads shed; %lld bytes buffered of a %lld budget", qint64(shed()), heads,
          server.stats().bufferedBytes, budget);

    newcomer.abort();
    for (const auto &client : clients)
        client->abort();
    VERIFY_BACK_TO_ZERO(server);
    QCOMPARE(server.stats().requests5xx, qint64(shed()));
}

void tst_Robustness::connectionCapHoldsAndRecovers()
{
    // At a descriptor limit of 128 the headless server caps its connections below the limit
    // (64 kept free), so accept() never fails: a client beyond the cap waits in the backlog and
    // is served once others close, or, accepted in the same round as the one that reached the
    // cap, is closed at once without a response. The child runs without QT_FATAL_WARNINGS: the
    // cap's warning is expected there.
    constexpr int descriptorLimit = 128;
    constexpr int cap = descriptorLimit - ServerConfig::descriptorHeadroom;
    constexpr int clientCount = cap + 16;
    QProcess server;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"QT_FATAL_WARNINGS"_s);
    server.setProcessEnvironment(environment);
    ChildProcess::endWithTest(server, [] {
        const rlimit limit {descriptorLimit, descriptorLimit};
        ::setrlimit(RLIMIT_NOFILE, &limit);
    });
    server.start(QFile::decodeName(SERVESCOPE_EXECUTABLE),
                 {u"--headless"_s, u"--port"_s, u"0"_s, u"--mode"_s, u"concurrent"_s});
    const auto stopServer = qScopeGuard([&server] {
        if (server.state() != QProcess::NotRunning) { // a failed check returned early
            server.kill();
            server.waitForFinished(5000);
        }
    });
    QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine() || server.state() == QProcess::NotRunning, 10000);
    const QByteArray line = server.readLine();
    const qsizetype colon = line.indexOf("127.0.0.1:");
    QVERIFY2(colon > 0, line.constData());
    const quint16 port = quint16(line.mid(colon + 10).split('/').front().toUInt());
    QVERIFY(port != 0);

    Clients clients;
    for (int i = 0; i < clientCount; ++i) {
        clients.push_back(std::make_unique<HttpTestClient>(port));
        clients.back()->get("/");
    }
    const auto answered = [&clients] {
        return std::count_if(clients.begin(), clients.end(),
                             [](const auto &c) { return c->responseCount() > 0; });
    };
    const auto refused = [&clients] {
        return std::count_if(clients.begin(), clients.end(), [](const auto &c) {
            return c->isClosed() && c->responseCount() == 0 && c->bytesReceived() == 0;
        });
    };
    QTRY_COMPARE_WITH_TIMEOUT(answered(), qsizetype(cap), 10000); // the cap, kept alive
    QCOMPARE(server.state(), QProcess::Running);
    std::vector<HttpTestClient *> first;
    for (const auto &client : clients) {
        if (client->responseCount() > 0)
            first.push_back(client.get());
    }
    for (HttpTestClient *client : first)
        client->abort();
    // Every other client is served now, but those closed at the cap; and so are new ones.
    constexpr int later = 8;
    for (int i = 0; i < later; ++i) {
        clients.push_back(std::make_unique<HttpTestClient>(port));
        clients.back()->get("/");
    }
    QTRY_COMPARE_WITH_TIMEOUT(answered() + refused(), qsizetype(clientCount + later), 10000);
    for (std::size_t i = clientCount; i < clients.size(); ++i)
        QCOMPARE(clients[i]->responseCount(), 1);
    for (const auto &client : clients) {
        QVERIFY2(client->protocolError().isEmpty(), qPrintable(client->protocolError()));
        QVERIFY(client->responseCount() == 0 || client->last().isHello());
    }
    qInfo("of %d beyond the cap, %lld served after the first %d closed, %lld closed at once",
          clientCount - cap, qint64(answered() - cap - later), cap, qint64(refused()));
    clients.clear();
    server.terminate(); // SIGTERM: a clean stop
    QTRY_COMPARE_WITH_TIMEOUT(server.state(), QProcess::NotRunning, 10000);
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.exitCode(), 0);
}

QTEST_GUILESS_MAIN(tst_Robustness)
#include "tst_robustness.moc"
