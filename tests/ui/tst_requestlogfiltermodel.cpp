#include "requestlogfiltermodel.h"
#include "requestlogmodel.h"
#include "testevents.h"

#include <QtCore/QRandomGenerator>
#include <QtCore/QSortFilterProxyModel>
#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace {

ServerEvent finished(quint64 id, const char *peer, const char *method, const char *target,
                     int status, qint64 durationUs = 100, qint64 bytes = 100)
{
    ServerEvent event
        = TestEvents::requestFinished(id, id, 1'790'000'000'000 + qint64(id), status, durationUs);
    event.peer = QString::fromLatin1(peer);
    event.method = method;
    event.target = target;
    event.bytesSent = bytes;
    return event;
}

// Ten requests with some of everything; ids 1..10.
ServerEventBatch sampleBatch()
{
    return {
        finished(1, "127.0.0.1", "GET", "/", 200, 9, 1000),
        finished(2, "127.0.0.2", "HEAD", "/sleep?ms=5", 200, 100, 999),
        finished(3, "::1", "GET", "/missing", 404, 20, 10),
        finished(4, "127.0.0.1", "POST", "/", 405, 5000, 200),
        finished(5, "127.0.0.1", "GET", "/compute?ms=10", 500, 1000000, 300),
        finished(6, "127.0.0.3", "GET", "/Sleep", 301, 7, 400),
        finished(7, "127.0.0.1", "BREW", "/pot", 501, 3, 500),
        finished(8, "127.0.0.1", "GET", "/%5Bx%5D", 200, 42, 600),
        finished(9, "127.0.0.1", "GET", "/info", 101, 1, 700),
        finished(10, "127.0.0.1", "GET", "/-/status", 200, 77, 800),
    };
}

QList<quint64> shownIds(const QAbstractItemModel &model)
{
    QList<quint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids.append(model.index(row, 0).data(RequestLogModel::RequestIdRole).toULongLong());
    return ids;
}

using Ids = QList<quint64>;
using Classes = RequestLogFilterModel::StatusClasses;

/*! Counts the signals a model sends about its rows: each change's begin and end. */
class SignalCounter : public QObject
{
public:
    explicit SignalCounter(QAbstractItemModel *model)
    {
        using M = QAbstractItemModel;
        const auto count = [this](int *counter) {
            return [this, counter] {
                ++*counter, ++total;
            };
        };
        connect(model, &M::rowsAboutToBeInserted, this, count(&other));
        connect(model, &M::rowsInserted, this, count(&inserts));
        connect(model, &M::rowsAboutToBeRemoved, this, count(&other));
        connect(model, &M::rowsRemoved, this, count(&removes));
        connect(model, &M::layoutAboutToBeChanged, this, count(&other));
        connect(model, &M::layoutChanged, this, count(&layouts));
        connect(model, &M::modelAboutToBeReset, this, count(&other));
        connect(model, &M::modelReset, this, count(&resets));
        connect(model, &M::dataChanged, this, count(&other));
        connect(model, &M::rowsAboutToBeMoved, this, count(&other));
        connect(model, &M::rowsMoved, this, count(&other));
    }
    void reset() { total = inserts = removes = layouts = resets = other = 0; }

    int total = 0;
    int inserts = 0;
    int removes = 0;
    int layouts = 0;
    int resets = 0;
    int other = 0;
};

/*! Finished requests with random durations, sizes, statuses, peers and targets; ids go on. */
class TrafficSource
{
public:
    explicit TrafficSource(quint32 seed)
        : m_random(seed)
    { }

    ServerEventBatch batch(int rows)
    {
        static const char *const peers[] = {"127.0.0.1", "127.0.0.2", "::1", "10.0.0.7"};
        static const char *const methods[] = {"GET", "HEAD", "POST"};
        static const int statuses[] = {200, 200, 200, 204, 301, 404, 404, 500, 101};
        ServerEventBatch events;
        for (int i = 0; i < rows; ++i) {
            const quint64 id = ++m_lastId;
            const QByteArray target = (m_random.bounded(4) == 0 ? "/Item/" : "/item/")
                + QByteArray::number(m_random.bounded(5000));
            ServerEvent event = finished(
                id, peers[m_random.bounded(4)], methods[m_random.bounded(3)], target,
                statuses[m_random.bounded(9)], m_random.bounded(1000000), m_random.bounded(100000));
            event.thread = int(m_random.bounded(4));
            events.append(event);
        }
        return events;
    }

private:
    QRandomGenerator m_random;
    quint64 m_lastId = 0;
};

/*!
    What the proxy should show, worked out on its own: the accepted rows in arrival order,
    stable-sorted by the SortRole values (text case-insensitively), reversed for descending.
*/
Ids expectedIds(const RequestLogModel &log, int column, Qt::SortOrder order,
                const std::function<bool(const RequestLogModel::Entry &)> &accepts)
{
    std::vector<int> rows;
    for (int row = 0; row < log.rowCount(); ++row) {
        if (accepts(log.entry(row)))
            rows.push_back(row);
    }
    if (column >= 0) {
        const auto value = [&log, column](int row) {
            return log.index(row, column).data(RequestLogModel::SortRole);
        };
        std::stable_sort(rows.begin(), rows.end(), [&](int left, int right) {
            const QVariant a = value(left);
            const QVariant b = value(right);
            if (a.typeId() == QMetaType::QString)
                return QString::compare(a.toString(), b.toString(), Qt::CaseInsensitive) < 0;
            return a.toLongLong() < b.toLongLong();
        });
        if (order == Qt::DescendingOrder)
            std::reverse(rows.begin(), rows.end());
    }
    Ids ids;
    for (int row : rows)
        ids.append(log.entry(row).requestId);
    return ids;
}

bool acceptsAll(const RequestLogModel::Entry &)
{
    return true;
}

} // namespace

class tst_RequestLogFilterModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void textFilter_data();
    void textFilter();
    void statusFilter_data();
    void statusFilter();
    void textAndStatusTogether();
    void followsAppendsAndEviction();
    void numericSort_data();
    void numericSort();
    void textSortIsCaseInsensitive();
    void sortFollowsAppends();
    void batchesCostOneChangeEach_data();
    void batchesCostOneChangeEach();
    void arrivalOrderKeepsRanges_data();
    void arrivalOrderKeepsRanges();
    void mixedChangesUnderTester();
    void persistentIndexesFollowTheirRequests();
    void statusClassOf_data();
    void statusClassOf();
};

void tst_RequestLogFilterModel::defaults()
{
    RequestLogModel log;
    RequestLogFilterModel proxy;
    proxy.setSourceModel(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(proxy.statusClasses(), Classes(RequestLogFilterModel::AllStatusClasses));
    QVERIFY(proxy.filterText().isEmpty());
    QCOMPARE(proxy.sortRole(), int(RequestLogModel::SortRole));
    log.appendEvents(sampleBatch());
    QCOMPARE(proxy.rowCount(), 10);
    QCOMPARE(proxy.columnCount(), int(RequestLogModel::ColumnCount));
}

void tst_RequestLogFilterModel::textFilter_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<Ids>("expected");

    QTest::newRow("empty shows all") << QString() << Ids {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    QTest::newRow("target") << u"sleep"_s << Ids {2, 6};
    QTest::newRow("case-insensitive") << u"SLEEP"_s << Ids {2, 6};
    QTest::newRow("method") << u"head"_s << Ids {2};
    QTest::newRow("method token") << u"brew"_s << Ids {7};
    QTest::newRow("peer v6") << u"::1"_s << Ids {3};
    QTest::newRow("peer prefix") << u"127.0.0."_s << Ids {1, 2, 4, 5, 6, 7, 8, 9, 10};
    QTest::newRow("query is fixed text") << u"?ms="_s << Ids {2, 5};
    QTest::newRow("brackets are no regex") << u"%5B"_s << Ids {8};
    QTest::newRow("dot is no wildcard") << u"0.0.3"_s << Ids {6};
    QTest::newRow("star is no wildcard") << u"*"_s << Ids {};
    QTest::newRow("no match") << u"nothing here"_s << Ids {};
}

void tst_RequestLogFilterModel::textFilter()
{
    QFETCH(QString, text);
    QFETCH(Ids, expected);

    RequestLogModel log;
    log.appendEvents(sampleBatch());
    RequestLogFilterModel proxy;
    proxy.setSourceModel(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setFilterText(text);
    QCOMPARE(proxy.filterText(), text);
    QCOMPARE(shownIds(proxy), expected);
    proxy.setFilterText(QString());
    QCOMPARE(proxy.rowCount(), 10);
}

void tst_RequestLogFilterModel::statusFilter_data()
{
    QTest::addColumn<int>("classes");
    QTest::addColumn<Ids>("expected");

    using F = RequestLogFilterModel;
    QTest::newRow("all") << int(F::AllStatusClasses) << Ids {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    QTest::newRow("none") << 0 << Ids {};
    QTest::newRow("2xx") << int(F::Status2xx) << Ids {1, 2, 8, 10};
    QTest::newRow("3xx") << int(F::Status3xx) << Ids {6};
    QTest::newRow("4xx") << int(F::Status4xx) << Ids {3, 4};
    QTest::newRow("5xx") << int(F::Status5xx) << Ids {5, 7};
    QTest::newRow("other") << int(F::StatusOther) << Ids {9};
    QTest::newRow("errors") << int(F::Status4xx | F::Status5xx) << Ids {3, 4, 5, 7};
    QTest::newRow("all but 2xx") << int(F::AllStatusClasses & ~F::Status2xx)
                                 << Ids {3, 4, 5, 6, 7, 9};
}

void tst_RequestLogFilterModel::statusFilter()
{
    QFETCH(int, classes);
    QFETCH(Ids, expected);

    RequestLogModel log;
    log.appendEvents(sampleBatch());
    RequestLogFilterModel proxy;
    proxy.setSourceModel(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setStatusClasses(Classes(classes));
    QCOMPARE(shownIds(proxy), expected);

    // The same through the one-class switch, starting from all classes.
    proxy.setStatusClasses(RequestLogFilterModel::AllStatusClasses);
    for (auto flag : {RequestLogFilterModel::Status2xx, RequestLogFilterModel::Status3xx,
                      RequestLogFilterModel::Status4xx, RequestLogFilterModel::Status5xx,
                      RequestLogFilterModel::StatusOther}) {
        proxy.setStatusClassEnabled(flag, (classes & flag) != 0);
        QCOMPARE(proxy.isStatusClassEnabled(flag), (classes & flag) != 0);
    }
    QCOMPARE(shownIds(proxy), expected);
}

void tst_RequestLogFilterModel::textAndStatusTogether()
{
    RequestLogModel log;
    log.appendEvents(sampleBatch());
    RequestLogFilterModel proxy;
    proxy.setSourceModel(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setFilterText(u"127.0.0.1"_s);
    proxy.setStatusClassEnabled(RequestLogFilterModel::Status2xx, false);
    QCOMPARE(shownIds(proxy), (Ids {4, 5, 7, 9}));
    proxy.setStatusClassEnabled(RequestLogFilterModel::Status4xx, false);
    QCOMPARE(shownIds(proxy), (Ids {5, 7, 9}));
}

void tst_RequestLogFilterModel::followsAppendsAndEviction()
{
    RequestLogModel log;
    log.setCapacity(6);
    RequestLogFilterModel proxy;
    proxy.setSourceModel(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setFilterText(u"sleep"_s);

    log.appendEvents(sampleBatch().mid(0, 4)); // ids 1..4: only 2 matches
    QCOMPARE(shownIds(proxy), Ids {2});
    log.appendEvents(sampleBatch().mid(4, 3)); // ids 5..7 evict 1; 6 matches
    QCOMPARE(shownIds(proxy), (Ids {2, 6}));
    log.appendEvents(sampleBatch().mid(7, 3)); // ids 8..10 evict 2..4
    QCOMPARE(shownIds(proxy), Ids {6});
    QCOMPARE(log.rowCount(), 6);

    // A whole new batch that evicts everything shown.
    ServerEventBatch more;
    for (quint64 id = 11; id <= 20; ++id)
        more.append(finished(id, "127.0.0.1", "GET", id % 2 ? "/sleep" : "/", 200));
    log.appendEvents(more);
    QCOMPARE(shownIds(proxy), (Ids {15, 17, 19}));
}

void tst_RequestLogFilterModel::numericSort_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    QTest::addColumn<Ids>("expected");

    using M = RequestLogModel;
    // Durations 9, 100, 20, 5000, 1000000, 7, 3, 42, 1, 77: as text "100" < "20" < "9".
    QTest::newRow("duration ascending")
        << int(M::DurationColumn) << int(Qt::AscendingOrder) << Ids {9, 7, 6, 1, 3, 8, 10, 2, 4, 5};
    QTest::newRow("duration descending") << int(M::DurationColumn) << int(Qt::DescendingOrder)
                                         << Ids {5, 4, 2, 10, 8, 3, 1, 6, 7, 9};
    // Bytes 1000 and 999: text order would put 1000 first.
    QTest::newRow("bytes ascending")
        << int(M::BytesColumn) << int(Qt::AscendingOrder) << Ids {3, 4, 5, 6, 7, 8, 9, 10, 2, 1};
    QTest::newRow("status ascending")
        << int(M::StatusColumn) << int(Qt::AscendingOrder) << Ids {9, 1, 2, 8, 10, 6, 3, 4, 5, 7};
    QTest::newRow("time descending")
        << int(M::TimeColumn) << int(Qt::DescendingOrder) << Ids {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
}

void tst_RequestLogFilterModel::numericSort()
{
    QFETCH(int, column);
    QFETCH(int, order);
    QFETCH(Ids, expected);

    RequestLogModel log;
    log.appendEvents(sampleBatch());
    RequestLogFilterModel proxy;
    proxy.setSourceModel(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(column, Qt::SortOrder(order));
    QCOMPARE(shownIds(proxy), expected);

    // The generic path (through SortRole values) agrees with the fast path.
    QSortFilterProxyModel generic;
    generic.setSourceModel(&log);
    generic.setSortRole(RequestLogModel::SortRole);
    generic.sort(column, Qt::SortOrder(order));
    QCOMPARE(shownIds(generic), expected);
}

void tst_RequestLogFilterModel::textSortIsCaseInsensitive()
{
    RequestLogModel log;
    log.appendEvents(sampleBatch());
    RequestLogFilterModel proxy;
    proxy.setSourceModel(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setFilterText(u"sleep"_s);
    proxy.sort(RequestLogModel::TargetColumn, Qt::AscendingOrder);
    // Ignoring case, "/Sleep" is a prefix of "/sleep?ms=5", so it comes first.
    QCOMPARE(shownIds(proxy), (Ids {6, 2}));
}

void tst_RequestLogFilterModel::sortFollowsAppends()
{
    RequestLogModel log;
    RequestLogFilterModel proxy;
    proxy.setSourceModel(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(RequestLogModel::DurationColumn, Qt::DescendingOrder);
    log.appendEvents(sampleBatch().mid(0, 5));
    QCOMPARE(shownIds(proxy), (Ids {5, 4, 2, 3, 1}));
    log.appendEvents(sampleBatch().mid(5, 5));
    QCOMPARE(shownIds(proxy), (Ids {5, 4, 2, 10, 8, 3, 1, 6, 7, 9}));
}

void tst_RequestLogFilterModel::batchesCostOneChangeEach_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    QTest::addColumn<bool>("filtered");

    using M = RequestLogModel;
    QTest::newRow("duration ascending")
        << int(M::DurationColumn) << int(Qt::AscendingOrder) << false;
    QTest::newRow("duration descending")
        << int(M::DurationColumn) << int(Qt::DescendingOrder) << false;
    QTest::newRow("duration, filtered")
        << int(M::DurationColumn) << int(Qt::AscendingOrder) << true;
    QTest::newRow("bytes descending") << int(M::BytesColumn) << int(Qt::DescendingOrder) << false;
    QTest::newRow("status (many ties)") << int(M::StatusColumn) << int(Qt::AscendingOrder) << false;
    QTest::newRow("peer (text, ties)") << int(M::PeerColumn) << int(Qt::AscendingOrder) << false;
    QTest::newRow("target descending (text)")
        << int(M::TargetColumn) << int(Qt::DescendingOrder) << true;
}

void tst_RequestLogFilterModel::batchesCostOneChangeEach()
{
    // The load the reviewer measured: 10,000 rows kept, 700-row batches evicting as many.
    QFETCH(int, column);
    QFETCH(int, order);
    QFETCH(bool, filtered);

    RequestLogModel log;
    TrafficSource traffic(1234);
    log.appendEvents(traffic.batch(RequestLogModel::defaultCapacity));
    RequestLogFilterModel proxy;
    proxy.setSourceModel(&log);
    const auto accepts = [filtered](const RequestLogModel::Entry &row) {
        if (!filtered)
            return true;
        return row.status / 100 != 4
            && QString::fromUtf8(row.target).contains(u"item/1"_s, Qt::CaseInsensitive);
    };
    if (filtered) {
        proxy.setStatusClassEnabled(RequestLogFilterModel::Status4xx, false);
        proxy.setFilterText(u"ITEM/1"_s);
    }
    proxy.sort(column, Qt::SortOrder(order));
    QCOMPARE(shownIds(proxy), expectedIds(log, column, Qt::SortOrder(order), accepts));

    SignalCounter signalCount(&proxy);
    for (int batch = 0; batch < 30; ++batch) {
        signalCount.reset();
        log.appendEvents(traffic.batch(700));
        QCOMPARE(log.rowCount(), RequestLogModel::defaultCapacity);
        // A few signals per batch, whatever the order: not one per row that came or went.
        QVERIFY2(
            signalCount.total <= 4,
            qPrintable(u"batch %1: %2 signals (%3 inserts, %4 removes, %5 layouts)"_s.arg(batch)
                           .arg(signalCount.total)
                           .arg(signalCount.inserts)
                           .arg(signalCount.removes)
                           .arg(signalCount.layouts)));
        QCOMPARE(signalCount.resets, 0);
        QCOMPARE(shownIds(proxy), expectedIds(log, column, Qt::SortOrder(order), accepts));
    }
}

void tst_RequestLogFilterModel::arrivalOrderKeepsRanges_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("order");
    QTest::addColumn<int>("insertedAt"); // -1: at the end

    QTest::newRow("arrival") << -1 << int(Qt::AscendingOrder) << -1;
    QTest::newRow("time ascending")
        << int(RequestLogModel::TimeColumn) << int(Qt::AscendingOrder) << -1;
    QTest::newRow("time descending")
        << int(RequestLogModel::TimeColumn) << int(Qt::DescendingOrder) << 0;
}

void tst_RequestLogFilterModel::arrivalOrderKeepsRanges()
{
    // In arrival or time order the newest rows come as one range and the oldest leave as one:
    // no layout change, so the view keeps its cheap path.
    QFETCH(int, column);
    QFETCH(int, order);
    QFETCH(int, insertedAt);

    RequestLogModel log;
    log.setCapacity(2000);
    TrafficSource traffic(99);
    log.appendEvents(traffic.batch(2000));
    RequestLogFilterModel proxy;
    proxy.setSourceModel(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(column, Qt::SortOrder(order));

    SignalCounter signalCount(&proxy);
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    for (int batch = 0; batch < 5; ++batch) {
        signalCount.reset();
        inserted.clear();
        log.appendEvents(traffic.batch(300));
        QCOMPARE(signalCount.inserts, 1);
        QCOMPARE(signalCount.removes, 1);
        QCOMPARE(signalCount.layouts, 0);
        QCOMPARE(signalCount.total, 4);
        QCOMPARE(inserted.at(0).at(1).toInt(), insertedAt < 0 ? 2000 - 300 : insertedAt);
        QCOMPARE(shownIds(proxy), expectedIds(log, column, Qt::SortOrder(order), acceptsAll));
    }
}

void tst_RequestLogFilterModel::mixedChangesUnderTester()
{
    // Every kind of change the panel makes, small enough for the tester's full checks: batches
    // of any size (some larger than the log), sorts, filters that narrow and widen, capacity.
    RequestLogModel log;
    log.setCapacity(150);
    RequestLogFilterModel proxy;
    proxy.setSourceModel(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    TrafficSource traffic(7);
    QRandomGenerator random(8);

    const QString texts[] = {QString(), u"item/1"_s, u"item/12"_s, u"127.0.0"_s, u"HEAD"_s};
    const int columns[] = {-1,
                           RequestLogModel::TimeColumn,
                           RequestLogModel::DurationColumn,
                           RequestLogModel::StatusColumn,
                           RequestLogModel::TargetColumn,
                           RequestLogModel::PeerColumn,
                           RequestLogModel::ThreadColumn};
    int column = -1;
    Qt::SortOrder order = Qt::AscendingOrder;
    for (int step = 0; step < 200; ++step) {
        switch (random.bounded(6)) {
        case 0:
            column = columns[random.bounded(int(std::size(columns)))];
            order = random.bounded(2) ? Qt::AscendingOrder : Qt::DescendingOrder;
            proxy.sort(column, order);
            break;
        case 1:
            proxy.setFilterText(texts[random.bounded(int(std::size(texts)))]);
            break;
        case 2:
            proxy.setStatusClasses(Classes(int(random.bounded(32))));
            break;
        case 3:
            log.setCapacity(100 + int(random.bounded(100)));
            break;
        default:
            log.appendEvents(traffic.batch(int(random.bounded(1, 220))));
            break;
        }
        const QString text = proxy.filterText();
        const Classes classes = proxy.statusClasses();
        const auto accepts = [&text, classes](const RequestLogModel::Entry &row) {
            if (!classes.testFlag(RequestLogFilterModel::statusClassOf(row.status)))
                return false;
            return row.peer.contains(text, Qt::CaseInsensitive)
                || QString::fromLatin1(row.method).contains(text, Qt::CaseInsensitive)
                || QString::fromUtf8(row.target).contains(text, Qt::CaseInsensitive);
        };
        QCOMPARE(shownIds(proxy), expectedIds(log, column, order, accepts));
        for (int row = 0; row < proxy.rowCount(); row += 17) {
            const QModelIndex index = proxy.index(row, RequestLogModel::TargetColumn);
            QCOMPARE(proxy.mapFromSource(proxy.mapToSource(index)), index);
        }
    }
    log.clear();
    QCOMPARE(proxy.rowCount(), 0);
}

void tst_RequestLogFilterModel::persistentIndexesFollowTheirRequests()
{
    // The view's selection and current row are persistent indexes: a layout change must carry
    // them to where their request went, and let go of the requests that left.
    RequestLogModel log;
    log.setCapacity(1000);
    TrafficSource traffic(5);
    log.appendEvents(traffic.batch(1000));
    RequestLogFilterModel proxy;
    proxy.setSourceModel(&log);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.sort(RequestLogModel::DurationColumn, Qt::DescendingOrder);

    const auto rowOf = [&proxy](quint64 id) {
        for (int row = 0; row < proxy.rowCount(); ++row) {
            if (proxy.index(row, 0).data(RequestLogModel::RequestIdRole).toULongLong() == id)
                return row;
        }
        return -1;
    };
    const QPersistentModelIndex oldest = proxy.index(rowOf(1), RequestLogModel::TargetColumn);
    const QPersistentModelIndex newest = proxy.index(rowOf(1000), RequestLogModel::BytesColumn);
    QVERIFY(oldest.isValid() && newest.isValid());

    SignalCounter signalCount(&proxy);
    log.appendEvents(traffic.batch(300)); // ids 1..300 leave, scattered through the order
    QVERIFY(signalCount.layouts > 0); // the case this is about
    QVERIFY(!oldest.isValid());
    QVERIFY(newest.isValid());
    QCOMPARE(newest.row(), rowOf(1000));
    QCOMPARE(newest.column(), int(RequestLogModel::BytesColumn));
    QCOMPARE(newest.data(RequestLogModel::RequestIdRole).toULongLong(), quint64(1000));
}

void tst_RequestLogFilterModel::statusClassOf_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("expected");
    using F = RequestLogFilterModel;
    QTest::newRow("0") << 0 << int(F::StatusOther);
    QTest::newRow("101") << 101 << int(F::StatusOther);
    QTest::newRow("200") << 200 << int(F::Status2xx);
    QTest::newRow("299") << 299 << int(F::Status2xx);
    QTest::newRow("304") << 304 << int(F::Status3xx);
    QTest::newRow("431") << 431 << int(F::Status4xx);
    QTest::newRow("505") << 505 << int(F::Status5xx);
    QTest::newRow("600") << 600 << int(F::StatusOther);
}

void tst_RequestLogFilterModel::statusClassOf()
{
    QFETCH(int, status);
    QFETCH(int, expected);
    QCOMPARE(int(RequestLogFilterModel::statusClassOf(status)), expected);
}

QTEST_GUILESS_MAIN(tst_RequestLogFilterModel)
#include "tst_requestlogfiltermodel.moc"
