#include "monitortext.h"
#include "requestlogmodel.h"
#include "testevents.h"

#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

ServerEvent finished(quint64 id, qint64 timeMs = 1'790'000'000'000, int status = 200)
{
    ServerEvent event = TestEvents::requestFinished(100 + id, id, timeMs, status, qint64(id) * 10);
    event.bytesSent = 146;
    event.peer = QString::fromLatin1("127.0.0.1"); // a fresh string per event, as from a socket
    event.method = "GET";
    event.target = "/";
    return event;
}

ServerEventBatch finishedBatch(quint64 firstId, int count)
{
    ServerEventBatch batch;
    for (int i = 0; i < count; ++i)
        batch.append(finished(firstId + quint64(i)));
    return batch;
}

QList<quint64> keptIds(const RequestLogModel &model)
{
    QList<quint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, 0).data(RequestLogModel::RequestIdRole).toULongLong());
    return ids;
}

QList<quint64> idRange(quint64 first, quint64 last)
{
    QList<quint64> ids;
    for (quint64 id = first; id <= last; ++id)
        ids.append(id);
    return ids;
}

} // namespace

class tst_RequestLogModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void emptyModel();
    void ignoresOtherEvents();
    void waitedAndHandledFromPhases();
    void oneInsertPerBatch();
    void eviction_data();
    void eviction();
    void ringWrapsManyTimes();
    void setCapacity();
    void totalCountAndClear();
    void cellData_data();
    void cellData();
    void entriesShareRepeatedStrings();
};

void tst_RequestLogModel::initTestCase()
{
    QLocale::setDefault(QLocale::c()); // number formats must not depend on the machine
}

void tst_RequestLogModel::emptyModel()
{
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.columnCount(), int(RequestLogModel::ColumnCount));
    QCOMPARE(model.capacity(), RequestLogModel::defaultCapacity);
    QCOMPARE(model.capacity(), 10000);
    QCOMPARE(model.totalCount(), 0);
    QCOMPARE(RequestLogModel::allColumns().size(), int(RequestLogModel::ColumnCount));
    const QStringList keys
        = {u"time"_s,       u"peer"_s,     u"method"_s,    u"target"_s, u"status"_s, u"bytes"_s,
           u"durationUs"_s, u"waitedUs"_s, u"handledUs"_s, u"thread"_s, u"mode"_s};
    for (int column = 0; column < model.columnCount(); ++column) {
        QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
        QCOMPARE(
            model.headerData(column, Qt::Horizontal, RequestLogModel::ExportKeyRole).toString(),
            keys.at(column));
    }
}

void tst_RequestLogModel::waitedAndHandledFromPhases()
{
    // 2 s unread behind a blocked thread, 1 s for a worker, 1 s handled: 4 s in all.
    ServerEvent e = TestEvents::requestFinished(1, 1, 1'790'000'004'000, 200, 4'000'000);
    RequestPhases &p = e.phases;
    p.arrivedUs = 1'790'000'000'000'000;
    p.readUs = p.arrivedUs + 2'000'000;
    p.parsedUs = p.readUs;
    p.queue = RequestPhases::Queue::Pool;
    p.startedUs = p.parsedUs + 1'000'000;
    p.doneUs = p.startedUs + 1'000'000;
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEvents({e});
    QCOMPARE(model.entry(0).durationUs, 4'000'000);
    QCOMPARE(model.entry(0).waitedUs, 3'000'000);
    QCOMPARE(model.entry(0).handledUs, 1'000'000);
    QCOMPARE(model.index(0, RequestLogModel::WaitedColumn).data(RequestLogModel::SortRole),
             QVariant(qint64(3'000'000)));
    QCOMPARE(model.index(0, RequestLogModel::HandledColumn).data().toString(),
             MonitorText::durationText(1'000'000));
}

void tst_RequestLogModel::ignoresOtherEvents()
{
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    ServerEventBatch batch;
    for (auto type : {ServerEvent::Type::ConnectionOpened, ServerEvent::Type::RequestStarted,
                      ServerEvent::Type::SleepStarted, ServerEvent::Type::StateChanged,
                      ServerEvent::Type::ConnectionClosed}) {
        ServerEvent event = finished(1);
        event.type = type;
        batch.append(event);
    }
    model.appendEvents(batch);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(inserted.count(), 0);
    batch.insert(2, finished(7));
    model.appendEvents(batch);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.totalCount(), 1);
    QCOMPARE(keptIds(model), QList<quint64> {7});
}

void tst_RequestLogModel::oneInsertPerBatch()
{
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);

    model.appendEvents(finishedBatch(1, 500));
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 499);
    model.appendEvents(finishedBatch(501, 300));
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(1).at(1).toInt(), 500);
    QCOMPARE(inserted.at(1).at(2).toInt(), 799);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(model.rowCount(), 800);
    QCOMPARE(keptIds(model), idRange(1, 800));
}

void tst_RequestLogModel::eviction_data()
{
    QTest::addColumn<int>("capacity");
    QTest::addColumn<int>("before");
    QTest::addColumn<int>("batch");
    QTest::addColumn<int>("removedRows"); // 0: no removal signal at all
    QTest::addColumn<quint64>("firstKept");

    // Ids are 1..before, then before+1..before+batch.
    QTest::newRow("fits") << 10 << 3 << 4 << 0 << quint64(1);
    QTest::newRow("fills exactly") << 10 << 6 << 4 << 0 << quint64(1);
    QTest::newRow("evicts the oldest") << 10 << 8 << 5 << 3 << quint64(4);
    QTest::newRow("full, one more") << 10 << 10 << 1 << 1 << quint64(2);
    QTest::newRow("batch equals capacity") << 10 << 5 << 10 << 5 << quint64(6);
    QTest::newRow("batch larger than capacity") << 10 << 5 << 25 << 5 << quint64(21);
    QTest::newRow("batch larger, empty before") << 10 << 0 << 25 << 0 << quint64(16);
    QTest::newRow("capacity one") << 1 << 1 << 3 << 1 << quint64(4);
}

void tst_RequestLogModel::eviction()
{
    QFETCH(int, capacity);
    QFETCH(int, before);
    QFETCH(int, batch);
    QFETCH(int, removedRows);
    QFETCH(quint64, firstKept);

    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(capacity);
    if (before > 0)
        model.appendEvents(finishedBatch(1, before));

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.appendEvents(finishedBatch(quint64(before) + 1, batch));

    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(removed.count(), removedRows > 0 ? 1 : 0);
    if (removedRows > 0) {
        QCOMPARE(removed.at(0).at(1).toInt(), 0);
        QCOMPARE(removed.at(0).at(2).toInt(), removedRows - 1);
    }
    const quint64 last = quint64(before + batch);
    QCOMPARE(model.rowCount(), int(last - firstKept + 1));
    QVERIFY(model.rowCount() <= capacity);
    QCOMPARE(keptIds(model), idRange(firstKept, last));
    QCOMPARE(model.totalCount(), qint64(before + batch));
}

void tst_RequestLogModel::ringWrapsManyTimes()
{
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(7);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    quint64 next = 1;
    const int sizes[] = {1, 5, 3, 2, 7, 4, 1, 1, 6, 9, 2, 3, 5, 8, 1};
    for (int round = 0; round < 40; ++round) {
        const int size = sizes[round % std::size(sizes)];
        const int removedBefore = int(removed.count());
        model.appendEvents(finishedBatch(next, size));
        next += quint64(size);
        QCOMPARE(inserted.count(), round + 1);
        QVERIFY(removed.count() - removedBefore <= 1);
        const quint64 last = next - 1;
        const quint64 first = last >= 7 ? last - 6 : 1;
        QCOMPARE(keptIds(model), idRange(first, last));
    }
    QCOMPARE(model.totalCount(), qint64(next - 1));
}

void tst_RequestLogModel::setCapacity()
{
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(10);
    model.appendEvents(finishedBatch(1, 6));
    model.appendEvents(finishedBatch(7, 6)); // wraps: ids 3..12
    QCOMPARE(keptIds(model), idRange(3, 12));

    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    model.setCapacity(4);
    QCOMPARE(model.capacity(), 4);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 0);
    QCOMPARE(removed.at(0).at(2).toInt(), 5);
    QCOMPARE(keptIds(model), idRange(9, 12));

    model.setCapacity(6); // growing keeps everything
    QCOMPARE(removed.count(), 1);
    QCOMPARE(keptIds(model), idRange(9, 12));
    model.appendEvents(finishedBatch(13, 3));
    QCOMPARE(keptIds(model), idRange(10, 15));

    model.setCapacity(0); // at least one row
    QCOMPARE(model.capacity(), 1);
    QCOMPARE(keptIds(model), QList<quint64> {15});
}

void tst_RequestLogModel::totalCountAndClear()
{
    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setCapacity(5);
    QSignalSpy total(&model, &RequestLogModel::totalCountChanged);
    model.appendEvents(finishedBatch(1, 4));
    model.appendEvents(finishedBatch(5, 4));
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.totalCount(), 8);
    QCOMPARE(total.count(), 2);
    QCOMPARE(total.last().at(0).toLongLong(), 8);

    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.clear();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.totalCount(), 0);
    QCOMPARE(total.last().at(0).toLongLong(), 0);
    model.appendEvents(finishedBatch(9, 2));
    QCOMPARE(keptIds(model), idRange(9, 10));
    QCOMPARE(model.totalCount(), 2);
}

void tst_RequestLogModel::cellData_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("role");
    QTest::addColumn<QVariant>("expected");

    const int display = Qt::DisplayRole;
    const int sort = RequestLogModel::SortRole;
    const int exported = RequestLogModel::ExportRole;
    using M = RequestLogModel;
    QTest::newRow("peer") << int(M::PeerColumn) << display << QVariant(u"::1"_s);
    QTest::newRow("method") << int(M::MethodColumn) << display << QVariant(u"HEAD"_s);
    QTest::newRow("target") << int(M::TargetColumn) << display << QVariant(u"/sleep?ms=20"_s);
    QTest::newRow("status") << int(M::StatusColumn) << display << QVariant(404);
    QTest::newRow("status sort") << int(M::StatusColumn) << sort << QVariant(404);
    QTest::newRow("status role") << int(M::TargetColumn) << int(M::StatusRole) << QVariant(404);
    QTest::newRow("status class") << int(M::TimeColumn) << int(M::StatusClassRole) << QVariant(4);
    QTest::newRow("bytes") << int(M::BytesColumn) << display << QVariant(qint64(1234));
    QTest::newRow("duration text") << int(M::DurationColumn) << display << QVariant(u"1.5 ms"_s);
    QTest::newRow("duration sort") << int(M::DurationColumn) << sort << QVariant(qint64(1500));
    QTest::newRow("duration role")
        << int(M::PeerColumn) << int(M::DurationUsRole) << QVariant(qint64(1500));
    QTest::newRow("duration export")
        << int(M::DurationColumn) << exported << QVariant(qint64(1500));
    QTest::newRow("time sort") << int(M::TimeColumn) << sort << QVariant(qint64(1'795'773'600'123));
    QTest::newRow("time role") << int(M::ModeColumn) << int(M::TimeMsRole)
                               << QVariant(qint64(1'795'773'600'123));
    QTest::newRow("time export") << int(M::TimeColumn) << exported
                                 << QVariant(u"2026-11-27T10:00:00.123Z"_s);
    QTest::newRow("thread") << int(M::ThreadColumn) << display << QVariant(u"worker 2"_s);
    QTest::newRow("thread export") << int(M::ThreadColumn) << exported << QVariant(2);
    QTest::newRow("mode") << int(M::ModeColumn) << display << QVariant(u"Sequential"_s);
    QTest::newRow("mode export") << int(M::ModeColumn) << exported << QVariant(u"sequential"_s);
    QTest::newRow("mode sort") << int(M::ModeColumn) << sort
                               << QVariant(int(DispatchMode::Sequential));
    QTest::newRow("request id") << int(M::PeerColumn) << int(M::RequestIdRole)
                                << QVariant(quint64(42));
    QTest::newRow("connection id")
        << int(M::PeerColumn) << int(M::ConnectionIdRole) << QVariant(quint64(7));
}

void tst_RequestLogModel::cellData()
{
    QFETCH(int, column);
    QFETCH(int, role);
    QFETCH(QVariant, expected);

    ServerEvent event;
    event.type = ServerEvent::Type::RequestFinished;
    event.requestId = 42;
    event.connectionId = 7;
    event.timeMs = 1'795'773'600'123; // 2026-11-27T10:00:00.123Z
    event.status = 404;
    event.bytesSent = 1234;
    event.durationUs = 1500;
    event.thread = 2;
    event.mode = DispatchMode::Sequential;
    event.peer = QStringLiteral("::1");
    event.method = "HEAD";
    event.target = "/sleep?ms=20";

    RequestLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendEvents({event});
    const QVariant actual = model.index(0, column).data(role);
    QCOMPARE(actual, expected);
}

void tst_RequestLogModel::entriesShareRepeatedStrings()
{
    RequestLogModel model;
    model.appendEvents(finishedBatch(1, 3));
    // Consecutive rows from the same peer share one string: memory stays proportional to rows.
    QVERIFY(model.entry(0).peer.isSharedWith(model.entry(1).peer));
    QVERIFY(model.entry(1).peer.isSharedWith(model.entry(2).peer));
    QCOMPARE(model.entry(2).requestId, quint64(3));
}

QTEST_GUILESS_MAIN(tst_RequestLogModel)
#include "tst_requestlogmodel.moc"
