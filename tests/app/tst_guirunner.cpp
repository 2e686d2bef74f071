#include "childprocess.h"
#include "httptestclient.h"

#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QTemporaryDir>
#include <QtNetwork/QTcpServer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <signal.h>

using namespace Qt::StringLiterals;

namespace {

constexpr int startTimeoutMs = 20000; // a loaded two-core CI machine starting Qt Widgets
constexpr int stopTimeoutMs = 10000;

/*!
    `servescope ...` with a window, as a user starts it from a terminal, on the offscreen
    platform, with its settings in a directory of its own.
*/
class Window
{
public:
    Window(const QTemporaryDir &home, const QStringList &arguments)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
        // The offscreen platform warns that it cannot size or raise windows: true, and not the
        // window's fault, so warnings do not end this child as they end the test itself.
        environment.remove(u"QT_FATAL_WARNINGS"_s);
        environment.insert(u"HOME"_s, home.path());
        environment.insert(u"XDG_CONFIG_HOME"_s, home.filePath(u"config"_s));
        environment.insert(u"XDG_RUNTIME_DIR"_s, home.filePath(u"run"_s));
        environment.insert(u"LC_ALL"_s, u"C"_s);
        environment.insert(u"LANGUAGE"_s, u"en"_s);
        QDir(home.path()).mkpath(u"run"_s);
        QFile::setPermissions(home.filePath(u"run"_s),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        m_process.setProcessEnvironment(environment);
        m_process.setProgram(QFile::decodeName(SERVESCOPE_EXECUTABLE));
        m_process.setArguments(arguments);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        ChildProcess::endWithTest(m_process);
        m_process.start();
    }
    ~Window()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    void sendSignal(int signalNumber) { ::kill(pid_t(m_process.processId()), signalNumber); }
    bool isRunning() const { return m_process.state() == QProcess::Running; }
    bool waitForExit(int ms)
    {
        if (m_process.state() == QProcess::NotRunning)
            return true;
        QSignalSpy finished(&m_process, &QProcess::finished);
        return finished.wait(ms);
    }

    QProcess m_process;
};

// A port that was free a moment ago: the window has no "listening" line to read one from.
quint16 freePort()
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

QByteArray get(quint16 port, const QByteArray &target)
{
    return HttpTestClient::exchange(
        port, HttpTestClient::request("GET", target, HttpTestClient::connectionClose), 2000, 5000);
}

// Until one GET / is answered, which is then the only request sent (QTRY_* would evaluate a
// request more than once).
bool waitUntilServing(quint16 port)
{
    return QTest::qWaitFor([port] { return get(port, "/").startsWith("HTTP/1.1 200"); },
                           startTimeoutMs);
}

qsizetype lineCount(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll().count('\n') : -1;
}

} // namespace

/*!
    The servescope executable with a window, end to end: signals reach it as they reach the
    headless server. SIGHUP reopens the access log (logrotate) and the window goes on; it does
    not end the window without one either. SIGTERM closes the window for good, exit code 0,
    saving its settings without the command line's.
*/
class TestGuiRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sighupReopensTheAccessLog();
    void sighupWithoutALogKeepsTheWindow();
    void sigtermLosesNoLine();
};

void TestGuiRunner::sighupReopensTheAccessLog()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString path = home.filePath(u"access.log"_s);
    const QString rotated = path + u".1";
    const quint16 port = freePort();
    QVERIFY(port != 0);
    Window window(home, {u"--port"_s, QString::number(port), u"--access-log"_s, path});
    QVERIFY(waitUntilServing(port));
    QTRY_COMPARE_WITH_TIMEOUT(lineCount(path), 1, 5000);

    QVERIFY(QFile::rename(path, rotated));
    window.sendSignal(SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 5000); // reopened under the old name
    QVERIFY(get(port, "/nope").startsWith("HTTP/1.1 404"));
    QTRY_COMPARE_WITH_TIMEOUT(lineCount(path), 1, 5000);
    QCOMPARE(lineCount(rotated), 1); // no line lost, none written twice
    QVERIFY(window.isRunning());

    window.sendSignal(SIGTERM);
    QVERIFY(window.waitForExit(stopTimeoutMs));
    QCOMPARE(window.m_process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(window.m_process.exitCode(), 0);
    // Closed as File → Quit closes: the settings were saved, the command line's log was not.
    QFile settings(home.filePath(u"config/ServeScope/servescope.conf"_s));
    QVERIFY2(settings.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
    const QByteArray saved = settings.readAll();
    QVERIFY2(saved.contains("[window]"), saved.constData());
    QVERIFY2(!saved.contains("access.log"), saved.constData());
}

void TestGuiRunner::sighupWithoutALogKeepsTheWindow()
{
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const quint16 port = freePort();
    QVERIFY(port != 0);
    Window window(home, {u"--port"_s, QString::number(port)});
    QVERIFY(waitUntilServing(port));
    window.sendSignal(SIGHUP);
    // Still serving afterwards: the signal was taken, not left to end the process.
    QVERIFY(get(port, "/").startsWith("HTTP/1.1 200"));
    QVERIFY(window.isRunning());
    window.sendSignal(SIGINT);
    QVERIFY(window.waitForExit(stopTimeoutMs));
    QCOMPARE(window.m_process.exitCode(), 0);
}

void TestGuiRunner::sigtermLosesNoLine()
{
    // Requests answered just before the signal are logged: the window waits for the server
    // to stop, and its last events, before it ends.
    QTemporaryDir home;
    QVERIFY(home.isValid());
    const QString path = home.filePath(u"access.log"_s);
    const quint16 port = freePort();
    QVERIFY(port != 0);
    Window window(home, {u"--port"_s, QString::number(port), u"--access-log"_s, path});
    QVERIFY(waitUntilServing(port));
    constexpr int more = 5;
    for (int i = 0; i < more; ++i)
        QVERIFY(get(port, "/").startsWith("HTTP/1.1 200"));
    window.sendSignal(SIGTERM);
    QVERIFY(window.waitForExit(stopTimeoutMs));
    QCOMPARE(window.m_process.exitCode(), 0);
    QCOMPARE(lineCount(path), 1 + more);
}

QTEST_GUILESS_MAIN(TestGuiRunner)
#include "tst_guirunner.moc"
