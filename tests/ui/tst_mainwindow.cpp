#include "accesslogcontroller.h"
#include "burstpanel.h"
#include "connectionsmodel.h"
#include "diagnosticsbar.h"
#include "guitestmain.h"
#include "httptestclient.h"
#include "mainwindow.h"
#include "monitorfeed.h"
#include "pendingsleepsmodel.h"
#include "pendingsleepspanel.h"
#include "requestlogfiltermodel.h"
#include "requestlogmodel.h"
#include "requestlogpanel.h"
#include "requestselection.h"
#include "server.h"
#include "servertoolbar.h"
#include "testevents.h"
#include "timelinewidget.h"
#include "trayicon.h"
#include "waterfallwidget.h"

#include <QtCore/QDateTime>
#include <QtCore/QFile>
#include <QtCore/QScopeGuard>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtGui/QAction>
#include <QtNetwork/QTcpServer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QAbstractButton>
#include <QtWidgets/QApplication>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QMenu>
#include <QtWidgets/QMenuBar>
#include <QtWidgets/QPushButton>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QSpinBox>
#include <QtWidgets/QStyle>
#include <QtWidgets/QTableView>
#include <QtWidgets/QTableWidget>

#include <cstdlib>
#include <memory>
#include <vector>

namespace {

const QStringList allOptions
    = {QStringLiteral("bind"),    QStringLiteral("port"),     QStringLiteral("mode"),
       QStringLiteral("threads"), QStringLiteral("sleep-ms"), QStringLiteral("blocking-sleep")};

// A dark palette as a desktop's dark theme hands it to Qt (Breeze Dark's main colours).
QPalette darkPalette()
{
    QPalette palette;
    palette.setColor(QPalette::Window, QColor(0x2a, 0x2e, 0x32));
    palette.setColor(QPalette::WindowText, QColor(0xfc, 0xfc, 0xfc));
    palette.setColor(QPalette::Base, QColor(0x1b, 0x1e, 0x20));
    palette.setColor(QPalette::AlternateBase, QColor(0x23, 0x26, 0x29));
    palette.setColor(QPalette::Text, QColor(0xfc, 0xfc, 0xfc));
    palette.setColor(QPalette::Button, QColor(0x31, 0x36, 0x3b));
    palette.setColor(QPalette::ButtonText, QColor(0xfc, 0xfc, 0xfc));
    palette.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    palette.setColor(QPalette::HighlightedText, QColor(0xfc, 0xfc, 0xfc));
    palette.setColor(QPalette::ToolTipBase, QColor(0x31, 0x36, 0x3b));
    palette.setColor(QPalette::ToolTipText, QColor(0xfc, 0xfc, 0xfc));
    palette.setColor(QPalette::Link, QColor(0x1d, 0x99, 0xf3));
    palette.setColor(QPalette::PlaceholderText, QColor(0xa1, 0xa9, 0xb1));
    return palette;
}

// Pixels of \a image within \a tolerance (per channel) of \a color.
int pixelsNear(const QImage &image, const QColor &color, int tolerance)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (std::abs(pixel.red() - color.red()) <= tolerance
                && std::abs(pixel.green() - color.green()) <= tolerance
                && std::abs(pixel.blue() - color.blue()) <= tolerance)
                ++count;
        }
    }
    return count;
}

int findLogRow(const RequestLogModel *log, const QByteArray &target)
{
    for (int row = 0; row < log->rowCount(); ++row) {
        if (log->entry(row).target == target)
            return row;
    }
    return -1;
}

} // namespace

/*!
    The window over a real server on port 0: requests sent over loopback sockets show up in the
    models and views; mode switches, sleeps, bursts and a taken port behave as a person expects.
*/
class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void requestsShowInLogAndConnections();
    void modeSwitchWhileSleepInFlight();
    void pendingSleepShownAndCleared();
    void disconnectCancelsSleepRow();
    void burstPanelComparesModes();
    void followNewestStopsWhenUserScrollsUp();
    void portInUseOffersNextFreePort();
    void settingsRememberUserChoicesNotCommandLine();
    void stopAndStartAgain();
    void followsLightAndDarkPalettes_data();
    void followsLightAndDarkPalettes();
    void logSizeIsChosenAndRemembered();
    void noOptionsKeepRememberedSettings();
    void timelineZoomFromViewMenu();
    void experimentsMenu();
    void closingMidExperimentSavesTheUsersSettings();
    void exportShortcutsWork_data();
    void exportShortcutsWork();
    void queueWordsFollowTheMode_data();
    void queueWordsFollowTheMode();
    void selectionIsLinkedAcrossViews();
    void diagnosticNamesTheMistakeAndShowsItsRequests();
    void accessLogIsRememberedAndOpensAtStart();
    void commandLineAccessLogWinsForTheRun();
    void quitClosesForGoodEvenWhenKeptInTray();

private:
    void startWindow(DispatchMode mode, const QStringList &options = allOptions);

    QTemporaryDir m_settingsDir;
    std::unique_ptr<Server> m_server;
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("ServeScopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestMainWindow::init()
{
    QSettings().clear();
    m_server = std::make_unique<Server>();
    m_window = std::make_unique<MainWindow>(m_server.get());
}

void TestMainWindow::cleanup()
{
    m_window.reset();
    m_server.reset();
}

void TestMainWindow::startWindow(DispatchMode mode, const QStringList &options)
{
    ServerConfig config;
    config.bindAddress = QHostAddress(QHostAddress::LocalHost);
    config.port = 0;
    config.mode = mode;
    config.threads = 2;
    config.sleepMs = 300;
    m_window->overrideConfig(config, options);
    QSignalSpy started(m_server.get(), &Server::started);
    m_window->startServer();
    QVERIFY(started.wait(10000));
    QVERIFY(m_server->port() != 0);
    QCOMPARE(m_server->mode(), mode);
    QVERIFY(!m_window->serverToolBar()->startAction()->isEnabled());
    QVERIFY(m_window->serverToolBar()->stopAction()->isEnabled());
    const auto *url = m_window->findChild<QLabel *>(QStringLiteral("urlLabel"));
    QVERIFY(url);
    QVERIFY2(url->text().contains(QString::number(m_server->port())), qPrintable(url->text()));
}

void TestMainWindow::requestsShowInLogAndConnections()
{
    startWindow(DispatchMode::Concurrent);
    const quint16 port = m_server->port();
    RequestLogModel *log = m_window->feed()->requestLog();
    ConnectionsModel *connections = m_window->feed()->connections();

    // A keep-alive connection stays open: it must show as a live connection.
    HttpTestClient keepAlive(port);
    keepAlive.get("/");
    QTRY_VERIFY_WITH_TIMEOUT(keepAlive.responseCount() == 1, 10000);
    QCOMPARE(keepAlive.last().status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(connections->openCount(), 1, 10000);
    const int row = connections->rowOf(1);
    QVERIFY(row >= 0);
    QCOMPARE(connections->index(row, ConnectionsModel::PeerColumn).data().toString().left(9),
             QStringLiteral("127.0.0.1"));
    QCOMPARE(m_window->connectionsView()->model()->rowCount(), connections->rowCount());

    HttpTestClient missing(port);
    missing.get("/no-such-page", HttpTestClient::connectionClose);
    HttpTestClient other(port);
    other.get("/?from=test", HttpTestClient::connectionClose);
    QTRY_VERIFY_WITH_TIMEOUT(missing.responseCount() == 1 && other.responseCount() == 1, 10000);
    QCOMPARE(missing.last().status, 404);

    QTRY_COMPARE_WITH_TIMEOUT(log->totalCount(), qint64(3), 10000);
    const int missingRow = findLogRow(log, "/no-such-page");
    QVERIFY(missingRow >= 0);
    QCOMPARE(log->index(missingRow, RequestLogModel::StatusColumn)
                 .data(RequestLogModel::StatusRole)
                 .toInt(),
             404);
    QCOMPARE(log->entry(missingRow).method, QByteArray("GET"));

    // The view shows the log through the filter; the filters narrow it as a person types.
    QAbstractItemModel *shown = m_window->requestLogPanel()->view()->model();
    QTRY_COMPARE(shown->rowCount(), 3);
    auto *filter = m_window->findChild<QLineEdit *>(QStringLiteral("logFilter"));
    QVERIFY(filter);
    QTest::keyClicks(filter, QStringLiteral("no-such"));
    QTRY_COMPARE(shown->rowCount(), 1); // once typing pauses (RequestLogPanel::filterDelayMs)
    filter->clear();
    QTRY_COMPARE(shown->rowCount(), 3);
    auto *ok = m_window->findChild<QAbstractButton *>(QStringLiteral("status2xx"));
    QVERIFY(ok);
    ok->click();
    QCOMPARE(shown->rowCount(), 1); // only the 404 is left
    ok->click();
    QCOMPARE(shown->rowCount(), 3);

    // The status bar counts the open connection; closing it takes it away after its linger.
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->findChild<QLabel *>(QStringLiteral("connectionsLabel"))->text().contains(u'1'),
        10000);
    keepAlive.abort();
    QTRY_COMPARE_WITH_TIMEOUT(connections->openCount(), 0, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(connections->rowCount(), 0, 15000);
}

void TestMainWindow::modeSwitchWhileSleepInFlight()
{
    startWindow(DispatchMode::Sequential);
    HttpTestClient sleeper(m_server->port());
    sleeper.get("/sleep?ms=1500", HttpTestClient::connectionClose);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->feed()->pendingSleeps()->rowCount(), 1, 10000);

    // The person clicks "Pooled" while the sleep is in flight.
    QAction *pooled = m_window->serverToolBar()->modeAction(DispatchMode::Pooled);
    QSignalSpy modeChanged(m_server.get(), &Server::modeChanged);
    pooled->trigger();
    QCOMPARE(m_server->mode(), DispatchMode::Pooled);
    QCOMPARE(modeChanged.size(), 1);
    QVERIFY(pooled->isChecked());
    QVERIFY(m_window->findChild<QLabel *>(QStringLiteral("modeLabel"))
                ->text()
                .contains(pooled->text().remove(u'&')));

    // Nothing is lost: the sleep completes, and a new request runs in the new mode.
    QTRY_VERIFY_WITH_TIMEOUT(sleeper.responseCount() == 1, 15000);
    QCOMPARE(sleeper.last().status, 200);
    HttpTestClient after(m_server->port());
    after.get("/after-switch", HttpTestClient::connectionClose);
    QTRY_VERIFY_WITH_TIMEOUT(after.responseCount() == 1, 10000);
    RequestLogModel *log = m_window->feed()->requestLog();
    QTRY_COMPARE_WITH_TIMEOUT(log->totalCount(), qint64(2), 10000);
    const int sleepRow = findLogRow(log, "/sleep?ms=1500");
    QVERIFY(sleepRow >= 0);
    QCOMPARE(log->entry(sleepRow).status, 200);
    const int afterRow = findLogRow(log, "/after-switch");
    QVERIFY(afterRow >= 0);
    QCOMPARE(log->entry(afterRow).mode, DispatchMode::Pooled);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->feed()->pendingSleeps()->rowCount(), 0, 10000);
}

void TestMainWindow::pendingSleepShownAndCleared()
{
    startWindow(DispatchMode::Concurrent);
    PendingSleepsModel *sleeps = m_window->feed()->pendingSleeps();
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    HttpTestClient sleeper(m_server->port());
    sleeper.get("/sleep?ms=1200", HttpTestClient::connectionClose);
    QTRY_COMPARE_WITH_TIMEOUT(sleeps->rowCount(), 1, 10000);
    const QModelIndex target = sleeps->index(0, PendingSleepsModel::TargetColumn);
    QVERIFY(target.data().toString().contains(QStringLiteral("/sleep")));
    const qint64 deadline = target.data(PendingSleepsModel::DeadlineMsRole).toLongLong();
    QVERIFY(deadline >= before + 1000);
    QVERIFY(deadline <= QDateTime::currentMSecsSinceEpoch() + 1300);

    // The view shows it, with a progress bar that moves on its own (the feed's one timer).
    QCOMPARE(m_window->pendingSleepsPanel()->view()->model()->rowCount(), 1);
    const QModelIndex remaining = sleeps->index(0, PendingSleepsModel::RemainingColumn);
    QTRY_VERIFY_WITH_TIMEOUT(remaining.data(PendingSleepsModel::ProgressRole).toDouble() > 0.1,
                             5000);
    QVERIFY(remaining.data(PendingSleepsModel::ProgressRole).toDouble() <= 1.0);
    QTRY_VERIFY_WITH_TIMEOUT(
        m_window->findChild<QLabel *>(QStringLiteral("sleepsLabel"))->text().contains(u'1'), 5000);

    QTRY_VERIFY_WITH_TIMEOUT(sleeper.responseCount() == 1, 10000);
    QCOMPARE(sleeper.last().status, 200);
    QTRY_COMPARE_WITH_TIMEOUT(sleeps->rowCount(), 0, 10000);
}

void TestMainWindow::disconnectCancelsSleepRow()
{
    startWindow(DispatchMode::Concurrent);
    PendingSleepsModel *sleeps = m_window->feed()->pendingSleeps();
    HttpTestClient sleeper(m_server->port());
    sleeper.get("/sleep?ms=20000", HttpTestClient::connectionClose);
    QTRY_COMPARE_WITH_TIMEOUT(sleeps->rowCount(), 1, 10000);
    sleeper.abort(); // the client gives up: the row goes at once, long before the deadline
    QTRY_COMPARE_WITH_TIMEOUT(sleeps->rowCount(), 0, 5000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->feed()->stats().pendingSleeps, qint64(0), 5000);
}

void TestMainWindow::burstPanelComparesModes()
{
    startWindow(DispatchMode::Concurrent);
    BurstPanel *burst = m_window->burstPanel();
    QVERIFY(burst->runAction()->isEnabled());
    burst->setCount(6);
    burst->setRoute(QStringLiteral("/sleep"));
    burst->setDurationMs(200);
    burst->setConcurrency(6);

    QSignalSpy finished(burst, &BurstPanel::burstFinished);
    burst->runAction()->trigger();
    QVERIFY(burst->isRunning());
    QVERIFY(finished.wait(30000));
    const BurstRunner::Result concurrent = burst->lastResult();
    QCOMPARE(concurrent.requested, 6);
    QCOMPARE(concurrent.succeeded, 6);
    QCOMPARE(concurrent.failed, 0);
    QVERIFY(concurrent.wallUs >= 200 * 1000);
    QVERIFY(concurrent.p50Us >= 200 * 1000);

    // The same burst in sequential mode: one sleep after the other, at least 6 × 200 ms.
    m_window->serverToolBar()->modeAction(DispatchMode::Sequential)->trigger();
    QCOMPARE(m_server->mode(), DispatchMode::Sequential);
    burst->runAction()->trigger();
    QVERIFY(finished.wait(30000));
    const BurstRunner::Result sequential = burst->lastResult();
    QCOMPARE(sequential.succeeded, 6);
    QVERIFY2(sequential.wallUs >= 6 * 200 * 1000, qPrintable(QString::number(sequential.wallUs)));
    QVERIFY2(concurrent.wallUs < sequential.wallUs,
             qPrintable(QStringLiteral("%1 vs %2").arg(concurrent.wallUs).arg(sequential.wallUs)));

    // Both results sit side by side in one row of the table.
    QTableWidget *table = burst->resultsTable();
    QCOMPARE(table->rowCount(), 1);
    QVERIFY(!table->item(0, BurstPanel::ConcurrentColumn)->text().isEmpty());
    QVERIFY(!table->item(0, BurstPanel::SequentialColumn)->text().isEmpty());
    QVERIFY(table->item(0, BurstPanel::PooledColumn)->text().isEmpty());
    QCOMPARE(table->item(0, BurstPanel::SequentialColumn)->data(Qt::UserRole).toLongLong(),
             sequential.wallUs);
    // The label says it all in its tooltip, however narrow the column is.
    QCOMPARE(table->item(0, BurstPanel::BurstColumn)->toolTip(),
             table->item(0, BurstPanel::BurstColumn)->text());
    // Room for six kinds of burst without scrolling.
    QVERIFY(table->height() >= table->horizontalHeader()->height()
                + 6 * table->verticalHeader()->defaultSectionSize());
    const QString line = burst->comparisonText(0);
    QVERIFY2(line.startsWith(QStringLiteral("6 × /sleep")), qPrintable(line));
    QVERIFY2(line.contains(QStringLiteral("Sequential"))
                 && line.contains(QStringLiteral("Concurrent")),
             qPrintable(line));

    // And the server saw every request: the log has all twelve.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->feed()->requestLog()->totalCount(), qint64(12), 10000);

    // The waterfall shows the last burst as its client saw it, each beside the server's own
    // row: in Sequential mode the client waited longer than the server handled (it queued).
    WaterfallWidget *waterfall = m_window->waterfall();
    QCOMPARE(waterfall->clientSpans().size(), 6);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->feed()->timeline()->requestCount(), 12, 10000);
    const TimelineData *timeline = m_window->feed()->timeline();
    int matched = 0;
    qint64 longestClientUs = 0;
    for (int row = 0; row < timeline->requestCount(); ++row) {
        const TimelineData::Request &request = timeline->requestAt(row);
        const WaterfallWidget::ClientSpan *client = waterfall->clientSpanOf(request);
        if (!client)
            continue;
        ++matched;
        QVERIFY(request.mode == DispatchMode::Sequential);
        QVERIFY2(client->startUs <= request.phases.arrivedUs
                     && request.phases.doneUs <= client->endUs + 2000,
                 "the server's part lies inside the client's wait");
        longestClientUs = std::max(longestClientUs, client->endUs - client->startUs);
    }
    QCOMPARE(matched, 6);
    QVERIFY2(longestClientUs >= 5 * 200 * 1000, qPrintable(QString::number(longestClientUs)));
}

void TestMainWindow::followNewestStopsWhenUserScrollsUp()
{
    // Laid out without being shown: the offscreen platform warns about size hints for a shown
    // window, and warnings are fatal here. Rendering lays the hidden window out.
    m_window->resize(1200, 800);
    m_window->grab();
    RequestLogPanel *panel = m_window->requestLogPanel();
    QVERIFY(panel->isFollowing());

    // Far more rows than fit: synthetic finished requests, applied as one batch.
    ServerEventBatch batch;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (int i = 0; i < 300; ++i) {
        ServerEvent event
            = TestEvents::requestFinished(quint64(i + 1), quint64(i + 1), now + i, 200, 100);
        event.method = "GET";
        event.target = "/row/" + QByteArray::number(i);
        event.peer = QStringLiteral("127.0.0.1");
        batch.append(event);
    }
    m_window->feed()->applyBatch(batch);
    m_window->grab();
    QScrollBar *bar = panel->view()->verticalScrollBar();
    QTRY_VERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum()); // following: the newest row is in view

    bar->triggerAction(QAbstractSlider::SliderToMinimum); // the user scrolls up to read
    QVERIFY(!panel->isFollowing());
    m_window->feed()->applyBatch(batch); // more traffic does not drag the view down
    QCoreApplication::sendPostedEvents();
    QCOMPARE(bar->value(), bar->minimum());

    panel->followAction()->trigger(); // and following again goes back to the newest
    QVERIFY(panel->isFollowing());
    m_window->grab();
    QTRY_COMPARE(bar->value(), bar->maximum());
}

void TestMainWindow::portInUseOffersNextFreePort()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress(QHostAddress::LocalHost), 0));
    const quint16 taken = blocker.serverPort();

    ServerConfig config;
    config.bindAddress = QHostAddress(QHostAddress::LocalHost);
    config.port = taken;
    config.mode = DispatchMode::Concurrent;
    m_window->overrideConfig(config, allOptions);
    QSignalSpy failed(m_server.get(), &Server::startFailed);
    m_window->startServer();
    QVERIFY(failed.wait(10000));
    QTRY_VERIFY(!m_window->portInUseBar()->isHidden());
    const auto *notice = m_window->findChild<QLabel *>(QStringLiteral("portInUseText"));
    QVERIFY(notice);
    QVERIFY2(notice->text().contains(QString::number(taken)), qPrintable(notice->text()));
    QVERIFY(m_window->serverToolBar()->startAction()->isEnabled());

    // "Use the next free port": the window asks the server for taken+1, taken+2, ...
    QSignalSpy started(m_server.get(), &Server::started);
    auto *next = m_window->findChild<QAbstractButton *>(QStringLiteral("nextFreePort"));
    QVERIFY(next);
    next->click();
    QVERIFY(m_window->portInUseBar()->isHidden());
    QVERIFY(started.wait(20000));
    QVERIFY(m_server->port() != taken);
    QCOMPARE(m_window->serverToolBar()->config().port, m_server->port());

    HttpTestClient client(m_server->port());
    client.get("/", HttpTestClient::connectionClose);
    QTRY_VERIFY_WITH_TIMEOUT(client.responseCount() == 1, 10000);
    QCOMPARE(client.last().status, 200);
}

void TestMainWindow::settingsRememberUserChoicesNotCommandLine()
{
    ServerConfig config;
    config.port = 0;
    config.mode = DispatchMode::Sequential;
    m_window->overrideConfig(config, {QStringLiteral("port"), QStringLiteral("mode")});
    auto *threads = m_window->findChild<QSpinBox *>(QStringLiteral("threads"));
    QVERIFY(threads);
    threads->setValue(3); // the user's own change
    QCOMPARE(m_server->threadCount(), 3);
    m_window->close();

    QSettings settings;
    QCOMPARE(settings.value(QStringLiteral("server/threads")).toInt(), 3);
    QVERIFY(!settings.contains(QStringLiteral("server/port"))); // --port 0 is not remembered
    QVERIFY(!settings.contains(QStringLiteral("server/mode")));
    QVERIFY(settings.contains(QStringLiteral("window/geometry")));

    // A new window starts from what was remembered.
    m_window.reset();
    m_server = std::make_unique<Server>();
    m_window = std::make_unique<MainWindow>(m_server.get());
    QCOMPARE(m_window->serverToolBar()->config().threads, 3);
    QCOMPARE(m_server->threadCount(), 3);
    QCOMPARE(m_window->serverToolBar()->config().port, quint16(7878));
}

void TestMainWindow::stopAndStartAgain()
{
    startWindow(DispatchMode::Pooled);
    QSignalSpy stopped(m_server.get(), &Server::stopped);
    m_window->serverToolBar()->stopAction()->trigger();
    QVERIFY(stopped.wait(10000));
    QVERIFY(m_window->serverToolBar()->startAction()->isEnabled());
    QVERIFY(!m_window->burstPanel()->runAction()->isEnabled());

    QSignalSpy started(m_server.get(), &Server::started);
    m_window->serverToolBar()->startAction()->trigger();
    QVERIFY(started.wait(10000));
    HttpTestClient client(m_server->port());
    client.get("/", HttpTestClient::connectionClose);
    QTRY_VERIFY_WITH_TIMEOUT(client.responseCount() == 1, 10000);
    QCOMPARE(client.last().status, 200);
}

void TestMainWindow::followsLightAndDarkPalettes_data()
{
    QTest::addColumn<bool>("dark");
    QTest::newRow("light") << false;
    QTest::newRow("dark") << true;
}

void TestMainWindow::followsLightAndDarkPalettes()
{
    // The painted panels (charts, timeline) and the tables take every colour but the series'
    // from the palette: in a dark theme they are dark with light text, not white islands.
    QFETCH(bool, dark);
    const QPalette original = QApplication::palette();
    const auto restore = qScopeGuard([&original] { QApplication::setPalette(original); });
    const QPalette palette = dark ? darkPalette() : QApplication::style()->standardPalette();
    QApplication::setPalette(palette);

    startWindow(DispatchMode::Pooled);
    HttpTestClient page(m_server->port());
    page.get("/", HttpTestClient::connectionClose);
    HttpTestClient missing(m_server->port());
    missing.get("/missing", HttpTestClient::connectionClose);
    HttpTestClient sleeping(m_server->port());
    sleeping.get("/sleep?ms=3000", HttpTestClient::connectionClose);
    QTRY_VERIFY_WITH_TIMEOUT(page.responseCount() == 1 && missing.responseCount() == 1, 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->feed()->requestLog()->totalCount(), qint64(2), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->feed()->pendingSleeps()->rowCount(), 1, 10000);
    // Rendered as shown, but never shown: the offscreen plugin warns about size hints it cannot
    // pass on when a window is shown, and warnings are fatal here.
    m_window->resize(1400, 900);
    QVERIFY(!m_window->grab().isNull()); // lays the hidden window out

    const QColor base = palette.color(QPalette::Base);
    const QColor text = palette.color(QPalette::Text);
    const QList<QWidget *> painted = {
        m_window->findChild<QWidget *>(QStringLiteral("rateChart")),
        m_window->findChild<QWidget *>(QStringLiteral("timeline")),
        m_window->connectionsView()->viewport(),
        m_window->requestLogPanel()->view()->viewport(),
    };
    for (QWidget *widget : painted) {
        QVERIFY(widget);
        const QImage image = widget->grab().toImage().convertToFormat(QImage::Format_RGB32);
        const int all = image.width() * image.height();
        QVERIFY2(all > 10000, qPrintable(widget->objectName()));
        const QByteArray what = widget->objectName().toLatin1() + (dark ? " (dark)" : " (light)");
        // Mostly the palette's base, with text drawn in the palette's text colour.
        const int background = pixelsNear(image, base, 12);
        QVERIFY2(background > all / 2,
                 QByteArray(what + ": " + QByteArray::number(background) + " of "
                            + QByteArray::number(all)));
        QVERIFY2(pixelsNear(image, text, 40) > 20, what);
        // On average as light or dark as the base (text and bars are small; a hard-coded white
        // or black area is not).
        qint64 lightness = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x)
                lightness += qGray(image.pixel(x, y));
        }
        const int mean = int(lightness / all);
        QVERIFY2(std::abs(mean - qGray(base.rgb())) < 25,
                 QByteArray(what + ": mean lightness " + QByteArray::number(mean) + ", base "
                            + QByteArray::number(qGray(base.rgb()))));
    }
}

void TestMainWindow::logSizeIsChosenAndRemembered()
{
    RequestLogPanel *panel = m_window->requestLogPanel();
    RequestLogModel *log = m_window->feed()->requestLog();
    QCOMPARE(log->capacity(), RequestLogModel::defaultCapacity);
    // Reachable from the Log menu, as every action is.
    QAction *action = panel->capacityAction();
    QVERIFY(action->isEnabled());
    bool inMenu = false;
    for (QAction *menu : m_window->menuBar()->actions())
        inMenu = inMenu || (menu->menu() && menu->menu()->actions().contains(action));
    QVERIFY(inMenu);

    startWindow(DispatchMode::Concurrent);
    std::vector<std::unique_ptr<HttpTestClient>> clients;
    for (int i = 0; i < 150; ++i) {
        clients.push_back(std::make_unique<HttpTestClient>(m_server->port()));
        clients.back()->get("/?n=" + QByteArray::number(i), HttpTestClient::connectionClose);
    }
    QTRY_COMPARE_WITH_TIMEOUT(log->totalCount(), qint64(150), 20000);
    QCOMPARE(log->rowCount(), 150);

    // Smaller than what is kept: the oldest leave, the newest stay, the total goes on counting.
    panel->setCapacity(120);
    QCOMPARE(log->capacity(), 120);
    QCOMPARE(log->rowCount(), 120);
    QCOMPARE(log->totalCount(), qint64(150));
    QCOMPARE(panel->view()->model()->rowCount(), 120);
    const auto *counts = panel->findChild<QLabel *>(QStringLiteral("logCounts"));
    QVERIFY(counts);
    QVERIFY2(counts->text().contains(QStringLiteral("120")), qPrintable(counts->text()));

    // Out-of-range choices are clamped, and the choice outlives the window.
    panel->setCapacity(5);
    QCOMPARE(log->capacity(), int(RequestLogPanel::minimumCapacity));
    panel->setCapacity(10'000'000);
    QCOMPARE(log->capacity(), int(RequestLogPanel::maximumCapacity));
    panel->setCapacity(2500);
    m_window.reset();
    m_server.reset();
    m_server = std::make_unique<Server>();
    m_window = std::make_unique<MainWindow>(m_server.get());
    QCOMPARE(m_window->feed()->requestLog()->capacity(), 2500);
}

void TestMainWindow::noOptionsKeepRememberedSettings()
{
    // What the window saved last time...
    {
        QSettings settings;
        settings.beginGroup(QStringLiteral("server"));
        settings.setValue(QStringLiteral("port"), 9999);
        settings.setValue(QStringLiteral("mode"), QStringLiteral("sequential"));
        settings.setValue(QStringLiteral("threads"), 7);
        settings.setValue(QStringLiteral("sleepMs"), 1234);
        settings.setValue(QStringLiteral("blockingSleep"), true);
    }
    m_window.reset();
    m_window = std::make_unique<MainWindow>(m_server.get());
    // ...stands when servescope starts without options (as GuiRunner calls it).
    m_window->overrideConfig(ServerConfig(), {});
    const ServerConfig shown = m_window->serverToolBar()->config();
    QCOMPARE(shown.port, quint16(9999));
    QCOMPARE(shown.mode, DispatchMode::Sequential);
    QCOMPARE(shown.threads, 7);
    QCOMPARE(shown.sleepMs, 1234);
    QVERIFY(shown.blockingSleep);
    QCOMPARE(m_server->mode(), DispatchMode::Sequential);
    m_window->close();
    QSettings settings;
    QCOMPARE(settings.value(QStringLiteral("server/port")).toInt(), 9999);
    QCOMPARE(settings.value(QStringLiteral("server/threads")).toInt(), 7);
}

void TestMainWindow::exportShortcutsWork_data()
{
    QTest::addColumn<QString>("objectName");
    QTest::addColumn<QKeySequence>("keys");
    QTest::newRow("CSV") << QStringLiteral("exportCsvAction") << QKeySequence(Qt::CTRL | Qt::Key_S);
    QTest::newRow("JSON") << QStringLiteral("exportJsonAction")
                          << QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S);
    QTest::newRow("trace") << QStringLiteral("exportTraceAction")
                           << QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T);
}

void TestMainWindow::exportShortcutsWork()
{
    // The keys the tooltip and the README promise, on every desktop (QKeySequence::SaveAs is
    // empty on a plain X11 one), shown in the File menu and used by no other action.
    QFETCH(QString, objectName);
    QFETCH(QKeySequence, keys);
    auto *action = m_window->findChild<QAction *>(objectName);
    QVERIFY(action);
    QCOMPARE(action->shortcut(), keys);
    bool inMenu = false;
    for (QAction *menu : m_window->menuBar()->actions())
        inMenu = inMenu || (menu->menu() && menu->menu()->actions().contains(action));
    QVERIFY(inMenu);
    for (QAction *other : m_window->findChildren<QAction *>()) {
        if (other != action)
            QVERIFY2(other->shortcut() != keys, qPrintable(other->text()));
    }
}

void TestMainWindow::queueWordsFollowTheMode_data()
{
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("words");
    QTest::newRow("sequential") << int(DispatchMode::Sequential)
                                << QStringLiteral("waiting for their turn: 3");
    QTest::newRow("pooled") << int(DispatchMode::Pooled)
                            << QStringLiteral("queued for a worker: 3");
}

void TestMainWindow::queueWordsFollowTheMode()
{
    // Sequential mode has no workers: its waiting requests wait for their turn.
    QFETCH(int, mode);
    QFETCH(QString, words);
    auto *panel = m_window->findChild<PendingSleepsPanel *>();
    QVERIFY(panel);
    ServerStats::Snapshot stats;
    stats.queuedForWorker = 3;
    panel->refresh(stats, DispatchMode(mode));
    auto *summary = panel->findChild<QLabel *>(QStringLiteral("queuedForWorker"));
    QVERIFY(summary);
    QVERIFY2(summary->text().endsWith(words), qPrintable(summary->text()));
    QCOMPARE(summary->text().contains(QLatin1StringView("worker")),
             DispatchMode(mode) != DispatchMode::Sequential);
}

void TestMainWindow::timelineZoomFromViewMenu()
{
    // Every action reachable from the keyboard: the timeline's zoom is in the View menu (next
    // to the toolbar's toggle), with shortcuts no other action of the window uses.
    TimelineWidget *timeline = m_window->timeline();
    QVERIFY(timeline);
    const QList<QAction *> zoom {timeline->zoomInAction(), timeline->zoomOutAction(),
                                 timeline->resetZoomAction()};
    QMenu *viewMenu = nullptr;
    for (QAction *menu : m_window->menuBar()->actions()) {
        if (menu->menu()
            && menu->menu()->actions().contains(m_window->serverToolBar()->toggleViewAction()))
            viewMenu = menu->menu();
    }
    QVERIFY(viewMenu);
    for (QAction *action : zoom) {
        QVERIFY2(viewMenu->actions().contains(action), qPrintable(action->text()));
        QVERIFY(!action->shortcut().isEmpty());
        for (QAction *other : m_window->findChildren<QAction *>()) {
            if (other != action && !other->shortcut().isEmpty())
                QVERIFY2(other->shortcut() != action->shortcut(), qPrintable(other->text()));
        }
    }

    // Chosen from the menu (or by their shortcuts), they zoom the timeline.
    QCOMPARE(timeline->visibleMs(), TimelineWidget::defaultVisibleMs);
    zoom[0]->trigger();
    QCOMPARE(timeline->visibleMs(), TimelineWidget::defaultVisibleMs / 2);
    zoom[1]->trigger();
    zoom[1]->trigger();
    QCOMPARE(timeline->visibleMs(), TimelineWidget::defaultVisibleMs * 2);
    zoom[2]->trigger();
    QCOMPARE(timeline->visibleMs(), TimelineWidget::defaultVisibleMs);
}

void TestMainWindow::selectionIsLinkedAcrossViews()
{
    // Laid out without being shown (see followNewestStopsWhenUserScrollsUp).
    m_window->resize(1400, 900);
    m_window->grab();
    startWindow(DispatchMode::Concurrent);
    const quint16 port = m_server->port();
    std::vector<std::unique_ptr<HttpTestClient>> clients;
    for (int i = 0; i < 5; ++i) {
        clients.push_back(std::make_unique<HttpTestClient>(port));
        clients.back()->get("/?n=" + QByteArray::number(i), HttpTestClient::connectionClose);
    }
    RequestLogModel *log = m_window->feed()->requestLog();
    QTRY_COMPARE_WITH_TIMEOUT(log->totalCount(), qint64(5), 10000);
    QTRY_COMPARE_WITH_TIMEOUT(m_window->feed()->timeline()->requestCount(), 5, 10000);
    m_window->grab();

    // A row picked in the log is the selection of every view.
    QTableView *view = m_window->requestLogPanel()->view();
    const int logRow = findLogRow(log, "/?n=2");
    QVERIFY(logRow >= 0);
    const quint64 picked = log->entry(logRow).requestId;
    const QModelIndex shown
        = m_window->requestLogPanel()->filterModel()->mapFromSource(log->index(logRow, 0));
    view->selectionModel()->setCurrentIndex(
        shown, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    QCOMPARE(m_window->selection()->ids(), QList<quint64> {picked});
    m_window->grab();
    QVERIFY2(m_window->timeline()->outlinedRequests().contains(picked),
             "the timeline outlines the request picked in the log");
    const int waterfallRow = m_window->feed()->timeline()->indexOf(picked);
    QVERIFY(m_window->waterfall()->rowRect(waterfallRow).isValid());

    // A row picked in the waterfall selects its row in the log.
    WaterfallWidget *waterfall = m_window->waterfall();
    const int otherRow = waterfallRow == 0 ? 1 : 0;
    const quint64 other = m_window->feed()->timeline()->requestAt(otherRow).requestId;
    const QPoint at = waterfall->rowRect(otherRow).center();
    QMouseEvent press(QEvent::MouseButtonPress, at, waterfall->viewport()->mapToGlobal(at),
                      Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(waterfall->viewport(), &press);
    QCOMPARE(m_window->selection()->current(), other);
    const QModelIndexList rows = view->selectionModel()->selectedRows();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().data(RequestLogModel::RequestIdRole).toULongLong(), other);
    m_window->grab();
    QCOMPARE(m_window->timeline()->outlinedRequests(), QList<quint64> {other});

    // A group (as a diagnostic picks it) selects all its rows.
    QList<quint64> all;
    for (int row = 0; row < log->rowCount(); ++row)
        all.append(log->entry(row).requestId);
    m_window->selection()->selectAll(all);
    QCOMPARE(view->selectionModel()->selectedRows().size(), 5);
    m_window->grab();
    QCOMPARE(m_window->timeline()->outlinedRequests().size(), 5);
}

void TestMainWindow::experimentsMenu()
{
    // The burst panel's experiments, one click each, from their own menu.
    const QList<QAction *> experiments = m_window->burstPanel()->experimentActions();
    QVERIFY(experiments.size() >= 4);
    QMenu *menu = nullptr;
    for (QAction *action : m_window->menuBar()->actions()) {
        if (action->menu() && action->text() == QStringLiteral("&Experiments"))
            menu = action->menu();
    }
    QVERIFY(menu);
    QCOMPARE(menu->actions(), experiments);
    // Each has its own mnemonic, and runs only while the server listens.
    QSet<QChar> mnemonics;
    for (QAction *action : experiments) {
        if (action->isSeparator())
            continue;
        const qsizetype amp = action->text().indexOf(QLatin1Char('&'));
        QVERIFY2(amp >= 0, qPrintable(action->text()));
        mnemonics.insert(action->text().at(amp + 1).toLower());
        QVERIFY(!action->isEnabled());
    }
    QCOMPARE(mnemonics.size(), experiments.size() - 1);
    startWindow(DispatchMode::Pooled);
    QVERIFY(m_window->burstPanel()->experimentAction(ExperimentRunner::Kind::CpuWork)->isEnabled());
}

void TestMainWindow::closingMidExperimentSavesTheUsersSettings()
{
    // Blocking sleep is not given on the command line, so the window saves it as it closes.
    startWindow(DispatchMode::Pooled,
                {QStringLiteral("bind"), QStringLiteral("port"), QStringLiteral("mode")});
    QVERIFY(!m_server->isBlockingSleep());
    ExperimentRunner *runner = m_window->burstPanel()->experimentRunner();
    ExperimentRunner::Experiment experiment
        = runner->experiment(ExperimentRunner::Kind::BlockingInExecutor);
    experiment.durationMs = 5000; // still running when the window closes
    runner->setExperiment(experiment);
    m_window->burstPanel()->experimentAction(ExperimentRunner::Kind::BlockingInExecutor)->trigger();
    QVERIFY(runner->isRunning());
    QVERIFY(m_server->isBlockingSleep());
    QVERIFY(m_window->close());
    QVERIFY(!m_server->isBlockingSleep());
    QCOMPARE(m_server->mode(), DispatchMode::Pooled);
    QSettings settings;
    QCOMPARE(settings.value(QStringLiteral("server/blockingSleep")).toBool(), false);
    QVERIFY(settings.contains(QStringLiteral("server/blockingSleep")));
}

void TestMainWindow::diagnosticNamesTheMistakeAndShowsItsRequests()
{
    m_window->resize(1400, 900);
    m_window->grab();
    startWindow(DispatchMode::Concurrent);
    m_server->setBlockingSleep(true);
    // Four blocking sleeps at once on the single server thread: three wait behind the first.
    const quint16 port = m_server->port();
    std::vector<std::unique_ptr<HttpTestClient>> clients;
    for (int i = 0; i < 4; ++i) {
        clients.push_back(std::make_unique<HttpTestClient>(port));
        clients.back()->get("/sleep?ms=300", HttpTestClient::connectionClose);
    }
    DiagnosticsBar *bar = m_window->diagnosticsBar();
    QTRY_VERIFY_WITH_TIMEOUT(!bar->diagnostics().isEmpty(), 15000);
    QVERIFY(!bar->isHidden());
    const Diagnostic d = bar->diagnostics().constFirst();
    QCOMPARE(d.kind, Diagnostic::Kind::ServerThreadBlocked);
    QTRY_COMPARE_WITH_TIMEOUT(bar->diagnostics().constFirst().count, qint64(3), 10000);
    const QString text = bar->text(0);
    QVERIFY2(text.contains(QStringLiteral("3 requests waited up to")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("× GET /sleep?ms=300")), qPrintable(text));

    // "Show the requests" selects them in every view.
    QTRY_COMPARE_WITH_TIMEOUT(m_window->feed()->requestLog()->totalCount(), qint64(4), 10000);
    const QList<quint64> ids = bar->diagnostics().constFirst().requestIds;
    QCOMPARE(ids.size(), 4);
    bar->showRequests(0);
    QCOMPARE(m_window->selection()->ids(), ids);
    QCOMPARE(m_window->requestLogPanel()->view()->selectionModel()->selectedRows().size(), 4);
    m_window->grab();
    QCOMPARE(m_window->timeline()->outlinedRequests().size(), 4);

    // Dismissed, it is gone from the server too, until it happens again.
    bar->findChild<QPushButton *>(QStringLiteral("dismissDiagnostics"))->click();
    QVERIFY(m_server->diagnostics().isEmpty());
    QVERIFY(bar->isHidden());
}
void TestMainWindow::accessLogIsRememberedAndOpensAtStart()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("access.log"));
    {
        QSettings settings;
        AccessLogController::save(settings, {true, path, AccessLog::Format::Combined});
    }
    m_window.reset();
    m_window = std::make_unique<MainWindow>(m_server.get());
    auto *reopen = m_window->findChild<QAction *>(QStringLiteral("reopenAccessLogAction"));
    QVERIFY(reopen);
    QVERIFY(!reopen->isEnabled());
    QVERIFY(!QFile::exists(path)); // not before the server starts
    startWindow(DispatchMode::Concurrent);
    QVERIFY(m_window->accessLog()->isOpen());
    QVERIFY(reopen->isEnabled());
    const QByteArray response = HttpTestClient::exchange(
        m_server->port(), HttpTestClient::request("GET", "/", HttpTestClient::connectionClose));
    QVERIFY(response.startsWith("HTTP/1.1 200"));
    const auto contents = [&path] {
        QFile file(path);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    };
    QTRY_VERIFY_WITH_TIMEOUT(contents().contains("\"GET / HTTP/1.1\" 200"), 5000);
    QCOMPARE(contents().count('\n'), 1);

    // File → Reopen Access Log after logrotate moved it: the next line lands in a new file.
    QVERIFY(QFile::rename(path, path + QStringLiteral(".1")));
    reopen->trigger();
    QVERIFY(QFile::exists(path));
    QVERIFY(HttpTestClient::exchange(
                m_server->port(),
                HttpTestClient::request("GET", "/nope", HttpTestClient::connectionClose))
                .startsWith("HTTP/1.1 404"));
    QTRY_VERIFY_WITH_TIMEOUT(contents().contains("\"GET /nope HTTP/1.1\" 404"), 5000);
    QCOMPARE(contents().count('\n'), 1);
}

void TestMainWindow::commandLineAccessLogWinsForTheRun()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString remembered = dir.filePath(QStringLiteral("remembered.log"));
    const QString fromCommandLine = dir.filePath(QStringLiteral("cli.log"));
    {
        QSettings settings;
        AccessLogController::save(settings, {true, remembered, AccessLog::Format::Common});
    }
    m_window.reset();
    m_window = std::make_unique<MainWindow>(m_server.get());
    // As GuiRunner applies --access-log: after the window is made, before the server starts.
    QVERIFY(m_window->accessLog()->applyForThisRun(fromCommandLine, AccessLog::Format::Json));
    startWindow(DispatchMode::Concurrent);
    QVERIFY(m_window->accessLog()->isOpen());
    QCOMPARE(m_window->accessLog()->settings().path, fromCommandLine);
    QVERIFY(QFile::exists(fromCommandLine));
    QVERIFY(!QFile::exists(remembered)); // never opened, so never created
    m_window->close();
    QCOMPARE(AccessLogController::load(QSettings()).path, remembered);
}

void TestMainWindow::quitClosesForGoodEvenWhenKeptInTray()
{
    QSignalSpy closed(m_window.get(), &MainWindow::closed);
    auto *keep = m_window->findChild<QAction *>(QStringLiteral("keepInTrayAction"));
    QVERIFY(keep);
    QVERIFY(keep->isCheckable());
    QVERIFY(!keep->isChecked()); // off by default
    // The offscreen platform has no tray: the setting is offered only where it works.
    QCOMPARE(keep->isEnabled(), TrayIcon::isSystemTrayAvailable());
    m_window->setKeepRunningInTray(true);
    QVERIFY(keep->isChecked());
    QVERIFY(QSettings().value(QStringLiteral("window/keepRunningInTray")).toBool());
    QVERIFY(!m_window->closesToTray()); // no icon to come back from
    auto *quit = m_window->findChild<QAction *>(QStringLiteral("quitAction"));
    QVERIFY(quit);
    quit->trigger();
    QCOMPARE(closed.count(), 1);

    // Remembered for the next window.
    m_window.reset();
    m_window = std::make_unique<MainWindow>(m_server.get());
    QVERIFY(m_window->keepRunningInTray());
    QVERIFY(m_window->findChild<QAction *>(QStringLiteral("keepInTrayAction"))->isChecked());
}

SERVESCOPE_GUI_TEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
