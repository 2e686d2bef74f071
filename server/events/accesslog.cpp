#include "accesslog.h"

#include "httpdate.h"
#include "platform.h"

#include <QtCore/QDateTime>

#include <cerrno>
#include <cstdio>

namespace {

void appendDigits(QByteArray &out, int value, int width)
{
    char digits[8];
    for (int i = width - 1; i >= 0; --i) {
        digits[i] = char('0' + value % 10);
        value /= 10;
    }
    out.append(digits, width);
}

// HH:MM:SS, as both the CLF and the RFC 3339 times write it.
void appendClock(QByteArray &out, const QTime &time)
{
    appendDigits(out, time.hour(), 2);
    out.append(':');
    appendDigits(out, time.minute(), 2);
    out.append(':');
    appendDigits(out, time.second(), 2);
}

// %t: [27/Nov/2026:10:00:00 +0000]. Month names are fixed English: the log format is a
// machine format and must not follow the user's locale.
void appendTime(QByteArray &out, qint64 timeMs)
{
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(timeMs, Qt::UTC);
    const QDate date = utc.date();
    const QTime time = utc.time();
    out.append('[');
    appendDigits(out, date.day(), 2);
    out.append('/');
    out.append(HttpDate::monthName(date.month()), 3);
    out.append('/');
    appendDigits(out, date.year(), 4);
    out.append(':');
    appendClock(out, time);
    out.append(" +0000]");
}

// Request bytes come from the network: escape what could end the quoted field or fake a
// new line, as nginx does (\xHH).
void appendEscaped(QByteArray &out, const QByteArray &bytes)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
            const char escaped[4] = {'\\', 'x', hex[u >> 4], hex[u & 0xf]};
            out.append(escaped, 4);
        } else {
            out.append(c);
        }
    }
}

// A JSON string of bytes from the network: quotes, backslashes, control bytes and every byte
// past ASCII escaped (\u00XX, as Latin-1), so the line stays one valid JSON object whatever
// the request held.
void appendJsonString(QByteArray &out, const QByteArray &bytes)
{
    static const char hex[] = "0123456789abcdef";
    out.append('"');
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.append('\\');
            out.append(c);
        } else if (u < 0x20 || u >= 0x7f) {
            const char escaped[6] = {'\\', 'u', '0', '0', hex[u >> 4], hex[u & 0xf]};
            out.append(escaped, 6);
        } else {
            out.append(c);
        }
    }
    out.append('"');
}

void appendJsonField(QByteArray &out, const char *name, qint64 value)
{
    out.append(",\"");
    out.append(name);
    out.append("\":");
    out.append(QByteArray::number(value));
}

// RFC 3339 in UTC with milliseconds: 2026-11-27T10:00:00.123Z.
void appendRfc3339(QByteArray &out, qint64 timeMs)
{
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(timeMs, Qt::UTC);
    const QDate date = utc.date();
    const QTime time = utc.time();
    appendDigits(out, date.year(), 4);
    out.append('-');
    appendDigits(out, date.month(), 2);
    out.append('-');
    appendDigits(out, date.day(), 2);
    out.append('T');
    appendClock(out, time);
    out.append('.');
    appendDigits(out, time.msec(), 3);
    out.append('Z');
}

void appendQuotedOrDash(QByteArray &out, const QByteArray &bytes)
{
    out.append(" \"");
    if (bytes.isEmpty())
        out.append('-');
    else
        appendEscaped(out, bytes);
    out.append('"');
}

} // namespace

QLatin1StringView AccessLog::formatName(Format format)
{
    switch (format) {
    case Format::Combined:
        return QLatin1StringView("combined");
    case Format::Json:
        return QLatin1StringView("json");
    case Format::Common:
        break;
    }
    return QLatin1StringView("clf");
}

bool AccessLog::parseFormat(QStringView name, Format *format)
{
    for (Format candidate : {Format::Common, Format::Combined, Format::Json}) {
        if (name == formatName(candidate)) {
            *format = candidate;
            return true;
        }
    }
    return false;
}

AccessLog::AccessLog(QObject *parent)
    : QObject(parent)
{ }

AccessLog::~AccessLog()
{
    close();
}

bool AccessLog::open(const QString &path)
{
    close();
    m_path = path;
    m_failed = false;
    m_errorString.clear();
    bool ok = false;
    if (path == QLatin1StringView("-")) {
        // No Append here: QFile seeks to the end for it, which fails on a pipe or terminal.
        ok = m_file.open(stdout, QIODevice::WriteOnly);
    } else {
        // Appending by the system rather than QIODevice::Append: QFile seeks to the end for the
        // latter, which warns and fails on /dev/stderr, a FIFO or a terminal.
        const int fd = Platform::openForAppend(QFile::encodeName(path));
        if (fd < 0) {
            m_errorString = qt_error_string(errno); // Qt's wording, translated with qtbase
            return false;
        }
        ok = m_file.open(fd, QIODevice::WriteOnly, QFileDevice::AutoCloseHandle);
        if (!ok)
            Platform::closeFile(fd);
    }
    if (!ok)
        m_errorString = m_file.errorString();
    return ok;
}

void AccessLog::close()
{
    if (!m_file.isOpen())
        return;
    m_file.flush();
    // For "-" this only detaches from stdout; QFile does not close handles it did not open.
    m_file.close();
}

bool AccessLog::reopen()
{
    if (m_path.isEmpty())
        return false;
    if (m_path == QLatin1StringView("-")) {
        flush();
        return true;
    }
    return open(m_path); // open() closes first; a failed write before is forgotten
}

void AccessLog::writeEvents(const ServerEventBatch &events)
{
    if (!m_file.isOpen() || m_failed)
        return;
    QByteArray lines;
    qint64 count = 0;
    for (const ServerEvent &event : events) {
        if (event.type == ServerEvent::Type::RequestFinished) {
            lines.append(formatLine(event, m_format));
            ++count;
        }
    }
    if (count == 0)
        return;
    if (m_file.write(lines) != lines.size() || !m_file.flush()) {
        m_failed = true;
        m_errorString = m_file.errorString();
        Q_EMIT writeFailed(m_errorString);
        return;
    }
    m_linesWritten += count;
}

void AccessLog::flush()
{
    if (m_file.isOpen())
        m_file.flush();
}

QByteArray AccessLog::formatLine(const ServerEvent &event, Format format)
{
    if (format == Format::Json)
        return jsonLine(event);
    QByteArray line;
    line.reserve(96 + event.peer.size() + event.method.size() + event.target.size());
    // %h %l %u: the peer; no identd, no authenticated user.
    line.append(event.peer.isEmpty() ? QByteArray("-") : event.peer.toLatin1());
    line.append(" - - ");
    appendTime(line, event.timeMs);
    // "%r": the request line as received; "-" when the request failed before it was parsed.
    line.append(" \"");
    if (event.method.isEmpty()) {
        line.append('-');
    } else {
        appendEscaped(line, event.method);
        line.append(' ');
        appendEscaped(line, event.target);
        line.append(" HTTP/1.");
        line.append(char('0' + event.httpMinor % 10));
    }
    line.append("\" ");
    // %>s %b
    line.append(QByteArray::number(event.status));
    line.append(' ');
    if (event.bodyBytes > 0)
        line.append(QByteArray::number(event.bodyBytes));
    else
        line.append('-');
    if (format == Format::Combined) {
        appendQuotedOrDash(line, event.referer);
        appendQuotedOrDash(line, event.userAgent);
    }
    line.append('\n');
    return line;
}

QByteArray AccessLog::jsonLine(const ServerEvent &event)
{
    const RequestPhases &p = event.phases;
    QByteArray line;
    line.reserve(320 + event.target.size() + event.userAgent.size() + event.referer.size());
    line.append("{\"time\":\"");
    appendRfc3339(line, event.timeMs);
    line.append("\",\"peer\":");
    appendJsonString(line, event.peer.toLatin1());
    // A request refused before its request line was read has no method, target or version.
    if (event.method.isEmpty()) {
        line.append(",\"method\":null,\"target\":null,\"version\":null");
    } else {
        line.append(",\"method\":");
        appendJsonString(line, event.method);
        line.append(",\"target\":");
        appendJsonString(line, event.target);
        line.append(",\"version\":\"HTTP/1.");
        line.append(char('0' + event.httpMinor % 10));
        line.append('"');
    }
    appendJsonField(line, "status", event.status);
    appendJsonField(line, "bodyBytes", event.bodyBytes);
    appendJsonField(line, "durationUs", event.durationUs);
    appendJsonField(line, "waitedUs", p.waitedUs());
    appendJsonField(line, "kernelWaitUs", p.kernelWaitUs());
    appendJsonField(line, "queueWaitUs", p.queueWaitUs());
    appendJsonField(line, "handledUs", p.handledUs());
    appendJsonField(line, "sleepUs",
                    p.hasSleep() && p.sleepEndUs > p.sleepStartUs ? p.sleepEndUs - p.sleepStartUs
                                                                  : 0);
    appendJsonField(line, "sendingUs", p.sendingUs());
    appendJsonField(line, "thread", event.thread);
    line.append(",\"mode\":\"");
    const auto mode = dispatchModeName(event.mode);
    line.append(mode.data(), mode.size());
    line.append("\",\"referer\":");
    if (event.referer.isEmpty())
        line.append("null");
    else
        appendJsonString(line, event.referer);
    line.append(",\"userAgent\":");
    if (event.userAgent.isEmpty())
        line.append("null");
    else
        appendJsonString(line, event.userAgent);
    line.append("}\n");
    return line;
}
