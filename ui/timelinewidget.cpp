#include "timelinewidget.h"

#include "chartpalette.h"
#include "exportlocation.h"
#include "monitorfeed.h"
#include "monitortext.h"
#include "requestselection.h"
#include "serverclock.h"
#include "traceexporter.h"

#include <QtCore/QHash>
#include <QtCore/QLocale>
#include <QtGui/QAction>
#include <QtGui/QHelpEvent>
#include <QtGui/QKeySequence>
#include <QtGui/QMouseEvent>
#include <QtGui/QPainter>
#include <QtGui/QWheelEvent>
#include <QtWidgets/QFileDialog>
#include <QtWidgets/QToolTip>

#include <algorithm>
#include <array>
#include <limits>

namespace {
constexpr int maxStack = 8; // rows of a shared lane; what overlaps more is counted, "+N more"
constexpr double minSegmentPx = 3.0; // narrower pieces on a thread lane count per pixel

QColor segmentColor(const TimelineData::Segment &segment)
{
    switch (segment.kind) {
    case TimelineData::SegmentKind::Waiting:
        return ChartPalette::waiting();
    case TimelineData::SegmentKind::Blocked:
        return ChartPalette::blocked();
    case TimelineData::SegmentKind::Parked:
        return ChartPalette::parked();
    case TimelineData::SegmentKind::Writing:
        return ChartPalette::sending();
    case TimelineData::SegmentKind::ServerRead:
    case TimelineData::SegmentKind::ServerWrite:
        return ChartPalette::serverIo();
    case TimelineData::SegmentKind::Running:
        break;
    }
    return segment.status >= 400 ? ChartPalette::failed() : ChartPalette::running();
}

// Qt's raster engine fills an area of 96 rows or more that is not an opaque colour (a
// translucent one, a pattern, a pen's line) in its GUI thread pool, and the GUI thread waits
// for it: under load, measured with servescope-guiload, that cost about a fifth of the
// window's CPU. So tall pieces here are opaque, or filled in bands of at most 64 rows.
constexpr int bandRows = 64;

// A translucent colour as it looks over an opaque one.
QColor over(const QColor &top, const QColor &bottom)
{
    const float a = top.alphaF();
    return QColor::fromRgbF(top.redF() * a + bottom.redF() * (1 - a),
                            top.greenF() * a + bottom.greenF() * (1 - a),
                            top.blueF() * a + bottom.blueF() * (1 - a));
}

void fillInBands(QPainter &painter, const QRectF &rect, const QBrush &brush)
{
    for (double top = rect.top(); top < rect.bottom(); top += bandRows)
        painter.fillRect(
            QRectF(rect.left(), top, rect.width(), std::min<double>(bandRows, rect.bottom() - top)),
            brush);
}

// A frame \a width px thick just inside \a box (what drawRect() draws, without a pen).
void outline(QPainter &painter, const QRectF &box, const QColor &color, double width = 1)
{
    painter.fillRect(QRectF(box.left(), box.top(), box.width(), width), color);
    painter.fillRect(QRectF(box.left(), box.bottom() - width, box.width(), width), color);
    fillInBands(painter, QRectF(box.left(), box.top(), width, box.height()), color);
    fillInBands(painter, QRectF(box.right() - width, box.top(), width, box.height()), color);
}

} // namespace

TimelineWidget::TimelineWidget(MonitorFeed *feed, QWidget *parent)
    : QWidget(parent)
    , m_feed(feed)
{
    setObjectName(QStringLiteral("timeline"));
    setAccessibleName(tr("Concurrency timeline: a lane per thread, the timers and the queues"));
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
    m_exportTraceAction = new QAction(tr("Export Timeline as &Trace…"), this);
    m_exportTraceAction->setObjectName(QStringLiteral("exportTraceAction"));
    m_exportTraceAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_T));
    m_exportTraceAction->setStatusTip(
        tr("Save the timeline shown as a trace that Perfetto or chrome://tracing opens"));
    connect(m_exportTraceAction, &QAction::triggered, this,
            &TimelineWidget::exportTraceInteractively);
    addActions({m_zoomInAction, m_zoomOutAction, m_resetZoomAction, m_exportTraceAction});
    updateZoomActions();
}

void TimelineWidget::setSelection(RequestSelection *selection)
{
    if (m_selection)
        disconnect(m_selection, nullptr, this, nullptr);
    m_selection = selection;
    if (m_selection)
        connect(m_selection, &RequestSelection::selectionChanged, this,
                &TimelineWidget::onSelectionChanged);
    update();
}

void TimelineWidget::onSelectionChanged()
{
    // Widen the span to the oldest selected request still here, in whole zoom steps.
    const TimelineData *data = m_feed->timeline();
    qint64 oldestUs = 0;
    for (quint64 id : m_selection->ids()) {
        const TimelineData::Request *request = data->request(id);
        if (request && request->startUs() > 0 && (oldestUs == 0 || request->startUs() < oldestUs))
            oldestUs = request->startUs();
    }
    if (oldestUs > 0) {
        const qint64 neededMs = ServerClock::nowMs() - oldestUs / 1000;
        qint64 span = m_visibleMs;
        while (span < neededMs && span < data->windowMs())
            span *= 2;
        if (span != m_visibleMs)
            setVisibleMs(span);
    }
    update();
}

void TimelineWidget::mousePressEvent(QMouseEvent *event)
{
    if (!m_selection || event->button() != Qt::LeftButton) {
        QWidget::mousePressEvent(event);
        return;
    }
    const QPointF pos = event->position();
    for (auto it = m_hits.crbegin(); it != m_hits.crend(); ++it) {
        if (it->rect.adjusted(-2, -2, 2, 2).contains(pos)) {
            m_selection->select(it->segment.requestId);
            event->accept();
            return;
        }
    }
    m_selection->clear();
    event->accept();
}

QString TimelineWidget::exportTrace(const QString &fileName) const
{
    const qint64 nowUs = ServerClock::nowUs();
    return TraceExporter::writeFile(fileName, *m_feed->timeline(), nowUs - m_visibleMs * 1000,
                                    nowUs);
}

void TimelineWidget::exportTraceInteractively()
{
    const QString suffix = QStringLiteral("json");
    QString fileName = QFileDialog::getSaveFileName(
        this, tr("Export Timeline as Trace"),
        ExportLocation::suggestedPath(QStringLiteral("servescope-trace"), suffix),
        tr("Trace Event files (*.json)"));
    if (fileName.isEmpty())
        return;
    fileName = ExportLocation::withSuffix(fileName, suffix);
    const QString error = exportTrace(fileName);
    if (!error.isEmpty()) {
        Q_EMIT statusMessage(tr("Could not write %1: %2").arg(fileName, error));
        return;
    }
    ExportLocation::remember(fileName);
    Q_EMIT statusMessage(tr("Saved the last %1 s of the timeline to %2; open it in ui.perfetto.dev")
                             .arg(spanText(), fileName));
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

void TimelineWidget::onFeedUpdated()
{
    // The feed updates for anything in the window (up to 30 times a second); only bars in our
    // span move here. Bars drawn last time must be repainted even if they have left the span
    // since, or they would stay on screen; the grid alone may stand still.
    const TimelineData *data = m_feed->timeline();
    const qint64 nowMs = ServerClock::nowMs();
    const QList<TimelineData::Lane> lanes = data->lanes();
    if (lanes.size() != m_paintedLanes.size())
        updateGeometry(); // the minimum height follows the lane count
    const bool repaint = !m_painted || !m_hits.isEmpty()
        || data->hasRequestsIn(nowMs - m_visibleMs, nowMs) || lanes != m_paintedLanes;
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
    // A line per lane, so that no two lane names overlap, plus the title and the time axis.
    const int lanes = int(m_feed->timeline()->lanes().size());
    return QSize(fontMetrics().height() * 14, fontMetrics().height() * std::max(6, lanes + 3));
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
    m_outlined.clear();
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
    const qint64 nowUs = ServerClock::nowUs();
    const qint64 nowMs = nowUs / 1000;
    const qint64 fromMs = nowMs - m_visibleMs;
    m_painted = true;
    m_paintedLanes = lanes;
    m_hiddenCounts = QList<int>(lanes.size(), 0);
    m_laneHeights.clear();

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
            {ChartPalette::waiting(), Qt::BDiagPattern, tr("waiting")},
            {ChartPalette::parked(), Qt::NoBrush, tr("parked: no thread")},
            {ChartPalette::blocked(), Qt::SolidPattern, tr("blocked: thread held")},
            {ChartPalette::running(), Qt::SolidPattern, tr("running")},
            {ChartPalette::serverIo(), Qt::SolidPattern, tr("reading, parsing, writing")},
        };
        for (const auto &item : legend) {
            const int width = m_textWidths.width(metrics, item.text);
            x -= width;
            painter.setPen(pal.color(QPalette::Text));
            m_texts.draw(painter, QRect(x, titleRow.top(), width, lineHeight), Qt::AlignVCenter,
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
    m_texts.draw(painter, QRect(titleRow.left(), titleRow.top(), titleWidth, lineHeight),
                 Qt::AlignLeft | Qt::AlignVCenter, title); // elided when too wide

    int labelWidth = 0;
    for (const TimelineData::Lane &lane : lanes)
        labelWidth = std::max(labelWidth, m_textWidths.width(metrics, lane.name));
    labelWidth += margin;
    const QRect plot(area.left() + labelWidth, titleRow.bottom() + 4, area.width() - labelWidth,
                     area.height() - 2 * lineHeight - 6);
    if (lanes.isEmpty() || plot.width() < 40 || plot.height() < 10)
        return;

    const QList<QList<TimelineData::Segment>> laneSegments
        = data->segmentsByLane(lanes, fromMs, nowMs, nowUs);
    qsizetype segmentCount = 0;
    for (const QList<TimelineData::Segment> &lane : laneSegments)
        segmentCount += lane.size();
    m_hits.reserve(segmentCount);
    // A crowded queue or timers lane gets more room (up to three lanes' worth), so that
    // overlapping requests stay apart; the rest share what is left.
    QList<double> weights(lanes.size(), 1.0);
    for (int i = 0; i < lanes.size(); ++i) {
        if (lanes[i].isShared() && !laneSegments[i].isEmpty())
            weights[i] += (TimelineData::pack(laneSegments[i], maxStack).rows - 1) * 2.0 / 7.0;
    }
    double totalWeight = 0;
    for (double weight : weights)
        totalWeight += weight;
    // Every lane first gets a line (or its equal share when even that does not fit), so a
    // crowded queue never squeezes a thread's lane; only the room left follows the weights.
    const double base = std::min<double>(lineHeight, double(plot.height()) / lanes.size());
    const double spare = plot.height() - base * lanes.size();
    QList<double> laneTops(lanes.size() + 1, plot.top());
    m_laneHeights.clear();
    for (int i = 0; i < lanes.size(); ++i) {
        laneTops[i + 1] = laneTops[i] + base + spare * weights[i] / totalWeight;
        m_laneHeights.append(laneTops[i + 1] - laneTops[i]);
    }
    const auto laneRectOf = [&](int i) {
        return QRectF(plot.left(), laneTops[i], plot.width(), laneTops[i + 1] - laneTops[i]);
    };
    const auto laneBackground = [&](int i) {
        return pal.color(i % 2 == 1 ? QPalette::AlternateBase : QPalette::Base);
    };
    // A vertical rule over every lane, 1 px wide, in opaque pieces (see over()); \a dash > 0
    // draws dash pixels on, dash / 2 off.
    const auto verticalRule = [&](double x, const QColor &color, int dash) {
        for (int i = 0; i < lanes.size(); ++i) {
            const QColor shade = over(color, laneBackground(i));
            const double top = laneTops[i];
            const double bottom = laneTops[i + 1];
            const double length = dash > 0 ? dash : bottom - top;
            const double step = dash > 0 ? dash * 1.5 : bottom - top;
            for (double y = top; y < bottom; y += step)
                painter.fillRect(QRectF(x, y, 1, std::min(length, bottom - y)), shade);
        }
    };
    const double usPerPx = double(m_visibleMs) * 1000.0 / plot.width();
    const auto xFor = [&](qint64 us) {
        return plot.left() + double(us - fromMs * 1000) / usPerPx;
    };

    // Lanes, labels and time grid; a thin rule sets the queues and the timers off the threads.
    for (int i = 0; i < lanes.size(); ++i) {
        const QRectF laneRect = laneRectOf(i);
        if (i % 2 == 1)
            painter.fillRect(laneRect, pal.color(QPalette::AlternateBase));
        painter.setPen(lanes[i].isShared() ? axisText : pal.color(QPalette::Text));
        // Squeezed lanes get a smaller font rather than names drawn over each other.
        const bool squeezed = laneRect.height() < lineHeight;
        if (squeezed) {
            QFont small = font();
            small.setPixelSize(std::max(6, int(laneRect.height()) - 1));
            painter.setFont(small);
        }
        (squeezed ? m_squeezedTexts : m_texts)
            .draw(painter,
                  QRectF(area.left(), laneRect.top(), labelWidth - margin / 2, laneRect.height()),
                  Qt::AlignRight | Qt::AlignVCenter, lanes[i].name);
        if (squeezed)
            painter.setFont(font());
        if (i > 0 && lanes[i].isShared() != lanes[i - 1].isShared()) {
            painter.fillRect(QRectF(plot.left(), laneRect.top(), plot.width(), 1), axisText);
        }
    }
    const qint64 stepMs = m_visibleMs <= 10000 ? 1000 : m_visibleMs <= 30000 ? 5000 : 10000;
    for (qint64 t = (fromMs / stepMs + 1) * stepMs; t <= nowMs; t += stepMs)
        verticalRule(xFor(t * 1000), gridColor, 0);
    painter.setPen(axisText);
    const QRect timeAxis(plot.left(), plot.bottom() + 2, plot.width(), lineHeight);
    m_texts.draw(painter, timeAxis, Qt::AlignLeft | Qt::AlignVCenter, tr("-%1 s").arg(spanText()));
    m_texts.draw(painter, timeAxis, Qt::AlignRight | Qt::AlignVCenter, tr("now"));

    painter.setClipRect(plot);
    const auto drawSegment = [&](const TimelineData::Segment &segment, const QRectF &box) {
        const QColor color = segmentColor(segment);
        switch (segment.kind) {
        case TimelineData::SegmentKind::Waiting:
            fillInBands(painter, box, QBrush(color, Qt::BDiagPattern));
            outline(painter, box, color);
            break;
        case TimelineData::SegmentKind::Writing: // not on a lane of the timeline
        case TimelineData::SegmentKind::Parked:
            // An outline: a sleep on a timer occupies nothing but the timer.
            outline(painter, box, color);
            break;
        case TimelineData::SegmentKind::Running:
        case TimelineData::SegmentKind::Blocked:
        case TimelineData::SegmentKind::ServerRead:
        case TimelineData::SegmentKind::ServerWrite:
            painter.fillRect(box, color);
            if (box.width() >= 2 * minSegmentPx) {
                // Adjacent requests on one thread stay apart.
                painter.fillRect(QRectF(box.left(), box.top(), 1, box.height()),
                                 pal.color(QPalette::Base));
            }
            break;
        }
        m_hits.append({box, segment});
    };

    // Requests let go for the count (a high rate) are drawn from their totals, per pixel.
    const bool withTotals = data->totalsEndUs() > fromMs * 1000;
    for (int laneIndex = 0; laneIndex < lanes.size(); ++laneIndex) {
        const TimelineData::Lane &lane = lanes[laneIndex];
        const QList<TimelineData::Segment> &mine = laneSegments[laneIndex];
        const QList<TimelineData::Totals> totals = withTotals
            ? data->totals(lane, fromMs * 1000, usPerPx, plot.width() + 1)
            : QList<TimelineData::Totals>();
        const bool anyTotals
            = std::any_of(totals.cbegin(), totals.cend(),
                          [](const TimelineData::Totals &t) { return !t.isEmpty(); });
        if (mine.isEmpty() && !anyTotals)
            continue;
        const QRectF laneRect = laneRectOf(laneIndex);
        const double laneTop = laneRect.top() + 2;
        const double innerHeight = std::max(2.0, laneRect.height() - 4);
        // A shared lane's rows: as deep as fit (at least 3 px each), at most maxStack.
        const int fit = std::clamp(int(innerHeight / 3.0), 1, maxStack);
        if (lane.isShared() && anyTotals) {
            // How many waited (or slept) on average in each pixel, against the rows that fit.
            for (int px = 0; px <= plot.width(); ++px) {
                const qint64 us = totals[px].waitingUs + totals[px].parkedUs;
                if (us <= 0)
                    continue;
                const double height
                    = std::max(1.0, std::min(1.0, double(us) / usPerPx / fit) * innerHeight);
                QColor color = totals[px].parkedUs > totals[px].waitingUs ? ChartPalette::parked()
                                                                          : ChartPalette::waiting();
                color.setAlphaF(0.6);
                color = over(color, laneBackground(laneIndex));
                painter.fillRect(
                    QRectF(plot.left() + px, laneTop + innerHeight - height, 1, height), color);
            }
        }
        if (lane.isShared()) {
            // What does not fit in the rows is counted.
            const TimelineData::Packing packing = TimelineData::pack(mine, fit);
            const double rowHeight = innerHeight / std::max(1, packing.rows);
            // Under load thousands of waits in a row land on the same pixels: a box on exactly
            // the pixels of the row's last one is not drawn again (it still answers a tooltip
            // or a click).
            struct Drawn
            {
                int x0 = 0;
                int x1 = -1;
                TimelineData::SegmentKind kind = TimelineData::SegmentKind::Waiting;
            };
            QList<Drawn> lastDrawn(packing.rows);
            for (qsizetype i = 0; i < mine.size(); ++i) {
                const int row = packing.row[i];
                if (row < 0)
                    continue;
                const double x0 = xFor(mine[i].startUs);
                const double x1 = std::max(xFor(mine[i].endUs), x0 + 2.0);
                const QRectF box(x0, laneTop + row * rowHeight, x1 - x0,
                                 std::max(2.0, rowHeight - 1));
                Drawn &last = lastDrawn[row];
                const Drawn now {qRound(x0), qRound(x1), mine[i].kind};
                if (now.kind == last.kind && now.x0 == last.x0 && now.x1 == last.x1) {
                    m_hits.append({box, mine[i]});
                    continue;
                }
                last = now;
                drawSegment(mine[i], box);
            }
            m_hiddenCounts[laneIndex] = packing.hidden;
            continue;
        }
        // A thread does one thing at a time: wide pieces are drawn as they are; narrow ones
        // add the time they cover to their pixels, drawn as that fraction of the lane's height.
        QList<double> busyUs(plot.width() + 1, 0.0);
        QList<double> blockedUs(plot.width() + 1, 0.0);
        QList<double> failedUs(plot.width() + 1, 0.0);
        QList<double> ioUs(plot.width() + 1, 0.0);
        bool anyNarrow = anyTotals;
        for (int px = 0; anyTotals && px <= plot.width(); ++px) {
            busyUs[px] += double(totals[px].runningUs);
            failedUs[px] += double(totals[px].failedUs);
            blockedUs[px] += double(totals[px].blockedUs);
            ioUs[px] += double(totals[px].serverIoUs);
        }
        for (const TimelineData::Segment &segment : mine) {
            const double x0 = xFor(segment.startUs);
            const double x1 = xFor(segment.endUs);
            if (x1 - x0 >= minSegmentPx) {
                drawSegment(segment, QRectF(x0, laneTop, x1 - x0, innerHeight));
                continue;
            }
            anyNarrow = true;
            QList<double> &column = segment.isServerIo()             ? ioUs
                : segment.kind == TimelineData::SegmentKind::Blocked ? blockedUs
                : segment.status >= 400                              ? failedUs
                                                                     : busyUs;
            qint64 us = std::max<qint64>(segment.startUs, fromMs * 1000);
            while (us < segment.endUs) {
                const int px = int((us - fromMs * 1000) / usPerPx);
                if (px < 0 || px > plot.width())
                    break;
                const qint64 pixelEnd = fromMs * 1000 + qint64((px + 1) * usPerPx);
                const qint64 stop = std::min(segment.endUs, std::max(pixelEnd, us + 1));
                column[px] += double(stop - us);
                us = stop;
            }
            // Even a 50 µs request leaves a mark to point at.
            m_hits.append({QRectF(x0, laneTop, std::max(2.0, x1 - x0), innerHeight), segment});
        }
        if (!anyNarrow)
            continue;
        for (int px = 0; px <= plot.width(); ++px) {
            double bottom = laneTop + innerHeight;
            for (const auto &[columnUs, color] :
                 {std::pair<const QList<double> &, QColor>(busyUs, ChartPalette::running()),
                  std::pair<const QList<double> &, QColor>(failedUs, ChartPalette::failed()),
                  std::pair<const QList<double> &, QColor>(ioUs, ChartPalette::serverIo()),
                  std::pair<const QList<double> &, QColor>(blockedUs, ChartPalette::blocked())}) {
                if (columnUs[px] <= 0)
                    continue;
                // At least one pixel high: busy for any time at all is never drawn as idle.
                const double height
                    = std::max(1.0, std::min(1.0, columnUs[px] / usPerPx) * innerHeight);
                painter.fillRect(QRectF(plot.left() + px, bottom - height, 1, height), color);
                bottom -= height;
            }
        }
    }
    // The picked requests, outlined over whatever they share a lane with.
    if (m_selection && !m_selection->isEmpty()) {
        for (const Hit &hit : std::as_const(m_hits)) {
            if (!m_selection->contains(hit.segment.requestId))
                continue;
            // Text's colour reads on every phase colour.
            outline(painter, hit.rect.adjusted(-2, -2, 2, 2), pal.color(QPalette::Text), 2);
            if (!m_outlined.contains(hit.segment.requestId))
                m_outlined.append(hit.segment.requestId);
        }
    }
    if (withTotals) {
        // Where the lanes turn from totals to single requests, and how many were let go.
        const double x = std::min(xFor(data->totalsEndUs()), double(plot.right()));
        verticalRule(x, axisText, 4);
        const QString note
            = tr("← %1 older requests, drawn as totals")
                  .arg(QLocale().toString(data->totalledRequests(fromMs * 1000, nowUs)));
        const int width = metrics.horizontalAdvance(note) + 6;
        const QRectF box(x - width >= plot.left() ? x - width : x, plot.bottom() - lineHeight,
                         width, lineHeight);
        painter.fillRect(box, pal.color(QPalette::ToolTipBase));
        painter.setPen(pal.color(QPalette::ToolTipText));
        m_texts.draw(painter, box, Qt::AlignCenter, note);
    }
    painter.setClipping(false);
    // Said on the lane, never hidden silently: how much did not fit.
    for (int i = 0; i < lanes.size(); ++i) {
        if (m_hiddenCounts[i] == 0)
            continue;
        const QString more = tr("+%1 more").arg(QLocale().toString(m_hiddenCounts[i]));
        const int width = metrics.horizontalAdvance(more) + 6;
        const QRectF box(plot.right() - width, laneTops[i] + 1, width,
                         std::min<double>(laneTops[i + 1] - laneTops[i] - 2, lineHeight));
        painter.fillRect(box, pal.color(QPalette::ToolTipBase));
        painter.setPen(pal.color(QPalette::ToolTipText));
        m_texts.draw(painter, box, Qt::AlignCenter, more);
    }
}

QString TimelineWidget::segmentToolTip(const TimelineData::Segment &segment,
                                       const TimelineData::Request &request, qint64 nowUs)
{
    const RequestPhases &p = request.phases;
    QString text = QString::fromLatin1(request.method) + QLatin1Char(' ')
        + QString::fromUtf8(request.target) + QLatin1Char('\n');
    const QString length = MonitorText::durationText(segment.endUs - segment.startUs);
    switch (segment.kind) {
    case TimelineData::SegmentKind::Waiting:
        text += segment.lane == TimelineData::LaneKind::Kernel
            ? tr("unread in the kernel for %1 (arrived, not read yet)").arg(length)
            : segment.lane == TimelineData::LaneKind::Turn
            ? tr("waited %1 for its turn").arg(length)
            : tr("waited %1 for a free worker").arg(length);
        break;
    case TimelineData::SegmentKind::Running:
        text += tr("running on %1 for %2").arg(MonitorText::threadName(segment.thread), length);
        break;
    case TimelineData::SegmentKind::Blocked:
        text += tr("blocked %1 for %2: the thread is held and does nothing")
                    .arg(MonitorText::threadName(segment.thread), length);
        break;
    case TimelineData::SegmentKind::Parked:
        text += tr("parked on a timer for %1: no thread is held").arg(length);
        break;
    case TimelineData::SegmentKind::Writing:
        text += tr("its response went out for %1, as fast as the client read it").arg(length);
        break;
    case TimelineData::SegmentKind::ServerRead:
        text += tr("the server thread read and parsed its head in %1").arg(length);
        break;
    case TimelineData::SegmentKind::ServerWrite:
        text += tr("the server thread wrote its response in %1").arg(length);
        break;
    }
    if (segment.open)
        text += QLatin1Char(' ') + tr("(still going)");
    text += QLatin1Char('\n');
    const qint64 endUs = request.isOpen() ? nowUs : request.endUs;
    text += request.isOpen()
        ? tr("waited %1, in flight for %2")
              .arg(MonitorText::durationText(p.waitedUs()),
                   MonitorText::durationText(endUs - (p.arrivedUs > 0 ? p.arrivedUs : endUs)))
        : request.status > 0 && request.status != ServerEvent::clientLeftStatus
        ? tr("status %1: waited %2, handled %3")
              .arg(request.status)
              .arg(MonitorText::durationText(p.waitedUs()),
                   MonitorText::durationText(p.handledUs()))
        : tr("the client left before an answer");
    // One string, so a translation chooses its own separator (Chinese lists with "、").
    text += QLatin1Char('\n')
        + tr("%1, %2", "timeline tooltip: the thread that handled the request, then the mode")
              .arg(MonitorText::threadName(p.thread), MonitorText::modeName(request.mode));
    return text;
}

void TimelineWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        m_textWidths.clear();
    QWidget::changeEvent(event);
}

bool TimelineWidget::event(QEvent *event)
{
    if (event->type() != QEvent::ToolTip)
        return QWidget::event(event);
    auto *help = static_cast<QHelpEvent *>(event);
    for (auto it = m_hits.crbegin(); it != m_hits.crend(); ++it) {
        if (!it->rect.adjusted(-2, -2, 2, 2).contains(help->pos()))
            continue;
        const TimelineData::Request *request = m_feed->timeline()->request(it->segment.requestId);
        if (!request)
            continue;
        QToolTip::showText(help->globalPos(),
                           segmentToolTip(it->segment, *request, ServerClock::nowUs()), this);
        return true;
    }
    QToolTip::hideText();
    event->ignore();
    return true;
}
