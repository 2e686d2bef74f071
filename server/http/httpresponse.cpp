#include "httpresponse.h"

#include "httpdate.h"

#include <algorithm>
#include <charconv>
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
    char statusText[16];
    const QByteArrayView statusDigits(
        statusText,
        std::to_chars(statusText, statusText + sizeof statusText, status).ptr - statusText);
    char lengthText[24];
    const QByteArrayView lengthDigits(
        lengthText,
        std::to_chars(lengthText, lengthText + sizeof lengthText, body.size()).ptr - lengthText);
    const QByteArrayView connection = closeConnection ? QByteArrayView("Connection: close\r\n")
        : keepAliveHint                               ? QByteArrayView("Connection: keep-alive\r\n")
                                                      : QByteArrayView();
    const QByteArrayView cacheControl
        = noStore ? QByteArrayView("Cache-Control: no-store\r\n") : QByteArrayView();
    const QByteArrayView content = headOnly ? QByteArrayView() : QByteArrayView(body);
    const QByteArrayView pieces[] = {"HTTP/1.1 ",
                                     statusDigits,
                                     " ",
                                     reason,
                                     "\r\n",
                                     serverHeader,
                                     "Date: ",
                                     httpDate,
                                     "\r\nContent-Type: ",
                                     contentType,
                                     "\r\nContent-Length: ",
                                     lengthDigits,
                                     "\r\n",
                                     allow.isEmpty() ? QByteArrayView() : QByteArrayView("Allow: "),
                                     allow,
                                     allow.isEmpty() ? QByteArrayView() : QByteArrayView("\r\n"),
                                     cacheControl,
                                     connection,
                                     "\r\n",
                                     content};
    // One allocation of the exact size, filled in place: appending piece by piece (each
    // append checking and growing the array) was a fifth of a keep-alive request's cost.
    qsizetype size = 0;
    for (const QByteArrayView piece : pieces)
        size += piece.size();
    QByteArray out(size, Qt::Uninitialized);
    char *at = out.data();
    for (const QByteArrayView piece : pieces) {
        if (!piece.isEmpty())
            at = std::copy(piece.begin(), piece.end(), at);
    }
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
