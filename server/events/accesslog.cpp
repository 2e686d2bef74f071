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
    appendDigits(out, time.hour(), 2);
    out.append(':');
    appendDigits(out, time.minute(), 2);
    out.append(':');
    appendDigits(out, time.second(), 2);
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

} // namespace

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
            lines.append(formatLine(event));
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

QByteArray AccessLog::formatLine(const ServerEvent &event)
{
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
    line.append('\n');
    return line;
}
