#include "chartpalette.h"
#include "guitestmain.h"
#include "monitorfeed.h"
#include "requestlife.h"
#include "requestselection.h"
#include "timelinedata.h"
#include "waterfallwidget.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QLocale>
#include <QtGui/QFontInfo>
#include <QtGui/QImage>
#include <QtGui/QKeyEvent>
#include <QtGui/QMouseEvent>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QApplication>
#include <QtWidgets/QScrollBar>

namespace {

constexpr qint64 t0 = 1'790'000'000'000'000; // µs
constexpr qint64 ms = 1000;
constexpr qint64 s = 1000 * ms;

bool near(const QColor &a, const QColor &b)
{
    return std::abs(a.red() - b.red()) < 8 && std::abs(a.green() - b.green()) < 8
        && std::abs(a.blue() - b.blue()) < 8;
}

/*! Whether any pixel of row \a y, within ±\a radius of \a x, has \a color. */
bool hasColorNear(const QImage &image, double x, int y, const QColor &color, int radius = 4)
{
    for (int dx = -radius; dx <= radius; ++dx) {
        for (int dy = -2; dy <= 2; ++dy) {
            const QPoint p(int(x) + dx, y + dy);
            if (image.rect().contains(p) && near(image.pixelColor(p), color))
                return true;
        }
    }
    return false;
}

struct Fixture
{
    MonitorFeed feed;
    RequestSelection selection;
    WaterfallWidget widget {&feed, &selection};
    qint64 nowUs = t0 + 11 * s;

    Fixture()
    {
        widget.setClock([this] { return nowUs; });
        widget.resize(900, 420);
    }
    void feedLives(const QList<RequestLife> &lives)
    {
        feed.applyBatch(RequestLife::recorded(lives));
        Q_EMIT feed.updated();
    }
    QImage paint() { return widget.grab().toImage(); }
    void press(const QPoint &pos)
    {
        QMouseEvent press(QEvent::MouseButtonPress, pos, widget.viewport()->mapToGlobal(pos),
                          Qt::LeftButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(widget.viewport(), &press);
    }
};

} // namespace

/*!
    The waterfall, never shown (the offscreen platform warns when a window is): painted with
    grab() over recorded event sequences, and its pixels checked where each phase was spent.
*/
class tst_WaterfallWidget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QLocale::setDefault(QLocale::c()); }

    void blockedStaircaseShowsEachWait_data();
    void blockedStaircaseShowsEachWait();
    void parkedSleepIsOnlyAnOutline();
    void slowReaderShowsAsSending();
    void clientSpanMatchesItsOwnRequest();
    void followsNewestAndKeepsItsPlace();
    void selectionIsShared();
    void repaintsOnlyWhenSomethingChanged();
    void legendFollowsTheFont_data();
    void legendFollowsTheFont();
};

void tst_WaterfallWidget::blockedStaircaseShowsEachWait_data()
{
    QTest::addColumn<int>("row");
    for (int row : {0, 1, 5, 9})
        QTest::addRow("request %d", row + 1) << row;
}

void tst_WaterfallWidget::blockedStaircaseShowsEachWait()
{
    // Concurrent, blocking sleep: request n waits (n - 1) s unread in the kernel, then holds
    // the server thread for its own second. Each is drawn where it was spent.
    QFETCH(int, row);
    Fixture f;
    f.feedLives(RequestLife::blockingStaircase(10, t0, s));
    const QImage image = f.paint();
    QCOMPARE(f.widget.axisFromUs(), t0);
    QCOMPARE(f.widget.axisToUs(), t0 + 10 * s);
    const QRect box = f.widget.rowRect(row);
    QVERIFY(box.isValid());
    const int y = box.center().y() + 2; // below the client's bar
    const double blockedX = f.widget.xForTime(t0 + row * s + s / 2);
    QVERIFY2(hasColorNear(image, blockedX, y, ChartPalette::blocked(), 0),
             "its own second is drawn blocked");
    if (row > 0) {
        const double waitX = f.widget.xForTime(t0 + row * s - s / 2);
        QVERIFY2(hasColorNear(image, waitX, y, ChartPalette::waiting()),
                 "its wait is drawn where it was spent");
        QVERIFY(!hasColorNear(image, waitX, y, ChartPalette::blocked()));
    }
    if (row < 9) {
        const double afterX = f.widget.xForTime(t0 + (row + 1) * s + s / 2);
        QVERIFY2(!hasColorNear(image, afterX, y, ChartPalette::blocked())
                     && !hasColorNear(image, afterX, y, ChartPalette::waiting()),
                 "nothing after its answer");
    }
}

void tst_WaterfallWidget::parkedSleepIsOnlyAnOutline()
{
    // Pooled, non-blocking: a sleep parked on a timer holds no thread, so it is not filled.
    Fixture f;
    RequestLife life = RequestLife::plain(1, t0, 0, 1);
    life.mode = DispatchMode::Pooled;
    life.target = "/sleep?ms=2000";
    RequestPhases &p = life.phases;
    p.handlerEndUs = p.sleepStartUs = t0 + 100;
    p.sleepEndUs = p.doneUs = t0 + 2 * s;
    f.feedLives({life});
    const QImage image = f.paint();
    const QRect box = f.widget.rowRect(0);
    const double middle = f.widget.xForTime(t0 + s);
    QVERIFY(!hasColorNear(image, middle, box.center().y() + 2, ChartPalette::parked(), 2));
    QVERIFY(!hasColorNear(image, middle, box.center().y() + 2, ChartPalette::running(), 2));
    bool outlined = false;
    for (int y = box.top(); y <= box.bottom(); ++y)
        outlined = outlined || near(image.pixelColor(int(middle), y), ChartPalette::parked());
    QVERIFY2(outlined, "the sleep's outline is there");
}

void tst_WaterfallWidget::slowReaderShowsAsSending()
{
    // Handled in 10 ms, then its response took 500 ms to go out to a client reading slowly.
    Fixture f;
    RequestLife life = RequestLife::plain(1, t0, 10 * ms);
    life.phases.sentUs = life.phases.doneUs + 500 * ms;
    f.feedLives({life});
    const QImage image = f.paint();
    const int y = f.widget.rowRect(0).center().y() + 2;
    QVERIFY(hasColorNear(image, f.widget.xForTime(t0 + 300 * ms), y, ChartPalette::sending(), 0));
    QVERIFY(!hasColorNear(image, f.widget.xForTime(t0 + 300 * ms), y, ChartPalette::running()));
    // The timeline has no lane for it: no thread of the server waits on a slow reader.
    const TimelineData *data = f.feed.timeline();
    for (const TimelineData::Lane &lane : data->lanes())
        QVERIFY(lane.kind != TimelineData::LaneKind::Sending);
}

void tst_WaterfallWidget::clientSpanMatchesItsOwnRequest()
{
    // Two requests on one kept-alive connection (one port) and one from another port.
    Fixture f;
    RequestLife first = RequestLife::plain(1, t0 + 10 * ms, 100 * ms);
    first.peerPort = 40001;
    RequestLife second = RequestLife::plain(2, t0 + 300 * ms, 100 * ms);
    second.peerPort = 40001;
    RequestLife other = RequestLife::plain(3, t0 + 300 * ms, 100 * ms);
    other.peerPort = 40002;
    f.feedLives({first, second, other});
    const QList<WaterfallWidget::ClientSpan> spans {
        {40001, t0, t0 + 150 * ms, true},
        {40001, t0 + 250 * ms, t0 + 900 * ms, true},
    };
    f.widget.setClientSpans(spans);
    const TimelineData *data = f.feed.timeline();
    const WaterfallWidget::ClientSpan *a = f.widget.clientSpanOf(*data->request(1));
    const WaterfallWidget::ClientSpan *b = f.widget.clientSpanOf(*data->request(2));
    QVERIFY(a && b);
    QCOMPARE(a->endUs, t0 + 150 * ms);
    QCOMPARE(b->endUs, t0 + 900 * ms);
    QVERIFY(!f.widget.clientSpanOf(*data->request(3)));

    // The client waited 900 ms for the second, the server took 100: the bar says so.
    const QImage image = f.paint();
    QCOMPARE(f.widget.axisToUs(), t0 + 900 * ms);
    const QRect box = f.widget.rowRect(1);
    const double lateX = f.widget.xForTime(t0 + 700 * ms);
    QVERIFY(hasColorNear(image, lateX, box.top() + 3, ChartPalette::client(), 0));
    QVERIFY(!hasColorNear(image, lateX, box.center().y() + 3, ChartPalette::running(), 0));
    QVERIFY(!hasColorNear(image, lateX, f.widget.rowRect(2).top() + 3, ChartPalette::client(), 0));
    QVERIFY(WaterfallWidget::rowToolTip(*data->request(2), nullptr, b, f.nowUs)
                .contains(QStringLiteral("the client waited 650 ms")));
}

void tst_WaterfallWidget::followsNewestAndKeepsItsPlace()
{
    Fixture f;
    QList<RequestLife> lives;
    for (int i = 0; i < 100; ++i)
        lives.append(RequestLife::plain(quint64(i + 1), t0 + i * ms, 500));
    f.feedLives(lives);
    f.paint(); // laid out: the scroll bar shown, the legend flowed
    const int visible = f.widget.visibleRowCount();
    QVERIFY(visible > 3 && visible < 100);
    QVERIFY(f.widget.isFollowing());
    QCOMPARE(f.widget.firstVisibleRow(), 100 - visible);

    // Scrolled up, the same request stays at the top while new ones come.
    f.widget.verticalScrollBar()->setValue(10);
    QVERIFY(!f.widget.isFollowing());
    qint64 repaints = f.widget.feedRepaints();
    f.feedLives({RequestLife::plain(101, t0 + 200 * ms, 500)});
    QTRY_COMPARE(f.widget.feedRepaints(), repaints + 1);
    QCOMPARE(f.widget.firstVisibleRow(), 10);
    f.widget.verticalScrollBar()->setValue(f.widget.verticalScrollBar()->maximum());
    QVERIFY(f.widget.isFollowing());
    f.feedLives({RequestLife::plain(102, t0 + 201 * ms, 500)});
    QTRY_COMPARE(f.widget.firstVisibleRow(), 102 - visible);
}

void tst_WaterfallWidget::selectionIsShared()
{
    Fixture f;
    QList<RequestLife> lives;
    for (int i = 0; i < 60; ++i)
        lives.append(RequestLife::plain(quint64(i + 1), t0 + i * ms, 500));
    f.feedLives(lives);

    // Picked elsewhere (the log, a diagnostic): scrolled into view and highlighted.
    f.selection.select(5);
    QVERIFY(!f.widget.isFollowing());
    const int index = f.feed.timeline()->indexOf(5);
    QVERIFY(f.widget.rowRect(index).isValid());
    const QImage image = f.paint();
    const QRect box = f.widget.rowRect(index);
    const QColor painted = image.pixelColor(4, box.center().y());
    QVERIFY2(painted != f.widget.palette().color(QPalette::Base)
                 && painted != f.widget.palette().color(QPalette::AlternateBase),
             "the selected row is highlighted");

    // A click on a row picks its request for everyone.
    QSignalSpy changed(&f.selection, &RequestSelection::selectionChanged);
    f.press(f.widget.rowRect(index + 2).center());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(f.selection.current(), quint64(index + 3));
    QKeyEvent down(QEvent::KeyPress, Qt::Key_Down, Qt::NoModifier);
    QApplication::sendEvent(&f.widget, &down);
    QCOMPARE(f.selection.current(), quint64(index + 4));
}

void tst_WaterfallWidget::repaintsOnlyWhenSomethingChanged()
{
    Fixture f;
    f.feedLives({RequestLife::plain(1, t0, 500)});
    f.paint();
    const qint64 before = f.widget.feedRepaints();
    for (int i = 0; i < 5; ++i)
        Q_EMIT f.feed.updated();
    QCOMPARE(f.widget.feedRepaints(), before);
    // An open request grows with time: it repaints.
    RequestLife open = RequestLife::plain(2, t0 + s, 0);
    open.phases.handlerEndUs = open.phases.doneUs = 0;
    f.feedLives({open});
    f.paint();
    QTRY_VERIFY(f.widget.feedRepaints() > before);
    const qint64 growing = f.widget.feedRepaints();
    Q_EMIT f.feed.updated();
    QTRY_COMPARE(f.widget.feedRepaints(), growing + 1);

    // A steady stream of changes, 30 a second as the feed sends them under load, repaints at
    // most once per feedRepaintMs, and the last change still shows.
    QElapsedTimer clock;
    clock.start();
    const qint64 streamStart = f.widget.feedRepaints();
    int sent = 0;
    while (clock.elapsed() < 500) {
        f.feedLives({RequestLife::plain(quint64(100 + sent), t0 + 2 * s + sent * ms, 500)});
        ++sent;
        QTest::qWait(33); // the feed's own pace, not a wait for a result
    }
    const quint64 lastId = quint64(100 + sent - 1);
    QTRY_VERIFY(f.widget.rowRect(f.feed.timeline()->indexOf(lastId)).isValid());
    const qint64 streamed = f.widget.feedRepaints() - streamStart;
    QVERIFY2(streamed <= clock.elapsed() / WaterfallWidget::feedRepaintMs + 2,
             qPrintable(QStringLiteral("%1 repaints for %2 changes").arg(streamed).arg(sent)));
    QVERIFY(streamed >= 3);
}

SERVESCOPE_GUI_TEST_MAIN(tst_WaterfallWidget)
#include "tst_waterfallwidget.moc"

void tst_WaterfallWidget::legendFollowsTheFont_data()
{
    QTest::addColumn<int>("pixelSize");
    QTest::newRow("larger") << 3;
    QTest::newRow("smaller") << -3;
}

// The legend's text widths are kept between layouts; a new font measures them again, so the
// legend (flowed under the rows) takes the room the new texts need: fewer rows fit in a larger
// font, more in a smaller one, and the row count matches a widget given that font at once.
void tst_WaterfallWidget::legendFollowsTheFont()
{
    QFETCH(int, pixelSize);
    Fixture f;
    f.widget.resize(260, 400); // narrow: the legend takes several lines
    QList<RequestLife> lives;
    for (int i = 0; i < 100; ++i)
        lives.append(RequestLife::plain(quint64(i + 1), t0 + i * ms, 500));
    f.feedLives(lives);
    f.paint();
    const int before = f.widget.visibleRowCount();
    QFont font = f.widget.font();
    font.setPixelSize(QFontInfo(font).pixelSize() + pixelSize);
    f.widget.setFont(font);
    f.paint();
    Fixture fresh;
    fresh.widget.setFont(font);
    fresh.widget.resize(260, 400);
    fresh.feedLives(lives);
    fresh.paint();
    QCOMPARE(f.widget.visibleRowCount(), fresh.widget.visibleRowCount());
    QVERIFY(pixelSize > 0 ? f.widget.visibleRowCount() < before
                          : f.widget.visibleRowCount() > before);
}
