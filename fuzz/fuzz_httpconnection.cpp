// libFuzzer harness for HttpConnection, the connection state machine, over an in-memory device
// as tst_httpconnection drives it: no sockets, no event loop, the input decides when bytes
// arrive, when handlers finish, when sleeps wake, how much the client reads, and whether it
// half-closes, resets or is aborted. After every step the connection must keep the promises
// the engine relies on; afterwards the bytes it wrote must be well-formed responses, one per
// request it took, in order, and the requests it took what the parser makes of the same bytes.
//
// Input: [flags] [n] [n script bytes] [the bytes the client sends]. Both header bytes may be
// missing (all zero), so a raw request is a valid input; the seed corpus prefixes "\0\0".

#include "connectionhost.h"
#include "eventhub.h"
#include "eventrecorder.h"
#include "httpconnection.h"
#include "httprequestparser.h"
#include "requesthandler.h"
#include "servercontext.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QIODevice>
#include <QtCore/QList>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>

namespace {

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_httpconnection: %s\n", what);
        __builtin_trap();
    }
}

/*! Reads hand out queued chunks; writes are captured up to a capacity the script sets. */
class ScriptedDevice : public QIODevice
{
public:
    ScriptedDevice() { open(QIODevice::ReadWrite | QIODevice::Unbuffered); }
    bool isSequential() const override { return true; }

    void feed(const QByteArray &chunk) { m_chunks.append(chunk); }
    bool hasInput() const { return !m_chunks.isEmpty() || m_endOfStream || m_reset; }
    void hangUp() { m_endOfStream = true; }
    void resetByPeer() { m_reset = true; }
    bool isHungUp() const { return m_endOfStream || m_reset; }
    const QByteArray &written() const { return m_written; }
    void setWriteCapacity(qint64 bytes) { m_writeCapacity = bytes; }
    bool canWrite() const { return m_writeCapacity != 0 || m_reset; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        if (m_reset)
            return -1;
        if (m_chunks.isEmpty())
            return m_endOfStream ? -1 : 0;
        QByteArray &chunk = m_chunks.first();
        const qint64 n = std::min<qint64>(maxSize, chunk.size());
        std::memcpy(data, chunk.constData(), size_t(n));
        chunk.remove(0, n);
        if (chunk.isEmpty())
            m_chunks.removeFirst();
        return n;
    }
    qint64 writeData(const char *data, qint64 size) override
    {
        if (m_reset)
            return -1;
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
    bool m_reset = false;
};

/*!
    Plays the engine: runs handlers inline (concurrent) or keeps them "on the pool" until the
    script finishes them, and checks that the connection calls it only as ConnectionHost says.
*/
class ScriptedHost : public ConnectionHost
{
public:
    ScriptedHost(ServerContext &context, ScriptedDevice &device, bool deferHandlers)
        : m_context(context)
        , m_device(device)
        , m_deferHandlers(deferHandlers)
    { }

    void dispatchRequest(HttpConnection *connection) override
    {
        check(!closed, "a request dispatched after the close");
        check(!busy, "a second request dispatched before the first was answered");
        busy = true;
        const RequestHandler::Job &job = connection->pendingJob();
        requests.append(job.request);
        if (m_deferHandlers) {
            // A worker takes a copy of the job; the outcome comes back when the script says.
            connection->markQueued();
            pooled = quick(job);
            return;
        }
        if (job.route.kind == Router::Route::Kind::Compute) {
            connection->handlerFinished(RequestHandler::run(quick(job), m_context));
            return;
        }
        connection->runHandlerInline();
    }
    void requestCompleted(HttpConnection *) override
    {
        check(!closed, "requestCompleted after the close");
        check(busy, "requestCompleted without a request");
        busy = false;
    }
    void scheduleWake(HttpConnection *connection, qint64 deadlineMs) override
    {
        check(!closed, "a wake scheduled after the close");
        check(connection->state() == ConnectionState::Sleeping, "a wake for a connection awake");
        check(deadlineMs > 0, "a wake without a deadline");
        wakeAt = deadlineMs;
    }
    void cancelWake(HttpConnection *) override
    {
        check(wakeAt != 0, "a wake cancelled that was never scheduled");
        wakeAt = 0;
    }
    void interestChanged(HttpConnection *) override
    {
        check(!closed, "interest changed after the close");
    }
    bool isPeerGone(HttpConnection *) override { return m_device.isHungUp(); }
    void closeDevice(HttpConnection *connection, bool afterResponse) override
    {
        check(!closed, "the device closed twice");
        ConnectionHost::closeDevice(connection, afterResponse);
    }
    void connectionClosed(HttpConnection *connection) override
    {
        check(!closed, "connectionClosed twice");
        check(connection->isClosed(), "connectionClosed for an open connection");
        closed = true;
        busy = false;
    }

    /*! Finishes the request "on the pool", as the server thread takes the worker's outcome. */
    bool finishPooled(HttpConnection *connection)
    {
        if (!pooled)
            return false;
        RequestHandler::Job job = *std::exchange(pooled, std::nullopt);
        if (!closed)
            connection->handlerFinished(RequestHandler::run(job, m_context));
        return true;
    }

    QList<HttpRequest> requests; //!< every request dispatched, in order
    std::optional<RequestHandler::Job> pooled;
    qint64 wakeAt = 0;
    bool busy = false;
    bool closed = false;

private:
    /*! The job as it is, but a computation of no time: a fuzzer run must not burn CPU. */
    static RequestHandler::Job quick(const RequestHandler::Job &job)
    {
        RequestHandler::Job copy = job;
        if (copy.route.kind == Router::Route::Kind::Compute)
            copy.route.durationMs = 0;
        return copy;
    }

    ServerContext &m_context;
    ScriptedDevice &m_device;
    const bool m_deferHandlers;
};

/*! Reads the script a byte at a time; past its end every read is 0. */
class Script
{
public:
    Script(const uint8_t *data, size_t size)
        : m_data(data)
        , m_size(size)
    { }
    bool atEnd() const { return m_pos >= m_size; }
    uint8_t next() { return atEnd() ? 0 : m_data[m_pos++]; }

private:
    const uint8_t *m_data;
    size_t m_size;
    size_t m_pos = 0;
};

/*!
    What a readiness-driven host does between steps: level-triggered, it calls the connection
    again while the device is ready and the connection wants it. Bounded: each call either makes
    progress or turns its interest off.
*/
void poll(HttpConnection &connection, ScriptedDevice &device)
{
    for (int i = 0; i < 8 && !connection.isClosed(); ++i) {
        if (connection.isReadEnabled() && device.hasInput())
            connection.onReadable();
        else if (connection.isWriteEnabled() && device.canWrite())
            connection.onWritable();
        else
            return;
    }
}

/*! The connection ran out of work: every handler finished, every sleep woken, all written. */
void drain(HttpConnection &connection, ScriptedHost &host, ScriptedDevice &device)
{
    device.setWriteCapacity(-1);
    for (int round = 0; round < 64 && !connection.isClosed(); ++round) {
        poll(connection, device);
        if (host.finishPooled(&connection))
            continue;
        if (host.wakeAt != 0 && !connection.isClosed()) {
            host.wakeAt = 0;
            connection.wake();
            continue;
        }
        if (!(connection.isReadEnabled() && device.hasInput())
            && !(connection.isWriteEnabled() && device.canWrite()))
            return;
    }
}

/*!
    Checks the bytes written: responses one after another, each well-formed with a
    Content-Length, a HEAD one without its body, interim "100 Continue" ones anywhere, and after
    the requests' responses at most one refusal, last. Returns the final responses' statuses.
*/
QList<int> checkResponses(const QByteArray &wire, const QList<HttpRequest> &requests, bool mayBeCut)
{
    QList<int> statuses;
    qsizetype pos = 0;
    bool closing = false;
    while (pos < wire.size()) {
        check(!closing, "bytes written after a response that closes the connection");
        const qsizetype headEnd = wire.indexOf("\r\n\r\n", pos);
        if (headEnd < 0) {
            check(mayBeCut, "a response head that never ends");
            break;
        }
        const QByteArray head = wire.mid(pos, headEnd + 4 - pos);
        check(head.size() < 4096, "a response head of 4 KiB or more");
        check(head.startsWith("HTTP/1.1 ") && head.size() > 13 && head[12] == ' ',
              "a malformed status line");
        bool ok = false;
        const int status = head.mid(9, 3).toInt(&ok);
        check(ok && status >= 100 && status < 600, "a status outside 100-599");
        pos = headEnd + 4;
        if (status == 100) {
            check(head == "HTTP/1.1 100 Continue\r\n\r\n", "an interim response with fields");
            continue;
        }
        const qsizetype k = statuses.size();
        check(k <= requests.size(), "more final responses than requests plus one refusal");
        if (k == requests.size())
            check(status >= 400, "a response without a request that is no refusal");
        const qsizetype lengthAt = head.indexOf("\r\nContent-Length: ");
        check(lengthAt >= 0, "a final response without Content-Length");
        const qsizetype lengthEnd = head.indexOf("\r\n", lengthAt + 2);
        const qint64 length = head.mid(lengthAt + 18, lengthEnd - lengthAt - 18).toLongLong(&ok);
        check(ok && length >= 0 && length <= 1024 * 1024, "a Content-Length out of bounds");
        const bool headOnly = k < requests.size() && requests[k].method == "HEAD";
        const qint64 body = headOnly ? 0 : length;
        if (pos + body > wire.size()) {
            check(mayBeCut, "a response body cut short");
            statuses.append(status);
            break;
        }
        pos += body;
        statuses.append(status);
        closing = head.contains("\r\nConnection: close\r\n");
        if (k == requests.size())
            check(closing, "a refusal that keeps the connection open");
    }
    return statuses;
}

/*! What the parser alone makes of \a stream: its requests and, if it fails, its status. */
QList<HttpRequest> parseAlone(QByteArrayView stream, const RequestLimits &limits, int *errorStatus)
{
    HttpRequestParser parser(limits);
    QList<HttpRequest> requests;
    *errorStatus = 0;
    for (;;) {
        const HttpRequestParser::Result result = parser.parse(stream);
        stream = stream.sliced(result.consumed);
        if (result.status == HttpRequestParser::Status::Complete) {
            requests.append(parser.takeRequest());
            continue;
        }
        if (result.status == HttpRequestParser::Status::Error)
            *errorStatus = result.errorStatus;
        return requests;
    }
}

bool sameRequest(const HttpRequest &a, const HttpRequest &b)
{
    return a.method == b.method && a.target == b.target && a.headers == b.headers
        && a.contentLength == b.contentLength && a.chunked == b.chunked
        && a.keepAlive == b.keepAlive;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    // EventHub is a QObject that posts its wake-ups: give it an application, as the server has.
    static QCoreApplication application(*argc, *argv);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t flags = size > 0 ? data[0] : 0;
    const size_t scriptSize = size > 1 ? std::min<size_t>(data[1], size - 2) : 0;
    Script script(data + std::min<size_t>(size, 2), scriptSize);
    const size_t wireStart = std::min<size_t>(size, 2 + scriptSize);
    const QByteArray wire(reinterpret_cast<const char *>(data) + wireStart,
                          qsizetype(size - wireStart));

    ServerConfig config;
    static constexpr DispatchMode modes[] = {DispatchMode::Concurrent, DispatchMode::Sequential,
                                             DispatchMode::Pooled, DispatchMode::Concurrent};
    config.mode = modes[flags & 3];
    const bool deferHandlers = flags & 4;
    if (flags & 16)
        config.maxRequestsPerConnection = 3;
    EventHub hub;
    hub.setEnabled(flags & 8); // recording keeps the unsent responses' copies: another path
    ServerContext context(config, &hub);
    auto owned = std::make_unique<ScriptedDevice>();
    ScriptedDevice &device = *owned;
    ScriptedHost host(context, device, deferHandlers);
    HttpConnection connection(1, std::move(owned), {QStringLiteral("127.0.0.1"), 40000, 7878},
                              &host, &context);

    qsizetype fed = 0;
    auto feed = [&](qsizetype bytes) {
        bytes = std::min(bytes, wire.size() - fed);
        if (bytes > 0)
            device.feed(wire.mid(fed, bytes));
        fed += bytes;
    };
    bool ended = false; // the client half-closed, reset, or the server aborted
    bool cut = false; // a reset, an abort or a timeout may leave a response half written

    connection.open();
    while (!script.atEnd() && !connection.isClosed()) {
        const uint8_t op = script.next();
        switch (op % 8) {
        case 0: // bytes arrive
            if (!ended)
                feed(script.next() + 1);
            break;
        case 1: // a few bytes arrive one at a time
            for (int i = script.next() % 16; i >= 0 && !ended && !connection.isClosed(); --i) {
                feed(1);
                poll(connection, device);
            }
            break;
        case 2:
            host.finishPooled(&connection);
            break;
        case 3:
            if (host.wakeAt != 0) {
                host.wakeAt = 0;
                connection.wake();
            }
            break;
        case 4: // the client reads this much more, perhaps nothing
            device.setWriteCapacity(qint64(script.next()) * 64);
            break;
        case 5:
            device.setWriteCapacity(-1);
            break;
        case 6:
            if (connection.deadlineMs() != 0) {
                cut = true;
                connection.onTimeout();
            }
            break;
        case 7:
            if (ended)
                break;
            ended = true;
            switch (script.next() % 3) {
            case 0: // half-close: seen by reading, or as a hang-up while reading is paused
                device.hangUp();
                if (!connection.isReadEnabled() && connection.isWatchingHangUp())
                    connection.onPeerFinishedSending();
                break;
            case 1:
                cut = true;
                device.resetByPeer();
                connection.onPeerClosed();
                break;
            default: // the server stops
                cut = true;
                connection.abort();
                break;
            }
            break;
        }
        check(connection.isClosed() == host.closed, "closed without telling the host, or not");
        poll(connection, device);
        check(connection.isClosed() == host.closed, "closed without telling the host, or not");
    }
    if (!ended)
        feed(wire.size());
    drain(connection, host, device);

    if (!connection.isClosed()) {
        // Everything it took is answered and written: one response per request.
        check(!host.busy && !host.pooled && host.wakeAt == 0, "work left after the drain");
        const QList<int> statuses = checkResponses(device.written(), host.requests, false);
        check(statuses.size() == host.requests.size(), "a request without its response");
        // A client that finishes sending is answered and closed, never left waiting.
        if (!device.isHungUp()) {
            device.hangUp();
            if (!connection.isReadEnabled() && connection.isWatchingHangUp())
                connection.onPeerFinishedSending();
            drain(connection, host, device);
        }
        check(connection.isClosed(), "still open after the client half-closed and was answered");
    }
    check(host.closed, "closed without connectionClosed");

    const QList<int> statuses = checkResponses(device.written(), host.requests, cut);
    check(statuses.size() <= host.requests.size() + 1, "more responses than requests");

    // The connection takes exactly the requests the parser finds in what it read, in order.
    int parserError = 0;
    const QList<HttpRequest> alone
        = parseAlone(QByteArrayView(wire).first(fed), config.requestLimits, &parserError);
    check(host.requests.size() <= alone.size(), "a request the parser does not find");
    for (qsizetype i = 0; i < host.requests.size(); ++i)
        check(sameRequest(host.requests[i], alone[i]), "a request other than the parser's");
    if (statuses.size() > host.requests.size()) {
        const int refusal = statuses.last();
        if (refusal != 408) // a timeout, not the parser's
            check(host.requests.size() == alone.size() && refusal == parserError,
                  "a refusal the parser does not make");
    }

    EventRecorder::threadEvents().clear();
    return 0;
}
