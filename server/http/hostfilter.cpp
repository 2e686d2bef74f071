#include "hostfilter.h"

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isHexDigit(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// RFC 3986 reg-name: unreserved / pct-encoded / sub-delims.
bool isRegNameChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c))
        return true;
    switch (c) {
    case '-':
    case '.':
    case '_':
    case '~': // unreserved
    case '!':
    case '$':
    case '&':
    case '\'':
    case '(':
    case ')': // sub-delims
    case '*':
    case '+':
    case ',':
    case ';':
    case '=':
        return true;
    default:
        return false;
    }
}

bool isRegName(QByteArrayView name)
{
    for (qsizetype i = 0; i < name.size(); ++i) {
        if (name[i] == '%') {
            if (i + 2 >= name.size() || !isHexDigit(name[i + 1]) || !isHexDigit(name[i + 2]))
                return false;
            i += 2;
        } else if (!isRegNameChar(name[i])) {
            return false;
        }
    }
    return true;
}

// Inside the brackets of an IP-literal: hex digits, ':' and '.' (IPv6, with an embedded IPv4),
// or an IPvFuture "v<hex>.<chars>", which is well-formed even though nothing here serves it.
bool isIpLiteral(QByteArrayView inside)
{
    if (inside.isEmpty())
        return false;
    if (inside.front() == 'v' || inside.front() == 'V')
        return inside.size() > 3 && isRegName(inside.sliced(1));
    for (const char c : inside) {
        if (!isHexDigit(c) && c != ':' && c != '.')
            return false;
    }
    return inside.contains(':');
}

bool equalsLower(QByteArrayView bytes, QByteArrayView lower)
{
    if (bytes.size() != lower.size())
        return false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        char c = bytes[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != lower[i])
            return false;
    }
    return true;
}

bool endsWithLower(QByteArrayView bytes, QByteArrayView lower)
{
    return bytes.size() >= lower.size() && equalsLower(bytes.last(lower.size()), lower);
}

// 127.0.0.0/8 in dotted-decimal form.
bool isLoopbackIpv4(QByteArrayView host)
{
    int parts = 0;
    int first = -1;
    qsizetype start = 0;
    for (qsizetype i = 0; i <= host.size(); ++i) {
        if (i < host.size() && host[i] != '.') {
            if (!isDigit(host[i]) || i - start >= 3)
                return false;
            continue;
        }
        if (i == start)
            return false;
        int value = 0;
        for (qsizetype j = start; j < i; ++j)
            value = value * 10 + (host[j] - '0');
        if (value > 255)
            return false;
        if (parts == 0)
            first = value;
        ++parts;
        start = i + 1;
    }
    return parts == 4 && first == 127;
}

} // namespace

HostFilter HostFilter::loopbackOnly(const QList<QByteArray> &allowedNames)
{
    HostFilter filter;
    filter.m_enabled = true;
    for (const QByteArray &name : allowedNames)
        filter.m_allowed.append(name.toLower());
    return filter;
}

bool HostFilter::isWellFormed(QByteArrayView hostField)
{
    if (hostField.isEmpty())
        return true; // RFC 9110 §7.2: a target without authority sends an empty Host
    QByteArrayView host = hostField;
    QByteArrayView port;
    if (host.front() == '[') {
        const qsizetype close = host.indexOf(']');
        if (close < 0 || !isIpLiteral(host.sliced(1, close - 1)))
            return false;
        const QByteArrayView rest = host.sliced(close + 1);
        if (!rest.isEmpty() && rest.front() != ':')
            return false;
        port = rest.isEmpty() ? QByteArrayView() : rest.sliced(1);
    } else {
        const qsizetype colon = host.indexOf(':');
        if (colon >= 0) {
            port = host.sliced(colon + 1);
            host = host.first(colon);
        }
        if (host.isEmpty() || !isRegName(host)) // dotted IPv4 is a reg-name too
            return false;
    }
    for (const char c : port) {
        if (!isDigit(c))
            return false;
    }
    return port.size() <= 5;
}

QByteArrayView HostFilter::hostName(QByteArrayView hostField)
{
    if (!hostField.isEmpty() && hostField.front() == '[') {
        const qsizetype close = hostField.indexOf(']');
        return close < 0 ? hostField : hostField.sliced(1, close - 1);
    }
    const qsizetype colon = hostField.indexOf(':');
    return colon < 0 ? hostField : hostField.first(colon);
}

bool HostFilter::isLoopbackName(QByteArrayView host)
{
    if (host.endsWith('.'))
        host.chop(1); // "localhost." is the same name, fully qualified
    return equalsLower(host, "localhost") || endsWithLower(host, ".localhost")
        || isLoopbackIpv4(host) || host == "::1" || host == "0:0:0:0:0:0:0:1";
}

bool HostFilter::allows(QByteArrayView hostField) const
{
    if (!m_enabled || hostField.isNull())
        return true;
    QByteArrayView host = hostName(hostField);
    if (isLoopbackName(host))
        return true;
    if (host.endsWith('.'))
        host.chop(1); // "devbox." is the same name as "devbox", fully qualified
    for (const QByteArray &allowed : m_allowed) {
        if (equalsLower(host, allowed))
            return true;
    }
    return false;
}
