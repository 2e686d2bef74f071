#include "burstworker.h"

#include <QtCore/QThread>
#include <QtNetwork/QTcpSocket>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

namespace {

constexpr int pollIntervalMs = 50; // cancel and timeout checks
constexpr qint64 progressIntervalMs = 100; // progressChanged() at most ~10 times a second
constexpr qsizetype maxHeadBytes = 64 * 1024;

qint64 percentile(const QList<qint64> &sorted, double p)
{
    if (sorted.isEmpty())
        return 0;
    const auto rank = qsizetype(std::ceil(p * double(sorted.size())));
    return sorted[std::clamp<qsizetype>(rank - 1, 0, sorted.size() - 1)];
}

} // namespace

BurstWorker::BurstWorker(BurstPlan plan, std::shared_ptr<std::atomic<bool>> cancel, Deliver deliver,
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
    m_result.timings.reserve(m_plan.count); // count is capped, so this is bounded
}

void BurstWorker::run()
{
    m_clock.start();
    m_poll.setInterval(pollIntervalMs);
    connect(&m_poll, &QTimer::timeout, this, &BurstWorker::poll);
    m_poll.start();
    m_slots.resize(size_t(std::min(m_plan.count, m_plan.concurrency)));
    for (Slot &slot : m_slots)
        startNext(slot);
}

qint64 BurstWorker::nowMs() const
{
    return m_clock.elapsed();
}

qint64 BurstWorker::steadyNs()
{
    using namespace std::chrono;
    return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

void BurstWorker::startNext(Slot &slot)
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
    slot.startNs = steadyNs();
    slot.deadlineMs = nowMs() + m_plan.timeoutMs;
    if (m_firstSentNs < 0)
        m_firstSentNs = slot.startNs;
    send(slot);
}

void BurstWorker::send(Slot &slot)
{
    slot.buffer.clear();
    slot.headDone = false;
    slot.closeAfter = false;
    slot.gotBytes = false;
    if (slot.socket && slot.socket->state() == QAbstractSocket::ConnectedState) {
        slot.reused = true;
        slot.connectedNs = 0;
        slot.localPort = slot.socket->localPort();
        slot.socket->write(m_plan.request);
        return;
    }
    dropSocket(slot);
    slot.reused = false;
    slot.connectedNs = 0;
    slot.localPort = 0;
    auto *socket = new QTcpSocket(this);
    slot.socket = socket;
    const size_t index = size_t(&slot - m_slots.data());
    connect(socket, &QTcpSocket::connected, this, [this, socket, index] {
        Slot &s = m_slots[index];
        if (s.socket != socket)
            return;
        s.connectedNs = steadyNs();
        s.localPort = socket->localPort();
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

void BurstWorker::dropSocket(Slot &slot)
{
    if (!slot.socket)
        return;
    QTcpSocket *socket = std::exchange(slot.socket, nullptr);
    socket->disconnect(this);
    socket->abort();
    socket->deleteLater();
}

void BurstWorker::onReadyRead(Slot &slot, QTcpSocket *socket)
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

void BurstWorker::onSocketGone(Slot &slot, QTcpSocket *socket)
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
void BurstWorker::parse(Slot &slot)
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
bool BurstWorker::parseHead(Slot &slot, const QByteArray &head)
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
bool BurstWorker::parseChunks(Slot &slot)
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

void BurstWorker::complete(Slot &slot)
{
    const qint64 endNs = steadyNs();
    // From the µs stamps, so a timing's endUs - startUs is exactly its latency.
    m_result.latenciesUs.append(endNs / 1000 - slot.startNs / 1000);
    recordTiming(slot, endNs, true);
    ++m_result.succeeded;
    m_lastDoneNs = endNs;
    slot.busy = false;
    if (slot.closeAfter)
        dropSocket(slot);
    afterRequest(slot);
}

void BurstWorker::fail(Slot &slot)
{
    ++m_result.failed;
    m_lastDoneNs = steadyNs();
    recordTiming(slot, m_lastDoneNs, false);
    slot.busy = false;
    dropSocket(slot);
    afterRequest(slot);
}

void BurstWorker::recordTiming(const Slot &slot, qint64 endNs, bool ok)
{
    BurstRunner::Timing timing;
    timing.localPort = slot.localPort;
    timing.startUs = slot.startNs / 1000;
    timing.connectedUs = slot.connectedNs / 1000;
    timing.endUs = endNs / 1000;
    timing.ok = ok;
    m_result.timings.append(timing);
}

void BurstWorker::afterRequest(Slot &slot)
{
    if (m_result.succeeded + m_result.failed >= m_plan.count) {
        finish(false);
        return;
    }
    startNext(slot);
}

void BurstWorker::poll()
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

void BurstWorker::reportProgress(bool force)
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

void BurstWorker::finish(bool cancelled)
{
    if (m_finished)
        return;
    m_finished = true;
    m_poll.stop();
    const qint64 nowNs = steadyNs();
    for (Slot &slot : m_slots) {
        if (slot.busy) // abandoned by the cancel: sent, never answered
            recordTiming(slot, nowNs, false);
        dropSocket(slot);
    }
    reportProgress(true);

    BurstRunner::Result &result = m_result;
    result.cancelled = cancelled;
    const qint64 endNs = cancelled ? nowNs : m_lastDoneNs;
    // From µs stamps, as the latencies are, so no latency exceeds the wall time by rounding.
    result.wallUs
        = m_firstSentNs < 0 ? 0 : std::max<qint64>(0, endNs / 1000 - m_firstSentNs / 1000);
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
