#pragma once

#include "serverevent.h"

#include <QtCore/QByteArray>
#include <QtCore/QFile>
#include <QtCore/QObject>
#include <QtCore/QString>

/*!
    Writes an access log, one line per finished request, as web servers do: in the Common Log
    Format (`%h %l %u %t "%r" %>s %b`),

        127.0.0.1 - - [27/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 146

    in the combined format (the same, then `"%{Referer}i" "%{User-agent}i"`), or as one JSON
    object per line, with the request's phases.

    Feed it the server's event batches (connect Server::eventsReady to writeEvents()); it
    ignores every event but RequestFinished and flushes once per batch, so the file follows
    the traffic within a batch interval without a write per request.
*/
class AccessLog : public QObject
{
    Q_OBJECT

public:
    enum class Format : quint8 {
        Common, //!< "clf"
        Combined, //!< "combined": Common, then the referer and the user agent
        Json, //!< "json": one object per line
    };
    Q_ENUM(Format)
    /*! "clf", "combined" or "json". */
    static QLatin1StringView formatName(Format format);
    /*! Reads a formatName(); false (and \a format unchanged) for anything else. */
    static bool parseFormat(QStringView name, Format *format);

    explicit AccessLog(QObject *parent = nullptr);
    ~AccessLog() override;

    /*! Opens \a path for appending, creating it if needed; "-" means standard output. */
    bool open(const QString &path);
    void close();
    /*!
        Closes and opens path() again, so that the next line lands in a new file once the old
        one was renamed (logrotate's postrotate kill -HUP). Standard output is only flushed.
    */
    bool reopen();
    bool isOpen() const { return m_file.isOpen(); }
    Format format() const { return m_format; }
    void setFormat(Format format) { m_format = format; }
    QString path() const { return m_path; }
    /*! Why open() or the last write failed. */
    QString errorString() const { return m_errorString; }

    /*! Appends a line for each RequestFinished event in \a events, then flushes. */
    void writeEvents(const ServerEventBatch &events);
    /*! Writes out anything still buffered. */
    void flush();

    qint64 linesWritten() const { return m_linesWritten; }

    /*!
        The log line for \a event, newline included. The time is the event's timeMs in UTC
        with English month names whatever the locale. Bytes in the request line that could
        break the format (quotes, backslashes, control and non-ASCII bytes) are written as
        \xHH, as nginx does; a request that never got a request line shows as "-".
        The size field is the body size (ServerEvent::bodyBytes, as nginx's $body_bytes_sent),
        "-" when there is none (HEAD, an empty body).
    */
    static QByteArray formatLine(const ServerEvent &event, Format format = Format::Common);
    /*!
        The JSON line for \a event: time (RFC 3339, UTC, ms), peer, method, target, version,
        status, bodyBytes, durationUs, waitedUs, kernelWaitUs, queueWaitUs, handledUs, sleepUs,
        sendingUs, thread, mode, referer, userAgent. Strings from the request are escaped so that no
        request can end the object or the line: control bytes and bytes past ASCII as \u00XX,
        so every line is valid UTF-8 and valid JSON whatever was sent.
    */
    static QByteArray jsonLine(const ServerEvent &event);

Q_SIGNALS:
    /*! Writing failed (disk full, closed pipe...); emitted once, later lines are dropped. */
    void writeFailed(const QString &message);

private:
    QFile m_file;
    QString m_path;
    QString m_errorString;
    qint64 m_linesWritten = 0;
    Format m_format = Format::Common;
    bool m_failed = false;
};
