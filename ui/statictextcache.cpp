#include "statictextcache.h"

#include <QtGui/QFontMetrics>
#include <QtGui/QPainter>
#include <QtGui/QTextLayout>

StaticTextCache::StaticTextCache(int maxTexts)
    : m_maxTexts(maxTexts)
{ }

void StaticTextCache::clear()
{
    m_texts.clear();
    m_elided.clear();
}

void StaticTextCache::useFont(const QFont &font)
{
    if (font != m_font || font.resolveMask() != m_font.resolveMask()) {
        clear();
        m_font = font;
    }
}

StaticTextCache::Entry &StaticTextCache::entry(const QString &text, const QFont &font)
{
    useFont(font);
    auto it = m_texts.find(text);
    if (it == m_texts.end()) {
        if (size() >= m_maxTexts)
            clear(); // the texts in view refill it within a frame
        Entry entry;
        entry.text.setText(text);
        entry.text.setTextFormat(Qt::PlainText);
        entry.text.prepare(QTransform(), font);
        it = m_texts.insert(text, entry);
    }
    return it.value();
}

StaticTextCache::Entry &StaticTextCache::measured(const QString &text, const QFont &font)
{
    Entry &found = entry(text, font);
    if (found.lineHeight < 0) {
        QTextLayout layout(text, font);
        layout.beginLayout();
        QTextLine line = layout.createLine();
        found.lineHeight = 0;
        if (line.isValid()) {
            line.setLineWidth(1e6);
            found.lineHeight = line.ascent() + line.descent();
            found.advance = line.horizontalAdvance();
        }
        layout.endLayout();
    }
    return found;
}

const QStaticText &StaticTextCache::text(const QString &text, const QFont &font)
{
    return entry(text, font).text;
}

void StaticTextCache::draw(QPainter &painter, const QRectF &rect, Qt::Alignment alignment,
                           const QString &text)
{
    if (text.isEmpty())
        return;
    const QFont font = painter.font();
    const Entry *laidOut = &measured(text, font);
    if (laidOut->advance > rect.width()) {
        const int width = int(rect.width());
        const QString key = QString::number(width) + QChar(1) + text;
        auto it = m_elided.constFind(key);
        if (it == m_elided.cend()) {
            if (size() >= m_maxTexts)
                clear();
            it = m_elided.insert(key, QFontMetrics(font).elidedText(text, Qt::ElideRight, width));
        }
        const QString elided = it.value(); // text() below may clear the hash
        laidOut = &measured(elided, font);
    }
    // Placed as QPainter::drawText() places its one line: fractional offsets from the rect.
    qreal x = rect.x();
    if (alignment & Qt::AlignRight)
        x += rect.width() - laidOut->advance;
    else if (alignment & Qt::AlignHCenter)
        x += (rect.width() - laidOut->advance) / 2;
    qreal y = rect.y();
    if (alignment & Qt::AlignBottom)
        y += rect.height() - laidOut->lineHeight;
    else if (alignment & Qt::AlignVCenter)
        y += (rect.height() - laidOut->lineHeight) / 2;
    // drawText() clips a text that overflows its rect (one too narrow even for "…", say).
    const bool overflows = laidOut->advance > rect.width() || laidOut->lineHeight > rect.height();
    if (overflows) {
        painter.save();
        painter.setClipRect(rect, Qt::IntersectClip);
    }
    painter.drawStaticText(QPointF(x, y), laidOut->text);
    if (overflows)
        painter.restore();
}
