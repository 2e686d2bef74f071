#include "gridtableview.h"
#include "guitestmain.h"

#include <QtGui/QImage>
#include <QtGui/QStandardItemModel>
#include <QtTest/QTest>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QScrollBar>

#include <functional>

namespace {

using Setup = std::function<void(QTableView &)>;

void fill(QStandardItemModel &model, int rows, int columns)
{
    model.setRowCount(rows);
    model.setColumnCount(columns);
    for (int row = 0; row < rows; ++row) {
        for (int column = 0; column < columns; ++column)
            model.setItem(row, column,
                          new QStandardItem(QString::number(row) + QLatin1Char(':')
                                            + QString::number(column)));
    }
}

// The view's viewport as painted for \a region (the whole of it when empty).
QImage paint(QTableView &view, const QRegion &region)
{
    QWidget *viewport = view.viewport();
    QImage image(viewport->size(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::magenta);
    viewport->render(&image, QPoint(), region.isEmpty() ? QRegion(viewport->rect()) : region,
                     QWidget::DrawWindowBackground);
    return image;
}

// Painted while it is the active window (the other view's focus and palette group stay out).
QImage shown(QTableView &view, const QRegion &region)
{
    view.show();
    view.activateWindow();
    if (!QTest::qWaitForWindowActive(&view))
        return QImage();
    QImage image = paint(view, region);
    view.hide();
    return image;
}

} // namespace

/*! The grid drawn as rectangles lands on exactly the pixels of QTableView's own. */
class tst_GridTableView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void looksAsQTableView_data();
    void looksAsQTableView();
    void otherGridStylesAreQtsOwn();
};

void tst_GridTableView::looksAsQTableView_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("columns");
    QTest::addColumn<Setup>("setup");
    QTest::addColumn<QRect>("region");

    const Setup nothing = [](QTableView &) {
    };
    QTest::newRow("more rows than fit") << 200 << 4 << nothing << QRect();
    QTest::newRow("fewer rows and columns than fit") << 3 << 2 << nothing << QRect();
    QTest::newRow("scrolled both ways") << 200 << 30 << Setup([](QTableView &view) {
        view.verticalScrollBar()->setValue(57);
        view.horizontalScrollBar()->setValue(333);
    }) << QRect();
    QTest::newRow("hidden row and column") << 50 << 6 << Setup([](QTableView &view) {
        view.setRowHidden(2, true);
        view.setColumnHidden(1, true);
    }) << QRect();
    QTest::newRow("moved sections") << 50 << 6 << Setup([](QTableView &view) {
        view.horizontalHeader()->moveSection(0, 3);
        view.horizontalHeader()->resizeSection(2, 140);
        view.verticalHeader()->moveSection(1, 4);
    }) << QRect();
    QTest::newRow("headers hidden") << 50 << 5 << Setup([](QTableView &view) {
        view.horizontalHeader()->hide();
        view.verticalHeader()->hide();
    }) << QRect();
    QTest::newRow("right to left")
        << 50 << 3 << Setup([](QTableView &view) { view.setLayoutDirection(Qt::RightToLeft); })
        << QRect();
    QTest::newRow("right to left, scrolled") << 80 << 30 << Setup([](QTableView &view) {
        view.setLayoutDirection(Qt::RightToLeft);
        view.horizontalScrollBar()->setValue(200);
        view.verticalScrollBar()->setValue(20);
    }) << QRect();
    QTest::newRow("a selection and alternating rows") << 40 << 4 << Setup([](QTableView &view) {
        view.setAlternatingRowColors(true);
        view.selectRow(3);
    }) << QRect();
    QTest::newRow("part of it repainted") << 200 << 8 << nothing << QRect(37, 21, 150, 93);
}

void tst_GridTableView::looksAsQTableView()
{
    QFETCH(int, rows);
    QFETCH(int, columns);
    QFETCH(Setup, setup);
    QFETCH(QRect, region);

    QStandardItemModel model;
    fill(model, rows, columns);
    QTableView qts;
    GridTableView ours;
    QImage pictures[2];
    int i = 0;
    for (QTableView *view : {static_cast<QTableView *>(&qts), static_cast<QTableView *>(&ours)}) {
        view->setModel(&model);
        view->resize(420, 300);
        setup(*view);
        pictures[i++] = shown(*view, region);
    }
    QVERIFY(!pictures[0].isNull());
    QCOMPARE(pictures[1], pictures[0]);

    // Without the grid the picture differs: the comparison above saw lines.
    qts.setShowGrid(false);
    const QImage noGrid = shown(qts, region);
    QVERIFY(!noGrid.isNull());
    QVERIFY(noGrid != pictures[0]);
}

void tst_GridTableView::otherGridStylesAreQtsOwn()
{
    QStandardItemModel model;
    fill(model, 40, 4);
    QTableView qts;
    GridTableView ours;
    QImage pictures[2];
    int i = 0;
    for (QTableView *view : {static_cast<QTableView *>(&qts), static_cast<QTableView *>(&ours)}) {
        view->setModel(&model);
        view->resize(300, 200);
        view->setGridStyle(Qt::DotLine);
        pictures[i++] = shown(*view, QRegion());
    }
    QVERIFY(!pictures[0].isNull());
    QCOMPARE(pictures[1], pictures[0]);
}

SERVESCOPE_GUI_TEST_MAIN(tst_GridTableView)
#include "tst_gridtableview.moc"
