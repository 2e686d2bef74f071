#include "httpresponse.h"

#include "httpdate.h"

#include <ctime>

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return QByteArrayLiteral("OK");
    case 400:
        return QByteArrayLiteral("Bad Request");
    case 403:
        return QByteArrayLiteral("Forbidden");
    case 404:
        return QByteArrayLiteral("Not Found");
    case 405:
        return QByteArrayLiteral("Method Not Allowed");
    case 408:
        return QByteArrayLiteral("Request Timeout");
    case 413:
        return QByteArrayLiteral("Content Too Large");
    case 414:
        return QByteArrayLiteral("URI Too Long");
    case 417:
        return QByteArrayLiteral("Expectation Failed");
    case 431:
        return QByteArrayLiteral("Request Header Fields Too Large");
    case 500:
        return QByteArrayLiteral("Internal Server Error");
    case 501:
        return QByteArrayLiteral("Not Implemented");
    case 503:
        return QByteArrayLiteral("Service Unavailable");
    case 505:
        return QByteArrayLiteral("HTTP Version Not Supported");
    default:
        break;
    }
    return QByteArrayLiteral("Unknown");
}

QByteArray HttpResponse::serialize(QByteArrayView httpDate, bool keepAliveHint) const
{
    static const QByteArray serverHeader
        = QByteArray("Server: ServeScope/" SERVESCOPE_VERSION "\r\n");
    const QByteArray reason = reasonPhrase(status);
    const QByteArray length = QByteArray::number(body.size());

    QByteArray out;
    out.reserve(200 + (headOnly ? 0 : body.size()));
    out.append("HTTP/1.1 ");
    out.append(QByteArray::number(status));
    out.append(' ');
    out.append(reason);
    out.append("\r\n");
    out.append(serverHeader);
    out.append("Date: ");
    out.append(httpDate);
    out.append("\r\nContent-Type: ");
    out.append(contentType);
    out.append("\r\nContent-Length: ");
    out.append(length);
    out.append("\r\n");
    if (!allow.isEmpty()) {
        out.append("Allow: ");
        out.append(allow);
        out.append("\r\n");
    }
    if (noStore)
        out.append("Cache-Control: no-store\r\n");
    if (closeConnection)
        out.append("Connection: close\r\n");
    else if (keepAliveHint)
        out.append("Connection: keep-alive\r\n");
    out.append("\r\n");
    if (!headOnly)
        out.append(body);
    return out;
}

QByteArray HttpResponse::currentHttpDate()
{
    // Formatting a date per request is measurable at tens of thousands of requests per second;
    // each thread keeps the string for the current second.
    thread_local std::time_t cachedSecond = 0;
    thread_local QByteArray cached;
    const std::time_t now = std::time(nullptr);
    if (now != cachedSecond || cached.isEmpty()) {
        std::tm tm {};
        gmtime_r(&now, &tm);
        char buffer[40];
        const int n = std::snprintf(buffer, sizeof buffer, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                    HttpDate::dayName(tm.tm_wday), tm.tm_mday,
                                    HttpDate::monthName(tm.tm_mon + 1), tm.tm_year + 1900,
                                    tm.tm_hour, tm.tm_min, tm.tm_sec);
        cached = QByteArray(buffer, n);
        cachedSecond = now;
    }
    return cached;
}
