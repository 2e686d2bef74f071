#include "burstrunner.h"

#include <QtCore/QTimer>
#include <QtNetwork/QTcpServer>
#include <QtNetwork/QTcpSocket>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <chrono>
#include <memory>

using namespace Qt::StringLiterals;

namespace {

/*
    A tiny HTTP peer on 127.0.0.1, port 0, in the test's thread. It answers each request head
    it reads in the way the test asks for, and counts what it saw.
*/
class TestPeer : public QObject
{
public:
    enum class Reply {
        KeepAlive, // Content-Length, connection kept
        ConnectionClose, // Content-Length and Connection: close
        CloseDelimited, // no length: the body ends with the connection
        Chunked,
        Interim, // 100 Continue first
        Split, // the response in small pieces, a few ms apart
        NotFound, // a 404 is a complete response too
        Garbage, // not HTTP
        Silent, // never answers
        CloseUnannounced, // keep-alive headers, then closes anyway
        Delayed, // keep-alive, after delayMs
    };

    explicit TestPeer(Reply reply, int delayMs = 0)
        : m_reply(reply)
        , m_delayMs(delayMs)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &TestPeer::accept);
        if (!m_server.listen(QHostAddress::LocalHost, 0))
            qFatal("cannot listen on loopback");
    }

    QUrl url(const QString &path = u"/"_s) const
    {
        QUrl url;
        url.setScheme(u"http"_s);
        url.setHost(u"127.0.0.1"_s);
        url.setPort(m_server.serverPort());
        url.setPath(path);
        return url;
    }

    int connections = 0;
    int requests = 0;
    int inFlight = 0;
    int maxInFlight = 0;
    QByteArray firstRequest;
    QList<quint16> peerPorts; // per connection accepted, as the server side saw it

private:
    void accept()
    {
        while (QTcpSocket *socket = m_server.nextPendingConnection()) {
            ++connections;
            peerPorts.append(socket->peerPort());
            auto buffer = std::make_shared<QByteArray>();
            connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
                buffer->append(socket->readAll());
                qsizetype end;
                while ((end = buffer->indexOf("\r\n\r\n")) >= 0) {
                    if (firstRequest.isEmpty())
                        firstRequest = buffer->left(end + 4);
                    buffer->remove(0, end + 4);
                    ++requests;
                    maxInFlight = std::max(maxInFlight, ++inFlight);
                    answer(socket);
                }
            });
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        }
    }

    void send(QTcpSocket *socket, const QByteArray &bytes, bool close)
    {
        --inFlight;
        socket->write(bytes);
        if (close)
            socket->disconnectFromHost();
    }

    void answer(QTcpSocket *socket)
    {
        const QByteArray ok = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello";
        const QPointer<QTcpSocket> guard(socket);
        switch (m_reply) {
        case Reply::KeepAlive:
            send(socket, ok, false);
            break;
        case Reply::ConnectionClose:
            send(socket, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
                 true);
            break;
        case Reply::CloseDelimited:
            send(socket, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nhello until close",
                 true);
            break;
        case Reply::Chunked:
            send(socket,
                 "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                 "5\r\nhello\r\n6;name=value\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n",
                 false);
            break;
        case Reply::Interim:
            send(socket,
                 "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
                 false);
            break;
        case Reply::Split: {
            --inFlight;
            const QList<QByteArray> parts
                = {"HTTP/1.1 200 O", "K\r\nContent-Le", "ngth: 5\r\n", "\r\nhel", "lo"};
            for (qsizetype i = 0; i < parts.size(); ++i) {
                QTimer::singleShot(int(i) * 3, socket, [guard, part = parts.at(i)] {
                    if (guard)
                        guard->write(part);
                });
            }
            break;
        }
        case Reply::NotFound:
            send(socket, "HTTP/1.1 404 Not Found\r\nContent-Length: 6\r\n\r\nOops!\n", false);
            break;
        case Reply::Garbage:
            send(socket, "garbage\r\n\r\n", false);
            break;
        case Reply::Silent:
            break;
        case Reply::CloseUnannounced:
            send(socket, ok, true);
            break;
        case Reply::Delayed:
            QTimer::singleShot(m_delayMs, socket, [this, guard, ok] {
                if (guard)
                    send(guard, ok, false);
            });
            break;
        }
    }

    QTcpServer m_server;
    Reply m_reply;
    int m_delayMs;
};

using Result = BurstRunner::Result;

Result resultOf(const QSignalSpy &spy)
{
    return spy.last().at(0).value<Result>();
}

qint64 steadyUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace

Q_DECLARE_METATYPE(TestPeer::Reply)

class tst_BurstRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void requestLine();
    void completes_data();
    void completes();
    void concurrencyIsBounded();
    void timings_data();
    void timings();
    void timingsOfFailures();
    void checkUrl_data();
    void checkUrl();
    void refusesNonLoopback_data();
    void refusesNonLoopback();
    void refusesBadCounts_data();
    void refusesBadCounts();
    void refusesWhileRunning();
    void cancel();
    void timeout();
    void connectionRefused();
    void garbageFails();
    void retriesAClosedKeptAliveConnection();
    void reportsProgress();
    void destroyedWhileRunning();
    void runsAgain();
};

void tst_BurstRunner::initTestCase()
{
    qRegisterMetaType<BurstRunner::Result>();
}

void tst_BurstRunner::requestLine()
{
    TestPeer peer(TestPeer::Reply::KeepAlive);
    BurstRunner runner;
    QSignalSpy finished(&runner, &BurstRunner::finished);
    QUrl url = peer.url(u"/sleep"_s);
    url.setQuery(u"ms=20"_s);
    runner.start(url, 1, 1);
    QVERIFY(runner.isRunning());
    QVERIFY(finished.wait(10000));
    const QByteArray expected
        = "GET /sleep?ms=20 HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(url.port()) + "\r\n";
    QVERIFY2(peer.firstRequest.startsWith(expected), peer.firstRequest.constData());
    QVERIFY(peer.firstRequest.contains("\r\nConnection: keep-alive\r\n"));
    QVERIFY(!runner.isRunning());
    const Result result = resultOf(finished);
    QCOMPARE(result.url, url);
    QCOMPARE(result.requested, 1);
    QCOMPARE(result.concurrency, 1);
    QCOMPARE(result.succeeded, 1);
    QVERIFY(result.error.isEmpty());
}

void tst_BurstRunner::completes_data()
{
    QTest::addColumn<TestPeer::Reply>("reply");
    QTest::addColumn<bool>("reusesConnections");

    QTest::newRow("keep-alive") << TestPeer::Reply::KeepAlive << true;
    QTest::newRow("connection close") << TestPeer::Reply::ConnectionClose << false;
    QTest::newRow("close-delimited") << TestPeer::Reply::CloseDelimited << false;
    QTest::newRow("chunked") << TestPeer::Reply::Chunked << true;
    QTest::newRow("interim 100") << TestPeer::Reply::Interim << true;
    QTest::newRow("split in pieces") << TestPeer::Reply::Split << true;
    QTest::newRow("404 counts as done") << TestPeer::Reply::NotFound << true;
}

void tst_BurstRunner::completes()
{
    QFETCH(TestPeer::Reply, reply);
    QFETCH(bool, reusesConnections);

    TestPeer peer(reply);
    BurstRunner runner;
    QSignalSpy finished(&runner, &BurstRunner::finished);
    runner.start(peer.url(), 20, 4);
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.count(), 1);

    const Result result = resultOf(finished);
    QVERIFY(result.error.isEmpty());
    QVERIFY(!result.cancelled);
    QCOMPARE(result.requested, 20);
    QCOMPARE(result.succeeded, 20);
    QCOMPARE(result.failed, 0);
    QCOMPARE(result.latenciesUs.size(), 20);
    QCOMPARE(peer.requests, 20);
    QCOMPARE(peer.connections, reusesConnections ? 4 : 20);
    QVERIFY(result.wallUs > 0);
    QVERIFY(result.minUs > 0);
    QVERIFY(result.minUs <= result.p50Us);
    QVERIFY(result.p50Us <= result.p99Us);
    QVERIFY(result.p99Us <= result.maxUs);
    QVERIFY(result.maxUs <= result.wallUs);
    QCOMPARE(result.maxUs,
             *std::max_element(result.latenciesUs.cbegin(), result.latenciesUs.cend()));
}

void tst_BurstRunner::concurrencyIsBounded()
{
    // 8 requests the peer answers after 150 ms each: two at a time take four rounds.
    const int delayMs = 150;
    TestPeer narrowPeer(TestPeer::Reply::Delayed, delayMs);
    BurstRunner runner;
    QSignalSpy finished(&runner, &BurstRunner::finished);
    runner.start(narrowPeer.url(), 8, 2);
    QVERIFY(finished.wait(20000));
    const Result narrow = resultOf(finished);
    QCOMPARE(narrow.succeeded, 8);
    QCOMPARE(narrowPeer.maxInFlight, 2);
    QVERIFY2(narrow.wallUs >= 4 * delayMs * 1000 * 9 / 10, QByteArray::number(narrow.wallUs));
    QVERIFY(narrow.minUs >= delayMs * 1000 * 9 / 10);

    TestPeer widePeer(TestPeer::Reply::Delayed, delayMs);
    runner.start(widePeer.url(), 8, 8);
    QVERIFY(finished.wait(20000));
    const Result wide = resultOf(finished);
    QCOMPARE(wide.succeeded, 8);
    QCOMPARE(widePeer.maxInFlight, 8);
    QVERIFY2(wide.wallUs < narrow.wallUs, QByteArray::number(wide.wallUs));

    // More connections than requests: only as many as there are requests.
    TestPeer smallPeer(TestPeer::Reply::KeepAlive);
    runner.start(smallPeer.url(), 3, 50);
    QVERIFY(finished.wait(20000));
    QCOMPARE(resultOf(finished).succeeded, 3);
    QCOMPARE(smallPeer.connections, 3);
}

void tst_BurstRunner::timings_data()
{
    QTest::addColumn<TestPeer::Reply>("reply");
    QTest::addColumn<bool>("reusesConnections");
    QTest::newRow("keep-alive") << TestPeer::Reply::KeepAlive << true;
    QTest::newRow("connection close") << TestPeer::Reply::ConnectionClose << false;
    QTest::newRow("retried after an unannounced close")
        << TestPeer::Reply::CloseUnannounced << false;
}

void tst_BurstRunner::timings()
{
    QFETCH(TestPeer::Reply, reply);
    QFETCH(bool, reusesConnections);

    TestPeer peer(reply);
    BurstRunner runner;
    QSignalSpy finished(&runner, &BurstRunner::finished);
    const qint64 beforeUs = steadyUs();
    runner.start(peer.url(), 20, 4);
    QVERIFY(finished.wait(20000));
    const qint64 afterUs = steadyUs();
    const Result result = resultOf(finished);
    QCOMPARE(result.succeeded, 20);

    // One timing per request, in completion order: each is its latency.
    QCOMPARE(result.timings.size(), 20);
    QCOMPARE(result.latenciesUs.size(), 20);
    int connected = 0;
    QSet<quint16> ports;
    for (qsizetype i = 0; i < result.timings.size(); ++i) {
        const BurstRunner::Timing &timing = result.timings.at(i);
        QVERIFY(timing.ok);
        QCOMPARE(timing.endUs - timing.startUs, result.latenciesUs.at(i));
        // On the steady clock, within this burst.
        QVERIFY(timing.startUs >= beforeUs);
        QVERIFY(timing.endUs <= afterUs);
        QVERIFY(timing.startUs <= timing.endUs);
        if (timing.connectedUs != 0) {
            ++connected;
            QVERIFY(timing.startUs <= timing.connectedUs);
            QVERIFY(timing.connectedUs <= timing.endUs);
        }
        // The port the server saw the connection come from.
        QVERIFY(timing.localPort != 0);
        QVERIFY2(peer.peerPorts.contains(timing.localPort), QByteArray::number(timing.localPort));
        ports.insert(timing.localPort);
    }
    // A new connection is connected once per request that opened it; reused ones say 0.
    if (reusesConnections) {
        QCOMPARE(connected, 4);
        QCOMPARE(ports.size(), 4);
    } else {
        QCOMPARE(connected, 20);
        QCOMPARE(ports.size(), 20);
    }
    QVERIFY(peer.connections >= ports.size()); // a retry opens one more than it uses
}

void tst_BurstRunner::timingsOfFailures()
{
    // Timed out: sent on a connection that was up, never answered.
    TestPeer silent(TestPeer::Reply::Silent);
    BurstRunner runner;
    runner.setRequestTimeout(200);
    QSignalSpy finished(&runner, &BurstRunner::finished);
    runner.start(silent.url(), 3, 3);
    QVERIFY(finished.wait(20000));
    Result result = resultOf(finished);
    QCOMPARE(result.failed, 3);
    QCOMPARE(result.timings.size(), 3);
    for (const BurstRunner::Timing &timing : std::as_const(result.timings)) {
        QVERIFY(!timing.ok);
        QVERIFY(silent.peerPorts.contains(timing.localPort));
        QVERIFY(timing.connectedUs >= timing.startUs);
        QVERIFY2(timing.endUs - timing.startUs >= 200 * 1000 * 9 / 10,
                 QByteArray::number(timing.endUs - timing.startUs));
    }

    // Cancelled: the requests in flight end at the cancel, not answered; none left out.
    runner.setRequestTimeout(BurstRunner::maximumRequestTimeoutMs);
    TestPeer other(TestPeer::Reply::Silent);
    runner.start(other.url(), 50, 5);
    QTRY_COMPARE_WITH_TIMEOUT(other.requests, 5, 10000);
    runner.cancel();
    QVERIFY(finished.wait(10000));
    result = resultOf(finished);
    QVERIFY(result.cancelled);
    QCOMPARE(result.timings.size(), 5);
    for (const BurstRunner::Timing &timing : std::as_const(result.timings)) {
        QVERIFY(!timing.ok);
        QVERIFY(other.peerPorts.contains(timing.localPort));
    }
}

// Every URL a burst might be pointed at, and whether it may go there.
static void addUrlRows(bool withAccepted)
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("accepted");
    const auto row = [withAccepted](const char *name, const QString &url, bool accepted) {
        if (withAccepted || !accepted)
            QTest::newRow(name) << url << accepted;
    };
    row("127.0.0.1", u"http://127.0.0.1:7878/"_s, true);
    row("127.x.y.z", u"http://127.5.6.7/sleep"_s, true);
    row("localhost", u"http://localhost:8080/x?ms=1"_s, true);
    row("LOCALHOST", u"http://LOCALHOST/"_s, true);
    row("::1", u"http://[::1]:7878/"_s, true);
    row("public name", u"http://example.com/"_s, false);
    row("private v4", u"http://10.0.0.1/"_s, false);
    row("lan", u"http://192.168.1.10:7878/"_s, false);
    row("any address", u"http://0.0.0.0:7878/"_s, false);
    row("128.0.0.1", u"http://128.0.0.1/"_s, false);
    row("public v6", u"http://[2001:db8::1]/"_s, false);
    row("v4-mapped", u"http://[::ffff:10.0.0.1]/"_s, false);
    row("localhost lookalike", u"http://localhost.example.com/"_s, false);
    row("https", u"https://127.0.0.1/"_s, false);
    row("file", u"file:///etc/passwd"_s, false);
    row("no host", u"http:///"_s, false);
    row("empty", QString(), false);
}

void tst_BurstRunner::checkUrl_data()
{
    addUrlRows(true);
}

void tst_BurstRunner::checkUrl()
{
    QFETCH(QString, url);
    QFETCH(bool, accepted);
    QCOMPARE(BurstRunner::checkUrl(QUrl(url)).isEmpty(), accepted);
}

void tst_BurstRunner::refusesNonLoopback_data()
{
    addUrlRows(false);
}

void tst_BurstRunner::refusesNonLoopback()
{
    QFETCH(QString, url);
    QFETCH(bool, accepted);
    QVERIFY(!accepted);

    BurstRunner runner;
    QSignalSpy finished(&runner, &BurstRunner::finished);
    runner.start(QUrl(url), 10, 2);
    QVERIFY(!runner.isRunning());
    QCOMPARE(finished.count(), 0); // never from inside start()
    QVERIFY(finished.wait(5000));
    const Result result = resultOf(finished);
    QVERIFY(!result.error.isEmpty());
    QCOMPARE(result.succeeded + result.failed, 0);
    QVERIFY(result.latenciesUs.isEmpty());
    QVERIFY(!finished.wait(100)); // exactly once
}

void tst_BurstRunner::refusesBadCounts_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<int>("concurrency");
    QTest::newRow("no requests") << 0 << 1;
    QTest::newRow("negative") << -5 << 1;
    QTest::newRow("too many requests") << BurstRunner::maximumCount + 1 << 1;
    QTest::newRow("no connections") << 10 << 0;
    QTest::newRow("too many connections") << 10 << BurstRunner::maximumConcurrency + 1;
}

void tst_BurstRunner::refusesBadCounts()
{
    QFETCH(int, count);
    QFETCH(int, concurrency);
    TestPeer peer(TestPeer::Reply::KeepAlive);
    BurstRunner runner;
    QSignalSpy finished(&runner, &BurstRunner::finished);
    runner.start(peer.url(), count, concurrency);
    QVERIFY(finished.wait(5000));
    QVERIFY(!resultOf(finished).error.isEmpty());
    QCOMPARE(peer.connections, 0);
}

void tst_BurstRunner::refusesWhileRunning()
{
    TestPeer peer(TestPeer::Reply::Silent);
    BurstRunner runner;
    QSignalSpy finished(&runner, &BurstRunner::finished);
    runner.start(peer.url(), 2, 2);
    QTRY_COMPARE_WITH_TIMEOUT(peer.requests, 2, 10000);
    runner.start(peer.url(), 5, 5); // refused: the first burst goes on
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.count(), 1);
    QVERIFY(!resultOf(finished).error.isEmpty());
    QVERIFY(runner.isRunning());
    QCOMPARE(peer.connections, 2);

    runner.cancel();
    QVERIFY(finished.wait(10000));
    QCOMPARE(finished.count(), 2);
    QVERIFY(resultOf(finished).cancelled);
    QVERIFY(resultOf(finished).error.isEmpty());
    QVERIFY(!runner.isRunning());
}

void tst_BurstRunner::cancel()
{
    TestPeer peer(TestPeer::Reply::Silent);
    BurstRunner runner;
    QSignalSpy finished(&runner, &BurstRunner::finished);
    runner.start(peer.url(), 100, 5);
    QTRY_COMPARE_WITH_TIMEOUT(peer.requests, 5, 10000);
    QElapsedTimer clock;
    clock.start();
    runner.cancel();
    QVERIFY(finished.wait(10000));
    QVERIFY2(clock.elapsed() < 5000, QByteArray::number(clock.elapsed()));
    const Result result = resultOf(finished);
    QVERIFY(result.cancelled);
    QCOMPARE(result.requested, 100);
    QCOMPARE(result.succeeded, 0);
    QVERIFY(!runner.isRunning());
    runner.cancel(); // harmless when idle
    QVERIFY(!finished.wait(200)); // exactly once
    QCOMPARE(finished.count(), 1);
    QCOMPARE(peer.requests, 5);
}

void tst_BurstRunner::timeout()
{
    TestPeer peer(TestPeer::Reply::Silent);
    BurstRunner runner;
    QCOMPARE(runner.requestTimeout(), BurstRunner::maximumRequestTimeoutMs);
    runner.setRequestTimeout(1000000);
    QCOMPARE(runner.requestTimeout(), 70000);
    runner.setRequestTimeout(0);
    QCOMPARE(runner.requestTimeout(), 1);
    runner.setRequestTimeout(300);
    QSignalSpy finished(&runner, &BurstRunner::finished);
    runner.start(peer.url(), 4, 2);
    QVERIFY(finished.wait(20000));
    const Result result = resultOf(finished);
    QVERIFY(!result.cancelled);
    QCOMPARE(result.failed, 4);
    QCOMPARE(result.succeeded, 0);
    QVERIFY2(result.wallUs >= 2 * 300 * 1000 * 9 / 10, QByteArray::number(result.wallUs));
    QCOMPARE(peer.requests, 4);
}

void tst_BurstRunner::connectionRefused()
{
    quint16 port = 0;
    {
        QTcpServer probe; // a port that was free a moment ago and now has no listener
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    BurstRunner runner;
    QSignalSpy finished(&runner, &BurstRunner::finished);
    runner.start(QUrl(u"http://127.0.0.1:%1/"_s.arg(port)), 6, 3);
    QVERIFY(finished.wait(20000));
    const Result result = resultOf(finished);
    QCOMPARE(result.failed, 6);
    QCOMPARE(result.succeeded, 0);
    QVERIFY(result.latenciesUs.isEmpty());
    QCOMPARE(result.p50Us, 0);
}

void tst_BurstRunner::garbageFails()
{
    TestPeer peer(TestPeer::Reply::Garbage);
    BurstRunner runner;
    QSignalSpy finished(&runner, &BurstRunner::finished);
    runner.start(peer.url(), 3, 1);
    QVERIFY(finished.wait(20000));
    QCOMPARE(resultOf(finished).failed, 3);
}

void tst_BurstRunner::retriesAClosedKeptAliveConnection()
{
    // The peer says nothing about closing, then closes after every response: a request sent
    // on the dead connection is sent again on a new one, once, and nothing is lost.
    TestPeer peer(TestPeer::Reply::CloseUnannounced);
    BurstRunner runner;
    QSignalSpy finished(&runner, &BurstRunner::finished);
    runner.start(peer.url(), 30, 3);
    QVERIFY(finished.wait(20000));
    const Result result = resultOf(finished);
    QCOMPARE(result.succeeded, 30);
    QCOMPARE(result.failed, 0);
}

void tst_BurstRunner::reportsProgress()
{
    TestPeer peer(TestPeer::Reply::Delayed, 5);
    BurstRunner runner;
    QSignalSpy progress(&runner, &BurstRunner::progressChanged);
    QSignalSpy finished(&runner, &BurstRunner::finished);
    runner.start(peer.url(), 200, 2); // ~0.5 s of work
    QVERIFY(finished.wait(20000));
    QVERIFY(progress.count() >= 1);
    int previous = 0;
    for (const QList<QVariant> &arguments : progress) {
        QVERIFY(arguments.at(0).toInt() > previous);
        QCOMPARE(arguments.at(1).toInt(), 200);
        previous = arguments.at(0).toInt();
    }
    QCOMPARE(previous, 200);
    // Throttled: far fewer reports than requests.
    QVERIFY2(progress.count() < 60, QByteArray::number(progress.count()));
}

void tst_BurstRunner::destroyedWhileRunning()
{
    TestPeer peer(TestPeer::Reply::Silent);
    auto runner = std::make_unique<BurstRunner>();
    QSignalSpy finished(runner.get(), &BurstRunner::finished);
    runner->start(peer.url(), 10, 10);
    QTRY_COMPARE_WITH_TIMEOUT(peer.requests, 10, 10000);
    runner.reset(); // joins its thread; sockets go with it, no warnings
    QCOMPARE(finished.count(), 0);
}

void tst_BurstRunner::runsAgain()
{
    TestPeer peer(TestPeer::Reply::KeepAlive);
    auto runner = std::make_unique<BurstRunner>();
    QSignalSpy finished(runner.get(), &BurstRunner::finished);
    for (int round = 1; round <= 3; ++round) {
        runner->start(peer.url(), 10, 2);
        QVERIFY(finished.wait(20000));
        QCOMPARE(finished.count(), round);
        QCOMPARE(resultOf(finished).succeeded, 10);
    }
    // Straight from the finished() slot, while the previous thread is still winding down.
    int restarts = 0;
    connect(runner.get(), &BurstRunner::finished, runner.get(), [&] {
        if (++restarts <= 3)
            runner->start(peer.url(), 5, 5);
    });
    runner->start(peer.url(), 5, 5);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3 + 4, 20000);
    QVERIFY(!runner->isRunning());
    QCOMPARE(peer.requests, 30 + 4 * 5);
    runner.reset(); // joins whatever thread is still finishing
}

QTEST_GUILESS_MAIN(tst_BurstRunner)
#include "tst_burstrunner.moc"
