#include "guiloadbench.h"

#include "eventhub.h"
#include "mainwindow.h"
#include "monitorfeed.h"
#include "monitortext.h"
#include "pendingsleepspanel.h"
#include "processmeter.h"
#include "ratechartwidget.h"
#include "requestlogmodel.h"
#include "requestlogpanel.h"
#include "server.h"
#include "timelinewidget.h"

#include <QtCore/QStringList>
#include <QtCore/QTextStream>
#include <QtCore/QThread>
#include <QtGui/QGuiApplication>
#include <QtGui/QScreen>
#include <QtWidgets/QTableView>

#include <algorithm>

namespace {

constexpr int settleMs = 1500; // after start: the window lays out and paints once
constexpr int drainMs = 2000; // after the load: the feed catches up; gaps still count
constexpr int pauseMs = 500; // between setups
constexpr int watchdogMs = 20000; // a start or stop that takes this long fails the run
constexpr int sampleMs = 100;

QString mib(qint64 kib)
{
    return QString::number(double(kib) / 1024.0, 'f', 1);
}

QString number(double value, int decimals = 0)
{
    return QLocale::c().toString(value, 'f', decimals);
}

} // namespace

GuiLoadBench::GuiLoadBench(const Options &options, QTextStream &out, QObject *parent)
    : QObject(parent)
    , m_options(options)
    , m_out(out)
{
    connect(&m_wrk, &WrkRun::finished, this, &GuiLoadBench::onLoadFinished);
    m_sampler.setInterval(sampleMs);
    connect(&m_sampler, &QTimer::timeout, this, &GuiLoadBench::sample);
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this,
            [this] { fail(tr("the server did not start or stop in time")); });
}

GuiLoadBench::~GuiLoadBench()
{
    // The paint counter watches the window's widgets: it goes first.
    delete m_paints;
    m_window.reset();
    m_server.reset();
}

void GuiLoadBench::start()
{
    for (int round = 1; round <= m_options.rounds; ++round) {
        for (Setup setup : std::as_const(m_options.setups)) {
            m_queue.append(setup);
            m_queueRounds.append(round);
        }
    }
    printHeader();
    runNext();
}

QString GuiLoadBench::setupName(Setup setup) const
{
    switch (setup) {
    case Setup::Window:
        return tr("window shown");
    case Setup::HiddenWindow:
        return tr("window hidden");
    case Setup::Headless:
        return tr("headless (Server only, no MonitorFeed)");
    }
    return QString();
}

void GuiLoadBench::printHeader()
{
    const ServerConfig defaults;
    const int threads = m_options.threads > 0 ? m_options.threads : defaults.threads;
    // Sorting by another column than Time turns "Follow newest" off (RequestLogPanel).
    const bool logPaused = m_options.logPaused
        || (m_options.sortColumn >= 0 && m_options.sortColumn != RequestLogModel::TimeColumn);
    m_out << tr("servescope-guiload: the monitor window under load") << '\n'
          << tr("  platform %1, %2 CPU cores, Qt %3")
                 .arg(QGuiApplication::platformName())
                 .arg(QThread::idealThreadCount())
                 .arg(QString::fromLatin1(qVersion()))
          << '\n'
          << tr("  server: 127.0.0.1, port 0, mode %1, pool %2 threads; route %3")
                 .arg(dispatchModeName(m_options.mode))
                 .arg(threads)
                 .arg(m_options.route)
          << '\n'
          << tr("  load per setup: %1 -t%2 -c%3 -d%4s (an external process on the same machine)")
                 .arg(m_options.wrk.program)
                 .arg(m_options.wrk.threads)
                 .arg(m_options.wrk.connections)
                 .arg(m_options.wrk.durationS)
          << '\n'
          << (logPaused ? tr("  request log: paused (\"Follow newest\" off)")
                        : tr("  request log: following the newest request"))
          << '\n';
    if (m_options.sortColumn >= 0) {
        const RequestLogModel names;
        const QString column
            = names.headerData(m_options.sortColumn, Qt::Horizontal, Qt::DisplayRole).toString();
        m_out << (m_options.sortOrder == Qt::AscendingOrder
                      ? tr("  request log: sorted by %1, ascending, before the load").arg(column)
                      : tr("  request log: sorted by %1, descending, before the load").arg(column))
              << '\n';
    }
    m_out << tr("  event-loop gap: the interval between timeouts of a 10 ms precise timer on "
                "the GUI thread (10 ms = never blocked)")
          << '\n'
          << tr("  load average is /proc/loadavg before -> after each setup") << "\n\n";
    m_out.flush();
}

void GuiLoadBench::runNext()
{
    if (m_failed)
        return;
    if (m_queue.isEmpty()) {
        printSummary();
        Q_EMIT finished(0);
        return;
    }
    const Setup setup = m_queue.takeFirst();
    m_current = Result();
    m_current.round = m_queueRounds.takeFirst();
    beginSetup(setup);
}

void GuiLoadBench::beginSetup(Setup setup)
{
    m_current.setup = setup;
    m_server = std::make_unique<Server>();
    connect(m_server.get(), &Server::started, this, &GuiLoadBench::onServerStarted);
    connect(m_server.get(), &Server::startFailed, this, [this](const QString &message) {
        fail(tr("cannot start the server: %1").arg(message));
    });
    connect(m_server.get(), &Server::stopped, this, &GuiLoadBench::onServerStopped);

    ServerConfig config;
    config.bindAddress = QHostAddress(QHostAddress::LocalHost);
    config.port = 0;
    config.mode = m_options.mode;
    if (m_options.threads > 0)
        config.threads = m_options.threads;

    m_watchdog.start(watchdogMs);
    if (setup == Setup::Headless) {
        m_server->start(config);
        return;
    }
    m_window = std::make_unique<MainWindow>(m_server.get());
    m_window->overrideConfig(config,
                             {QStringLiteral("bind"), QStringLiteral("port"),
                              QStringLiteral("mode"), QStringLiteral("threads"),
                              QStringLiteral("sleep-ms"), QStringLiteral("blocking-sleep")});
    m_paints = new PaintCounter(this);
    // The top level's UpdateRequest is one backing-store flush: the window's repaints.
    m_paints->watch(m_window.get(), tr("window"), QEvent::UpdateRequest);
    m_paints->watch(m_window->rateChart(), tr("rate chart"));
    m_paints->watch(m_window->timeline(), tr("timeline"));
    m_paints->watch(m_window->requestLogPanel()->view()->viewport(), tr("request log"));
    m_paints->watch(m_window->connectionsView()->viewport(), tr("connections"));
    m_paints->watch(m_window->pendingSleepsPanel()->view()->viewport(), tr("pending sleeps"));
    if (m_options.logPaused)
        m_window->requestLogPanel()->setFollowing(false);
    // As a person clicking the column's header would (the sort order is what is measured).
    if (m_options.sortColumn >= 0)
        m_window->requestLogPanel()->view()->sortByColumn(m_options.sortColumn,
                                                          m_options.sortOrder);
    m_paints->setCountingAll(m_options.paintDetail);
    if (setup == Setup::Window)
        m_window->show();
    m_window->startServer();
}

void GuiLoadBench::onServerStarted()
{
    m_watchdog.stop();
    QTimer::singleShot(settleMs, this, &GuiLoadBench::beginLoad);
}

void GuiLoadBench::beginLoad()
{
    if (m_failed)
        return;
    m_current.loadBefore = ProcessMeter::loadAverage();
    m_current.rssStartKiB = ProcessMeter::residentKiB();
    m_current.rssPeakKiB = m_current.rssStartKiB;
    m_requestsAtStart = m_server->stats().requestsTotal;
    m_guiCpuAtStart = ProcessMeter::threadCpuNs();
    m_processCpuAtStart = ProcessMeter::processCpuNs();
    if (m_window) {
        m_current.windowSize = m_window->size();
        if (const QScreen *screen = m_window->screen())
            m_current.screenSize = screen->size();
        m_feedBatchesAtStart = m_window->feed()->batchesApplied();
        m_feedUpdatesAtStart = m_window->feed()->updatesEmitted();
    }
    m_droppedAtStart = m_server->eventHub()->eventsDropped();
    if (m_paints)
        m_paints->reset();
    m_samples = 0;
    m_loading = true;
    m_probe.start();
    m_sampler.start();
    m_loadClock.start();
    m_wrk.start(m_options.wrk, m_server->url().resolved(QUrl(m_options.route)));
}

void GuiLoadBench::onLoadFinished()
{
    const double seconds = double(m_loadClock.nsecsElapsed()) / 1e9;
    m_loading = false;
    Result &r = m_current;
    r.seconds = seconds;
    r.requests = m_server->stats().requestsTotal - m_requestsAtStart;
    r.serverRate = double(r.requests) / seconds;
    const double guiCpuNs = double(ProcessMeter::threadCpuNs() - m_guiCpuAtStart);
    r.guiCpuPercent = 100.0 * guiCpuNs / (seconds * 1e9);
    r.guiCpuUsPerRequest = r.requests > 0 ? guiCpuNs / 1000.0 / double(r.requests) : 0.0;
    r.processCpuPercent
        = 100.0 * double(ProcessMeter::processCpuNs() - m_processCpuAtStart) / (seconds * 1e9);
    if (m_paints) {
        r.paints = m_paints->entries();
        r.topPainters = m_paints->topPainters(12);
    }
    if (m_window) {
        r.feedBatches = m_window->feed()->batchesApplied() - m_feedBatchesAtStart;
        r.feedUpdates = m_window->feed()->updatesEmitted() - m_feedUpdatesAtStart;
    }
    if (!m_wrk.isOk()) {
        fail(m_wrk.errorString());
        return;
    }
    r.wrkRate = m_wrk.requestsPerSecond();
    r.wrkLatency = m_wrk.latencyLine();
    r.wrkProblems = m_wrk.problemLines();
    QTimer::singleShot(drainMs, this, &GuiLoadBench::endDrain);
}

void GuiLoadBench::endDrain()
{
    if (m_failed)
        return;
    m_probe.stop();
    m_sampler.stop();
    Result &r = m_current;
    r.maxGapMs = m_probe.maxIntervalMs();
    r.maxGapAtS = m_probe.maxIntervalEndMs() / 1000.0;
    r.p99GapMs = m_probe.quantileMs(0.99);
    r.gapsOver50 = m_probe.countOver(50.0 + EventLoopProbe::intervalMs);
    r.ticks = m_probe.tickCount();
    r.rssEndKiB = ProcessMeter::residentKiB();
    r.rssPeakKiB = std::max(r.rssPeakKiB, r.rssEndKiB);
    r.loadAfter = ProcessMeter::loadAverage();
    r.eventsDropped = m_server->eventHub()->eventsDropped() - m_droppedAtStart;
    if (m_window) {
        r.logRows = m_window->feed()->requestLog()->rowCount();
        r.logTotal = m_window->feed()->requestLog()->totalCount();
    }
    printResult(r);
    m_results.append(r);

    m_watchdog.start(watchdogMs);
    if (m_window)
        m_window->stopServer();
    else
        m_server->stop();
}

void GuiLoadBench::onServerStopped()
{
    m_watchdog.stop();
    // Not from inside the server's own signal: tear down once it has returned.
    QTimer::singleShot(0, this, [this] {
        delete m_paints;
        m_paints = nullptr;
        m_window.reset();
        m_server.reset();
        QTimer::singleShot(pauseMs, this, &GuiLoadBench::runNext);
    });
}

void GuiLoadBench::sample()
{
    const qint64 rss = ProcessMeter::residentKiB();
    m_current.rssPeakKiB = std::max(m_current.rssPeakKiB, rss);
    if (m_loading && ++m_samples % (1000 / sampleMs) == 0)
        m_current.rssPerSecondKiB.append(rss);
}

void GuiLoadBench::fail(const QString &message)
{
    if (m_failed)
        return;
    m_failed = true;
    m_probe.stop();
    m_sampler.stop();
    m_watchdog.stop();
    m_out << tr("FAILED: %1").arg(message) << '\n';
    m_out.flush();
    QTimer::singleShot(0, this, [this] { Q_EMIT finished(1); });
}

void GuiLoadBench::printResult(const Result &r)
{
    const QString indent = QStringLiteral("  ");
    m_out << tr("[round %1] %2").arg(r.round).arg(setupName(r.setup)) << '\n';
    m_out << indent << tr("load average   %1 -> %2").arg(r.loadBefore, r.loadAfter) << '\n';
    if (r.windowSize.isValid())
        m_out << indent
              << tr("window         %1x%2 on a %3x%4 screen")
                     .arg(r.windowSize.width())
                     .arg(r.windowSize.height())
                     .arg(r.screenSize.width())
                     .arg(r.screenSize.height())
              << '\n';
    m_out << indent
          << tr("requests/s     %1 (server counted %2 requests in %3 s); wrk says %4")
                 .arg(number(r.serverRate))
                 .arg(r.requests)
                 .arg(number(r.seconds, 2))
                 .arg(number(r.wrkRate))
          << '\n';
    if (!r.wrkLatency.isEmpty())
        m_out << indent << tr("wrk            %1 (avg, stdev, max)").arg(r.wrkLatency) << '\n';
    for (const QString &problem : r.wrkProblems)
        m_out << indent << tr("wrk            %1").arg(problem) << '\n';
    m_out << indent
          << tr("event loop     max gap %1 ms (ending %2 s into the load), p99 %3 ms, %4 gaps "
                "over 60 ms (blocked > 50 ms) in %5 ticks")
                 .arg(number(r.maxGapMs, 1), number(r.maxGapAtS, 2), number(r.p99GapMs, 1))
                 .arg(r.gapsOver50)
                 .arg(r.ticks)
          << '\n';
    if (!r.paints.isEmpty()) {
        QStringList parts;
        for (const PaintCounter::Entry &entry : r.paints)
            parts.append(tr("%1 %2").arg(entry.name, number(double(entry.count) / r.seconds, 1)));
        m_out << indent << tr("repaints/s     %1").arg(parts.join(tr(", ", "list separator")))
              << '\n';
    }
    if (!r.topPainters.isEmpty()) {
        QStringList parts;
        for (const auto &[path, count] : r.topPainters)
            parts.append(tr("%1 %2").arg(path, number(double(count) / r.seconds, 1)));
        m_out
            << indent
            << tr("paints/s by widget, most first: %1").arg(parts.join(tr(", ", "list separator")))
            << '\n';
    }
    QStringList perSecond;
    for (qint64 kib : r.rssPerSecondKiB)
        perSecond.append(mib(kib));
    m_out << indent
          << tr("memory (RSS)   start %1 MiB, peak %2 MiB, end %3 MiB (after the drain)")
                 .arg(mib(r.rssStartKiB), mib(r.rssPeakKiB), mib(r.rssEndKiB))
          << '\n'
          << indent << tr("RSS each second of the load (MiB): %1").arg(perSecond.join(u' '))
          << '\n';
    m_out << indent
          << tr("CPU            GUI thread %1 % (%2 µs per request), whole process %3 % "
                "(100 % = one core)")
                 .arg(number(r.guiCpuPercent), number(r.guiCpuUsPerRequest, 2),
                      number(r.processCpuPercent))
          << '\n';
    if (r.setup != Setup::Headless)
        m_out << indent
              << tr("feed           %1 batches, %2 updated() (%3/s), %4 events dropped; log %5 "
                    "rows of %6")
                     .arg(r.feedBatches)
                     .arg(r.feedUpdates)
                     .arg(number(double(r.feedUpdates) / r.seconds, 1))
                     .arg(r.eventsDropped)
                     .arg(r.logRows)
                     .arg(r.logTotal)
              << '\n';
    m_out << '\n';
    m_out.flush();
}

void GuiLoadBench::printSummary()
{
    const auto mean = [this](Setup setup, double Result::*field) {
        double sum = 0.0;
        int count = 0;
        for (const Result &r : std::as_const(m_results)) {
            if (r.setup == setup) {
                sum += r.*field;
                ++count;
            }
        }
        return count > 0 ? sum / count : 0.0;
    };
    const auto meanRate = [&](Setup setup) {
        return mean(setup, &Result::serverRate);
    };
    const auto meanGuiCpuUs = [&](Setup setup) {
        return mean(setup, &Result::guiCpuUsPerRequest);
    };
    double maxGap = 0.0;
    double maxRepaints = 0.0;
    for (const Result &r : std::as_const(m_results)) {
        if (r.setup != Setup::Window)
            continue;
        maxGap = std::max(maxGap, r.maxGapMs);
        for (const PaintCounter::Entry &entry : r.paints)
            maxRepaints = std::max(maxRepaints, double(entry.count) / r.seconds);
    }
    const double headless = meanRate(Setup::Headless);
    m_out << tr("summary (means over %1 round(s), same process, same load)").arg(m_options.rounds)
          << '\n';
    for (Setup setup : {Setup::Window, Setup::HiddenWindow, Setup::Headless}) {
        if (!m_options.setups.contains(setup))
            continue;
        const double rate = meanRate(setup);
        m_out << "  " << tr("%1: %2 requests/s").arg(setupName(setup), number(rate));
        if (setup != Setup::Headless && headless > 0.0)
            m_out << tr(", %1 x headless").arg(number(rate / headless, 3));
        if (setup != Setup::Headless)
            m_out << tr("; GUI thread %1 µs per request").arg(number(meanGuiCpuUs(setup), 2));
        m_out << '\n';
    }
    if (m_options.setups.contains(Setup::Window))
        m_out << "  "
              << tr("window shown: longest event-loop gap %1 ms; at most %2 repaints/s (the "
                    "window, or "
                    "one widget)")
                     .arg(number(maxGap, 1), number(maxRepaints, 1))
              << '\n';
    m_out << "  " << tr("load average now %1").arg(ProcessMeter::loadAverage()) << '\n';
    m_out.flush();
}

#include "moc_guiloadbench.cpp"
