#include "cachedscrollbarstyle.h"
#include "guitestmain.h"

#include <QtGui/QImage>
#include <QtTest/QTest>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QTableView>

#include <functional>

namespace {

// A scroll bar as a scroll area would have it, in a known state.
void setUp(QScrollBar &bar, Qt::Orientation orientation, int value)
{
    bar.setOrientation(orientation);
    bar.resize(orientation == Qt::Vertical ? QSize(16, 300) : QSize(300, 16));
    bar.setRange(0, 9000);
    bar.setPageStep(1000);
    bar.setValue(value);
}

QImage picture(QScrollBar &bar)
{
    return bar.grab().toImage().convertToFormat(QImage::Format_ARGB32_Premultiplied);
}

} // namespace

/*! Scroll bars drawn from a pixmap look exactly as the style draws them, and change with them. */
class tst_CachedScrollBarStyle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void looksAsTheStyleDrawsIt_data();
    void looksAsTheStyleDrawsIt();
    void installCoversBothBars();
};

void tst_CachedScrollBarStyle::looksAsTheStyleDrawsIt_data()
{
    QTest::addColumn<Qt::Orientation>("orientation");
    QTest::addColumn<int>("value");
    QTest::addColumn<std::function<void(QScrollBar &)>>("change");
    QTest::addColumn<bool>("looksDifferent");

    const auto nothing = [](QScrollBar &) {
    };
    QTest::newRow("vertical, unchanged")
        << Qt::Vertical << 9000 << std::function<void(QScrollBar &)>(nothing) << false;
    QTest::newRow("horizontal, unchanged")
        << Qt::Horizontal << 0 << std::function<void(QScrollBar &)>(nothing) << false;
    QTest::newRow("moved") << Qt::Vertical << 9000
                           << std::function<void(QScrollBar &)>(
                                  [](QScrollBar &bar) { bar.setValue(0); })
                           << true;
    QTest::newRow("longer range") << Qt::Vertical << 4000
                                  << std::function<void(QScrollBar &)>(
                                         [](QScrollBar &bar) { bar.setRange(0, 90000); })
                                  << true;
    QTest::newRow("resized") << Qt::Horizontal << 4000
                             << std::function<void(QScrollBar &)>(
                                    [](QScrollBar &bar) { bar.resize(200, 16); })
                             << true;
    QTest::newRow("disabled") << Qt::Vertical << 4000
                              << std::function<void(QScrollBar &)>(
                                     [](QScrollBar &bar) { bar.setEnabled(false); })
                              << true;
}

void tst_CachedScrollBarStyle::looksAsTheStyleDrawsIt()
{
    QFETCH(Qt::Orientation, orientation);
    QFETCH(int, value);
    QFETCH(std::function<void(QScrollBar &)>, change);
    QFETCH(bool, looksDifferent);

    CachedScrollBarStyle style;
    QScrollBar cached;
    cached.setStyle(&style);
    QScrollBar plain; // the application's style, directly
    setUp(cached, orientation, value);
    setUp(plain, orientation, value);

    const QImage before = picture(cached);
    QCOMPARE(before, picture(plain));
    QCOMPARE(style.freshDraws(), 1);

    change(cached);
    change(plain);
    const QImage after = picture(cached);
    QCOMPARE(after, picture(plain));
    QCOMPARE(after != before, looksDifferent);
    // Drawn anew only when something that shows changed; else from the pixmap.
    QCOMPARE(style.freshDraws(), looksDifferent ? 2 : 1);
    QCOMPARE(style.pixmapDraws(), looksDifferent ? 0 : 1);
}

void tst_CachedScrollBarStyle::installCoversBothBars()
{
    QTableView view;
    CachedScrollBarStyle::install(&view);
    auto *style = qobject_cast<CachedScrollBarStyle *>(view.verticalScrollBar()->style());
    QVERIFY(style);
    QCOMPARE(view.horizontalScrollBar()->style(), style);
    QCOMPARE(style->parent(), &view);
}

SERVESCOPE_GUI_TEST_MAIN(tst_CachedScrollBarStyle)
#include "tst_cachedscrollbarstyle.moc"
