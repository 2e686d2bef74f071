#include "cachedscrollbarstyle.h"

#include <QtCore/QDataStream>
#include <QtCore/QIODevice>
#include <QtGui/QPainter>
#include <QtWidgets/QAbstractScrollArea>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QStyleOption>

namespace {

// What a scroll bar's look depends on: its size, state, palette and slider values.
QByteArray keyOf(const QStyleOptionSlider &option, qreal pixelRatio)
{
    QByteArray key;
    QDataStream out(&key, QIODevice::WriteOnly);
    out << option.rect.size() << int(option.state) << int(option.direction)
        << option.palette.cacheKey() << int(option.subControls) << int(option.activeSubControls)
        << int(option.orientation) << option.minimum << option.maximum << option.sliderPosition
        << option.sliderValue << option.singleStep << option.pageStep << option.upsideDown
        << int(option.keyboardModifiers) << pixelRatio;
    return key;
}

} // namespace

CachedScrollBarStyle::CachedScrollBarStyle()
    : QProxyStyle(static_cast<QStyle *>(nullptr))
{ }

void CachedScrollBarStyle::install(QAbstractScrollArea *area)
{
    auto *style = new CachedScrollBarStyle;
    style->setParent(area);
    area->horizontalScrollBar()->setStyle(style);
    area->verticalScrollBar()->setStyle(style);
}

void CachedScrollBarStyle::drawComplexControl(ComplexControl control,
                                              const QStyleOptionComplex *option, QPainter *painter,
                                              const QWidget *widget) const
{
    const auto *slider = qstyleoption_cast<const QStyleOptionSlider *>(option);
    if (control != CC_ScrollBar || !slider || !widget || option->rect.isEmpty()
        || !painter->transform().isIdentity()) {
        QProxyStyle::drawComplexControl(control, option, painter, widget);
        return;
    }
    const qreal ratio = painter->device()->devicePixelRatio();
    Drawn &drawn = m_drawn[widget];
    const QByteArray key = keyOf(*slider, ratio);
    if (drawn.key != key || drawn.pixmap.isNull()) {
        QPixmap pixmap(option->rect.size() * ratio);
        pixmap.setDevicePixelRatio(ratio);
        pixmap.fill(Qt::transparent);
        QStyleOptionSlider moved = *slider;
        moved.rect.moveTopLeft(QPoint(0, 0));
        QPainter into(&pixmap);
        QProxyStyle::drawComplexControl(control, &moved, &into, widget);
        into.end();
        drawn = {key, pixmap};
        ++m_freshDraws;
    } else {
        ++m_pixmapDraws;
    }
    painter->drawPixmap(option->rect.topLeft(), drawn.pixmap);
}
