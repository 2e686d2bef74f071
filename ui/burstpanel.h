#pragma once

#include "burstrunner.h"
#include "dispatchmode.h"

#include <QtWidgets/QWidget>

class QAction;
class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;
class Server;

/*!
    Fires N requests (default 10) at one route of the running server with C at a time, from
    BurstRunner's own thread, and shows the wall time and latencies. The last result per mode
    stays side by side in a small table ("10 × /sleep: Sequential 50.1 s, Concurrent 5.0 s,
    Pooled 5.0 s"), so comparing the modes needs no stopwatch and no ten browser tabs.
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

    bool isRunning() const { return m_runner->isRunning(); }
    /*! Starts a burst with the settings shown (no-op unless the server runs and none is running).
     */
    void run();
    void cancel();

    /*! The last finished burst (empty before the first). */
    const BurstRunner::Result &lastResult() const { return m_lastResult; }
    /*! The comparison table: one row per kind of burst, one column per mode. */
    QTableWidget *resultsTable() const { return m_table; }
    /*! A row of the table as one line, e.g. "10 × /sleep: Sequential 50.1 s, Pooled 5.0 s". */
    QString comparisonText(int row) const;

    QAction *runAction() const { return m_runAction; }
    QAction *cancelAction() const { return m_cancelAction; }

Q_SIGNALS:
    void burstFinished(const BurstRunner::Result &result, DispatchMode mode);
    void statusMessage(const QString &message);

private:
    void updateEnabled();
    void onProgress(int done, int total);
    void onFinished(const BurstRunner::Result &result);
    QString burstKey() const;
    QUrl burstUrl() const;

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
    QAction *m_runAction;
    QAction *m_cancelAction;
    BurstRunner::Result m_lastResult;
    QString m_runningKey; // the table row the running burst belongs to
    DispatchMode m_runningMode = DispatchMode::Pooled;
    bool m_modeChangedDuringRun = false;
};
