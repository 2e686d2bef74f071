#pragma once

#include "timelinedata.h"

#include <QtCore/QList>
#include <QtCore/QRectF>
#include <QtWidgets/QWidget>

class MonitorFeed;

/*!
    The concurrency timeline: one swim lane per thread (the server thread and each pool
    worker), each request a bar from its start to its end; the part spent waiting for a handler
    is hatched. Overlapping requests on one lane stack, so Sequential reads as a queue,
    Concurrent as interleaving on one lane and Pooled as bars spread over the workers.
*/
class TimelineWidget : public QWidget
{
    Q_OBJECT

public:
    explicit TimelineWidget(MonitorFeed *feed, QWidget *parent = nullptr);

    /*! How much of the past the widget shows (default 30 s; at most the data's window). */
    qint64 visibleMs() const { return m_visibleMs; }
    void setVisibleMs(qint64 ms);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    bool event(QEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;

private:
    struct Hit
    {
        QRectF rect;
        TimelineData::Bar bar;
    };

    MonitorFeed *m_feed;
    qint64 m_visibleMs = 30000;
    QList<Hit> m_hits; // what the last paint drew, for tooltips
};
