#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QHash>
#include <QtGui/QPixmap>
#include <QtWidgets/QProxyStyle>

class QAbstractScrollArea;

/*!
    Draws scroll bars from a pixmap while they look the same, and through the style below
    otherwise. Qt's scroll area lays its children out again on every geometry update of an item
    view, and raises both of its scroll bars as it does: each raise repaints a bar, though
    nothing about it changed. A request log taking rows 30 times a second did that 30 times a
    second, and the Fusion style's bars (gradients over their whole length, filled in Qt's
    thread pool) were about a tenth of the window's painting (servescope-guiload).
*/
class CachedScrollBarStyle : public QProxyStyle
{
    Q_OBJECT

public:
    /*! Over the application's style. */
    CachedScrollBarStyle();

    /*! Draws \a area's two scroll bars through a style of this kind that \a area owns. */
    static void install(QAbstractScrollArea *area);

    void drawComplexControl(ComplexControl control, const QStyleOptionComplex *option,
                            QPainter *painter, const QWidget *widget = nullptr) const override;

    /*! How often a bar was drawn from its pixmap, or drawn anew into it. */
    qint64 pixmapDraws() const { return m_pixmapDraws; }
    qint64 freshDraws() const { return m_freshDraws; }

private:
    struct Drawn
    {
        QByteArray key; //!< everything in the option that shows
        QPixmap pixmap;
    };
    mutable QHash<const QWidget *, Drawn> m_drawn;
    mutable qint64 m_pixmapDraws = 0;
    mutable qint64 m_freshDraws = 0;
};
