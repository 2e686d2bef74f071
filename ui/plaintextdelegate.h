#pragma once

#include "statictextcache.h"

#include <QtWidgets/QStyledItemDelegate>

/*!
    Paints a plain-text cell: the background, selection and focus as the style draws them, the
    text as a cached QStaticText. The style's own item painting lays out each cell's text two or
    three times per paint (measured with servescope-guiload: over 40 % of the window's CPU with
    the request log scrolling at 30 frames a second); a table that repaints that often shows
    the same few strings ("GET", "200", "worker 2") over and over. Cells with an icon, a check
    box or wrapped text are painted by QStyledItemDelegate as usual.
*/
class PlainTextDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    static constexpr int maxCachedTexts = 4096; //!< the cache starts afresh beyond this

    explicit PlainTextDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;

    /*! The texts laid out and kept for reuse (at most maxCachedTexts); tests check the bound. */
    int cachedTextCount() const { return m_texts.size(); }

private:
    mutable StaticTextCache m_texts {maxCachedTexts};
};
