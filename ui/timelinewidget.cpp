#include "timelinewidget.h"

#include "chartpalette.h"
#include "monitorfeed.h"
#include "monitortext.h"

#include <QtCore/QDateTime>
#include <QtCore/QHash>
#include <QtCore/QLocale>
#include <QtGui/QAction>
#include <QtGui/QHelpEvent>
#include <QtGui/QKeySequence>
#include <QtGui/QPainter>
#include <QtGui/QWheelEvent>
#include <QtWidgets/QToolTip>

#include <algorithm>
#include <array>
#include <limits>

namespace {
constexpr int maxStack = 8; // overlapping bars per lane drawn side by side; more overlap
}

TimelineWidget::TimelineWidget(MonitorFeed *feed, QWidget *parent)
    : QWidget(parent)
    , m_feed(feed)
{
    setObjectName(QStringLiteral("timeline"));
    setAccessibleName(tr("Concurrency timeline, one lane per thread"));
    setBackgroundRole(QPalette::Base);
    setAutoFillBackground(true);
    setToolTip(QString()); // tooltips are per bar, see event()
    connect(feed, &MonitorFeed::updated, this, &TimelineWidget::onFeedUpdated);

    m_zoomInAction = new QAction(tr("Zoom Timeline &In"), this);
    m_zoomInAction->setObjectName(QStringLiteral("timelineZoomInAction"));
    m_zoomInAction->setShortcut(QKeySequence::ZoomIn);
    m_zoomInAction->setStatusTip(tr("Show a shorter stretch of the timeline in more detail"));
    connect(m_zoomInAction, &QAction::triggered, this, &TimelineWidget::zoomIn);
    m_zoomOutAction = new QAction(tr("Zoom Timeline &Out"), this);
    m_zoomOutAction->setObjectName(QStringLiteral("timelineZoomOutAction"));
    m_zoomOutAction->setShortcut(QKeySequence::ZoomOut);
    m_zoomOutAction->setStatusTip(tr("Show a longer stretch of the timeline"));
    connect(m_zoomOutAction, &QAction::triggered, this, &TimelineWidget::zoomOut);
    m_resetZoomAction = new QAction(tr("&Reset Timeline Zoom"), this);
    m_resetZoomAction->setObjectName(QStringLiteral("timelineResetZoomAction"));
    m_resetZoomAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    m_resetZoomAction->setStatusTip(
        tr("Show the last %1 s of the timeline again").arg(defaultVisibleMs / 1000));
    connect(m_resetZoomAction, &QAction::triggered, this, &TimelineWidget::resetZoom);
    addActions({m_zoomInAction, m_zoomOutAction, m_resetZoomAction});
    updateZoomActions();
}

void TimelineWidget::zoomIn()
{
    setVisibleMs(m_visibleMs / 2);
}

void TimelineWidget::zoomOut()
{
    setVisibleMs(m_visibleMs * 2);
}

void TimelineWidget::resetZoom()
{
    setVisibleMs(defaultVisibleMs);
}

void TimelineWidget::updateZoomActions()
{
    m_zoomInAction->setEnabled(m_visibleMs > minimumVisibleMs);
    m_zoomOutAction->setEnabled(m_visibleMs < m_feed->timeline()->windowMs());
    m_resetZoomAction->setEnabled(m_visibleMs != defaultVisibleMs);
}

QList<int> TimelineWidget::laneThreads() const
{
    QList<int> threads;
    for (const TimelineData::Lane &lane : m_feed->timeline()->lanes())
        threads.append(lane.thread);
    return threads;
}

void TimelineWidget::onFeedUpdated()
{
    // The feed updates for anything in the window (up to 30 times a second); only bars in our
    // span move here. Bars drawn last time must be repainted even if they have left the span
    // since, or they would stay on screen; the grid alone may stand still.
    const TimelineData *data = m_feed->timeline();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const bool repaint = !m_painted || !m_hits.isEmpty()
        || data->hasBarsIn(nowMs - m_visibleMs, nowMs) || laneThreads() != m_paintedLanes;
    if (!repaint)
        return;
    ++m_feedRepaints;
    update();
}

QString TimelineWidget::spanText() const
{
    // Zooming halves the span: 7.5 s and 3.75 s are spans too, not "7 s" and "3 s".
    return QLocale().toString(double(m_visibleMs) / 1000.0, 'f', QLocale::FloatingPointShortest);
}

QString TimelineWidget::title() const
{
    return tr("Timeline, last %1 s (Ctrl+wheel zooms)").arg(spanText());
}

void TimelineWidget::setVisibleMs(qint64 ms)
{
    m_visibleMs = std::clamp<qint64>(ms, minimumVisibleMs, m_feed->timeline()->windowMs());
    updateZoomActions();
    update();
}

QSize TimelineWidget::sizeHint() const
{
    return QSize(fontMetrics().height() * 36, fontMetrics().height() * 14);
}

QSize TimelineWidget::minimumSizeHint() const
{
    return QSize(fontMetrics().height() * 14, fontMetrics().height() * 6);
}

void TimelineWidget::wheelEvent(QWheelEvent *event)
{
    // Ctrl+wheel zooms the time axis; a plain wheel is left to the parent (it may scroll).
    if (!(event->modifiers() & Qt::ControlModifier) || event->angleDelta().y() == 0) {
        QWidget::wheelEvent(event);
        return;
    }
    if (event->angleDelta().y() > 0)
        zoomIn();
    else
        zoomOut();
    event->accept();
}

void TimelineWidget::paintEvent(QPaintEvent *)
{
    m_hits.clear();
    // No antialiasing: everything here is an axis-aligned rectangle or line, and aliased
    // opaque fills take the raster engine's fast path (AA fills go through spans, and tall
    // ones through a thread pool the GUI thread then waits for: measured with
    // servescope-guiload, it cost about a fifth of the window's CPU under load).
    QPainter painter(this);
    const QPalette &pal = palette();
    const QFontMetrics metrics = fontMetrics();
    const int lineHeight = metrics.height();
    const int margin = lineHeight / 2;

    const TimelineData *data = m_feed->timeline();
    const QList<TimelineData::Lane> lanes = data->lanes();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    const qint64 fromMs = nowMs - m_visibleMs;
    m_painted = true;
    m_paintedLanes = laneThreads();

    QColor axisText = pal.color(QPalette::Text);
    axisText.setAlphaF(0.7);
    QColor gridColor = pal.color(QPalette::Text);
    gridColor.setAlphaF(0.12);

    // Title and legend.
    const QRect area = rect().adjusted(margin, margin / 2, -margin, -margin / 2);
    const QRect titleRow(area.left(), area.top(), area.width(), lineHeight);
    int legendLeft = titleRow.right();
    {
        const int box = lineHeight / 2 + 2;
        int x = titleRow.right();
        const struct
        {
            QColor color;
            Qt::BrushStyle brush;
            QString text;
        } legend[] = {
            {ChartPalette::failed(), Qt::SolidPattern, tr("error")},
            {ChartPalette::open(), Qt::SolidPattern, tr("running")},
            {ChartPalette::finished(), Qt::BDiagPattern, tr("waiting")},
            {ChartPalette::finished(), Qt::SolidPattern, tr("handled")},
        };
        for (const auto &item : legend) {
            const int width = metrics.horizontalAdvance(item.text);
            x -= width;
            painter.setPen(pal.color(QPalette::Text));
            painter.drawText(QRect(x, titleRow.top(), width, lineHeight), Qt::AlignVCenter,
                             item.text);
            x -= box + 4;
            const QRect swatch(x, titleRow.center().y() - box / 2, box, box);
            painter.fillRect(swatch, QBrush(item.color, item.brush));
            painter.setPen(item.color);
            painter.drawRect(swatch);
            x -= 12;
        }
        legendLeft = x;
    }
    // The title gets what the legend leaves, elided rather than drawn under it.
    painter.setPen(pal.color(QPalette::Text));
    const QString title = this->title();
    const int titleWidth = std::max(0, legendLeft - titleRow.left());
    painter.drawText(QRect(titleRow.left(), titleRow.top(), titleWidth, lineHeight),
                     Qt::AlignLeft | Qt::AlignVCenter,
                     metrics.elidedText(title, Qt::ElideRight, titleWidth));

    int labelWidth = 0;
    for (const TimelineData::Lane &lane : lanes)
        labelWidth = std::max(labelWidth, metrics.horizontalAdvance(lane.name));
    labelWidth += margin;
    const QRect plot(area.left() + labelWidth, titleRow.bottom() + 4, area.width() - labelWidth,
                     area.height() - 2 * lineHeight - 6);
    if (lanes.isEmpty() || plot.width() < 40 || plot.height() < 10)
        return;

    const double laneHeight = double(plot.height()) / lanes.size();
    const auto xFor = [&](qint64 ms) {
        return plot.left() + double(ms - fromMs) * plot.width() / double(m_visibleMs);
    };

    // Lanes, labels and time grid.
    QHash<int, int> laneOf;
    for (int i = 0; i < lanes.size(); ++i) {
        laneOf.insert(lanes[i].thread, i);
        const QRectF laneRect(plot.left(), plot.top() + i * laneHeight, plot.width(), laneHeight);
        if (i % 2 == 1)
            painter.fillRect(laneRect, pal.color(QPalette::AlternateBase));
        painter.setPen(axisText);
        painter.drawText(QRectF(area.left(), laneRect.top(), labelWidth - margin / 2, laneHeight),
                         Qt::AlignRight | Qt::AlignVCenter, lanes[i].name);
    }
    const qint64 stepMs = m_visibleMs <= 10000 ? 1000 : m_visibleMs <= 30000 ? 5000 : 10000;
    painter.setPen(QPen(gridColor, 1));
    for (qint64 t = (fromMs / stepMs + 1) * stepMs; t <= nowMs; t += stepMs)
        painter.drawLine(QPointF(xFor(t), plot.top()), QPointF(xFor(t), plot.bottom()));
    painter.setPen(axisText);
    const QRect timeAxis(plot.left(), plot.bottom() + 2, plot.width(), lineHeight);
    painter.drawText(timeAxis, Qt::AlignLeft | Qt::AlignVCenter, tr("-%1 s").arg(spanText()));
    painter.drawText(timeAxis, Qt::AlignRight | Qt::AlignVCenter, tr("now"));

    // Bars: greedy packing per lane so overlapping requests stack instead of hiding each other.
    const QList<TimelineData::Bar> bars = data->bars(fromMs, nowMs);
    struct Placed
    {
        int lane;
        int row;
    };
    QList<Placed> placed;
    placed.reserve(bars.size());
    QHash<int, std::array<qint64, maxStack>> rowEnds; // lane -> end of the last bar per row
    QList<int> depth(lanes.size(), 1);
    for (const TimelineData::Bar &bar : bars) {
        const int lane = laneOf.value(bar.thread, -1);
        if (lane < 0) {
            placed.append({-1, 0});
            continue;
        }
        auto ends = rowEnds.find(lane);
        if (ends == rowEnds.end()) {
            std::array<qint64, maxStack> empty;
            empty.fill(std::numeric_limits<qint64>::min());
            ends = rowEnds.insert(lane, empty);
        }
        int row = 0;
        while (row < maxStack - 1 && (*ends)[row] > bar.startMs)
            ++row;
        (*ends)[row] = std::max((*ends)[row], bar.isOpen() ? nowMs : bar.endMs);
        depth[lane] = std::max(depth[lane], row + 1);
        placed.append({lane, row});
    }
    painter.setClipRect(plot);
    // Under load thousands of bars land on a few pixels: touching solid bars of one colour in
    // one row are filled as one rectangle (a run), which looks the same and costs one fill.
    struct Run
    {
        double x0 = 0;
        double x1 = -1; // x1 < x0: no run
        double top = 0;
        double height = 0;
        QColor color;
    };
    QList<Run> runs(lanes.size() * maxStack);
    const auto flush = [&painter](Run &run) {
        if (run.x1 >= run.x0)
            painter.fillRect(QRectF(run.x0, run.top, run.x1 - run.x0, run.height), run.color);
        run.x1 = run.x0 - 1;
    };
    for (qsizetype i = 0; i < bars.size(); ++i) {
        const TimelineData::Bar &bar = bars[i];
        const int lane = placed[i].lane;
        if (lane < 0)
            continue;
        const qint64 endMs = bar.isOpen() ? nowMs : bar.endMs;
        const double rowHeight = (laneHeight - 4) / depth[lane];
        const double top = plot.top() + lane * laneHeight + 2 + placed[i].row * rowHeight;
        const double height = std::max(2.0, rowHeight - 1);
        const double x0 = xFor(bar.startMs);
        const double xHandle = xFor(std::clamp(bar.handleStartMs, bar.startMs, endMs));
        const double x1 = std::max(xFor(endMs), x0 + 2.0); // even a 50 µs request is visible

        const QColor color = bar.isOpen() ? ChartPalette::open()
            : bar.status >= 400           ? ChartPalette::failed()
                                          : ChartPalette::finished();
        Run &run = runs[lane * maxStack + placed[i].row];
        if (xHandle > x0 + 0.5) {
            flush(run); // what was drawn before stays beneath, as without runs
            const QRectF waiting(x0, top, xHandle - x0, height);
            painter.fillRect(waiting, QBrush(color, Qt::BDiagPattern));
            painter.setPen(QPen(color, 1));
            painter.drawRect(waiting);
        }
        const double handledLeft = std::max(xHandle, x0);
        if (run.x1 >= run.x0 && handledLeft <= run.x1 && color == run.color && top == run.top
            && height == run.height) {
            run.x1 = std::max(run.x1, x1);
        } else {
            flush(run);
            run = Run {handledLeft, x1, top, height, color};
        }
        m_hits.append({QRectF(x0, top, x1 - x0, height), bar});
    }
    for (Run &run : runs)
        flush(run);
}

QString TimelineWidget::barToolTip(const TimelineData::Bar &bar, qint64 nowMs)
{
    const qint64 endMs = bar.isOpen() ? nowMs : bar.endMs;
    QString text = QString::fromLatin1(bar.method) + QLatin1Char(' ')
        + QString::fromUtf8(bar.target) + QLatin1Char('\n');
    text += bar.isOpen()
        ? tr("running for %1").arg(MonitorText::durationText((endMs - bar.startMs) * 1000))
        : tr("status %1, took %2")
              .arg(bar.status)
              .arg(MonitorText::durationText((endMs - bar.startMs) * 1000));
    if (bar.handleStartMs > bar.startMs)
        text += QLatin1Char('\n')
            + tr("waited %1 for a handler")
                  .arg(MonitorText::durationText((bar.handleStartMs - bar.startMs) * 1000));
    // One string, so a translation chooses its own separator (Chinese lists with "、").
    text += QLatin1Char('\n')
        + tr("%1, %2", "timeline tooltip: the thread that handled the request, then the mode")
              .arg(MonitorText::threadName(bar.thread), MonitorText::modeName(bar.mode));
    return text;
}

bool TimelineWidget::event(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    auto *help = static_cast<QHelpEvent *>(event);
    for (auto it = m_hits.crbegin(); it != m_hits.crend(); ++it) {
        if (!it->rect.adjusted(-2, -2, 2, 2).contains(help->pos()))
            continue;
        QToolTip::showText(help->globalPos(),
                           barToolTip(it->bar, QDateTime::currentMSecsSinceEpoch()), this);
        return true;
    }
    QToolTip::hideText();
    event->ignore();
    return true;
}
