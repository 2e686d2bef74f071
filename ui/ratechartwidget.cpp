#include "ratechartwidget.h"

#include "chartpalette.h"
#include "monitorfeed.h"
#include "monitortext.h"
#include "rateseries.h"

#include <QtCore/QDateTime>
#include <QtCore/QLocale>
#include <QtGui/QPainter>
#include <QtGui/QPainterPath>

#include <algorithm>

namespace {

struct Legend
{
    QColor color;
    QString text;
};

// Draws coloured squares with labels from the right edge of \a row; returns where they start.
int drawLegend(QPainter &painter, const QRect &row, const QList<Legend> &items)
{
    const QFontMetrics metrics = painter.fontMetrics();
    const int box = metrics.height() / 2 + 2;
    int x = row.right();
    for (auto it = items.crbegin(); it != items.crend(); ++it) {
        const int width = metrics.horizontalAdvance(it->text);
        x -= width;
        painter.drawText(QRect(x, row.top(), width, row.height()), Qt::AlignVCenter, it->text);
        x -= box + 4;
        painter.fillRect(QRect(x, row.center().y() - box / 2, box, box), it->color);
        x -= 12;
    }
    return x;
}

} // namespace

RateChartWidget::RateChartWidget(MonitorFeed *feed, QWidget *parent)
    : QWidget(parent)
    , m_feed(feed)
    , m_clock(&QDateTime::currentMSecsSinceEpoch)
{
    setObjectName(QStringLiteral("rateChart"));
    setAccessibleName(tr("Requests per second and latency over the last minute"));
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    connect(feed, &MonitorFeed::updated, this, &RateChartWidget::onFeedUpdated);
}

void RateChartWidget::setClock(std::function<qint64()> clock)
{
    m_clock = clock ? std::move(clock) : &QDateTime::currentMSecsSinceEpoch;
}

void RateChartWidget::onFeedUpdated()
{
    // Under load the feed updates ~30 times a second, but the chart's data changes about once:
    // repainting it for nothing would cost the window's frame budget (and the server a core).
    const qint64 nowMs = m_clock();
    if (nowMs / 1000 != m_paintedSecond || m_feed->rates()->completedCount(nowMs) != m_paintedCount)
        update();
}

QSize RateChartWidget::sizeHint() const
{
    return QSize(fontMetrics().height() * 30, fontMetrics().height() * 14);
}

QSize RateChartWidget::minimumSizeHint() const
{
    return QSize(fontMetrics().height() * 12, fontMetrics().height() * 8);
}

void RateChartWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette &pal = palette();
    const QFontMetrics metrics = fontMetrics();
    const int lineHeight = metrics.height();
    const int margin = lineHeight / 2;

    const qint64 nowMs = m_clock();
    const RateSeries *series = m_feed->rates();
    m_paintedSecond = nowMs / 1000;
    m_paintedCount = series->completedCount(nowMs);
    const QList<RateSeries::Point> points = series->points(nowMs);
    const int count = int(points.size());

    int maxRequests = 0;
    qint64 maxLatencyUs = 0;
    for (const RateSeries::Point &point : points) {
        maxRequests = std::max(maxRequests, point.requests);
        maxLatencyUs = std::max({maxLatencyUs, point.p50Us, point.p99Us, point.loopLagUs});
    }
    const RateSeries::Point last = series->lastSecond(nowMs);
    const QLocale locale;

    const double rateTop = ChartPalette::niceCeiling(maxRequests, 5.0);
    const double latencyTopUs = ChartPalette::niceCeiling(double(maxLatencyUs), 1000.0);
    const QString rateTopLabel = locale.toString(qint64(rateTop));
    const QString latencyTopLabel = MonitorText::axisDurationText(qint64(latencyTopUs));
    // Room for the widest label ("100 s", "10 ms", a translated unit), at least five digits'.
    const int axisWidth = std::max({metrics.horizontalAdvance(locale.toString(99999)),
                                    metrics.horizontalAdvance(rateTopLabel),
                                    metrics.horizontalAdvance(latencyTopLabel)})
        + margin;
    const QRect area = rect().adjusted(margin, margin / 2, -margin, -margin / 2);
    const int plotLeft = area.left() + axisWidth;
    const int plotRight = area.right();
    const int xAxisHeight = lineHeight + 2;
    const int gap = lineHeight / 2; // between a title and its plot, and between the two panels
    const int panelHeight = (area.height() - xAxisHeight - 2 * lineHeight - 3 * gap) / 2;
    if (panelHeight < lineHeight || plotRight - plotLeft < 40)
        return;

    const QRect rateTitle(area.left(), area.top(), area.width(), lineHeight);
    const QRect ratePlot(plotLeft, rateTitle.bottom() + 1 + gap, plotRight - plotLeft, panelHeight);
    const QRect latencyTitle(area.left(), ratePlot.bottom() + 1 + gap, area.width(), lineHeight);
    const QRect latencyPlot(plotLeft, latencyTitle.bottom() + 1 + gap, plotRight - plotLeft,
                            panelHeight);

    const auto xFor = [&](int i, const QRect &plot) {
        return plot.left() + (count > 1 ? double(i) * plot.width() / double(count) : 0.0);
    };
    const double slot = count > 0 ? double(ratePlot.width()) / count : ratePlot.width();

    QColor gridColor = pal.color(QPalette::Text);
    gridColor.setAlphaF(0.15);
    QColor axisText = pal.color(QPalette::Text);
    axisText.setAlphaF(0.7);

    const auto drawGrid = [&](const QRect &plot, const QString &topLabel) {
        painter.setPen(QPen(gridColor, 1));
        for (int step = 0; step <= 2; ++step) {
            const double y = plot.bottom() - step * plot.height() / 2.0;
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y));
        }
        painter.setPen(axisText);
        // The labels stay within the plot's height, clear of the titles above and below.
        const QRect labels(area.left(), plot.top(), axisWidth - margin / 2, plot.height() + 1);
        painter.drawText(labels, Qt::AlignRight | Qt::AlignTop, topLabel);
        if (plot.height() >= 2 * lineHeight) // else the two labels would overlap
            painter.drawText(labels, Qt::AlignRight | Qt::AlignBottom, QStringLiteral("0"));
    };

    // Requests per second.
    painter.setPen(pal.color(QPalette::Text));
    const int rateLegendLeft
        = drawLegend(painter, rateTitle, {{ChartPalette::requests(), tr("requests/s")}});
    painter.drawText(
        QRect(rateTitle.left(), rateTitle.top(), rateLegendLeft - rateTitle.left(), lineHeight),
        Qt::AlignVCenter | Qt::AlignLeft,
        metrics.elidedText(tr("Requests per second: %1").arg(locale.toString(last.requests)),
                           Qt::ElideRight, rateLegendLeft - rateTitle.left()));
    drawGrid(ratePlot, rateTopLabel);
    for (int i = 0; i < count; ++i) {
        if (points[i].requests == 0)
            continue;
        const double height = points[i].requests / rateTop * ratePlot.height();
        const QRectF bar(xFor(i, ratePlot) + slot * 0.1, ratePlot.bottom() - height, slot * 0.8,
                         height);
        painter.fillRect(bar, ChartPalette::requests());
    }

    // Latency.
    painter.setPen(pal.color(QPalette::Text));
    const int latencyLegendLeft = drawLegend(painter, latencyTitle,
                                             {{ChartPalette::p50(), tr("p50")},
                                              {ChartPalette::p99(), tr("p99")},
                                              {ChartPalette::loopLag(), tr("loop lag")}});
    const QString latencyNow = last.requests > 0
        ? tr("Latency: p50 %1, p99 %2")
              .arg(MonitorText::durationText(last.p50Us), MonitorText::durationText(last.p99Us))
        : tr("Latency");
    painter.drawText(
        QRect(latencyTitle.left(), latencyTitle.top(), latencyLegendLeft - latencyTitle.left(),
              lineHeight),
        Qt::AlignVCenter | Qt::AlignLeft,
        metrics.elidedText(latencyNow, Qt::ElideRight, latencyLegendLeft - latencyTitle.left()));
    drawGrid(latencyPlot, latencyTopLabel);
    // value() < 0: nothing was measured in that second.
    const auto drawLine = [&](const QColor &color, auto value) {
        QPainterPath path;
        bool drawing = false;
        for (int i = 0; i < count; ++i) {
            if (value(points[i]) < 0) {
                drawing = false; // a gap, not a drop to zero: nothing was measured
                continue;
            }
            const QPointF point(xFor(i, latencyPlot) + slot / 2,
                                latencyPlot.bottom()
                                    - value(points[i]) / latencyTopUs * latencyPlot.height());
            if (drawing) {
                path.lineTo(point);
            } else {
                path.moveTo(point);
                drawing = true;
            }
        }
        painter.setPen(QPen(color, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
        painter.drawPath(path);
        // A dot per measured second, so a lone second (one request, then silence) still shows.
        painter.setPen(Qt::NoPen);
        painter.setBrush(color);
        for (int i = 0; i < count; ++i) {
            if (value(points[i]) >= 0)
                painter.drawEllipse(
                    QPointF(xFor(i, latencyPlot) + slot / 2,
                            latencyPlot.bottom()
                                - value(points[i]) / latencyTopUs * latencyPlot.height()),
                    2.5, 2.5);
        }
        painter.setBrush(Qt::NoBrush);
    };
    // The loop's lag under the requests' latency: a blocked server thread shows in both.
    drawLine(ChartPalette::loopLag(),
             [](const RateSeries::Point &p) { return double(p.loopLagUs); });
    drawLine(ChartPalette::p99(),
             [](const RateSeries::Point &p) { return p.requests > 0 ? double(p.p99Us) : -1.0; });
    drawLine(ChartPalette::p50(),
             [](const RateSeries::Point &p) { return p.requests > 0 ? double(p.p50Us) : -1.0; });

    // Time axis.
    painter.setPen(axisText);
    const QRect timeAxis(plotLeft, latencyPlot.bottom() + 2, plotRight - plotLeft, lineHeight);
    const int seconds = series->windowSeconds();
    painter.drawText(timeAxis, Qt::AlignLeft | Qt::AlignVCenter, tr("-%1 s").arg(seconds));
    painter.drawText(timeAxis, Qt::AlignHCenter | Qt::AlignVCenter, tr("-%1 s").arg(seconds / 2));
    painter.drawText(timeAxis, Qt::AlignRight | Qt::AlignVCenter, tr("now"));
}
