#include "logexporter.h"
#include "requestlogfiltermodel.h"
#include "requestlogmodel.h"
#include "testevents.h"

#include <QtCore/QBuffer>
#include <QtCore/QDir>
#include <QtCore/QFile>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTemporaryDir>
#include <QtGui/QStandardItemModel>
#include <QtTest/QTest>

using namespace Qt::StringLiterals;

namespace {

ServerEvent finished(quint64 id, const QByteArray &target, int status)
{
    const qint64 timeMs = 1'795'773'600'000 + qint64(id); // 2026-11-27T10:00:00.00<id>Z
    ServerEvent event = TestEvents::requestFinished(id, id, timeMs, status, 1000 + qint64(id));
    event.peer = QStringLiteral("127.0.0.1");
    event.peerPort = quint16(50000 + id);
    event.method = "GET";
    event.target = target;
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
    void snapshotWritesTheSameBytes_data();
    void snapshotWritesTheSameBytes();
    void snapshotKeepsTheRowsOfItsTime();
    void snapshotOfOtherModels();
    void snapshotProgressAndCancel();
    void snapshotDeviceErrors();
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
        = "time,peer,method,target,status,bytes,durationUs,waitedUs,handledUs,thread,mode\r\n"
          "2026-11-27T10:00:00.001Z,127.0.0.1:50001,GET,/,200,146,1001,0,1001,1,concurrent\r\n"
          "2026-11-27T10:00:00.002Z,127.0.0.1:50002,GET,\"/a,b\",404,146,1002,0,1002,2,"
          "concurrent\r\n";
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

namespace {

// Rows with every kind of value: quotes, commas and line breaks in targets, UTF-8, IPv6 and
// IPv4 peers, all modes and threads, statuses 0-999, large numbers; more than one chunk.
ServerEventBatch awkwardBatch(int rows)
{
    static const QByteArray targets[] = {
        "/", "/a,b", "/say \"hi\"", "/two\nlines", "/路径?q=ü", "/tab\there", "/{\"json\": [1]}"};
    ServerEventBatch batch;
    for (int i = 1; i <= rows; ++i) {
        ServerEvent event = finished(quint64(i), targets[i % 7], (i * 37) % 1000);
        event.peer = i % 5 == 0 ? QStringLiteral("::1")
                                : QStringLiteral("10.0.%1.%2").arg(i % 3).arg(i % 251);
        event.peerPort = quint16(i * 13);
        event.method = i % 4 == 0 ? "POST" : "GET";
        event.mode = DispatchMode(i % 3);
        event.thread = i % 5;
        event.durationUs = qint64(i) * 7919 % 5'000'000;
        event.bytesSent = qint64(i) * 104729;
        event.timeMs += qint64(i) * 997;
        batch.append(event);
    }
    return batch;
}

QByteArray exportSnapshot(LogExporter::Format format, const LogExporter::Snapshot &snapshot)
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    const QString error = LogExporter::write(format, snapshot, &buffer);
    if (!error.isEmpty())
        qFatal("unexpected export error");
    return buffer.data();
}

} // namespace

void tst_LogExporter::snapshotWritesTheSameBytes_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QString>("filter"); // and then sorted by duration, descending
    QTest::addColumn<QList<int>>("columns");

    const int csv = int(LogExporter::Format::Csv);
    const int json = int(LogExporter::Format::Json);
    const int chunk = LogExporter::snapshotChunkRows;
    const QString none;
    const QString some = u"10.0."_s;
    QTest::newRow("csv") << csv << chunk * 2 + 77 << none << QList<int>();
    QTest::newRow("json") << json << chunk * 2 + 77 << none << QList<int>();
    QTest::newRow("csv, filtered and sorted") << csv << chunk + 500 << some << QList<int>();
    QTest::newRow("json, filtered and sorted") << json << chunk + 500 << some << QList<int>();
    QTest::newRow("json, one chunk exactly") << json << chunk << none << QList<int>();
    QTest::newRow("csv, columns") << csv << 300 << some
                                  << QList<int> {RequestLogModel::StatusColumn,
                                                 RequestLogModel::TargetColumn, 99};
    QTest::newRow("csv, empty") << csv << 0 << none << QList<int>();
    QTest::newRow("json, empty") << json << 0 << none << QList<int>();
    QTest::newRow("json, all filtered out") << json << 100 << u"no such text"_s << QList<int>();
}

void tst_LogExporter::snapshotWritesTheSameBytes()
{
    // The panel exports a snapshot on a worker thread: its bytes are those the view gives.
    QFETCH(int, format);
    QFETCH(int, rows);
    QFETCH(QString, filter);
    QFETCH(QList<int>, columns);

    RequestLogModel log;
    log.setCapacity(std::max(rows, 1));
    if (rows > 0)
        log.appendEvents(awkwardBatch(rows));
    RequestLogFilterModel proxy;
    proxy.setSourceModel(&log);
    if (!filter.isEmpty()) {
        proxy.setFilterText(filter);
        proxy.setStatusClassEnabled(RequestLogFilterModel::StatusOther, false);
        proxy.sort(RequestLogModel::DurationColumn, Qt::DescendingOrder);
    }

    const auto chosen = LogExporter::Format(format);
    QBuffer direct;
    direct.open(QIODevice::WriteOnly);
    QCOMPARE(LogExporter::write(chosen, &proxy, &direct, columns), QString());
    const std::optional<LogExporter::Snapshot> snapshot = LogExporter::snapshot(&proxy, columns);
    QVERIFY(snapshot);
    QCOMPARE(snapshot->size(), qsizetype(proxy.rowCount()));
    QCOMPARE(exportSnapshot(chosen, *snapshot), direct.data());

    // And to a file, as the panel does.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"log"_s);
    QCOMPARE(LogExporter::writeFile(chosen, *snapshot, path), QString());
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), direct.data());
}

void tst_LogExporter::snapshotKeepsTheRowsOfItsTime()
{
    // Taken on the GUI thread, written later: what the view showed then, whatever came since.
    RequestLogModel log;
    log.setCapacity(50);
    log.appendEvents(awkwardBatch(50));
    RequestLogFilterModel proxy;
    proxy.setSourceModel(&log);
    proxy.sort(RequestLogModel::BytesColumn, Qt::DescendingOrder);
    const QByteArray then = exportJson(proxy);
    const std::optional<LogExporter::Snapshot> snapshot = LogExporter::snapshot(&proxy);
    QVERIFY(snapshot);
    log.appendEvents(awkwardBatch(30)); // evicts 30 of them
    log.clear();
    QCOMPARE(exportSnapshot(LogExporter::Format::Json, *snapshot), then);
}

void tst_LogExporter::snapshotOfOtherModels()
{
    RequestLogModel log;
    log.appendEvents({finished(1, "/", 200), finished(2, "/x", 404)});
    const std::optional<LogExporter::Snapshot> direct = LogExporter::snapshot(&log);
    QVERIFY(direct);
    QCOMPARE(exportSnapshot(LogExporter::Format::Csv, *direct), exportCsv(log));

    // A model whose rows are not the log's entries: nothing to copy.
    const auto other = textModel({u"/"_s}, u"target"_s);
    QVERIFY(!LogExporter::snapshot(other.get()));
    QVERIFY(!LogExporter::snapshot(nullptr));
    RequestLogFilterModel unattached;
    QVERIFY(!LogExporter::snapshot(&unattached));
}

void tst_LogExporter::snapshotProgressAndCancel()
{
    const int chunk = LogExporter::snapshotChunkRows;
    RequestLogModel log;
    log.setCapacity(chunk * 3);
    log.appendEvents(awkwardBatch(chunk * 3 - 5));
    const std::optional<LogExporter::Snapshot> snapshot = LogExporter::snapshot(&log);
    QVERIFY(snapshot);

    // Progress after every chunk, up to all rows.
    QList<qsizetype> reports;
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QCOMPARE(LogExporter::write(LogExporter::Format::Csv, *snapshot, &buffer, nullptr,
                                [&reports](qsizetype written) { reports.append(written); }),
             QString());
    QCOMPARE(reports, (QList<qsizetype> {chunk, chunk * 2, chunk * 3 - 5}));

    // Cancelled after the first chunk: an error, and no file.
    std::atomic<bool> cancelled {false};
    QTemporaryDir dir;
    const QString path = dir.filePath(u"log.csv"_s);
    const QString error
        = LogExporter::writeFile(LogExporter::Format::Csv, *snapshot, path, &cancelled,
                                 [&cancelled](qsizetype) { cancelled = true; });
    QVERIFY(!error.isEmpty());
    QVERIFY(!QFile::exists(path));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList());
}

void tst_LogExporter::snapshotDeviceErrors()
{
    RequestLogModel log;
    log.appendEvents({finished(1, "/", 200)});
    const std::optional<LogExporter::Snapshot> snapshot = LogExporter::snapshot(&log);
    QVERIFY(snapshot);

    QBuffer closed;
    QVERIFY(!LogExporter::write(LogExporter::Format::Csv, *snapshot, &closed).isEmpty());
    QVERIFY(!LogExporter::write(LogExporter::Format::Json, *snapshot, nullptr).isEmpty());
    for (auto format : {LogExporter::Format::Csv, LogExporter::Format::Json}) {
        FailingDevice full(20); // the header fits, the first row does not
        full.open(QIODevice::WriteOnly);
        QVERIFY(
            LogExporter::write(format, *snapshot, &full).contains(u"No space left on device"_s));
    }
    QTemporaryDir dir;
    const QString nowhere = dir.filePath(u"no/such/dir/log.csv"_s);
    QVERIFY(!LogExporter::writeFile(LogExporter::Format::Csv, *snapshot, nowhere).isEmpty());
    QVERIFY(!QFile::exists(nowhere));
}

QTEST_GUILESS_MAIN(tst_LogExporter)
#include "tst_logexporter.moc"
