#include "childprocess.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QProcess>
#include <QtTest/QTest>

#include <csignal>
#include <cstdio>
#include <cstring>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace {

constexpr char leaveAChildArgument[] = "--leave-a-child";

/*!
    The middle process of the test: starts `sleep 60` (ended with it, or not), prints the
    child's PID and dies at once, as a crashed test does, without QProcess's destructor.
*/
int leaveAChild(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool endWithTest = argc > 2 && std::strcmp(argv[2], "ended") == 0;
    QProcess child;
    if (endWithTest)
        ChildProcess::endWithTest(child);
    child.start(u"sleep"_s, {u"60"_s});
    if (!child.waitForStarted(10000)) // a helper process, not a test thread: waiting is fine
        return 2;
    std::printf("%lld\n", static_cast<long long>(child.processId()));
    std::fflush(stdout);
    ::_exit(0);
}

/*! Whether \a pid runs: not gone, and not a zombie nobody reaped yet. */
bool isRunning(qint64 pid)
{
    QFile stat(u"/proc/%1/stat"_s.arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const qsizetype end = line.lastIndexOf(')'); // the command may hold spaces and parentheses
    return end >= 0 && line.size() > end + 2 && line.at(end + 2) != 'Z';
}

} // namespace

class tst_ChildProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void childEndsWithTheTest_data();
    void childEndsWithTheTest();
};

void tst_ChildProcess::childEndsWithTheTest_data()
{
    QTest::addColumn<QString>("how");
    QTest::addColumn<bool>("survives");
    QTest::newRow("ended with the test") << u"ended"_s << false;
    QTest::newRow("a plain QProcess stays") << u"plain"_s << true; // what the helper is for
}

void tst_ChildProcess::childEndsWithTheTest()
{
    QFETCH(QString, how);
    QFETCH(bool, survives);
    QProcess middle;
    middle.start(QCoreApplication::applicationFilePath(),
                 {QString::fromLatin1(leaveAChildArgument), how});
    QTRY_VERIFY_WITH_TIMEOUT(middle.state() == QProcess::NotRunning, 10000);
    QCOMPARE(middle.exitCode(), 0);
    bool ok = false;
    const qint64 pid = middle.readAllStandardOutput().trimmed().toLongLong(&ok);
    QVERIFY(ok && pid > 0);
    const auto endIt = qScopeGuard([pid] {
        if (isRunning(pid))
            ::kill(pid_t(pid), SIGKILL); // the sleep this test started
    });
    if (survives) {
        QVERIFY(isRunning(pid)); // the kill, had there been one, came as the middle one ended
    } else {
        QTRY_VERIFY_WITH_TIMEOUT(!isRunning(pid), 10000);
    }
}

int main(int argc, char **argv)
{
    if (argc > 1 && std::strcmp(argv[1], leaveAChildArgument) == 0)
        return leaveAChild(argc, argv);
    QCoreApplication app(argc, argv);
    tst_ChildProcess test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_childprocess.moc"
