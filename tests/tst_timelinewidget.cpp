#include "guitestmain.h"
#include "monitorfeed.h"
#include "timelinedata.h"
#include "timelinewidget.h"

#include <QtCore/QDateTime>
#include <QtTest/QtTest>

namespace {

ServerEvent requestEvent(ServerEvent::Type type, quint64 request, qint64 timeMs)
{
    ServerEvent e;
    e.type = type;
    e.connectionId = 100 + request;
    e.requestId = request;
    e.timeMs = timeMs;
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

} // namespace

/*!
    The timeline widget, never shown (the offscreen platform warns when a window is): painted
    with grab(), which records what it drew, and fed updates as MonitorFeed sends them.
*/
class tst_TimelineWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void repaintsOnlyWhileBarsMove();
};

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
    QCOMPARE(feed.timeline()->openBarCount(), 0);
    QCOMPARE(repaintsFor(1), 1);
    widget.grab();
    QCOMPARE(repaintsFor(10), 0);
    widget.setVisibleMs(30000); // zoomed out: both bars are in the span again
    widget.grab();
    QCOMPARE(repaintsFor(3), 3);
}

SERVESCOPE_GUI_TEST_MAIN(tst_TimelineWidget)
#include "tst_timelinewidget.moc"
