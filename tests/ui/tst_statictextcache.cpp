#include "guitestmain.h"
#include "statictextcache.h"

#include <QtGui/QFont>
#include <QtGui/QImage>
#include <QtGui/QPainter>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

QImage canvas()
{
    QImage image(320, 80, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    return image;
}

QFont fontOf(int pixelSize, bool bold)
{
    QFont font;
    font.setPixelSize(pixelSize);
    font.setBold(bold);
    return font;
}

} // namespace

/*! Texts drawn from their layout land on the pixels QPainter::drawText() puts them on. */
class tst_StaticTextCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void drawsAsDrawText_data();
    void drawsAsDrawText();
    void boundedInSize();
    void anotherFontStartsAfresh();
};

void tst_StaticTextCache::drawsAsDrawText_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QRect>("rect");
    QTest::addColumn<int>("alignment");
    QTest::addColumn<int>("pixelSize");
    QTest::addColumn<bool>("bold");

    const int leftMiddle = Qt::AlignLeft | Qt::AlignVCenter;
    const int rightMiddle = Qt::AlignRight | Qt::AlignVCenter;
    QTest::newRow("a target") << u"/"_s << QRect(10, 7, 120, 19) << leftMiddle << 12 << false;
    QTest::newRow("a status, right")
        << u"200"_s << QRect(130, 7, 41, 19) << rightMiddle << 12 << false;
    QTest::newRow("odd heights") << u"GET /sleep?ms=1000"_s << QRect(3, 4, 200, 24) << leftMiddle
                                 << 13 << false;
    QTest::newRow("centred") << u"worker 2"_s << QRect(0, 0, 177, 33) << int(Qt::AlignCenter) << 11
                             << true;
    QTest::newRow("top, centred across")
        << u"now"_s << QRect(20, 10, 91, 40) << int(Qt::AlignTop | Qt::AlignHCenter) << 12 << false;
    QTest::newRow("bottom right") << u"-60 s"_s << QRect(20, 10, 91, 40)
                                  << int(Qt::AlignBottom | Qt::AlignRight) << 14 << false;
    QTest::newRow("Chinese") << u"服务器线程"_s << QRect(5, 5, 150, 22) << leftMiddle << 14
                             << false;
    QTest::newRow("elided") << u"GET /compute?ms=500&and=a-long-query"_s << QRect(8, 8, 90, 20)
                            << leftMiddle << 12 << false;
    QTest::newRow("elided, Chinese")
        << u"内核中未读的请求在这里等待"_s << QRect(8, 8, 70, 20) << leftMiddle << 13 << false;
    QTest::newRow("taller than its rect")
        << u"Request"_s << QRect(8, 8, 90, 7) << leftMiddle << 16 << false;
}

void tst_StaticTextCache::drawsAsDrawText()
{
    QFETCH(QString, text);
    QFETCH(QRect, rect);
    QFETCH(int, alignment);
    QFETCH(int, pixelSize);
    QFETCH(bool, bold);

    QImage expected = canvas();
    {
        QPainter painter(&expected);
        painter.setFont(fontOf(pixelSize, bold));
        painter.setPen(Qt::darkBlue);
        const QString shown
            = QFontMetrics(painter.font()).elidedText(text, Qt::ElideRight, rect.width());
        painter.drawText(rect, alignment | Qt::TextSingleLine, shown);
    }
    QVERIFY(expected != canvas()); // something was drawn

    StaticTextCache cache;
    for (int pass = 0; pass < 2; ++pass) { // laid out, then from the cache
        QImage image = canvas();
        {
            QPainter painter(&image);
            painter.setFont(fontOf(pixelSize, bold));
            painter.setPen(Qt::darkBlue);
            cache.draw(painter, rect, Qt::Alignment(alignment), text);
        }
        QCOMPARE(image, expected);
    }
}

void tst_StaticTextCache::boundedInSize()
{
    StaticTextCache cache(8);
    const QFont font = fontOf(12, false);
    for (int i = 0; i < 50; ++i) {
        cache.text(QString::number(i), font);
        QVERIFY(cache.size() <= cache.maxTexts());
    }
    QVERIFY(cache.size() > 0);
}

void tst_StaticTextCache::anotherFontStartsAfresh()
{
    StaticTextCache cache;
    const QStaticText &small = cache.text(u"worker 1"_s, fontOf(10, false));
    const double smallWidth = small.size().width();
    QCOMPARE(cache.size(), 1);
    const QStaticText &large = cache.text(u"worker 1"_s, fontOf(30, false));
    QCOMPARE(cache.size(), 1);
    QVERIFY(large.size().width() > 2 * smallWidth);
}

SERVESCOPE_GUI_TEST_MAIN(tst_StaticTextCache)
#include "tst_statictextcache.moc"
