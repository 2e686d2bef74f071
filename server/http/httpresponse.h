#pragma once

#include <QtCore/QByteArray>

/*!
    One HTTP/1.1 response as a value: status, the few headers this server varies, and body.
    serialize() produces the exact bytes sent, head and body in one buffer (one write).
*/
struct HttpResponse
{
    int status = 200;
    QByteArray body;
    QByteArray contentType = QByteArrayLiteral("text/html; charset=utf-8");
    QByteArray allow; //!< Allow header value (405); omitted when empty
    bool noStore = false; //!< adds Cache-Control: no-store
    bool headOnly = false; //!< HEAD: Content-Length of the body, but no body bytes
    bool closeConnection = false; //!< adds Connection: close; the server closes after sending

    /*! The standard reason phrase for \a status ("OK", "Not Found", ...). */
    static QByteArray reasonPhrase(int status);

    /*!
        The bytes on the wire. \a httpDate is the Date header value (IMF-fixdate),
        \a keepAliveHint adds "Connection: keep-alive" (for HTTP/1.0 clients that asked for it).
    */
    QByteArray serialize(QByteArrayView httpDate, bool keepAliveHint = false) const;

    /*! Bytes of body actually sent (0 for HEAD). */
    qsizetype bodyBytesSent() const { return headOnly ? 0 : body.size(); }

    /*! The current time as an IMF-fixdate ("Fri, 27 Nov 2026 10:00:00 GMT"), cached per second. */
    static QByteArray currentHttpDate();
};
