// The toolbar's controls, their run-time effect on the server, and their remembered settings
// and command-line precedence, which share the option table below. Slightly past ~450 lines.

#include "servertoolbar.h"

#include "monitortext.h"
#include "server.h"

#include <QtCore/QSettings>
#include <QtGui/QActionGroup>
#include <QtGui/QDesktopServices>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMessageBox>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QStyle>
#include <QtWidgets/QToolButton>

namespace {

const QString bindOption = QStringLiteral("bind");
const QString portOption = QStringLiteral("port");
const QString modeOption = QStringLiteral("mode");
const QString threadsOption = QStringLiteral("threads");
const QString sleepOption = QStringLiteral("sleep-ms");
const QString blockingOption = QStringLiteral("blocking-sleep");
const QString allowedHostOption = QStringLiteral("allowed-host");

QLabel *buddyLabel(const QString &text, QWidget *buddy)
{
    auto *label = new QLabel(text);
    label->setBuddy(buddy);
    label->setContentsMargins(6, 0, 2, 0);
    return label;
}

} // namespace

ServerToolBar::ServerToolBar(Server *server, QWidget *parent)
    : QToolBar(tr("Server"), parent)
    , m_server(server)
{
    setObjectName(QStringLiteral("serverToolBar"));
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    createActions();
    createWidgets();
    applyConfig(ServerConfig());
    m_fromCommandLine.clear();
    setServerState(false, false);

    // Changes made elsewhere (the command line, another caller) show up here too.
    connect(m_server, &Server::modeChanged, this, [this](DispatchMode mode) {
        m_updating = true;
        modeAction(mode)->setChecked(true);
        m_updating = false;
    });
    connect(m_server, &Server::threadCountChanged, this, [this](int threads) {
        m_updating = true;
        m_threads->setValue(threads);
        m_updating = false;
    });
    connect(m_server, &Server::sleepMsChanged, this, [this](int ms) {
        m_updating = true;
        m_sleepMs->setValue(ms);
        m_updating = false;
    });
    connect(m_server, &Server::blockingSleepChanged, this, [this](bool blocking) {
        m_updating = true;
        m_blockingSleep->setChecked(blocking);
        m_updating = false;
    });
}

ServerToolBar::~ServerToolBar() = default;

void ServerToolBar::createActions()
{
    m_start = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Start"), this);
    m_start->setObjectName(QStringLiteral("startAction"));
    m_start->setIconText(tr("Start"));
    m_start->setShortcut(QKeySequence(Qt::Key_F5));
    m_start->setToolTip(tr("Start the server (F5)"));
    m_start->setStatusTip(tr("Start listening with the address, port and settings shown"));
    connect(m_start, &QAction::triggered, this, &ServerToolBar::startRequested);

    m_stop = new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("S&top"), this);
    m_stop->setObjectName(QStringLiteral("stopAction"));
    m_stop->setIconText(tr("Stop"));
    m_stop->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_stop->setToolTip(tr("Stop the server (Shift+F5)"));
    m_stop->setStatusTip(tr("Stop accepting, cancel pending sleeps and close every connection"));
    connect(m_stop, &QAction::triggered, this, &ServerToolBar::stopRequested);

    m_allInterfaces = new QAction(tr("Listen on all &interfaces"), this);
    m_allInterfaces->setObjectName(QStringLiteral("allInterfacesAction"));
    m_allInterfaces->setCheckable(true);
    m_allInterfaces->setToolTip(tr("Make the server reachable from other computers on your network "
                                   "(takes effect at the next start)"));
    m_allInterfaces->setStatusTip(m_allInterfaces->toolTip());
    connect(m_allInterfaces, &QAction::toggled, this, &ServerToolBar::onAllInterfacesToggled);

    m_modeGroup = new QActionGroup(this);
    m_modeGroup->setExclusive(true);
    struct ModeText
    {
        DispatchMode mode;
        QString text;
        QString tip;
        Qt::Key key;
        QString buttonText;
    };
    const ModeText modes[] = {
        {DispatchMode::Sequential, tr("Se&quential"),
         tr("One request at a time on the server thread: a sleep holds up everyone behind it"),
         Qt::Key_1, tr("Sequential")},
        {DispatchMode::Concurrent, tr("&Concurrent"),
         tr("Every connection on the one server thread, event-driven: sleeps overlap, computing "
            "does not"),
         Qt::Key_2, tr("Concurrent")},
        {DispatchMode::Pooled, tr("&Pooled"),
         tr("Each request's handler runs on a thread-pool worker: computing runs in parallel"),
         Qt::Key_3, tr("Pooled")},
    };
    for (const ModeText &mode : modes) {
        auto *action = new QAction(mode.text, m_modeGroup);
        action->setObjectName(QLatin1StringView("modeAction_") + dispatchModeName(mode.mode));
        action->setCheckable(true);
        action->setData(int(mode.mode));
        action->setShortcut(QKeySequence(Qt::CTRL | mode.key));
        action->setIconText(mode.buttonText); // the toolbar shows no mnemonic
        action->setToolTip(mode.tip);
        action->setStatusTip(mode.tip);
    }
    connect(m_modeGroup, &QActionGroup::triggered, this, &ServerToolBar::onModeTriggered);
    // Checked alone is subtle in some styles and palettes: the chosen mode also reads bold.
    for (QAction *action : m_modeGroup->actions())
        connect(action, &QAction::toggled, this, &ServerToolBar::updateModeButtons);

    m_blockingSleep = new QAction(tr("Bloc&king sleep"), this);
    m_blockingSleep->setObjectName(QStringLiteral("blockingSleepAction"));
    m_blockingSleep->setCheckable(true);
    m_blockingSleep->setToolTip(
        tr("Make /sleep block the thread that handles it: the classic mistake, shown on purpose"));
    m_blockingSleep->setStatusTip(m_blockingSleep->toolTip());
    connect(m_blockingSleep, &QAction::toggled, this, &ServerToolBar::onBlockingSleepToggled);

    struct Route
    {
        QString path;
        QString text;
        Qt::Key key;
    };
    const Route routes[] = {
        {QStringLiteral("/"), tr("Open &/ in Browser"), Qt::Key_B},
        {QStringLiteral("/sleep"), tr("Open /&sleep in Browser"), Qt::Key_F6},
        {QStringLiteral("/compute"), tr("Open /c&ompute in Browser"), Qt::Key_F7},
    };
    for (const Route &route : routes) {
        auto *action = new QAction(route.text, this);
        action->setObjectName(QLatin1StringView("browserAction_") + route.path.mid(1));
        action->setShortcut(route.key == Qt::Key_B ? QKeySequence(Qt::CTRL | Qt::Key_B)
                                                   : QKeySequence(route.key));
        action->setStatusTip(
            tr("Open %1 of the running server in your web browser").arg(route.path));
        const QString path = route.path;
        connect(action, &QAction::triggered, this, [this, path] { openInBrowser(path); });
        m_browserActions.append(action);
    }
}

void ServerToolBar::createWidgets()
{
    addAction(m_start);
    addAction(m_stop);
    addSeparator();

    m_bindAddress = new QComboBox;
    m_bindAddress->setObjectName(QStringLiteral("bindAddress"));
    m_bindAddress->setEditable(true);
    m_bindAddress->addItems({QStringLiteral("127.0.0.1"), QStringLiteral("::1")});
    m_bindAddress->setInsertPolicy(QComboBox::NoInsert);
    m_bindAddress->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_bindAddress->setMinimumContentsLength(10);
    m_bindAddress->setToolTip(tr("The address to listen on; loopback keeps the server private"));
    connect(m_bindAddress, &QComboBox::currentTextChanged, this,
            [this] { userChanged(bindOption); });
    addWidget(buddyLabel(tr("A&ddress:"), m_bindAddress));
    addWidget(m_bindAddress);

    m_port = new QSpinBox;
    m_port->setObjectName(QStringLiteral("port"));
    m_port->setRange(0, 65535);
    m_port->setSpecialValueText(tr("any free"));
    m_port->setToolTip(tr("The TCP port to listen on; 0 lets the system pick a free one"));
    connect(m_port, &QSpinBox::valueChanged, this, [this] { userChanged(portOption); });
    addWidget(buddyLabel(tr("P&ort:"), m_port));
    addWidget(m_port);

    auto *allInterfaces = new QCheckBox(m_allInterfaces->text());
    allInterfaces->setObjectName(QStringLiteral("allInterfaces"));
    allInterfaces->setToolTip(m_allInterfaces->toolTip());
    allInterfaces->setStatusTip(m_allInterfaces->statusTip());
    connect(allInterfaces, &QCheckBox::toggled, m_allInterfaces, &QAction::setChecked);
    connect(m_allInterfaces, &QAction::toggled, allInterfaces, &QCheckBox::setChecked);
    connect(m_allInterfaces, &QAction::changed, allInterfaces,
            [this, allInterfaces] { allInterfaces->setEnabled(m_allInterfaces->isEnabled()); });
    addWidget(allInterfaces);
    addSeparator();

    addWidget(new QLabel(tr("Mode:")));
    for (QAction *action : m_modeGroup->actions()) {
        addAction(action);
        if (auto *button = qobject_cast<QToolButton *>(widgetForAction(action)))
            button->setAutoRaise(false); // reads as one segmented control
    }
    updateModeButtons();
    addSeparator();

    m_threads = new QSpinBox;
    m_threads->setObjectName(QStringLiteral("threads"));
    m_threads->setRange(1, ServerConfig::maxThreads);
    m_threads->setKeyboardTracking(false);
    m_threads->setToolTip(
        tr("How many pool workers run handlers in pooled mode (and blocking sleeps)"));
    connect(m_threads, &QSpinBox::valueChanged, this, &ServerToolBar::onThreadsChanged);
    addWidget(buddyLabel(tr("Pool si&ze:"), m_threads));
    addWidget(m_threads);

    m_sleepMs = new QSpinBox;
    m_sleepMs->setObjectName(QStringLiteral("sleepMs"));
    m_sleepMs->setRange(0, ServerConfig::maxSleepMs);
    m_sleepMs->setSingleStep(500);
    m_sleepMs->setSuffix(tr(" ms"));
    m_sleepMs->setKeyboardTracking(false);
    m_sleepMs->setToolTip(tr("How long /sleep waits when the request has no ?ms="));
    connect(m_sleepMs, &QSpinBox::valueChanged, this, &ServerToolBar::onSleepChanged);
    addWidget(buddyLabel(tr("Sl&eep:"), m_sleepMs));
    addWidget(m_sleepMs);

    m_blockingSleepBox = new QCheckBox(m_blockingSleep->text());
    m_blockingSleepBox->setObjectName(QStringLiteral("blockingSleep"));
    m_blockingSleepBox->setToolTip(m_blockingSleep->toolTip());
    m_blockingSleepBox->setStatusTip(m_blockingSleep->statusTip());
    connect(m_blockingSleepBox, &QCheckBox::toggled, m_blockingSleep, &QAction::setChecked);
    connect(m_blockingSleep, &QAction::toggled, m_blockingSleepBox, &QCheckBox::setChecked);
    addWidget(m_blockingSleepBox);
    addSeparator();

    m_browserMenu = new QMenu(tr("Open in &Browser"), this);
    m_browserMenu->addActions(m_browserActions);
    auto *browserButton = new QToolButton;
    browserButton->setObjectName(QStringLiteral("openInBrowser"));
    browserButton->setText(tr("Open in Browser"));
    browserButton->setToolTip(tr("Open a page of the running server in your web browser"));
    browserButton->setMenu(m_browserMenu);
    browserButton->setPopupMode(QToolButton::InstantPopup);
    browserButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    addWidget(browserButton);
}

QAction *ServerToolBar::modeAction(DispatchMode mode) const
{
    const QList<QAction *> actions = m_modeGroup->actions();
    for (QAction *action : actions) {
        if (action->data().toInt() == int(mode))
            return action;
    }
    return actions.constLast();
}

QList<QAction *> ServerToolBar::modeActions() const
{
    return m_modeGroup->actions();
}

ServerConfig ServerToolBar::config() const
{
    ServerConfig config;
    config.bindAddress = m_allInterfaces->isChecked()
        ? QHostAddress(QHostAddress::Any)
        : QHostAddress(m_bindAddress->currentText().trimmed());
    config.port = quint16(m_port->value());
    if (const QAction *checked = m_modeGroup->checkedAction())
        config.mode = DispatchMode(checked->data().toInt());
    config.threads = m_threads->value();
    config.sleepMs = m_sleepMs->value();
    config.blockingSleep = m_blockingSleep->isChecked();
    config.allowedHosts = m_allowedHosts;
    return config;
}

void ServerToolBar::applyConfig(const ServerConfig &config, const QStringList &options)
{
    const auto wanted = [&options](const QString &option) {
        return options.isEmpty() || options.contains(option);
    };
    m_updating = true;
    if (wanted(bindOption)) {
        const bool any = ServerConfig::isAnyAddress(config.bindAddress);
        m_allInterfaces->setChecked(any);
        if (!any)
            m_bindAddress->setCurrentText(config.bindAddress.toString());
    }
    if (wanted(portOption))
        m_port->setValue(config.port);
    if (wanted(modeOption))
        modeAction(config.mode)->setChecked(true);
    if (wanted(threadsOption))
        m_threads->setValue(config.threads);
    if (wanted(sleepOption))
        m_sleepMs->setValue(config.sleepMs);
    if (wanted(blockingOption))
        m_blockingSleep->setChecked(config.blockingSleep);
    if (wanted(allowedHostOption))
        m_allowedHosts = config.allowedHosts; // used from the next start on
    m_updating = false;
    for (const QString &option : options)
        m_fromCommandLine.insert(option);
    updateBindControls();

    // The running server follows at once (before a start this just primes its settings).
    const ServerConfig shown = this->config();
    if (m_server->mode() != shown.mode)
        m_server->setMode(shown.mode);
    if (m_server->threadCount() != shown.threads)
        m_server->setThreadCount(shown.threads);
    if (m_server->sleepMs() != shown.sleepMs)
        m_server->setSleepMs(shown.sleepMs);
    if (m_server->isBlockingSleep() != shown.blockingSleep)
        m_server->setBlockingSleep(shown.blockingSleep);
}

void ServerToolBar::setPort(quint16 port)
{
    m_port->setValue(port); // as if the user typed it: remembered
}

QString ServerToolBar::bindAddressText() const
{
    return m_bindAddress->currentText().trimmed();
}

void ServerToolBar::restoreSettings(QSettings &settings)
{
    ServerConfig config;
    settings.beginGroup(QStringLiteral("server"));
    const QString address = settings.value(QStringLiteral("bindAddress")).toString();
    if (!address.isEmpty() && !QHostAddress(address).isNull())
        config.bindAddress = QHostAddress(address);
    if (settings.value(QStringLiteral("allInterfaces"), false).toBool())
        config.bindAddress = QHostAddress(QHostAddress::Any);
    config.port = quint16(settings.value(QStringLiteral("port"), config.port).toUInt());
    config.mode = dispatchModeFromName(settings.value(QStringLiteral("mode")).toString())
                      .value_or(config.mode);
    config.threads = settings.value(QStringLiteral("threads"), config.threads).toInt();
    config.sleepMs = settings.value(QStringLiteral("sleepMs"), config.sleepMs).toInt();
    config.clampSettings();
    config.blockingSleep = settings.value(QStringLiteral("blockingSleep"), false).toBool();
    config.allowedHosts = settings.value(QStringLiteral("allowedHosts")).toStringList();
    settings.endGroup();
    if (!address.isEmpty() && !QHostAddress(address).isNull())
        m_bindAddress->setCurrentText(address); // remembered even while "all interfaces" is on
    applyConfig(config);
    m_fromCommandLine.clear();
}

void ServerToolBar::saveSettings(QSettings &settings) const
{
    const ServerConfig config = this->config();
    settings.beginGroup(QStringLiteral("server"));
    if (!m_fromCommandLine.contains(bindOption)) {
        settings.setValue(QStringLiteral("bindAddress"), m_bindAddress->currentText().trimmed());
        settings.setValue(QStringLiteral("allInterfaces"), m_allInterfaces->isChecked());
    }
    if (!m_fromCommandLine.contains(portOption))
        settings.setValue(QStringLiteral("port"), config.port);
    if (!m_fromCommandLine.contains(modeOption))
        settings.setValue(QStringLiteral("mode"), QString(dispatchModeName(config.mode)));
    if (!m_fromCommandLine.contains(threadsOption))
        settings.setValue(QStringLiteral("threads"), config.threads);
    if (!m_fromCommandLine.contains(sleepOption))
        settings.setValue(QStringLiteral("sleepMs"), config.sleepMs);
    if (!m_fromCommandLine.contains(blockingOption))
        settings.setValue(QStringLiteral("blockingSleep"), config.blockingSleep);
    if (!m_fromCommandLine.contains(allowedHostOption))
        settings.setValue(QStringLiteral("allowedHosts"), config.allowedHosts);
    settings.endGroup();
}

void ServerToolBar::setServerState(bool running, bool starting)
{
    m_running = running || starting;
    m_start->setEnabled(!m_running);
    m_stop->setEnabled(running && !starting);
    for (QAction *action : std::as_const(m_browserActions))
        action->setEnabled(running && !starting);
    m_allInterfaces->setEnabled(!m_running);
    m_port->setEnabled(!m_running);
    updateBindControls();
    const QString locked = tr("Stop the server to change the address or port");
    m_port->setToolTip(
        m_running ? locked : tr("The TCP port to listen on; 0 lets the system pick a free one"));
}

void ServerToolBar::updateModeButtons()
{
    for (QAction *action : m_modeGroup->actions()) {
        if (QWidget *button = widgetForAction(action)) {
            QFont font = button->font();
            font.setBold(action->isChecked());
            button->setFont(font);
        }
    }
}

void ServerToolBar::updateBindControls()
{
    m_bindAddress->setEnabled(!m_running && !m_allInterfaces->isChecked());
}

void ServerToolBar::onAllInterfacesToggled(bool checked)
{
    updateBindControls();
    if (m_updating)
        return;
    if (!checked) {
        userChanged(bindOption);
        return;
    }
    // An explicit opt-in: say what it means before it takes effect.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Listen on All Interfaces?"),
                                tr("The server will be reachable from other computers on your "
                                   "network, and anyone who can reach it can make it sleep or "
                                   "compute. Use this only on a network you trust."),
                                QMessageBox::NoButton, window());
    box->setObjectName(QStringLiteral("allInterfacesWarning"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *listen = box->addButton(tr("Listen on All Interfaces"), QMessageBox::AcceptRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(QMessageBox::Cancel);
    box->setWindowModality(Qt::WindowModal);
    connect(box, &QMessageBox::finished, this, [this, box, listen] {
        if (box->clickedButton() == static_cast<QAbstractButton *>(listen)) {
            userChanged(bindOption);
        } else {
            m_updating = true;
            m_allInterfaces->setChecked(false);
            m_updating = false;
            updateBindControls();
        }
    });
    box->open();
}

void ServerToolBar::onModeTriggered(QAction *action)
{
    const auto mode = DispatchMode(action->data().toInt());
    if (m_server->mode() != mode)
        m_server->setMode(mode);
    if (!m_updating)
        userChanged(modeOption);
}

void ServerToolBar::onThreadsChanged(int threads)
{
    if (m_updating)
        return;
    m_server->setThreadCount(threads);
    userChanged(threadsOption);
}

void ServerToolBar::onSleepChanged(int ms)
{
    if (m_updating)
        return;
    m_server->setSleepMs(ms);
    userChanged(sleepOption);
}

void ServerToolBar::onBlockingSleepToggled(bool blocking)
{
    if (m_updating)
        return;
    m_server->setBlockingSleep(blocking);
    userChanged(blockingOption);
}

void ServerToolBar::openInBrowser(const QString &path)
{
    if (!m_server->isRunning())
        return;
    QUrl url = m_server->url(); // a loopback address even for a wildcard bind
    url.setPath(path);
    QDesktopServices::openUrl(url);
}

void ServerToolBar::userChanged(const QString &option)
{
    if (m_updating)
        return;
    m_fromCommandLine.remove(option);
    Q_EMIT settingsChanged();
}
