#include "requestlogfiltermodel.h"
#include "requestlogmodel.h"

#include <QtTest/QAbstractItemModelTester>
#include <QtTest/QSignalSpy>
#include <QtTest/QtTest>

using namespace Qt::StringLiterals;

namespace {

ServerEvent finished(quint64 id, const char *peer, const char *method, const char *target,
                     int status, qint64 durationUs = 100, qint64 bytes = 100)
{
    ServerEvent event;
    event.type = ServerEvent::Type::RequestFinished;
    event.requestId = id;
    event.connectionId = id;
    event.timeMs = 1'790'000'000'000 + qint64(id);
    event.peer = QString::fromLatin1(peer);
    event.method = method;
    event.target = target;
    event.status = status;
    event.durationUs = durationUs;
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
