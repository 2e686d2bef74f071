#include "gridtableview.h"

#include <QtGui/QPainter>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QStyle>
#include <QtWidgets/QStyleOptionViewItem>

GridTableView::GridTableView(QWidget *parent)
    : QTableView(parent)
{
    setGridStyle(Qt::NoPen); // the cells still leave the grid its pixel (showGrid())
}

void GridTableView::paintEvent(QPaintEvent *event)
{
    QTableView::paintEvent(event);
    if (showGrid() && gridStyle() == Qt::NoPen)
        paintGrid();
}

void GridTableView::paintGrid()
{
    const QHeaderView *rows = verticalHeader();
    const QHeaderView *columns = horizontalHeader();
    if (!model() || rows->count() == 0 || columns->count() == 0 || !itemDelegate())
        return;

    QStyleOptionViewItem option;
    initViewItemOption(&option);
    const QColor color
        = QColor::fromRgba(QRgb(style()->styleHint(QStyle::SH_Table_GridLineColor, &option, this)));
    const bool rightToLeft = isRightToLeft();
    const QWidget *area = viewport();

    // Where the cells end, as QTableView bounds its lines: the last row's and column's far edge.
    const int bottom = rows->length() - rows->offset() - 1;
    const int cellsRight = columns->length() - columns->offset() - (rightToLeft ? 0 : 1);
    const int left = rightToLeft ? qMax(0, area->width() - cellsRight) : 0;
    const int right = rightToLeft ? area->width() - 1 : qMin(area->width() - 1, cellsRight);
    const int lowest = qMin(area->height() - 1, bottom);
    if (left > right || lowest < 0)
        return;

    // The painter is clipped to the region being painted, as QTableView's dirty areas are.
    QPainter painter(viewport());
    int first = qMax(rows->visualIndexAt(0), 0);
    int last = rows->visualIndexAt(area->height());
    if (last < 0)
        last = rows->count() - 1;
    for (int visual = first; visual <= last; ++visual) {
        const int row = rows->logicalIndex(visual);
        if (rows->isSectionHidden(row))
            continue;
        const int y = rowViewportPosition(row) + rowHeight(row) - 1;
        if (y <= lowest)
            painter.fillRect(QRect(QPoint(left, y), QPoint(right, y)), color);
    }

    first = columns->visualIndexAt(rightToLeft ? area->width() - 1 : 0);
    last = columns->visualIndexAt(rightToLeft ? 0 : area->width() - 1);
    if (first < 0)
        first = 0;
    if (last < 0)
        last = columns->count() - 1;
    for (int visual = first; visual <= last; ++visual) {
        const int column = columns->logicalIndex(visual);
        if (columns->isSectionHidden(column))
            continue;
        int x = columnViewportPosition(column);
        if (!rightToLeft)
            x += columnWidth(column) - 1;
        if (x >= left && x <= right)
            painter.fillRect(QRect(QPoint(x, 0), QPoint(x, lowest)), color);
    }

    if (style()->styleHint(QStyle::SH_Table_AlwaysDrawLeftTopGridLines, &option, this)) {
        if (columns->isHidden())
            painter.fillRect(QRect(QPoint(left, 0), QPoint(right, 0)), color);
        if (rows->isHidden()) {
            const int x = rightToLeft ? right : left;
            painter.fillRect(QRect(QPoint(x, 0), QPoint(x, lowest)), color);
        }
    }
}

#include "moc_gridtableview.cpp"
