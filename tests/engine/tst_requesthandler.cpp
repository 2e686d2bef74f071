#include "requesthandler.h"
#include "servercontext.h"

#include <QtTest/QTest>

#include <memory>

/*!
    RequestHandler on the calling thread, as the server thread runs it in the sequential and
    concurrent modes: long work stops for a client that left, and a client that left before
    its request's turn (behind a pipelined one, or sending and leaving at once) gets none.
*/
class tst_RequestHandler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noWorkForAClientAlreadyGone_data();
    void noWorkForAClientAlreadyGone();
    void longWorkStopsWhenTheClientLeaves_data();
    void longWorkStopsWhenTheClientLeaves();
};

namespace {

RequestHandler::Job job(Router::Route::Kind kind, int ms)
{
    RequestHandler::Job job;
    job.connectionId = 1;
    job.requestId = 1;
    job.route.kind = kind;
    job.route.durationMs = ms;
    job.cancelled = std::make_shared<std::atomic<bool>>(false);
    return job;
}

void addWork()
{
    QTest::addColumn<Router::Route::Kind>("kind");
    QTest::addColumn<bool>("blocking");
    QTest::newRow("compute") << Router::Route::Kind::Compute << false;
    QTest::newRow("blocking sleep") << Router::Route::Kind::Sleep << true;
}

} // namespace

void tst_RequestHandler::noWorkForAClientAlreadyGone_data()
{
    addWork();
}

void tst_RequestHandler::noWorkForAClientAlreadyGone()
{
    QFETCH(Router::Route::Kind, kind);
    QFETCH(bool, blocking);
    ServerContext context {ServerConfig()};
    context.blockingSleep = blocking;
    // A storm of 4,000 connections that sent a request and reset kept the server thread busy
    // for 10 s: each /compute ran one probe interval (10 ms) before it asked.
    const qint64 startUs = ServerContext::monotonicUs();
    qint64 firstAskUs = -1;
    int asked = 0;
    const RequestHandler::Outcome outcome = RequestHandler::run(job(kind, 1000), context, [&] {
        if (firstAskUs < 0)
            firstAskUs = ServerContext::monotonicUs() - startUs;
        ++asked;
        return true;
    });
    QVERIFY(outcome.clientGone);
    QCOMPARE(asked, 1);
    // Asked before any work: well inside the first probe interval (a generous bound, as the
    // thread may be preempted on a busy machine; before, it was the whole interval).
    QVERIFY2(firstAskUs < RequestHandler::clientProbeIntervalUs / 2,
             qPrintable(QString::number(firstAskUs)));
}

void tst_RequestHandler::longWorkStopsWhenTheClientLeaves_data()
{
    addWork();
}

void tst_RequestHandler::longWorkStopsWhenTheClientLeaves()
{
    QFETCH(Router::Route::Kind, kind);
    QFETCH(bool, blocking);
    ServerContext context {ServerConfig()};
    context.blockingSleep = blocking;
    // The client leaves 50 ms into a 10 s job: the work stops within a probe interval or so.
    const qint64 startUs = ServerContext::monotonicUs();
    const qint64 leaveUs = startUs + 50'000;
    const RequestHandler::Outcome outcome = RequestHandler::run(
        job(kind, 10'000), context, [&] { return ServerContext::monotonicUs() >= leaveUs; });
    const qint64 elapsedUs = ServerContext::monotonicUs() - startUs;
    QVERIFY(outcome.clientGone);
    QVERIFY2(elapsedUs >= 50'000, qPrintable(QString::number(elapsedUs)));
    QVERIFY2(elapsedUs < 5'000'000, qPrintable(QString::number(elapsedUs))); // not the 10 s
}

QTEST_GUILESS_MAIN(tst_RequestHandler)
#include "tst_requesthandler.moc"
