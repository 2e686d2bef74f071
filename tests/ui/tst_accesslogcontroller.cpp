#include "accesslogcontroller.h"
#include "eventhub.h"
#include "server.h"
#include "testevents.h"

#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;
using Settings = AccessLogController::Settings;

namespace {

ServerEvent finished(quint64 id, const QByteArray &target, int status)
{
    ServerEvent event = TestEvents::requestFinished(id, id, 1795773600000 + qint64(id), status);
    event.method = "GET";
    event.target = target;
    event.peer = u"127.0.0.1"_s;
    event.bodyBytes = 146;
    event.referer = "http://127.0.0.1/";
    event.userAgent = "curl/7.88";
    return event;
}

QList<QByteArray> lines(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> result = file.readAll().split('\n');
    if (!result.isEmpty() && result.constLast().isEmpty())
        result.removeLast();
    return result;
}

} // namespace

/*!
    The window's access log: it writes the server's batches in the chosen format, remembers a
    choice made in the window but not the command line's, reopens after a rename as SIGHUP
    does for the headless server, and says why when a file cannot be opened.
*/
class TestAccessLogController : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void writesTheChosenFormat_data();
    void writesTheChosenFormat();
    void remembersTheWindowsChoice();
    void commandLineIsNotRemembered();
    void restoresWhatWasRemembered();
    void reopensAfterRename();
    void saysWhyItCannotOpen();
    void loadIgnoresWhatItCannotRead_data();
    void loadIgnoresWhatItCannotRead();
    void turningItOffClosesTheFile();

private:
    QString logPath(const QString &name) const { return m_dir.filePath(name); }

    QTemporaryDir m_settingsDir;
    QTemporaryDir m_dir;
    Server m_server; // never started: the test emits its batches
};

void TestAccessLogController::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QVERIFY(m_dir.isValid());
    QCoreApplication::setOrganizationName(u"ServeScopeTest"_s);
    QCoreApplication::setApplicationName(u"tst_accesslogcontroller"_s);
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestAccessLogController::init()
{
    QSettings().clear();
}

void TestAccessLogController::writesTheChosenFormat_data()
{
    QTest::addColumn<AccessLog::Format>("format");
    QTest::addColumn<QString>("pattern");
    QTest::newRow("clf") << AccessLog::Format::Common
                         << uR"(^127\.0\.0\.1 - - \[.+\] "GET /a HTTP/1\.1" 200 146$)"_s;
    QTest::newRow("combined")
        << AccessLog::Format::Combined
        << uR"(^127\.0\.0\.1 - - \[.+\] "GET /a HTTP/1\.1" 200 146 "http://127\.0\.0\.1/" "curl/7\.88"$)"_s;
    QTest::newRow("json") << AccessLog::Format::Json
                          << uR"(^\{"time":".+","peer":"127\.0\.0\.1",.*"status":200,.*\}$)"_s;
}

void TestAccessLogController::writesTheChosenFormat()
{
    QFETCH(AccessLog::Format, format);
    QFETCH(QString, pattern);
    const QString path = logPath(QString::fromLatin1(QTest::currentDataTag()) + u".log");
    AccessLogController log(&m_server);
    QVERIFY(log.apply({true, path, format}));
    QVERIFY(log.isOpen());
    QVERIFY(m_server.eventHub()->isEnabled()); // someone reads them now
    Q_EMIT m_server.eventsReady({finished(1, "/a", 200), TestEvents::connectionClosed(1, 0)});
    const QList<QByteArray> written = lines(path);
    QCOMPARE(written.size(), 1); // one line per finished request, nothing for the close
    QVERIFY2(QRegularExpression(pattern).match(QString::fromUtf8(written.first())).hasMatch(),
             written.first().constData());
    QCOMPARE(log.linesWritten(), 1);
}

void TestAccessLogController::remembersTheWindowsChoice()
{
    const Settings chosen {true, logPath(u"remembered.log"_s), AccessLog::Format::Json};
    {
        AccessLogController log(&m_server);
        QVERIFY(log.apply(chosen));
        QVERIFY(!log.isFromCommandLine());
    }
    QCOMPARE(AccessLogController::load(QSettings()), chosen);
}

void TestAccessLogController::commandLineIsNotRemembered()
{
    const Settings before {true, logPath(u"before.log"_s), AccessLog::Format::Combined};
    {
        QSettings settings;
        AccessLogController::save(settings, before);
    }
    AccessLogController log(&m_server);
    QVERIFY(log.applyForThisRun(logPath(u"cli.log"_s), AccessLog::Format::Common));
    QVERIFY(log.isFromCommandLine());
    QCOMPARE(log.settings().path, logPath(u"cli.log"_s));
    QCOMPARE(AccessLogController::load(QSettings()), before);
    // A choice in the window afterwards is the user's again, and remembered.
    const Settings chosen {true, logPath(u"after.log"_s), AccessLog::Format::Common};
    QVERIFY(log.apply(chosen));
    QVERIFY(!log.isFromCommandLine());
    QCOMPARE(AccessLogController::load(QSettings()), chosen);
}

void TestAccessLogController::restoresWhatWasRemembered()
{
    const Settings remembered {true, logPath(u"restored.log"_s), AccessLog::Format::Common};
    {
        QSettings settings;
        AccessLogController::save(settings, remembered);
    }
    AccessLogController log(&m_server);
    QVERIFY(!log.isOpen()); // nothing opens before restore()
    QVERIFY(log.restore(QSettings()));
    QVERIFY(log.isOpen());
    QCOMPARE(log.settings(), remembered);
    Q_EMIT m_server.eventsReady({finished(2, "/b", 404)});
    QCOMPARE(lines(remembered.path).size(), 1);
}

void TestAccessLogController::reopensAfterRename()
{
    const QString path = logPath(u"rotate.log"_s);
    const QString rotated = logPath(u"rotate.log.1"_s);
    AccessLogController log(&m_server);
    QVERIFY(log.apply({true, path, AccessLog::Format::Common}));
    Q_EMIT m_server.eventsReady({finished(1, "/before", 200)});
    QVERIFY(QFile::rename(path, rotated));
    QSignalSpy changed(&log, &AccessLogController::stateChanged);
    QVERIFY(log.reopen());
    QCOMPARE(changed.count(), 1);
    Q_EMIT m_server.eventsReady({finished(2, "/after", 200)});
    const QList<QByteArray> old = lines(rotated);
    const QList<QByteArray> fresh = lines(path);
    QCOMPARE(old.size(), 1);
    QVERIFY(old.first().contains("/before"));
    QCOMPARE(fresh.size(), 1); // no line lost, none written twice
    QVERIFY(fresh.first().contains("/after"));
}

void TestAccessLogController::saysWhyItCannotOpen()
{
    const QString path = logPath(u"no/such/folder/access.log"_s);
    AccessLogController log(&m_server);
    QSignalSpy failed(&log, &AccessLogController::failed);
    QVERIFY(!log.apply({true, path, AccessLog::Format::Common}));
    QVERIFY(!log.isOpen());
    QCOMPARE(failed.count(), 1);
    const QString message = failed.first().first().toString();
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(message.contains(log.errorString()) && !log.errorString().isEmpty(),
             qPrintable(message));
    QCOMPARE(log.failureMessage(), message);
    // Nothing is remembered for a file that did not open.
    QVERIFY(!AccessLogController::load(QSettings()).enabled);
}

void TestAccessLogController::loadIgnoresWhatItCannotRead_data()
{
    QTest::addColumn<QVariant>("enabled");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("format");
    QTest::addColumn<bool>("expectEnabled");
    QTest::addColumn<AccessLog::Format>("expectFormat");
    QTest::newRow("json") << QVariant(true) << u"/tmp/x.log"_s << u"json"_s << true
                          << AccessLog::Format::Json;
    QTest::newRow("unknown format")
        << QVariant(true) << u"/tmp/x.log"_s << u"xml"_s << true << AccessLog::Format::Common;
    QTest::newRow("no path") << QVariant(true) << QString() << u"clf"_s << false
                             << AccessLog::Format::Common;
    QTest::newRow("off") << QVariant(false) << u"/tmp/x.log"_s << u"combined"_s << false
                         << AccessLog::Format::Combined;
    QTest::newRow("nothing saved")
        << QVariant() << QString() << QString() << false << AccessLog::Format::Common;
}

void TestAccessLogController::loadIgnoresWhatItCannotRead()
{
    QFETCH(QVariant, enabled);
    QFETCH(QString, path);
    QFETCH(QString, format);
    QFETCH(bool, expectEnabled);
    QFETCH(AccessLog::Format, expectFormat);
    QSettings settings;
    if (enabled.isValid())
        settings.setValue(u"accessLog/enabled"_s, enabled);
    if (!path.isEmpty())
        settings.setValue(u"accessLog/path"_s, path);
    if (!format.isEmpty())
        settings.setValue(u"accessLog/format"_s, format);
    const Settings loaded = AccessLogController::load(settings);
    QCOMPARE(loaded.enabled, expectEnabled);
    QCOMPARE(loaded.format, expectFormat);
    QCOMPARE(loaded.path, path);
}

void TestAccessLogController::turningItOffClosesTheFile()
{
    const QString path = logPath(u"off.log"_s);
    AccessLogController log(&m_server);
    QVERIFY(log.apply({true, path, AccessLog::Format::Common}));
    QVERIFY(log.apply({false, path, AccessLog::Format::Common}));
    QVERIFY(!log.isOpen());
    Q_EMIT m_server.eventsReady({finished(3, "/c", 200)});
    QCOMPARE(lines(path).size(), 0);
    // The path stays, so the dialog offers it again next time.
    const Settings remembered = AccessLogController::load(QSettings());
    QVERIFY(!remembered.enabled);
    QCOMPARE(remembered.path, path);
}

QTEST_GUILESS_MAIN(TestAccessLogController)
#include "tst_accesslogcontroller.moc"
