#include "guitestmain.h"
#include "requestlogfiltermodel.h"
#include "requestlogmodel.h"
#include "requestlogpanel.h"

#include <QtCore/QRandomGenerator>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtGui/QAction>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QCheckBox>
#include <QtWidgets/QHeaderView>
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
            ServerEvent event;
            event.type = ServerEvent::Type::RequestFinished;
            event.requestId = ++m_lastId;
            event.connectionId = event.requestId;
            event.timeMs = 1'790'000'000'000 + qint64(event.requestId);
            event.peer = QStringLiteral("127.0.0.1");
            event.peerPort = quint16(40000 + event.requestId % 1000);
            event.method = "GET";
            event.target = "/item/" + QByteArray::number(event.requestId);
            event.status = 200;
            event.durationUs = m_random.bounded(1000000);
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

private:
    void addRows(int rows);

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

SERVESCOPE_GUI_TEST_MAIN(tst_RequestLogPanel)
#include "tst_requestlogpanel.moc"
