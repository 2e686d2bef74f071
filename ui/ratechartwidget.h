#pragma once

#include <QtWidgets/QWidget>

#include <functional>

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

    /*!
        Where the chart reads the wall clock (ms since the epoch) to tell complete seconds from
        the current one: QDateTime::currentMSecsSinceEpoch() unless set (nullptr restores it).
        A test sets its own clock to decide when a second ends, instead of racing the real one.
    */
    void setClock(std::function<qint64()> clock);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void onFeedUpdated();

    MonitorFeed *m_feed;
    std::function<qint64()> m_clock;
    qint64 m_paintedSecond = -1; // what the last paint showed: its current second
    qint64 m_paintedCount = -1; // and RateSeries::completedCount() then
};
