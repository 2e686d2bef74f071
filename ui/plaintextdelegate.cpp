#include "plaintextdelegate.h"

#include <QtGui/QPainter>
#include <QtWidgets/QApplication>
#include <QtWidgets/QStyle>
#include <QtWidgets/QStyleOption>

PlainTextDelegate::PlainTextDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

void PlainTextDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                              const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QStyleOptionViewItem::ViewItemFeatures notPlain = QStyleOptionViewItem::HasDecoration
        | QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::WrapText;
    // displayText() has already turned line breaks into U+2028; either kind needs a text layout.
    // Right-to-left cells too: the text engine places those a pixel differently, and no
    // translation of ServeScope lays out right to left.
    if ((opt.features & notPlain) || opt.direction == Qt::RightToLeft
        || opt.text.contains(QLatin1Char('\n')) || opt.text.contains(QChar::LineSeparator)) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QWidget *widget = opt.widget;
    const QStyle *style = widget ? widget->style() : QApplication::style();

    painter->save();
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);

    // The colours and margins QCommonStyle uses for CE_ItemViewItem, so cells look the same.
    QPalette::ColorGroup group
        = (opt.state & QStyle::State_Enabled) ? QPalette::Normal : QPalette::Disabled;
    if (group == QPalette::Normal && !(opt.state & QStyle::State_Active))
        group = QPalette::Inactive;
    painter->setPen(opt.palette.color(
        group, (opt.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text));
    painter->setFont(opt.font);
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect textRect = opt.rect.adjusted(margin, 0, -margin, 0);
    const Qt::Alignment alignment = QStyle::visualAlignment(opt.direction, opt.displayAlignment);
    if (!opt.text.isEmpty()) {
        const QStaticText &text = m_texts.text(opt.text, opt.font);
        const QSizeF size = text.size();
        if (size.width() <= textRect.width()) {
            // Placed as QCommonStyle places its text layout: the line's top on a whole pixel,
            // and sideways where a QTextLine of the text rect's width aligns it (fractional).
            const QRect placed
                = QStyle::alignedRect(opt.direction, opt.displayAlignment,
                                      QSize(int(size.width()), int(size.height())), textRect);
            qreal x = textRect.x();
            if (alignment & Qt::AlignRight)
                x += textRect.width() - size.width();
            else if (alignment & Qt::AlignHCenter)
                x += (textRect.width() - size.width()) / 2;
            painter->drawStaticText(QPointF(x, placed.top()), text);
        } else {
            // Too wide: elided (rare in these tables, so the elided text is not cached).
            painter->drawText(
                textRect, int(alignment) | Qt::TextSingleLine,
                opt.fontMetrics.elidedText(opt.text, opt.textElideMode, textRect.width()));
        }
    }

    if (opt.state & QStyle::State_HasFocus) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(opt);
        focus.rect = style->subElementRect(QStyle::SE_ItemViewItemFocusRect, &opt, widget);
        focus.state |= QStyle::State_KeyboardFocusChange | QStyle::State_Item;
        focus.backgroundColor = opt.palette.color(
            group, (opt.state & QStyle::State_Selected) ? QPalette::Highlight : QPalette::Window);
        style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, widget);
    }
    painter->restore();
}

#include "moc_plaintextdelegate.cpp"
