#include "router.h"

#include "serverconfig.h"

#include <QtCore/QFile>

#include <algorithm>

namespace {

QByteArray loadPage(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("ServeScope: embedded page %s is missing", qPrintable(path));
    return file.readAll();
}

// The ms=N parameter, or -1 when absent or not a plain decimal number. Any number of digits:
// a huge value saturates (and is clamped by the caller), it does not fall back to the default.
qint64 msParameter(QByteArrayView query)
{
    while (!query.isEmpty()) {
        const qsizetype amp = query.indexOf('&');
        const QByteArrayView pair = amp < 0 ? query : query.first(amp);
        query = amp < 0 ? QByteArrayView() : query.sliced(amp + 1);
        if (!pair.startsWith("ms="))
            continue;
        const QByteArrayView digits = pair.sliced(3);
        if (digits.isEmpty())
            return -1;
        constexpr qint64 saturated = qint64(1) << 40; // far above any clamp, far below overflow
        qint64 value = 0;
        for (char c : digits) {
            if (c < '0' || c > '9')
                return -1;
            value = std::min(value * 10 + (c - '0'), saturated);
        }
        return value;
    }
    return -1;
}

bool isKnownOtherMethod(QByteArrayView method)
{
    static const char *const known[]
        = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"};
    return std::any_of(std::begin(known), std::end(known),
                       [method](const char *m) { return method == QByteArrayView(m); });
}

QByteArray statusPage(int status, QByteArrayView explanation = {})
{
    const QByteArray paragraph
        = explanation.isEmpty() ? QByteArray() : "    <p>" + explanation.toByteArray() + "</p>\n";
    return "<!DOCTYPE html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\">\n    "
           "<title>"
        + QByteArray::number(status) + ' ' + HttpResponse::reasonPhrase(status)
        + "</title>\n  </head>\n  <body>\n    <h1>" + QByteArray::number(status) + ' '
        + HttpResponse::reasonPhrase(status) + "</h1>\n" + paragraph + "  </body>\n</html>\n";
}

} // namespace

const QByteArray &Router::helloPage()
{
    static const QByteArray page = loadPage(QStringLiteral(":/pages/hello.html"));
    return page;
}

const QByteArray &Router::favicon()
{
    static const QByteArray icon = loadPage(QStringLiteral(":/pages/favicon.png"));
    return icon;
}

const QByteArray &Router::notFoundPage()
{
    static const QByteArray page = loadPage(QStringLiteral(":/pages/404.html"));
    return page;
}

Router::Route Router::route(const HttpRequest &request, int defaultSleepMs, const HostFilter &hosts)
{
    Route route;
    const QByteArrayView method(request.method);
    route.head = method == "HEAD";
    if (hosts.isEnabled() && !hosts.allows(request.header("Host"))) {
        route.kind = Route::Kind::ForbiddenHost; // before anything runs: /compute included
        return route;
    }
    if (!route.head && method != "GET") {
        route.kind = isKnownOtherMethod(method) ? Route::Kind::MethodNotAllowed
                                                : Route::Kind::NotImplemented;
        return route;
    }

    const QByteArrayView path(request.path);
    if (path == "/") {
        route.kind = Route::Kind::Hello;
    } else if (path == "/sleep") {
        route.kind = Route::Kind::Sleep;
        const qint64 ms = msParameter(request.query);
        route.durationMs
            = int(std::clamp<qint64>(ms < 0 ? defaultSleepMs : ms, 0, ServerConfig::maxSleepMs));
    } else if (path == "/compute") {
        route.kind = Route::Kind::Compute;
        const qint64 ms = msParameter(request.query);
        route.durationMs
            = int(std::clamp<qint64>(ms < 0 ? ServerConfig::defaultComputeMs : ms,
                                     ServerConfig::minComputeMs, ServerConfig::maxComputeMs));
    } else if (path == "/-/status") {
        route.kind = Route::Kind::Status;
    } else if (path == "/-/metrics") {
        route.kind = Route::Kind::Metrics;
    } else if (path == "/favicon.ico") {
        route.kind = Route::Kind::Favicon;
    } else {
        route.kind = Route::Kind::NotFound;
    }
    return route;
}

HttpResponse Router::respond(const Route &route, const QByteArray &document)
{
    HttpResponse response;
    response.headOnly = route.head;
    switch (route.kind) {
    case Route::Kind::Hello:
    case Route::Kind::Sleep:
    case Route::Kind::Compute:
        response.body = helloPage();
        break;
    case Route::Kind::Status:
        response.body = document;
        response.contentType = QByteArrayLiteral("application/json");
        response.noStore = true;
        break;
    case Route::Kind::Metrics:
        response.body = document;
        response.contentType = QByteArrayLiteral("text/plain; version=0.0.4; charset=utf-8");
        response.noStore = true;
        break;
    case Route::Kind::Favicon:
        response.body = favicon();
        response.contentType = QByteArrayLiteral("image/png");
        break;
    case Route::Kind::NotFound:
        response.status = 404;
        response.body = notFoundPage();
        break;
    case Route::Kind::MethodNotAllowed:
        response.status = 405;
        response.allow = QByteArrayLiteral("GET, HEAD");
        response.body = statusPage(405);
        break;
    case Route::Kind::NotImplemented:
        response = errorResponse(501);
        break;
    case Route::Kind::ForbiddenHost:
        response.status = 403;
        response.body = statusPage(403,
                                   "Invalid Host header: this server answers only requests "
                                   "addressed to localhost, unless told otherwise "
                                   "(--allowed-host).");
        break;
    }
    return response;
}

bool Router::isImmediate(const Route &route)
{
    return route.kind == Route::Kind::Status || route.kind == Route::Kind::Metrics
        || route.kind == Route::Kind::Favicon || route.kind == Route::Kind::ForbiddenHost;
}

HttpResponse Router::errorResponse(int status)
{
    HttpResponse response;
    response.status = status;
    response.body = statusPage(status);
    response.closeConnection = true;
    return response;
}
