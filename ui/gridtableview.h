#pragma once

#include <QtWidgets/QTableView>

/*!
    A QTableView that draws its solid grid lines as one-pixel rectangles. QTableView strokes
    each grid line with a cosmetic pen, pixel by pixel: for a log that scrolls 30 times a second
    that was about a tenth of the window's painting (servescope-guireplay). The lines land on
    the same pixels, in the style's grid colour; the cells keep the pixel the grid takes.

    It sets the grid style to Qt::NoPen to keep QTableView's own lines out of the way and draws
    while gridStyle() stays so; set another style and QTableView draws that one itself.
*/
class GridTableView : public QTableView
{
    Q_OBJECT

public:
    explicit GridTableView(QWidget *parent = nullptr);

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void paintGrid();
};
