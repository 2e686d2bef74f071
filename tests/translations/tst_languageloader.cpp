#include "languageloader.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QLocale>
#include <QtTest/QTest>

/*! LanguageLoader installs ServeScope's embedded catalogue and Qt's own, or none for English. */
class TestLanguageLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup() { LanguageLoader::install(QCoreApplication::instance(), QStringLiteral("en")); }

    void translates_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("expected");

        // ServeScope's own catalogue (embedded :/i18n/servescope_zh_CN.qm).
        QTest::newRow("zh_CN window")
            << QStringLiteral("zh_CN") << QStringLiteral("MainWindow")
            << QStringLiteral("Request Log") << QStringLiteral("请求日志");
        QTest::newRow("zh_CN toolbar") << QStringLiteral("zh_CN") << QStringLiteral("ServerToolBar")
                                       << QStringLiteral("&Start") << QStringLiteral("启动(&S)");
        // Qt's qtbase catalogue, so standard dialogs match.
        QTest::newRow("zh_CN qtbase") << QStringLiteral("zh_CN") << QStringLiteral("QPlatformTheme")
                                      << QStringLiteral("Cancel") << QStringLiteral("取消");
        // English is the source language: nothing changes.
        QTest::newRow("en window")
            << QStringLiteral("en") << QStringLiteral("MainWindow") << QStringLiteral("Request Log")
            << QStringLiteral("Request Log");
        QTest::newRow("en qtbase") << QStringLiteral("en") << QStringLiteral("QPlatformTheme")
                                   << QStringLiteral("Cancel") << QStringLiteral("Cancel");
    }

    void translates()
    {
        QFETCH(QString, language);
        QFETCH(QString, context);
        QFETCH(QString, source);
        QFETCH(QString, expected);

        LanguageLoader::install(QCoreApplication::instance(), language);
        QCOMPARE(QCoreApplication::translate(context.toLatin1().constData(),
                                             source.toUtf8().constData()),
                 expected);
    }

    void switchingBackToEnglishRemovesTranslators()
    {
        LanguageLoader::install(QCoreApplication::instance(), QStringLiteral("zh_CN"));
        QCOMPARE(QCoreApplication::translate("MainWindow", "Request Log"),
                 QStringLiteral("请求日志"));
        LanguageLoader::install(QCoreApplication::instance(),
                                QStringLiteral("zh_CN")); // twice: still one set installed
        LanguageLoader::install(QCoreApplication::instance(), QStringLiteral("en"));
        QCOMPARE(QCoreApplication::translate("MainWindow", "Request Log"),
                 QStringLiteral("Request Log"));
        QCOMPARE(QLocale().language(), QLocale::English);
    }

    void unknownLanguageStaysEnglish()
    {
        LanguageLoader::install(QCoreApplication::instance(), QStringLiteral("xx_YY"));
        QCOMPARE(QCoreApplication::translate("MainWindow", "Request Log"),
                 QStringLiteral("Request Log"));
    }
};

QTEST_GUILESS_MAIN(TestLanguageLoader)
#include "tst_languageloader.moc"
