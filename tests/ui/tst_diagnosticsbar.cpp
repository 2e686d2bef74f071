#include "diagnosticsbar.h"
#include "guitestmain.h"

#include <QtCore/QLocale>
#include <QtTest/QSignalSpy>
#include <QtTest/QTest>
#include <QtWidgets/QLabel>
#include <QtWidgets/QPushButton>

namespace {

constexpr qint64 ms = 1000;
constexpr qint64 s = 1000 * ms;

Diagnostic diagnostic(Diagnostic::Kind kind, qint64 count, qint64 maxWaitUs, qint64 culprits,
                      qint64 heldUs, const QString &label, bool blocking = false, int workers = 0)
{
    Diagnostic d;
    d.kind = kind;
    d.count = count;
    d.maxWaitUs = maxWaitUs;
    d.culpritCount = culprits;
    d.culpritLabelCount = culprits;
    d.heldUs = heldUs;
    d.culpritLabel = label;
    d.culpritBlocking = blocking;
    d.workers = workers;
    for (quint64 id = 1; id <= quint64(culprits); ++id)
        d.requestIds.append(id);
    return d;
}

} // namespace

/*! The diagnostics banner: its sentences from the numbers, its link to the requests. */
class tst_DiagnosticsBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QLocale::setDefault(QLocale::c()); }
    void cleanup() { QLocale::setDefault(QLocale::c()); }

    void sentenceSaysWhatHappened_data();
    void sentenceSaysWhatHappened();
    void numbersInTheLocalesDigits();
    void showsHidesAndLinks();
};

void tst_DiagnosticsBar::sentenceSaysWhatHappened_data()
{
    QTest::addColumn<Diagnostic>("diagnostic");
    QTest::addColumn<QStringList>("parts");

    QTest::newRow("serverThreadBlocked")
        << diagnostic(Diagnostic::Kind::ServerThreadBlocked, 9, 9 * s, 10, 10 * s,
                      QStringLiteral("GET /sleep?ms=1000"), true)
        << QStringList {QStringLiteral("blocked for 10.00 s"),
                        QStringLiteral("10 × GET /sleep?ms=1000"),
                        QStringLiteral("9 requests waited up to 9.00 s"),
                        QStringLiteral("turn off Blocking sleep")};
    QTest::newRow("cpuOnEventLoop")
        << diagnostic(Diagnostic::Kind::CpuOnEventLoop, 3, 1500 * ms, 4, 2 * s,
                      QStringLiteral("GET /compute?ms=500"))
        << QStringList {QStringLiteral("2.00 s"), QStringLiteral("4 × GET /compute?ms=500"),
                        QStringLiteral("3 requests waited up to 1.50 s"),
                        QStringLiteral("Pooled mode")};
    QTest::newRow("poolSaturated busy")
        << diagnostic(Diagnostic::Kind::PoolSaturated, 2, 500 * ms, 4, 2 * s,
                      QStringLiteral("GET /compute?ms=500"), false, 2)
        << QStringList {QStringLiteral("All 2 workers were busy"),
                        QStringLiteral("2 requests waited up to 500 ms"),
                        QStringLiteral("Raise the pool size")};
    QTest::newRow("poolSaturated blocked")
        << diagnostic(Diagnostic::Kind::PoolSaturated, 8, 4 * s, 10, 10 * s,
                      QStringLiteral("GET /sleep?ms=1000"), true, 2)
        << QStringList {QStringLiteral("All 2 workers were blocked"),
                        QStringLiteral("8 requests waited up to 4.00 s"),
                        QStringLiteral("turn off Blocking sleep")};
    QTest::newRow("sequentialQueue") << diagnostic(Diagnostic::Kind::SequentialQueue, 1, 1 * s, 1,
                                                   1 * s, QStringLiteral("GET /sleep?ms=1000"))
                                     << QStringList {QStringLiteral("1 request wait up to 1.00 s"),
                                                     QStringLiteral("Concurrent or Pooled")};
}

void tst_DiagnosticsBar::sentenceSaysWhatHappened()
{
    QFETCH(Diagnostic, diagnostic);
    QFETCH(QStringList, parts);
    const QString sentence = DiagnosticsBar::sentence(diagnostic);
    for (const QString &part : parts)
        QVERIFY2(sentence.contains(part), qPrintable(sentence + QStringLiteral(" | ") + part));
}

void tst_DiagnosticsBar::numbersInTheLocalesDigits()
{
    QLocale::setDefault(QLocale(QLocale::German));
    const Diagnostic d = diagnostic(Diagnostic::Kind::ServerThreadBlocked, 1234, 9 * s + 500 * ms,
                                    1500, 10 * s, QStringLiteral("GET /sleep"), true);
    const QString sentence = DiagnosticsBar::sentence(d);
    QVERIFY2(sentence.contains(QStringLiteral("1.500 × GET /sleep")), qPrintable(sentence));
    QVERIFY2(sentence.contains(QStringLiteral("1.234")), qPrintable(sentence));
    QVERIFY2(sentence.contains(QStringLiteral("9,50")), qPrintable(sentence));
}

void tst_DiagnosticsBar::showsHidesAndLinks()
{
    // Inside a window that is never shown (the offscreen platform warns when one is).
    QWidget window;
    auto &bar = *new DiagnosticsBar(&window);
    QVERIFY(bar.isHidden());
    const Diagnostic blocked = diagnostic(Diagnostic::Kind::ServerThreadBlocked, 3, 900 * ms, 4,
                                          1200 * ms, QStringLiteral("GET /sleep?ms=300"), true);
    bar.setDiagnostics({blocked});
    QVERIFY(!bar.isHidden());
    auto *line = bar.findChild<QLabel *>(QStringLiteral("diagnostic0"));
    QVERIFY(line);
    QVERIFY(line->text().contains(QStringLiteral("Server thread blocked")));
    QCOMPARE(bar.text(0), DiagnosticsBar::sentence(blocked));

    QSignalSpy picked(&bar, &DiagnosticsBar::requestsPicked);
    Q_EMIT line->linkActivated(QStringLiteral("show"));
    QCOMPARE(picked.count(), 1);
    QCOMPARE(picked.first().first().value<QList<quint64>>(), blocked.requestIds);

    QSignalSpy dismissed(&bar, &DiagnosticsBar::dismissed);
    bar.findChild<QPushButton *>(QStringLiteral("dismissDiagnostics"))->click();
    QCOMPARE(dismissed.count(), 1);
    QVERIFY(bar.isHidden());
    QVERIFY(bar.diagnostics().isEmpty());
}

SERVESCOPE_GUI_TEST_MAIN(tst_DiagnosticsBar)
#include "tst_diagnosticsbar.moc"
