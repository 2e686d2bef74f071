#pragma once

#include "dispatchmode.h"
#include "eventloopprobe.h"
#include "paintcounter.h"
#include "wrkrun.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QSize>
#include <QtCore/QTimer>

#include <functional>
#include <memory>

class MainWindow;
class QTextStream;
class Server;

/*!
    The monitor window's performance under load, measured in one process and one run.

    Each round runs the same wrk load (an external process, bounded in time) against three
    setups in turn: the real MainWindow shown, the same window hidden (its models still
    follow every event, nothing paints), and a Server alone with events off, as
    `servescope --headless` runs it (the reference). For each it reports the requests per
    second the server counted, and for the window the event loop's longest gap (a 10 ms
    timer), repaints per second per widget, resident memory and GUI-thread CPU time.
*/
class GuiLoadBench : public QObject
{
    Q_OBJECT

public:
    enum class Setup { Window, HiddenWindow, Headless };

    struct Options
    {
        WrkRun::Settings wrk;
        DispatchMode mode = DispatchMode::Pooled;
        int threads = 0; //!< pool size; 0 = the server's default
        QString route = QStringLiteral("/");
        int rounds = 1;
        QList<Setup> setups = {Setup::Window, Setup::HiddenWindow, Setup::Headless};
        bool paintDetail = false; //!< also list the widgets that painted most
        bool logPaused = false; //!< the request log's "Follow newest" off (the paused live view)
        int sortColumn = -1; //!< a RequestLogModel::Column to sort the log view by; -1 = arrival
        Qt::SortOrder sortOrder = Qt::AscendingOrder;
    };

    GuiLoadBench(const Options &options, QTextStream &out, QObject *parent = nullptr);
    ~GuiLoadBench() override;

    /*! Runs every round; emits finished() with the exit code (0, or 1 if a run failed). */
    void start();

Q_SIGNALS:
    void finished(int exitCode);

private:
    struct Result
    {
        Setup setup = Setup::Window;
        int round = 0;
        QString loadBefore;
        QString loadAfter;
        QSize windowSize; //!< the window's size during the load (invalid headless)
        QSize screenSize;
        double seconds = 0.0;
        qint64 requests = 0;
        double serverRate = 0.0; //!< Server::stats() requests / s over the wrk run
        double wrkRate = 0.0; //!< wrk's own Requests/sec
        QString wrkLatency;
        QStringList wrkProblems;
        double maxGapMs = 0.0; //!< over the load and the drain after it
        double maxGapAtS = 0.0; //!< when it ended, seconds after the load started
        double p99GapMs = 0.0;
        qsizetype gapsOver50 = 0;
        qsizetype ticks = 0;
        QList<PaintCounter::Entry> paints; //!< counted during the load
        QList<std::pair<QString, qint64>> topPainters; //!< with Options::paintDetail
        qint64 rssStartKiB = 0;
        qint64 rssPeakKiB = 0;
        qint64 rssEndKiB = 0; //!< after the drain
        QList<qint64> rssPerSecondKiB;
        double guiCpuPercent = 0.0; //!< GUI thread CPU / wall time, during the load
        /*! GUI thread CPU per request the server counted (µs): steadier than a rate on a
            noisy machine, since it does not depend on how fast the server got. */
        double guiCpuUsPerRequest = 0.0;
        double processCpuPercent = 0.0; //!< all threads, during the load (100 = one core)
        qint64 feedBatches = 0;
        qint64 feedUpdates = 0;
        qint64 eventsDropped = 0;
        int logRows = 0;
        qint64 logTotal = 0;
    };

    void runNext();
    void beginSetup(Setup setup);
    void onServerStarted();
    void beginLoad();
    void onLoadFinished();
    void endDrain();
    void onServerStopped();
    void sample();
    void fail(const QString &message);
    void printHeader();
    void printResult(const Result &result);
    void printSummary();
    QString setupName(Setup setup) const;

    Options m_options;
    QTextStream &m_out;
    QList<Setup> m_queue;
    QList<int> m_queueRounds;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<Server> m_server;
    EventLoopProbe m_probe;
    PaintCounter *m_paints = nullptr;
    WrkRun m_wrk;
    QTimer m_sampler; // 100 ms: RSS peak and per-second samples during the load
    QTimer m_watchdog; // a setup that never starts or stops fails the run
    QElapsedTimer m_loadClock;
    Result m_current;
    QList<Result> m_results;
    qint64 m_requestsAtStart = 0;
    qint64 m_guiCpuAtStart = 0;
    qint64 m_processCpuAtStart = 0;
    qint64 m_feedBatchesAtStart = 0;
    qint64 m_feedUpdatesAtStart = 0;
    qint64 m_droppedAtStart = 0;
    int m_samples = 0;
    bool m_loading = false;
    bool m_failed = false;
};
