#pragma once

#include "dispatchmode.h"
#include "serverconfig.h"

#include <QtCore/QSet>
#include <QtCore/QString>
#include <QtWidgets/QToolBar>

class QAction;
class QActionGroup;
class QCheckBox;
class QComboBox;
class QMenu;
class QSettings;
class QSpinBox;
class Server;

/*!
    The server's controls: Start/Stop, bind address and port, the dispatch mode as a three-way
    segmented choice, pool size, sleep duration, blocking sleep and "Open in browser".
    Mode, pool size, sleep and blocking sleep apply to the running Server at once through its
    setters; address and port apply at the next start (they are locked while it runs).
*/
class ServerToolBar : public QToolBar
{
    Q_OBJECT

public:
    explicit ServerToolBar(Server *server, QWidget *parent = nullptr);
    ~ServerToolBar() override;

    /*! The configuration the controls describe (what Start uses). */
    ServerConfig config() const;
    /*!
        Shows \a config in the controls for the options named in \a options ("bind", "port",
        "mode", "threads", "sleep-ms", "blocking-sleep"); an empty list means all of them.
        Options set this way are not written to the settings until the user changes them.
    */
    void applyConfig(const ServerConfig &config, const QStringList &options = {});
    /*! Sets the port shown (e.g. the free port a retry found); the user's choice from now on. */
    void setPort(quint16 port);
    /*! The bind address as typed (may be invalid; config() then holds a null address). */
    QString bindAddressText() const;

    void restoreSettings(QSettings &settings);
    void saveSettings(QSettings &settings) const;

    /*! Locks address and port while the server runs and flips Start/Stop. */
    void setServerState(bool running, bool starting);

    QAction *startAction() const { return m_start; }
    QAction *stopAction() const { return m_stop; }
    QAction *allInterfacesAction() const { return m_allInterfaces; }
    QAction *blockingSleepAction() const { return m_blockingSleep; }
    QAction *modeAction(DispatchMode mode) const;
    QList<QAction *> modeActions() const;
    /*! "Open in browser" for /, /sleep and /compute. */
    QList<QAction *> browserActions() const { return m_browserActions; }

Q_SIGNALS:
    void startRequested();
    void stopRequested();
    /*! The user changed a setting worth remembering. */
    void settingsChanged();

private:
    void createActions();
    void createWidgets();
    void onAllInterfacesToggled(bool checked);
    void onModeTriggered(QAction *action);
    void onThreadsChanged(int threads);
    void onSleepChanged(int ms);
    void onBlockingSleepToggled(bool blocking);
    void openInBrowser(const QString &path);
    void userChanged(const QString &option);
    void updateBindControls();
    void updateModeButtons();

    Server *m_server = nullptr;
    QAction *m_start = nullptr;
    QAction *m_stop = nullptr;
    QAction *m_allInterfaces = nullptr;
    QAction *m_blockingSleep = nullptr;
    QActionGroup *m_modeGroup = nullptr;
    QList<QAction *> m_browserActions;
    QComboBox *m_bindAddress = nullptr;
    QSpinBox *m_port = nullptr;
    QSpinBox *m_threads = nullptr;
    QSpinBox *m_sleepMs = nullptr;
    QCheckBox *m_blockingSleepBox = nullptr;
    QMenu *m_browserMenu = nullptr;
    QSet<QString> m_fromCommandLine; // options not to save until the user changes them
    QStringList m_allowedHosts; // names served besides loopback ones (ServerConfig::allowedHosts)
    bool m_running = false;
    bool m_updating = false; // controls being set by code, not by the user
};
