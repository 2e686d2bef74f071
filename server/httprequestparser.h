#pragma once

#include "httprequest.h"

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
    /*! Limits; the defaults are the product's documented ones. */
    struct Limits
    {
        qsizetype maxRequestLine = 8 * 1024; //!< longer → 414
        qsizetype maxHeaderLine = 8 * 1024; //!< longer → 431
        qsizetype maxHeaderBytes = 32 * 1024; //!< all header lines together; more → 431
        int maxHeaderCount = 100; //!< more lines → 431
        qint64 maxBodyBytes = 1024 * 1024; //!< larger body → 413
    };

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

    /*! Forget everything, as for a new connection. */
    void reset();

    const Limits &limits() const { return m_limits; }

private:
    // Implementation state is private to httprequestparser.cpp's needs.
    enum class Phase { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailers, Failed };

    Result parseHead(QByteArrayView data);
    Result parseBody(QByteArrayView data, qsizetype offset);
    Result fail(int status);

    Limits m_limits;
    Phase m_phase = Phase::Head;
    qsizetype m_scanned = 0; //!< bytes of the head already searched for its end
    qint64 m_bodyRemaining = 0;
    qint64 m_bodyTotal = 0;
    int m_errorStatus = 0;
    HttpRequest m_request;
};
