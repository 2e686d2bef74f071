#pragma once

#include "statictextcache.h"
#include "textwidthcache.h"
#include "timelinedata.h"

#include <QtCore/QList>
#include <QtCore/QRectF>
#include <QtWidgets/QWidget>

class MonitorFeed;
class QAction;
class RequestSelection;

/*!
    The concurrency timeline, as occupancy (TimelineData): a lane per thread shows what that
    thread was doing (running a handler, or blocked); parked sleeps have a lane of their own,
    held by no thread; waits are drawn in queue lanes (unread in the kernel, for a turn, for a
    worker). Where many requests share a queue lane they stack in rows, and what does not fit
    is counted ("+N more"). On a thread lane, pieces narrower than a few pixels are drawn as
    the fraction of each pixel's time the thread was busy, so a busy lane never looks busier
    (or idler) than it was.
*/
class TimelineWidget : public QWidget
{
    Q_OBJECT

public:
    static constexpr qint64 defaultVisibleMs = 30000;
    static constexpr qint64 minimumVisibleMs = 2000;

    explicit TimelineWidget(MonitorFeed *feed, QWidget *parent = nullptr);

    /*!
        Shares the picked requests with the other views: a click on a bar selects its request,
        and selected requests are outlined. A new selection older than the span shown widens
        the span (up to the data's window) so it comes into view.
    */
    void setSelection(RequestSelection *selection);
    RequestSelection *selection() const { return m_selection; }

    /*! How much of the past the widget shows (default 30 s; at most the data's window). */
    qint64 visibleMs() const { return m_visibleMs; }
    void setVisibleMs(qint64 ms);

    /*! Halves the span shown (down to minimumVisibleMs), as Ctrl+wheel up does. */
    void zoomIn();
    /*! Doubles the span shown (up to the data's window), as Ctrl+wheel down does. */
    void zoomOut();
    /*! Back to defaultVisibleMs. */
    void resetZoom();

    /*!
        The zoom as actions, so it is reachable without a wheel (the window puts them in its
        View menu): Zoom In (QKeySequence::ZoomIn), Zoom Out (QKeySequence::ZoomOut) and Reset
        Zoom (Ctrl+0), each disabled where it would change nothing. The widget owns them and
        adds them to itself, so their shortcuts work in its window even without a menu.
    */
    QAction *zoomInAction() const { return m_zoomInAction; }
    QAction *zoomOutAction() const { return m_zoomOutAction; }
    QAction *resetZoomAction() const { return m_resetZoomAction; }
    /*!
        Export Timeline as Trace…: the span shown, in the Trace Event format (TraceExporter),
        for Perfetto or chrome://tracing; the window puts it in its File menu.
    */
    QAction *exportTraceAction() const { return m_exportTraceAction; }
    /*! Writes the span shown to \a fileName as a trace; a translated error, or "". */
    QString exportTrace(const QString &fileName) const;

    /*! The title the widget paints: "Timeline, last 7.5 s (...)" for the span shown. */
    QString title() const;
    /*! What the tooltip of \a segment of \a request says at \a nowUs (open ones grow). */
    static QString segmentToolTip(const TimelineData::Segment &segment,
                                  const TimelineData::Request &request, qint64 nowUs);
    /*! The "+N more" of the lanes last painted: lane index -> hidden segments (0 = none). */
    QList<int> hiddenCounts() const { return m_hiddenCounts; }
    /*! The height of each lane in the last paint. */
    QList<double> laneHeights() const { return m_laneHeights; }
    /*! The requests the last paint outlined as selected. */
    QList<quint64> outlinedRequests() const { return m_outlined; }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    /*!
        How many of MonitorFeed's updates this widget repainted for. It repaints only while
        what it shows moves: bars inside its time span (they scroll as time passes, open ones
        grow), bars it drew last time (to let them go) or a change of lanes. An empty or
        long-idle timeline repaints nothing however often the feed updates.
    */
    qint64 feedRepaints() const { return m_feedRepaints; }

Q_SIGNALS:
    /*! Something worth a line in the status bar (an export written, or why not). */
    void statusMessage(const QString &message);

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    void onFeedUpdated();
    void onSelectionChanged();
    void exportTraceInteractively();
    void updateZoomActions();
    QString spanText() const;

    struct Hit
    {
        QRectF rect;
        TimelineData::Segment segment;
    };

    MonitorFeed *m_feed;
    TextWidthCache m_textWidths; // the legend's and the lanes' names, once per font
    StaticTextCache m_texts; // its labels, laid out once (drawn 30 times a second)
    StaticTextCache m_squeezedTexts; // the lane names in the smaller font of squeezed lanes
    RequestSelection *m_selection = nullptr;
    qint64 m_visibleMs = defaultVisibleMs;
    QAction *m_zoomInAction = nullptr;
    QAction *m_zoomOutAction = nullptr;
    QAction *m_resetZoomAction = nullptr;
    QAction *m_exportTraceAction = nullptr;
    QList<Hit> m_hits; // what the last paint drew, for tooltips
    QList<TimelineData::Lane> m_paintedLanes; // the lanes the last paint drew
    QList<int> m_hiddenCounts;
    QList<quint64> m_outlined;
    QList<double> m_laneHeights;
    bool m_painted = false;
    qint64 m_feedRepaints = 0;
};
