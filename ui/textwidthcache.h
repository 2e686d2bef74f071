#pragma once

#include <QtCore/QHash>
#include <QtCore/QString>

class QFontMetrics;

/*!
    The widths of texts, each measured once: measuring a text shapes it, and a widget that
    repaints 30 times a second measures the same labels every time. The owner clears it when
    its font changes; it starts afresh by itself beyond maxTexts.
*/
class TextWidthCache
{
public:
    static constexpr int maxTexts = 256;

    int width(const QFontMetrics &metrics, const QString &text);
    void clear() { m_widths.clear(); }
    int size() const { return int(m_widths.size()); }

private:
    QHash<QString, int> m_widths;
};
