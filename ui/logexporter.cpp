#include "logexporter.h"

#include "requestlogmodel.h"

#include <QtCore/QAbstractItemModel>
#include <QtCore/QIODevice>
#include <QtCore/QSaveFile>

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

    QByteArray line;
    for (qsizetype i = 0; i < selected.size(); ++i) {
        if (i > 0)
            line.append(',');
        line.append(csvField(columnKey(model, selected[i])));
    }
    line.append("\r\n");
    if (!writeAll(device, line))
        return tr("Could not write the export: %1").arg(device->errorString());

    const int rows = model->rowCount();
    for (int row = 0; row < rows; ++row) {
        line.clear();
        for (qsizetype i = 0; i < selected.size(); ++i) {
            if (i > 0)
                line.append(',');
            line.append(csvField(cellValue(model, row, selected[i]).toString()));
        }
        line.append("\r\n");
        if (!writeAll(device, line))
            return tr("Could not write the export: %1").arg(device->errorString());
    }
    return QString();
}

QString LogExporter::writeJson(const QAbstractItemModel *model, QIODevice *device,
                               const QList<int> &columns)
{
    if (const QString error = checkDevice(model, device); !error.isEmpty())
        return error;
    const QList<int> selected = resolveColumns(model, columns);
    QList<QByteArray> keys;
    for (int column : selected)
        keys.append(jsonString(columnKey(model, column)) + ':');

    // Written row by row in column order (QJsonObject would sort the keys and hold it all).
    if (!writeAll(device, QByteArray("[")))
        return tr("Could not write the export: %1").arg(device->errorString());
    const int rows = model->rowCount();
    QByteArray object;
    for (int row = 0; row < rows; ++row) {
        object.clear();
        object.append(row == 0 ? "\n  {" : ",\n  {");
        for (qsizetype i = 0; i < selected.size(); ++i) {
            if (i > 0)
                object.append(", ");
            object.append(keys[i]);
            object.append(jsonValue(cellValue(model, row, selected[i])));
        }
        object.append('}');
        if (!writeAll(device, object))
            return tr("Could not write the export: %1").arg(device->errorString());
    }
    if (!writeAll(device, rows > 0 ? QByteArray("\n]\n") : QByteArray("]\n")))
        return tr("Could not write the export: %1").arg(device->errorString());
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
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return tr("Could not open %1 for writing: %2").arg(fileName, file.errorString());
    if (const QString error = write(format, model, &file, columns); !error.isEmpty()) {
        file.cancelWriting();
        return error;
    }
    if (!file.commit())
        return tr("Could not save %1: %2").arg(fileName, file.errorString());
    return QString();
}

LogExporter::Format LogExporter::formatForFileName(const QString &fileName)
{
    return fileName.endsWith(QLatin1StringView(".json"), Qt::CaseInsensitive) ? Format::Json
                                                                              : Format::Csv;
}
