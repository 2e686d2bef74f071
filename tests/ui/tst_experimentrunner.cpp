#include "burstpanel.h"
#include "experimentrunner.h"
#include "guitestmain.h"
#include "monitortext.h"
#include "server.h"

#include <QtCore/QLocale>
#include <QtCore/QThread>
#include <QtGui/QAction>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QTableWidget>

#include <memory>

using Kind = ExperimentRunner::Kind;
using Experiment = ExperimentRunner::Experiment;
using Step = ExperimentRunner::Step;
using Result = ExperimentRunner::Result;

namespace {

constexpr int sleepMs = 200; // each request's ?ms=, scaled down from the real experiments
constexpr int requests = 4;
constexpr qint64 oneUs = sleepMs * 1000; // one request's work, µs
constexpr int finishTimeoutMs = 60000;

// The real experiment, shortened: 4 requests of 200 ms, all at once.
Experiment shortened(Kind kind)
{
    Experiment experiment = ExperimentRunner::defaultExperiment(kind);
    experiment.durationMs = sleepMs;
    experiment.count = requests;
    experiment.concurrency = requests;
    return experiment;
}

// The user's settings before an experiment: unlike any the experiment sets, so a restore
// that did not happen shows.
struct UserSettings
{
    DispatchMode mode = DispatchMode::Sequential; // no experiment ends in Sequential
    int threads = 3; // the experiments use 2, or keep this
    bool blocking = false;
};

UserSettings userSettingsFor(Kind kind)
{
    UserSettings settings;
    settings.blocking = !ExperimentRunner::defaultExperiment(kind).blockingSleep.value_or(false);
    return settings;
}

Step makeStep(DispatchMode mode, qint64 wallMs, int failed = 0)
{
    Step step;
    step.mode = mode;
    step.requested = 10;
    step.succeeded = 10 - failed;
    step.failed = failed;
    step.wallUs = wallMs * 1000;
    step.p50Us = step.wallUs / 2;
    step.p99Us = step.wallUs;
    return step;
}

Result makeResult(Kind kind, const QList<Step> &steps)
{
    Result result;
    result.experiment = ExperimentRunner::defaultExperiment(kind);
    result.threads = 2;
    result.steps = steps;
    return result;
}

QByteArray us(qint64 value)
{
    return QByteArray::number(value) + " µs";
}

} // namespace

/*!
    ExperimentRunner over a real server on port 0: each experiment runs its modes in order
    with its settings, gives them back (also on cancel, stop or a change by the user), and
    measures what the modes are about; its sentence follows from the numbers.
*/
class TestExperimentRunner : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void runsEveryModeInOrder_data();
    void runsEveryModeInOrder();
    void restoresAfterCancel_data();
    void restoresAfterCancel();
    void restoresWhenTheServerStops();
    void endsWhenTheBurstEndsBeforeTheStopIsSaid();
    void keepsTheUsersChangeMidRun();
    void refusesWithoutServer();
    void blockingComparesWithSlowRequests();
    void describe_data();
    void describe();
    void sentenceUsesTheLocale();
    void panelRunsFromItsActions();

private:
    void startServer(const UserSettings &settings);
    void verifySettings(const UserSettings &settings);

    std::unique_ptr<Server> m_server;
    std::unique_ptr<ExperimentRunner> m_runner;
};

void TestExperimentRunner::initTestCase()
{
    qRegisterMetaType<ExperimentRunner::Result>();
    qRegisterMetaType<DispatchMode>();
    // The sentences below are checked in English number formats.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestExperimentRunner::init()
{
    m_server = std::make_unique<Server>();
    m_runner = std::make_unique<ExperimentRunner>(m_server.get());
    for (Kind kind : ExperimentRunner::kinds())
        m_runner->setExperiment(shortened(kind));
    m_server->setEventsEnabled(true);
    connect(m_server.get(), &Server::eventsReady, m_runner.get(), &ExperimentRunner::appendEvents);
}

void TestExperimentRunner::cleanup()
{
    m_runner.reset();
    m_server.reset();
}

void TestExperimentRunner::startServer(const UserSettings &settings)
{
    ServerConfig config;
    config.bindAddress = QHostAddress(QHostAddress::LocalHost);
    config.port = 0;
    config.mode = settings.mode;
    config.threads = settings.threads;
    config.blockingSleep = settings.blocking;
    QSignalSpy started(m_server.get(), &Server::started);
    m_server->start(config);
    QVERIFY(started.wait(10000));
    QVERIFY(m_server->port() != 0);
}

void TestExperimentRunner::verifySettings(const UserSettings &settings)
{
    QCOMPARE(m_server->mode(), settings.mode);
    QCOMPARE(m_server->threadCount(), settings.threads);
    QCOMPARE(m_server->isBlockingSleep(), settings.blocking);
}

void TestExperimentRunner::runsEveryModeInOrder_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::newRow("slow requests") << Kind::SlowRequests;
    QTest::newRow("CPU work") << Kind::CpuWork;
    QTest::newRow("blocking inside an executor") << Kind::BlockingInExecutor;
}

void TestExperimentRunner::runsEveryModeInOrder()
{
    QFETCH(Kind, kind);
    const UserSettings user = userSettingsFor(kind);
    startServer(user);
    const Experiment experiment = m_runner->experiment(kind);

    // What the server was set to as each step began.
    struct Seen
    {
        DispatchMode mode;
        int threads;
        bool blocking;
        QString status;
    };
    QList<Seen> seen;
    connect(m_runner.get(), &ExperimentRunner::stepStarted, this,
            [&](int index, int count, DispatchMode mode) {
                QCOMPARE(index, int(seen.size()));
                QCOMPARE(count, int(experiment.modes.size()));
                QCOMPARE(mode, experiment.modes.at(index));
                seen.append({m_server->mode(), m_server->threadCount(), m_server->isBlockingSleep(),
                             m_runner->statusText()});
            });
    QSignalSpy finished(m_runner.get(), &ExperimentRunner::finished);
    QVERIFY(m_runner->start(kind));
    QVERIFY(m_runner->isRunning());
    QVERIFY(!m_runner->start(kind)); // one at a time
    QVERIFY(finished.wait(finishTimeoutMs));
    QCOMPARE(finished.count(), 1);
    QVERIFY(!m_runner->isRunning());
    verifySettings(user);

    QCOMPARE(seen.size(), experiment.modes.size());
    for (qsizetype i = 0; i < seen.size(); ++i) {
        QCOMPARE(seen.at(i).mode, experiment.modes.at(i));
        QCOMPARE(seen.at(i).threads, experiment.threads > 0 ? experiment.threads : user.threads);
        QCOMPARE(seen.at(i).blocking, experiment.blockingSleep.value_or(user.blocking));
        const QString status
            = QStringLiteral("%1: %2 (%3 of %4)…")
                  .arg(ExperimentRunner::name(kind), MonitorText::modeName(experiment.modes.at(i)))
                  .arg(i + 1)
                  .arg(experiment.modes.size());
        QCOMPARE(seen.at(i).status, status);
    }

    const Result result = finished.last().at(0).value<Result>();
    QVERIFY(!result.cancelled);
    QVERIFY2(result.error.isEmpty(), qPrintable(result.error));
    QCOMPARE(result.steps.size(), experiment.modes.size());
    QMap<DispatchMode, Step> byMode;
    for (qsizetype i = 0; i < result.steps.size(); ++i) {
        const Step &step = result.steps.at(i);
        QCOMPARE(step.mode, experiment.modes.at(i));
        QCOMPARE(step.succeeded, requests);
        QCOMPARE(step.failed, 0);
        // Every request's server-side record was found by its port.
        QCOMPARE(step.waitsMeasured, requests);
        QVERIFY(step.longestWaitUs >= 0);
        QVERIFY(step.p50Us <= step.p99Us);
        QVERIFY(step.p99Us <= step.wallUs);
        QVERIFY2(step.p50Us >= oneUs * 9 / 10, us(step.p50Us));
        byMode.insert(step.mode, step);
    }
    QCOMPARE(m_runner->steps().size(), result.steps.size());
    QCOMPARE(m_runner->sentence(), result.sentence);

    // The shape each experiment is about, with generous bounds for a busy machine.
    const Step *fastest = &result.steps.first();
    for (const Step &step : result.steps) {
        if (step.wallUs < fastest->wallUs)
            fastest = &step;
    }
    const auto wallOf = [&](DispatchMode mode) {
        return byMode.value(mode).wallUs;
    };
    const auto waitOf = [&](DispatchMode mode) {
        return byMode.value(mode).longestWaitUs;
    };
    const QByteArray walls = "Sequential " + us(wallOf(DispatchMode::Sequential)) + ", Concurrent "
        + us(wallOf(DispatchMode::Concurrent)) + ", Pooled " + us(wallOf(DispatchMode::Pooled))
        + "; " + result.sentence.toUtf8();
    switch (kind) {
    case Kind::SlowRequests:
        // One sleep after the other, or all four at once.
        QVERIFY2(wallOf(DispatchMode::Sequential) >= requests * oneUs * 9 / 10, walls);
        QVERIFY2(wallOf(DispatchMode::Concurrent) < 2 * oneUs, walls);
        QVERIFY2(wallOf(DispatchMode::Pooled) < 2 * oneUs, walls);
        // The last of four waited for the three before it; at once, nobody waits long.
        QVERIFY2(waitOf(DispatchMode::Sequential) >= 3 * oneUs * 9 / 10,
                 us(waitOf(DispatchMode::Sequential)));
        QVERIFY2(waitOf(DispatchMode::Concurrent) < oneUs / 2,
                 us(waitOf(DispatchMode::Concurrent)));
        QVERIFY2(result.sentence.contains(QStringLiteral(" overlapped the sleeps: 4 requests in ")),
                 qPrintable(result.sentence));
        break;
    case Kind::CpuWork:
        QVERIFY2(wallOf(DispatchMode::Sequential) >= requests * oneUs * 9 / 10, walls);
        QVERIFY2(wallOf(DispatchMode::Concurrent) >= requests * oneUs * 9 / 10, walls);
        QVERIFY2(wallOf(DispatchMode::Pooled) >= 2 * oneUs * 9 / 10, walls); // 2 workers
        QVERIFY2(waitOf(DispatchMode::Sequential) >= 3 * oneUs * 9 / 10,
                 us(waitOf(DispatchMode::Sequential)));
        QVERIFY2(waitOf(DispatchMode::Pooled) >= oneUs * 9 / 10,
                 us(waitOf(DispatchMode::Pooled))); // two waited for a worker
        if (QThread::idealThreadCount() >= 2) {
            QVERIFY2(wallOf(DispatchMode::Pooled) < wallOf(DispatchMode::Concurrent), walls);
            QVERIFY2(result.sentence.startsWith(
                         QStringLiteral("Pooled ran the computations in parallel on 2 workers")),
                     qPrintable(result.sentence));
        }
        break;
    case Kind::BlockingInExecutor:
        // One thread held by each sleep in turn; two workers halve it.
        QVERIFY2(wallOf(DispatchMode::Concurrent) >= requests * oneUs * 9 / 10, walls);
        QVERIFY2(wallOf(DispatchMode::Pooled) >= 2 * oneUs * 9 / 10, walls);
        QVERIFY2(wallOf(DispatchMode::Pooled) < wallOf(DispatchMode::Concurrent), walls);
        // Behind the blocked server thread the last request sat unread for three sleeps.
        QVERIFY2(waitOf(DispatchMode::Concurrent) >= 3 * oneUs * 9 / 10,
                 us(waitOf(DispatchMode::Concurrent)));
        QVERIFY2(waitOf(DispatchMode::Pooled) >= oneUs * 9 / 10, us(waitOf(DispatchMode::Pooled)));
        QVERIFY2(result.sentence.startsWith(QStringLiteral("Blocking sleep held the threads: ")),
                 qPrintable(result.sentence));
        break;
    }
    // The sentence names the fastest mode and its measured time.
    QVERIFY2(result.sentence.contains(MonitorText::modeName(fastest->mode)),
             qPrintable(result.sentence));
    QVERIFY2(result.sentence.contains(MonitorText::durationText(fastest->wallUs)),
             qPrintable(result.sentence));
    QCOMPARE(result.sentence, ExperimentRunner::describe(result, -1));
}

void TestExperimentRunner::restoresAfterCancel_data()
{
    QTest::addColumn<Kind>("kind");
    QTest::addColumn<int>("cancelAtStep");
    QTest::newRow("slow requests, first step") << Kind::SlowRequests << 0;
    QTest::newRow("slow requests, second step") << Kind::SlowRequests << 1;
    QTest::newRow("CPU work, last step") << Kind::CpuWork << 2;
    QTest::newRow("blocking, first step") << Kind::BlockingInExecutor << 0;
}

void TestExperimentRunner::restoresAfterCancel()
{
    QFETCH(Kind, kind);
    QFETCH(int, cancelAtStep);
    const UserSettings user = userSettingsFor(kind);
    startServer(user);

    QSignalSpy steps(m_runner.get(), &ExperimentRunner::stepStarted);
    QSignalSpy finished(m_runner.get(), &ExperimentRunner::finished);
    QVERIFY(m_runner->start(kind));
    QTRY_COMPARE_WITH_TIMEOUT(steps.count(), cancelAtStep + 1, finishTimeoutMs);
    QCOMPARE(m_runner->currentStep(), cancelAtStep);
    m_runner->cancel();
    verifySettings(user); // at once, before the abandoned burst winds down
    QVERIFY(finished.wait(finishTimeoutMs));
    QCOMPARE(finished.count(), 1);
    QCOMPARE(steps.count(), cancelAtStep + 1); // no step after the cancel
    const Result result = finished.last().at(0).value<Result>();
    QVERIFY(result.cancelled);
    QCOMPARE(result.steps.size(), cancelAtStep);
    QVERIFY2(result.sentence.contains(QStringLiteral("cancelled")), qPrintable(result.sentence));
    verifySettings(user);
    QVERIFY(!m_runner->isRunning());
    QVERIFY(!finished.wait(300)); // exactly once

    // It runs again afterwards.
    QVERIFY(m_runner->start(Kind::SlowRequests));
    QVERIFY(finished.wait(finishTimeoutMs));
    QVERIFY(!finished.last().at(0).value<Result>().cancelled);
    verifySettings(user);
}

void TestExperimentRunner::restoresWhenTheServerStops()
{
    const UserSettings user = userSettingsFor(Kind::BlockingInExecutor);
    startServer(user);
    QSignalSpy steps(m_runner.get(), &ExperimentRunner::stepStarted);
    QSignalSpy finished(m_runner.get(), &ExperimentRunner::finished);
    QVERIFY(m_runner->start(Kind::BlockingInExecutor));
    QCOMPARE(steps.count(), 1);
    QVERIFY(m_server->isBlockingSleep());
    QSignalSpy stopped(m_server.get(), &Server::stopped);
    m_server->stop();
    QVERIFY(finished.wait(finishTimeoutMs));
    const Result result = finished.last().at(0).value<Result>();
    QVERIFY(result.cancelled);
    QVERIFY(!result.error.isEmpty());
    QVERIFY2(result.sentence.contains(result.error), qPrintable(result.sentence));
    QCOMPARE(steps.count(), 1);
    verifySettings(user);
    QVERIFY(stopped.count() == 1 || stopped.wait(10000));
    verifySettings(user);
}

void TestExperimentRunner::endsWhenTheBurstEndsBeforeTheStopIsSaid()
{
    // The server closes its connections before its thread ends and emits stopped(), so on a
    // busy machine the burst can end first. Holding stopped() back makes that order certain.
    const UserSettings user = userSettingsFor(Kind::BlockingInExecutor);
    startServer(user);
    QSignalSpy steps(m_runner.get(), &ExperimentRunner::stepStarted);
    QSignalSpy finished(m_runner.get(), &ExperimentRunner::finished);
    QVERIFY(m_runner->start(Kind::BlockingInExecutor));
    {
        const QSignalBlocker noStopped(m_server.get());
        m_server->stop();
        QVERIFY(finished.wait(finishTimeoutMs));
    }
    const Result result = finished.last().at(0).value<Result>();
    QCOMPARE(steps.count(), 1); // no mode runs against a stopping server
    QVERIFY(result.cancelled);
    QVERIFY(result.steps.isEmpty()); // the burst measured the stop, not the mode
    QCOMPARE(result.error, ExperimentRunner::tr("The server stopped."));
    verifySettings(user);
}

void TestExperimentRunner::keepsTheUsersChangeMidRun()
{
    const UserSettings user = userSettingsFor(Kind::CpuWork);
    startServer(user);
    QSignalSpy finished(m_runner.get(), &ExperimentRunner::finished);
    QVERIFY(m_runner->start(Kind::CpuWork));
    QCOMPARE(m_server->threadCount(), 2);
    // The user picks another mode from the toolbar: the experiment stops, that choice stays
    // and the pool size it had changed goes back.
    m_server->setMode(DispatchMode::Concurrent);
    QVERIFY(finished.wait(finishTimeoutMs));
    const Result result = finished.last().at(0).value<Result>();
    QVERIFY(result.cancelled);
    QVERIFY(!result.error.isEmpty());
    UserSettings expected = user;
    expected.mode = DispatchMode::Concurrent;
    verifySettings(expected);
}

void TestExperimentRunner::refusesWithoutServer()
{
    QSignalSpy finished(m_runner.get(), &ExperimentRunner::finished);
    QVERIFY(!m_runner->start(Kind::SlowRequests)); // not listening
    QVERIFY(!m_runner->isRunning());
    QCOMPARE(m_runner->currentStep(), -1);
    QVERIFY(m_runner->statusText().isEmpty());
    m_runner->cancel(); // harmless when idle
    QVERIFY(!finished.wait(200));
}

void TestExperimentRunner::blockingComparesWithSlowRequests()
{
    // Slow requests measured the same sleeps without blocking: the blocking sentence says so.
    startServer(UserSettings());
    Experiment blocking = shortened(Kind::BlockingInExecutor);
    m_runner->setExperiment(blocking);
    QSignalSpy finished(m_runner.get(), &ExperimentRunner::finished);
    QVERIFY(m_runner->start(Kind::SlowRequests));
    QVERIFY(finished.wait(finishTimeoutMs));
    const Result slow = m_runner->lastResult(Kind::SlowRequests);
    QCOMPARE(slow.steps.size(), 3);
    QVERIFY(m_runner->start(Kind::BlockingInExecutor));
    QVERIFY(finished.wait(finishTimeoutMs));
    const QString sentence = m_runner->sentence();
    const qint64 withoutUs = std::min(slow.steps.at(1).wallUs, slow.steps.at(2).wallUs);
    QVERIFY2(
        sentence.endsWith(
            QStringLiteral("; without blocking, %1.").arg(MonitorText::durationText(withoutUs))),
        qPrintable(sentence));
    QCOMPARE(m_runner->lastResult().experiment.kind, Kind::BlockingInExecutor);
}

void TestExperimentRunner::describe_data()
{
    using M = DispatchMode;
    QTest::addColumn<Result>("result");
    QTest::addColumn<qint64>("withoutBlockingUs");
    QTest::addColumn<QString>("sentence");

    QTest::newRow("concurrent overlapped")
        << makeResult(Kind::SlowRequests,
                      {makeStep(M::Sequential, 10010), makeStep(M::Concurrent, 1000),
                       makeStep(M::Pooled, 1004)})
        << qint64(-1)
        << QStringLiteral("Concurrent overlapped the sleeps: 10 requests in 1.00 s instead of "
                          "10.01 s sequentially.");
    QTest::newRow("pooled overlapped, a little faster")
        << makeResult(Kind::SlowRequests,
                      {makeStep(M::Sequential, 10010), makeStep(M::Concurrent, 1200),
                       makeStep(M::Pooled, 1010)})
        << qint64(-1)
        << QStringLiteral("Pooled overlapped the sleeps: 10 requests in 1.01 s instead of "
                          "10.01 s sequentially.");
    QTest::newRow("no mode faster")
        << makeResult(Kind::SlowRequests,
                      {makeStep(M::Sequential, 1000), makeStep(M::Concurrent, 1050),
                       makeStep(M::Pooled, 990)})
        << qint64(-1)
        << QStringLiteral("No mode was clearly faster: Sequential 1.00 s, Concurrent 1.05 s, "
                          "Pooled 990 ms.");
    QTest::newRow("sequential fastest, surprisingly")
        << makeResult(Kind::SlowRequests,
                      {makeStep(M::Sequential, 1000), makeStep(M::Concurrent, 5000),
                       makeStep(M::Pooled, 5000)})
        << qint64(-1)
        << QStringLiteral("Sequential was fastest: 1.00 s, against Concurrent 5.00 s, Pooled "
                          "5.00 s.");
    QTest::newRow("pooled in parallel")
        << makeResult(Kind::CpuWork,
                      {makeStep(M::Sequential, 2010), makeStep(M::Concurrent, 2000),
                       makeStep(M::Pooled, 1000)})
        << qint64(-1)
        << QStringLiteral("Pooled ran the computations in parallel on 2 workers: 1.00 s "
                          "against 2.00 s on the single server thread.");
    QTest::newRow("pooled not faster on one core")
        << makeResult(Kind::CpuWork,
                      {makeStep(M::Sequential, 2000), makeStep(M::Concurrent, 2000),
                       makeStep(M::Pooled, 1900)})
        << qint64(-1)
        << QStringLiteral("No mode was clearly faster: Sequential 2.00 s, Concurrent 2.00 s, "
                          "Pooled 1.90 s.");
    QTest::newRow("blocking held the threads")
        << makeResult(Kind::BlockingInExecutor,
                      {makeStep(M::Concurrent, 10000), makeStep(M::Pooled, 5000)})
        << qint64(1000000)
        << QStringLiteral("Blocking sleep held the threads: Concurrent took 10.00 s, Pooled "
                          "with 2 workers 5.00 s; without blocking, 1.00 s.");
    QTest::newRow("blocking, nothing to compare with")
        << makeResult(Kind::BlockingInExecutor,
                      {makeStep(M::Concurrent, 10000), makeStep(M::Pooled, 5000)})
        << qint64(-1)
        << QStringLiteral("Blocking sleep held the threads: Concurrent took 10.00 s, Pooled "
                          "with 2 workers 5.00 s.");
    QTest::newRow("a failure")
        << makeResult(Kind::SlowRequests,
                      {makeStep(M::Sequential, 10000), makeStep(M::Concurrent, 1000, 3),
                       makeStep(M::Pooled, 1000)})
        << qint64(-1)
        << QStringLiteral(
               "In Concurrent mode 3 of 10 requests failed: the times are not compared.");
    Result cancelled = makeResult(Kind::CpuWork, {makeStep(M::Sequential, 2000)});
    cancelled.cancelled = true;
    QTest::newRow("cancelled")
        << cancelled << qint64(-1)
        << QStringLiteral("CPU work was cancelled after 1 of 3 modes: nothing is compared.");
}

void TestExperimentRunner::describe()
{
    QFETCH(Result, result);
    QFETCH(qint64, withoutBlockingUs);
    QFETCH(QString, sentence);
    QCOMPARE(ExperimentRunner::describe(result, withoutBlockingUs), sentence);
}

void TestExperimentRunner::sentenceUsesTheLocale()
{
    const Result result = makeResult(Kind::CpuWork,
                                     {makeStep(DispatchMode::Sequential, 2000),
                                      makeStep(DispatchMode::Concurrent, 2000),
                                      makeStep(DispatchMode::Pooled, 1000)});
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const QString german = ExperimentRunner::describe(result);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QVERIFY2(german.contains(QStringLiteral("1,00 s")) && german.contains(QStringLiteral("2,00 s")),
             qPrintable(german));
}

void TestExperimentRunner::panelRunsFromItsActions()
{
    const UserSettings user;
    startServer(user);
    m_runner.reset(); // the panel has its own
    BurstPanel panel(m_server.get());
    for (Kind kind : ExperimentRunner::kinds())
        panel.experimentRunner()->setExperiment(shortened(kind));

    // The menu's actions: one per experiment, a separator, cancel.
    const QList<QAction *> actions = panel.experimentActions();
    QCOMPARE(actions.size(), 5);
    QVERIFY(actions.at(3)->isSeparator());
    QAction *cancel = actions.at(4);
    QVERIFY(!cancel->isEnabled());
    QAction *slow = panel.experimentAction(Kind::SlowRequests);
    QCOMPARE(slow, actions.at(0));
    QVERIFY(slow->isEnabled());

    // A row per experiment and mode; six fit without scrolling, labels whole in tooltips.
    QTableWidget *table = panel.experimentTable();
    QCOMPARE(table->rowCount(), 3 + 3 + 2);
    QVERIFY(table->minimumHeight() >= table->horizontalHeader()->sizeHint().height()
                + 6 * table->verticalHeader()->defaultSectionSize());
    for (int row = 0; row < table->rowCount(); ++row) {
        const QTableWidgetItem *label = table->item(row, BurstPanel::StepColumn);
        QVERIFY2(label->toolTip().startsWith(label->text().section(QLatin1Char(':'), 0, 0)),
                 qPrintable(label->toolTip()));
    }

    QSignalSpy finished(&panel, &BurstPanel::experimentFinished);
    slow->trigger();
    QVERIFY(panel.isRunning());
    QVERIFY(!slow->isEnabled());
    QVERIFY(!panel.runAction()->isEnabled()); // no plain burst meanwhile
    QVERIFY(cancel->isEnabled());
    QVERIFY(finished.wait(finishTimeoutMs));
    QVERIFY(!panel.isRunning());
    QVERIFY(slow->isEnabled());
    QVERIFY(panel.runAction()->isEnabled());
    verifySettings(user);

    const Result result = finished.last().at(0).value<Result>();
    QCOMPARE(result.steps.size(), 3);
    for (int row = 0; row < 3; ++row) {
        const Step &step = result.steps.at(row);
        QCOMPARE(table->item(row, BurstPanel::WallColumn)->data(Qt::UserRole).toLongLong(),
                 step.wallUs);
        QCOMPARE(table->item(row, BurstPanel::WallColumn)->text(),
                 MonitorText::durationText(step.wallUs));
        QCOMPARE(table->item(row, BurstPanel::P99Column)->text(),
                 MonitorText::durationText(step.p99Us));
        QCOMPARE(table->item(row, BurstPanel::LongestWaitColumn)->text(),
                 MonitorText::durationText(step.longestWaitUs));
    }
    QVERIFY(table->item(3, BurstPanel::WallColumn)->text().isEmpty()); // CPU work did not run

    // Cancelled from the menu: the settings come back.
    QVERIFY(panel.experimentAction(Kind::CpuWork)->isEnabled());
    panel.experimentAction(Kind::CpuWork)->trigger();
    QCOMPARE(m_server->threadCount(), 2);
    cancel->trigger();
    verifySettings(user);
    QVERIFY(finished.wait(finishTimeoutMs));
    QVERIFY(finished.last().at(0).value<Result>().cancelled);

    // The rows of the experiment just run come into view, even the table's last ones.
    panel.resize(500, 700);
    panel.grab();
    table->setMinimumHeight(0);
    table->setFixedHeight(table->horizontalHeader()->sizeHint().height()
                          + 3 * table->verticalHeader()->defaultSectionSize());
    panel.grab();
    const auto inView = [table](int row) {
        return table->viewport()->rect().contains(
            table->visualItemRect(table->item(row, BurstPanel::StepColumn)));
    };
    QVERIFY(inView(0));
    QVERIFY(!inView(7));
    panel.experimentAction(Kind::BlockingInExecutor)->trigger();
    QVERIFY(finished.wait(finishTimeoutMs));
    QVERIFY(!finished.last().at(0).value<Result>().cancelled);
    panel.grab();
    QVERIFY2(inView(6) && inView(7),
             qPrintable(QStringLiteral("%1 %2")
                            .arg(table->verticalScrollBar()->value())
                            .arg(table->viewport()->height())));
    verifySettings(user);
}

SERVESCOPE_GUI_TEST_MAIN(TestExperimentRunner)
#include "tst_experimentrunner.moc"
