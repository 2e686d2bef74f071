#pragma once

#include <QtCore/QCoreApplication>
#include <QtCore/QList>
#include <QtCore/QString>

class QAbstractItemModel;
class QIODevice;

/*!
    Writes the rows a model shows (typically the RequestLogFilterModel, so the user's filter
    and sort order apply) to CSV or JSON. Keys and values come from
    RequestLogModel::ExportKeyRole / ExportRole when the model answers them (stable English
    keys, untranslated values), else from the display role.
*/
class LogExporter
{
    Q_DECLARE_TR_FUNCTIONS(LogExporter)

public:
    enum class Format { Csv, Json };

    /*!
        CSV per RFC 4180: a header row of keys, CRLF line ends, fields quoted when they hold a
        comma, a quote, CR or LF, quotes doubled. \a columns selects and orders the columns
        (empty = all). Returns an empty string on success, else a translated error.
    */
    static QString writeCsv(const QAbstractItemModel *model, QIODevice *device,
                            const QList<int> &columns = {});
    /*! A UTF-8 JSON array of objects, one per row, keys in column order. */
    static QString writeJson(const QAbstractItemModel *model, QIODevice *device,
                             const QList<int> &columns = {});
    static QString write(Format format, const QAbstractItemModel *model, QIODevice *device,
                         const QList<int> &columns = {});
    /*! Writes to \a fileName atomically (QSaveFile); nothing is left behind on failure. */
    static QString writeFile(Format format, const QAbstractItemModel *model,
                             const QString &fileName, const QList<int> &columns = {});
    /*! The format a file name asks for: Json for "*.json", else Csv. */
    static Format formatForFileName(const QString &fileName);
};
