#include "waterfallwidget.h"

#include "chartpalette.h"
#include "monitorfeed.h"
#include "monitortext.h"
#include "requestselection.h"
#include "serverclock.h"
#include "timelinewidget.h"

#include <QtCore/QLocale>
#include <QtGui/QHelpEvent>
#include <QtGui/QKeyEvent>
#include <QtGui/QMouseEvent>
#include <QtGui/QPainter>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QToolTip>

#include <algorithm>
#include <limits>

namespace {

constexpr int clientBarPx = 3; // the client's view, above the server's pieces

QBrush segmentBrush(const TimelineData::Segment &segment)
{
    switch (segment.kind) {
    case TimelineData::SegmentKind::Waiting:
        // Unread in the kernel and waiting in the server's own queue read differently.
        return QBrush(ChartPalette::waiting(),
                      segment.lane == TimelineData::LaneKind::Kernel ? Qt::Dense5Pattern
                                                                     : Qt::BDiagPattern);
    case TimelineData::SegmentKind::Blocked:
        return ChartPalette::blocked();
    case TimelineData::SegmentKind::Parked:
        return Qt::NoBrush;
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

QColor segmentPen(const TimelineData::Segment &segment)
{
    switch (segment.kind) {
    case TimelineData::SegmentKind::Waiting:
        return ChartPalette::waiting();
    case TimelineData::SegmentKind::Parked:
        return ChartPalette::parked();
    case TimelineData::SegmentKind::Blocked:
    case TimelineData::SegmentKind::Running:
    case TimelineData::SegmentKind::Writing:
    case TimelineData::SegmentKind::ServerRead:
    case TimelineData::SegmentKind::ServerWrite:
        break;
    }
    return QColor(); // filled, no outline
}

} // namespace

WaterfallWidget::WaterfallWidget(MonitorFeed *feed, RequestSelection *selection, QWidget *parent)
    : QAbstractScrollArea(parent)
    , m_feed(feed)
    , m_selection(selection)
{
    setObjectName(QStringLiteral("waterfall"));
    setAccessibleName(tr("Request waterfall: one row per request, its waits and its work"));
    setFocusPolicy(Qt::StrongFocus);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    viewport()->setBackgroundRole(QPalette::Base);
    viewport()->setAutoFillBackground(true);
    verticalScrollBar()->setSingleStep(1);
    connect(feed, &MonitorFeed::updated, this, &WaterfallWidget::onFeedUpdated);
    m_repaintTimer.setSingleShot(true);
    connect(&m_repaintTimer, &QTimer::timeout, this, &WaterfallWidget::repaintForFeed);
    connect(selection, &RequestSelection::selectionChanged, this,
            &WaterfallWidget::onSelectionChanged);
}

void WaterfallWidget::setClock(std::function<qint64()> nowUs)
{
    m_clock = std::move(nowUs);
    viewport()->update();
}

qint64 WaterfallWidget::now() const
{
    return m_clock ? m_clock() : ServerClock::nowUs();
}

QList<WaterfallWidget::ClientSpan> WaterfallWidget::clientSpans(const BurstRunner::Result &result)
{
    QList<ClientSpan> spans;
    spans.reserve(result.timings.size());
    for (const BurstRunner::Timing &timing : result.timings) {
        if (timing.localPort == 0 || timing.startUs <= 0)
            continue;
        spans.append({timing.localPort, ServerClock::fromSteadyUs(timing.startUs),
                      ServerClock::fromSteadyUs(std::max(timing.endUs, timing.startUs)),
                      timing.ok});
    }
    return spans;
}

void WaterfallWidget::setClientSpans(const QList<ClientSpan> &spans)
{
    m_clientSpans = spans;
    viewport()->update();
}

void WaterfallWidget::addClientSpans(const QList<ClientSpan> &spans)
{
    m_clientSpans.append(spans);
    if (m_clientSpans.size() > maxClientSpans)
        m_clientSpans.remove(0, m_clientSpans.size() - maxClientSpans);
    viewport()->update();
}

const WaterfallWidget::ClientSpan *
WaterfallWidget::clientSpanOf(const TimelineData::Request &request) const
{
    if (request.peerPort == 0)
        return nullptr;
    // A kept-alive connection carries several requests from one port: the one whose time
    // holds this request's arrival is its own.
    const qint64 arrivedUs = request.startUs();
    for (const ClientSpan &span : m_clientSpans) {
        if (span.peerPort == request.peerPort && span.startUs <= arrivedUs
            && arrivedUs <= span.endUs)
            return &span;
    }
    return nullptr;
}

double WaterfallWidget::xForTime(qint64 us) const
{
    return m_plotLeft + double(us - m_axisFromUs) / m_usPerPx;
}

int WaterfallWidget::rowHeight() const
{
    return fontMetrics().height() + 4;
}

int WaterfallWidget::headerHeight() const
{
    return fontMetrics().height() + 6;
}

int WaterfallWidget::visibleRowCount() const
{
    const int rows = viewport()->height() - headerHeight() - legendHeight(viewport()->width());
    return std::max(1, rows / rowHeight());
}

int WaterfallWidget::firstVisibleRow() const
{
    return verticalScrollBar()->value();
}

QRect WaterfallWidget::rowRect(int row) const
{
    const int offset = row - firstVisibleRow();
    if (offset < 0 || offset >= visibleRowCount() || row >= m_feed->timeline()->requestCount())
        return QRect();
    return QRect(0, headerHeight() + offset * rowHeight(), viewport()->width(), rowHeight());
}

int WaterfallWidget::rowAt(const QPoint &pos) const
{
    if (pos.y() < headerHeight())
        return -1;
    const int offset = (pos.y() - headerHeight()) / rowHeight();
    const int row = firstVisibleRow() + offset;
    if (offset >= visibleRowCount() || row >= m_feed->timeline()->requestCount())
        return -1;
    return row;
}

void WaterfallWidget::setFollowing(bool follow)
{
    m_following = follow;
    updateScrollBar();
    viewport()->update();
}

void WaterfallWidget::updateScrollBar()
{
    const TimelineData *data = m_feed->timeline();
    const int visible = visibleRowCount();
    const int maximum = std::max(0, data->requestCount() - visible);
    m_scrolling = true;
    QScrollBar *bar = verticalScrollBar();
    bar->setPageStep(visible);
    bar->setRange(0, maximum);
    if (m_following) {
        bar->setValue(maximum);
    } else {
        // Older rows leave the timeline: keep the same request at the top.
        const int index = data->indexOf(m_topRequestId);
        bar->setValue(index >= 0 ? std::min(index, maximum) : 0);
    }
    m_scrolling = false;
    m_topRequestId = data->requestCount() > 0 ? data->requestAt(bar->value()).requestId : 0;
}

void WaterfallWidget::scrollContentsBy(int, int)
{
    if (!m_scrolling) {
        const TimelineData *data = m_feed->timeline();
        const QScrollBar *bar = verticalScrollBar();
        m_following = bar->value() >= bar->maximum();
        m_topRequestId
            = data->requestCount() > bar->value() ? data->requestAt(bar->value()).requestId : 0;
    }
    viewport()->update();
}

void WaterfallWidget::resizeEvent(QResizeEvent *event)
{
    QAbstractScrollArea::resizeEvent(event);
    updateScrollBar();
}

bool WaterfallWidget::scrollToRequest(quint64 requestId)
{
    const int index = m_feed->timeline()->indexOf(requestId);
    if (index < 0)
        return false;
    const int first = firstVisibleRow();
    const int visible = visibleRowCount();
    if (index >= first && index < first + visible)
        return true;
    m_following = false;
    // The picked row a little below the top, so what waited before it shows too.
    verticalScrollBar()->setValue(std::max(0, index - visible / 4));
    return true;
}

void WaterfallWidget::onFeedUpdated()
{
    const TimelineData *data = m_feed->timeline();
    const int count = data->requestCount();
    const quint64 backId = count > 0 ? data->requestAt(count - 1).requestId : 0;
    // Idle: nothing came, left or is still growing. Open rows grow with time.
    if (count == m_paintedCount && backId == m_paintedBackId && !m_paintedOpen)
        return;
    // Rows are read, not watched: under a steady stream, ten frames a second are plenty. The
    // frames kept come with the feed's own updates, so the window repaints once for all its
    // views; only the last change of a stream, with no update after it, needs the timer.
    const qint64 sinceMs = m_sinceRepaint.isValid() ? m_sinceRepaint.elapsed() : feedRepaintMs;
    if (sinceMs < feedRepaintMs) {
        m_repaintTimer.start(int(feedRepaintMs));
        return;
    }
    repaintForFeed();
}

void WaterfallWidget::repaintForFeed()
{
    m_repaintTimer.stop();
    m_sinceRepaint.start();
    ++m_feedRepaints;
    updateScrollBar();
    viewport()->update();
}

void WaterfallWidget::onSelectionChanged()
{
    if (m_selection->current() != 0)
        scrollToRequest(m_selection->current());
    viewport()->update();
}

QSize WaterfallWidget::sizeHint() const
{
    return QSize(fontMetrics().height() * 30, fontMetrics().height() * 16);
}

QSize WaterfallWidget::minimumSizeHint() const
{
    return QSize(fontMetrics().height() * 12, fontMetrics().height() * 6);
}

void WaterfallWidget::paintEvent(QPaintEvent *)
{
    m_hits.clear();
    QPainter painter(viewport());
    const QPalette &pal = palette();
    const QFontMetrics metrics = fontMetrics();
    const TimelineData *data = m_feed->timeline();
    const qint64 nowUs = now();
    const int count = data->requestCount();
    const int first = firstVisibleRow();
    const int last = std::min(count, first + visibleRowCount());
    const int lineHeight = rowHeight();
    const int header = headerHeight();
    const int margin = metrics.height() / 2;
    const int width = viewport()->width();
    m_paintedCount = count;
    m_paintedBackId = count > 0 ? data->requestAt(count - 1).requestId : 0;
    m_paintedOpen = false;

    QColor axisText = pal.color(QPalette::Text);
    axisText.setAlphaF(0.7);
    QColor gridColor = pal.color(QPalette::Text);
    gridColor.setAlphaF(0.12);

    if (count == 0) {
        painter.setPen(axisText);
        painter.drawText(viewport()->rect().adjusted(margin, margin, -margin, -margin),
                         Qt::AlignCenter | Qt::TextWordWrap,
                         tr("No requests yet. Open the page in a browser, or run a burst."));
        return;
    }

    // The axis spans the rows in view (and their clients' spans), so a burst scrolled into
    // view fills the width whatever happened before it.
    qint64 fromUs = std::numeric_limits<qint64>::max();
    qint64 toUs = std::numeric_limits<qint64>::min();
    for (int row = first; row < last; ++row) {
        const TimelineData::Request &request = data->requestAt(row);
        fromUs = std::min(fromUs, request.startUs());
        toUs = std::max(toUs, request.isOpen() ? nowUs : request.endUs);
        m_paintedOpen = m_paintedOpen || request.isOpen();
        if (const ClientSpan *client = clientSpanOf(request)) {
            fromUs = std::min(fromUs, client->startUs);
            toUs = std::max(toUs, client->endUs);
        }
    }
    toUs = std::max(toUs, fromUs + 1000);
    m_axisFromUs = fromUs;
    m_axisToUs = toUs;

    const int digit = metrics.horizontalAdvance(QLatin1Char('0'));
    const int labelWidth = std::clamp(width * 35 / 100, 10 * digit, 36 * digit);
    const QRect plot(labelWidth + margin, header, std::max(10, width - labelWidth - 2 * margin),
                     (last - first) * lineHeight);
    m_plotLeft = plot.left();
    m_usPerPx = double(toUs - fromUs) / plot.width();
    const auto xFor = [this](qint64 us) {
        return xForTime(us);
    };

    // Header: the axis, in time since the first request in view.
    painter.setPen(pal.color(QPalette::Text));
    m_texts.draw(painter, QRect(margin, 0, labelWidth - margin, header),
                 Qt::AlignLeft | Qt::AlignVCenter, tr("Request"));
    const qint64 stepUs = qint64(ChartPalette::niceCeiling(double(toUs - fromUs) / 5.0, 1.0));
    painter.setPen(axisText);
    for (qint64 t = 0; fromUs + t <= toUs; t += stepUs) {
        const double x = xFor(fromUs + t);
        const QString text = t == 0 ? QStringLiteral("0") : MonitorText::axisDurationText(t);
        const int textWidth = metrics.horizontalAdvance(text);
        const int left = std::clamp(int(x) - textWidth / 2, plot.left(), width - textWidth);
        m_texts.draw(painter, QRect(left, 0, textWidth, header), Qt::AlignVCenter, text);
    }

    // Rows.
    const QColor highlight = pal.color(QPalette::Highlight);
    QColor selectedFill = highlight;
    selectedFill.setAlphaF(0.25);
    for (int row = first; row < last; ++row) {
        const TimelineData::Request &request = data->requestAt(row);
        const QRect box = rowRect(row);
        const bool selected = m_selection->contains(request.requestId);
        if (selected)
            painter.fillRect(box, selectedFill);
        else if (row % 2 == 1)
            painter.fillRect(box, pal.color(QPalette::AlternateBase));
        if (selected && request.requestId == m_selection->current()) {
            painter.setPen(QPen(highlight, 1));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(box.adjusted(0, 0, -1, -1));
        }
        m_hits.append({QRectF(box), request.requestId, {}, false});

        const QString status = request.isOpen() ? QStringLiteral("…")
            : request.status > 0                ? QString::number(request.status)
                                                : QStringLiteral("—");
        const int statusWidth = metrics.horizontalAdvance(QStringLiteral("000")) + margin;
        // The target says most in a narrow column; a method other than GET is worth its room.
        const QString target = QString::fromUtf8(request.target);
        const QString label = request.method.isEmpty() || request.method == "GET"
            ? target
            : QString::fromLatin1(request.method) + QLatin1Char(' ') + target;
        const int textWidth = labelWidth - margin - statusWidth;
        painter.setPen(request.status >= 400 ? ChartPalette::failed() : pal.color(QPalette::Text));
        m_texts.draw(painter, QRect(margin, box.top(), textWidth, box.height()),
                     Qt::AlignLeft | Qt::AlignVCenter, label); // elided when too wide
        m_texts.draw(painter, QRect(margin + textWidth, box.top(), statusWidth, box.height()),
                     Qt::AlignRight | Qt::AlignVCenter, status);

        const ClientSpan *client = clientSpanOf(request);
        const double barTop = box.top() + 2 + (client ? clientBarPx + 1 : 0);
        const double barHeight = box.bottom() - 1 - barTop;
        if (client) {
            const double x0 = xFor(client->startUs);
            const double x1 = std::max(xFor(client->endUs), x0 + 1.0);
            painter.fillRect(QRectF(x0, box.top() + 2, x1 - x0, clientBarPx),
                             client->ok ? ChartPalette::client() : ChartPalette::failed());
        }
        for (const TimelineData::Segment &segment : TimelineData::segmentsOf(request, nowUs)) {
            // The request's phases; the server thread's share of them is on its timeline lane.
            if (segment.isServerIo())
                continue;
            const double x0 = xFor(segment.startUs);
            // Even a 50 µs request is a mark to point at.
            const QRectF piece(x0, barTop, std::max(1.0, xFor(segment.endUs) - x0), barHeight);
            painter.fillRect(piece, segmentBrush(segment));
            const QColor pen = segmentPen(segment);
            if (pen.isValid()) {
                painter.setPen(QPen(pen, 1));
                painter.setBrush(Qt::NoBrush);
                painter.drawRect(piece);
            }
            m_hits.append({piece, request.requestId, segment, true});
        }
    }
    // The grid over the rows, faint, so it never hides a short piece.
    painter.setPen(QPen(gridColor, 1));
    for (qint64 t = stepUs; fromUs + t <= toUs; t += stepUs)
        painter.drawLine(QPointF(xFor(fromUs + t), plot.top()),
                         QPointF(xFor(fromUs + t), plot.bottom()));

    // The legend, flowed over as many lines as the width needs, at the bottom.
    const QList<LegendItem> legend = legendItems();
    const QList<QRect> places = legendLayout(legend, width);
    const int legendTop = viewport()->height() - legendHeight(width);
    painter.fillRect(QRect(0, legendTop, width, viewport()->height() - legendTop),
                     pal.color(QPalette::Window));
    const int swatch = metrics.height() / 2 + 2;
    for (qsizetype i = 0; i < legend.size(); ++i) {
        const QRect place = places[i].translated(0, legendTop);
        const QRect box(place.left(), place.center().y() - swatch / 2, swatch, swatch);
        painter.fillRect(box, legend[i].brush);
        if (legend[i].pen.isValid()) {
            painter.setPen(legend[i].pen);
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(box);
        }
        painter.setPen(pal.color(QPalette::Text));
        m_texts.draw(painter, place.adjusted(swatch + 4, 0, 0, 0), Qt::AlignVCenter,
                     legend[i].text);
    }
}

QList<WaterfallWidget::LegendItem> WaterfallWidget::legendItems()
{
    return {
        {QBrush(ChartPalette::waiting(), Qt::Dense5Pattern), ChartPalette::waiting(),
         tr("unread in the kernel")},
        {QBrush(ChartPalette::waiting(), Qt::BDiagPattern), ChartPalette::waiting(),
         tr("waiting: turn or worker")},
        {ChartPalette::running(), QColor(), tr("running")},
        {ChartPalette::blocked(), QColor(), tr("blocked: thread held")},
        {Qt::NoBrush, ChartPalette::parked(), tr("parked: no thread")},
        {ChartPalette::sending(), QColor(), tr("sending")},
        {ChartPalette::client(), QColor(), tr("the client's wait (burst)")},
    };
}

QList<QRect> WaterfallWidget::legendLayout(const QList<LegendItem> &items, int width) const
{
    const QFontMetrics metrics = fontMetrics();
    const int margin = metrics.height() / 2;
    const int swatch = metrics.height() / 2 + 2;
    const int lineHeight = rowHeight();
    QList<QRect> places;
    int x = margin;
    int y = 0;
    for (const LegendItem &item : items) {
        const int itemWidth = swatch + 4 + m_legendTextWidths.width(metrics, item.text);
        if (x > margin && x + itemWidth > width - margin) {
            x = margin;
            y += lineHeight;
        }
        places.append(QRect(x, y, itemWidth, lineHeight));
        x += itemWidth + 12;
    }
    return places;
}

void WaterfallWidget::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        m_legendTextWidths.clear();
    QAbstractScrollArea::changeEvent(event);
}

int WaterfallWidget::legendHeight(int width) const
{
    const QList<QRect> places = legendLayout(legendItems(), width);
    return places.isEmpty() ? 0 : places.constLast().bottom() + 1;
}

QString WaterfallWidget::rowToolTip(const TimelineData::Request &request,
                                    const TimelineData::Segment *segment, const ClientSpan *client,
                                    qint64 nowUs)
{
    QString text;
    if (segment) {
        text = TimelineWidget::segmentToolTip(*segment, request, nowUs);
    } else {
        // Between pieces: the longest one says most about the request.
        QList<TimelineData::Segment> segments = TimelineData::segmentsOf(request, nowUs);
        segments.removeIf([](const TimelineData::Segment &s) { return s.isServerIo(); });
        const auto longest = std::max_element(
            segments.cbegin(), segments.cend(),
            [](const auto &a, const auto &b) { return a.endUs - a.startUs < b.endUs - b.startUs; });
        text = longest != segments.cend() ? TimelineWidget::segmentToolTip(*longest, request, nowUs)
                                          : QString::fromLatin1(request.method) + QLatin1Char(' ')
                + QString::fromUtf8(request.target);
    }
    if (client) {
        const QString length = MonitorText::durationText(client->endUs - client->startUs);
        text += QLatin1Char('\n')
            + (client->ok ? tr("the client waited %1 for it (connect to response)").arg(length)
                          : tr("the client gave up after %1").arg(length));
    }
    return text;
}

bool WaterfallWidget::viewportEvent(QEvent *event)
{
    // The viewport narrows when the scroll bar appears, and the legend may take another line.
    if (event->type() == QEvent::Resize)
        updateScrollBar();
    if (event->type() != QEvent::ToolTip)
        return QAbstractScrollArea::viewportEvent(event);
    auto *help = static_cast<QHelpEvent *>(event);
    const Hit *found = nullptr;
    for (const Hit &hit : std::as_const(m_hits)) {
        if (hit.isSegment && hit.rect.adjusted(-2, 0, 2, 0).contains(help->pos()))
            found = &hit; // the last drawn is on top
    }
    if (!found) {
        for (const Hit &hit : std::as_const(m_hits)) {
            if (!hit.isSegment && hit.rect.contains(help->pos()))
                found = &hit;
        }
    }
    const TimelineData::Request *request
        = found ? m_feed->timeline()->request(found->requestId) : nullptr;
    if (!request) {
        QToolTip::hideText();
        event->ignore();
        return true;
    }
    const qint64 nowUs = now();
    QToolTip::showText(help->globalPos(),
                       rowToolTip(*request, found->isSegment ? &found->segment : nullptr,
                                  clientSpanOf(*request), nowUs),
                       viewport());
    return true;
}

void WaterfallWidget::mousePressEvent(QMouseEvent *event)
{
    const int row = rowAt(event->position().toPoint());
    if (row < 0 || event->button() != Qt::LeftButton) {
        QAbstractScrollArea::mousePressEvent(event);
        return;
    }
    m_selection->select(m_feed->timeline()->requestAt(row).requestId);
    event->accept();
}

void WaterfallWidget::keyPressEvent(QKeyEvent *event)
{
    const TimelineData *data = m_feed->timeline();
    const int count = data->requestCount();
    int index = data->indexOf(m_selection->current());
    switch (event->key()) {
    case Qt::Key_Up:
        index = index < 0 ? count - 1 : index - 1;
        break;
    case Qt::Key_Down:
        index = index < 0 ? count - 1 : index + 1;
        break;
    case Qt::Key_Home:
        index = 0;
        break;
    case Qt::Key_End:
        index = count - 1;
        break;
    default:
        QAbstractScrollArea::keyPressEvent(event);
        return;
    }
    if (index >= 0 && index < count) {
        m_selection->select(data->requestAt(index).requestId);
        if (index == count - 1)
            setFollowing(true);
    }
    event->accept();
}
