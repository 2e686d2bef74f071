#pragma once

#include "connectionstate.h"
#include "eventrecorder.h"
#include "httprequestparser.h"
#include "requesthandler.h"

#include <QtCore/QByteArray>
#include <QtCore/QIODevice>
#include <QtCore/QString>

#include <deque>
#include <memory>
#include <optional>
#include <vector>

class ConnectionHost;
class ReceiveStamps;
class ServerContext;

/*!
    One HTTP/1.1 connection: reads bytes from its QIODevice, parses requests, has them
    handled through its ConnectionHost, and writes responses in order (keep-alive,
    pipelining, timeouts, limits). It knows nothing of sockets: production passes a
    SocketDevice over the accepted descriptor, tests a mock device. Lives on one thread.
*/
class HttpConnection
{
public:
    struct Peer
    {
        QString address;
        quint16 port = 0;
        quint16 localPort = 0;
    };

    HttpConnection(quint64 id, std::unique_ptr<QIODevice> device, const Peer &peer,
                   ConnectionHost *host, ServerContext *context);
    ~HttpConnection();

    HttpConnection(const HttpConnection &) = delete;
    HttpConnection &operator=(const HttpConnection &) = delete;

    quint64 id() const { return m_id; }
    ConnectionState state() const { return m_state; }
    bool isClosed() const { return m_state == ConnectionState::Closed; }
    const Peer &peer() const { return m_peer; }
    QIODevice *device() const { return m_device.get(); }
    int requestsServed() const { return m_requestsServed; }
    /*! Whether the connection wants onReadable() / onWritable() now
     * (ConnectionHost::interestChanged). */
    bool isReadEnabled() const { return m_readEnabled; }
    bool isWriteEnabled() const { return m_writeEnabled; }
    /*!
        Whether the host should report the peer closing even while reading is paused (a full
        input buffer): until the end of stream has been seen.
    */
    bool isWatchingHangUp() const { return !isClosed() && !m_peerClosed; }

    /*! Announces the connection (event, counters) and reads whatever is already there. */
    void open();

    /*! The device has bytes, or reached its end. */
    void onReadable();
    /*! The device can take more bytes. */
    void onWritable();
    /*! The peer is gone (hang-up, reset). A pending sleep is cancelled; nothing more is sent. */
    void onPeerClosed();
    /*!
        The peer closed its sending side, seen without reading (reading was paused): it has
        left. Work in flight stops; what was already answered still goes out; then it closes.
    */
    void onPeerFinishedSending();
    /*! Monotonic ms at which the current wait times out; 0 when none. */
    qint64 deadlineMs() const { return m_deadlineMs; }
    /*! Called once deadlineMs() has passed. */
    void onTimeout();

    /*! The request the host must handle, valid from dispatchRequest() to handlerFinished(). */
    const RequestHandler::Job &pendingJob() const { return m_job; }
    /*! The host queues the request (for a worker, or for its turn). */
    void markQueued();
    /*! The pending request will be handled in \a mode after all (the mode changed while it waited).
     */
    void setDispatchMode(DispatchMode mode) { m_job.mode = mode; }
    /*! Runs the handler on this thread now and continues with its outcome. */
    void runHandlerInline();
    /*! The handler of the pending request finished (on any thread; called on this one). */
    void handlerFinished(RequestHandler::Outcome outcome);
    /*! A non-blocking sleep reached its deadline. */
    void wake();

    /*! Closes at once, without a response (server stopping). */
    void abort();

    /*!
        The memory it holds for its client now: read and output buffers, the head being parsed
        and the request in flight, by allocated capacity. Charged to the context's
        MemoryBudget as it changes (chargedBytes()), released when it closes.
    */
    qint64 footprint() const;
    qint64 chargedBytes() const { return m_charged; }
    /*! Monotonic ms of the last bytes read or written (or of the opening): how idle it is. */
    qint64 lastActivityMs() const { return m_lastActivityMs; }
    /*! Whether reading (and parsing pipelined requests) paused because the budget ran out. */
    bool isPausedForMemory() const { return m_memoryPaused; }
    /*! The budget has room again: read and parse again (paused by ConnectionHost::memoryPaused). */
    void resumeAfterMemory();
    /*!
        The budget is used up and this is one of the idlest holders: a request being read gets
        503 and the connection closes; one whose client stopped reading its responses just
        closes. False (nothing done) while a request is with its handler, or it holds nothing.
    */
    bool shedForMemory();
    /*! Gives back what its buffers hold beyond what they use (the client went quiet). */
    void squeeze();

private:
    void process(qint64 passStartUs = 0);
    /*! The client left: no more work for it, produced responses go out, then close. */
    void leave();
    /*! Cancels a pending sleep and tells a running handler to stop; the state stays. */
    void stopWorkInFlight();
    /*! Logs the request in flight as left by its client (ServerEvent::clientLeftStatus). */
    void reportClientLeft();
    void beginRequest();
    void finishRequest(HttpResponse response, int thread);
    void sendError(int status);
    /*! Reports \a finished once its response is written (pipelined ones wait together). */
    void reportWhenSent(const EventRecorder::Finished &finished, const HttpRequest *request);
    /*! Reports the responses waiting to be written: sent at \a sentUs, or never (0). */
    void reportUnsent(qint64 writeStartUs, qint64 sentUs);
    void flush();
    /*! \a afterResponse: the server closes after its last response (the peer may still send). */
    void close(bool afterResponse = false);
    void setState(ConnectionState state, int thread = 0);
    void updateReadInterest();
    /*! Charges the change of footprint() to the budget. */
    void updateCharge();
    /*! The budget is used up and this connection is one of the big holders. */
    bool isHeldForMemory() const;
    /*! Drops buffers that hold nothing still needed (idle, or waiting for its handler). */
    void releaseIdleBuffers();
    qsizetype unreadBytes() const { return m_in.size() - m_inPos; }
    /*! Notes when the bytes just read arrived, and when they were read. */
    void noteRead(qint64 bytes, qint64 readUs);
    /*! Phases that start the life of a request whose first byte is the stream's \a offset. */
    RequestPhases arrivalOf(qint64 offset);

    const quint64 m_id;
    std::unique_ptr<QIODevice> m_device;
    const Peer m_peer;
    ConnectionHost *const m_host;
    ServerContext *const m_context;

    HttpRequestParser m_parser;
    QByteArray m_in;
    qsizetype m_inPos = 0;
    QByteArray m_out;
    qsizetype m_outPos = 0;

    ConnectionState m_state = ConnectionState::Reading;
    RequestHandler::Job m_job;
    /*! Responses queued in m_out, reported (RequestFinished) once written, or on close. */
    struct Unsent
    {
        EventRecorder::Finished finished; //!< its request pointer is not kept
        /*! What the log tells of its request (m_job moves on to the next one); none when the
            request was refused. */
        std::optional<EventRecorder::Logged> request;
    };
    std::vector<Unsent> m_unsent;
    HttpResponse m_sleepingResponse;
    int m_sleepingThread = 0;

    /*! A stretch of the input stream read at once, and when its bytes arrived. */
    struct Arrival
    {
        qint64 streamEnd = 0; //!< offset just past its last byte
        qint64 arrivedUs = 0;
        qint64 readUs = 0;
        bool fromKernel = false;
    };
    std::deque<Arrival> m_arrivals; //!< reads not parsed yet, oldest first (bounded)
    ReceiveStamps *m_stamps = nullptr; //!< the device's arrival stamps, when it has them
    qint64 m_streamRead = 0; //!< bytes read from the device so far
    qint64 m_streamParsed = 0; //!< of those, consumed by the parser
    qint64 m_requestStreamStart = 0; //!< offset of the first byte of the request being parsed
    qint64 m_deadlineMs = 0;
    qint64 m_receiveStartUs = 0; //!< when the server thread began reading and parsing this head
    qint64 m_lastDoneUs = 0; //!< when the previous request was answered
    qint64 m_charged = 0; //!< bytes charged to the memory budget
    mutable qint64 m_requestFootprint = 0; //!< m_job.request.footprint(), for the id below
    mutable quint64 m_footprintRequestId = 0;
    qint64 m_lastActivityMs = 0;
    int m_requestsServed = 0;
    bool m_busy = false; //!< a request is with its handler (or sleeping)
    bool m_inProcess = false; //!< process() is on the stack; don't re-enter
    bool m_peerClosed = false; //!< end of stream seen; serve what is buffered, then close
    bool m_closeAfterWrite = false;
    bool m_drainOnClose
        = false; //!< it left with input unread: linger, so no reset cuts the last response
    bool m_continueSent = false; //!< "100 Continue" went out for the request being read
    bool m_readEnabled = true;
    bool m_memoryPaused = false; //!< reading paused for the budget; the host resumes it
    bool m_writeEnabled = false;
};
