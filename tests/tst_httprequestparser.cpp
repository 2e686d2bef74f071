#include <QtTest/QtTest>
class tst_HttpRequestParser : public QObject { Q_OBJECT };
QTEST_APPLESS_MAIN(tst_HttpRequestParser)
#include "tst_httprequestparser.moc"
