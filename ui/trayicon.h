#pragma once

#include "dispatchmode.h"

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QUrl>

class QAction;
class QMenu;
class QSystemTrayIcon;
class QWidget;

/*!
    The icon in the desktop's system tray, where there is one: its tooltip tells the URL, the
    mode, the active connections and the pending sleeps; its menu shows or hides the window,
    starts or stops the server, opens the page and quits. The menu's server actions are the
    window's own, so they are enabled exactly as in the toolbar.
*/
class TrayIcon : public QObject
{
    Q_OBJECT

public:
    struct Status
    {
        QUrl url; //!< empty while stopped
        DispatchMode mode = DispatchMode::Concurrent;
        qint64 activeConnections = 0;
        qint64 pendingSleeps = 0;
    };

    /*! \a window is what Show/Hide shows and hides. Nothing is shown until setVisible(true). */
    TrayIcon(QWidget *window, QAction *start, QAction *stop, const QList<QAction *> &openInBrowser,
             QAction *quit, QObject *parent = nullptr);
    ~TrayIcon() override;

    /*! Whether the desktop has a system tray now (QSystemTrayIcon::isSystemTrayAvailable). */
    static bool isSystemTrayAvailable();
    /*! The tooltip for \a status, one fact per line. */
    static QString toolTipText(const Status &status);

    void setStatus(const Status &status);
    QString toolTip() const;
    /*! Shows the icon when \a visible and the desktop has a tray. */
    void setVisible(bool visible);
    bool isVisible() const;
    QMenu *menu() const { return m_menu; }
    QAction *showHideAction() const { return m_showHide; }

    /*! A balloon message near the icon, or false when the tray cannot show one. */
    bool showMessage(const QString &title, const QString &message);

    /*! Shows and raises the window when hidden or minimized, hides it otherwise. */
    void toggleWindow();

private:
    void updateShowHideText();

    QWidget *m_window;
    QMenu *m_menu;
    QAction *m_showHide;
    QSystemTrayIcon *m_icon;
    QString m_toolTip;
};
