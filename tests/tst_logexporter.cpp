#include "logexporter.h"
#include "requestlogfiltermodel.h"
#include "requestlogmodel.h"

#include <QtCore/QBuffer>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtGui/QStandardItemModel>
#include <QtTest/QtTest>

using namespace Qt::StringLiterals;

namespace {

ServerEvent finished(quint64 id, const QByteArray &target, int status)
{
    ServerEvent event;
    event.type = ServerEvent::Type::RequestFinished;
    event.requestId = id;
    event.connectionId = id;
    event.timeMs = 1'795'773'600'000 + qint64(id); // 2026-11-27T10:00:00.00<id>Z
    event.peer = QStringLiteral("127.0.0.1");
    event.peerPort = quint16(50000 + id);
    event.method = "GET";
    event.target = target;
    event.status = status;
    event.durationUs = 1000 + qint64(id);
    event.bytesSent = 146;
    event.thread = int(id % 3);
    event.mode = DispatchMode::Concurrent;
    return event;
}

// A one-column model: the exporter falls back to the display role.
std::unique_ptr<QStandardItemModel> textModel(const QStringList &cells, const QString &header)
{
    auto model = std::make_unique<QStandardItemModel>(int(cells.size()), 1);
    model->setHorizontalHeaderLabels({header});
    for (int row = 0; row < cells.size(); ++row)
        model->setItem(row, 0, new QStandardItem(cells.at(row)));
    return model;
}

QByteArray exportCsv(const QAbstractItemModel &model, const QList<int> &columns = {})
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const QString error = LogExporter::writeCsv(&model, &buffer, columns);
    if (!error.isEmpty())
        qFatal("unexpected export error");
    return buffer.data();
}

QByteArray exportJson(const QAbstractItemModel &model, const QList<int> &columns = {})
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const QString error = LogExporter::writeJson(&model, &buffer, columns);
    if (!error.isEmpty())
        qFatal("unexpected export error");
    return buffer.data();
}

// A device that accepts a few bytes and then fails, like a full disk.
class FailingDevice : public QIODevice
{
public:
    explicit FailingDevice(qint64 budget)
        : m_budget(budget)
    { }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 size) override
    {
        if (size > m_budget) {
            setErrorString(QStringLiteral("No space left on device"));
            return -1;
        }
        m_budget -= size;
        return size;
    }

private:
    qint64 m_budget;
};

} // namespace

class tst_LogExporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void csvQuoting_data();
    void csvQuoting();
    void csvFromRequestLog();
    void csvColumnSubset();
    void jsonFromRequestLog();
    void jsonEscaping_data();
    void jsonEscaping();
    void jsonEmpty();
    void exportsWhatTheProxyShows();
    void deviceErrors();
    void writeFile();
    void formatForFileName_data();
    void formatForFileName();
};

void tst_LogExporter::csvQuoting_data()
{
    QTest::addColumn<QString>("cell");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("plain") << u"/index.html"_s << QByteArray("/index.html");
    QTest::newRow("empty") << QString() << QByteArray("");
    QTest::newRow("comma") << u"a,b"_s << QByteArray("\"a,b\"");
    QTest::newRow("quote") << u"say \"hi\""_s << QByteArray("\"say \"\"hi\"\"\"");
    QTest::newRow("only a quote") << u"\""_s << QByteArray("\"\"\"\"");
    QTest::newRow("line feed") << u"two\nlines"_s << QByteArray("\"two\nlines\"");
    QTest::newRow("carriage return") << u"a\rb"_s << QByteArray("\"a\rb\"");
    QTest::newRow("spaces stay bare") << u" padded "_s << QByteArray(" padded ");
    QTest::newRow("utf-8") << u"/路径"_s << QByteArray("/\xe8\xb7\xaf\xe5\xbe\x84");
}

void tst_LogExporter::csvQuoting()
{
    QFETCH(QString, cell);
    QFETCH(QByteArray, expected);
    const auto model = textModel({cell}, u"target"_s);
    QCOMPARE(exportCsv(*model), "target\r\n" + expected + "\r\n");
}

void tst_LogExporter::csvFromRequestLog()
{
    RequestLogModel log;
    log.appendEvents({finished(1, "/", 200), finished(2, "/a,b", 404)});
    const QByteArray csv = exportCsv(log);
    const QByteArray expected
        = "time,peer,method,target,status,bytes,durationUs,thread,mode\r\n"
          "2026-11-27T10:00:00.001Z,127.0.0.1:50001,GET,/,200,146,1001,1,concurrent\r\n"
          "2026-11-27T10:00:00.002Z,127.0.0.1:50002,GET,\"/a,b\",404,146,1002,2,concurrent\r\n";
    QCOMPARE(csv, expected);
}

void tst_LogExporter::csvColumnSubset()
{
    RequestLogModel log;
    log.appendEvents({finished(1, "/", 200), finished(2, "/x", 503)});
    const QByteArray csv
        = exportCsv(log, {RequestLogModel::StatusColumn, RequestLogModel::TargetColumn, 99});
    QCOMPARE(csv, QByteArray("status,target\r\n200,/\r\n503,/x\r\n"));
}

void tst_LogExporter::jsonFromRequestLog()
{
    RequestLogModel log;
    ServerEvent overIpv6 = finished(2, "/sleep?ms=5", 404);
    overIpv6.peer = QStringLiteral("::1");
    log.appendEvents({finished(1, "/", 200), overIpv6});
    const QByteArray json = exportJson(log);

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QVERIFY(document.isArray());
    const QJsonArray rows = document.array();
    QCOMPARE(rows.size(), 2);
    const QJsonObject second = rows.at(1).toObject();
    QCOMPARE(second.size(), int(RequestLogModel::ColumnCount));
    QCOMPARE(second.value(u"time"_s).toString(), u"2026-11-27T10:00:00.002Z"_s);
    QCOMPARE(second.value(u"peer"_s).toString(), u"[::1]:50002"_s); // as the table shows it
    QCOMPARE(second.value(u"method"_s).toString(), u"GET"_s);
    QCOMPARE(second.value(u"target"_s).toString(), u"/sleep?ms=5"_s);
    QVERIFY(second.value(u"status"_s).isDouble());
    QCOMPARE(second.value(u"status"_s).toInt(), 404);
    QCOMPARE(second.value(u"bytes"_s).toInteger(), 146);
    QCOMPARE(second.value(u"durationUs"_s).toInteger(), 1002);
    QCOMPARE(second.value(u"thread"_s).toInt(), 2);
    QCOMPARE(second.value(u"mode"_s).toString(), u"concurrent"_s);

    // Keys come in column order, not sorted (QJsonObject would sort them).
    const qsizetype time = json.indexOf("\"time\"");
    const qsizetype peer = json.indexOf("\"peer\"");
    const qsizetype mode = json.indexOf("\"mode\"");
    QVERIFY(time >= 0 && time < peer && peer < mode);
}

void tst_LogExporter::jsonEscaping_data()
{
    QTest::addColumn<QString>("cell");
    QTest::newRow("quote and backslash") << u"a\"b\\c"_s;
    QTest::newRow("control characters") << u"tab\there\nnew\x01one"_s;
    QTest::newRow("utf-8") << u"/路径?q=ü"_s;
    QTest::newRow("slash and braces") << u"{\"not\": [json]}/"_s;
    QTest::newRow("empty") << QString();
}

void tst_LogExporter::jsonEscaping()
{
    QFETCH(QString, cell);
    const auto model = textModel({cell}, u"target"_s);
    const QByteArray json = exportJson(*model);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(document.array().at(0).toObject().value(u"target"_s).toString(), cell);
}

void tst_LogExporter::jsonEmpty()
{
    RequestLogModel log;
    const QByteArray json = exportJson(log);
    QCOMPARE(json, QByteArray("[]\n"));
    QVERIFY(QJsonDocument::fromJson(json).isArray());
}

void tst_LogExporter::exportsWhatTheProxyShows()
{
    RequestLogModel log;
    ServerEventBatch batch;
    for (quint64 id = 1; id <= 20; ++id)
        batch.append(finished(id, id % 2 ? "/sleep" : "/", id % 4 == 0 ? 404 : 200));
    log.appendEvents(batch);
    RequestLogFilterModel proxy;
    proxy.setSourceModel(&log);
    proxy.setFilterText(u"sleep"_s); // odd ids: 10 rows, all 200
    proxy.setStatusClassEnabled(RequestLogFilterModel::Status4xx, false);
    proxy.sort(RequestLogModel::DurationColumn, Qt::DescendingOrder);
    QCOMPARE(proxy.rowCount(), 10);

    const QJsonArray rows = QJsonDocument::fromJson(exportJson(proxy)).array();
    QCOMPARE(rows.size(), 10);
    qint64 previous = std::numeric_limits<qint64>::max();
    for (const QJsonValue &row : rows) {
        const QJsonObject object = row.toObject();
        QCOMPARE(object.value(u"target"_s).toString(), u"/sleep"_s);
        const qint64 duration = object.value(u"durationUs"_s).toInteger();
        QVERIFY(duration < previous);
        previous = duration;
    }
    const QList<QByteArray> lines = exportCsv(proxy).split('\n');
    QCOMPARE(lines.size(), 1 + 10 + 1); // header, rows, and the empty rest after the last CRLF
}

void tst_LogExporter::deviceErrors()
{
    RequestLogModel log;
    log.appendEvents({finished(1, "/", 200)});

    QBuffer closed;
    QVERIFY(!LogExporter::writeCsv(&log, &closed).isEmpty());
    QBuffer readOnly;
    readOnly.open(QIODevice::ReadOnly);
    QVERIFY(!LogExporter::writeJson(&log, &readOnly).isEmpty());
    QVERIFY(!LogExporter::writeCsv(nullptr, &readOnly).isEmpty());
    QVERIFY(!LogExporter::writeCsv(&log, nullptr).isEmpty());

    for (auto format : {LogExporter::Format::Csv, LogExporter::Format::Json}) {
        FailingDevice full(20); // the header fits, the first row does not
        full.open(QIODevice::WriteOnly);
        const QString error = LogExporter::write(format, &log, &full);
        QVERIFY(error.contains(u"No space left on device"_s));
    }
}

void tst_LogExporter::writeFile()
{
    RequestLogModel log;
    log.appendEvents({finished(1, "/", 200), finished(2, "/x", 500)});
    QTemporaryDir dir;
    QVERIFY(dir.isValid());

    const QString csvPath = dir.filePath(u"log.csv"_s);
    QCOMPARE(LogExporter::writeFile(LogExporter::Format::Csv, &log, csvPath), QString());
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll(), exportCsv(log));

    const QString jsonPath = dir.filePath(u"log.json"_s);
    QCOMPARE(LogExporter::writeFile(LogExporter::Format::Json, &log, jsonPath), QString());
    QFile json(jsonPath);
    QVERIFY(json.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(json.readAll()).array().size(), 2);

    const QString nowhere = dir.filePath(u"no/such/dir/log.csv"_s);
    QVERIFY(!LogExporter::writeFile(LogExporter::Format::Csv, &log, nowhere).isEmpty());
    QVERIFY(!QFile::exists(nowhere));
}

void tst_LogExporter::formatForFileName_data()
{
    QTest::addColumn<QString>("fileName");
    QTest::addColumn<bool>("json");
    QTest::newRow("csv") << u"/tmp/log.csv"_s << false;
    QTest::newRow("json") << u"/tmp/log.json"_s << true;
    QTest::newRow("JSON") << u"LOG.JSON"_s << true;
    QTest::newRow("none") << u"log"_s << false;
    QTest::newRow("json in the middle") << u"log.json.txt"_s << false;
}

void tst_LogExporter::formatForFileName()
{
    QFETCH(QString, fileName);
    QFETCH(bool, json);
    QCOMPARE(LogExporter::formatForFileName(fileName) == LogExporter::Format::Json, json);
}

QTEST_GUILESS_MAIN(tst_LogExporter)
#include "tst_logexporter.moc"
