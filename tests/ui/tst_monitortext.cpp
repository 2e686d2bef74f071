#include "languageloader.h"
#include "monitortext.h"

#include <QtCore/QLocale>
#include <QtTest/QTest>

/*!
    The shared texts of the monitor: durations in the unit that suits them (tables and the
    status bar), round axis values without needless decimals (charts), ages, peers, and the
    same names in Chinese once the translation is installed.
*/
class tst_MonitorText : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanup();

    void durationText_data();
    void durationText();
    void axisDurationText_data();
    void axisDurationText();
    void secondsText_data();
    void secondsText();
    void peerText_data();
    void peerText();
    void translated();
};

void tst_MonitorText::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_MonitorText::cleanup()
{
    LanguageLoader::install(QCoreApplication::instance(), QStringLiteral("en"));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void tst_MonitorText::durationText_data()
{
    QTest::addColumn<qint64>("us");
    QTest::addColumn<QString>("expected");
    QTest::newRow("zero") << qint64(0) << QStringLiteral("0 µs");
    QTest::newRow("microseconds") << qint64(850) << QStringLiteral("850 µs");
    QTest::newRow("one millisecond") << qint64(1000) << QStringLiteral("1.0 ms");
    QTest::newRow("tenths of ms") << qint64(12'345) << QStringLiteral("12.3 ms");
    QTest::newRow("whole ms from 100") << qint64(250'400) << QStringLiteral("250 ms");
    QTest::newRow("seconds") << qint64(5'002'295) << QStringLiteral("5.00 s");
    QTest::newRow("long") << qint64(50'010'000) << QStringLiteral("50.01 s");
}

void tst_MonitorText::durationText()
{
    QFETCH(qint64, us);
    QFETCH(QString, expected);
    QCOMPARE(MonitorText::durationText(us), expected);
}

void tst_MonitorText::axisDurationText_data()
{
    // The chart's axis tops are 1, 2 or 5 times a power of ten (ChartPalette::niceCeiling).
    QTest::addColumn<qint64>("us");
    QTest::addColumn<QString>("expected");
    QTest::newRow("500 µs") << qint64(500) << QStringLiteral("500 µs");
    QTest::newRow("1 ms") << qint64(1000) << QStringLiteral("1 ms");
    QTest::newRow("2 ms") << qint64(2000) << QStringLiteral("2 ms");
    QTest::newRow("1.5 ms") << qint64(1500) << QStringLiteral("1.5 ms");
    QTest::newRow("500 ms") << qint64(500'000) << QStringLiteral("500 ms");
    QTest::newRow("1 s") << qint64(1'000'000) << QStringLiteral("1 s");
    QTest::newRow("10 s") << qint64(10'000'000) << QStringLiteral("10 s");
    QTest::newRow("100 s") << qint64(100'000'000) << QStringLiteral("100 s");
    QTest::newRow("2.5 s") << qint64(2'500'000) << QStringLiteral("2.5 s");
    QTest::newRow("1,000 s") << qint64(1'000'000'000) << QStringLiteral("1,000 s");
}

void tst_MonitorText::axisDurationText()
{
    QFETCH(qint64, us);
    QFETCH(QString, expected);
    QCOMPARE(MonitorText::axisDurationText(us), expected);
}

void tst_MonitorText::secondsText_data()
{
    QTest::addColumn<qint64>("ms");
    QTest::addColumn<QString>("expected");
    QTest::newRow("negative") << qint64(-5) << QStringLiteral("0 s");
    QTest::newRow("under a second") << qint64(999) << QStringLiteral("0 s");
    QTest::newRow("seconds") << qint64(7'400) << QStringLiteral("7 s");
    QTest::newRow("minutes") << qint64(125'000) << QStringLiteral("2:05");
    QTest::newRow("hours") << qint64(3'723'000) << QStringLiteral("1:02:03");
}

void tst_MonitorText::secondsText()
{
    QFETCH(qint64, ms);
    QFETCH(QString, expected);
    QCOMPARE(MonitorText::secondsText(ms), expected);
}

void tst_MonitorText::peerText_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("port");
    QTest::addColumn<QString>("expected");
    QTest::newRow("IPv4") << QStringLiteral("127.0.0.1") << 51234
                          << QStringLiteral("127.0.0.1:51234");
    QTest::newRow("IPv6") << QStringLiteral("::1") << 51234 << QStringLiteral("[::1]:51234");
    QTest::newRow("no port") << QStringLiteral("127.0.0.1") << 0 << QStringLiteral("127.0.0.1");
}

void tst_MonitorText::peerText()
{
    QFETCH(QString, address);
    QFETCH(int, port);
    QFETCH(QString, expected);
    QCOMPARE(MonitorText::peerText(address, quint16(port)), expected);
}

void tst_MonitorText::translated()
{
    LanguageLoader::install(QCoreApplication::instance(), QStringLiteral("zh_CN"));
    QLocale::setDefault(QLocale(QLocale::Chinese, QLocale::China));
    QCOMPARE(MonitorText::threadName(0), QStringLiteral("服务器线程"));
    QCOMPARE(MonitorText::threadName(2), QStringLiteral("工作线程 2"));
    QCOMPARE(MonitorText::modeName(DispatchMode::Pooled), QStringLiteral("线程池"));
    QCOMPARE(MonitorText::durationText(5'000'000), QStringLiteral("5.00 秒"));
    QCOMPARE(MonitorText::axisDurationText(10'000'000), QStringLiteral("10 秒"));
    QCOMPARE(MonitorText::axisDurationText(2000), QStringLiteral("2 毫秒"));
}

QTEST_GUILESS_MAIN(tst_MonitorText)
#include "tst_monitortext.moc"
