#pragma once

#include <QtCore/QHash>
#include <QtCore/QString>
#include <QtGui/QFont>
#include <QtGui/QStaticText>

class QPainter;
class QRectF;

/*!
    Single-line texts laid out once and drawn from their layout (QStaticText). QPainter's
    drawText() shapes its text on every call, and a widget that repaints 30 times a second
    draws the same labels ("/", "200", "worker 2") every time: for the waterfall's rows that was
    its largest cost. Kept for one font: another font starts it afresh, as does going beyond
    the bound it was made with.
*/
class StaticTextCache
{
public:
    static constexpr int defaultMaxTexts = 512;

    explicit StaticTextCache(int maxTexts = defaultMaxTexts);

    /*! \a text laid out in \a font. */
    const QStaticText &text(const QString &text, const QFont &font);

    /*!
        Draws \a text with the painter's font and pen as QPainter::drawText(\a rect,
        \a alignment | Qt::TextSingleLine, \a text) does, on the same pixels. A text wider
        than \a rect is elided at the right first, as QFontMetrics::elidedText() elides it to the
        rect's whole pixels.
    */
    void draw(QPainter &painter, const QRectF &rect, Qt::Alignment alignment, const QString &text);

    int size() const { return int(m_texts.size() + m_elided.size()); }
    int maxTexts() const { return m_maxTexts; }
    void clear();

private:
    struct Entry
    {
        QStaticText text;
        // The line as QPainter::drawText() aligns it: unrounded height (ascent + descent of
        // the fonts used, fallbacks too) and advance; QStaticText::size() rounds the height.
        // Measured when first drawn: text() alone does not need them.
        qreal lineHeight = -1;
        qreal advance = 0;
    };
    void useFont(const QFont &font);
    Entry &entry(const QString &text, const QFont &font);
    Entry &measured(const QString &text, const QFont &font);

    QHash<QString, Entry> m_texts; // laid out in m_font
    QHash<QString, QString> m_elided; // width + U+0001 + text -> the elided text
    QFont m_font;
    int m_maxTexts;
};
