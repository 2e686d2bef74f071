#include "httpconnection.h"

#include "connectionhost.h"
#include "receivestamps.h"
#include "servercontext.h"

#include <QtCore/QScopeGuard>

namespace {
constexpr qsizetype readChunk = 16 * 1024;
// While the memory budget is used up, reads are this small: a new connection's request is
// still read (most are far smaller), a large head pauses having taken little.
constexpr qsizetype tightReadChunk = 4 * 1024;
// Reads remembered for their arrival stamps while a request is incomplete (slowloris sends
// byte by byte); beyond this, neighbours merge and keep the earlier stamp.
constexpr size_t maxArrivals = 32;
constexpr qsizetype maxUnread = ServerConfig::maxUnreadBytes;
constexpr qsizetype maxPendingOutput = ServerConfig::maxPendingOutputBytes;
// squeeze() reallocates a buffer only for at least this much slack: less is not worth a copy.
constexpr qsizetype minSqueezeSlack = 4 * 1024;
} // namespace

HttpConnection::HttpConnection(quint64 id, std::unique_ptr<QIODevice> device, const Peer &peer,
                               ConnectionHost *host, ServerContext *context)
    : m_id(id)
    , m_device(std::move(device))
    , m_peer(peer)
    , m_host(host)
    , m_context(context)
    , m_stamps(dynamic_cast<ReceiveStamps *>(m_device.get()))
{ }

HttpConnection::~HttpConnection()
{
    if (m_charged != 0)
        m_context->memory.charge(-m_charged);
}

void HttpConnection::open()
{
    const auto recharge = qScopeGuard([this] { updateCharge(); });
    m_context->recorder.connectionOpened(m_id, m_peer.address, m_peer.port, m_peer.localPort);
    m_lastActivityMs = ServerContext::monotonicMs();
    m_deadlineMs = m_lastActivityMs + m_context->config.requestTimeoutMs;
    // The request often arrives with the connection; reading now saves a round of polling.
    onReadable();
}

void HttpConnection::onReadable()
{
    if (isClosed())
        return;
    const auto recharge = qScopeGuard([this] { updateCharge(); });
    // Read into one buffer per thread and keep only what is not parsed yet: an idle or
    // sleeping connection then holds no read buffer, so 10,000 of them stay cheap.
    thread_local QByteArray scratch(readChunk, Qt::Uninitialized);
    bool endOfStream = false;
    const qint64 readUs = ServerContext::monotonicUs();
    // Over the memory budget a big holder stops here, before it buffers more.
    while (unreadBytes() < maxUnread && !isHeldForMemory()) {
        const qsizetype chunk = m_context->memory.isExhausted() ? tightReadChunk : readChunk;
        const qint64 n = m_device->read(scratch.data(), chunk);
        if (n < 0) {
            endOfStream = true;
            break;
        }
        if (n == 0)
            break;
        noteRead(n, readUs);
        if (m_inPos == m_in.size()) {
            m_in.resize(0); // keeps the (small) allocation
            m_inPos = 0;
        } else if (m_inPos > 0) {
            m_in.remove(0, m_inPos);
            m_inPos = 0;
        }
        m_in.append(scratch.constData(), n);
        m_lastActivityMs = readUs / 1000;
        updateCharge();
        // A short read means the kernel buffer is drained: skip the extra read that would
        // only say "would block"; level-triggered readiness calls us again if more came.
        if (n < chunk)
            break;
    }
    if (endOfStream)
        m_peerClosed = true;
    process(readUs);
    if (isClosed())
        return;
    if (m_peerClosed) {
        // The client closed its side: it has left (nginx logs such a request as 499). Work
        // still in flight for it stops wherever it is: waiting for its turn or a worker, on a
        // worker, sleeping on the timer or blocking a thread. Responses already produced (and
        // requests it sent before, which process() just handled) still go out; then it closes.
        if (m_busy || m_outPos == m_out.size()) {
            leave();
            return;
        }
    }
    updateReadInterest();
}

void HttpConnection::noteRead(qint64 bytes, qint64 readUs)
{
    m_streamRead += bytes;
    const qint64 stamp = m_stamps ? m_stamps->lastReadArrivalUs() : 0;
    Arrival arrival {m_streamRead, stamp > 0 ? std::min(stamp, readUs) : readUs, readUs, stamp > 0};
    if (!m_arrivals.empty() && m_arrivals.back().readUs == readUs
        && m_arrivals.back().fromKernel == arrival.fromKernel && !arrival.fromKernel) {
        m_arrivals.back().streamEnd = m_streamRead; // one read in pieces: one stretch
        return;
    }
    m_arrivals.push_back(arrival);
    if (m_arrivals.size() > maxArrivals) {
        // Keep the first (the request being parsed began there); merge the next two.
        m_arrivals[1].streamEnd = m_arrivals[2].streamEnd;
        m_arrivals.erase(m_arrivals.begin() + 2);
    }
}

RequestPhases HttpConnection::arrivalOf(qint64 offset)
{
    while (!m_arrivals.empty() && m_arrivals.front().streamEnd <= offset)
        m_arrivals.pop_front();
    RequestPhases phases;
    const qint64 now = ServerContext::monotonicUs();
    if (m_arrivals.empty()) {
        phases.arrivedUs = phases.readUs = now;
        return phases;
    }
    const Arrival &arrival = m_arrivals.front();
    phases.arrivedUs = arrival.arrivedUs;
    phases.readUs = arrival.readUs;
    phases.arrivalFromKernel = arrival.fromKernel;
    return phases;
}

void HttpConnection::onWritable()
{
    if (isClosed())
        return;
    const auto recharge = qScopeGuard([this] { updateCharge(); });
    flush();
    process();
}

void HttpConnection::onPeerClosed()
{
    // Hang-up or error: nothing can be sent any more.
    close();
}

void HttpConnection::onPeerFinishedSending()
{
    if (isClosed() || m_peerClosed)
        return;
    const auto recharge = qScopeGuard([this] { updateCharge(); });
    leave();
}

void HttpConnection::stopWorkInFlight()
{
    if (m_state == ConnectionState::Sleeping) {
        m_host->cancelWake(this);
        m_context->recorder.sleepEnded(m_id, m_job.requestId, m_job.mode, ServerEvent::noThread,
                                       false, false);
    }
    if (m_job.cancelled && m_busy) {
        // A handler still running for this client (a pool worker computing or in a
        // blocking sleep) stops early instead of working for nobody.
        m_job.cancelled->store(true);
        m_context->wakeBlockingSleepers();
    }
    if (m_busy && !m_context->isStopping())
        reportClientLeft();
}

void HttpConnection::reportClientLeft()
{
    // Logged as nginx logs it, 499, though nothing is sent: the request was taken and its
    // client left before the answer. Not counted as a response (none went out).
    if (!m_context->recorder.isRecording())
        return;
    EventRecorder::Finished finished;
    finished.requestId = m_job.requestId;
    finished.mode = m_job.mode;
    finished.thread = m_job.phases.thread;
    finished.status = ServerEvent::clientLeftStatus;
    finished.phases = m_job.phases;
    finished.phases.doneUs = ServerContext::monotonicUs();
    const EventRecorder::Logged request = EventRecorder::Logged::of(m_job.request);
    m_context->recorder.requestFinished(m_id, finished, &request, m_peer.address, m_peer.port);
}

void HttpConnection::leave()
{
    if (m_outPos == m_out.size()) {
        close(); // nothing to send: close() also stops any work in flight
        return;
    }
    m_closeAfterWrite = true;
    m_drainOnClose = true; // input it sent may still be unread: close without a reset
    if (!m_peerClosed) {
        m_peerClosed = true;
        m_host->interestChanged(this); // the hang-up it has now seen: stop watching for it
    }
    if (m_busy) {
        // Its handler's work is for nobody; the next connection may have its turn.
        stopWorkInFlight();
        m_busy = false;
        m_host->requestCompleted(this);
    }
    setState(ConnectionState::Writing);
    updateReadInterest();
    if (!m_inProcess)
        flush();
}

void HttpConnection::onTimeout()
{
    if (isClosed() || m_deadlineMs == 0)
        return;
    const auto recharge = qScopeGuard([this] { updateCharge(); });
    m_deadlineMs = 0;
    if (m_state == ConnectionState::Reading && m_parser.isInProgress() && m_outPos == m_out.size())
        sendError(408); // a request that did not finish in time (slowloris)
    else
        close(); // idle keep-alive, a silent new connection, or a client that stopped reading
}

void HttpConnection::process(qint64 passStartUs)
{
    if (m_inProcess || isClosed())
        return;
    // The server thread's reading and parsing of a request counts from when this pass began,
    // or from the previous request's answer when it came later (pipelined requests). Only the
    // window draws it: taken while events are recorded.
    if (passStartUs == 0 && m_context->recorder.isRecording())
        passStartUs = ServerContext::monotonicUs();
    // Pipelined requests run one after another here; when they take a while, ask the socket
    // between them whether the client is still there (no readiness is seen meanwhile).
    qint64 probedUs = 0; // when this round's first request began (beginRequest() takes the time)
    bool handledOne = false;
    for (;;) {
        m_inProcess = true;
        bool outputFull = false;
        while (!isClosed() && !m_busy && !m_closeAfterWrite) {
            if (m_out.size() - m_outPos > maxPendingOutput) {
                outputFull = true; // written below; if it cannot all go, onWritable() resumes
                break;
            }
            if (m_context->isStopping())
                break; // nothing new starts once the server is stopping
            if (m_outPos < m_out.size() && isHeldForMemory())
                break; // over budget with responses unsent: resumeAfterMemory() goes on
            if (!m_parser.isInProgress())
                m_requestStreamStart = m_streamParsed;
            m_receiveStartUs = passStartUs > 0 ? std::max(passStartUs, m_lastDoneUs) : 0;
            const HttpRequestParser::Result result
                = m_parser.parse(QByteArrayView(m_in.constData() + m_inPos, unreadBytes()));
            m_inPos += result.consumed;
            m_streamParsed += result.consumed;
            if (result.status == HttpRequestParser::Status::Complete) {
                m_continueSent = false;
                if (handledOne) {
                    const qint64 now = ServerContext::monotonicUs();
                    if (now - probedUs >= RequestHandler::clientProbeIntervalUs) {
                        probedUs = now;
                        if (m_host->isPeerGone(this)) {
                            leave(); // start nothing more; what was answered goes out below
                            break;
                        }
                    }
                }
                beginRequest();
                if (!handledOne)
                    probedUs = m_job.phases.parsedUs;
                handledOne = true;
                continue;
            }
            if (result.status == HttpRequestParser::Status::Error) {
                sendError(result.errorStatus);
            } else if (m_parser.expectsContinue() && !m_continueSent) {
                // The client waits for this before it sends the body (curl does, for a second).
                // Every earlier response is already in m_out: the interim one follows them.
                m_out.append("HTTP/1.1 100 Continue\r\n\r\n");
                m_continueSent = true;
            }
            break;
        }
        m_inProcess = false;
        if (isClosed())
            return;
        if (unreadBytes() == 0 && m_in.capacity() > 8 * 1024) {
            m_in = QByteArray(); // a burst of pipelined bytes should not pin memory
            m_inPos = 0;
        }
        // Responses produced in this round (pipelining) leave in one write.
        if (m_outPos < m_out.size() && !m_writeEnabled)
            flush();
        if (isClosed())
            return;
        // The device took all of it: parse on. No readiness would come for requests already
        // read, so stopping here would leave them unanswered until a timeout.
        if (!outputFull || m_busy || m_outPos < m_out.size())
            break;
    }
    if (m_busy) {
        releaseIdleBuffers(); // a sleep or a handler may take long: hold only what is unread
        return;
    }
    if (m_peerClosed && m_outPos == m_out.size()) {
        // The client finished sending and has every response (a partial request can never
        // complete now): done, rather than idling until a timeout.
        close();
        return;
    }

    const qint64 now = ServerContext::monotonicMs();
    if (m_outPos < m_out.size()) {
        setState(ConnectionState::Writing);
    } else if (m_parser.isInProgress() || m_requestsServed == 0) {
        if (m_state != ConnectionState::Reading)
            m_deadlineMs = now + m_context->config.requestTimeoutMs;
        setState(ConnectionState::Reading);
    } else {
        if (m_state != ConnectionState::Idle)
            m_deadlineMs = now + m_context->config.keepAliveTimeoutMs;
        setState(ConnectionState::Idle);
        releaseIdleBuffers(); // 10,000 idle keep-alive connections then hold nothing
    }
    updateReadInterest();
}

void HttpConnection::beginRequest()
{
    m_job.connectionId = m_id;
    m_job.requestId = m_context->nextRequestId.fetch_add(1, std::memory_order_relaxed);
    m_job.request = m_parser.takeRequest();
    m_job.route = Router::route(m_job.request, m_context->sleepMs.load(std::memory_order_relaxed),
                                m_context->hostFilter);
    m_job.mode = m_context->mode.load(std::memory_order_relaxed);
    if (!m_job.cancelled)
        m_job.cancelled = std::make_shared<std::atomic<bool>>(false);
    m_job.phases = arrivalOf(m_requestStreamStart);
    m_job.phases.parsedUs = ServerContext::monotonicUs();
    m_job.phases.receiveStartUs = m_receiveStartUs;
    m_busy = true;
    // The read or keep-alive deadline ends here; a stalled write's stays, or a client that
    // reads a little now and then, letting one more answer start each time, is never dropped.
    if (!m_writeEnabled)
        m_deadlineMs = 0;
    m_host->dispatchRequest(this);
}

void HttpConnection::markQueued()
{
    m_job.phases.queue = m_job.mode == DispatchMode::Sequential ? RequestPhases::Queue::Turn
                                                                : RequestPhases::Queue::Pool;
    setState(ConnectionState::Queued);
    m_context->recorder.requestQueued(m_id, m_job.requestId, m_job.mode, m_job.phases);
}

void HttpConnection::runHandlerInline()
{
    if (isClosed() || !m_busy)
        return;
    const auto recharge = qScopeGuard([this] { updateCharge(); });
    setState(ConnectionState::Handling);
    // The handler holds this thread: only asking the socket can tell that the client left.
    handlerFinished(
        RequestHandler::run(m_job, *m_context, [this] { return m_host->isPeerGone(this); }));
}

void HttpConnection::handlerFinished(RequestHandler::Outcome outcome)
{
    if (isClosed() || !m_busy || outcome.requestId != m_job.requestId)
        return;
    const auto recharge = qScopeGuard([this] { updateCharge(); });
    if (outcome.clientGone) {
        leave(); // its work stopped early; earlier answers still go out
        return;
    }
    m_job.phases = outcome.phases;
    if (outcome.sleepMs > 0) {
        // Parked on a timer: no thread holds it while it sleeps.
        m_sleepingResponse = std::move(outcome.response);
        m_sleepingThread = outcome.thread;
        m_job.phases.sleepStartUs = ServerContext::monotonicUs();
        m_job.phases.sleepBlocking = false;
        setState(ConnectionState::Sleeping, ServerEvent::noThread);
        m_context->recorder.sleepStarted(m_id, m_job.requestId, m_job.mode, ServerEvent::noThread,
                                         m_job.phases, outcome.sleepMs, m_job.request.target);
        m_host->scheduleWake(this, ServerContext::monotonicMs() + outcome.sleepMs);
        return;
    }
    finishRequest(std::move(outcome.response), outcome.thread);
}

void HttpConnection::wake()
{
    if (m_state != ConnectionState::Sleeping)
        return;
    const auto recharge = qScopeGuard([this] { updateCharge(); });
    m_job.phases.sleepEndUs = ServerContext::monotonicUs();
    m_context->recorder.sleepEnded(m_id, m_job.requestId, m_job.mode, ServerEvent::noThread, false,
                                   true);
    // The sleep is over: leave Sleeping before the response goes out, or a close right after
    // it (Connection: close, HTTP/1.0, the last allowed request, a failed write) would count
    // the sleep as cancelled too.
    setState(ConnectionState::Writing);
    finishRequest(std::exchange(m_sleepingResponse, HttpResponse()), m_sleepingThread);
}

void HttpConnection::finishRequest(HttpResponse response, int thread)
{
    m_busy = false;
    ++m_requestsServed;
    const HttpRequest &request = m_job.request;
    const bool keepAlive = request.keepAlive && !response.closeConnection
        && !(m_peerClosed && unreadBytes() == 0) && !m_context->isStopping()
        && m_requestsServed < m_context->config.maxRequestsPerConnection;
    response.closeConnection = !keepAlive;
    QByteArray bytes = response.serialize(HttpResponse::currentHttpDate(),
                                          keepAlive && request.versionMinor == 0);
    EventRecorder::Finished finished;
    finished.requestId = m_job.requestId;
    finished.mode = m_job.mode;
    finished.thread = thread;
    finished.status = response.status;
    finished.bytesSent = bytes.size();
    finished.bodyBytes = response.bodyBytesSent();
    finished.phases = m_job.phases;
    finished.phases.doneUs = m_lastDoneUs = ServerContext::monotonicUs();
    reportWhenSent(finished, &request);
    if (m_outPos == m_out.size()) {
        m_out = std::move(bytes);
        m_outPos = 0;
    } else {
        m_out.append(bytes);
    }
    if (!keepAlive)
        m_closeAfterWrite = true;
    m_host->requestCompleted(this);
    if (!m_inProcess) {
        flush();
        process();
    }
}

void HttpConnection::sendError(int status)
{
    HttpResponse response = Router::errorResponse(status);
    QByteArray bytes = response.serialize(HttpResponse::currentHttpDate());
    EventRecorder::Finished finished;
    // A refused request gets an id of its own too, so the log can tell the refusals apart.
    finished.requestId = m_context->recorder.isRecording()
        ? m_context->nextRequestId.fetch_add(1, std::memory_order_relaxed)
        : 0;
    finished.mode = m_context->mode.load(std::memory_order_relaxed);
    finished.thread = ServerContext::currentThreadIndex();
    finished.status = status;
    finished.bytesSent = bytes.size();
    finished.bodyBytes = response.bodyBytesSent();
    // Refused where it was read: its handling is the refusal, on this thread.
    finished.phases = arrivalOf(m_requestStreamStart);
    finished.phases.thread = finished.thread;
    finished.phases.parsedUs = finished.phases.startedUs = finished.phases.handlerEndUs
        = finished.phases.doneUs = m_lastDoneUs = ServerContext::monotonicUs();
    // Refused while parsing it (or at its deadline, with nothing parsed in this pass).
    finished.phases.receiveStartUs = m_inProcess && m_receiveStartUs > 0
        ? std::min(m_receiveStartUs, finished.phases.parsedUs)
        : finished.phases.parsedUs;
    reportWhenSent(finished, nullptr);
    m_out.append(bytes);
    m_closeAfterWrite = true;
    flush();
}

void HttpConnection::reportWhenSent(const EventRecorder::Finished &finished,
                                    const HttpRequest *request)
{
    // Counted now; the event (the log, the window) once sent, as web servers log: its phases
    // then include the writing, and a response unsent when the connection closes says so.
    EventRecorder::Finished answered = finished;
    answered.request = request;
    m_context->recorder.requestAnswered(answered);
    if (!m_context->recorder.isRecording())
        return;
    Unsent &unsent = m_unsent.emplace_back();
    unsent.finished = finished;
    unsent.finished.request = nullptr; // the request moves on; what the log needs is kept
    if (request)
        unsent.request = EventRecorder::Logged::of(*request);
}

void HttpConnection::reportUnsent(qint64 writeStartUs, qint64 sentUs)
{
    // One write carried them all: its time is shared out in order, each its own slice.
    const qint64 count = qint64(m_unsent.size());
    const qint64 writeUs = sentUs > writeStartUs && writeStartUs > 0 ? sentUs - writeStartUs : 0;
    for (qint64 i = 0; i < count; ++i) {
        Unsent &unsent = m_unsent[size_t(i)];
        if (sentUs > 0 && writeStartUs > 0) {
            unsent.finished.phases.writeStartUs = writeStartUs + writeUs * i / count;
            unsent.finished.phases.sentUs = writeStartUs + writeUs * (i + 1) / count;
        } else {
            unsent.finished.phases.sentUs = sentUs;
        }
        m_context->recorder.requestFinished(m_id, unsent.finished,
                                            unsent.request ? &*unsent.request : nullptr,
                                            m_peer.address, m_peer.port);
    }
    m_unsent.clear();
}

void HttpConnection::flush()
{
    // The server thread's writing for the responses waiting to be reported counts from here.
    const qint64 writeStartUs = m_unsent.empty() ? 0 : ServerContext::monotonicUs();
    while (m_outPos < m_out.size()) {
        const qint64 n = m_device->write(m_out.constData() + m_outPos, m_out.size() - m_outPos);
        if (n > 0) {
            m_outPos += n;
            m_lastActivityMs = ServerContext::monotonicMs();
            continue;
        }
        if (n < 0) {
            close(); // the peer is gone; nothing to report
            return;
        }
        if (!m_writeEnabled) {
            m_writeEnabled = true;
            m_host->interestChanged(this);
        }
        if (!m_busy)
            setState(ConnectionState::Writing);
        m_deadlineMs = ServerContext::monotonicMs() + m_context->config.writeTimeoutMs;
        return;
    }
    if (!m_unsent.empty())
        reportUnsent(writeStartUs, ServerContext::monotonicUs());
    if (m_out.capacity() > maxPendingOutput)
        m_out = QByteArray();
    else
        m_out.resize(0);
    m_outPos = 0;
    if (m_writeEnabled) {
        m_writeEnabled = false;
        m_host->interestChanged(this);
        // The write timeout ends with the write. A request in flight has no deadline (a
        // 60 s sleep must not be cut off by a write that stalled before it); otherwise
        // process() sets the next one.
        if (m_busy)
            m_deadlineMs = 0;
    }
    if (m_closeAfterWrite)
        close(!m_peerClosed || m_drainOnClose);
}

void HttpConnection::abort()
{
    close();
}

void HttpConnection::close(bool afterResponse)
{
    if (isClosed())
        return;
    reportUnsent(0, 0); // before the close: its requests were answered, not all sent
    stopWorkInFlight();
    m_context->recorder.connectionClosed(m_id, m_state);
    m_state = ConnectionState::Closed;
    m_deadlineMs = 0;
    m_host->closeDevice(this, afterResponse);
    m_host->connectionClosed(this);
    updateCharge(); // all of it, now: its buffers go with the object after this round
}

void HttpConnection::setState(ConnectionState state, int thread)
{
    if (state == m_state || isClosed())
        return;
    const ConnectionState from = std::exchange(m_state, state);
    m_context->recorder.stateChanged(m_id, from, state, thread);
}

void HttpConnection::updateReadInterest()
{
    updateCharge();
    // Paused for memory, the host still watches for a hang-up (isWatchingHangUp()).
    const bool held = isHeldForMemory();
    const bool wanted = !isClosed() && !m_peerClosed && unreadBytes() < maxUnread && !held;
    if (wanted != m_readEnabled) {
        m_readEnabled = wanted;
        m_host->interestChanged(this);
    }
    if (held && !m_memoryPaused) {
        m_memoryPaused = true;
        m_host->memoryPaused(this);
    }
}

qint64 HttpConnection::footprint() const
{
    if (isClosed())
        return 0;
    // The request in flight counts: a 40 KiB head sleeping for a minute is held all along.
    // It stays as it is from beginRequest() (a new id) to releaseIdleBuffers(): walk its
    // fields once, not at every step.
    if (m_footprintRequestId != m_job.requestId) {
        m_footprintRequestId = m_job.requestId;
        m_requestFootprint = m_job.request.footprint();
    }
    return HttpRequest::footprintOf(m_in) + HttpRequest::footprintOf(m_out) + m_parser.footprint()
        + m_requestFootprint;
}

void HttpConnection::updateCharge()
{
    const qint64 now = footprint();
    if (now != m_charged) {
        m_context->memory.charge(now - m_charged);
        m_charged = now;
    }
}

bool HttpConnection::isHeldForMemory() const
{
    return !isClosed() && m_charged >= ServerConfig::memoryHolderBytes
        && m_context->memory.isExhausted();
}

void HttpConnection::releaseIdleBuffers()
{
    if (unreadBytes() == 0) {
        m_in = QByteArray();
        m_inPos = 0;
    }
    if (m_outPos == m_out.size()) {
        m_out = QByteArray();
        m_outPos = 0;
    }
    if (!m_busy) {
        m_job.request = HttpRequest(); // answered: nothing refers to it any more
        m_requestFootprint = 0;
    }
}

void HttpConnection::resumeAfterMemory()
{
    m_memoryPaused = false;
    if (isClosed())
        return;
    const auto recharge = qScopeGuard([this] { updateCharge(); });
    process(); // pipelined requests it held back
    if (!isClosed())
        updateReadInterest();
}

bool HttpConnection::shedForMemory()
{
    if (isClosed() || m_busy || m_charged == 0)
        return false;
    const auto recharge = qScopeGuard([this] { updateCharge(); });
    if (m_outPos == m_out.size() && (m_parser.isInProgress() || unreadBytes() > 0))
        sendError(503); // a request being read: it is told, and may retry
    else
        close(); // responses it does not read: nothing more can be said
    return true;
}

void HttpConnection::squeeze()
{
    if (isClosed())
        return;
    const auto recharge = qScopeGuard([this] { updateCharge(); });
    if (m_inPos > 0) {
        m_in.remove(0, m_inPos); // the parser's offsets count from the unconsumed start
        m_inPos = 0;
    }
    if (m_in.isEmpty())
        m_in = QByteArray();
    else if (m_in.capacity() - m_in.size() >= minSqueezeSlack)
        m_in.squeeze();
    if (m_outPos == m_out.size())
        m_out = QByteArray();
}
