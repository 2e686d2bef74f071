#include "childprocess.h"
#include "httptestclient.h"
#include "router.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QTemporaryDir>
#include <QtNetwork/QTcpServer>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <memory>

#include <signal.h>

using namespace Qt::StringLiterals;

namespace {

// Generous: a loaded two-core CI machine; the product promises an exit within 2 s.
constexpr int startTimeoutMs = 10000;
constexpr int stopLimitMs = 2000;

/*!
    `servescope --headless ...` as a user runs it, with stdout and stderr kept apart.
    The child inherits QT_FATAL_WARNINGS=1 from CTest, so any Qt warning it prints kills it.
*/
class Headless
{
public:
    explicit Headless(const QStringList &arguments)
    {
        // A fixed locale, so that nothing locale-dependent reaches stderr.
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"LC_ALL"_s, u"C"_s);
        environment.insert(u"LANGUAGE"_s, u"en"_s);
        m_process.setProcessEnvironment(environment);
        m_process.setProgram(program());
        m_process.setArguments(QStringList {u"--headless"_s} + arguments);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process,
                         [this] { m_stdout += m_process.readAllStandardOutput(); });
        QObject::connect(&m_process, &QProcess::readyReadStandardError, &m_process,
                         [this] { m_stderr += m_process.readAllStandardError(); });
        ChildProcess::endWithTest(m_process);
        m_process.start();
    }
    ~Headless()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

    /*! The servescope executable CMake built (tests/CMakeLists.txt passes its path). */
    static QString program() { return QFile::decodeName(SERVESCOPE_EXECUTABLE); }

    /*! Waits for the listening line; its port, or 0. */
    quint16 waitForListening()
    {
        // Not QTRY_*: this returns the port, 0 if the line never came.
        (void)QTest::qWaitFor(
            [this] { return m_stdout.contains('\n') || m_process.state() == QProcess::NotRunning; },
            startTimeoutMs);
        static const QRegularExpression line(
            uR"(^ServeScope listening on http://127\.0\.0\.1:(\d+)/ \(mode (\w+), (\d+) threads?\)\n)"_s);
        const QRegularExpressionMatch match = line.match(QString::fromUtf8(m_stdout));
        m_listeningLine = match.captured(0);
        m_mode = match.captured(2);
        m_threads = match.captured(3).toInt();
        return match.hasMatch() ? quint16(match.captured(1).toUInt()) : 0;
    }

    /*! Waits for the process to end; false if it runs longer than \a ms. */
    bool waitForExit(int ms)
    {
        if (m_process.state() == QProcess::NotRunning)
            return true;
        QSignalSpy finished(&m_process, &QProcess::finished);
        return finished.wait(ms);
    }

    void sendSignal(int signalNumber) { ::kill(pid_t(m_process.processId()), signalNumber); }

    QProcess m_process;
    QByteArray m_stdout;
    QByteArray m_stderr;
    QString m_listeningLine;
    QString m_mode;
    int m_threads = 0;
};

/*! Everything the server sends for one request on a new connection, which it then closes. */
QByteArray get(quint16 port, const QByteArray &method, const QByteArray &target)
{
    return HttpTestClient::exchange(
        port, method + ' ' + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
}

} // namespace

/*!
    The servescope executable in --headless mode, end to end: the listening line, the exit
    codes and messages, signals, and the access log.
*/
class tst_HeadlessRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listensServesAndStopsOnSignal_data();
    void listensServesAndStopsOnSignal();
    void stopsWithPendingSleep();
    void mapsNoWindowLibrary_data();
    void mapsNoWindowLibrary();
    void portInUse();
    void badBindAddress();
    void invalidArguments_data();
    void invalidArguments();
    void accessLogToFile();
    void accessLogToStdout();
    void accessLogReopensOnSighup();
    void accessLogCannotOpen();
};

void tst_HeadlessRunner::initTestCase()
{
    QVERIFY2(QFileInfo(Headless::program()).isExecutable(),
             qPrintable(Headless::program() + u" is not built"_s));
}

void tst_HeadlessRunner::listensServesAndStopsOnSignal_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("signalNumber");
    QTest::addColumn<QString>("mode");
    QTest::addColumn<int>("threads");
    QTest::newRow("SIGINT, pooled") << QStringList {} << SIGINT << u"pooled"_s << 0;
    QTest::newRow("SIGTERM, concurrent, 3 threads")
        << QStringList {u"--mode"_s, u"concurrent"_s, u"--threads"_s, u"3"_s} << SIGTERM
        << u"concurrent"_s << 3;
    QTest::newRow("SIGINT, sequential, 1 thread")
        << QStringList {u"--mode=sequential"_s, u"--threads=1"_s} << SIGINT << u"sequential"_s << 1;
}

void tst_HeadlessRunner::listensServesAndStopsOnSignal()
{
    QFETCH(QStringList, arguments);
    QFETCH(int, signalNumber);
    QFETCH(QString, mode);
    QFETCH(int, threads);

    Headless server(arguments + QStringList {u"--port"_s, u"0"_s});
    const quint16 port = server.waitForListening();
    QVERIFY2(port != 0, server.m_stdout.constData());
    QCOMPARE(server.m_mode, mode);
    QCOMPARE(server.m_threads, threads == 0 ? std::max(2, QThread::idealThreadCount()) : threads);
    if (threads == 1)
        QVERIFY(server.m_listeningLine.endsWith(u"1 thread)\n"_s));

    const QByteArray response = get(port, "GET", "/");
    QVERIFY2(response.startsWith("HTTP/1.1 200 OK\r\n"), response.constData());
    QVERIFY(response.endsWith(Router::helloPage()));

    QElapsedTimer stopping;
    stopping.start();
    server.sendSignal(signalNumber);
    QVERIFY(server.waitForExit(stopLimitMs + 1000));
    QVERIFY2(stopping.elapsed() < stopLimitMs, qPrintable(QString::number(stopping.elapsed())));
    QCOMPARE(server.m_process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.m_process.exitCode(), 0);
    // Exactly one line on stdout; stderr only says it is stopping (no Qt warnings).
    QCOMPARE(server.m_stdout.count('\n'), 1);
    QCOMPARE(server.m_stderr.count('\n'), 1);
    QVERIFY2(server.m_stderr.contains("stopping"), server.m_stderr.constData());
}

void tst_HeadlessRunner::stopsWithPendingSleep()
{
    Headless server({u"--port"_s, u"0"_s, u"--mode"_s, u"pooled"_s});
    const quint16 port = server.waitForListening();
    QVERIFY(port != 0);
    HttpTestClient sleeper(port);
    QVERIFY(sleeper.waitForConnected(5000));
    sleeper.send("GET /sleep?ms=30000 HTTP/1.1\r\nHost: localhost\r\n\r\n");
    // The sleep is pending once the status says so.
    QTRY_VERIFY_WITH_TIMEOUT(get(port, "GET", "/-/status").contains("\"pendingSleeps\":1"), 5000);

    QElapsedTimer stopping;
    stopping.start();
    server.sendSignal(SIGINT);
    QVERIFY(server.waitForExit(stopLimitMs + 1000));
    QVERIFY2(stopping.elapsed() < stopLimitMs, qPrintable(QString::number(stopping.elapsed())));
    QCOMPARE(server.m_process.exitCode(), 0);
}

void tst_HeadlessRunner::mapsNoWindowLibrary_data()
{
    QTest::addColumn<QByteArray>("library");
    QTest::newRow("Qt Widgets") << QByteArray("/libQt6Widgets.so");
    QTest::newRow("Qt Gui") << QByteArray("/libQt6Gui.so");
    QTest::newRow("X11") << QByteArray("/libX11.so");
}

// servescope --headless hands the run to servescope-headless (same PID), which does not map
// what only the window needs: 7 MiB of resident pages at idle.
void tst_HeadlessRunner::mapsNoWindowLibrary()
{
    QFETCH(QByteArray, library);
    Headless server({u"--port"_s, u"0"_s});
    QVERIFY(server.waitForListening() != 0);
    QFile maps(u"/proc/%1/maps"_s.arg(server.m_process.processId()));
    QVERIFY2(maps.open(QIODevice::ReadOnly), qPrintable(maps.errorString()));
    const QByteArray mapped = maps.readAll();
    QVERIFY(mapped.contains("/libQt6Core.so")); // the right process, and its maps read
    QVERIFY2(!mapped.contains(library), library.constData());
}

void tst_HeadlessRunner::portInUse()
{
    QTcpServer occupant;
    QVERIFY(occupant.listen(QHostAddress(QHostAddress::LocalHost), 0));
    const QString port = QString::number(occupant.serverPort());

    Headless server({u"--port"_s, port});
    QVERIFY(server.waitForExit(startTimeoutMs));
    QCOMPARE(server.m_process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.m_process.exitCode(), 1);
    QVERIFY(server.m_stdout.isEmpty());
    // One line, naming the address and the port.
    QCOMPARE(server.m_stderr.count('\n'), 1);
    QVERIFY2(server.m_stderr.contains(QByteArray("127.0.0.1:" + port.toLatin1())),
             server.m_stderr.constData());
}

void tst_HeadlessRunner::badBindAddress()
{
    // TEST-NET-3 (RFC 5737): a valid address that is never assigned to this machine.
    Headless server({u"--bind"_s, u"203.0.113.7"_s, u"--port"_s, u"8080"_s});
    QVERIFY(server.waitForExit(startTimeoutMs));
    QCOMPARE(server.m_process.exitCode(), 1);
    QCOMPARE(server.m_stderr.count('\n'), 1);
    QVERIFY2(server.m_stderr.contains("203.0.113.7:8080"), server.m_stderr.constData());
}

void tst_HeadlessRunner::invalidArguments_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::newRow("port") << QStringList {u"--port"_s, u"70000"_s};
    QTest::newRow("mode") << QStringList {u"--mode"_s, u"foo"_s};
    QTest::newRow("threads") << QStringList {u"--threads"_s, u"0"_s};
    QTest::newRow("bind") << QStringList {u"--bind"_s, u"not-an-address"_s};
    QTest::newRow("unknown") << QStringList {u"--frobnicate"_s};
}

void tst_HeadlessRunner::invalidArguments()
{
    QFETCH(QStringList, arguments);
    Headless server(arguments);
    QVERIFY(server.waitForExit(startTimeoutMs));
    QCOMPARE(server.m_process.exitStatus(), QProcess::NormalExit);
    QCOMPARE(server.m_process.exitCode(), 2);
    QVERIFY(server.m_stdout.isEmpty());
    const QList<QByteArray> lines = server.m_stderr.trimmed().split('\n');
    QCOMPARE(lines.size(), 2); // the error, and the hint
    QVERIFY2(lines.at(0).startsWith("servescope: "), lines.at(0).constData());
    QVERIFY2(lines.at(1).contains("--help"), lines.at(1).constData());
}

void tst_HeadlessRunner::accessLogToFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"access.log"_s);
    Headless server({u"--port"_s, u"0"_s, u"--access-log"_s, path});
    const quint16 port = server.waitForListening();
    QVERIFY(port != 0);
    QVERIFY(get(port, "GET", "/").startsWith("HTTP/1.1 200"));
    QVERIFY(get(port, "HEAD", "/").startsWith("HTTP/1.1 200"));
    QVERIFY(get(port, "GET", "/nope?x=1").startsWith("HTTP/1.1 404"));
    server.sendSignal(SIGTERM);
    QVERIFY(server.waitForExit(stopLimitMs + 1000));
    QCOMPARE(server.m_process.exitCode(), 0);

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = file.readAll().split('\n');
    QCOMPARE(lines.size(), 4); // three lines and the empty rest after the last newline
    const QByteArray time = R"(\[\d\d/[A-Z][a-z][a-z]/\d{4}:\d\d:\d\d:\d\d \+0000\])";
    const QByteArray expected[] = {
        "^127\\.0\\.0\\.1 - - " + time + " \"GET / HTTP/1\\.1\" 200 "
            + QByteArray::number(Router::helloPage().size()) + "$",
        "^127\\.0\\.0\\.1 - - " + time + " \"HEAD / HTTP/1\\.1\" 200 -$",
        "^127\\.0\\.0\\.1 - - " + time + " \"GET /nope\\?x=1 HTTP/1\\.1\" 404 "
            + QByteArray::number(Router::notFoundPage().size()) + "$",
    };
    for (int i = 0; i < 3; ++i) {
        const QRegularExpression pattern(QString::fromLatin1(expected[i]));
        QVERIFY2(pattern.match(QString::fromLatin1(lines.at(i))).hasMatch(),
                 lines.at(i).constData());
    }
}

void tst_HeadlessRunner::accessLogReopensOnSighup()
{
    // logrotate: rename the file, send SIGHUP; the server goes on, and the next line lands in
    // a new file under the old name. No line is lost or written twice.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"access.log"_s);
    const QString rotated = dir.filePath(u"access.log.1"_s);
    Headless server({u"--port"_s, u"0"_s, u"--access-log"_s, path});
    const quint16 port = server.waitForListening();
    QVERIFY(port != 0);
    QVERIFY(get(port, "GET", "/").startsWith("HTTP/1.1 200"));
    const auto lineCount = [](const QString &name) {
        QFile file(name);
        return file.open(QIODevice::ReadOnly) ? file.readAll().count('\n') : -1;
    };
    QTRY_COMPARE_WITH_TIMEOUT(lineCount(path), 1, 5000);

    QVERIFY(QFile::rename(path, rotated));
    server.sendSignal(SIGHUP);
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(path), 5000); // reopened under the old name
    QVERIFY(get(port, "GET", "/nope").startsWith("HTTP/1.1 404"));
    QTRY_COMPARE_WITH_TIMEOUT(lineCount(path), 1, 5000);
    QCOMPARE(lineCount(rotated), 1);
    QCOMPARE(server.m_process.state(), QProcess::Running);

    server.sendSignal(SIGTERM);
    QVERIFY(server.waitForExit(stopLimitMs + 1000));
    QCOMPARE(server.m_process.exitCode(), 0);
    QFile reopened(path);
    QVERIFY(reopened.open(QIODevice::ReadOnly));
    QVERIFY(reopened.readAll().contains("\"GET /nope HTTP/1.1\" 404"));
    QFile old(rotated);
    QVERIFY(old.open(QIODevice::ReadOnly));
    QVERIFY(old.readAll().contains("\"GET / HTTP/1.1\" 200"));
}

void tst_HeadlessRunner::accessLogToStdout()
{
    Headless server({u"--port"_s, u"0"_s, u"--access-log"_s, u"-"_s});
    const quint16 port = server.waitForListening();
    QVERIFY(port != 0);
    QVERIFY(get(port, "GET", "/").startsWith("HTTP/1.1 200"));
    // The line arrives with the next event batch (a fraction of a second).
    QTRY_VERIFY_WITH_TIMEOUT(server.m_stdout.contains("\"GET / HTTP/1.1\" 200"), 5000);
    server.sendSignal(SIGINT);
    QVERIFY(server.waitForExit(stopLimitMs + 1000));
    QCOMPARE(server.m_process.exitCode(), 0);
    const QList<QByteArray> lines = server.m_stdout.trimmed().split('\n');
    QCOMPARE(lines.size(), 2);
    QVERIFY(lines.at(0).startsWith("ServeScope listening on "));
}

void tst_HeadlessRunner::accessLogCannotOpen()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"no/such/dir/access.log"_s);
    Headless server({u"--port"_s, u"0"_s, u"--access-log"_s, path});
    QVERIFY(server.waitForExit(startTimeoutMs));
    QCOMPARE(server.m_process.exitCode(), 1);
    QVERIFY(server.m_stdout.isEmpty()); // it never started listening
    QCOMPARE(server.m_stderr.count('\n'), 1);
    QVERIFY2(server.m_stderr.contains(path.toLocal8Bit()), server.m_stderr.constData());
}

QTEST_GUILESS_MAIN(tst_HeadlessRunner)
#include "tst_headlessrunner.moc"
