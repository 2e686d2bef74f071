#pragma once

#include "burstrunner.h"
#include "dispatchmode.h"
#include "experimentrunner.h"

#include <QtWidgets/QWidget>

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;
class Server;

/*!
    Fires N requests (default 10) at one route of the running server with C at a time, from
    BurstRunner's own thread, and shows the wall time and latencies. The last result per mode
    stays side by side in a small table ("10 × /sleep: Sequential 50.1 s, Concurrent 5.0 s,
    Pooled 5.0 s"), so comparing the modes needs no stopwatch and no ten browser tabs.
    Its experiments do the switching too: one click runs a burst in every mode that matters
    (ExperimentRunner) and a second table shows wall time, latencies and the longest wait.
*/
class BurstPanel : public QWidget
{
    Q_OBJECT

public:
    enum ResultColumn {
        BurstColumn,
        SequentialColumn,
        ConcurrentColumn,
        PooledColumn,
        ColumnCount
    };
    enum ExperimentColumn {
        StepColumn,
        WallColumn,
        P50Column,
        P99Column,
        LongestWaitColumn,
        ExperimentColumnCount
    };

    explicit BurstPanel(Server *server, QWidget *parent = nullptr);
    ~BurstPanel() override;

    int count() const;
    void setCount(int count);
    /*! "/", "/sleep" or "/compute". */
    QString route() const;
    void setRoute(const QString &route);
    int concurrency() const;
    void setConcurrency(int concurrency);
    /*! ?ms= for /sleep and /compute; 0 = the route's default (the server's sleep setting). */
    int durationMs() const;
    void setDurationMs(int ms);

    /*! A burst or an experiment is running. */
    bool isRunning() const { return m_runner->isRunning() || m_experiments->isRunning(); }
    /*! Starts a burst with the settings shown (no-op unless the server runs and none is running).
     */
    void run();
    /*! Cancels the burst or the experiment running. */
    void cancel();

    /*! Runs \a kind's experiment (no-op unless the server runs and nothing else is running). */
    void runExperiment(ExperimentRunner::Kind kind);
    ExperimentRunner *experimentRunner() const { return m_experiments; }
    /*! One row per experiment and mode: wall time, p50, p99, longest wait. */
    QTableWidget *experimentTable() const { return m_experimentTable; }
    /*! For the Experiments menu: one per experiment, a separator, Cancel Experiment. */
    QList<QAction *> experimentActions() const { return m_experimentActions; }
    QAction *experimentAction(ExperimentRunner::Kind kind) const;

    /*! The last finished burst (empty before the first). */
    const BurstRunner::Result &lastResult() const { return m_lastResult; }
    /*! The comparison table: one row per kind of burst, one column per mode. */
    QTableWidget *resultsTable() const { return m_table; }
    /*! A row of the table as one line, e.g. "10 × /sleep: Sequential 50.1 s, Pooled 5.0 s". */
    QString comparisonText(int row) const;

    QAction *runAction() const { return m_runAction; }
    QAction *cancelAction() const { return m_cancelAction; }

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

Q_SIGNALS:
    void burstFinished(const BurstRunner::Result &result, DispatchMode mode);
    /*! An experiment ended (finished, cancelled or stopped); its sentence is in \a result. */
    void experimentFinished(const ExperimentRunner::Result &result);
    void statusMessage(const QString &message);

private:
    void updateEnabled();
    void onProgress(int done, int total);
    void onFinished(const BurstRunner::Result &result);
    QString burstKey() const;
    QUrl burstUrl() const;
    void createExperiments();
    void onExperimentStep();
    void onExperimentFinished(const ExperimentRunner::Result &result);
    int experimentRow(ExperimentRunner::Kind kind, DispatchMode mode);

    Server *m_server;
    BurstRunner *m_runner;
    QSpinBox *m_count;
    QComboBox *m_route;
    QSpinBox *m_concurrency;
    QSpinBox *m_duration;
    QPushButton *m_runButton;
    QPushButton *m_cancelButton;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QTableWidget *m_table;
    ExperimentRunner *m_experiments;
    QComboBox *m_experimentChoice;
    QPushButton *m_runExperimentButton;
    QTableWidget *m_experimentTable;
    QTabWidget *m_tabs;
    QList<QAction *> m_experimentActions;
    QAction *m_cancelExperimentAction = nullptr;
    QAction *m_runAction;
    QAction *m_cancelAction;
    BurstRunner::Result m_lastResult;
    QString m_runningKey; // the table row the running burst belongs to
    DispatchMode m_runningMode = DispatchMode::Pooled;
    bool m_modeChangedDuringRun = false;
};
