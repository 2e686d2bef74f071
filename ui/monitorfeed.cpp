#include "monitorfeed.h"

#include "connectionsmodel.h"
#include "pendingsleepsmodel.h"
#include "rateseries.h"
#include "requestlogmodel.h"
#include "server.h"
#include "timelinedata.h"

#include <QtCore/QDateTime>

#include <algorithm>
#include <cstring>
#include <type_traits>

namespace {

static_assert(std::has_unique_object_representations_v<ServerStats::Snapshot>,
              "Snapshot is compared bytewise: plain integers, no padding");

// Whether the counters differ in anything but uptime, which ticks every second and which
// nothing in the window shows (compared bytewise, so a counter added later counts too).
bool sameCounters(ServerStats::Snapshot a, ServerStats::Snapshot b)
{
    a.uptimeSeconds = 0;
    b.uptimeSeconds = 0;
    return std::memcmp(&a, &b, sizeof a) == 0;
}

} // namespace

MonitorFeed::MonitorFeed(QObject *parent)
    : QObject(parent)
    , m_requestLog(new RequestLogModel(this))
    , m_connections(new ConnectionsModel(this))
    , m_pendingSleeps(new PendingSleepsModel(this))
    , m_rates(std::make_unique<RateSeries>())
    , m_timeline(std::make_unique<TimelineData>())
{
    m_timer.setInterval(defaultTickIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &MonitorFeed::onTimer);
    m_updateTimer.setSingleShot(true);
    connect(&m_updateTimer, &QTimer::timeout, this, &MonitorFeed::emitDeferredUpdate);
    m_clock.start();
}

MonitorFeed::~MonitorFeed() = default;

Server *MonitorFeed::server() const
{
    return m_server.data();
}

void MonitorFeed::setServer(Server *server)
{
    if (m_server == server)
        return;
    if (m_server)
        disconnect(m_server, nullptr, this, nullptr);
    m_server = server;
    m_following = server != nullptr;
    if (!server) {
        m_statsSource = nullptr;
        m_lagSource = nullptr;
        setTicking(false);
        return;
    }

    const auto updateLanes = [this] {
        // Worker lanes matter only while the pool runs handlers; bars keep their own lanes.
        if (m_server)
            m_timeline->setWorkerCount(
                m_server->mode() == DispatchMode::Pooled ? m_server->threadCount() : 0);
    };
    connect(server, &Server::eventsReady, this, &MonitorFeed::applyBatch);
    connect(server, &Server::started, this, [this, updateLanes] {
        // A new run numbers its connections and requests afresh.
        clearLiveState();
        updateLanes();
        wake();
    });
    // One more tick samples the counters as the run left them (then the timer may sleep).
    connect(server, &Server::stopped, this, &MonitorFeed::wake);
    connect(server, &Server::modeChanged, this, updateLanes);
    connect(server, &Server::threadCountChanged, this, updateLanes);
    m_statsSource = [this] {
        return m_server ? m_server->stats() : ServerStats::Snapshot();
    };
    // The longest lag of about the last second, sampled every tick: each second keeps its own.
    m_lagSource = [this] {
        return m_server ? qint64(m_server->recentEventLoopLag(1000).maxMs * 1000.0) : 0;
    };
    server->setEventsEnabled(true);
    updateLanes();
    setTicking(true);
}

void MonitorFeed::setStatsSource(std::function<ServerStats::Snapshot()> source)
{
    m_statsSource = std::move(source);
}

void MonitorFeed::setLagSource(std::function<qint64()> source)
{
    m_lagSource = std::move(source);
}

void MonitorFeed::applyBatch(const ServerEventBatch &events)
{
    if (events.isEmpty())
        return;
    const qint64 frameMs = m_clock.elapsed();
    m_requestLog->appendEvents(events);
    m_connections->applyEvents(events);
    m_pendingSleeps->applyEvents(events);
    m_rates->appendEvents(events);
    m_timeline->appendEvents(events);
    ++m_batchesApplied;
    m_eventsApplied += events.size();
    m_lastBatchMs = frameMs;
    wake();
    if (m_tickDue) {
        // The tick the timer left to this batch: one model change and one repaint, not two.
        m_tickDue = false;
        advanceLiveModels(QDateTime::currentMSecsSinceEpoch());
    }
    requestUpdate(frameMs);
}

void MonitorFeed::tick(qint64 nowMs)
{
    const qint64 frameMs = m_clock.elapsed();
    if (advanceLiveModels(nowMs))
        requestUpdate(frameMs);
}

bool MonitorFeed::advanceLiveModels(qint64 nowMs)
{
    bool changed = false;
    if (m_statsSource) {
        const ServerStats::Snapshot stats = m_statsSource();
        changed = !sameCounters(stats, m_stats);
        m_stats = stats;
    }
    // Shown per complete second: the chart repaints as the second ends, not for each sample.
    if (m_lagSource)
        m_rates->noteLoopLag(nowMs, m_lagSource());
    changed = m_connections->tick(nowMs) || changed;
    changed = m_pendingSleeps->tick(nowMs) || changed;
    // Bars scroll as time passes and open ones grow, so the timeline changes on every tick
    // while it holds any (or has just let the last ones go); TimelineWidget decides whether
    // the part it shows did.
    const bool hadBars = m_timeline->requestCount() > 0;
    m_timeline->prune(nowMs);
    changed = changed || hadBars;
    changed = advanceRates(nowMs) || changed;
    return changed;
}

bool MonitorFeed::advanceRates(qint64 nowMs)
{
    // The rate chart and the requests-per-second figure show complete seconds: they move when
    // a second ends, and only while the window holds requests (or its last ones just left).
    const qint64 second = RateSeries::secondOf(nowMs);
    if (second == m_ratesSecond)
        return false;
    m_ratesSecond = second;
    const bool shown = ratesInWindow(nowMs);
    const bool moved = shown || m_ratesShown;
    m_ratesShown = shown;
    return moved;
}

bool MonitorFeed::ratesInWindow(qint64 nowMs) const
{
    if (m_rates->totalCount() == 0)
        return false;
    if (m_rates->completedCount(nowMs) < m_rates->totalCount())
        return true; // requests in the current second: shown when it ends
    const QList<RateSeries::Point> points = m_rates->points(nowMs);
    return std::any_of(points.cbegin(), points.cend(),
                       [](const RateSeries::Point &point) { return point.requests > 0; });
}

bool MonitorFeed::hasLiveState(qint64 nowMs) const
{
    return m_connections->rowCount() > 0 || m_pendingSleeps->rowCount() > 0
        || m_timeline->requestCount() > 0 || m_ratesShown || ratesInWindow(nowMs);
}

void MonitorFeed::clearLiveState()
{
    m_connections->clear();
    m_pendingSleeps->clear();
    m_timeline->clear();
    requestUpdate(m_clock.elapsed());
}

void MonitorFeed::setTickInterval(int ms)
{
    m_timer.setInterval(std::max(minimumUpdateIntervalMs, ms));
}

void MonitorFeed::setTicking(bool ticking)
{
    if (ticking == m_timer.isActive())
        return;
    if (ticking)
        m_timer.start();
    else
        m_timer.stop();
}

void MonitorFeed::wake()
{
    if (m_following)
        setTicking(true);
}

void MonitorFeed::onTimer()
{
    // While batches flow (EventHub delivers one every ~33 ms), the tick rides along with the
    // next batch instead of changing the models, and so repainting the views, between two
    // batches. A tick left waiting since the previous timeout runs now.
    const bool batchesFlowing
        = m_lastBatchMs >= 0 && m_clock.elapsed() - m_lastBatchMs < 2 * minimumUpdateIntervalMs;
    if (batchesFlowing && !m_tickDue) {
        m_tickDue = true;
        return;
    }
    m_tickDue = false;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    tick(nowMs);
    // A stopped server sends nothing, and with nothing live left no tick would change a
    // thing: sleep until a batch, a start or a stop wakes the timer.
    if (m_following && !(m_server && m_server->isRunning()) && !hasLiveState(nowMs))
        setTicking(false);
}

void MonitorFeed::requestUpdate(qint64 changedAtMs)
{
    // Measured from the start of the change that led to each update, with a little slack:
    // EventHub spaces its batches by its own (coarse) timer, and a batch that arrives a
    // millisecond "early" deferred by a millisecond would cost a second repaint.
    const qint64 since
        = m_lastUpdateMs >= 0 ? changedAtMs - m_lastUpdateMs : minimumUpdateIntervalMs;
    if (since >= minimumUpdateIntervalMs - updateSlackMs) {
        emitUpdate(changedAtMs);
        return;
    }
    // Too soon: the next batch (one every ~33 ms while requests flow) carries this change to
    // the views with its own. A timer of our own would repaint between two batches, and stay
    // there (each batch then too soon after it): two repaints per batch. The timer only
    // covers the case that no batch follows.
    if (!m_updateTimer.isActive())
        m_updateTimer.start(int(2 * minimumUpdateIntervalMs - since));
}

void MonitorFeed::emitDeferredUpdate()
{
    emitUpdate(m_clock.elapsed());
}

void MonitorFeed::emitUpdate(qint64 frameMs)
{
    m_updateTimer.stop();
    m_lastUpdateMs = frameMs;
    ++m_updatesEmitted;
    Q_EMIT updated();
}

#include "moc_monitorfeed.cpp"
