#include "accesslogdialog.h"
#include "guitestmain.h"

#include <QtCore/QDir>
#include <QtTest/QTest>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QComboBox>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>

using namespace Qt::StringLiterals;
using Settings = AccessLogController::Settings;

/*!
    File → Access Log…: it shows the settings it was given and returns what the user set,
    with an absolute path; it refuses OK with the log on and no file, or a folder.
*/
class TestAccessLogDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void showsAndReturnsTheSettings_data();
    void showsAndReturnsTheSettings();
    void relativePathBecomesAbsolute();
    void refusesWhatCannotBeALog_data();
    void refusesWhatCannotBeALog();
    void mentionsTheCommandLine();
    void labelsLeadToTheirFields();
};

void TestAccessLogDialog::showsAndReturnsTheSettings_data()
{
    QTest::addColumn<Settings>("settings");
    QTest::addColumn<int>("formatIndex");
    QTest::newRow("clf") << Settings {true, u"/tmp/a.log"_s, AccessLog::Format::Common} << 0;
    QTest::newRow("combined") << Settings {true, u"/tmp/b.log"_s, AccessLog::Format::Combined} << 1;
    QTest::newRow("json") << Settings {true, u"/tmp/c.log"_s, AccessLog::Format::Json} << 2;
    QTest::newRow("off") << Settings {false, u"/tmp/d.log"_s, AccessLog::Format::Json} << 2;
}

void TestAccessLogDialog::showsAndReturnsTheSettings()
{
    QFETCH(Settings, settings);
    QFETCH(int, formatIndex);
    AccessLogDialog dialog(settings);
    auto *enabled = dialog.findChild<QCheckBox *>(u"accessLogEnabled"_s);
    auto *path = dialog.findChild<QLineEdit *>(u"accessLogPath"_s);
    auto *format = dialog.findChild<QComboBox *>(u"accessLogFormat"_s);
    QVERIFY(enabled && path && format);
    QCOMPARE(enabled->isChecked(), settings.enabled);
    QCOMPARE(path->isEnabled(), settings.enabled);
    QCOMPARE(format->currentIndex(), formatIndex);
    QCOMPARE(dialog.settings(), settings);
    // The format's name is --access-log-format's, so a user can move it to a script.
    QVERIFY(format->currentText().contains(AccessLog::formatName(settings.format)));

    enabled->setChecked(!settings.enabled);
    QCOMPARE(dialog.settings().enabled, !settings.enabled);
}

void TestAccessLogDialog::relativePathBecomesAbsolute()
{
    AccessLogDialog dialog({});
    dialog.findChild<QCheckBox *>(u"accessLogEnabled"_s)->setChecked(true);
    dialog.findChild<QLineEdit *>(u"accessLogPath"_s)->setText(u"logs/access.log"_s);
    QCOMPARE(dialog.settings().path, QDir::current().absoluteFilePath(u"logs/access.log"_s));
}

void TestAccessLogDialog::refusesWhatCannotBeALog_data()
{
    QTest::addColumn<bool>("enabled");
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("on, no file") << true << QString() << false;
    QTest::newRow("on, blanks") << true << u"   "_s << false;
    QTest::newRow("on, a folder") << true << QDir::tempPath() << false;
    QTest::newRow("on, a file") << true << QDir::temp().filePath(u"x.log"_s) << true;
    QTest::newRow("off, no file") << false << QString() << true;
}

void TestAccessLogDialog::refusesWhatCannotBeALog()
{
    QFETCH(bool, enabled);
    QFETCH(QString, path);
    QFETCH(bool, accepted);
    AccessLogDialog dialog({});
    dialog.setSettings({enabled, path, AccessLog::Format::Common});
    dialog.setResult(-1);
    dialog.accept();
    // A refused OK leaves the dialog open, with the reason shown in it.
    QCOMPARE(dialog.result(), accepted ? int(QDialog::Accepted) : -1);
    auto *problem = dialog.findChild<QLabel *>(u"accessLogProblem"_s);
    QVERIFY(problem);
    QCOMPARE(problem->isHidden(), accepted);
}

void TestAccessLogDialog::mentionsTheCommandLine()
{
    {
        AccessLogDialog dialog({});
        QVERIFY(!dialog.findChild<QLabel *>(u"accessLogCommandLine"_s));
    }
    AccessLogDialog dialog({}, u"/var/tmp/cli.log"_s);
    auto *note = dialog.findChild<QLabel *>(u"accessLogCommandLine"_s);
    QVERIFY(note);
    QVERIFY(note->text().contains(u"/var/tmp/cli.log"_s));
    QVERIFY(note->text().contains(u"--access-log"_s));
}

void TestAccessLogDialog::labelsLeadToTheirFields()
{
    // Alt+F and Alt+O reach the fields; a label without a buddy would show its "&" instead.
    AccessLogDialog dialog({});
    const QList<QLabel *> labels = dialog.findChildren<QLabel *>();
    QStringList mnemonics;
    for (const QLabel *label : labels) {
        if (!label->text().contains(u'&'))
            continue;
        QVERIFY2(label->buddy(), qPrintable(label->text()));
        mnemonics.append(label->text());
    }
    QCOMPARE(mnemonics.size(), 2);
    QCOMPARE(dialog.findChild<QLabel *>(u"accessLogPathLabel"_s)->buddy(),
             dialog.findChild<QLineEdit *>(u"accessLogPath"_s));
}

SERVESCOPE_GUI_TEST_MAIN(TestAccessLogDialog)
#include "tst_accesslogdialog.moc"
