#include "monitorfeed.h"

#include "connectionsmodel.h"
#include "pendingsleepsmodel.h"
#include "rateseries.h"
#include "requestlogmodel.h"
#include "server.h"
#include "timelinedata.h"

#include <QtCore/QDateTime>

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
    if (!server) {
        m_statsSource = nullptr;
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
    });
    connect(server, &Server::modeChanged, this, updateLanes);
    connect(server, &Server::threadCountChanged, this, updateLanes);
    m_statsSource = [this] {
        return m_server ? m_server->stats() : ServerStats::Snapshot();
    };
    server->setEventsEnabled(true);
    updateLanes();
    setTicking(true);
}

void MonitorFeed::setStatsSource(std::function<ServerStats::Snapshot()> source)
{
    m_statsSource = std::move(source);
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
    advanceLiveModels(nowMs);
    requestUpdate(frameMs);
}

void MonitorFeed::advanceLiveModels(qint64 nowMs)
{
    if (m_statsSource)
        m_stats = m_statsSource();
    m_connections->tick(nowMs);
    m_pendingSleeps->tick(nowMs);
    m_timeline->prune(nowMs);
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
    tick(QDateTime::currentMSecsSinceEpoch());
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
