#include "textwidthcache.h"

#include <QtGui/QFontMetrics>

int TextWidthCache::width(const QFontMetrics &metrics, const QString &text)
{
    const auto found = m_widths.constFind(text);
    if (found != m_widths.cend())
        return found.value();
    if (m_widths.size() >= maxTexts)
        m_widths.clear();
    const int measured = metrics.horizontalAdvance(text);
    m_widths.insert(text, measured);
    return measured;
}
