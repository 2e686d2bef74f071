#include "logexporter.h"

#include "requestlogfiltermodel.h"
#include "requestlogmodel.h"

#include <QtCore/QAbstractItemModel>
#include <QtCore/QIODevice>
#include <QtCore/QSaveFile>

#include <algorithm>
#include <cmath>

namespace {

QList<int> resolveColumns(const QAbstractItemModel *model, const QList<int> &columns)
{
    QList<int> resolved;
    const int count = model->columnCount();
    if (columns.isEmpty()) {
        for (int column = 0; column < count; ++column)
            resolved.append(column);
        return resolved;
    }
    for (int column : columns) {
        if (column >= 0 && column < count)
            resolved.append(column);
    }
    return resolved;
}

QString columnKey(const QAbstractItemModel *model, int column)
{
    const QVariant key = model->headerData(column, Qt::Horizontal, RequestLogModel::ExportKeyRole);
    if (key.isValid())
        return key.toString();
    return model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString();
}

QVariant cellValue(const QAbstractItemModel *model, int row, int column)
{
    const QModelIndex index = model->index(row, column);
    const QVariant value = model->data(index, RequestLogModel::ExportRole);
    return value.isValid() ? value : model->data(index, Qt::DisplayRole);
}

QByteArray csvField(const QString &text)
{
    QByteArray field = text.toUtf8();
    if (field.contains(',') || field.contains('"') || field.contains('\r')
        || field.contains('\n')) {
        field.replace('"', "\"\"");
        field.prepend('"');
        field.append('"');
    }
    return field;
}

QByteArray jsonString(const QString &text)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    out.append('"');
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (byte < 0x20) {
                static const char hex[] = "0123456789abcdef";
                out.append("\\u00");
                out.append(hex[byte >> 4]);
                out.append(hex[byte & 0xf]);
            } else {
                out.append(c);
            }
        }
    }
    out.append('"');
    return out;
}

QByteArray jsonValue(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
        return QByteArray::number(value.toLongLong());
    case QMetaType::ULongLong:
        return QByteArray::number(value.toULongLong());
    case QMetaType::Double:
    case QMetaType::Float: {
        const double number = value.toDouble();
        return std::isfinite(number) ? QByteArray::number(number, 'g', 17) : QByteArray("null");
    }
    case QMetaType::Bool:
        return value.toBool() ? QByteArray("true") : QByteArray("false");
    default:
        if (!value.isValid())
            return QByteArray("null");
        return jsonString(value.toString());
    }
}

bool writeAll(QIODevice *device, const QByteArray &data)
{
    return device->write(data) == data.size();
}

QString writeError(const QIODevice *device)
{
    return LogExporter::tr("Could not write the export: %1").arg(device->errorString());
}

// The one formatting of a CSV header and row, and a JSON object, for both ways of exporting.
QByteArray csvHeader(const QAbstractItemModel *model, const QList<int> &selected)
{
    QByteArray line;
    for (qsizetype i = 0; i < selected.size(); ++i) {
        if (i > 0)
            line.append(',');
        line.append(csvField(columnKey(model, selected[i])));
    }
    line.append("\r\n");
    return line;
}

void appendCsvRow(QByteArray *out, const QAbstractItemModel *model, int row,
                  const QList<int> &selected)
{
    for (qsizetype i = 0; i < selected.size(); ++i) {
        if (i > 0)
            out->append(',');
        out->append(csvField(cellValue(model, row, selected[i]).toString()));
    }
    out->append("\r\n");
}

QList<QByteArray> jsonKeys(const QAbstractItemModel *model, const QList<int> &selected)
{
    QList<QByteArray> keys;
    for (int column : selected)
        keys.append(jsonString(columnKey(model, column)) + ':');
    return keys;
}

// Written row by row in column order (QJsonObject would sort the keys and hold it all).
void appendJsonRow(QByteArray *out, const QAbstractItemModel *model, int row,
                   const QList<QByteArray> &keys, const QList<int> &selected, bool first)
{
    out->append(first ? "\n  {" : ",\n  {");
    for (qsizetype i = 0; i < selected.size(); ++i) {
        if (i > 0)
            out->append(", ");
        out->append(keys[i]);
        out->append(jsonValue(cellValue(model, row, selected[i])));
    }
    out->append('}');
}

QByteArray jsonEnd(bool anyRows)
{
    return anyRows ? QByteArray("\n]\n") : QByteArray("]\n");
}

// The request a kept row came from: every field RequestLogModel keeps, so that a model fed
// these gives the same ExportRole values (a field added to Entry belongs here too).
ServerEvent finishedEvent(const RequestLogModel::Entry &row)
{
    ServerEvent event;
    event.type = ServerEvent::Type::RequestFinished;
    event.timeMs = row.timeMs;
    event.durationUs = row.durationUs;
    // Phases that add up to the kept waited and handled times.
    event.phases.arrivedUs = 1;
    event.phases.readUs = event.phases.parsedUs = event.phases.startedUs = 1 + row.waitedUs;
    event.phases.doneUs = event.phases.startedUs + row.handledUs;
    event.bytesSent = row.bytes;
    event.requestId = row.requestId;
    event.connectionId = row.connectionId;
    event.peer = row.peer;
    event.peerPort = row.peerPort;
    event.method = row.method;
    event.target = row.target;
    event.thread = row.thread;
    event.status = row.status;
    event.mode = row.mode;
    event.httpMinor = row.httpMinor;
    return event;
}

template<typename Write>
QString saveTo(const QString &fileName, Write write)
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return LogExporter::tr("Could not open %1 for writing: %2")
            .arg(fileName, file.errorString());
    if (const QString error = write(&file); !error.isEmpty()) {
        file.cancelWriting();
        return error;
    }
    if (!file.commit())
        return LogExporter::tr("Could not save %1: %2").arg(fileName, file.errorString());
    return QString();
}

QString checkDevice(const QAbstractItemModel *model, QIODevice *device)
{
    if (!model)
        return LogExporter::tr("There is nothing to export.");
    if (!device || !device->isOpen() || !device->isWritable())
        return LogExporter::tr("The destination is not open for writing.");
    return QString();
}

} // namespace

QString LogExporter::writeCsv(const QAbstractItemModel *model, QIODevice *device,
                              const QList<int> &columns)
{
    if (const QString error = checkDevice(model, device); !error.isEmpty())
        return error;
    const QList<int> selected = resolveColumns(model, columns);
    if (!writeAll(device, csvHeader(model, selected)))
        return writeError(device);
    const int rows = model->rowCount();
    QByteArray line;
    for (int row = 0; row < rows; ++row) {
        line.clear();
        appendCsvRow(&line, model, row, selected);
        if (!writeAll(device, line))
            return writeError(device);
    }
    return QString();
}

QString LogExporter::writeJson(const QAbstractItemModel *model, QIODevice *device,
                               const QList<int> &columns)
{
    if (const QString error = checkDevice(model, device); !error.isEmpty())
        return error;
    const QList<int> selected = resolveColumns(model, columns);
    const QList<QByteArray> keys = jsonKeys(model, selected);
    if (!writeAll(device, QByteArray("[")))
        return writeError(device);
    const int rows = model->rowCount();
    QByteArray object;
    for (int row = 0; row < rows; ++row) {
        object.clear();
        appendJsonRow(&object, model, row, keys, selected, row == 0);
        if (!writeAll(device, object))
            return writeError(device);
    }
    if (!writeAll(device, jsonEnd(rows > 0)))
        return writeError(device);
    return QString();
}

QString LogExporter::write(Format format, const QAbstractItemModel *model, QIODevice *device,
                           const QList<int> &columns)
{
    return format == Format::Json ? writeJson(model, device, columns)
                                  : writeCsv(model, device, columns);
}

QString LogExporter::writeFile(Format format, const QAbstractItemModel *model,
                               const QString &fileName, const QList<int> &columns)
{
    return saveTo(fileName,
                  [&](QIODevice *device) { return write(format, model, device, columns); });
}

LogExporter::Format LogExporter::formatForFileName(const QString &fileName)
{
    return fileName.endsWith(QLatin1StringView(".json"), Qt::CaseInsensitive) ? Format::Json
                                                                              : Format::Csv;
}

std::optional<LogExporter::Snapshot> LogExporter::snapshot(const QAbstractItemModel *model,
                                                           const QList<int> &columns)
{
    // Only models whose rows are the log's entries and whose columns are the log's.
    const auto *proxy = qobject_cast<const RequestLogFilterModel *>(model);
    const auto *log = qobject_cast<const RequestLogModel *>(proxy ? proxy->sourceModel() : model);
    if (!log)
        return std::nullopt;
    Snapshot snapshot;
    snapshot.columns = columns;
    const int rows = model->rowCount();
    // Where each log row is shown, if it is: then the rows are copied in the log's order.
    std::vector<int> shownAt(size_t(log->rowCount()), -1);
    for (int row = 0; row < rows; ++row) {
        const int sourceRow = proxy ? proxy->mapToSource(proxy->index(row, 0)).row() : row;
        shownAt[size_t(sourceRow)] = row;
    }
    snapshot.rows.reserve(size_t(rows));
    snapshot.order.resize(size_t(rows));
    for (size_t sourceRow = 0; sourceRow < shownAt.size(); ++sourceRow) {
        if (shownAt[sourceRow] < 0)
            continue;
        snapshot.order[size_t(shownAt[sourceRow])] = int(snapshot.rows.size());
        snapshot.rows.push_back(log->entry(int(sourceRow)));
    }
    return snapshot;
}

QString LogExporter::write(Format format, const Snapshot &snapshot, QIODevice *device,
                           const std::atomic<bool> *cancelled, const Progress &progress)
{
    // The values come from a private RequestLogModel fed each chunk of the snapshot: the
    // log's own ExportRole code formats them, so the bytes are those of write() over the view.
    RequestLogModel chunk;
    chunk.setCapacity(snapshotChunkRows);
    if (const QString error = checkDevice(&chunk, device); !error.isEmpty())
        return error;
    const QList<int> selected = resolveColumns(&chunk, snapshot.columns);
    const bool json = format == Format::Json;
    const QList<QByteArray> keys = json ? jsonKeys(&chunk, selected) : QList<QByteArray>();
    if (!writeAll(device, json ? QByteArray("[") : csvHeader(&chunk, selected)))
        return writeError(device);

    const qsizetype total = snapshot.size();
    QByteArray out;
    for (qsizetype first = 0; first < total; first += snapshotChunkRows) {
        if (cancelled && cancelled->load())
            return tr("The export was cancelled.");
        const qsizetype count = std::min<qsizetype>(snapshotChunkRows, total - first);
        ServerEventBatch events;
        events.reserve(count);
        for (qsizetype i = first; i < first + count; ++i)
            events.append(finishedEvent(snapshot.shownRow(i)));
        chunk.clear();
        chunk.appendEvents(events);
        out.clear();
        for (int row = 0; row < int(count); ++row) {
            if (json)
                appendJsonRow(&out, &chunk, row, keys, selected, first + row == 0);
            else
                appendCsvRow(&out, &chunk, row, selected);
        }
        if (!writeAll(device, out))
            return writeError(device);
        if (progress)
            progress(first + count);
    }
    if (json && !writeAll(device, jsonEnd(total > 0)))
        return writeError(device);
    return QString();
}

QString LogExporter::writeFile(Format format, const Snapshot &snapshot, const QString &fileName,
                               const std::atomic<bool> *cancelled, const Progress &progress)
{
    return saveTo(fileName, [&](QIODevice *device) {
        return write(format, snapshot, device, cancelled, progress);
    });
}
