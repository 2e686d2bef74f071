#include "requestselection.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

class tst_RequestSelection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void selectAll_data();
    void selectAll();
    void sameSelectionIsNoChange();
    void selectOneAndClear();
};

void tst_RequestSelection::selectAll_data()
{
    QTest::addColumn<QList<quint64>>("given");
    QTest::addColumn<QList<quint64>>("expected");
    QTest::addColumn<quint64>("current");

    QTest::newRow("one") << QList<quint64> {7} << QList<quint64> {7} << quint64(7);
    QTest::newRow("order kept") << QList<quint64> {9, 3, 5} << QList<quint64> {9, 3, 5}
                                << quint64(9);
    QTest::newRow("duplicates dropped")
        << QList<quint64> {4, 4, 2, 4} << QList<quint64> {4, 2} << quint64(4);
    QTest::newRow("zero is no request")
        << QList<quint64> {0, 6, 0} << QList<quint64> {6} << quint64(6);
    QTest::newRow("empty") << QList<quint64>() << QList<quint64>() << quint64(0);
}

void tst_RequestSelection::selectAll()
{
    QFETCH(QList<quint64>, given);
    QFETCH(QList<quint64>, expected);
    QFETCH(quint64, current);

    RequestSelection selection;
    selection.select(1000); // something else first, so every row is a change
    QSignalSpy changed(&selection, &RequestSelection::selectionChanged);
    selection.selectAll(given);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(selection.ids(), expected);
    QCOMPARE(selection.current(), current);
    QCOMPARE(selection.isEmpty(), expected.isEmpty());
    for (quint64 id : expected)
        QVERIFY(selection.contains(id));
    QVERIFY(!selection.contains(1000));
}

void tst_RequestSelection::sameSelectionIsNoChange()
{
    // Views echo what they were told; an echo must not start another round.
    RequestSelection selection;
    QSignalSpy changed(&selection, &RequestSelection::selectionChanged);
    selection.selectAll({3, 4});
    selection.selectAll({3, 4, 3});
    QCOMPARE(changed.count(), 1);
    selection.selectAll({4, 3}); // another current: a change
    QCOMPARE(changed.count(), 2);
    QCOMPARE(selection.current(), quint64(4));
}

void tst_RequestSelection::selectOneAndClear()
{
    RequestSelection selection;
    QSignalSpy changed(&selection, &RequestSelection::selectionChanged);
    selection.select(12);
    QCOMPARE(selection.ids(), QList<quint64> {12});
    selection.clear();
    QVERIFY(selection.isEmpty());
    QCOMPARE(selection.current(), quint64(0));
    selection.clear();
    selection.select(0);
    QCOMPARE(changed.count(), 2);
}

QTEST_GUILESS_MAIN(tst_RequestSelection)
#include "tst_requestselection.moc"
