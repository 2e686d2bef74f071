// servescope-guireplay: the monitor window's own cost per request, without a server or a load
// generator competing for the machine. It feeds MainWindow the events the engine records for
// keep-alive GET / in pooled mode (64 connections, two workers), one batch per frame as
// EventHub delivers them, and lets the window repaint after each. The sequence is the same on
// every run, so valgrind --tool=callgrind --toggle-collect='*replayBatch*' counts nearly the
// same work every time (within a few per cent: the timeline is drawn against the clock): an
// A/B of two builds that a shared machine's noise does not move.

#include "mainwindow.h"
#include "monitorfeed.h"
#include "server.h"
#include "serverclock.h"
#include "serverevent.h"
#include "timelinedata.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QElapsedTimer>
#include <QtCore/QTextStream>
#include <QtCore/QTimer>
#include <QtWidgets/QApplication>

#include <algorithm>
#include <ctime>

namespace {

constexpr int connections = 64;
constexpr int workers = 2;
constexpr qint64 requestSpacingUs = 15; // about 66,000 requests a second

qint64 threadCpuNs()
{
    timespec ts {};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

ServerEvent event(ServerEvent::Type type, quint64 connection, quint64 request, qint64 us)
{
    ServerEvent e;
    e.type = type;
    e.connectionId = connection;
    e.requestId = request;
    e.mode = DispatchMode::Pooled;
    e.timeMs = us / 1000;
    return e;
}

/*! What the engine records for \a count requests from \a firstId, the first at \a startUs. */
ServerEventBatch batchOf(quint64 firstId, int count, qint64 startUs)
{
    static const QString peer = QStringLiteral("127.0.0.1");
    static const QByteArray method = "GET";
    static const QByteArray target = "/";
    ServerEventBatch batch;
    batch.reserve(count * 2);
    for (int i = 0; i < count; ++i) {
        const quint64 id = firstId + quint64(i);
        const quint64 connection = 1 + id % connections;
        const int worker = 1 + int(id % workers);
        const qint64 at = startUs + i * requestSpacingUs;
        RequestPhases p;
        p.arrivedUs = p.readUs = p.receiveStartUs = at;
        p.parsedUs = at + 2;
        p.queue = RequestPhases::Queue::Pool;
        p.startedUs = at + 5;
        p.thread = worker;
        p.handlerEndUs = p.doneUs = at + 8;
        p.writeStartUs = at + 9;
        p.sentUs = at + 11;

        ServerEvent queued = event(ServerEvent::Type::RequestQueued, connection, id, p.parsedUs);
        queued.phases = p;
        queued.phases.startedUs = queued.phases.handlerEndUs = queued.phases.doneUs = 0;
        queued.phases.writeStartUs = queued.phases.sentUs = 0;
        queued.phases.thread = 0;
        queued.state = ConnectionState::Queued;
        ServerEvent finished = event(ServerEvent::Type::RequestFinished, connection, id, p.sentUs);
        finished.thread = worker;
        finished.status = 200;
        finished.bytesSent = 226;
        finished.bodyBytes = 151;
        finished.durationUs = p.totalUs();
        finished.phases = p;
        finished.peer = peer;
        finished.peerPort = quint16(40000 + connection);
        finished.method = method;
        finished.target = target;
        finished.state = ConnectionState::Idle; // idle again, told by it (no StateChanged)
        // No RequestStarted: the handler answers at once (RequestHandler::run()).
        batch << queued << finished;
    }
    return batch;
}

// Named, so that callgrind can count it alone (--toggle-collect='*replayBatch*').
__attribute__((noinline)) void replayBatch(MonitorFeed *feed, const ServerEventBatch &batch)
{
    feed->applyBatch(batch);
    // The repaint the batch asked for, as the event loop would run it next (and nothing
    // else: timers that came due meanwhile run outside, so a slower run counts no more).
    QCoreApplication::sendPostedEvents(nullptr, QEvent::UpdateRequest);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Feeds the monitor window a fixed event sequence (keep-alive GET /, pooled) at one "
        "batch a frame and prints the GUI thread's CPU time per request."));
    parser.addHelpOption();
    const QCommandLineOption batchesOption(QStringLiteral("batches"),
                                           QStringLiteral("Batches to replay (1-10000)."),
                                           QStringLiteral("n"), QStringLiteral("150"));
    const QCommandLineOption sizeOption(QStringLiteral("batch-size"),
                                        QStringLiteral("Requests per batch (1-100000)."),
                                        QStringLiteral("n"), QStringLiteral("2200"));
    parser.addOptions({batchesOption, sizeOption});
    parser.process(app);
    const int batches = std::clamp(parser.value(batchesOption).toInt(), 1, 10000);
    const int batchSize = std::clamp(parser.value(sizeOption).toInt(), 1, 100000);

    Server server; // never started: the window shows what it is fed
    server.setMode(DispatchMode::Pooled);
    server.setThreadCount(workers);
    MainWindow window(&server);
    window.resize(1440, 900);
    window.show();
    MonitorFeed *feed = window.feed();
    feed->timeline()->setWorkerCount(workers);
    for (int i = 0; i < 20; ++i) // shown, laid out and painted once
        QApplication::processEvents();

    QTextStream out(stdout);
    qint64 cpuNs = 0;
    int done = 0;
    quint64 nextId = 1;
    QElapsedTimer wall;
    wall.start();
    QTimer frame; // one batch a frame, as EventHub delivers them
    frame.setInterval(MonitorFeed::minimumUpdateIntervalMs + 1);
    QObject::connect(&frame, &QTimer::timeout, &app, [&] {
        const ServerEventBatch batch
            = batchOf(nextId, batchSize, ServerClock::nowUs() - batchSize * requestSpacingUs);
        nextId += quint64(batchSize);
        const qint64 before = threadCpuNs();
        replayBatch(feed, batch);
        cpuNs += threadCpuNs() - before;
        if (++done < batches)
            return;
        frame.stop();
        const double requests = double(done) * batchSize;
        out << "replayed " << done << " batches of " << batchSize << " requests in "
            << QString::number(double(wall.elapsed()) / 1000.0, 'f', 1) << " s\n"
            << "GUI thread: " << QString::number(double(cpuNs) / 1000.0 / requests, 'f', 3)
            << " us per request (applying each batch and repainting)\n";
        out.flush();
        app.quit();
    });
    frame.start();
    return app.exec();
}
