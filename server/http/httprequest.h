#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QPair>

/*!
    One parsed HTTP/1.x request head. A value type: it crosses to pool workers by copy.
    Header names keep their original spelling; look them up case-insensitively.
*/
struct HttpRequest
{
    QByteArray method; //!< the method token as sent, e.g. "GET"
    QByteArray target; //!< the request-target as sent, e.g. "/sleep?ms=300"
    QByteArray path; //!< the percent-decoded path, without the query, e.g. "/sleep"
    QByteArray query; //!< the raw query after '?', without it; empty when none
    int versionMajor = 1;
    int versionMinor = 1;
    bool keepAlive = true; //!< the client allows the connection to persist after this request
    qint64 contentLength = 0; //!< body bytes announced (and discarded); 0 when none
    bool chunked = false; //!< the body came chunked (and was discarded)
    QList<QPair<QByteArray, QByteArray>> headers;

    /*! The value of the first header named \a name (case-insensitive), or a null array. */
    QByteArray header(QByteArrayView name) const;

    /*!
        The heap memory the request holds: what its strings and header list have allocated
        (their capacity, not their size), for the server's memory budget.
    */
    qsizetype footprint() const;
    /*! What \a bytes has allocated, with the allocator's bookkeeping; 0 when nothing. */
    static qsizetype footprintOf(const QByteArray &bytes)
    {
        // Raw or static data (capacity 0) owns no allocation. Inline: the memory budget asks
        // after every step of every request.
        return bytes.capacity() > 0 ? bytes.capacity() + allocationOverhead : 0;
    }
    /*! An allocation's header (QArrayData) and malloc's own chunk header, about. */
    static constexpr qsizetype allocationOverhead = 32;
};
