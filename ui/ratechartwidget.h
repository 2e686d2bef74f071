#pragma once

#include <QtWidgets/QWidget>

class MonitorFeed;

/*!
    Requests per second (bars) and latency p50/p99 (lines) over the last minute, painted with
    QPainter from MonitorFeed's RateSeries. It shows complete seconds only, so when the feed
    says it updated it repaints only if a second ended or a late request landed in one.
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
    void onFeedUpdated();

    MonitorFeed *m_feed;
    qint64 m_paintedSecond = -1; // what the last paint showed: its current second
    qint64 m_paintedCount = -1; // and RateSeries::completedCount() then
};
