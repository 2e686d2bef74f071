#include "burstrunner.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QThread>
#include <QtCore/QTimer>
#include <QtNetwork/QHostAddress>
#include <QtNetwork/QTcpSocket>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace {

constexpr int pollIntervalMs = 50; // cancel and timeout checks
constexpr qint64 progressIntervalMs = 100; // progressChanged() at most ~10 times a second
constexpr qsizetype maxHeadBytes = 64 * 1024;

struct BurstPlan
{
    QUrl url;
    QHostAddress address;
    quint16 port = 80;
    QByteArray request;
    int count = 0;
    int concurrency = 0;
    qint64 timeoutMs = BurstRunner::maximumRequestTimeoutMs;
};

qint64 percentile(const QList<qint64> &sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const auto rank = qsizetype(std::ceil(p * double(sorted.size())));
    return sorted[std::clamp<qsizetype>(rank - 1, 0, sorted.size() - 1)];
}

/*
    The client side of a burst. Created in the burst thread, so its sockets and timers are too;
    everything is event-driven (no waitFor*). Each slot is one connection carrying one request
    at a time; a slot reuses its connection (keep-alive) unless the server closes it.
*/
class BurstWorker : public QObject
{
public:
    using Deliver = std::function<void(const BurstRunner::Result &)>;
    using Progress = std::function<void(int, int)>;

    BurstWorker(BurstPlan plan, std::shared_ptr<std::atomic<bool>> cancel, Deliver deliver,
                Progress progress)
        : m_plan(std::move(plan))
        , m_cancel(std::move(cancel))
        , m_deliver(std::move(deliver))
        , m_progress(std::move(progress))
    {
        m_result.url = m_plan.url;
        m_result.requested = m_plan.count;
        m_result.concurrency = m_plan.concurrency;
        m_result.latenciesUs.reserve(m_plan.count);
    }

    void run()
    {
        m_clock.start();
        m_poll.setInterval(pollIntervalMs);
        connect(&m_poll, &QTimer::timeout, this, &BurstWorker::poll);
        m_poll.start();
        m_slots.resize(size_t(std::min(m_plan.count, m_plan.concurrency)));
        for (Slot &slot : m_slots)
            startNext(slot);
    }

private:
    enum class Body { Length, Chunked, UntilClose };
    enum class Chunk { Size, Data, DataEnd, Trailer };

    struct Slot
    {
        QTcpSocket *socket = nullptr;
        bool busy = false;
        bool reused = false; // the request went out on a kept-alive connection
        bool retried = false;
        bool gotBytes = false; // any byte of the response arrived
        qint64 startNs = 0;
        qint64 deadlineMs = 0;
        QByteArray buffer;
        bool headDone = false;
        bool closeAfter = false;
        Body body = Body::Length;
        qint64 remaining = 0; // Length: body bytes to come; Chunked: bytes of this chunk
        Chunk chunk = Chunk::Size;
    };

    qint64 nowMs() const { return m_clock.elapsed(); }

    void startNext(Slot &slot)
    {
        if (m_finished)
            return;
        if (m_next >= m_plan.count) {
            slot.busy = false;
            dropSocket(slot);
            return;
        }
        ++m_next;
        slot.busy = true;
        slot.retried = false;
        slot.startNs = m_clock.nsecsElapsed();
        slot.deadlineMs = nowMs() + m_plan.timeoutMs;
        if (m_firstSentNs < 0)
            m_firstSentNs = slot.startNs;
        send(slot);
    }

    void send(Slot &slot)
    {
        slot.buffer.clear();
        slot.headDone = false;
        slot.closeAfter = false;
        slot.gotBytes = false;
        if (slot.socket && slot.socket->state() == QAbstractSocket::ConnectedState) {
            slot.reused = true;
            slot.socket->write(m_plan.request);
            return;
        }
        dropSocket(slot);
        slot.reused = false;
        auto *socket = new QTcpSocket(this);
        slot.socket = socket;
        const size_t index = size_t(&slot - m_slots.data());
        connect(socket, &QTcpSocket::connected, this, [this, socket, index] {
            Slot &s = m_slots[index];
            if (s.socket != socket)
                return;
            socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
            socket->write(m_plan.request);
        });
        connect(socket, &QTcpSocket::readyRead, this,
                [this, socket, index] { onReadyRead(m_slots[index], socket); });
        connect(socket, &QTcpSocket::errorOccurred, this,
                [this, socket, index] { onSocketGone(m_slots[index], socket); });
        connect(socket, &QTcpSocket::disconnected, this,
                [this, socket, index] { onSocketGone(m_slots[index], socket); });
        socket->connectToHost(m_plan.address, m_plan.port);
    }

    void dropSocket(Slot &slot)
    {
        if (!slot.socket)
            return;
        QTcpSocket *socket = std::exchange(slot.socket, nullptr);
        socket->disconnect(this);
        socket->abort();
        socket->deleteLater();
    }

    void onReadyRead(Slot &slot, QTcpSocket *socket)
    {
        if (m_finished || slot.socket != socket)
            return;
        const QByteArray data = socket->readAll();
        if (!slot.busy || data.isEmpty())
            return; // nothing was asked; ignore stray bytes
        slot.gotBytes = true;
        slot.buffer.append(data);
        parse(slot);
    }

    void onSocketGone(Slot &slot, QTcpSocket *socket)
    {
        if (m_finished || slot.socket != socket)
            return;
        // Take whatever arrived before the close first.
        if (slot.busy && socket->bytesAvailable() > 0) {
            slot.gotBytes = true;
            slot.buffer.append(socket->readAll());
            parse(slot);
            if (slot.socket != socket)
                return; // the response completed and the slot moved on
        }
        dropSocket(slot);
        if (!slot.busy)
            return;
        if (slot.headDone && slot.body == Body::UntilClose) {
            complete(slot);
            return;
        }
        if (slot.reused && !slot.gotBytes && !slot.retried) {
            // The server closed an idle kept-alive connection just as we used it: retry once.
            slot.retried = true;
            send(slot);
            return;
        }
        fail(slot);
    }

    // Parses what is buffered; completes the response when it is whole.
    void parse(Slot &slot)
    {
        while (slot.busy) {
            if (!slot.headDone) {
                const qsizetype end = slot.buffer.indexOf("\r\n\r\n");
                if (end < 0) {
                    if (slot.buffer.size() > maxHeadBytes)
                        fail(slot);
                    return;
                }
                const QByteArray head = slot.buffer.left(end);
                slot.buffer.remove(0, end + 4);
                if (!parseHead(slot, head)) {
                    fail(slot);
                    return;
                }
                continue; // an interim 1xx head leaves headDone false
            }
            switch (slot.body) {
            case Body::UntilClose:
                slot.buffer.clear(); // the end comes with the close
                return;
            case Body::Length: {
                const qint64 take = std::min<qint64>(slot.remaining, slot.buffer.size());
                slot.buffer.remove(0, take);
                slot.remaining -= take;
                if (slot.remaining > 0)
                    return;
                complete(slot);
                return;
            }
            case Body::Chunked:
                if (!parseChunks(slot))
                    return;
                complete(slot);
                return;
            }
        }
    }

    // Returns false for a head that is not HTTP/1.x.
    static bool parseHead(Slot &slot, const QByteArray &head)
    {
        const QList<QByteArray> lines = head.split('\n');
        const QByteArray statusLine = lines.value(0).trimmed();
        if (!statusLine.startsWith("HTTP/1.") || statusLine.size() < 12)
            return false;
        const bool http10 = statusLine.at(7) == '0';
        bool ok = false;
        const int status = statusLine.mid(9, 3).toInt(&ok);
        if (!ok || status < 100 || status > 999)
            return false;
        if (status >= 100 && status < 200 && status != 101)
            return true; // interim response: the real one follows

        qint64 length = -1;
        bool chunked = false;
        bool close = http10;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray &line = lines.at(i);
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed().toLower();
            const QByteArray value = line.mid(colon + 1).trimmed().toLower();
            if (name == "content-length") {
                length = value.toLongLong(&ok);
                if (!ok || length < 0)
                    return false;
            } else if (name == "transfer-encoding") {
                chunked = value.endsWith("chunked");
            } else if (name == "connection") {
                if (value.contains("close"))
                    close = true;
                else if (value.contains("keep-alive"))
                    close = false;
            }
        }
        slot.headDone = true;
        slot.closeAfter = close;
        if (chunked) {
            slot.body = Body::Chunked;
            slot.chunk = Chunk::Size;
        } else if (length >= 0 || status == 204 || status == 304) {
            slot.body = Body::Length;
            slot.remaining = std::max<qint64>(0, length);
        } else {
            slot.body = Body::UntilClose;
            slot.closeAfter = true;
        }
        return true;
    }

    // Consumes chunked body bytes; true once the last chunk and the trailers are read.
    bool parseChunks(Slot &slot)
    {
        for (;;) {
            switch (slot.chunk) {
            case Chunk::Size: {
                const qsizetype eol = slot.buffer.indexOf("\r\n");
                if (eol < 0)
                    return false;
                QByteArray size = slot.buffer.left(eol);
                if (const qsizetype semicolon = size.indexOf(';'); semicolon >= 0)
                    size.truncate(semicolon);
                bool ok = false;
                slot.remaining = size.trimmed().toLongLong(&ok, 16);
                slot.buffer.remove(0, eol + 2);
                if (!ok || slot.remaining < 0) {
                    fail(slot);
                    return false;
                }
                slot.chunk = slot.remaining == 0 ? Chunk::Trailer : Chunk::Data;
                break;
            }
            case Chunk::Data: {
                const qint64 take = std::min<qint64>(slot.remaining, slot.buffer.size());
                slot.buffer.remove(0, take);
                slot.remaining -= take;
                if (slot.remaining > 0)
                    return false;
                slot.chunk = Chunk::DataEnd;
                break;
            }
            case Chunk::DataEnd:
                if (slot.buffer.size() < 2)
                    return false;
                slot.buffer.remove(0, 2);
                slot.chunk = Chunk::Size;
                break;
            case Chunk::Trailer: {
                const qsizetype eol = slot.buffer.indexOf("\r\n");
                if (eol < 0)
                    return false;
                slot.buffer.remove(0, eol + 2);
                if (eol == 0)
                    return true; // the empty line after the trailers
                break;
            }
            }
        }
    }

    void complete(Slot &slot)
    {
        const qint64 endNs = m_clock.nsecsElapsed();
        m_result.latenciesUs.append((endNs - slot.startNs) / 1000);
        ++m_result.succeeded;
        m_lastDoneNs = endNs;
        slot.busy = false;
        if (slot.closeAfter)
            dropSocket(slot);
        afterRequest(slot);
    }

    void fail(Slot &slot)
    {
        ++m_result.failed;
        m_lastDoneNs = m_clock.nsecsElapsed();
        slot.busy = false;
        dropSocket(slot);
        afterRequest(slot);
    }

    void afterRequest(Slot &slot)
    {
        if (m_result.succeeded + m_result.failed >= m_plan.count) {
            finish(false);
            return;
        }
        startNext(slot);
    }

    void poll()
    {
        if (m_finished)
            return;
        if (m_cancel->load(std::memory_order_relaxed)) {
            finish(true);
            return;
        }
        const qint64 now = nowMs();
        for (Slot &slot : m_slots) {
            if (slot.busy && now >= slot.deadlineMs) {
                fail(slot);
                if (m_finished)
                    return;
            }
        }
        reportProgress(false);
    }

    void reportProgress(bool force)
    {
        const int done = m_result.succeeded + m_result.failed;
        if (done == m_reportedDone)
            return;
        if (!force && m_lastReportMs >= 0 && nowMs() - m_lastReportMs < progressIntervalMs)
            return;
        m_reportedDone = done;
        m_lastReportMs = nowMs();
        m_progress(done, m_plan.count);
    }

    void finish(bool cancelled)
    {
        if (m_finished)
            return;
        m_finished = true;
        m_poll.stop();
        for (Slot &slot : m_slots)
            dropSocket(slot);
        reportProgress(true);

        BurstRunner::Result &result = m_result;
        result.cancelled = cancelled;
        const qint64 endNs = cancelled ? m_clock.nsecsElapsed() : m_lastDoneNs;
        result.wallUs = m_firstSentNs < 0 ? 0 : std::max<qint64>(0, endNs - m_firstSentNs) / 1000;
        QList<qint64> sorted = result.latenciesUs;
        std::sort(sorted.begin(), sorted.end());
        if (!sorted.isEmpty()) {
            result.minUs = sorted.first();
            result.maxUs = sorted.last();
            result.p50Us = percentile(sorted, 0.50);
            result.p99Us = percentile(sorted, 0.99);
        }
        m_deliver(result);
        // The thread ends; this worker and its sockets go with it (deleteLater on finished).
        thread()->quit();
    }

    BurstPlan m_plan;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    Deliver m_deliver;
    Progress m_progress;
    BurstRunner::Result m_result;
    std::vector<Slot> m_slots; // sized once in run(): lambdas keep indexes into it
    QElapsedTimer m_clock;
    QTimer m_poll;
    qint64 m_firstSentNs = -1;
    qint64 m_lastDoneNs = 0;
    qint64 m_lastReportMs = -1;
    int m_next = 0;
    int m_reportedDone = 0;
    bool m_finished = false;
};

QByteArray requestFor(const QUrl &url)
{
    QByteArray target = url.path(QUrl::FullyEncoded).toLatin1();
    if (target.isEmpty())
        target = "/";
    if (url.hasQuery())
        target += '?' + url.query(QUrl::FullyEncoded).toLatin1();
    QByteArray host = url.host(QUrl::FullyEncoded).toLatin1();
    if (host.contains(':'))
        host = '[' + host + ']';
    const int port = url.port(80);
    if (port != 80)
        host += ':' + QByteArray::number(port);
    return "GET " + target + " HTTP/1.1\r\nHost: " + host
        + "\r\nUser-Agent: ServeScope-Burst/" SERVESCOPE_VERSION
          "\r\nAccept: */*\r\nConnection: keep-alive\r\n\r\n";
}

} // namespace

BurstRunner::BurstRunner(QObject *parent)
    : QObject(parent)
{ }

BurstRunner::~BurstRunner()
{
    if (m_cancel)
        m_cancel->store(true);
    // Burst threads are children until they delete themselves; join any still here (the
    // current one, or an earlier one still winding down). A worker stops as soon as its
    // event loop quits, so this join is short.
    const QList<QThread *> threads = findChildren<QThread *>(Qt::FindDirectChildrenOnly);
    for (QThread *thread : threads) {
        thread->quit();
        thread->wait();
    }
}

void BurstRunner::setRequestTimeout(int ms)
{
    m_requestTimeoutMs = std::clamp(ms, 1, maximumRequestTimeoutMs);
}

QString BurstRunner::checkUrl(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return tr("“%1” is not a valid address.").arg(url.toDisplayString());
    if (url.scheme() != QLatin1StringView("http"))
        return tr("Bursts use plain http:// addresses only.");
    const QString host = url.host();
    if (host.compare(QLatin1StringView("localhost"), Qt::CaseInsensitive) == 0)
        return QString();
    const QHostAddress address(host);
    const bool loopback = (address.protocol() == QAbstractSocket::IPv4Protocol
                           && (address.toIPv4Address() >> 24) == 127)
        || (address.protocol() == QAbstractSocket::IPv6Protocol
            && address.isEqual(QHostAddress(QHostAddress::LocalHostIPv6)));
    if (!loopback)
        return tr("Bursts go only to this computer (127.0.0.1, ::1 or localhost), not to %1.")
            .arg(host);
    return QString();
}

void BurstRunner::start(const QUrl &url, int count, int concurrency)
{
    Result refused;
    refused.url = url;
    refused.requested = count;
    refused.concurrency = concurrency;
    if (m_running) {
        refused.error = tr("A burst is already running.");
    } else if (count < 1 || count > maximumCount) {
        refused.error = tr("The number of requests must be between 1 and %1.").arg(maximumCount);
    } else if (concurrency < 1 || concurrency > maximumConcurrency) {
        refused.error = tr("The concurrency must be between 1 and %1.").arg(maximumConcurrency);
    } else {
        refused.error = checkUrl(url);
    }
    if (!refused.error.isEmpty()) {
        finishLater(refused);
        return;
    }

    BurstPlan plan;
    plan.url = url;
    const QString host = url.host();
    plan.address = host.compare(QLatin1StringView("localhost"), Qt::CaseInsensitive) == 0
        ? QHostAddress(QHostAddress::LocalHost)
        : QHostAddress(host);
    plan.port = quint16(url.port(80));
    plan.request = requestFor(url);
    plan.count = count;
    plan.concurrency = std::min(concurrency, count);
    plan.timeoutMs = m_requestTimeoutMs;

    ++m_generation;
    m_running = true;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    const quint64 generation = m_generation;

    // The worker lives in the burst thread and reports back with queued calls into this one.
    BurstWorker::Deliver deliver = [this, generation](const Result &result) {
        QMetaObject::invokeMethod(
            this, [this, generation, result] { finish(generation, result); }, Qt::QueuedConnection);
    };
    BurstWorker::Progress progress = [this, generation](int done, int total) {
        QMetaObject::invokeMethod(
            this,
            [this, generation, done, total] {
                if (m_running && generation == m_generation)
                    Q_EMIT progressChanged(done, total);
            },
            Qt::QueuedConnection);
    };

    auto *thread = new QThread(this); // a child until it deletes itself, once finished
    thread->setObjectName(QStringLiteral("ServeScope burst"));
    connect(
        thread, &QThread::started, thread,
        [plan, cancel = m_cancel, deliver, progress] {
            auto *worker = new BurstWorker(plan, cancel, deliver, progress);
            connect(QThread::currentThread(), &QThread::finished, worker, &QObject::deleteLater,
                    Qt::DirectConnection);
            worker->run();
        },
        Qt::DirectConnection);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    thread->start();
}

void BurstRunner::cancel()
{
    if (m_running && m_cancel)
        m_cancel->store(true);
}

void BurstRunner::finish(quint64 generation, const Result &result)
{
    if (!m_running || generation != m_generation)
        return;
    m_running = false;
    Q_EMIT finished(result);
}

void BurstRunner::finishLater(const Result &result)
{
    // Never from inside start(): callers connect first and expect the signal afterwards.
    QMetaObject::invokeMethod(
        this, [this, result] { Q_EMIT finished(result); }, Qt::QueuedConnection);
}

#include "moc_burstrunner.cpp"
