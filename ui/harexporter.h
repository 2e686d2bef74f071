#pragma once

#include "logexporter.h"
#include "requestlogmodel.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QJsonObject>
#include <QtCore/QString>
#include <QtCore/QUrl>

#include <atomic>

class QIODevice;

/*!
    The request log's rows as an HTTP Archive (HAR 1.2), the format of browser developer tools,
    HTTP Toolkit and Charles. The server's side of each request maps onto HAR's timings as far
    as the server knows them: blocked = its wait (unread in the kernel, then for a turn or a
    worker), send = reading its head, wait = its handling; dns, connect and ssl are not known
    (-1), and receive is 0 (the response is handed to the kernel at once). Headers and cookies
    are not kept by the log, so their lists are empty and their sizes -1.
*/
class HarExporter
{
    Q_DECLARE_TR_FUNCTIONS(HarExporter)

public:
    /*! One HAR entry for \a row; its URL is \a serverUrl (e.g. http://127.0.0.1:7878/) plus
        the request's target. */
    static QJsonObject entry(const RequestLogModel::Entry &row, const QUrl &serverUrl);
    /*!
        Writes the rows of \a snapshot in the order shown; between chunks of rows it reports to
        \a progress and stops with an error when \a cancelled. Empty string on success, else a
        translated error.
    */
    static QString write(const LogExporter::Snapshot &snapshot, const QUrl &serverUrl,
                         QIODevice *device, const std::atomic<bool> *cancelled = nullptr,
                         const LogExporter::Progress &progress = {});
    /*! write() to \a fileName atomically (QSaveFile). */
    static QString writeFile(const LogExporter::Snapshot &snapshot, const QUrl &serverUrl,
                             const QString &fileName, const std::atomic<bool> *cancelled = nullptr,
                             const LogExporter::Progress &progress = {});
};
