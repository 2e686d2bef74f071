#include "guitestmain.h"
#include "monitorfeed.h"
#include "monitortext.h"
#include "requestlife.h"
#include "testevents.h"
#include "timelinedata.h"
#include "timelinewidget.h"

#include <QtCore/QDateTime>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QLocale>
#include <QtCore/QTranslator>
#include <QtGui/QAction>
#include <QtGui/QWheelEvent>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

ServerEvent requestEvent(ServerEvent::Type type, quint64 request, qint64 timeMs)
{
    ServerEvent e = TestEvents::event(type, 100 + request, request, timeMs);
    e.mode = DispatchMode::Concurrent;
    e.method = "GET";
    e.target = "/";
    return e;
}

// A request on the server thread from \a startMs to \a endMs (open if endMs < 0).
ServerEventBatch request(quint64 id, qint64 startMs, qint64 endMs)
{
    ServerEventBatch batch {requestEvent(ServerEvent::Type::RequestStarted, id, startMs)};
    if (endMs >= 0) {
        ServerEvent finished = requestEvent(ServerEvent::Type::RequestFinished, id, endMs);
        finished.status = 200;
        finished.durationUs = (endMs - startMs) * 1000;
        batch.append(finished);
    }
    return batch;
}

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// How often the threads of Qt's pools ("Thread (pooled)") woke up so far, from /proc; -1
// where there is no /proc. A task run in a pool wakes one of them.
qint64 pooledThreadWakeUps()
{
    const QDir tasks(u"/proc/self/task"_s);
    if (!tasks.exists())
        return -1;
    qint64 wakeUps = 0;
    for (const QString &task : tasks.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile comm(tasks.filePath(task + u"/comm"_s));
        if (!comm.open(QIODevice::ReadOnly) || !comm.readAll().startsWith("Thread (pooled)"))
            continue;
        QFile status(tasks.filePath(task + u"/status"_s));
        if (!status.open(QIODevice::ReadOnly))
            continue;
        for (const QByteArray &line : status.readAll().split('\n')) {
            if (line.startsWith("voluntary_ctxt_switches:"))
                wakeUps += line.mid(line.indexOf(':') + 1).trimmed().toLongLong();
        }
    }
    return wakeUps;
}

} // namespace

/*!
    The timeline widget, never shown (the offscreen platform warns when a window is): painted
    with grab(), which records what it drew, and fed updates as MonitorFeed sends them.
*/
class tst_TimelineWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void repaintsOnlyWhileBarsMove();
    void titleShowsTheSpan_data();
    void titleShowsTheSpan();
    void toolTipLetsTranslationsJoin();
    void zoomActions();
    void roomForEveryLaneName_data();
    void roomForEveryLaneName();
    void crowdedQueueLeavesThreadsTheirLine();
    void paintsWithoutQtsThreadPool_data();
    void paintsWithoutQtsThreadPool();
};

void tst_TimelineWidget::init()
{
    QLocale::setDefault(QLocale::c());
}

void tst_TimelineWidget::cleanup()
{
    QLocale::setDefault(QLocale::c());
}

void tst_TimelineWidget::repaintsOnlyWhileBarsMove()
{
    MonitorFeed feed;
    TimelineWidget widget(&feed);
    widget.resize(640, 300);
    QCOMPARE(widget.visibleMs(), qint64(30000));
    const auto repaintsFor = [&](int updates) {
        const qint64 before = widget.feedRepaints();
        for (int i = 0; i < updates; ++i)
            Q_EMIT feed.updated();
        return widget.feedRepaints() - before;
    };

    // Empty: once painted, the feed's updates repaint nothing.
    QCOMPARE(repaintsFor(1), 1); // never painted yet
    widget.grab();
    QCOMPARE(repaintsFor(10), 0);

    // A request that ended ten seconds ago is in the 30 s span: it scrolls, so every update
    // repaints...
    feed.applyBatch(request(1, nowMs() - 10300, nowMs() - 10000));
    widget.grab();
    QCOMPARE(repaintsFor(5), 5);

    // ...but not in a 2 s span: once a paint has let it go, nothing moves there.
    widget.setVisibleMs(2000);
    QCOMPARE(repaintsFor(1), 1); // it was drawn last time: this paint takes it away
    widget.grab();
    QCOMPARE(repaintsFor(10), 0);

    // New lanes must be drawn, even with no bar in them.
    feed.timeline()->setWorkerCount(2);
    QCOMPARE(repaintsFor(1), 1);
    widget.grab();
    QCOMPARE(repaintsFor(10), 0);

    // A request still running reaches the present: it grows with every update.
    feed.applyBatch(request(2, nowMs() - 50000, -1));
    widget.grab();
    QCOMPARE(repaintsFor(5), 5);

    // Once it ended long enough ago, and was painted so, quiet again.
    ServerEvent finished = requestEvent(ServerEvent::Type::RequestFinished, 2, nowMs() - 9000);
    finished.status = 200;
    finished.durationUs = 41000 * 1000;
    feed.applyBatch({finished});
    QCOMPARE(feed.timeline()->openRequestCount(), 0);
    QCOMPARE(repaintsFor(1), 1);
    widget.grab();
    QCOMPARE(repaintsFor(10), 0);
    widget.setVisibleMs(30000); // zoomed out: both bars are in the span again
    widget.grab();
    QCOMPARE(repaintsFor(3), 3);
}

void tst_TimelineWidget::titleShowsTheSpan_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<qint64>("visibleMs");
    QTest::addColumn<QString>("span");

    // Zooming halves and doubles the span: 30, 15, 7.5, 3.75, then the 2 s floor.
    QTest::newRow("default") << u"C"_s << qint64(30000) << u"30"_s;
    QTest::newRow("zoomed in once") << u"C"_s << qint64(15000) << u"15"_s;
    QTest::newRow("7.5 s") << u"C"_s << qint64(7500) << u"7.5"_s;
    QTest::newRow("3.75 s") << u"C"_s << qint64(3750) << u"3.75"_s;
    QTest::newRow("floor") << u"C"_s << qint64(1000) << u"2"_s;
    QTest::newRow("whole window") << u"C"_s << qint64(60000) << u"60"_s;
    QTest::newRow("German decimal comma") << u"de_DE"_s << qint64(7500) << u"7,5"_s;
}

void tst_TimelineWidget::titleShowsTheSpan()
{
    QFETCH(QString, locale);
    QFETCH(qint64, visibleMs);
    QFETCH(QString, span);

    QLocale::setDefault(QLocale(locale));
    MonitorFeed feed;
    TimelineWidget widget(&feed);
    widget.setVisibleMs(visibleMs);
    QCOMPARE(widget.title(), u"Timeline, last %1 s (Ctrl+wheel zooms)"_s.arg(span));
    widget.resize(640, 300);
    widget.grab(); // and it paints
}

namespace {

/*! Translates only the tooltip's "thread, mode" joint, as the Chinese translation does. */
class JointTranslator : public QTranslator
{
public:
    QString translate(const char *context, const char *sourceText, const char *, int) const override
    {
        if (qstrcmp(context, "TimelineWidget") == 0 && qstrcmp(sourceText, "%1, %2") == 0)
            return u"%1、%2"_s;
        return QString();
    }
    bool isEmpty() const override { return false; }
};

} // namespace

void tst_TimelineWidget::toolTipLetsTranslationsJoin()
{
    TimelineData::Request request;
    request.phases.arrivedUs = request.phases.readUs = request.phases.parsedUs
        = request.phases.startedUs = 1'790'000'000'000'000;
    request.phases.handlerEndUs = request.phases.doneUs = request.endUs
        = request.phases.startedUs + 12000;
    request.phases.thread = 2;
    request.status = 200;
    request.mode = DispatchMode::Pooled;
    request.method = "GET";
    request.target = "/compute?ms=10";
    const TimelineData::Segment segment = TimelineData::segmentsOf(request, request.endUs).first();
    const QString lastLine
        = MonitorText::threadName(2) + u", "_s + MonitorText::modeName(DispatchMode::Pooled);
    QCOMPARE(TimelineWidget::segmentToolTip(segment, request, request.endUs).split(u'\n').last(),
             lastLine);

    JointTranslator translator;
    QVERIFY(QCoreApplication::installTranslator(&translator));
    const QString joined
        = TimelineWidget::segmentToolTip(segment, request, request.endUs).split(u'\n').last();
    QCoreApplication::removeTranslator(&translator);
    QCOMPARE(joined,
             MonitorText::threadName(2) + u"、"_s + MonitorText::modeName(DispatchMode::Pooled));
}

void tst_TimelineWidget::zoomActions()
{
    MonitorFeed feed;
    TimelineWidget widget(&feed);
    QAction *zoomIn = widget.zoomInAction();
    QAction *zoomOut = widget.zoomOutAction();
    QAction *reset = widget.resetZoomAction();
    QVERIFY(zoomIn && zoomOut && reset);
    QCOMPARE(zoomIn->parent(), &widget);
    QCOMPARE(zoomIn->shortcut(), QKeySequence(QKeySequence::ZoomIn));
    QCOMPARE(zoomOut->shortcut(), QKeySequence(QKeySequence::ZoomOut));
    QCOMPARE(reset->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_0));
    QVERIFY(!zoomIn->shortcut().isEmpty());
    QVERIFY(!zoomOut->shortcut().isEmpty());
    for (QAction *action : {zoomIn, zoomOut, reset}) {
        QVERIFY(widget.actions().contains(action)); // the shortcuts work in its window
        QVERIFY(!action->text().isEmpty());
        QVERIFY(!action->statusTip().isEmpty());
    }
    const auto enabled = [&] {
        return QList<bool> {zoomIn->isEnabled(), zoomOut->isEnabled(), reset->isEnabled()};
    };
    QCOMPARE(widget.visibleMs(), TimelineWidget::defaultVisibleMs);
    QCOMPARE(enabled(), (QList<bool> {true, true, false}));

    // In by halves down to the floor, where Zoom In has nothing more to do.
    QList<qint64> spans;
    for (int i = 0; i < 10 && zoomIn->isEnabled(); ++i) {
        zoomIn->trigger();
        spans.append(widget.visibleMs());
    }
    QCOMPARE(spans, (QList<qint64> {15000, 7500, 3750, 2000}));
    QCOMPARE(enabled(), (QList<bool> {false, true, true}));
    QVERIFY(widget.title().contains(u"last 2 s"_s));

    // Out by doubles up to the data's window.
    spans.clear();
    for (int i = 0; i < 10 && zoomOut->isEnabled(); ++i) {
        zoomOut->trigger();
        spans.append(widget.visibleMs());
    }
    QCOMPARE(spans, (QList<qint64> {4000, 8000, 16000, 32000, 60000}));
    QCOMPARE(widget.visibleMs(), feed.timeline()->windowMs());
    QCOMPARE(enabled(), (QList<bool> {true, false, true}));

    reset->trigger();
    QCOMPARE(widget.visibleMs(), TimelineWidget::defaultVisibleMs);
    QCOMPARE(enabled(), (QList<bool> {true, true, false}));

    // Ctrl+wheel does what the actions do (and keeps them in step); a plain wheel does not.
    const auto wheel = [&](int delta, Qt::KeyboardModifiers modifiers) {
        QWheelEvent event(QPointF(10, 10), QPointF(10, 10), QPoint(), QPoint(0, delta),
                          Qt::NoButton, modifiers, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(&widget, &event);
    };
    wheel(120, Qt::ControlModifier);
    QCOMPARE(widget.visibleMs(), qint64(15000));
    QVERIFY(reset->isEnabled());
    wheel(120, Qt::NoModifier);
    QCOMPARE(widget.visibleMs(), qint64(15000));
    wheel(-120, Qt::ControlModifier);
    QCOMPARE(widget.visibleMs(), qint64(30000));
    QVERIFY(!reset->isEnabled());
}

void tst_TimelineWidget::roomForEveryLaneName_data()
{
    QTest::addColumn<int>("workers");
    QTest::newRow("no pool") << 0;
    QTest::newRow("2 workers") << 2;
    QTest::newRow("16 workers") << 16;
}

void tst_TimelineWidget::roomForEveryLaneName()
{
    // Squeezed by its splitter, the timeline still gives each lane a line for its name.
    QFETCH(int, workers);
    MonitorFeed feed;
    feed.timeline()->setWorkerCount(workers);
    TimelineWidget widget(&feed);
    const int lanes = int(feed.timeline()->lanes().size());
    QVERIFY(widget.minimumSizeHint().height() >= (lanes + 2) * widget.fontMetrics().height());
}

void tst_TimelineWidget::crowdedQueueLeavesThreadsTheirLine()
{
    // Ten requests unread in the kernel at once (a crowded queue lane) beside the server
    // thread's lane, in a timeline only just tall enough for a line per lane.
    MonitorFeed feed;
    const qint64 now = nowMs();
    QList<RequestLife> lives;
    for (int i = 0; i < 10; ++i) {
        RequestLife life = RequestLife::plain(quint64(i + 1), (now - 5000) * 1000, 0);
        RequestPhases &p = life.phases;
        p.readUs = p.parsedUs = p.startedUs = (now - 5000 + i * 400) * 1000;
        p.handlerEndUs = p.doneUs = p.startedUs + 400 * 1000;
        lives.append(life);
    }
    feed.applyBatch(RequestLife::recorded(lives));
    TimelineWidget widget(&feed);
    const int lanes = int(feed.timeline()->lanes().size());
    const int line = widget.fontMetrics().height();
    widget.resize(600, (lanes + 4) * line);
    widget.grab();
    const QList<double> heights = widget.laneHeights();
    QCOMPARE(heights.size(), lanes);
    for (double height : heights)
        QVERIFY2(height >= line - 0.5, qPrintable(QString::number(height)));
    // With room to spare, the crowded lane gets more of it than a thread's.
    widget.resize(600, (lanes + 20) * line);
    widget.grab();
    QVERIFY(widget.laneHeights().constFirst() > widget.laneHeights().at(1));
}

SERVESCOPE_GUI_TEST_MAIN(tst_TimelineWidget)
#include "tst_timelinewidget.moc"

void tst_TimelineWidget::paintsWithoutQtsThreadPool_data()
{
    QTest::addColumn<int>("height");
    QTest::addColumn<bool>("withTotals");
    QTest::newRow("tall, single requests") << 900 << false;
    QTest::newRow("tall, with totals") << 900 << true;
}

/*
    Qt fills a translucent or patterned area of more than about 96 rows in its GUI thread pool,
    and the GUI thread waits for it: under load that cost a fifth of the window's CPU. The
    timeline's tall pieces (the time grid, the totals' marker) are opaque, so painting a tall
    timeline starts no thread.
*/
void tst_TimelineWidget::paintsWithoutQtsThreadPool()
{
    QFETCH(int, height);
    QFETCH(bool, withTotals);
    if (pooledThreadWakeUps() < 0)
        QSKIP("needs /proc/self/task");
    MonitorFeed feed;
    feed.timeline()->setMaxRequests(withTotals ? 2 : 100);
    TimelineWidget widget(&feed);
    widget.resize(800, height);
    const qint64 t0 = nowMs() - 20000;
    for (quint64 id = 1; id <= 6; ++id)
        feed.applyBatch(request(id, t0 + qint64(id) * 2000, t0 + qint64(id) * 2000 + 700));
    QCOMPARE(feed.timeline()->totalsEndUs() > 0, withTotals);
    widget.grab(); // fonts and glyphs on first use
    const qint64 before = pooledThreadWakeUps();
    widget.grab();
    QCOMPARE(pooledThreadWakeUps(), before);
}
