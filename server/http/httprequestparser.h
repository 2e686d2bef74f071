#pragma once

#include "httprequest.h"
#include "requestlimits.h"

#include <QtCore/QByteArrayView>

/*!
    An incremental, pure HTTP/1.x request parser: bytes in, and out comes "need more",
    one complete request, or the error status to answer with. No sockets, no Qt event loop.

    The caller keeps the unconsumed bytes and passes all of them again (plus what arrived)
    on the next call; the parser remembers how far it already scanned, so a request that
    arrives one byte at a time costs linear work. A body announced with Content-Length or
    chunked coding is consumed and thrown away, so it can never be taken for the next request;
    the request is complete only once its body has been read.

    After an error the parser stays in the error state until reset(); the connection must close.
*/
class HttpRequestParser
{
public:
    /*! Limits; the defaults are the product's documented ones (RequestLimits). */
    using Limits = RequestLimits;

    enum class Status { NeedMore, Complete, Error };

    struct Result
    {
        Status status = Status::NeedMore;
        qsizetype consumed = 0; //!< bytes the caller must drop from the front of its buffer
        int errorStatus = 0; //!< with Status::Error: 400, 413, 414, 431, 501 or 505
    };

    HttpRequestParser() = default;
    explicit HttpRequestParser(const Limits &limits);

    /*!
        Parses from the start of \a data, which holds every byte not yet consumed.
        On Complete, request() holds the request and consumed covers its head and body;
        bytes after it (a pipelined request) are left for the next call.
    */
    Result parse(QByteArrayView data);

    /*! The request of the last Complete result. */
    const HttpRequest &request() const { return m_request; }
    HttpRequest takeRequest();

    /*! True while a request head has been started (bytes seen) but not completed. */
    bool isInProgress() const;
    /*!
        True while the head of an HTTP/1.1 request with "Expect: 100-continue" has been read and
        its body has not: the client may be waiting for "100 Continue" before it sends the body
        (RFC 9110 §10.1.1; an HTTP/1.0 client's expectation is ignored, and a body-less request
        needs no interim answer).
    */
    bool expectsContinue() const;

    /*!
        The heap memory the parser holds (the request being parsed), for the memory budget.
        Remembered until the next parse(), takeRequest() or reset(): the connection asks
        after every step, and walking the header fields each time showed in every request.
    */
    qsizetype footprint() const;

    /*! Forget everything, as for a new connection. */
    void reset();

    const Limits &limits() const { return m_limits; }

private:
    // RequestLine/Headers: the head, parsed line by line but consumed only once complete, so
    // m_lineStart is an offset into the caller's buffer. The body phases consume as they go.
    enum class Phase {
        RequestLine,
        Headers,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Failed
    };

    Result parseHead(QByteArrayView data);
    Result parseBody(QByteArrayView data, qsizetype offset);
    int parseRequestLine(QByteArrayView line);
    int parseTarget(QByteArrayView target);
    int parseHeaderLine(QByteArrayView line);
    int parseTransferEncoding(QByteArrayView value);
    void parseConnection(QByteArrayView value);
    int finishHead();
    Result complete(qsizetype consumed);
    void startRequest();
    Result fail(int status);

    Limits m_limits;
    /*! Everything about the request being parsed; a new request starts from {}. */
    struct State
    {
        Phase phase = Phase::RequestLine;
        qsizetype lineStart = 0; //!< head phases: offset of the current line in the caller's data
        qsizetype lineScanned = 0; //!< bytes of the current line already searched for its end
        qsizetype headerBytes = 0; //!< field lines so far (head and trailers), without line ends
        int headerCount = 0;
        int emptyLines = 0; //!< empty lines skipped before the request line
        int hostCount = 0;
        int teCodings = 0;
        int teChunked = 0;
        bool started = false;
        bool hasContentLength = false;
        bool hasTransferEncoding = false;
        bool teLastIsChunked = false;
        bool teOtherCoding = false;
        bool connectionClose = false;
        bool connectionKeepAlive = false;
        bool expectContinue = false; //!< "Expect: 100-continue" seen
        bool expectOther = false; //!< an expectation this server cannot meet (→ 417)
        bool continueWanted = false; //!< the head is done and asked for 100-continue before a body
        qint64 contentLength = 0; //!< capped at maxBodyBytes + 1 while parsing
        qint64 bodyRemaining = 0;
        qint64 bodyTotal = 0;
    };
    State m_state;
    int m_errorStatus = 0;
    HttpRequest m_current; //!< the request being parsed
    HttpRequest m_request; //!< the last complete request
    mutable qsizetype m_footprint = 0; //!< footprint(), while m_footprintKnown
    mutable bool m_footprintKnown = true;
};
