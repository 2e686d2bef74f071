#pragma once

#include <QtWidgets/QWidget>

class MonitorFeed;

/*!
    Requests per second (bars) and latency p50/p99 (lines) over the last minute, painted with
    QPainter from MonitorFeed's RateSeries. Repaints when the feed says it updated.
*/
class RateChartWidget : public QWidget
{
    Q_OBJECT

public:
    explicit RateChartWidget(MonitorFeed *feed, QWidget *parent = nullptr);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    MonitorFeed *m_feed;
};
