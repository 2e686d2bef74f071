// The window's wiring: its panels, menus, actions and settings, each short; the panels
// themselves are classes of their own. Slightly past the usual ~450 lines for that reason.

#include "mainwindow.h"
#include "accesslogcontroller.h"
#include "accesslogdialog.h"
#include "counterlabel.h"
#include "diagnosticsbar.h"
#include "experimentrunner.h"

#include "burstpanel.h"
#include "cachedscrollbarstyle.h"
#include "connectionsmodel.h"
#include "gridtableview.h"
#include "monitorfeed.h"
#include "monitortext.h"
#include "pendingsleepspanel.h"
#include "plaintextdelegate.h"
#include "ratechartwidget.h"
#include "rateseries.h"
#include "requestlogpanel.h"
#include "requestselection.h"
#include "server.h"
#include "servertoolbar.h"
#include "timelinewidget.h"
#include "trayicon.h"
#include "uilog.h"
#include "waterfallwidget.h"

#include <QtCore/QDateTime>
#include <QtCore/QLocale>
#include <QtCore/QSettings>
#include <QtCore/QTimer>
#include <QtGui/QCloseEvent>
#include <QtGui/QDesktopServices>
#include <QtGui/QIcon>
#include <QtGui/QScreen>
#include <QtWidgets/QApplication>
#include <QtWidgets/QFrame>
#include <QtWidgets/QGroupBox>
#include <QtWidgets/QHBoxLayout>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QInputDialog>
#include <QtWidgets/QLabel>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QMessageBox> // About
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QSplitter>
#include <QtWidgets/QStatusBar>
#include <QtWidgets/QStyle>
#include <QtWidgets/QTableView>
#include <QtWidgets/QVBoxLayout>

#include <algorithm>

namespace {

QGroupBox *group(const QString &title, QWidget *content, const QString &name)
{
    auto *box = new QGroupBox(title);
    box->setObjectName(name);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(content);
    return box;
}

// The width a table needs to show all its columns without a horizontal scroll bar.
int naturalTableWidth(const QTableView *view)
{
    int width = 2 * view->frameWidth() + view->verticalScrollBar()->sizeHint().width();
    for (int column = 0; column < view->model()->columnCount(); ++column) {
        if (!view->isColumnHidden(column))
            width += view->columnWidth(column);
    }
    return width;
}

QLabel *statusLabel(const QString &name)
{
    auto *label = new QLabel;
    label->setObjectName(name);
    label->setTextFormat(Qt::PlainText);
    label->setContentsMargins(6, 0, 6, 0);
    return label;
}

} // namespace

MainWindow::MainWindow(Server *server, QWidget *parent)
    : QMainWindow(parent)
    , m_server(server)
    , m_feed(new MonitorFeed(this))
    , m_selection(new RequestSelection(this))
    , m_accessLog(new AccessLogController(server, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("ServeScope"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/servescope.png")));

    m_toolBar = new ServerToolBar(server, this);
    addToolBar(m_toolBar);
    createCentralWidget();
    createMenus();
    createStatusBar();

    connect(m_toolBar, &ServerToolBar::startRequested, this, &MainWindow::startServer);
    connect(m_toolBar, &ServerToolBar::stopRequested, this, &MainWindow::stopServer);
    connect(m_toolBar, &ServerToolBar::settingsChanged, this, &MainWindow::saveServerSettings);
    connect(m_server, &Server::started, this, &MainWindow::onStarted);
    connect(m_server, &Server::startFailed, this, &MainWindow::onStartFailed);
    connect(m_server, &Server::stopped, this, &MainWindow::onStopped);
    connect(m_server, &Server::modeChanged, this, &MainWindow::refresh);
    connect(m_feed, &MonitorFeed::updated, this, &MainWindow::refresh);
    connect(m_logPanel, &RequestLogPanel::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 8000); });
    connect(m_timeline, &TimelineWidget::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 15000); });
    connect(m_burstPanel, &BurstPanel::statusMessage, this,
            [this](const QString &message) { statusBar()->showMessage(message, 15000); });
    // The burst's own view of its requests, beside the server's in the waterfall.
    connect(m_burstPanel, &BurstPanel::burstFinished, this,
            [this](const BurstRunner::Result &result) {
                m_waterfall->setClientSpans(WaterfallWidget::clientSpans(result));
            });
    // An experiment's steps add up: each mode's requests keep their client's view.
    connect(m_burstPanel->experimentRunner(), &ExperimentRunner::stepStarted, this,
            [this](int index) {
                if (index == 0)
                    m_waterfall->setClientSpans({});
            });
    connect(m_burstPanel->experimentRunner(), &ExperimentRunner::stepBurstFinished, this,
            [this](const BurstRunner::Result &result) {
                m_waterfall->addClientSpans(WaterfallWidget::clientSpans(result));
            });

    // The engine's diagnostics are polled, not pushed: they change with finished requests,
    // and twice a second is soon enough for a sentence (setDiagnostics ignores no change).
    m_diagnosticsTimer = new QTimer(this);
    m_diagnosticsTimer->setInterval(500);
    connect(m_diagnosticsTimer, &QTimer::timeout, this, &MainWindow::refreshDiagnostics);
    m_diagnosticsTimer->start();
    connect(m_diagnosticsBar, &DiagnosticsBar::requestsPicked, m_selection,
            &RequestSelection::selectAll);
    connect(m_diagnosticsBar, &DiagnosticsBar::dismissed, m_server, &Server::clearDiagnostics);

    connect(m_accessLog, &AccessLogController::failed, this,
            [this](const QString &message) { statusBar()->showMessage(message); });
    connect(m_accessLog, &AccessLogController::stateChanged, this,
            &MainWindow::updateAccessLogActions);

    m_tray = new TrayIcon(this, m_toolBar->startAction(), m_toolBar->stopAction(),
                          m_toolBar->browserActions(), m_quitAction, this);

    m_feed->setServer(server);
    restoreSettings();
    m_tray->setVisible(true);
    m_toolBar->setServerState(m_server->isRunning() && m_server->port() != 0, false);
    refresh();
}

MainWindow::~MainWindow()
{
    m_feed->setServer(nullptr);
}

void MainWindow::createCentralWidget()
{
    m_connectionsView = new GridTableView;
    m_connectionsView->setObjectName(QStringLiteral("connectionsView"));
    m_connectionsView->setModel(m_feed->connections());
    m_connectionsView->setItemDelegate(new PlainTextDelegate(m_connectionsView));
    CachedScrollBarStyle::install(m_connectionsView);
    m_connectionsView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_connectionsView->setAlternatingRowColors(true);
    m_connectionsView->setWordWrap(false);
    m_connectionsView->verticalHeader()->hide();
    m_connectionsView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_connectionsView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    m_connectionsView->horizontalHeader()->setObjectName(QStringLiteral("connectionsHeader"));
    m_connectionsView->horizontalHeader()->setStretchLastSection(true);
    m_connectionsView->horizontalHeader()->setHighlightSections(false);
    // Narrow enough that all six columns fit the panel's first-run width (the peer column is
    // sized for "127.0.0.1:65535"); a translated header wider than that widens its column.
    const int digit = fontMetrics().horizontalAdvance(QLatin1Char('0'));
    const int widths[ConnectionsModel::ColumnCount] = {5, 16, 10, 12, 8, 6};
    for (int column = 0; column < ConnectionsModel::ColumnCount; ++column) {
        m_connectionsView->setColumnWidth(
            column,
            std::max(widths[column] * digit,
                     m_connectionsView->horizontalHeader()->sectionSizeHint(column)));
    }

    m_sleepsPanel = new PendingSleepsPanel(m_feed->pendingSleeps());
    m_burstPanel = new BurstPanel(m_server);
    m_rateChart = new RateChartWidget(m_feed);
    m_timeline = new TimelineWidget(m_feed);
    m_timeline->setSelection(m_selection);
    m_logPanel = new RequestLogPanel(m_feed->requestLog());
    m_logPanel->setSelection(m_selection);
    m_waterfall = new WaterfallWidget(m_feed, m_selection);

    auto *live = new QSplitter(Qt::Horizontal);
    live->setObjectName(QStringLiteral("liveSplitter"));
    live->addWidget(
        group(tr("Live Connections"), m_connectionsView, QStringLiteral("connectionsGroup")));
    live->addWidget(group(tr("Pending Sleeps"), m_sleepsPanel, QStringLiteral("sleepsGroup")));
    live->addWidget(group(tr("Burst"), m_burstPanel, QStringLiteral("burstGroup")));
    live->setStretchFactor(0, 4);
    live->setStretchFactor(1, 4);
    live->setStretchFactor(2, 4);

    auto *charts = new QSplitter(Qt::Horizontal);
    charts->setObjectName(QStringLiteral("chartSplitter"));
    charts->addWidget(group(tr("Requests and Latency"), m_rateChart, QStringLiteral("rateGroup")));
    charts->addWidget(group(tr("Threads"), m_timeline, QStringLiteral("timelineGroup")));
    charts->setStretchFactor(0, 2);
    charts->setStretchFactor(1, 3);

    // The waterfall beside the log: the same requests, row by row, as time.
    auto *requests = new QSplitter(Qt::Horizontal);
    requests->setObjectName(QStringLiteral("requestsSplitter"));
    requests->addWidget(group(tr("Request Log"), m_logPanel, QStringLiteral("logGroup")));
    requests->addWidget(group(tr("Waterfall"), m_waterfall, QStringLiteral("waterfallGroup")));
    requests->setStretchFactor(0, 3);
    requests->setStretchFactor(1, 2);

    auto *main = new QSplitter(Qt::Vertical);
    main->setObjectName(QStringLiteral("mainSplitter"));
    main->addWidget(live);
    main->addWidget(charts);
    main->addWidget(requests);
    main->setStretchFactor(0, 3);
    main->setStretchFactor(1, 3);
    main->setStretchFactor(2, 4);
    main->setChildrenCollapsible(false);

    m_splitters = {main, live, charts, requests};
    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addWidget(createPortBar());
    m_diagnosticsBar = new DiagnosticsBar;
    layout->addWidget(m_diagnosticsBar);
    layout->addWidget(main, 1);
    setCentralWidget(central);
}

QFrame *MainWindow::createPortBar()
{
    // A notice inside the window rather than a dialog: the window stays usable while the
    // person decides, and nothing pops up over it.
    m_portBar = new QFrame;
    m_portBar->setObjectName(QStringLiteral("portInUseBar"));
    m_portBar->setFrameShape(QFrame::StyledPanel);
    m_portBar->setBackgroundRole(QPalette::AlternateBase);
    m_portBar->setAutoFillBackground(true);
    auto *icon = new QLabel;
    const int iconSize = style()->pixelMetric(QStyle::PM_SmallIconSize);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize, iconSize));
    m_portBarText = new QLabel;
    m_portBarText->setObjectName(QStringLiteral("portInUseText"));
    m_portBarText->setTextFormat(Qt::PlainText);
    m_portBarText->setWordWrap(true);
    m_portBarText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_nextPortButton = new QPushButton(tr("Use the &Next Free Port"));
    m_nextPortButton->setObjectName(QStringLiteral("nextFreePort"));
    m_anyPortButton = new QPushButton(tr("Use &Any Free Port"));
    m_anyPortButton->setObjectName(QStringLiteral("anyFreePort"));
    auto *dismiss = new QPushButton(tr("Dis&miss"));
    dismiss->setObjectName(QStringLiteral("dismissPortNotice"));
    connect(m_nextPortButton, &QPushButton::clicked, this, &MainWindow::startOnNextFreePort);
    connect(m_anyPortButton, &QPushButton::clicked, this, &MainWindow::startOnAnyFreePort);
    connect(dismiss, &QPushButton::clicked, m_portBar, &QWidget::hide);
    auto *layout = new QHBoxLayout(m_portBar);
    layout->addWidget(icon);
    layout->addWidget(m_portBarText, 1);
    layout->addWidget(m_nextPortButton);
    layout->addWidget(m_anyPortButton);
    layout->addWidget(dismiss);
    m_portBar->hide();
    return m_portBar;
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_logPanel->exportCsvAction());
    file->addAction(m_logPanel->exportJsonAction());
    file->addAction(m_logPanel->exportHarAction());
    file->addAction(m_timeline->exportTraceAction());
    file->addSeparator();
    m_accessLogAction = file->addAction(tr("&Access Log…"));
    m_accessLogAction->setObjectName(QStringLiteral("accessLogAction"));
    m_accessLogAction->setStatusTip(tr("Write every answered request to a log file"));
    connect(m_accessLogAction, &QAction::triggered, this, &MainWindow::askForAccessLog);
    m_reopenAccessLogAction = file->addAction(tr("&Reopen Access Log"));
    m_reopenAccessLogAction->setObjectName(QStringLiteral("reopenAccessLogAction"));
    connect(m_reopenAccessLogAction, &QAction::triggered, this, [this] {
        if (m_accessLog->reopen())
            statusBar()->showMessage(
                tr("Reopened the access log %1.").arg(m_accessLog->settings().path), 5000);
    });
    updateAccessLogActions();
    file->addSeparator();
    m_quitAction = file->addAction(tr("&Quit"));
    m_quitAction->setObjectName(QStringLiteral("quitAction"));
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    m_quitAction->setStatusTip(tr("Stop the server and close ServeScope"));
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::quit);

    QMenu *serverMenu = menuBar()->addMenu(tr("&Server"));
    serverMenu->addAction(m_toolBar->startAction());
    serverMenu->addAction(m_toolBar->stopAction());
    serverMenu->addSeparator();
    serverMenu->addActions(m_toolBar->modeActions());
    serverMenu->addSeparator();
    serverMenu->addAction(m_toolBar->blockingSleepAction());
    serverMenu->addAction(m_toolBar->allInterfacesAction());
    QAction *threshold = serverMenu->addAction(tr("Diagnostic &Threshold…"));
    threshold->setObjectName(QStringLiteral("diagnosticThresholdAction"));
    threshold->setStatusTip(
        tr("Choose how long a hold or a wait must last before a diagnostic names it"));
    connect(threshold, &QAction::triggered, this, &MainWindow::askForDiagnosticThreshold);
    serverMenu->addSeparator();
    QMenu *browser = serverMenu->addMenu(tr("Open in &Browser"));
    browser->addActions(m_toolBar->browserActions());

    QMenu *log = menuBar()->addMenu(tr("&Log"));
    log->addAction(m_logPanel->findAction());
    log->addAction(m_logPanel->followAction());
    log->addAction(m_logPanel->clearAction());
    log->addSeparator();
    log->addAction(m_logPanel->capacityAction());

    QMenu *burst = menuBar()->addMenu(tr("&Burst"));
    burst->addAction(m_burstPanel->runAction());
    burst->addAction(m_burstPanel->cancelAction());

    QMenu *experiments = menuBar()->addMenu(tr("&Experiments"));
    experiments->addActions(m_burstPanel->experimentActions());

    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_toolBar->toggleViewAction());
    view->addSeparator();
    view->addAction(m_timeline->zoomInAction());
    view->addAction(m_timeline->zoomOutAction());
    view->addAction(m_timeline->resetZoomAction());
    view->addSeparator();
    m_keepInTrayAction = view->addAction(tr("Keep Running in the &Tray When Closed"));
    m_keepInTrayAction->setObjectName(QStringLiteral("keepInTrayAction"));
    m_keepInTrayAction->setCheckable(true);
    if (TrayIcon::isSystemTrayAvailable()) {
        m_keepInTrayAction->setStatusTip(tr("Closing the window hides it into the system tray; "
                                            "the server keeps serving until you quit"));
    } else {
        m_keepInTrayAction->setEnabled(false);
        m_keepInTrayAction->setStatusTip(tr("This desktop shows no system tray"));
    }
    connect(m_keepInTrayAction, &QAction::toggled, this, &MainWindow::setKeepRunningInTray);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *about = help->addAction(tr("&About ServeScope"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, &MainWindow::showAbout);
    QAction *aboutQt = help->addAction(tr("About &Qt"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
    connect(aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createStatusBar()
{
    m_urlLabel = new QLabel;
    m_urlLabel->setObjectName(QStringLiteral("urlLabel"));
    m_urlLabel->setTextFormat(Qt::RichText);
    m_urlLabel->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    m_urlLabel->setContentsMargins(6, 0, 6, 0);
    connect(m_urlLabel, &QLabel::linkActivated, this,
            [](const QString &link) { QDesktopServices::openUrl(QUrl(link)); });
    m_modeLabel = statusLabel(QStringLiteral("modeLabel"));
    m_connectionsLabel = statusLabel(QStringLiteral("connectionsLabel"));
    m_sleepsLabel = statusLabel(QStringLiteral("sleepsLabel"));
    m_queuedLabel = statusLabel(QStringLiteral("queuedLabel"));
    m_rateLabel = statusLabel(QStringLiteral("rateLabel"));
    for (QLabel *label :
         {m_urlLabel, m_modeLabel, m_connectionsLabel, m_sleepsLabel, m_queuedLabel, m_rateLabel})
        statusBar()->addPermanentWidget(label);
}

void MainWindow::overrideConfig(const ServerConfig &config, const QStringList &setOptions)
{
    // No options on the command line: the remembered settings stand as they are (the
    // toolbar's applyConfig() takes an empty list as "all options").
    if (!setOptions.isEmpty())
        m_toolBar->applyConfig(config, setOptions);
    if (setOptions.contains(QStringLiteral("diagnostic-threshold-ms"))) {
        m_diagnosticThresholdMs = config.diagnosticThresholdMs;
        m_thresholdFromCommandLine = true;
    }
    if (setOptions.contains(QStringLiteral("memory-budget-mib")))
        m_memoryBudgetMib = config.memoryBudgetMib; // for this run; the window has no setting
    // Exposed to the network, whether by --bind or by a choice remembered from an earlier
    // run: say so at once, not only in the status bar's URL.
    if (ServerConfig::isAnyAddress(m_toolBar->config().bindAddress))
        statusBar()->showMessage(tr(
            "Listening on all interfaces: other computers on your network can reach the server."));
    refresh();
}

void MainWindow::startServer()
{
    if (!m_accessLogSettled) {
        // Not at construction: the command line's --access-log, applied after it, would
        // otherwise find the remembered file already opened (and created).
        m_accessLogSettled = true;
        if (!m_accessLog->isFromCommandLine())
            m_accessLog->restore(QSettings());
    }
    m_portSearch = PortSearch::None;
    m_portAttempts = 0;
    const ServerConfig config = m_toolBar->config();
    if (config.bindAddress.isNull()) {
        m_portBarText->setText(tr("\"%1\" is not an IP address. Use 127.0.0.1 to stay on this "
                                  "computer.")
                                   .arg(m_toolBar->bindAddressText()));
        m_nextPortButton->hide();
        m_anyPortButton->hide();
        m_portBar->show();
        return;
    }
    start(config);
}

void MainWindow::stopServer()
{
    m_portSearch = PortSearch::None;
    m_starting = false;
    m_server->stop();
    m_toolBar->setServerState(false, false);
    refresh();
}

void MainWindow::start(const ServerConfig &requested)
{
    ServerConfig config = requested;
    config.diagnosticThresholdMs = m_diagnosticThresholdMs;
    config.memoryBudgetMib = m_memoryBudgetMib;
    m_lastConfig = config;
    m_starting = true;
    m_toolBar->setServerState(false, true);
    statusBar()->showMessage(
        tr("Starting on %1 port %2…").arg(config.bindAddress.toString()).arg(config.port));
    m_server->start(config);
    refresh();
}

void MainWindow::startOnNextFreePort()
{
    m_portBar->hide();
    m_portSearch = PortSearch::NextPort;
    m_portAttempts = 1;
    ServerConfig config = m_lastConfig;
    m_firstFailedPort = config.port;
    config.port = quint16(config.port + 1);
    start(config);
}

void MainWindow::startOnAnyFreePort()
{
    m_portBar->hide();
    m_portSearch = PortSearch::AnyPort;
    m_firstFailedPort = m_lastConfig.port;
    ServerConfig config = m_lastConfig;
    config.port = 0;
    start(config);
}

void MainWindow::onStarted(const QUrl &url)
{
    m_logPanel->setServerUrl(url);
    m_starting = false;
    m_portBar->hide();
    m_toolBar->setServerState(true, false);
    if (m_portSearch != PortSearch::None) {
        // The user asked for another port: remember the one that worked.
        m_toolBar->setPort(m_server->port());
        statusBar()->showMessage(tr("Port %1 was in use; listening on port %2 instead.")
                                     .arg(m_firstFailedPort)
                                     .arg(m_server->port()),
                                 15000);
        m_portSearch = PortSearch::None;
    } else {
        statusBar()->showMessage(tr("Listening on %1").arg(url.toDisplayString()), 5000);
    }
    qCDebug(lcUi) << "listening on" << url.toDisplayString();
    refresh();
}

void MainWindow::onStartFailed(const QString &message)
{
    m_starting = false;
    if (m_portSearch == PortSearch::NextPort && m_lastConfig.port != 0) {
        ServerConfig config = m_lastConfig;
        if (m_portAttempts < maxPortAttempts && config.port < 65535) {
            ++m_portAttempts;
            config.port = quint16(config.port + 1);
        } else {
            config.port = 0; // a busy neighbourhood: let the system choose
        }
        start(config);
        return;
    }
    m_portSearch = PortSearch::None;
    m_toolBar->setServerState(false, false);
    statusBar()->showMessage(message);
    refresh();

    // The engine's message already names the address and port ("Cannot listen on
    // 127.0.0.1:7878: The bound address is already in use"); the bar makes it a sentence.
    const bool offerPorts = m_lastConfig.port != 0;
    m_portBarText->setText(
        offerPorts ? tr("%1. Another program may be using this port; ServeScope can try the next "
                        "free one.")
                         .arg(message)
                   : tr("%1.", "an error message ended as a sentence").arg(message));
    m_nextPortButton->setVisible(offerPorts);
    m_anyPortButton->setVisible(offerPorts);
    m_portBar->show();
    if (offerPorts)
        m_nextPortButton->setFocus(Qt::OtherFocusReason);
}

void MainWindow::onStopped()
{
    if (!m_starting)
        m_toolBar->setServerState(false, false);
    refresh();
}

void MainWindow::refresh()
{
    const bool listening = m_server->isRunning() && m_server->port() != 0;
    if (listening) {
        const QString url = m_server->url().toString();
        const bool everywhere = ServerConfig::isAnyAddress(m_server->config().bindAddress);
        QString text
            = QStringLiteral("<a href=\"%1\">%2</a>").arg(url.toHtmlEscaped(), url.toHtmlEscaped());
        if (everywhere)
            text += QLatin1Char(' ') + tr("(all interfaces)").toHtmlEscaped();
        m_urlLabel->setText(text);
        m_urlLabel->setToolTip(tr("Open %1 in your web browser").arg(url));
    } else {
        m_urlLabel->setText(m_starting ? tr("Starting…").toHtmlEscaped()
                                       : tr("Stopped").toHtmlEscaped());
        m_urlLabel->setToolTip(QString());
    }

    const ServerStats::Snapshot &stats = m_feed->stats();
    const QLocale locale;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    CounterLabel::setText(m_modeLabel, tr("Mode: %1").arg(MonitorText::modeName(m_server->mode())));
    CounterLabel::setText(m_connectionsLabel,
                          tr("Connections: %1").arg(locale.toString(stats.active)));
    CounterLabel::setText(m_sleepsLabel,
                          tr("Sleeping: %1").arg(locale.toString(stats.pendingSleeps)));
    CounterLabel::setText(m_queuedLabel,
                          tr("Queued: %1").arg(locale.toString(stats.queuedForWorker)));
    CounterLabel::setText(
        m_rateLabel,
        tr("%1 req/s").arg(locale.toString(m_feed->rates()->lastSecond(nowMs).requests)));

    m_logPanel->refresh();
    m_sleepsPanel->refresh(stats, m_server->mode());

    TrayIcon::Status trayStatus;
    if (listening)
        trayStatus.url = m_server->url();
    trayStatus.mode = m_server->mode();
    trayStatus.activeConnections = stats.active;
    trayStatus.pendingSleeps = stats.pendingSleeps;
    m_tray->setStatus(trayStatus);
}

void MainWindow::refreshDiagnostics()
{
    // A stopped server's last diagnostics stay on screen until dismissed or the next start.
    if (m_server->isRunning() && m_server->port() != 0)
        m_diagnosticsBar->setDiagnostics(m_server->diagnostics());
}

void MainWindow::setDiagnosticThresholdMs(int ms)
{
    m_diagnosticThresholdMs = ServerConfig::clampDiagnosticThresholdMs(ms);
    m_thresholdFromCommandLine = false;
    QSettings settings;
    settings.setValue(QStringLiteral("server/diagnosticThresholdMs"), m_diagnosticThresholdMs);
}

void MainWindow::askForDiagnosticThreshold()
{
    bool ok = false;
    const int ms = QInputDialog::getInt(
        this, tr("Diagnostic Threshold"),
        tr("A handler that holds a thread, or a request that waits, this long or longer is "
           "named in a diagnostic (milliseconds). Used from the next start of the server."),
        m_diagnosticThresholdMs, ServerConfig::minDiagnosticThresholdMs,
        ServerConfig::maxDiagnosticThresholdMs, 10, &ok);
    if (!ok)
        return;
    setDiagnosticThresholdMs(ms);
    if (m_server->isRunning())
        statusBar()->showMessage(
            tr("Diagnostic threshold %1 ms: restart the server (Shift+F5, F5) to use it.")
                .arg(QLocale().toString(m_diagnosticThresholdMs)),
            8000);
}

void MainWindow::askForAccessLog()
{
    const QString commandLinePath
        = m_accessLog->isFromCommandLine() ? m_accessLog->settings().path : QString();
    // What the user chose before, not this run's --access-log, is what the dialog edits.
    AccessLogController::Settings shown = m_accessLog->settings();
    if (m_accessLog->isFromCommandLine())
        shown = AccessLogController::load(QSettings());
    AccessLogDialog dialog(shown, commandLinePath, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const AccessLogController::Settings chosen = dialog.settings();
    if (!m_accessLog->apply(chosen))
        return; // failed() put the reason in the status bar
    m_accessLogSettled = true;
    statusBar()->showMessage(chosen.enabled ? tr("Writing the access log to %1.").arg(chosen.path)
                                            : tr("The access log is off."),
                             5000);
}

void MainWindow::updateAccessLogActions()
{
    if (!m_reopenAccessLogAction)
        return;
    const bool open = m_accessLog->isOpen();
    m_reopenAccessLogAction->setEnabled(open);
    m_reopenAccessLogAction->setStatusTip(
        open ? tr("Close and open %1 again, after it was moved (as SIGHUP does)")
                   .arg(m_accessLog->settings().path)
             : tr("No access log is being written"));
}

bool MainWindow::closesToTray() const
{
    return m_keepRunningInTray && m_tray->isVisible();
}

void MainWindow::setKeepRunningInTray(bool keep)
{
    m_keepRunningInTray = keep;
    if (m_keepInTrayAction->isChecked() != keep)
        m_keepInTrayAction->setChecked(keep);
    QSettings settings;
    settings.setValue(QStringLiteral("window/keepRunningInTray"), keep);
}

void MainWindow::quit()
{
    m_quitting = true;
    close();
    m_quitting = false; // a close the window refused (none today) leaves it as it was
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About ServeScope"),
        tr("<h3>ServeScope %1</h3><p>A small HTTP/1.1 server you can watch serve: three dispatch "
           "modes (sequential, concurrent, pooled), live connections, sleeps, a request log, "
           "charts and bursts.</p>")
            .arg(QStringLiteral(SERVESCOPE_VERSION)));
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    m_toolBar->restoreSettings(settings);
    m_diagnosticThresholdMs = ServerConfig::clampDiagnosticThresholdMs(
        settings
            .value(QStringLiteral("server/diagnosticThresholdMs"),
                   ServerConfig::defaultDiagnosticThresholdMs)
            .toInt());
    {
        const QSignalBlocker noSave(m_keepInTrayAction);
        m_keepRunningInTray
            = settings.value(QStringLiteral("window/keepRunningInTray"), false).toBool();
        m_keepInTrayAction->setChecked(m_keepRunningInTray);
    }
    settings.beginGroup(QStringLiteral("window"));
    if (!restoreGeometry(settings.value(QStringLiteral("geometry")).toByteArray())) {
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1600, 1000);
        resize(std::min(1500, available.width() * 9 / 10),
               std::min(950, available.height() * 9 / 10));
        // First run: charts and the log get room (later runs restore the user's splitters).
        const int height = this->height();
        m_splitters.constFirst()->setSizes({height * 3 / 10, height * 3 / 10, height * 4 / 10});
        // The live row shares the width in proportion to what each panel needs, so on a screen
        // wide enough no table starts with a horizontal scroll bar (at 200 % on a 2880-pixel
        // screen, even shares cut off the connections' age and the sleeps' countdown).
        const QList<int> natural
            = {naturalTableWidth(m_connectionsView), naturalTableWidth(m_sleepsPanel->view()),
               m_burstPanel->sizeHint().width()};
        const int total = natural.at(0) + natural.at(1) + natural.at(2);
        const int width = this->width();
        QList<int> sizes;
        for (int need : natural)
            sizes.append(width * need / std::max(1, total));
        m_splitters.at(1)->setSizes(sizes);
    }
    restoreState(settings.value(QStringLiteral("state")).toByteArray());
    for (QSplitter *splitter : std::as_const(m_splitters))
        splitter->restoreState(
            settings.value(QLatin1StringView("splitters/") + splitter->objectName()).toByteArray());
    for (QTableView *view : {m_connectionsView, m_sleepsPanel->view(), m_logPanel->view()}) {
        QHeaderView *header = view->horizontalHeader();
        header->restoreState(
            settings.value(QLatin1StringView("headers/") + header->objectName()).toByteArray());
    }
    settings.endGroup();
}

void MainWindow::saveServerSettings()
{
    QSettings settings;
    m_toolBar->saveSettings(settings);
}

void MainWindow::saveSettings()
{
    QSettings settings;
    m_toolBar->saveSettings(settings);
    settings.beginGroup(QStringLiteral("window"));
    settings.setValue(QStringLiteral("geometry"), saveGeometry());
    settings.setValue(QStringLiteral("state"), saveState());
    for (QSplitter *splitter : std::as_const(m_splitters))
        settings.setValue(QLatin1StringView("splitters/") + splitter->objectName(),
                          splitter->saveState());
    for (QTableView *view : {m_connectionsView, m_sleepsPanel->view(), m_logPanel->view()}) {
        QHeaderView *header = view->horizontalHeader();
        settings.setValue(QLatin1StringView("headers/") + header->objectName(),
                          header->saveState());
    }
    settings.endGroup();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveSettings();
    if (closesToTray() && !m_quitting) {
        event->ignore();
        hide();
        QSettings settings;
        const QString noticeKey = QStringLiteral("window/trayNoticeShown");
        if (!settings.value(noticeKey, false).toBool()) {
            settings.setValue(noticeKey, true);
            const QString text = tr("ServeScope keeps serving in the tray. Choose Quit in its "
                                    "menu to stop the server and end ServeScope.");
            if (!m_tray->showMessage(tr("Still running"), text))
                QMessageBox::information(nullptr, tr("Still running"), text);
        }
        return;
    }
    if (m_burstPanel->isRunning())
        m_burstPanel->cancel();
    event->accept();
    Q_EMIT closed();
}
