#pragma once

#include "burstrunner.h"
#include "statictextcache.h"
#include "textwidthcache.h"
#include "timelinedata.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QList>
#include <QtCore/QRectF>
#include <QtCore/QTimer>
#include <QtGui/QBrush>
#include <QtGui/QColor>
#include <QtWidgets/QAbstractScrollArea>

#include <functional>

class MonitorFeed;
class RequestSelection;

/*!
    The request waterfall, as in a browser's network panel: one row per request (the
    timeline's, in order of arrival), its life as coloured pieces on a time axis: unread in
    the kernel, waiting for a turn or a worker, running, blocked (the thread held), parked on
    a timer (no thread held). The axis spans the rows in view, so scrolling to a burst shows
    it whole. Requests a burst sent also show, as a thin bar above theirs, how long the client
    waited for them (connect → response), so the client's view and the server's can be told
    apart. Rows follow the newest while scrolled to the bottom, and share RequestSelection
    with the log and the timeline.
*/
class WaterfallWidget : public QAbstractScrollArea
{
    Q_OBJECT

public:
    /*! A request as the client saw it, on ServerClock (µs). */
    struct ClientSpan
    {
        quint16 peerPort = 0; //!< the client's local port: the server's peer port
        qint64 startUs = 0; //!< connect (or send, on a kept-alive connection)
        qint64 endUs = 0; //!< response complete, or the failure
        bool ok = true;
    };

    WaterfallWidget(MonitorFeed *feed, RequestSelection *selection, QWidget *parent = nullptr);

    /*! What \a result's client saw of each request, moved onto ServerClock. */
    static QList<ClientSpan> clientSpans(const BurstRunner::Result &result);
    /*! The requests of the last burst, as its client saw them (replaces the previous ones). */
    void setClientSpans(const QList<ClientSpan> &spans);
    /*! Adds more of them (an experiment's next step); the oldest go past maxClientSpans. */
    void addClientSpans(const QList<ClientSpan> &spans);
    const QList<ClientSpan> &clientSpans() const { return m_clientSpans; }
    static constexpr qsizetype maxClientSpans = 100000; //!< BurstRunner's largest burst
    /*! The client's view of \a request: the span from its port that holds its arrival. */
    const ClientSpan *clientSpanOf(const TimelineData::Request &request) const;

    /*! Where "now" comes from (ServerClock µs unless set; nullptr restores it), for tests. */
    void setClock(std::function<qint64()> nowUs);

    /*! Scrolled to the bottom: new requests scroll into view. */
    bool isFollowing() const { return m_following; }
    void setFollowing(bool follow);

    /*! The first row in view and how many rows fit. */
    int firstVisibleRow() const;
    int visibleRowCount() const;
    /*! Where the row of the request at TimelineData index \a row is, in the viewport. */
    QRect rowRect(int row) const;
    /*! The time axis of the last paint (ServerClock µs). */
    qint64 axisFromUs() const { return m_axisFromUs; }
    qint64 axisToUs() const { return m_axisToUs; }
    /*! Where the last paint put the time \a us (ServerClock µs), in viewport x. */
    double xForTime(qint64 us) const;
    /*! Scrolls so the row of \a requestId is in view; false when it is not here. */
    bool scrollToRequest(quint64 requestId);

    /*! The row's tooltip: what the piece at \a segment was, and the client's view. */
    static QString rowToolTip(const TimelineData::Request &request,
                              const TimelineData::Segment *segment, const ClientSpan *client,
                              qint64 nowUs);

    /*!
        How many times this widget repainted for MonitorFeed's updates: never for an update
        that changed nothing it shows, and at most once per feedRepaintMs. A change too soon
        after a repaint waits for a later update, or for feedRepaintMs without one.
    */
    qint64 feedRepaints() const { return m_feedRepaints; }
    static constexpr qint64 feedRepaintMs = 100;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    struct Hit
    {
        QRectF rect;
        quint64 requestId = 0;
        TimelineData::Segment segment;
        bool isSegment = false;
    };

    struct LegendItem
    {
        QBrush brush;
        QColor pen; //!< an outline, when valid
        QString text;
    };
    static QList<LegendItem> legendItems();
    QList<QRect> legendLayout(const QList<LegendItem> &items, int width) const;
    int legendHeight(int width) const;

    void onFeedUpdated();
    void repaintForFeed();
    void onSelectionChanged();
    void updateScrollBar();
    int rowHeight() const;
    int headerHeight() const;
    int rowAt(const QPoint &pos) const;
    qint64 now() const;

    MonitorFeed *m_feed;
    RequestSelection *m_selection;
    std::function<qint64()> m_clock;
    QList<ClientSpan> m_clientSpans;
    QList<Hit> m_hits; // what the last paint drew, for tooltips
    // The legend is laid out for every row's rectangle: its texts measured once per font.
    mutable TextWidthCache m_legendTextWidths;
    StaticTextCache m_texts; // its labels, laid out once (drawn 30 times a second)
    quint64 m_topRequestId = 0; // the first row in view, kept when older rows leave
    qint64 m_axisFromUs = 0;
    qint64 m_axisToUs = 0;
    double m_plotLeft = 0;
    double m_usPerPx = 1;
    qint64 m_feedRepaints = 0;
    QElapsedTimer m_sinceRepaint; // since the last repaintForFeed()
    QTimer m_repaintTimer; // a change that came too soon after it
    int m_paintedCount = -1;
    quint64 m_paintedBackId = 0;
    bool m_paintedOpen = false; // the last paint had a request still going
    bool m_following = true;
    bool m_scrolling = false; // we move the scroll bar ourselves
};
