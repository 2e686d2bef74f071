#pragma once

#include "requestlogmodel.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QList>
#include <QtCore/QString>

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

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

    /*!
        The rows a request log view shows, copied as plain values (the strings are shared, not
        copied), so that another thread can write them while the log goes on.
    */
    struct Snapshot
    {
        //! The rows shown, in the log's order: copied in the ring's order, as a sorted order
        //! would miss the cache on every row (twice the time for 200,000 rows).
        std::vector<RequestLogModel::Entry> rows;
        //! The order shown: order[i] is the index in rows of the i-th row shown.
        std::vector<int> order;
        QList<int> columns; //!< as for write(): empty = all

        qsizetype size() const { return qsizetype(order.size()); }
        const RequestLogModel::Entry &shownRow(qsizetype i) const
        {
            return rows[size_t(order[size_t(i)])];
        }
    };
    /*! Hears how many rows are written so far, on the writing thread. */
    using Progress = std::function<void(qsizetype rowsWritten)>;

    /*!
        Copies the rows \a model shows, in its order: \a model is a RequestLogModel or a proxy
        over one (RequestLogFilterModel); nullopt for any other model. No formatting, so it
        is fast enough for the GUI thread (about 1 ms for 10,000 rows, 15-35 ms for 200,000).
    */
    static std::optional<Snapshot> snapshot(const QAbstractItemModel *model,
                                            const QList<int> &columns = {});
    /*!
        Writes \a snapshot exactly as write() would have written the rows it copied, byte for
        byte; safe on any thread. Every few thousand rows it reports to \a progress and checks
        \a cancelled, which stops it with an error.
    */
    static QString write(Format format, const Snapshot &snapshot, QIODevice *device,
                         const std::atomic<bool> *cancelled = nullptr,
                         const Progress &progress = {});
    /*! write() of a snapshot to \a fileName atomically (QSaveFile), as writeFile() does. */
    static QString writeFile(Format format, const Snapshot &snapshot, const QString &fileName,
                             const std::atomic<bool> *cancelled = nullptr,
                             const Progress &progress = {});

    /*! How many rows the snapshot writer formats between progress reports and cancel checks. */
    static constexpr int snapshotChunkRows = 2048;
};
