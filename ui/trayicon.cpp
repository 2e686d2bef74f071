#include "trayicon.h"

#include "monitortext.h"

#include <QtCore/QLocale>
#include <QtGui/QIcon>
#include <QtWidgets/QMenu>
#include <QtWidgets/QSystemTrayIcon>
#include <QtWidgets/QWidget>

TrayIcon::TrayIcon(QWidget *window, QAction *start, QAction *stop,
                   const QList<QAction *> &openInBrowser, QAction *quit, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_menu(new QMenu)
    , m_showHide(new QAction(this))
    , m_icon(new QSystemTrayIcon(this))
{
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    m_showHide->setObjectName(QStringLiteral("trayShowHideAction"));
    m_menu->addAction(m_showHide);
    m_menu->addSeparator();
    m_menu->addAction(start);
    m_menu->addAction(stop);
    QMenu *browser = m_menu->addMenu(tr("Open in &Browser"));
    browser->setObjectName(QStringLiteral("trayBrowserMenu"));
    browser->addActions(openInBrowser);
    m_menu->addSeparator();
    m_menu->addAction(quit);
    updateShowHideText();

    connect(m_showHide, &QAction::triggered, this, &TrayIcon::toggleWindow);
    // The text is read when the menu opens: the window may have been hidden by any path.
    connect(m_menu, &QMenu::aboutToShow, this, &TrayIcon::updateShowHideText);
    connect(m_icon, &QSystemTrayIcon::activated, this,
            [this](QSystemTrayIcon::ActivationReason reason) {
                if (reason == QSystemTrayIcon::Trigger || reason == QSystemTrayIcon::DoubleClick)
                    toggleWindow();
            });
    m_icon->setIcon(QIcon(QStringLiteral(":/icons/servescope.png"))); // no SVG plugin needed
    m_icon->setContextMenu(m_menu);
    setStatus({});
}

TrayIcon::~TrayIcon()
{
    // QSystemTrayIcon does not own its context menu.
    delete m_menu;
}

bool TrayIcon::isSystemTrayAvailable()
{
    return QSystemTrayIcon::isSystemTrayAvailable();
}

QString TrayIcon::toolTipText(const Status &status)
{
    const QLocale locale;
    QStringList lines;
    lines.append(tr("ServeScope"));
    lines.append(status.url.isEmpty() ? tr("Stopped") : status.url.toDisplayString());
    lines.append(tr("Mode: %1").arg(MonitorText::modeName(status.mode)));
    lines.append(tr("Connections: %1").arg(locale.toString(status.activeConnections)));
    lines.append(tr("Sleeping: %1").arg(locale.toString(status.pendingSleeps)));
    return lines.join(QLatin1Char('\n'));
}

void TrayIcon::setStatus(const Status &status)
{
    const QString text = toolTipText(status);
    if (text == m_toolTip)
        return; // the window refreshes up to 30 times a second; the tray needs no such rate
    m_toolTip = text;
    m_icon->setToolTip(text);
}

QString TrayIcon::toolTip() const
{
    return m_toolTip;
}

void TrayIcon::setVisible(bool visible)
{
    m_icon->setVisible(visible && isSystemTrayAvailable());
}

bool TrayIcon::isVisible() const
{
    return m_icon->isVisible();
}

bool TrayIcon::showMessage(const QString &title, const QString &message)
{
    if (!m_icon->isVisible() || !QSystemTrayIcon::supportsMessages())
        return false;
    m_icon->showMessage(title, message, QSystemTrayIcon::Information, 8000);
    return true;
}

void TrayIcon::toggleWindow()
{
    if (m_window->isVisible() && !m_window->isMinimized()) {
        m_window->hide();
    } else {
        // Only a hidden or minimized window gets here: mapping it puts it on top already.
        m_window->showNormal();
        m_window->activateWindow();
    }
    updateShowHideText();
}

void TrayIcon::updateShowHideText()
{
    const bool shown = m_window->isVisible() && !m_window->isMinimized();
    m_showHide->setText(shown ? tr("&Hide ServeScope") : tr("&Show ServeScope"));
}
