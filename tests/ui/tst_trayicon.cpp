#include "guitestmain.h"
#include "trayicon.h"

#include <QtCore/QLocale>
#include <QtGui/QAction>
#include <QtTest/QTest>
#include <QtWidgets/QMenu>
#include <QtWidgets/QWidget>

using namespace Qt::StringLiterals;

/*!
    The tray icon: the tooltip says the URL, the mode, the connections and the sleeps; the
    menu holds Show/Hide, Start, Stop, Open in Browser and Quit, the window's own actions;
    Show/Hide follows the window. The offscreen platform has no tray, so nothing is shown.
*/
class TestTrayIcon : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void toolTip_data();
    void toolTip();
    void menuHoldsTheWindowsActions();
    void showHideFollowsTheWindow();
    void nothingShowsWithoutATray();
};

void TestTrayIcon::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestTrayIcon::toolTip_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::addColumn<DispatchMode>("mode");
    QTest::addColumn<qint64>("active");
    QTest::addColumn<qint64>("sleeps");
    QTest::addColumn<QString>("expected");
    QTest::newRow("listening")
        << QUrl(u"http://127.0.0.1:7878/"_s) << DispatchMode::Pooled << qint64(12) << qint64(3)
        << u"ServeScope\nhttp://127.0.0.1:7878/\nMode: Pooled\nConnections: 12\nSleeping: 3"_s;
    QTest::newRow("stopped")
        << QUrl() << DispatchMode::Sequential << qint64(0) << qint64(0)
        << u"ServeScope\nStopped\nMode: Sequential\nConnections: 0\nSleeping: 0"_s;
    QTest::newRow("thousands")
        << QUrl(u"http://[::1]:8080/"_s) << DispatchMode::Concurrent << qint64(10000)
        << qint64(2500)
        << u"ServeScope\nhttp://[::1]:8080/\nMode: Concurrent\nConnections: 10,000\nSleeping: 2,500"_s;
}

void TestTrayIcon::toolTip()
{
    QFETCH(QUrl, url);
    QFETCH(DispatchMode, mode);
    QFETCH(qint64, active);
    QFETCH(qint64, sleeps);
    QFETCH(QString, expected);
    QWidget window;
    QAction start(u"Start"_s), stop(u"Stop"_s), quit(u"Quit"_s);
    TrayIcon tray(&window, &start, &stop, {}, &quit);
    tray.setStatus({url, mode, active, sleeps});
    QCOMPARE(tray.toolTip(), expected);
    QCOMPARE(TrayIcon::toolTipText({url, mode, active, sleeps}), expected);
}

void TestTrayIcon::menuHoldsTheWindowsActions()
{
    QWidget window;
    QAction start(u"Start"_s), stop(u"Stop"_s), quit(u"Quit"_s);
    QAction openRoot(u"Open /"_s), openSleep(u"Open /sleep"_s);
    TrayIcon tray(&window, &start, &stop, {&openRoot, &openSleep}, &quit);
    QList<QAction *> items;
    for (QAction *action : tray.menu()->actions()) {
        if (!action->isSeparator())
            items.append(action);
    }
    QCOMPARE(items.size(), 5);
    QCOMPARE(items.at(0), tray.showHideAction());
    QCOMPARE(items.at(1), &start);
    QCOMPARE(items.at(2), &stop);
    QMenu *browser = items.at(3)->menu();
    QVERIFY(browser);
    QCOMPARE(browser->actions(), (QList<QAction *> {&openRoot, &openSleep}));
    QCOMPARE(items.at(4), &quit);
    // The window's own actions: disabling one in the toolbar disables it here.
    stop.setEnabled(false);
    QVERIFY(!items.at(2)->isEnabled());
}

void TestTrayIcon::showHideFollowsTheWindow()
{
    QWidget window;
    QAction start, stop, quit;
    TrayIcon tray(&window, &start, &stop, {}, &quit);
    QCOMPARE(tray.showHideAction()->text(), u"&Show ServeScope"_s);
    tray.showHideAction()->trigger();
    QVERIFY(window.isVisible());
    QCOMPARE(tray.showHideAction()->text(), u"&Hide ServeScope"_s);
    tray.showHideAction()->trigger();
    QVERIFY(!window.isVisible());
    // Shown by another path: the text is right when the menu opens.
    window.show();
    Q_EMIT tray.menu()->aboutToShow();
    QCOMPARE(tray.showHideAction()->text(), u"&Hide ServeScope"_s);
    window.showMinimized();
    tray.toggleWindow(); // a minimized window comes back rather than hiding
    QVERIFY(window.isVisible());
    QVERIFY(!window.isMinimized());
}

void TestTrayIcon::nothingShowsWithoutATray()
{
    QVERIFY(!TrayIcon::isSystemTrayAvailable()); // offscreen
    QWidget window;
    QAction start, stop, quit;
    TrayIcon tray(&window, &start, &stop, {}, &quit);
    tray.setVisible(true);
    QVERIFY(!tray.isVisible());
    QVERIFY(!tray.showMessage(u"title"_s, u"text"_s));
}

SERVESCOPE_GUI_TEST_MAIN(TestTrayIcon)
#include "tst_trayicon.moc"
