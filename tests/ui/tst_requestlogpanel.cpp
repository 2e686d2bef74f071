#include "guitestmain.h"
#include "logexporter.h"
#include "requestlogfiltermodel.h"
#include "requestlogmodel.h"
#include "requestlogpanel.h"
#include "testevents.h"
#include "timescale.h"

#include <QtCore/QBuffer>
#include <QtCore/QDir>
#include <QtCore/QElapsedTimer>
#include <QtCore/QFile>
#include <QtCore/QLocale>
#include <QtCore/QRandomGenerator>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtGui/QAction>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QHeaderView>
#include <QtWidgets/QLabel>
#include <QtWidgets/QLineEdit>
#include <QtWidgets/QScrollBar>
#include <QtWidgets/QTableView>

#include <memory>

using namespace Qt::StringLiterals;

namespace {

/*! Finished requests with ids, times and targets counting up, durations at random. */
class Traffic
{
public:
    ServerEventBatch batch(int rows)
    {
        ServerEventBatch events;
        for (int i = 0; i < rows; ++i) {
            const quint64 id = ++m_lastId;
            // The duration is drawn before the size, as ever: the same traffic for seed 42.
            ServerEvent event = TestEvents::requestFinished(id, id, 1'790'000'000'000 + qint64(id),
                                                            200, m_random.bounded(1000000));
            event.peer = QStringLiteral("127.0.0.1");
            event.peerPort = quint16(40000 + id % 1000);
            event.method = "GET";
            event.target = "/item/" + QByteArray::number(id);
            event.bytesSent = m_random.bounded(100000);
            events.append(event);
        }
        return events;
    }
    quint64 lastId() const { return m_lastId; }

private:
    QRandomGenerator m_random {42};
    quint64 m_lastId = 0;
};

/*! The longest the event loop went without running a 5 ms timer, from start() to stop(). */
class GapProbe : public QObject
{
public:
    GapProbe()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(5);
        connect(&m_timer, &QTimer::timeout, this, [this] { tick(); });
    }
    void start()
    {
        m_clock.start();
        m_lastNs = 0;
        m_maxNs = 0;
        m_ticks = 0;
        m_timer.start();
    }
    void stop()
    {
        tick();
        m_timer.stop();
    }
    double maxGapMs() const { return double(m_maxNs) / 1e6; }
    int ticks() const { return m_ticks; }

private:
    void tick()
    {
        const qint64 now = m_clock.nsecsElapsed();
        m_maxNs = std::max(m_maxNs, now - m_lastNs);
        m_lastNs = now;
        ++m_ticks;
    }

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    qint64 m_maxNs = 0;
    int m_ticks = 0;
};

quint64 idAt(const QAbstractItemModel *model, int row)
{
    return model->index(row, 0).data(RequestLogModel::RequestIdRole).toULongLong();
}

} // namespace

/*!
    The request log panel on its own, laid out offscreen without being shown (a shown
    top-level window warns on the offscreen platform, and warnings are fatal here).
*/
class tst_RequestLogPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void sortingByAnotherColumnPausesFollowing_data();
    void sortingByAnotherColumnPausesFollowing();
    void followingAgainReturnsToArrivalOrder_data();
    void followingAgainReturnsToArrivalOrder();
    void timeDescendingFollowsAtTheTop();
    void filterWaitsForTypingToPause();
    void exportDoesNotBlockTheWindow_data();
    void exportDoesNotBlockTheWindow();
    void exportFailureIsReported();
    void closingThePanelCancelsTheExport();

private:
    void addRows(int rows);
    void fillToTheMaximum();

    QTemporaryDir m_settingsDir;
    Traffic m_traffic;
    std::unique_ptr<RequestLogModel> m_log;
    std::unique_ptr<RequestLogPanel> m_panel;
};

void tst_RequestLogPanel::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("ServeScopeTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_requestlogpanel"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void tst_RequestLogPanel::init()
{
    QSettings().clear();
    m_traffic = Traffic();
    m_log = std::make_unique<RequestLogModel>();
    m_panel = std::make_unique<RequestLogPanel>(m_log.get());
    m_panel->resize(900, 400);
    m_panel->grab(); // lays the hidden panel out
}

void tst_RequestLogPanel::cleanup()
{
    m_panel.reset();
    m_log.reset();
}

void tst_RequestLogPanel::addRows(int rows)
{
    // What MonitorFeed and MainWindow do with a batch: append, then refresh once.
    m_log->appendEvents(m_traffic.batch(rows));
    m_panel->refresh();
    m_panel->grab();
}

void tst_RequestLogPanel::fillToTheMaximum()
{
    // The most a user can keep, sorted as a person reading it might.
    m_panel->setCapacity(RequestLogPanel::maximumCapacity);
    m_log->appendEvents(m_traffic.batch(RequestLogPanel::maximumCapacity));
    m_panel->view()->sortByColumn(RequestLogModel::DurationColumn, Qt::DescendingOrder);
    m_panel->refresh();
    QCOMPARE(m_panel->view()->model()->rowCount(), RequestLogPanel::maximumCapacity);
}

void tst_RequestLogPanel::sortingByAnotherColumnPausesFollowing_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    QTest::addColumn<bool>("following");

    using M = RequestLogModel;
    QTest::newRow("duration") << int(M::DurationColumn) << int(Qt::AscendingOrder) << false;
    QTest::newRow("bytes descending") << int(M::BytesColumn) << int(Qt::DescendingOrder) << false;
    QTest::newRow("target") << int(M::TargetColumn) << int(Qt::AscendingOrder) << false;
    QTest::newRow("status") << int(M::StatusColumn) << int(Qt::AscendingOrder) << false;
    QTest::newRow("time") << int(M::TimeColumn) << int(Qt::AscendingOrder) << true;
    QTest::newRow("time descending") << int(M::TimeColumn) << int(Qt::DescendingOrder) << true;
    QTest::newRow("no column") << -1 << int(Qt::AscendingOrder) << true;
}

void tst_RequestLogPanel::sortingByAnotherColumnPausesFollowing()
{
    // Sorted by duration the newest request lands anywhere: following it would keep the view
    // at the end of an order where it is not. The check box shows that following stopped.
    QFETCH(int, column);
    QFETCH(int, order);
    QFETCH(bool, following);

    addRows(500);
    auto *box = m_panel->findChild<QCheckBox *>(QStringLiteral("followNewest"));
    QVERIFY(box);
    QVERIFY(m_panel->isFollowing());
    QSignalSpy messages(m_panel.get(), &RequestLogPanel::statusMessage);

    // What a click on the column's header does.
    m_panel->view()->sortByColumn(column, Qt::SortOrder(order));
    QCOMPARE(m_panel->filterModel()->sortColumn(), column);
    QCOMPARE(m_panel->isFollowing(), following);
    QCOMPARE(box->isChecked(), following);
    QCOMPARE(m_panel->followAction()->isChecked(), following);
    QCOMPARE(messages.size(), following ? 0 : 1);
    if (!following) {
        const QString header
            = m_log->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
        QVERIFY2(messages.at(0).at(0).toString().contains(header),
                 qPrintable(messages.at(0).at(0).toString()));
    }

    // More traffic leaves a paused view where the user put it.
    QScrollBar *bar = m_panel->view()->verticalScrollBar();
    bar->setValue(bar->maximum() / 2);
    const int value = bar->value();
    addRows(100);
    if (!following)
        QCOMPARE(bar->value(), value);
}

void tst_RequestLogPanel::followingAgainReturnsToArrivalOrder_data()
{
    QTest::addColumn<bool>("byCheckBox");
    QTest::newRow("check box") << true;
    QTest::newRow("action (Ctrl+End)") << false;
}

void tst_RequestLogPanel::followingAgainReturnsToArrivalOrder()
{
    QFETCH(bool, byCheckBox);

    addRows(500);
    m_panel->view()->sortByColumn(RequestLogModel::DurationColumn, Qt::DescendingOrder);
    QVERIFY(!m_panel->isFollowing());
    addRows(100);

    if (byCheckBox)
        m_panel->findChild<QCheckBox *>(QStringLiteral("followNewest"))->click();
    else
        m_panel->followAction()->trigger();
    QVERIFY(m_panel->isFollowing());
    QCOMPARE(m_panel->view()->horizontalHeader()->sortIndicatorSection(), -1);
    QCOMPARE(m_panel->filterModel()->sortColumn(), -1);

    // Arrival order again: the newest request is the last row, and it stays in view.
    const QAbstractItemModel *shown = m_panel->view()->model();
    QCOMPARE(idAt(shown, shown->rowCount() - 1), m_traffic.lastId());
    QScrollBar *bar = m_panel->view()->verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    QTRY_COMPARE(bar->value(), bar->maximum());
    addRows(100);
    QCOMPARE(idAt(shown, shown->rowCount() - 1), m_traffic.lastId());
    QTRY_COMPARE(bar->value(), bar->maximum());
}

void tst_RequestLogPanel::timeDescendingFollowsAtTheTop()
{
    addRows(500);
    QScrollBar *bar = m_panel->view()->verticalScrollBar();
    QTRY_COMPARE(bar->value(), bar->maximum());
    m_panel->view()->sortByColumn(RequestLogModel::TimeColumn, Qt::DescendingOrder);
    QVERIFY(m_panel->isFollowing());
    addRows(100);
    const QAbstractItemModel *shown = m_panel->view()->model();
    QCOMPARE(idAt(shown, 0), m_traffic.lastId());
    QTRY_COMPARE(bar->value(), bar->minimum());
}

void tst_RequestLogPanel::filterWaitsForTypingToPause()
{
    // Each filter change is a pass over the whole log: a word typed over 200,000 rows must
    // filter once, when typing pauses, not once per letter.
    addRows(3000);
    auto *edit = m_panel->findChild<QLineEdit *>(QStringLiteral("logFilter"));
    QVERIFY(edit);
    const QAbstractItemModel *shown = m_panel->view()->model();
    QSignalSpy layouts(m_panel->filterModel(), &QAbstractItemModel::layoutChanged);

    QTest::keyClicks(edit, u"item/12"_s);
    QCOMPARE(m_panel->filterModel()->filterText(), QString()); // still typing
    QCOMPARE(shown->rowCount(), 3000);
    QTRY_COMPARE(m_panel->filterModel()->filterText(), u"item/12"_s);
    QCOMPARE(layouts.size(), 1);
    QCOMPARE(shown->rowCount(), 1 + 10 + 100); // ids 12, 120-129, 1200-1299
    const auto *counts = m_panel->findChild<QLabel *>(QStringLiteral("logCounts"));
    QVERIFY(counts);
    QVERIFY2(counts->text().startsWith(QLocale().toString(111)), qPrintable(counts->text()));

    // Clearing waits the same way, then shows every row again.
    edit->clear();
    QCOMPARE(shown->rowCount(), 111);
    QTRY_COMPARE(shown->rowCount(), 3000);
    QCOMPARE(layouts.size(), 2);
}

void tst_RequestLogPanel::exportDoesNotBlockTheWindow_data()
{
    QTest::addColumn<QString>("suffix");
    QTest::newRow("csv") << u"csv"_s;
    QTest::newRow("json") << u"json"_s;
}

void tst_RequestLogPanel::exportDoesNotBlockTheWindow()
{
    // Written on the GUI thread, 200,000 rows held the window for over a second. The panel
    // copies the rows shown and writes them on a worker: the event loop keeps running, and
    // the file has exactly the bytes of the rows shown when the export began.
    QFETCH(QString, suffix);
    fillToTheMaximum();
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"log."_s + suffix);
    QBuffer expected;
    expected.open(QIODevice::WriteOnly);
    QCOMPARE(
        LogExporter::write(LogExporter::formatForFileName(path), m_panel->filterModel(), &expected),
        QString());

    QSignalSpy finished(m_panel.get(), &RequestLogPanel::exportFinished);
    QSignalSpy messages(m_panel.get(), &RequestLogPanel::statusMessage);
    QElapsedTimer starting;
    starting.start();
    QVERIFY(m_panel->startExport(path));
    const qint64 startMs = starting.elapsed(); // the copy of the rows, on this thread
    QVERIFY(m_panel->isExporting());
    QVERIFY(!m_panel->exportCsvAction()->isEnabled());
    QVERIFY(!m_panel->exportJsonAction()->isEnabled());
    QVERIFY(!m_panel->startExport(dir.filePath(u"other.csv"_s))); // one at a time
    addRows(700); // the log goes on meanwhile
    GapProbe probe;
    probe.start();
    QVERIFY(finished.wait(60000));
    probe.stop();

    QCOMPARE(finished.at(0).at(0).toString(), path);
    QCOMPARE(finished.at(0).at(1).toLongLong(), qint64(RequestLogPanel::maximumCapacity));
    QCOMPARE(finished.at(0).at(2).toString(), QString());
    QVERIFY(!m_panel->isExporting());
    QVERIFY(m_panel->exportCsvAction()->isEnabled());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.readAll() == expected.data()); // (QCOMPARE would print megabytes)

    // Generous bounds (a loaded machine): the copy takes milliseconds, and the writing takes
    // none of this thread's time, so its event loop keeps turning until the end.
    QVERIFY2(startMs < TimeScale::scaled(500), qPrintable(QString::number(startMs)));
    QVERIFY2(probe.maxGapMs() < TimeScale::scaled(200),
             qPrintable(QString::number(probe.maxGapMs())));
    QVERIFY(probe.ticks() > 5);
    QVERIFY(messages.size() >= 2); // started, (progress,) done
    QVERIFY(messages.first().at(0).toString().contains(QDir::toNativeSeparators(path)));
    // Progress (when the writing took long enough for a report): this file, of all its rows.
    const QString ofAll = QLocale().toString(qint64(RequestLogPanel::maximumCapacity));
    for (qsizetype i = 1; i + 1 < messages.size(); ++i) {
        const QString message = messages.at(i).at(0).toString();
        QVERIFY2(message.contains(QDir::toNativeSeparators(path)) && message.contains(ofAll)
                     && message.contains(u"written"_s),
                 qPrintable(message));
    }
    QVERIFY(messages.last().at(0).toString().contains(u"exported"_s));
}

void tst_RequestLogPanel::exportFailureIsReported()
{
    addRows(100);
    QTemporaryDir dir;
    const QString nowhere = dir.filePath(u"no/such/dir/log.csv"_s);
    QSignalSpy finished(m_panel.get(), &RequestLogPanel::exportFinished);
    QVERIFY(m_panel->startExport(nowhere));
    QVERIFY(finished.wait(10000));
    QVERIFY(!finished.at(0).at(2).toString().isEmpty());
    QVERIFY(!QFile::exists(nowhere));
    QVERIFY(m_panel->exportCsvAction()->isEnabled());
}

void tst_RequestLogPanel::closingThePanelCancelsTheExport()
{
    // The worker reports to the panel: the panel stops it before it goes, and the unfinished
    // file is dropped (no crash, no "destroyed while still running", nothing left behind).
    fillToTheMaximum();
    QTemporaryDir dir;
    const QString path = dir.filePath(u"log.json"_s);
    QVERIFY(m_panel->startExport(path));
    QElapsedTimer closing;
    closing.start();
    m_panel.reset();
    QVERIFY2(closing.elapsed() < TimeScale::scaled(1000),
             qPrintable(QString::number(closing.elapsed())));
    QVERIFY(!QFile::exists(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList());
}

SERVESCOPE_GUI_TEST_MAIN(tst_RequestLogPanel)
#include "tst_requestlogpanel.moc"
