#pragma once

#include "serverevent.h"

#include <QtCore/QByteArray>
#include <QtCore/QFile>
#include <QtCore/QObject>
#include <QtCore/QString>

/*!
    Writes an access log in the Common Log Format (`%h %l %u %t "%r" %>s %b`), one line per
    finished request, as web servers do:

        127.0.0.1 - - [27/Nov/2026:10:00:00 +0000] "GET / HTTP/1.1" 200 146

    Feed it the server's event batches (connect Server::eventsReady to writeEvents()); it
    ignores every event but RequestFinished and flushes once per batch, so the file follows
    the traffic within a batch interval without a write per request.
*/
class AccessLog : public QObject
{
    Q_OBJECT

public:
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
    static QByteArray formatLine(const ServerEvent &event);

Q_SIGNALS:
    /*! Writing failed (disk full, closed pipe...); emitted once, later lines are dropped. */
    void writeFailed(const QString &message);

private:
    QFile m_file;
    QString m_path;
    QString m_errorString;
    qint64 m_linesWritten = 0;
    bool m_failed = false;
};
