#include "guitestmain.h"
#include "textwidthcache.h"

#include <QtGui/QFont>
#include <QtGui/QFontMetrics>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

/*! Widths kept per text: the same as measured, and bounded. */
class tst_TextWidthCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void widthIsMeasured_data();
    void widthIsMeasured();
    void boundedInSize();
};

void tst_TextWidthCache::widthIsMeasured_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("pixelSize");
    QTest::newRow("a lane") << u"worker 12"_s << 12;
    QTest::newRow("a legend, large") << u"blocked: thread held"_s << 30;
    QTest::newRow("Chinese") << u"服务器线程"_s << 14;
    QTest::newRow("empty") << QString() << 12;
}

void tst_TextWidthCache::widthIsMeasured()
{
    QFETCH(QString, text);
    QFETCH(int, pixelSize);
    QFont font;
    font.setPixelSize(pixelSize);
    const QFontMetrics metrics(font);
    TextWidthCache cache;
    QCOMPARE(cache.width(metrics, text), metrics.horizontalAdvance(text));
    QCOMPARE(cache.width(metrics, text), metrics.horizontalAdvance(text)); // kept
    QCOMPARE(cache.size(), 1);
    cache.clear();
    QCOMPARE(cache.size(), 0);
}

void tst_TextWidthCache::boundedInSize()
{
    const QFontMetrics metrics {QFont()};
    TextWidthCache cache;
    for (int i = 0; i < 3 * TextWidthCache::maxTexts; ++i) {
        const QString text = u"+%1 more"_s.arg(i);
        QCOMPARE(cache.width(metrics, text), metrics.horizontalAdvance(text));
        QVERIFY(cache.size() <= TextWidthCache::maxTexts);
    }
}

SERVESCOPE_GUI_TEST_MAIN(tst_TextWidthCache)
#include "tst_textwidthcache.moc"
