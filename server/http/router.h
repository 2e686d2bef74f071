#pragma once

#include "hostfilter.h"
#include "httprequest.h"
#include "httpresponse.h"

/*!
    The routes of chapter 9, as pure functions: request → what to do → response.
    No sockets, no clocks, no threads; the connection does the waiting and the work.
*/
class Router
{
public:
    /*! What a request asks for, before any waiting or work. */
    struct Route
    {
        enum class Kind {
            Hello, //!< GET / → 200 hello.html
            Sleep, //!< GET /sleep → wait durationMs, then 200 hello.html
            Compute, //!< GET /compute → burn CPU for about durationMs, then 200 hello.html
            Status, //!< GET /-/status → JSON counters
            Metrics, //!< GET /-/metrics → Prometheus text format
            Favicon, //!< GET /favicon.ico → the application icon (PNG), so a browser's first visit
                     //!< is no 404
            NotFound, //!< → 404 404.html
            MethodNotAllowed, //!< a known method other than GET/HEAD → 405
            NotImplemented, //!< an unknown method token → 501
            ForbiddenHost, //!< a Host the HostFilter refuses (DNS rebinding) → 403
        };
        Kind kind = Kind::NotFound;
        int durationMs = 0; //!< Sleep and Compute
        bool head = false; //!< the request was HEAD
    };

    /*!
        Resolves \a request. \a defaultSleepMs is used by /sleep without ?ms=.
        ?ms=N overrides it, clamped to ServerConfig's ranges for /sleep and /compute;
        a missing or malformed ms keeps the default. The query never changes the route.
    */
    static Route route(const HttpRequest &request, int defaultSleepMs,
                       const HostFilter &hosts = HostFilter());

    /*!
        The response for a resolved \a route once its waiting or work is done.
        \a document is the body for Route::Kind::Status (JSON) and Route::Kind::Metrics
        (Prometheus text), ignored otherwise.
        The response does not decide keep-alive; the connection sets closeConnection.
    */
    static HttpResponse respond(const Route &route, const QByteArray &document = QByteArray());

    /*!
        Whether \a route is answered at once on the connection's thread in every mode, never
        queued behind handlers (a busy pool, a sequential turn): it is cheap, and it is how
        people watch or refuse, which must work while the server is saturated.
    */
    static bool isImmediate(const Route &route);

    /*! The response for a request the parser rejected with \a status (400, 413, ...); it closes. */
    static HttpResponse errorResponse(int status);

    /*! The embedded pages (from the Qt resources). */
    static const QByteArray &helloPage();
    static const QByteArray &notFoundPage();
    static const QByteArray &favicon();
};
