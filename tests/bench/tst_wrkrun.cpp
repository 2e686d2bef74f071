#include "wrkrun.h"

#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

/*! servescope-guiload's wrk runner, with a stand-in for wrk: no load, no network. */
class tst_WrkRun : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void runsInTurnAreEachBounded_data();
    void runsInTurnAreEachBounded();
};

void tst_WrkRun::runsInTurnAreEachBounded_data()
{
    QTest::addColumn<int>("runMs"); // how long the stand-in runs
    QTest::addColumn<int>("overrunMs");
    QTest::addColumn<bool>("killed");
    // A run that overruns its bound is killed; one within it is not, also when it starts
    // after a run whose bound would have ended during it (the setups of guiload in turn).
    QTest::newRow("within the bound") << 2000 << 1500 << false;
    QTest::newRow("past the bound") << 2000 << 300 << true;
}

void tst_WrkRun::runsInTurnAreEachBounded()
{
    QFETCH(int, runMs);
    QFETCH(int, overrunMs);
    QFETCH(bool, killed);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString program = dir.filePath(u"wrk"_s);
    QFile script(program);
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("#!/bin/sh\nsleep " + QByteArray::number(runMs / 1000.0)
                 + "\necho 'Requests/sec:  1234.50'\n");
    script.close();
    QVERIFY(script.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));

    WrkRun::Settings settings;
    settings.program = program;
    settings.durationS = 1;
    settings.overrunMs = overrunMs;
    WrkRun run;
    QSignalSpy finished(&run, &WrkRun::finished);
    for (int round = 1; round <= 2; ++round) {
        run.start(settings, QUrl(u"http://127.0.0.1:1/"_s));
        QVERIFY(finished.wait(runMs + overrunMs + 5000));
        QCOMPARE(finished.count(), round);
        QCOMPARE(run.isOk(), !killed);
        if (!killed)
            QCOMPARE(run.requestsPerSecond(), 1234.5);
        else
            QCOMPARE(run.errorString(), u"wrk did not finish in time and was killed"_s);
    }
}

QTEST_GUILESS_MAIN(tst_WrkRun)
#include "tst_wrkrun.moc"
