#pragma once

#include "serverconfig.h"

#include <QtCore/QStringList>
#include <QtWidgets/QMainWindow>

class AccessLogController;
class BurstPanel;
class DiagnosticsBar;
class MonitorFeed;
class PendingSleepsPanel;
class QAction;
class QFrame;
class QPushButton;
class QLabel;
class QSplitter;
class QTimer;
class QTableView;
class RateChartWidget;
class RequestLogPanel;
class RequestSelection;
class Server;
class ServerToolBar;
class TimelineWidget;
class TrayIcon;
class WaterfallWidget;

/*!
    The monitor window: drives a Server (never a socket of its own) and shows what it does
    live: connections, pending sleeps, the request log, rate and latency charts, the
    per-thread timeline and the burst panel. Views repaint on MonitorFeed::updated(), at most
    about 30 times a second, never per event.
*/
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(Server *server, QWidget *parent = nullptr);
    ~MainWindow() override;

    /*!
        Applies the command-line options named in \a setOptions ("bind", "port", "mode",
        "threads", "sleep-ms", "blocking-sleep") from \a config over the remembered settings;
        an empty list keeps every remembered setting.
    */
    void overrideConfig(const ServerConfig &config, const QStringList &setOptions);
    /*! Starts the server with the configuration shown; a port in use offers the next free one. */
    void startServer();
    /*! Stops the server (the window stays). */
    void stopServer();

    /*!
        After a failed start: tries the ports after the one that failed, one by one, until one
        is free (at most maxPortAttempts), then falls back to any free port.
    */
    void startOnNextFreePort();
    /*! After a failed start: lets the system pick a free port. */
    void startOnAnyFreePort();
    static constexpr int maxPortAttempts = 20;

    Server *server() const { return m_server; }
    MonitorFeed *feed() const { return m_feed; }
    ServerToolBar *serverToolBar() const { return m_toolBar; }
    RequestLogPanel *requestLogPanel() const { return m_logPanel; }
    PendingSleepsPanel *pendingSleepsPanel() const { return m_sleepsPanel; }
    BurstPanel *burstPanel() const { return m_burstPanel; }
    QTableView *connectionsView() const { return m_connectionsView; }
    RateChartWidget *rateChart() const { return m_rateChart; }
    TimelineWidget *timeline() const { return m_timeline; }
    WaterfallWidget *waterfall() const { return m_waterfall; }
    /*! The requests picked in the log, the timeline or the waterfall (shared by all three). */
    RequestSelection *selection() const { return m_selection; }
    /*! The diagnostics banner: the mistakes the engine found, hidden while there are none. */
    DiagnosticsBar *diagnosticsBar() const { return m_diagnosticsBar; }
    /*! Reads the server's diagnostics into the banner (a timer does it twice a second). */
    void refreshDiagnostics();
    /*! How long a hold or a wait must be to be diagnosed (ms); remembered, used from the next
     * start. */
    int diagnosticThresholdMs() const { return m_diagnosticThresholdMs; }
    void setDiagnosticThresholdMs(int ms);
    /*! The "port in use" notice with its offers; hidden unless a start failed. */
    QFrame *portInUseBar() const { return m_portBar; }
    /*!
        The access log the window writes (File → Access Log…), remembered between runs. The
        remembered one opens with the first start of the server, unless the command line's
        (AccessLogController::applyForThisRun) is in place by then.
    */
    AccessLogController *accessLog() const { return m_accessLog; }
    TrayIcon *trayIcon() const { return m_tray; }
    /*! Closing the window hides it into the tray (when the desktop has one) instead of quitting. */
    bool keepRunningInTray() const { return m_keepRunningInTray; }
    void setKeepRunningInTray(bool keep);
    /*! Whether a close now would hide the window into the tray. */
    bool closesToTray() const;
    /*! File → Quit: closes for good, even when closing would only hide the window. */
    void quit();

Q_SIGNALS:
    /*! The window closed for good (not into the tray): the application should end. */
    void closed();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createCentralWidget();
    QFrame *createPortBar();
    void createMenus();
    void createStatusBar();
    void restoreSettings();
    void saveSettings();
    void saveServerSettings();
    void start(const ServerConfig &requested);
    void onStarted(const QUrl &url);
    void onStartFailed(const QString &message);
    void onStopped();
    void refresh();
    void showAbout();
    void askForDiagnosticThreshold();
    void askForAccessLog();
    void updateAccessLogActions();

    enum class PortSearch { None, NextPort, AnyPort };

    Server *m_server;
    MonitorFeed *m_feed;
    ServerToolBar *m_toolBar = nullptr;
    RequestLogPanel *m_logPanel = nullptr;
    PendingSleepsPanel *m_sleepsPanel = nullptr;
    BurstPanel *m_burstPanel = nullptr;
    QTableView *m_connectionsView = nullptr;
    RateChartWidget *m_rateChart = nullptr;
    TimelineWidget *m_timeline = nullptr;
    WaterfallWidget *m_waterfall = nullptr;
    RequestSelection *m_selection = nullptr;
    QList<QSplitter *> m_splitters;
    QLabel *m_urlLabel = nullptr;
    QLabel *m_modeLabel = nullptr;
    QLabel *m_connectionsLabel = nullptr;
    QLabel *m_sleepsLabel = nullptr;
    QLabel *m_queuedLabel = nullptr;
    QLabel *m_rateLabel = nullptr;
    DiagnosticsBar *m_diagnosticsBar = nullptr;
    QTimer *m_diagnosticsTimer = nullptr;
    int m_diagnosticThresholdMs = ServerConfig::defaultDiagnosticThresholdMs;
    int m_memoryBudgetMib = ServerConfig::defaultMemoryBudgetMib;
    bool m_thresholdFromCommandLine = false; // this run's value: not saved
    AccessLogController *m_accessLog = nullptr;
    bool m_accessLogSettled = false; // the remembered or the command line's log is in place
    QAction *m_accessLogAction = nullptr;
    QAction *m_reopenAccessLogAction = nullptr;
    TrayIcon *m_tray = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_keepInTrayAction = nullptr;
    bool m_keepRunningInTray = false;
    bool m_quitting = false;
    QFrame *m_portBar = nullptr;
    QLabel *m_portBarText = nullptr;
    QPushButton *m_nextPortButton = nullptr;
    QPushButton *m_anyPortButton = nullptr;
    ServerConfig m_lastConfig; // what the last start asked for
    PortSearch m_portSearch = PortSearch::None;
    quint16 m_firstFailedPort = 0;
    int m_portAttempts = 0;
    bool m_starting = false;
};
