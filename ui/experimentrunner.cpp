#include "experimentrunner.h"

#include "eventhub.h"
#include "monitortext.h"
#include "server.h"
#include "serverclock.h"

#include <QtCore/QLocale>
#include <QtCore/QUrlQuery>

#include <algorithm>
#include <iterator>
#include <utility>

using namespace Qt::StringLiterals;

namespace {

using Experiment = ExperimentRunner::Experiment;
using Kind = ExperimentRunner::Kind;
using Step = ExperimentRunner::Step;

constexpr DispatchMode S = DispatchMode::Sequential;
constexpr DispatchMode C = DispatchMode::Concurrent;
constexpr DispatchMode P = DispatchMode::Pooled;

// The three experiments, defined once (issue 8). Blocking leaves Sequential out: a second
// 10 s run that says what Concurrent says. CPU work keeps the user's blocking setting (no
// sleep), Slow requests the user's pool size (no sleep holds a worker).
// clang-format off
const Experiment definitions[] = {
    // kind                    route          ms    n   at once  blocking      pool  modes
    {Kind::SlowRequests,       u"/sleep"_s,   1000, 10, 10,      false,        0,    {S, C, P}},
    {Kind::CpuWork,            u"/compute"_s, 500,  4,  4,       std::nullopt, 2,    {S, C, P}},
    {Kind::BlockingInExecutor, u"/sleep"_s,   1000, 10, 10,      true,         2,    {C, P}},
};
// clang-format on
constexpr int kindCount = int(std::size(definitions));

// A mode is "clearly" faster than another when the other took at least this much longer;
// closer than that is within what a busy machine varies.
constexpr double clearMargin = 1.2;

// Matching a server event to a client timing tolerates this much: the two clocks are the
// same steady clock, but the kernel's arrival stamp comes through the real-time clock.
constexpr qint64 matchSlackUs = 1000;

const Step *stepOf(const QList<Step> &steps, DispatchMode mode)
{
    for (const Step &step : steps) {
        if (step.mode == mode)
            return &step;
    }
    return nullptr;
}

// The fastest of the steps in \a modes (nullptr if none ran).
const Step *fastestOf(const QList<Step> &steps, std::initializer_list<DispatchMode> modes)
{
    const Step *fastest = nullptr;
    for (DispatchMode mode : modes) {
        const Step *step = stepOf(steps, mode);
        if (step && (!fastest || step->wallUs < fastest->wallUs))
            fastest = step;
    }
    return fastest;
}

bool clearlyFaster(const Step &fast, const Step &slow)
{
    return double(slow.wallUs) >= clearMargin * double(fast.wallUs);
}

} // namespace

ExperimentRunner::ExperimentRunner(Server *server, QObject *parent)
    : QObject(parent)
    , m_server(server)
    , m_burst(new BurstRunner(this))
{
    for (const Experiment &experiment : definitions)
        m_experiments.append(experiment);
    m_lastByKind.resize(kindCount);

    m_grace.setSingleShot(true);
    m_grace.setInterval(eventGraceMs);
    connect(&m_grace, &QTimer::timeout, this, &ExperimentRunner::finish);
    connect(m_burst, &BurstRunner::finished, this, &ExperimentRunner::onBurstFinished);
    connect(m_burst, &BurstRunner::progressChanged, this, &ExperimentRunner::progressChanged);
    if (m_server) {
        connect(m_server, &Server::stopped, this, &ExperimentRunner::onServerStopped);
        // A change the user makes mid-run is theirs to keep: it is what gets restored.
        connect(m_server, &Server::modeChanged, this, [this](DispatchMode mode) {
            if (isUserChange()) {
                m_savedMode = mode;
                onUserChange();
            }
        });
        connect(m_server, &Server::threadCountChanged, this, [this](int threads) {
            if (isUserChange()) {
                m_savedThreads = threads;
                onUserChange();
            }
        });
        connect(m_server, &Server::blockingSleepChanged, this, [this](bool blocking) {
            if (isUserChange()) {
                m_savedBlocking = blocking;
                onUserChange();
            }
        });
    }
}

ExperimentRunner::~ExperimentRunner()
{
    // Gone mid-run (the window closes): the user's settings still come back.
    if (m_state == State::Running)
        restore();
}

ExperimentRunner::Experiment ExperimentRunner::defaultExperiment(Kind kind)
{
    return definitions[int(kind)];
}

QList<ExperimentRunner::Kind> ExperimentRunner::kinds()
{
    return {Kind::SlowRequests, Kind::CpuWork, Kind::BlockingInExecutor};
}

QString ExperimentRunner::name(Kind kind)
{
    switch (kind) {
    case Kind::SlowRequests:
        return tr("Slow requests");
    case Kind::CpuWork:
        return tr("CPU work");
    case Kind::BlockingInExecutor:
        break;
    }
    return tr("Blocking inside an executor");
}

QString ExperimentRunner::description(const Experiment &experiment)
{
    const QLocale locale;
    QStringList parts;
    parts.append(tr("%1 × %2?ms=%3")
                     .arg(locale.toString(experiment.count), experiment.path)
                     .arg(experiment.durationMs));
    parts.append(tr("%1 at once").arg(locale.toString(experiment.concurrency)));
    if (experiment.blockingSleep)
        parts.append(*experiment.blockingSleep ? tr("blocking sleep on")
                                               : tr("blocking sleep off"));
    if (experiment.threads > 0)
        parts.append(tr("pool size %1").arg(locale.toString(experiment.threads)));
    QStringList modes;
    for (DispatchMode mode : experiment.modes)
        modes.append(MonitorText::modeName(mode));
    parts.append(tr("in %1", "the modes an experiment runs in").arg(modes.join(tr(", "))));
    return parts.join(tr(", "));
}

ExperimentRunner::Experiment ExperimentRunner::experiment(Kind kind) const
{
    return m_experiments.at(int(kind));
}

void ExperimentRunner::setExperiment(const Experiment &experiment)
{
    m_experiments[int(experiment.kind)] = experiment;
}

bool ExperimentRunner::start(Kind kind)
{
    const Experiment experiment = this->experiment(kind);
    if (isRunning() || !m_server || !m_server->isRunning() || m_server->port() == 0
        || experiment.modes.isEmpty())
        return false;
    m_savedMode = m_server->mode();
    m_savedThreads = m_server->threadCount();
    m_savedBlocking = m_server->isBlockingSleep();

    m_result = Result();
    m_result.experiment = experiment;
    m_result.threads = experiment.threads > 0 ? experiment.threads : m_savedThreads;
    m_matchers.clear();
    m_pending.clear();
    m_stepIndex = 0;
    m_fed = false;
    m_state = State::Running;
    startStep();
    return true;
}

QByteArray ExperimentRunner::target() const
{
    // As BurstRunner writes it, so RequestFinished's target compares equal.
    return m_result.experiment.path.toLatin1()
        + "?ms=" + QByteArray::number(m_result.experiment.durationMs);
}

void ExperimentRunner::startStep()
{
    const Experiment &experiment = m_result.experiment;
    const DispatchMode mode = experiment.modes.at(m_stepIndex);
    apply(mode, m_result.threads, experiment.blockingSleep.value_or(m_savedBlocking));
    QUrl url = m_server->url(); // loopback even for a wildcard bind
    url.setPath(experiment.path);
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("ms"), QString::number(experiment.durationMs));
    url.setQuery(query);
    m_pending.clear();
    m_burst->start(url, experiment.count, experiment.concurrency);
    // After the start, so a listener may cancel the burst it announces.
    Q_EMIT stepStarted(m_stepIndex, stepCount(), mode);
}

void ExperimentRunner::apply(DispatchMode mode, int threads, bool blocking)
{
    m_applying = true;
    m_server->setThreadCount(threads);
    m_server->setBlockingSleep(blocking);
    m_server->setMode(mode);
    m_applying = false;
}

void ExperimentRunner::restore()
{
    if (m_server)
        apply(m_savedMode, m_savedThreads, m_savedBlocking);
}

void ExperimentRunner::onBurstFinished(const BurstRunner::Result &result)
{
    if (m_state == State::Cancelling) {
        finish();
        return;
    }
    if (m_state != State::Running)
        return;
    Q_EMIT stepBurstFinished(result);
    // Gone with the window's teardown, or stopping: the server closes its connections before
    // its thread ends and says so, so this burst may end first. It measured the stop, not a
    // mode, and ends the run as the stop would.
    if (!m_server || !m_server->isRunning()) {
        m_result.error = tr("The server stopped.");
        m_result.cancelled = true;
        restore();
        finish();
        return;
    }

    Step step;
    step.mode = m_result.experiment.modes.at(m_stepIndex);
    step.requested = result.requested;
    step.succeeded = result.succeeded;
    step.failed = result.failed;
    step.wallUs = result.wallUs;
    step.p50Us = result.p50Us;
    step.p99Us = result.p99Us;
    m_result.steps.append(step);

    // The client's side of each answered request, on the server's clock, by port.
    Matcher matcher;
    for (const BurstRunner::Timing &timing : result.timings) {
        if (!timing.ok || timing.localPort == 0)
            continue;
        BurstRunner::Timing shifted = timing;
        shifted.startUs = ServerClock::fromSteadyUs(timing.startUs);
        shifted.endUs = ServerClock::fromSteadyUs(timing.endUs);
        if (shifted.connectedUs != 0)
            shifted.connectedUs = ServerClock::fromSteadyUs(timing.connectedUs);
        matcher.byPort[timing.localPort].append(int(matcher.timings.size()));
        matcher.timings.append(shifted);
    }
    matcher.matched.fill(false, matcher.timings.size());
    matcher.expected = int(matcher.timings.size());
    m_matchers.append(matcher);
    const ServerEventBatch pending = std::exchange(m_pending, {});
    for (const ServerEvent &event : pending)
        match(m_stepIndex, event);

    if (!result.error.isEmpty()) {
        m_result.error = result.error;
        restore();
        finish();
        return;
    }
    if (++m_stepIndex < stepCount()) {
        startStep();
        return;
    }
    restore();
    // The server publishes its events every ~33 ms, so the last requests' usually follow the
    // burst's end; wait for them, briefly, unless nobody feeds events at all.
    const bool eventsFlow = m_fed && m_server && m_server->eventHub()->isEnabled();
    if (!eventsFlow || allWaitsMeasured()) {
        finish();
        return;
    }
    m_state = State::Collecting;
    m_grace.start();
}

void ExperimentRunner::appendEvents(const ServerEventBatch &events)
{
    if (m_state != State::Running && m_state != State::Collecting)
        return;
    m_fed = true;
    const QByteArray wanted = target();
    for (const ServerEvent &event : events) {
        if (event.type != ServerEvent::Type::RequestFinished || event.target != wanted)
            continue;
        bool matched = false;
        for (int step = 0; step < int(m_matchers.size()) && !matched; ++step)
            matched = match(step, event);
        // The running step's timings come with its end: keep its events until then. The
        // target filter keeps other clients out; the cap keeps a flood of them bounded.
        if (!matched && m_state == State::Running && m_pending.size() < BurstRunner::maximumCount)
            m_pending.append(event);
    }
    if (m_state == State::Collecting && allWaitsMeasured())
        finish();
}

// Matched by peer port (the client's local port) and by time: the server read the request
// after the client began it and answered before the client had the whole response, so on a
// kept-alive connection each request falls in its own window.
bool ExperimentRunner::match(int step, const ServerEvent &event)
{
    Matcher &matcher = m_matchers[step];
    const auto it = matcher.byPort.constFind(event.peerPort);
    if (it == matcher.byPort.cend())
        return false;
    const qint64 from = event.phases.readUs > 0 ? event.phases.readUs : event.phases.arrivedUs;
    const qint64 to = event.phases.doneUs;
    int best = -1;
    for (int index : *it) {
        if (matcher.matched.at(index))
            continue;
        const BurstRunner::Timing &timing = matcher.timings.at(index);
        if (from >= timing.startUs && to <= timing.endUs) {
            best = index;
            break;
        }
        if (best < 0 && from >= timing.startUs - matchSlackUs && to <= timing.endUs + matchSlackUs)
            best = index;
    }
    if (best < 0)
        return false;
    matcher.matched[best] = true;
    Step &result = m_result.steps[step];
    ++result.waitsMeasured;
    result.longestWaitUs = std::max(result.longestWaitUs, event.phases.waitedUs());
    return true;
}

bool ExperimentRunner::allWaitsMeasured() const
{
    for (qsizetype step = 0; step < m_matchers.size(); ++step) {
        if (m_result.steps.at(step).waitsMeasured < m_matchers.at(step).expected)
            return false;
    }
    return true;
}

void ExperimentRunner::cancel()
{
    switch (m_state) {
    case State::Idle:
    case State::Cancelling:
        return;
    case State::Running:
        m_state = State::Cancelling;
        m_result.cancelled = true;
        restore(); // at once: the burst's end only abandons what is in flight
        m_burst->cancel();
        return;
    case State::Collecting:
        finish(); // every burst ran and the settings are back: finish with what arrived
        return;
    }
}

void ExperimentRunner::stop(const QString &reason)
{
    if (m_state == State::Running && m_result.error.isEmpty())
        m_result.error = reason;
    cancel();
}

void ExperimentRunner::onServerStopped()
{
    stop(tr("The server stopped."));
}

bool ExperimentRunner::isUserChange() const
{
    return !m_applying && m_state == State::Running;
}

void ExperimentRunner::onUserChange()
{
    // The run no longer measures what it says: stop it; the rest goes back as it was.
    stop(tr("A setting was changed during the experiment."));
}

void ExperimentRunner::finish()
{
    if (m_state == State::Idle)
        return;
    m_grace.stop();
    m_state = State::Idle;
    qint64 withoutBlockingUs = -1;
    if (m_result.experiment.kind == Kind::BlockingInExecutor) {
        // The same sleeps without blocking, if Slow requests measured them.
        const Result &slow = m_lastByKind.at(int(Kind::SlowRequests));
        const Experiment &a = slow.experiment;
        const Experiment &b = m_result.experiment;
        if (a.path == b.path && a.durationMs == b.durationMs && a.count == b.count
            && a.concurrency == b.concurrency) {
            if (const Step *best
                = fastestOf(slow.steps, {DispatchMode::Concurrent, DispatchMode::Pooled}))
                withoutBlockingUs = best->failed == 0 ? best->wallUs : -1;
        }
    }
    m_result.sentence = describe(m_result, withoutBlockingUs);
    m_last = m_result;
    if (!m_result.cancelled && m_result.error.isEmpty())
        m_lastByKind[int(m_result.experiment.kind)] = m_result;
    m_matchers.clear();
    m_pending.clear();
    Q_EMIT finished(m_last);
}

QString ExperimentRunner::statusText() const
{
    const QString title = name(m_result.experiment.kind);
    switch (m_state) {
    case State::Idle:
        break;
    case State::Running:
        return tr("%1: %2 (%3 of %4)…")
            .arg(title, MonitorText::modeName(m_result.experiment.modes.at(m_stepIndex)))
            .arg(m_stepIndex + 1)
            .arg(stepCount());
    case State::Cancelling:
        return tr("%1: cancelling…").arg(title);
    case State::Collecting:
        return tr("%1: collecting the server's measurements…").arg(title);
    }
    return QString();
}

QString ExperimentRunner::describe(const Result &result, qint64 withoutBlockingUs)
{
    // No plural forms: the English source has no .qm, so every number reads right as "%n of".
    const QLocale locale;
    const QList<Step> &steps = result.steps;
    const Experiment &experiment = result.experiment;
    const QString title = name(experiment.kind);
    const QString ran = locale.toString(int(steps.size()));
    const QString planned = locale.toString(int(experiment.modes.size()));
    const auto mode = [](const Step &step) {
        return MonitorText::modeName(step.mode);
    };
    const auto wall = [](const Step &step) {
        return MonitorText::durationText(step.wallUs);
    };
    const auto list = [&](const Step *except) {
        QStringList parts;
        for (const Step &step : steps) {
            if (&step != except)
                parts.append(tr("%1 %2", "mode and wall time").arg(mode(step), wall(step)));
        }
        return parts.join(tr(", "));
    };

    if (!result.error.isEmpty())
        return tr("%1 stopped after %2 of %3 modes: %4").arg(title, ran, planned, result.error);
    if (result.cancelled)
        return tr("%1 was cancelled after %2 of %3 modes: nothing is compared.")
            .arg(title, ran, planned);
    for (const Step &step : steps) {
        if (step.failed > 0)
            return tr("In %1 mode %2 of %3 requests failed: the times are not compared.")
                .arg(mode(step), locale.toString(step.failed), locale.toString(step.requested));
    }
    if (steps.size() < 2)
        return tr("%1 ran in one mode only: nothing to compare.").arg(title);

    const Step *fastest = &steps.first();
    for (const Step &step : steps) {
        if (step.wallUs < fastest->wallUs)
            fastest = &step;
    }
    const bool anyClear = std::any_of(steps.cbegin(), steps.cend(), [fastest](const Step &step) {
        return clearlyFaster(*fastest, step);
    });
    if (!anyClear)
        return tr("No mode was clearly faster: %1.").arg(list(nullptr));

    // What the experiment shows when it goes as expected: the mode that should win, clearly
    // ahead of the one(s) it should beat.
    const Step *expected = nullptr;
    const Step *baseline = nullptr;
    switch (experiment.kind) {
    case Kind::SlowRequests:
        expected = fastestOf(steps, {DispatchMode::Concurrent, DispatchMode::Pooled});
        baseline = stepOf(steps, DispatchMode::Sequential);
        break;
    case Kind::CpuWork:
    case Kind::BlockingInExecutor:
        expected = stepOf(steps, DispatchMode::Pooled);
        baseline = fastestOf(steps, {DispatchMode::Sequential, DispatchMode::Concurrent});
        break;
    }
    const QString workers = locale.toString(result.threads);
    if (expected && baseline && expected->wallUs == fastest->wallUs
        && clearlyFaster(*expected, *baseline)) {
        switch (experiment.kind) {
        case Kind::SlowRequests:
            return tr("%1 overlapped the sleeps: %2 requests in %3 instead of %4 sequentially.")
                .arg(mode(*expected), locale.toString(experiment.count), wall(*expected),
                     wall(*baseline));
        case Kind::CpuWork:
            return tr("%1 ran the computations in parallel on %2 workers: %3 against %4 on the "
                      "single server thread.")
                .arg(mode(*expected), workers, wall(*expected), wall(*baseline));
        case Kind::BlockingInExecutor:
            if (withoutBlockingUs >= 0)
                return tr("Blocking sleep held the threads: %1 took %2, %3 with %4 workers %5; "
                          "without blocking, %6.")
                    .arg(mode(*baseline), wall(*baseline), mode(*expected), workers,
                         wall(*expected), MonitorText::durationText(withoutBlockingUs));
            return tr("Blocking sleep held the threads: %1 took %2, %3 with %4 workers %5.")
                .arg(mode(*baseline), wall(*baseline), mode(*expected), workers, wall(*expected));
        }
    }
    // Not what the experiment is about: say plainly which mode won, and against what.
    return tr("%1 was fastest: %2, against %3.").arg(mode(*fastest), wall(*fastest), list(fastest));
}

#include "moc_experimentrunner.cpp"
