#pragma once

#include "serverevent.h"
#include "serverstats.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QTimer>

#include <functional>
#include <memory>

class ConnectionsModel;
class PendingSleepsModel;
class RateSeries;
class RequestLogModel;
class Server;
class TimelineData;

/*!
    The one place server events enter the window. Each batch from Server::eventsReady is
    applied to every model and series in one go; a single timer ticks the live models (ages,
    sleep countdowns, linger) and samples Server::stats(); while batches flow, the tick waits
    for the next batch, so the models change (and the views repaint) once per frame.
    updated() tells views to repaint, at most once per batch or tick and never more than about
    30 times a second; it comes in the same turn as the change it reports (so one repaint
    covers both), or, for a change too soon after the last update, with the next batch.
    A tick reports only a change: other counters (uptime alone does not count: nothing shows
    it), rows that lingered out, ages or sleep countdowns that moved, timeline bars (they
    scroll with time), or a second that ended while the rate window holds requests. So an idle
    window repaints nothing, and while following a server the timer itself sleeps once the
    server is stopped and nothing live is left; a batch, a start or a stop wakes it.
    Never touches a socket.
*/
class MonitorFeed : public QObject
{
    Q_OBJECT

public:
    static constexpr int defaultTickIntervalMs = 100;
    static constexpr int minimumUpdateIntervalMs = 33;
    //! Timer jitter tolerated before an update is deferred (so batches stay one repaint each).
    static constexpr int updateSlackMs = 3;

    explicit MonitorFeed(QObject *parent = nullptr);
    ~MonitorFeed() override;

    /*!
        Follows \a server (nullptr to stop): enables its events, applies its batches, samples
        its counters on every tick, clears the live models when it starts again and keeps the
        timeline's lanes in step with its pool size. Starts the tick timer, which from then on
        runs while the server runs or anything live is left (see the class comment).
    */
    void setServer(Server *server);
    Server *server() const;

    RequestLogModel *requestLog() const { return m_requestLog; }
    ConnectionsModel *connections() const { return m_connections; }
    PendingSleepsModel *pendingSleeps() const { return m_pendingSleeps; }
    const RateSeries *rates() const { return m_rates.get(); }
    RateSeries *rates() { return m_rates.get(); }
    const TimelineData *timeline() const { return m_timeline.get(); }
    TimelineData *timeline() { return m_timeline.get(); }

    /*! The counters as last sampled (zeros before the first tick with a server). */
    const ServerStats::Snapshot &stats() const { return m_stats; }
    /*! Where tick() samples counters; setServer() sets it to Server::stats(). */
    void setStatsSource(std::function<ServerStats::Snapshot()> source);
    /*!
        Where tick() samples the server thread's event-loop lag (µs, the longest of about the
        last second) for the chart; setServer() sets it to Server::eventLoopLag().
    */
    void setLagSource(std::function<qint64()> source);

    /*! Applies one batch to every model (what eventsReady does). */
    void applyBatch(const ServerEventBatch &events);
    /*!
        Advances the live models to \a nowMs (wall clock ms) and samples the counters;
        updated() follows only if something shown changed.
    */
    void tick(qint64 nowMs);
    /*! Empties the live models (connections, sleeps, timeline); the log and rates stay. */
    void clearLiveState();

    int tickInterval() const { return m_timer.interval(); }
    void setTickInterval(int ms);
    /*!
        Runs the tick timer. Without a server it runs until told otherwise; while following
        one, setServer() starts it and it stops and restarts itself (see the class comment).
    */
    void setTicking(bool ticking);
    bool isTicking() const { return m_timer.isActive(); }

    qint64 batchesApplied() const { return m_batchesApplied; }
    qint64 eventsApplied() const { return m_eventsApplied; }
    qint64 updatesEmitted() const { return m_updatesEmitted; }

Q_SIGNALS:
    /*! The models or counters changed; repaint. At most ~30 per second. */
    void updated();

private:
    void onTimer();
    void wake();
    bool advanceLiveModels(qint64 nowMs);
    bool advanceRates(qint64 nowMs);
    bool ratesInWindow(qint64 nowMs) const;
    bool hasLiveState(qint64 nowMs) const;
    void requestUpdate(qint64 changedAtMs);
    void emitDeferredUpdate();
    void emitUpdate(qint64 frameMs);

    RequestLogModel *m_requestLog = nullptr;
    ConnectionsModel *m_connections = nullptr;
    PendingSleepsModel *m_pendingSleeps = nullptr;
    std::unique_ptr<RateSeries> m_rates;
    std::unique_ptr<TimelineData> m_timeline;
    QPointer<Server> m_server;
    bool m_following = false; // setServer() with a server: the timer runs itself
    std::function<ServerStats::Snapshot()> m_statsSource;
    std::function<qint64()> m_lagSource;
    ServerStats::Snapshot m_stats;
    QTimer m_timer;
    QTimer m_updateTimer; // single shot: updated() for a change no later batch reported
    QElapsedTimer m_clock; // monotonic ms for the throttling below
    qint64 m_lastUpdateMs = -1; // m_clock time of the change the last updated() covered
    qint64 m_lastBatchMs = -1; // m_clock time of the last batch
    bool m_tickDue = false; // the timer left its tick to the next batch
    qint64 m_ratesSecond = -1; // the second of the last tick, for the rate chart
    bool m_ratesShown = false; // the rate window held requests at the last change of second
    qint64 m_batchesApplied = 0;
    qint64 m_eventsApplied = 0;
    qint64 m_updatesEmitted = 0;
};
