#include "guitestmain.h"
#include "monitorfeed.h"
#include "paintcounter.h"
#include "ratechartwidget.h"
#include "rateseries.h"
#include "testevents.h"

#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>

#include <memory>

namespace {

constexpr qint64 t0 = 1'790'000'000'000; // a whole second

ServerEvent serverEvent(ServerEvent::Type type, qint64 offsetMs)
{
    ServerEvent e = TestEvents::event(type, 1, quint64(offsetMs + 1'000'000), t0 + offsetMs);
    if (type == ServerEvent::Type::RequestFinished) {
        e.status = 200;
        e.durationUs = 1000 + offsetMs % 7;
        e.method = "GET";
        e.target = "/";
    }
    return e;
}

using Offsets = QList<qint64>; // ms after t0

ServerEventBatch finishedAt(const Offsets &offsets)
{
    ServerEventBatch batch;
    for (qint64 offset : offsets)
        batch.append(serverEvent(ServerEvent::Type::RequestFinished, offset));
    return batch;
}

} // namespace

/*!
    The chart shows complete seconds only, so of the feed's ~30 updates a second it repaints
    for those where a second ended or a late request landed in a complete one. Its clock is
    the test's, so when a second ends is decided here and not raced against the real clock.
*/
class tst_RateChartWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void repaintsOnlyWhenTheChartChanges_data();
    void repaintsOnlyWhenTheChartChanges();
    void steadyTrafficRepaintsOncePerSecond();

private:
    void deliver(const ServerEventBatch &batch);
    static void settle();

    qint64 m_now = 0; // the chart's clock
    std::unique_ptr<MonitorFeed> m_feed;
    std::unique_ptr<RateChartWidget> m_chart;
    std::unique_ptr<PaintCounter> m_paints;
};

/*!
    Delivers what is already posted. update() posts the widget's UpdateRequest at once (the
    chart calls it from its updated() slot, a direct connection), and the paint happens when
    that is delivered; so after this, a repaint the update asked for has happened. The tests
    that expect a repaint check it right after this too: were it not enough, they would fail
    rather than the no-repaint checks pass for nothing.
*/
void tst_RateChartWidget::settle()
{
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents();
}

/*! Applies \a batch (a tick at m_now if empty) and waits for the feed's updated(). */
void tst_RateChartWidget::deliver(const ServerEventBatch &batch)
{
    const qint64 before = m_feed->updatesEmitted();
    if (batch.isEmpty())
        m_feed->tick(m_now);
    else
        m_feed->applyBatch(batch);
    // The feed spaces its updates ~33 ms apart; one too soon comes from its timer.
    QTRY_VERIFY_WITH_TIMEOUT(m_feed->updatesEmitted() > before, 5000);
    QCOMPARE(m_feed->updatesEmitted(), before + 1);
    settle();
}

void tst_RateChartWidget::init()
{
    m_now = t0 + 100;
    m_feed = std::make_unique<MonitorFeed>();
    // Something to chart: requests in the seconds before t0.
    m_feed->applyBatch(finishedAt({-30000, -3000, -2500, -1200, -800, -1}));
    m_chart = std::make_unique<RateChartWidget>(m_feed.get());
    m_chart->setClock([this] { return m_now; });
    m_paints = std::make_unique<PaintCounter>(m_chart.get());
    m_chart->resize(640, 400);
    m_chart->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_chart.get()));
    QVERIFY(QTest::qWaitForWindowActive(m_chart.get()));
    // The first paint records the second and the count it showed.
    QTRY_VERIFY(m_paints->count() > 0);
    settle();
    m_paints->reset();
}

void tst_RateChartWidget::cleanup()
{
    m_paints.reset();
    m_chart.reset();
    m_feed.reset();
}

void tst_RateChartWidget::repaintsOnlyWhenTheChartChanges_data()
{
    QTest::addColumn<qint64>("now"); // the clock at the update, ms after t0 (was t0 + 100)
    QTest::addColumn<ServerEventBatch>("batch"); // empty: a tick
    QTest::addColumn<bool>("repaints");

    ServerEventBatch otherEvents {serverEvent(ServerEvent::Type::ConnectionOpened, 400),
                                  serverEvent(ServerEvent::Type::RequestStarted, 410),
                                  serverEvent(ServerEvent::Type::StateChanged, 420)};
    ServerEventBatch lateAmongCurrent = finishedAt({200, -300, 300});
    lateAmongCurrent.append(serverEvent(ServerEvent::Type::RequestStarted, 310));

    QTest::newRow("same second: requests") << qint64(500) << finishedAt({150, 400, 499}) << false;
    QTest::newRow("same second: stamped after now") << qint64(500) << finishedAt({900}) << false;
    QTest::newRow("same second: a tick") << qint64(700) << ServerEventBatch() << false;
    QTest::newRow("same second: other events") << qint64(999) << otherEvents << false;
    QTest::newRow("late: last complete second") << qint64(500) << finishedAt({-1}) << true;
    QTest::newRow("late: earlier second") << qint64(500) << finishedAt({-45000}) << true;
    QTest::newRow("late: among current") << qint64(500) << lateAmongCurrent << true;
    QTest::newRow("second ended: requests") << qint64(1000) << finishedAt({1000}) << true;
    QTest::newRow("second ended: a tick") << qint64(1000) << ServerEventBatch() << true;
    QTest::newRow("second ended: other events") << qint64(1999) << otherEvents << true;
    QTest::newRow("a minute later: a tick") << qint64(61500) << ServerEventBatch() << true;
}

void tst_RateChartWidget::repaintsOnlyWhenTheChartChanges()
{
    QFETCH(qint64, now);
    QFETCH(ServerEventBatch, batch);
    QFETCH(bool, repaints);

    const qint64 countBefore = m_feed->rates()->completedCount(m_now);
    m_now = t0 + now;
    deliver(batch);
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_paints->count(), repaints ? 1 : 0);
    if (!repaints) // what the chart relies on: nothing it shows changed
        QCOMPARE(m_feed->rates()->completedCount(m_now), countBefore);

    // The repaint (or the first paint) took in the second and the count: more requests in
    // this second, the next update in this second, repaint nothing.
    deliver(finishedAt({now}));
    if (QTest::currentTestFailed())
        return;
    QCOMPARE(m_paints->count(), repaints ? 1 : 0);
}

void tst_RateChartWidget::steadyTrafficRepaintsOncePerSecond()
{
    // Five updates a second for five seconds, each with the requests finished since the last:
    // one repaint per second, when it ends (its last requests ride along with that update).
    const qint64 updatesBefore = m_feed->updatesEmitted();
    int updates = 0;
    for (qint64 at = 300; at <= 5100; at += 200) {
        m_now = t0 + at;
        deliver(finishedAt({at - 150, at - 100, at - 50, at - 1}));
        if (QTest::currentTestFailed())
            return;
        ++updates;
        const int crossed = int((at - 100) / 1000); // seconds ended since t0 + 100
        QCOMPARE(m_paints->count(), crossed);
    }
    QCOMPARE(updates, 25);
    QCOMPARE(m_feed->updatesEmitted() - updatesBefore, qint64(updates));
    QCOMPARE(m_paints->count(), 5);
}

SERVESCOPE_GUI_TEST_MAIN(tst_RateChartWidget)
#include "tst_ratechartwidget.moc"
