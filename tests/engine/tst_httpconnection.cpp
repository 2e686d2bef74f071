#include "connectionhost.h"
#include "eventhub.h"
#include "httpconnection.h"
#include "servercontext.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <optional>

// The connection handler over an in-memory device, as the book tests handle_connection
// with a MockTcpStream: no sockets, no event loop, the test decides when bytes arrive.

namespace {

/*! Reads hand out queued chunks one per call; writes are captured, optionally throttled. */
class MockDevice : public QIODevice
{
public:
    MockDevice() { open(QIODevice::ReadWrite | QIODevice::Unbuffered); }
    bool isSequential() const override { return true; }

    void feed(const QByteArray &chunk) { m_chunks.append(chunk); }
    void hangUp() { m_endOfStream = true; }
    QByteArray takeWritten() { return std::exchange(m_written, QByteArray()); }
    const QByteArray &written() const { return m_written; }
    void setWriteCapacity(qint64 bytes) { m_writeCapacity = bytes; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        if (m_chunks.isEmpty())
            return m_endOfStream ? -1 : 0;
        QByteArray &chunk = m_chunks.first();
        const qint64 n = std::min<qint64>(maxSize, chunk.size());
        memcpy(data, chunk.constData(), size_t(n));
        chunk.remove(0, n);
        if (chunk.isEmpty())
            m_chunks.removeFirst();
        return n;
    }
    qint64 writeData(const char *data, qint64 size) override
    {
        const qint64 n = m_writeCapacity < 0 ? size : std::min(size, m_writeCapacity);
        if (m_writeCapacity >= 0)
            m_writeCapacity -= n;
        m_written.append(data, n);
        return n;
    }

private:
    QList<QByteArray> m_chunks;
    QByteArray m_written;
    qint64 m_writeCapacity = -1;
    bool m_endOfStream = false;
};

/*! Runs handlers inline, as the concurrent mode does; sleeps wait for the test to wake them. */
class InlineHost : public ConnectionHost
{
public:
    void dispatchRequest(HttpConnection *connection) override
    {
        ++dispatched;
        if (!deferHandlers)
            connection->runHandlerInline();
    }
    bool isPeerGone(HttpConnection *) override
    {
        ++probes;
        return peerGone || (peerGoneAfterProbes >= 0 && probes > peerGoneAfterProbes);
    }
    void requestCompleted(HttpConnection *) override { ++completed; }
    void scheduleWake(HttpConnection *, qint64 deadlineMs) override { wakeAt = deadlineMs; }
    void cancelWake(HttpConnection *) override
    {
        ++wakesCancelled;
        wakeAt = 0;
    }
    void interestChanged(HttpConnection *connection) override
    {
        reading = connection->isReadEnabled();
        writing = connection->isWriteEnabled();
    }
    void connectionClosed(HttpConnection *) override { ++closed; }
    void memoryPaused(HttpConnection *) override { ++pausedForMemory; }
    void closeDevice(HttpConnection *connection, bool afterResponse) override
    {
        lingered += afterResponse ? 1 : 0;
        ConnectionHost::closeDevice(connection, afterResponse);
    }

    bool deferHandlers = false; //!< leave requests with "the pool", as a busy pooled mode does
    bool peerGone = false; //!< what isPeerGone() answers
    int peerGoneAfterProbes = -1; //!< >= 0: the peer leaves after answering this many probes
    int probes = 0;
    int lingered = 0; //!< closes that let the peer read the last response (closeDevice)
    int dispatched = 0;
    int completed = 0;
    int closed = 0;
    int wakesCancelled = 0;
    int pausedForMemory = 0;
    qint64 wakeAt = 0;
    bool reading = true;
    bool writing = false;
};

QByteArray get(const QByteArray &target, const QByteArray &extra = QByteArray())
{
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extra + "\r\n";
}

/*! A GET / whose head holds \a fields fields of 7000 bytes: more than one read chunk. */
QByteArray largeGet(int fields = 3)
{
    QByteArray extra;
    for (int i = 0; i < fields; ++i)
        extra += "X-Pad-" + QByteArray::number(i) + ": " + QByteArray(7000, 'p') + "\r\n";
    return get("/", extra);
}

QList<QByteArray> statusLines(const QByteArray &wire)
{
    QList<QByteArray> lines;
    qsizetype from = 0;
    while ((from = wire.indexOf("HTTP/1.1 ", from)) >= 0) {
        lines.append(wire.mid(from, wire.indexOf("\r\n", from) - from));
        from += 9;
    }
    return lines;
}

} // namespace

class tst_HttpConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void servesHelloAndStaysOpen();
    void byteAtATime();
    void pipelinedInOrder();
    void pipelinedAcrossChunks();
    void keepAliveRules_data();
    void keepAliveRules();
    void errorClosesAndIgnoresTheRest_data();
    void errorClosesAndIgnoresTheRest();
    void headHasNoBody();
    void sleepWaitsForWake();
    void disconnectDuringSleepCancels();
    void maxRequestsPerConnection();
    void backpressure();
    void pipelineBeyondTheOutputLimitIsAllAnswered();
    void idleTimeoutCloses();
    void slowRequestGets408();
    void bodyIsDiscarded();
    void continueBeforeTheBody();
    void halfCloseStillGetsResponse();
    void countersBalance();
    void eventsDescribeTheRequest();
    void finishedIsReportedOnceSent_data();
    void finishedIsReportedOnceSent();
    void serverThreadWorkIsMeasured_data();
    void serverThreadWorkIsMeasured();
    void pipelinedRequestsLoggedAsSent_data();
    void pipelinedRequestsLoggedAsSent();
    void clientThatLeftIsLogged499_data();
    void clientThatLeftIsLogged499();
    void sleepThenCloseCountsOnce_data();
    void sleepThenCloseCountsOnce();
    void drainedWriteDoesNotTimeOutSleep();
    void stalledWriteStaysTimedAcrossRequests_data();
    void stalledWriteStaysTimedAcrossRequests();
    void halfCloseDuringWriteClosesOnceSent();
    void clientGoneStopsInlineWork_data();
    void clientGoneStopsInlineWork();
    void clientGoneBetweenPipelinedRequests();
    void halfCloseCancelsWorkInFlight();
    void hangUpWhileReadingIsPausedStillSendsWhatWasAnswered();
    void chargesWhatItHolds();
    void pausesWhileTheBudgetIsUsedUp();
    void hangUpWhilePausedForMemoryCloses();
    void shedForMemoryAnswers503();
    void shedForMemoryClosesANonReader();

private:
    HttpConnection *open(ServerConfig config = ServerConfig());
    /*! Connection 7 from 127.0.0.1:40001 in \a mode, its events recorded into \a hub. */
    HttpConnection *openRecorded(EventHub &hub, DispatchMode mode);

    std::unique_ptr<ServerContext> m_context;
    std::unique_ptr<HttpConnection> m_connection;
    MockDevice *m_device = nullptr;
    InlineHost m_host;
};

HttpConnection *tst_HttpConnection::open(ServerConfig config)
{
    config.mode = DispatchMode::Concurrent;
    m_context = std::make_unique<ServerContext>(config);
    auto device = std::make_unique<MockDevice>();
    m_device = device.get();
    HttpConnection::Peer peer {QStringLiteral("127.0.0.1"), 40000, 7878};
    m_connection
        = std::make_unique<HttpConnection>(1, std::move(device), peer, &m_host, m_context.get());
    m_connection->open();
    return m_connection.get();
}

HttpConnection *tst_HttpConnection::openRecorded(EventHub &hub, DispatchMode mode)
{
    hub.setEnabled(true);
    ServerConfig config;
    config.mode = mode;
    m_context = std::make_unique<ServerContext>(config, &hub);
    auto device = std::make_unique<MockDevice>();
    m_device = device.get();
    m_connection = std::make_unique<HttpConnection>(
        7, std::move(device), HttpConnection::Peer {QStringLiteral("127.0.0.1"), 40001, 7878},
        &m_host, m_context.get());
    m_connection->open();
    return m_connection.get();
}

void tst_HttpConnection::init()
{
    m_host = InlineHost();
}

void tst_HttpConnection::cleanup()
{
    m_connection.reset();
    m_context.reset();
    EventRecorder::threadEvents().clear();
}

void tst_HttpConnection::servesHelloAndStaysOpen()
{
    HttpConnection *c = open();
    m_device->feed(get("/"));
    c->onReadable();
    const QByteArray wire = m_device->written();
    QVERIFY(wire.startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(wire.contains(
        QByteArray("\r\nContent-Length: " + QByteArray::number(Router::helloPage().size()))));
    QVERIFY(wire.contains("\r\nDate: "));
    QVERIFY(wire.contains("\r\nServer: ServeScope/"));
    QVERIFY(wire.endsWith(Router::helloPage()));
    QVERIFY(!wire.contains("Connection: close"));
    QCOMPARE(c->state(), ConnectionState::Idle);
    QCOMPARE(m_host.closed, 0);
    QCOMPARE(c->requestsServed(), 1);
}

void tst_HttpConnection::byteAtATime()
{
    HttpConnection *c = open();
    const QByteArray request = get("/nope");
    for (qsizetype i = 0; i < request.size(); ++i) {
        QVERIFY2(m_device->written().isEmpty(), "answered before the request was complete");
        m_device->feed(request.mid(i, 1));
        c->onReadable();
        if (i + 1 < request.size())
            QCOMPARE(c->state(), ConnectionState::Reading);
    }
    QVERIFY(m_device->written().startsWith("HTTP/1.1 404 Not Found\r\n"));
    QVERIFY(m_device->written().endsWith(Router::notFoundPage()));
    QCOMPARE(c->state(), ConnectionState::Idle);
}

void tst_HttpConnection::pipelinedInOrder()
{
    HttpConnection *c = open();
    m_device->feed(get("/") + get("/missing") + get("/-/status") + get("/"));
    c->onReadable();
    const QList<QByteArray> lines = statusLines(m_device->written());
    QCOMPARE(lines,
             (QList<QByteArray> {"HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "HTTP/1.1 200 OK",
                                 "HTTP/1.1 200 OK"}));
    QCOMPARE(c->requestsServed(), 4);
    QCOMPARE(m_host.dispatched, 4);
    // The status document was produced in order: it counts the two answered before it.
    QVERIFY(m_device->written().contains("\"total\":2"));
}

void tst_HttpConnection::pipelinedAcrossChunks()
{
    HttpConnection *c = open();
    const QByteArray all = get("/") + get("/x") + get("/");
    // Split in awkward places: mid-line, mid-CRLF, inside the second request line.
    const qsizetype second = all.indexOf("GET /x");
    const QList<qsizetype> cuts {10, 29, second + 3, second + 20, all.size()};
    qsizetype from = 0;
    for (qsizetype cut : cuts) {
        m_device->feed(all.mid(from, cut - from));
        c->onReadable();
        from = cut;
    }
    QCOMPARE(statusLines(m_device->written()),
             (QList<QByteArray> {"HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found", "HTTP/1.1 200 OK"}));
}

void tst_HttpConnection::keepAliveRules_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("staysOpen");
    QTest::addColumn<QByteArray>("connectionHeader");

    QTest::newRow("1.1 default") << get("/") << true << QByteArray();
    QTest::newRow("1.1 close") << get("/", "Connection: close\r\n") << false
                               << QByteArray("Connection: close");
    QTest::newRow("1.1 Close mixed case")
        << get("/", "connection: Close\r\n") << false << QByteArray("Connection: close");
    QTest::newRow("1.0 default") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false
                                 << QByteArray("Connection: close");
    QTest::newRow("1.0 keep-alive")
        << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true
        << QByteArray("Connection: keep-alive");
}

void tst_HttpConnection::keepAliveRules()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, staysOpen);
    QFETCH(QByteArray, connectionHeader);

    HttpConnection *c = open();
    m_device->feed(request);
    c->onReadable();
    const QByteArray wire = m_device->written();
    QVERIFY2(wire.startsWith("HTTP/1.1 200 OK\r\n"), wire.constData());
    if (connectionHeader.isEmpty())
        QVERIFY(!wire.contains("Connection:"));
    else
        QVERIFY(wire.contains(QByteArray("\r\n" + connectionHeader + "\r\n")));
    QCOMPARE(c->isClosed(), !staysOpen);
    QCOMPARE(m_host.closed, staysOpen ? 0 : 1);
}

void tst_HttpConnection::errorClosesAndIgnoresTheRest_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<QByteArray>("statusLine");

    QTest::newRow("garbage") << QByteArray("HELLO\r\n\r\n")
                             << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::newRow("no host") << QByteArray("GET / HTTP/1.1\r\n\r\n")
                             << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::newRow("version") << QByteArray("GET / HTTP/2.0\r\nHost: localhost\r\n\r\n")
                             << QByteArray("HTTP/1.1 505 HTTP Version Not Supported");
    QTest::newRow("long target") << "GET /" + QByteArray(9000, 'a')
            + " HTTP/1.1\r\nHost: localhost\r\n\r\n"
                                 << QByteArray("HTTP/1.1 414 URI Too Long");
    QTest::newRow("smuggling") << QByteArray(
        "GET / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n"
        "Transfer-Encoding: chunked\r\n\r\n")
                               << QByteArray("HTTP/1.1 400 Bad Request");
    QTest::newRow("unknown method") << QByteArray("BREW / HTTP/1.1\r\nHost: localhost\r\n\r\n")
                                    << QByteArray("HTTP/1.1 501 Not Implemented");
}

void tst_HttpConnection::errorClosesAndIgnoresTheRest()
{
    QFETCH(QByteArray, request);
    QFETCH(QByteArray, statusLine);

    HttpConnection *c = open();
    m_device->feed(request + get("/"));
    c->onReadable();
    const QList<QByteArray> lines = statusLines(m_device->written());
    QCOMPARE(lines.size(), 1); // the pipelined GET after the error is never answered
    QCOMPARE(lines.first(), statusLine);
    QVERIFY(m_device->written().contains("\r\nConnection: close\r\n"));
    QVERIFY(c->isClosed());
    QCOMPARE(m_host.closed, 1);
}

void tst_HttpConnection::headHasNoBody()
{
    HttpConnection *c = open();
    m_device->feed("HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n" + get("/"));
    c->onReadable();
    const QByteArray wire = m_device->written();
    const QByteArray length = "Content-Length: " + QByteArray::number(Router::helloPage().size());
    QCOMPARE(wire.count(length), 2);
    QCOMPARE(wire.count("<h1>Hello!</h1>"), 1); // only the GET carries the page
    QCOMPARE(statusLines(wire).size(), 2);
}

void tst_HttpConnection::sleepWaitsForWake()
{
    HttpConnection *c = open();
    m_device->feed(get("/sleep?ms=250") + get("/"));
    c->onReadable();
    QVERIFY(m_device->written().isEmpty());
    QCOMPARE(c->state(), ConnectionState::Sleeping);
    QVERIFY(m_host.wakeAt >= ServerContext::monotonicMs() + 100);
    QCOMPARE(m_context->stats.snapshot().pendingSleeps, 1);
    QCOMPARE(m_host.dispatched, 1); // the pipelined request waits behind the sleep

    c->wake();
    QCOMPARE(statusLines(m_device->written()),
             (QList<QByteArray> {"HTTP/1.1 200 OK", "HTTP/1.1 200 OK"}));
    QCOMPARE(m_context->stats.snapshot().pendingSleeps, 0);
    QCOMPARE(c->state(), ConnectionState::Idle);
}

void tst_HttpConnection::disconnectDuringSleepCancels()
{
    HttpConnection *c = open();
    m_device->feed(get("/sleep?ms=5000"));
    c->onReadable();
    QCOMPARE(c->state(), ConnectionState::Sleeping);
    m_device->hangUp();
    c->onReadable();
    QVERIFY(c->isClosed());
    QCOMPARE(m_host.wakesCancelled, 1);
    QCOMPARE(m_context->stats.snapshot().pendingSleeps, 0);
    QVERIFY(m_device->written().isEmpty());
    c->wake(); // a late timer must not write to the dead connection
    QVERIFY(m_device->written().isEmpty());
}

void tst_HttpConnection::maxRequestsPerConnection()
{
    ServerConfig config;
    config.maxRequestsPerConnection = 3;
    HttpConnection *c = open(config);
    m_device->feed(get("/") + get("/") + get("/") + get("/"));
    c->onReadable();
    const QByteArray wire = m_device->written();
    QCOMPARE(statusLines(wire).size(), 3);
    QCOMPARE(wire.count("Connection: close"), 1);
    QVERIFY(c->isClosed());
}

void tst_HttpConnection::backpressure()
{
    HttpConnection *c = open();
    m_device->setWriteCapacity(50);
    m_device->feed(get("/"));
    c->onReadable();
    QCOMPARE(m_device->written().size(), 50);
    QCOMPARE(c->state(), ConnectionState::Writing);
    QVERIFY(m_host.writing);
    QVERIFY(c->deadlineMs() > 0);

    m_device->setWriteCapacity(-1);
    c->onWritable();
    QVERIFY(m_device->written().endsWith(Router::helloPage()));
    QVERIFY(!m_host.writing);
    QCOMPARE(c->state(), ConnectionState::Idle);
}

void tst_HttpConnection::pipelineBeyondTheOutputLimitIsAllAnswered()
{
    // Twenty pipelined favicons are 400 KiB of responses: parsing pauses past the 256 KiB
    // output limit. When the device takes all of it at once (a client that reads fast, large
    // socket buffers), the rest must still be answered, not left unparsed until a timeout.
    HttpConnection *c = open();
    QByteArray pipeline;
    for (int i = 0; i < 20; ++i)
        pipeline += get("/favicon.ico");
    m_device->feed(pipeline);
    c->onReadable();
    QCOMPARE(statusLines(m_device->written()).size(), 20);
    QCOMPARE(c->requestsServed(), 20);
    QCOMPARE(c->state(), ConnectionState::Idle);
}

void tst_HttpConnection::idleTimeoutCloses()
{
    ServerConfig config;
    config.keepAliveTimeoutMs = 5000;
    HttpConnection *c = open(config);
    m_device->feed(get("/"));
    c->onReadable();
    QCOMPARE(c->state(), ConnectionState::Idle);
    const qint64 deadline = c->deadlineMs();
    QVERIFY(deadline >= ServerContext::monotonicMs() + 4000);
    QVERIFY(deadline <= ServerContext::monotonicMs() + 5000);
    const qsizetype before = m_device->written().size();
    c->onTimeout();
    QVERIFY(c->isClosed());
    QCOMPARE(m_device->written().size(), before); // idle connections close silently
}

void tst_HttpConnection::slowRequestGets408()
{
    HttpConnection *c = open();
    m_device->feed("GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow");
    c->onReadable();
    QCOMPARE(c->state(), ConnectionState::Reading);
    QVERIFY(c->deadlineMs() > 0);
    c->onTimeout();
    QVERIFY(m_device->written().startsWith("HTTP/1.1 408 Request Timeout\r\n"));
    QVERIFY(c->isClosed());
}

void tst_HttpConnection::bodyIsDiscarded()
{
    HttpConnection *c = open();
    // The body looks like a request: it must never be taken for one.
    const QByteArray body = get("/smuggled");
    m_device->feed(get("/", "Content-Length: " + QByteArray::number(body.size()) + "\r\n") + body
                   + get("/"));
    c->onReadable();
    QCOMPARE(statusLines(m_device->written()),
             (QList<QByteArray> {"HTTP/1.1 200 OK", "HTTP/1.1 200 OK"}));
    QCOMPARE(c->requestsServed(), 2);
}

void tst_HttpConnection::continueBeforeTheBody()
{
    HttpConnection *c = open();
    // A pipelined GET first: its response goes out before the interim one.
    m_device->feed(get("/") + get("/", "Content-Length: 5\r\nExpect: 100-continue\r\n"));
    c->onReadable();
    QCOMPARE(statusLines(m_device->written()),
             (QList<QByteArray> {"HTTP/1.1 200 OK", "HTTP/1.1 100 Continue"}));
    QVERIFY(m_device->written().endsWith("HTTP/1.1 100 Continue\r\n\r\n")); // no headers
    QCOMPARE(c->requestsServed(), 1);
    // The body in two pieces: one "100 Continue" only, then the final response.
    m_device->feed("he");
    c->onReadable();
    m_device->feed("llo");
    c->onReadable();
    QCOMPARE(statusLines(m_device->written()),
             (QList<QByteArray> {"HTTP/1.1 200 OK", "HTTP/1.1 100 Continue", "HTTP/1.1 200 OK"}));
    QCOMPARE(c->requestsServed(), 2);
    // The next request with an expectation gets its own.
    m_device->feed(get("/", "Content-Length: 1\r\nExpect: 100-continue\r\n"));
    c->onReadable();
    QCOMPARE(statusLines(m_device->written()).size(), 4);
    QCOMPARE(statusLines(m_device->written()).last(), QByteArray("HTTP/1.1 100 Continue"));
}

void tst_HttpConnection::halfCloseStillGetsResponse()
{
    HttpConnection *c = open();
    // The client sends its request and shuts its side down at once.
    m_device->feed(get("/"));
    m_device->hangUp();
    c->onReadable();
    QVERIFY(m_device->written().startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(m_device->written().endsWith(Router::helloPage()));
    // The end of stream may be seen on the next readiness notification; then it closes.
    if (!c->isClosed())
        c->onReadable();
    QVERIFY(c->isClosed());
    QCOMPARE(m_host.closed, 1);
}

void tst_HttpConnection::countersBalance()
{
    HttpConnection *c = open();
    QCOMPARE(m_context->stats.snapshot().active, 1);
    QCOMPARE(m_context->stats.snapshot().reading, 1);
    m_device->feed(get("/") + get("/nope"));
    c->onReadable();
    ServerStats::Snapshot s = m_context->stats.snapshot();
    QCOMPARE(s.idle, 1);
    QCOMPARE(s.reading, 0);
    QCOMPARE(s.requestsTotal, 2);
    QCOMPARE(s.requests2xx, 1);
    QCOMPARE(s.requests4xx, 1);
    QCOMPARE(s.bytesSent, m_device->written().size());
    c->abort();
    s = m_context->stats.snapshot();
    QCOMPARE(s.active, 0);
    QCOMPARE(s.idle + s.reading + s.writing, 0);
}

void tst_HttpConnection::eventsDescribeTheRequest()
{
    EventHub hub;
    openRecorded(hub, DispatchMode::Concurrent);
    m_device->feed(get("/nope?x=1"));
    m_connection->onReadable();
    m_context->recorder.publish();

    QSignalSpy spy(&hub, &EventHub::eventsReady);
    hub.flush();
    QCOMPARE(spy.size(), 1);
    const auto events = spy.first().first().value<ServerEventBatch>();
    const auto finished = std::find_if(events.cbegin(), events.cend(), [](const ServerEvent &e) {
        return e.type == ServerEvent::Type::RequestFinished;
    });
    QVERIFY(finished != events.cend());
    QCOMPARE(finished->connectionId, quint64(7));
    QCOMPARE(finished->status, 404);
    QCOMPARE(finished->method, QByteArray("GET"));
    QCOMPARE(finished->target, QByteArray("/nope?x=1"));
    QCOMPARE(finished->peer, QStringLiteral("127.0.0.1"));
    QCOMPARE(finished->bytesSent, m_device->written().size());
    QCOMPARE(finished->bodyBytes, Router::notFoundPage().size());
    QCOMPARE(finished->phases.thread, 0);
    QVERIFY(finished->phases.startedUs > 0);
    QCOMPARE(events.first().type, ServerEvent::Type::ConnectionOpened);
    // The handler answered at once: its start is told by the RequestFinished alone.
    QVERIFY(std::none_of(events.cbegin(), events.cend(), [](const ServerEvent &e) {
        return e.type == ServerEvent::Type::RequestStarted;
    }));
}

void tst_HttpConnection::finishedIsReportedOnceSent_data()
{
    QTest::addColumn<bool>("clientReads"); // or the connection closes with the response unsent
    QTest::newRow("the client reads it") << true;
    QTest::newRow("closed before it was read") << false;
}

void tst_HttpConnection::finishedIsReportedOnceSent()
{
    // The response waits in the connection for a client that reads slowly: it is counted at
    // once (a status document counts it), its event waits until it was written, and says when.
    QFETCH(bool, clientReads);
    EventHub hub;
    openRecorded(hub, DispatchMode::Concurrent);
    QSignalSpy spy(&hub, &EventHub::eventsReady);
    const auto finishedIn = [&spy]() -> std::optional<ServerEvent> {
        for (const QList<QVariant> &batch : std::as_const(spy)) {
            for (const ServerEvent &e : batch.first().value<ServerEventBatch>()) {
                if (e.type == ServerEvent::Type::RequestFinished)
                    return e;
            }
        }
        return std::nullopt;
    };
    m_device->setWriteCapacity(50);
    m_device->feed(get("/"));
    m_connection->onReadable();
    m_context->recorder.publish();
    hub.flush();
    QCOMPARE(m_context->stats.snapshot().requestsTotal, qint64(1));
    QVERIFY(!finishedIn());

    if (clientReads) {
        m_device->setWriteCapacity(-1);
        m_connection->onWritable();
    } else {
        m_connection->abort();
    }
    m_context->recorder.publish();
    hub.flush();
    const std::optional<ServerEvent> finished = finishedIn();
    QVERIFY(finished);
    const RequestPhases &p = finished->phases;
    QVERIFY(p.doneUs > 0);
    if (clientReads) {
        QVERIFY(p.sentUs >= p.doneUs);
        QCOMPARE(p.sendingUs(), p.sentUs - p.doneUs);
    } else {
        QCOMPARE(p.sentUs, qint64(0));
    }
    // Reported before its connection closed, in the same batch order as ever.
    const ServerEventBatch last = spy.last().first().value<ServerEventBatch>();
    const auto finishedAt = std::find_if(last.cbegin(), last.cend(), [](const ServerEvent &e) {
        return e.type == ServerEvent::Type::RequestFinished;
    });
    const auto closedAt = std::find_if(last.cbegin(), last.cend(), [](const ServerEvent &e) {
        return e.type == ServerEvent::Type::ConnectionClosed;
    });
    QVERIFY(finishedAt != last.cend());
    if (closedAt != last.cend())
        QVERIFY(finishedAt < closedAt);
}

void tst_HttpConnection::serverThreadWorkIsMeasured_data()
{
    QTest::addColumn<int>("requests"); // pipelined, sent in one write
    QTest::addColumn<bool>("inTwoReads"); // the (first) head arrives in two pieces
    QTest::addColumn<bool>("handedBack"); // a "worker" runs the handler, as Pooled does
    QTest::newRow("one request, one read") << 1 << false << false;
    QTest::newRow("three pipelined, one read") << 3 << false << false;
    QTest::newRow("a head in two reads") << 1 << true << false;
    QTest::newRow("two pipelined, handed back") << 2 << false << true;
}

void tst_HttpConnection::serverThreadWorkIsMeasured()
{
    // The server thread's lane shows its own reading, parsing and writing: each span must lie
    // where the thread did that request's part, and no two things may overlap on it.
    QFETCH(int, requests);
    QFETCH(bool, inTwoReads);
    QFETCH(bool, handedBack);
    EventHub hub;
    openRecorded(hub, DispatchMode::Concurrent);
    QSignalSpy spy(&hub, &EventHub::eventsReady);
    m_host.deferHandlers = handedBack;
    QByteArray wire;
    for (int i = 0; i < requests; ++i)
        wire += get("/");
    qint64 secondReadUs = 0;
    if (inTwoReads) {
        m_device->feed(wire.left(10));
        m_connection->onReadable();
        secondReadUs = ServerContext::monotonicUs();
        m_device->feed(wire.mid(10));
    } else {
        m_device->feed(wire);
    }
    m_connection->onReadable();
    for (int i = 0; handedBack && i < requests; ++i) {
        QCOMPARE(m_host.dispatched, i + 1);
        m_connection->handlerFinished(RequestHandler::run(m_connection->pendingJob(), *m_context));
    }
    m_context->recorder.publish();
    hub.flush();
    QList<RequestPhases> finished;
    for (const QList<QVariant> &batch : std::as_const(spy)) {
        for (const ServerEvent &e : batch.first().value<ServerEventBatch>()) {
            if (e.type == ServerEvent::Type::RequestFinished)
                finished.append(e.phases);
        }
    }
    QCOMPARE(finished.size(), requests);
    QCOMPARE(statusLines(m_device->written()).size(), requests);

    QList<std::pair<qint64, qint64>> onServerThread;
    for (int i = 0; i < requests; ++i) {
        const RequestPhases &p = finished[i];
        QVERIFY(p.receiveStartUs >= p.readUs);
        QVERIFY(p.receiveStartUs <= p.parsedUs);
        QVERIFY(p.writeStartUs >= p.doneUs);
        QVERIFY(p.sentUs >= p.writeStartUs);
        if (i > 0) {
            // Parsed after the one before it was answered; written after it, not with it.
            QVERIFY(p.receiveStartUs >= finished[i - 1].doneUs);
            QVERIFY(p.writeStartUs >= finished[i - 1].sentUs);
        }
        onServerThread.append({p.receiveStartUs, p.parsedUs});
        onServerThread.append({p.writeStartUs, p.sentUs});
        if (!handedBack)
            onServerThread.append({p.startedUs, p.handlerEndUs});
    }
    if (inTwoReads)
        QVERIFY(finished.first().receiveStartUs >= secondReadUs); // not the first, partial read
    std::sort(onServerThread.begin(), onServerThread.end());
    for (qsizetype i = 1; i < onServerThread.size(); ++i)
        QVERIFY2(onServerThread[i].first >= onServerThread[i - 1].second,
                 "two things at once on the server thread");
}

void tst_HttpConnection::pipelinedRequestsLoggedAsSent_data()
{
    QTest::addColumn<bool>("readSlowly"); // the responses wait unsent until the client reads

    QTest::newRow("written at once") << false;
    QTest::newRow("written later") << true;
}

void tst_HttpConnection::pipelinedRequestsLoggedAsSent()
{
    // Each RequestFinished tells its own request's line and headers, though the connection
    // moved on to the next request before the response was written.
    QFETCH(bool, readSlowly);
    EventHub hub;
    openRecorded(hub, DispatchMode::Concurrent);
    if (readSlowly)
        m_device->setWriteCapacity(0);
    m_device->feed(get("/", "Referer: http://a/\r\nUser-Agent: one\r\n")
                   + get("/missing", "User-Agent: two\r\n")
                   + "GET /x HTTP/1.0\r\nreferer: http://c/\r\n\r\n");
    m_connection->onReadable();
    if (readSlowly) {
        m_device->setWriteCapacity(-1);
        m_connection->onWritable();
    }
    QCOMPARE(statusLines(m_device->written()).size(), 3);
    m_context->recorder.publish();
    QSignalSpy spy(&hub, &EventHub::eventsReady);
    hub.flush();
    QCOMPARE(spy.size(), 1);
    QList<ServerEvent> finished;
    for (const ServerEvent &event : spy.first().first().value<ServerEventBatch>()) {
        if (event.type == ServerEvent::Type::RequestFinished)
            finished.append(event);
    }
    QCOMPARE(finished.size(), 3);
    const struct
    {
        QByteArray target, referer, userAgent;
        int status, httpMinor;
    } expected[] = {{"/", "http://a/", "one", 200, 1},
                    {"/missing", QByteArray(), "two", 404, 1},
                    {"/x", "http://c/", QByteArray(), 404, 0}};
    for (int i = 0; i < 3; ++i) {
        QCOMPARE(finished.at(i).method, QByteArray("GET"));
        QCOMPARE(finished.at(i).target, expected[i].target);
        QCOMPARE(finished.at(i).referer, expected[i].referer);
        QCOMPARE(finished.at(i).userAgent, expected[i].userAgent);
        QCOMPARE(finished.at(i).status, expected[i].status);
        QCOMPARE(int(finished.at(i).httpMinor), expected[i].httpMinor);
        QVERIFY(finished.at(i).phases.sentUs > 0);
    }
}

void tst_HttpConnection::clientThatLeftIsLogged499_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<bool>("withWorker"); // the handler is with "the pool" (deferred)
    QTest::addColumn<bool>("serverStops"); // the server closes it, not the client
    QTest::newRow("compute with a worker") << QByteArray("/compute?ms=10000") << true << false;
    QTest::newRow("parked sleep") << QByteArray("/sleep?ms=5000") << false << false;
    QTest::newRow("server stopping") << QByteArray("/sleep?ms=5000") << false << true;
}

void tst_HttpConnection::clientThatLeftIsLogged499()
{
    // The client closes while its request is handled: its work stops, nothing is sent, and
    // the log says so as nginx's does, 499; counted as no response, since none went out.
    QFETCH(QByteArray, target);
    QFETCH(bool, withWorker);
    QFETCH(bool, serverStops);
    EventHub hub;
    openRecorded(hub, withWorker ? DispatchMode::Pooled : DispatchMode::Concurrent);
    m_host.deferHandlers = withWorker;
    m_device->feed(get(target));
    m_connection->onReadable();
    if (serverStops) {
        m_context->requestStop();
        m_connection->abort();
    } else {
        m_device->hangUp();
        m_connection->onReadable();
    }
    QVERIFY(m_connection->isClosed());
    QVERIFY(m_device->written().isEmpty());
    m_context->recorder.publish();
    QSignalSpy spy(&hub, &EventHub::eventsReady);
    hub.flush();
    QCOMPARE(spy.size(), 1);
    const ServerEventBatch events = spy.first().first().value<ServerEventBatch>();
    const auto finished = std::find_if(events.cbegin(), events.cend(), [](const ServerEvent &e) {
        return e.type == ServerEvent::Type::RequestFinished;
    });
    QCOMPARE(m_context->stats.snapshot().requestsTotal, qint64(0));
    if (serverStops) {
        QVERIFY(finished == events.cend());
        return;
    }
    QVERIFY(finished != events.cend());
    QCOMPARE(finished->status, ServerEvent::clientLeftStatus);
    QCOMPARE(finished->target, target);
    QCOMPARE(finished->bytesSent, qint64(0));
    QCOMPARE(finished->phases.sentUs, qint64(0));
    QVERIFY(finished->phases.doneUs >= finished->phases.parsedUs);
    const auto closed = std::find_if(events.cbegin(), events.cend(), [](const ServerEvent &e) {
        return e.type == ServerEvent::Type::ConnectionClosed;
    });
    QVERIFY(closed != events.cend() && finished < closed);
}

void tst_HttpConnection::sleepThenCloseCountsOnce_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("maxRequests");

    QTest::newRow("Connection: close") << get("/sleep?ms=100", "Connection: close\r\n") << 1000;
    QTest::newRow("HTTP/1.0") << QByteArray("GET /sleep?ms=100 HTTP/1.0\r\n\r\n") << 1000;
    QTest::newRow("last allowed request") << get("/sleep?ms=100") << 1;
}

void tst_HttpConnection::sleepThenCloseCountsOnce()
{
    // A sleep that ended normally and whose response closes the connection is one finished
    // sleep: not also a cancelled one (pendingSleeps went to -1 per such request).
    QFETCH(QByteArray, request);
    QFETCH(int, maxRequests);

    EventHub hub;
    hub.setEnabled(true);
    ServerConfig config;
    config.mode = DispatchMode::Concurrent;
    config.maxRequestsPerConnection = maxRequests;
    m_context = std::make_unique<ServerContext>(config, &hub);
    auto device = std::make_unique<MockDevice>();
    m_device = device.get();
    m_connection = std::make_unique<HttpConnection>(
        3, std::move(device), HttpConnection::Peer {QStringLiteral("127.0.0.1"), 40002, 7878},
        &m_host, m_context.get());
    HttpConnection *c = m_connection.get();
    c->open();
    m_device->feed(request);
    c->onReadable();
    QCOMPARE(c->state(), ConnectionState::Sleeping);
    QCOMPARE(m_context->stats.snapshot().pendingSleeps, 1);

    c->wake();
    QVERIFY(m_device->written().startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(m_device->written().contains("\r\nConnection: close\r\n"));
    QVERIFY(c->isClosed());
    QCOMPARE(m_host.closed, 1);
    QCOMPARE(m_host.wakesCancelled, 0);
    const ServerStats::Snapshot s = m_context->stats.snapshot();
    QCOMPARE(s.pendingSleeps, 0);
    QCOMPARE(s.active, 0);
    QCOMPARE(s.reading + s.writing + s.idle, 0);

    m_context->recorder.publish();
    QSignalSpy spy(&hub, &EventHub::eventsReady);
    hub.flush();
    QCOMPARE(spy.size(), 1);
    const auto events = spy.first().first().value<ServerEventBatch>();
    const auto count = [&events](ServerEvent::Type type) {
        return std::count_if(events.cbegin(), events.cend(),
                             [type](const ServerEvent &e) { return e.type == type; });
    };
    QCOMPARE(count(ServerEvent::Type::SleepStarted), 1);
    QCOMPARE(count(ServerEvent::Type::SleepFinished), 1);
    QCOMPARE(count(ServerEvent::Type::SleepCancelled), 0);
    QCOMPARE(count(ServerEvent::Type::RequestFinished), 1);
}

void tst_HttpConnection::drainedWriteDoesNotTimeOutSleep()
{
    // A pipelined response stalls, then drains while the next request sleeps: the stalled
    // write's timeout must not stay armed and cut the (longer) sleep short.
    ServerConfig config;
    config.writeTimeoutMs = 1000;
    HttpConnection *c = open(config);
    m_device->setWriteCapacity(50);
    m_device->feed(get("/") + get("/sleep?ms=60000"));
    c->onReadable();
    QCOMPARE(c->state(), ConnectionState::Sleeping);
    QCOMPARE(m_device->written().size(), 50);
    QVERIFY(m_host.writing);
    QVERIFY(c->deadlineMs() > 0); // a client that stops reading is still dropped

    m_device->setWriteCapacity(20);
    c->onWritable(); // some progress, still stalled: the write timeout restarts
    QCOMPARE(m_device->written().size(), 70);
    QVERIFY(c->deadlineMs() > 0);

    m_device->setWriteCapacity(-1);
    c->onWritable();
    QVERIFY(m_device->written().endsWith(Router::helloPage()));
    QVERIFY(!m_host.writing);
    QCOMPARE(c->state(), ConnectionState::Sleeping);
    QCOMPARE(c->deadlineMs(), 0); // nothing left to time out while it sleeps

    c->wake();
    QCOMPARE(statusLines(m_device->written()),
             (QList<QByteArray> {"HTTP/1.1 200 OK", "HTTP/1.1 200 OK"}));
    QCOMPARE(c->state(), ConnectionState::Idle);
    QVERIFY(c->deadlineMs() > 0); // the keep-alive timeout
    QCOMPARE(m_context->stats.snapshot().pendingSleeps, 0);
}

void tst_HttpConnection::stalledWriteStaysTimedAcrossRequests_data()
{
    QTest::addColumn<qint64>("progress");
    QTest::addColumn<bool>("startsMore");
    const qint64 icon = Router::favicon().size();
    QTest::newRow("too little for another answer") << qint64(10) << false;
    QTest::newRow("room for one more answer") << icon << true;
    QTest::newRow("room for several answers") << 4 * icon << true;
}

void tst_HttpConnection::stalledWriteStaysTimedAcrossRequests()
{
    // A client pipelines requests for large responses and reads a little now and then: each
    // bit of progress may let the server answer more of them. Starting those must not disarm
    // the stalled write's timeout, or a client that then reads nothing more stays forever.
    QFETCH(qint64, progress);
    QFETCH(bool, startsMore);
    ServerConfig config;
    config.writeTimeoutMs = 1000;
    HttpConnection *c = open(config);
    m_device->setWriteCapacity(0);
    QByteArray pipeline;
    for (int i = 0; i < 40; ++i) // 40 icons: far more than the output limit holds
        pipeline += get("/favicon.ico");
    m_device->feed(pipeline);
    c->onReadable();
    QCOMPARE(c->state(), ConnectionState::Writing);
    QVERIFY(m_host.writing);
    QVERIFY(c->deadlineMs() > 0);
    const int started = m_host.dispatched;
    QVERIFY(started < 40);

    m_device->setWriteCapacity(progress);
    c->onWritable();
    QCOMPARE(m_device->written().size(), progress);
    QCOMPARE(m_host.dispatched > started, startsMore);
    QCOMPARE(c->state(), ConnectionState::Writing);
    QVERIFY(m_host.writing);
    QVERIFY(c->deadlineMs() > 0); // still dropped if it reads nothing more

    c->onTimeout();
    QVERIFY(c->isClosed());
}

void tst_HttpConnection::halfCloseDuringWriteClosesOnceSent()
{
    // The client shuts its side down while its response is still going out: once the rest
    // is sent the connection closes, instead of idling until the keep-alive timeout.
    HttpConnection *c = open();
    m_device->setWriteCapacity(50);
    m_device->feed(get("/"));
    c->onReadable();
    QCOMPARE(c->state(), ConnectionState::Writing);
    m_device->hangUp();
    c->onReadable();
    QVERIFY(!c->isClosed()); // the response is not complete yet

    m_device->setWriteCapacity(-1);
    c->onWritable();
    QVERIFY(m_device->written().startsWith("HTTP/1.1 200 OK\r\n"));
    QVERIFY(m_device->written().endsWith(Router::helloPage()));
    QVERIFY(c->isClosed());
    QCOMPARE(m_host.closed, 1);
    const ServerStats::Snapshot s = m_context->stats.snapshot();
    QCOMPARE(s.active, 0);
    QCOMPARE(s.reading + s.writing + s.idle, 0);
}

void tst_HttpConnection::clientGoneStopsInlineWork_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<bool>("blockingSleep");
    QTest::newRow("compute") << QByteArray("/compute?ms=3000") << false;
    QTest::newRow("blocking sleep") << QByteArray("/sleep?ms=3000") << true;
}

void tst_HttpConnection::clientGoneStopsInlineWork()
{
    // A handler on the connection's own thread (concurrent, sequential) asks the socket: a
    // client that left gets no more work and no response.
    QFETCH(QByteArray, target);
    QFETCH(bool, blockingSleep);
    ServerConfig config;
    config.blockingSleep = blockingSleep;
    HttpConnection *c = open(config);
    m_host.peerGone = true;
    QElapsedTimer timer;
    timer.start();
    m_device->feed(get(target));
    c->onReadable();
    const qint64 elapsedMs = timer.elapsed();
    QVERIFY2(elapsedMs < 1500, QByteArray::number(elapsedMs)); // not the 3 s asked for
    QVERIFY(m_host.probes > 0);
    QVERIFY(m_device->written().isEmpty());
    QVERIFY(c->isClosed());
    QCOMPARE(m_host.closed, 1);
    const ServerStats::Snapshot s = m_context->stats.snapshot();
    QCOMPARE(s.active, 0);
    QCOMPARE(s.pendingSleeps, 0);
    QCOMPARE(s.requestsTotal, 0);
}

void tst_HttpConnection::clientGoneBetweenPipelinedRequests()
{
    // Twenty short handlers in one pipeline, the client gone after the first few: the
    // connection stops between them (each handler asks before its work, and the connection
    // between handlers once they add up), and sends what was answered before.
    HttpConnection *c = open();
    m_host.peerGoneAfterProbes = 2;
    QByteArray pipeline;
    constexpr int requests = 20;
    for (int i = 0; i < requests; ++i)
        pipeline += get("/compute?ms=3");
    m_device->feed(pipeline);
    c->onReadable();
    QVERIFY(c->isClosed());
    const qsizetype answered = statusLines(m_device->written()).size();
    QVERIFY2(answered < requests / 2, QByteArray::number(answered));
    QVERIFY(m_host.probes > 0);
    // What was answered before the probe said so still went out, whole.
    QVERIFY(answered > 0);
    QVERIFY(m_device->written().endsWith(Router::helloPage()));
}

void tst_HttpConnection::halfCloseCancelsWorkInFlight()
{
    // A client that closes its side while its request is with a handler has left: the work is
    // cancelled and nothing is sent (nginx's 499), whatever the route.
    HttpConnection *c = open();
    m_host.deferHandlers = true;
    m_device->feed(get("/compute?ms=10000"));
    c->onReadable();
    QCOMPARE(m_host.dispatched, 1);
    QVERIFY(!c->isClosed());
    m_device->hangUp();
    c->onReadable();
    QVERIFY(c->isClosed());
    QVERIFY(c->pendingJob().cancelled->load());
    QVERIFY(m_device->written().isEmpty());
    QCOMPARE(m_context->stats.snapshot().active, 0);
}

void tst_HttpConnection::hangUpWhileReadingIsPausedStillSendsWhatWasAnswered()
{
    // The client pipelined more than it reads: 256 KiB of responses wait, parsing and reading
    // are paused. Then the host sees it close its side (without reading): the responses
    // already produced still go out, and the connection closes after them, lingering so that
    // unread input cannot turn the close into a reset.
    HttpConnection *c = open();
    m_device->setWriteCapacity(0);
    QByteArray pipeline;
    while (pipeline.size() < 256 * 1024)
        pipeline += get("/");
    m_device->feed(pipeline);
    c->onReadable(); // parses until 256 KiB of responses wait
    c->onReadable(); // and reads until 64 KiB of input wait unparsed
    QVERIFY(!m_host.reading); // paused: the host watches only for a hang-up now
    QVERIFY(m_device->written().isEmpty());
    c->onPeerFinishedSending();
    QVERIFY(!c->isClosed());
    m_device->setWriteCapacity(-1);
    c->onWritable();
    QVERIFY(c->isClosed());
    const qsizetype answered = statusLines(m_device->written()).size();
    QVERIFY2(m_device->written().size() > 256 * 1024, QByteArray::number(answered)); // all held
    QVERIFY(m_device->written().endsWith(Router::helloPage()));
    QCOMPARE(m_host.lingered, 1);
    QCOMPARE(m_context->stats.snapshot().active, 0);
}

void tst_HttpConnection::chargesWhatItHolds()
{
    // The budget follows the connection's footprint: a head being read counts (its buffer and
    // the fields parsed so far), an idle connection holds nothing, a closed one releases all.
    HttpConnection *c = open();
    QCOMPARE(m_context->memory.bufferedBytes(), 0);
    const QByteArray request = largeGet(2);
    const QByteArray unfinished = request.left(request.size() - 2); // without the blank line
    m_device->feed(unfinished);
    c->onReadable();
    QCOMPARE(c->state(), ConnectionState::Reading);
    QCOMPARE(m_context->memory.bufferedBytes(), c->footprint());
    QCOMPARE(c->chargedBytes(), c->footprint());
    // The buffer holds the head, the parser a copy of each field.
    QVERIFY2(c->footprint() >= 2 * 14000, QByteArray::number(c->footprint()));
    m_device->feed("\r\n");
    c->onReadable();
    QVERIFY(m_device->written().startsWith("HTTP/1.1 200 OK"));
    QCOMPARE(c->state(), ConnectionState::Idle);
    QCOMPARE(c->footprint(), 0);
    QCOMPARE(m_context->memory.bufferedBytes(), 0);
    m_device->feed(unfinished);
    c->onReadable();
    QVERIFY(m_context->memory.bufferedBytes() > 0);
    c->onPeerClosed();
    QCOMPARE(m_context->memory.bufferedBytes(), 0);
}

void tst_HttpConnection::pausesWhileTheBudgetIsUsedUp()
{
    // Other connections hold the whole budget: a small request is still served, a large head
    // stops being read after its first chunk (and the host is told), and once the budget has
    // room again the connection reads on.
    ServerConfig config;
    config.memoryBudgetMib = 1;
    HttpConnection *c = open(config);
    const qint64 others = m_context->memory.limitBytes();
    m_context->memory.charge(others);
    QVERIFY(m_context->memory.isExhausted());
    m_device->feed(get("/"));
    c->onReadable();
    QVERIFY(m_device->takeWritten().startsWith("HTTP/1.1 200 OK"));
    QVERIFY(!c->isPausedForMemory());

    m_device->feed(largeGet());
    c->onReadable();
    QVERIFY(c->isPausedForMemory());
    QCOMPARE(m_host.pausedForMemory, 1);
    QVERIFY(!c->isReadEnabled());
    QVERIFY(!m_host.reading);
    QVERIFY(c->isWatchingHangUp()); // a client that leaves is still seen
    QVERIFY(c->chargedBytes() >= ServerConfig::memoryHolderBytes);
    QVERIFY(m_device->written().isEmpty()); // the rest of the head is still unread
    c->onReadable(); // a stray readiness reads nothing more
    QVERIFY(m_device->written().isEmpty());

    m_context->memory.charge(-others);
    QVERIFY(m_context->memory.allowsResume());
    c->resumeAfterMemory();
    QVERIFY(!c->isPausedForMemory());
    QVERIFY(c->isReadEnabled());
    c->onReadable();
    QVERIFY(m_device->written().startsWith("HTTP/1.1 200 OK"));
    QCOMPARE(c->state(), ConnectionState::Idle);
    QCOMPARE(m_context->memory.bufferedBytes(), 0);
}

void tst_HttpConnection::hangUpWhilePausedForMemoryCloses()
{
    ServerConfig config;
    config.memoryBudgetMib = 1;
    HttpConnection *c = open(config);
    const qint64 others = m_context->memory.limitBytes();
    m_context->memory.charge(others);
    m_device->feed(largeGet());
    c->onReadable();
    QVERIFY(c->isPausedForMemory());
    c->onPeerFinishedSending(); // what the host reports while it does not read
    QVERIFY(c->isClosed());
    QCOMPARE(m_host.closed, 1);
    QVERIFY(m_device->written().isEmpty());
    QCOMPARE(m_context->memory.bufferedBytes(), others);
    m_context->memory.charge(-others);
}

void tst_HttpConnection::shedForMemoryAnswers503()
{
    ServerConfig config;
    config.memoryBudgetMib = 1;
    HttpConnection *c = open(config);
    m_device->feed(get("/"));
    c->onReadable();
    m_device->takeWritten();
    QVERIFY(!c->shedForMemory()); // idle: it holds nothing worth shedding
    QVERIFY(!c->isClosed());

    const qint64 others = m_context->memory.limitBytes();
    m_context->memory.charge(others);
    m_device->feed(largeGet());
    c->onReadable();
    QVERIFY(c->isPausedForMemory());
    QVERIFY(c->shedForMemory());
    QVERIFY(c->isClosed());
    QVERIFY(m_device->written().startsWith("HTTP/1.1 503 Service Unavailable\r\n"));
    QVERIFY(m_device->written().contains("\r\nConnection: close\r\n"));
    QCOMPARE(m_host.lingered, 1); // the client may still be sending: it reads its 503
    QCOMPARE(m_context->memory.bufferedBytes(), others);
    QCOMPARE(m_context->stats.snapshot().requests5xx, 1);
    m_context->memory.charge(-others);
}

void tst_HttpConnection::shedForMemoryClosesANonReader()
{
    // A client that pipelines and reads nothing holds its responses; shed, it is closed
    // without a word (a 503 cannot follow a response partly sent).
    ServerConfig config;
    config.memoryBudgetMib = 1;
    HttpConnection *c = open(config);
    m_device->setWriteCapacity(100);
    QByteArray pipeline;
    for (int i = 0; i < 20; ++i)
        pipeline += get("/favicon.ico");
    m_device->feed(pipeline);
    c->onReadable();
    QCOMPARE(c->state(), ConnectionState::Writing);
    QVERIFY(c->chargedBytes() > 256 * 1024);
    QCOMPARE(m_context->memory.bufferedBytes(), c->chargedBytes());
    QVERIFY(c->shedForMemory());
    QVERIFY(c->isClosed());
    QCOMPARE(m_device->written().size(), 100);
    QVERIFY(!m_device->written().contains("503"));
    QCOMPARE(m_context->memory.bufferedBytes(), 0);
}

QTEST_GUILESS_MAIN(tst_HttpConnection)
#include "tst_httpconnection.moc"
