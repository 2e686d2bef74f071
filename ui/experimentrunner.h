#pragma once

#include "burstrunner.h"
#include "dispatchmode.h"
#include "serverevent.h"

#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QString>
#include <QtCore/QTimer>

#include <optional>

class Server;

/*!
    Runs one experiment with one click: the same burst in each relevant mode in a row, with the
    pool size and blocking sleep the experiment needs, then puts the user's mode, pool size and
    blocking setting back (also when cancelled, or when the server stops). Per mode it keeps
    the wall time and latencies the client measured and the longest wait the server measured,
    and states the result in one sentence computed from those numbers.

    No widgets and no sockets: it drives a Server and its own BurstRunner, and reads the
    server's events from appendEvents() (whoever follows Server::eventsReady feeds it).
*/
class ExperimentRunner : public QObject
{
    Q_OBJECT

public:
    enum class Kind { SlowRequests, CpuWork, BlockingInExecutor };

    /*! What an experiment sends and under which settings. */
    struct Experiment
    {
        Kind kind = Kind::SlowRequests;
        QString path; //!< "/sleep" or "/compute"
        int durationMs = 0; //!< its ?ms=
        int count = 0;
        int concurrency = 0;
        std::optional<bool> blockingSleep; //!< nullopt: the user's setting stays
        int threads = 0; //!< pool size; 0: the user's stays
        QList<DispatchMode> modes; //!< run in this order
    };

    /*! One mode's run. */
    struct Step
    {
        DispatchMode mode = DispatchMode::Pooled;
        int requested = 0;
        int succeeded = 0;
        int failed = 0;
        qint64 wallUs = 0;
        qint64 p50Us = 0;
        qint64 p99Us = 0;
        /*! The largest phases.waitedUs() of its requests; -1 when no server event matched. */
        qint64 longestWaitUs = -1;
        int waitsMeasured = 0; //!< requests whose RequestFinished event was matched
    };

    struct Result
    {
        Experiment experiment;
        int threads = 0; //!< the pool size it ran with
        QList<Step> steps; //!< the modes that ran, in order
        bool cancelled = false;
        QString error; //!< why it stopped early (translated), or why it could not start
        QString sentence; //!< the result in one sentence (translated)
    };

    explicit ExperimentRunner(Server *server, QObject *parent = nullptr);
    ~ExperimentRunner() override;

    /*! The real experiments, defined once: what the window runs. */
    static Experiment defaultExperiment(Kind kind);
    static QList<Kind> kinds();
    /*! "Slow requests", "CPU work", "Blocking inside an executor" (translated). */
    static QString name(Kind kind);
    /*! E.g. "10 × /sleep?ms=1000, 10 at once, blocking sleep off" (translated). */
    static QString description(const Experiment &experiment);

    /*! What start(kind) runs: the default, unless replaced (tests run shorter ones). */
    Experiment experiment(Kind kind) const;
    void setExperiment(const Experiment &experiment);

    /*!
        Starts \a kind's experiment; false (and nothing happens) unless the server listens
        and no experiment runs. finished() follows exactly once per true.
    */
    bool start(Kind kind);
    /*! Stops after the burst in flight is abandoned; the settings are restored at once. */
    void cancel();
    bool isRunning() const { return m_state != State::Idle; }

    /*! The step running (0-based) and how many there are; -1 when idle. */
    int currentStep() const { return isRunning() ? m_stepIndex : -1; }
    int stepCount() const { return int(m_result.experiment.modes.size()); }
    /*! E.g. "Slow requests: Concurrent (2 of 3)…" while running; empty when idle. */
    QString statusText() const;

    /*! The run in progress: its experiment and the steps done so far. */
    const Result &currentResult() const { return m_result; }
    /*! The last finished experiment of any kind, its steps and its sentence. */
    const Result &lastResult() const { return m_last; }
    const QList<Step> &steps() const { return m_last.steps; }
    QString sentence() const { return m_last.sentence; }
    /*! The last finished run of \a kind (empty steps if none). */
    Result lastResult(Kind kind) const { return m_lastByKind.at(int(kind)); }

    /*! The server's events: RequestFinished ones of the experiment's requests are kept. */
    void appendEvents(const ServerEventBatch &events);

    /*!
        The sentence for \a result: which mode was fastest and by how much, honest when no
        mode was. \a withoutBlockingUs, if >= 0, is the same sleeps' time without blocking.
    */
    static QString describe(const Result &result, qint64 withoutBlockingUs = -1);

    /*! How long finishing waits for the server's last events once the bursts are done. */
    static constexpr int eventGraceMs = 2000;

Q_SIGNALS:
    void stepStarted(int index, int count, DispatchMode mode);
    /*! A step's burst ended: what its client saw (e.g. for the waterfall). */
    void stepBurstFinished(const BurstRunner::Result &result);
    void progressChanged(int done, int total);
    /*! Exactly once per successful start(), with the settings already restored. */
    void finished(const ExperimentRunner::Result &result);

private:
    enum class State { Idle, Running, Cancelling, Collecting };

    // The client's requests of one finished step, to match the server's events to.
    struct Matcher
    {
        QList<BurstRunner::Timing> timings; // ok ones, on ServerClock
        QList<bool> matched;
        QHash<quint16, QList<int>> byPort;
        int expected = 0;
    };

    void startStep();
    void onBurstFinished(const BurstRunner::Result &result);
    void onServerStopped();
    bool isUserChange() const;
    void onUserChange();
    void apply(DispatchMode mode, int threads, bool blocking);
    void restore();
    bool match(int step, const ServerEvent &event);
    bool allWaitsMeasured() const;
    void finish();
    void stop(const QString &reason);
    QByteArray target() const;

    QPointer<Server> m_server;
    BurstRunner *m_burst;
    QList<Experiment> m_experiments; // by Kind
    State m_state = State::Idle;
    Result m_result;
    Result m_last;
    QList<Result> m_lastByKind; // by Kind; completed runs only
    QList<Matcher> m_matchers; // one per finished step
    ServerEventBatch m_pending; // RequestFinished of the running step, not matched yet
    int m_stepIndex = 0;
    QTimer m_grace;
    // The user's settings, put back at the end.
    DispatchMode m_savedMode = DispatchMode::Pooled;
    int m_savedThreads = 0;
    bool m_savedBlocking = false;
    bool m_applying = false; // our own setter calls, not the user's
    bool m_fed = false; // appendEvents() was called during this run
};

Q_DECLARE_METATYPE(ExperimentRunner::Result)
