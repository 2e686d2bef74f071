// One state machine over RFC 9112's request grammar, with the character tables and field
// helpers it runs per byte kept beside it so the hot loops inline them: splitting it would
// scatter one set of rules over several files. Hence longer than the usual ~450 lines.

#include "httprequestparser.h"

#include "hostfilter.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace {

// RFC 9112 §2.2: a server SHOULD ignore at least one empty line before the request line.
constexpr int maxLeadingEmptyLines = 4;
// A chunk-size line (size and extensions) longer than this is refused: real ones are short.
constexpr qsizetype maxChunkSizeLine = 1024;

enum CharClass : quint8 {
    Token = 1, // RFC 9110 tchar
    FieldValue = 2, // VCHAR, obs-text, SP, HTAB
    Target = 4, // anything but CTL and SP (obs-text is tolerated, as nginx does)
};

constexpr std::array<quint8, 256> makeCharClasses()
{
    std::array<quint8, 256> table {};
    for (int c = 0; c < 256; ++c) {
        quint8 bits = 0;
        const bool alnum
            = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool tokenPunct = c == '!' || c == '#' || c == '$' || c == '%' || c == '&'
            || c == '\'' || c == '*' || c == '+' || c == '-' || c == '.' || c == '^' || c == '_'
            || c == '`' || c == '|' || c == '~';
        if (alnum || tokenPunct)
            bits |= Token;
        if ((c >= 0x21 && c != 0x7f) || c == ' ' || c == '\t')
            bits |= FieldValue;
        if (c > 0x20 && c != 0x7f)
            bits |= Target;
        table[std::size_t(c)] = bits;
    }
    return table;
}

constexpr std::array<quint8, 256> charClasses = makeCharClasses();

inline bool allOf(QByteArrayView bytes, quint8 charClass)
{
    const auto *p = reinterpret_cast<const uchar *>(bytes.data());
    const auto *end = p + bytes.size();
    for (; p != end; ++p) {
        if (!(charClasses[*p] & charClass))
            return false;
    }
    return true;
}

inline bool isToken(QByteArrayView bytes)
{
    return !bytes.isEmpty() && allOf(bytes, Token);
}

// allOf(bytes, FieldValue), eight bytes at a time: only a word that holds a byte below 0x20
// or a DEL (a CTL, or a HTAB) is looked at byte by byte. Values are most of a request head.
bool isFieldValue(QByteArrayView bytes)
{
    constexpr quint64 ones = 0x0101010101010101ULL;
    constexpr quint64 highBits = 0x8080808080808080ULL;
    const char *p = bytes.data();
    const char *const end = p + bytes.size();
    for (; end - p >= 8; p += 8) {
        quint64 word;
        std::memcpy(&word, p, sizeof word);
        const quint64 del = word ^ (0x7f * ones);
        // The classic "has a byte less than n" test (exact for n <= 0x80), for 0x20 and for 1.
        if (((word - 0x20 * ones) & ~word & highBits) | ((del - ones) & ~del & highBits)) {
            if (!allOf(QByteArrayView(p, 8), FieldValue))
                return false;
        }
    }
    return allOf(QByteArrayView(p, end - p), FieldValue);
}

inline bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmedOws(QByteArrayView bytes)
{
    qsizetype begin = 0;
    qsizetype end = bytes.size();
    while (begin < end && isOws(bytes[begin]))
        ++begin;
    while (end > begin && isOws(bytes[end - 1]))
        --end;
    return bytes.sliced(begin, end - begin);
}

inline int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// ASCII case-insensitive comparison with a lower-case literal; inline, unlike qstrnicmp.
inline bool equalsLower(QByteArrayView bytes, QByteArrayView lower)
{
    if (bytes.size() != lower.size())
        return false;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        const char c = bytes[i];
        if ((c >= 'A' && c <= 'Z' ? char(c | 0x20) : c) != lower[i])
            return false;
    }
    return true;
}

// Static literals: copies share them without an allocation or even a reference count.
const QByteArray internGet = QByteArrayLiteral("GET");
const QByteArray internHead = QByteArrayLiteral("HEAD");
const QByteArray internPost = QByteArrayLiteral("POST");
const QByteArray internSlash = QByteArrayLiteral("/");
const QByteArray internAnyType = QByteArrayLiteral("*/*");
const QByteArray internHost = QByteArrayLiteral("Host");
const QByteArray internClose = QByteArrayLiteral("close");
const QByteArray internAccept = QByteArrayLiteral("Accept");
const QByteArray internUserAgent = QByteArrayLiteral("User-Agent");
const QByteArray internConnection = QByteArrayLiteral("Connection");
const QByteArray internKeepAlive = QByteArrayLiteral("keep-alive");
const QByteArray internContentType = QByteArrayLiteral("Content-Type");
const QByteArray internContentLength = QByteArrayLiteral("Content-Length");
const QByteArray internAcceptEncoding = QByteArrayLiteral("Accept-Encoding");
const QByteArray internAcceptLanguage = QByteArrayLiteral("Accept-Language");

// Copies bytes into a QByteArray, except for values so common in a request head that sharing
// one static copy saves an allocation per request.
QByteArray internedCopy(QByteArrayView bytes)
{
    auto is = [bytes](const QByteArray &candidate) {
        return std::memcmp(candidate.constData(), bytes.data(), std::size_t(bytes.size())) == 0;
    };
    const QByteArray *match = nullptr;
    switch (bytes.size()) {
    case 1:
        match = bytes.front() == '/' ? &internSlash : nullptr;
        break;
    case 3:
        match = is(internGet) ? &internGet : is(internAnyType) ? &internAnyType : nullptr;
        break;
    case 4:
        match = is(internHost) ? &internHost
            : is(internHead)   ? &internHead
            : is(internPost)   ? &internPost
                               : nullptr;
        break;
    case 5:
        match = is(internClose) ? &internClose : nullptr;
        break;
    case 6:
        match = is(internAccept) ? &internAccept : nullptr;
        break;
    case 10:
        match = is(internUserAgent) ? &internUserAgent
            : is(internConnection)  ? &internConnection
            : is(internKeepAlive)   ? &internKeepAlive
                                    : nullptr;
        break;
    case 12:
        match = is(internContentType) ? &internContentType : nullptr;
        break;
    case 14:
        match = is(internContentLength) ? &internContentLength : nullptr;
        break;
    case 15:
        match = is(internAcceptEncoding) ? &internAcceptEncoding
            : is(internAcceptLanguage)   ? &internAcceptLanguage
                                         : nullptr;
        break;
    default:
        break;
    }
    if (match)
        return *match;
    // Not QByteArray(view): for an empty view this keeps "present but empty" distinct from null.
    return QByteArray(bytes.data(), bytes.size());
}

/*
    Splits field-name ":" OWS field-value OWS, checking both. A line starting with whitespace
    (obs-fold, RFC 9112 §5.2) has an empty name, and whitespace before the colon ends the name
    early: both are refused.
*/
bool splitField(QByteArrayView line, QByteArrayView &name, QByteArrayView &value)
{
    qsizetype nameSize = 0;
    while (nameSize < line.size() && (charClasses[uchar(line[nameSize])] & Token))
        ++nameSize;
    if (nameSize == 0 || nameSize == line.size() || line[nameSize] != ':')
        return false;
    name = line.first(nameSize);
    value = trimmedOws(line.sliced(nameSize + 1));
    return isFieldValue(value);
}

// Percent-decodes a path. Returns false on an invalid escape or a decoded NUL.
bool percentDecode(QByteArrayView raw, QByteArray &out)
{
    const char *percent
        = static_cast<const char *>(std::memchr(raw.data(), '%', std::size_t(raw.size())));
    if (!percent) {
        out = internedCopy(raw);
        return true;
    }
    out = QByteArray(raw.size(), Qt::Uninitialized);
    char *dst = out.data();
    const qsizetype plain = percent - raw.data();
    std::memcpy(dst, raw.data(), std::size_t(plain));
    qsizetype written = plain;
    for (qsizetype i = plain; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c != '%') {
            dst[written++] = c;
            continue;
        }
        if (i + 2 >= raw.size()) // a '%' needs two hex digits after it
            return false;
        const int high = hexValue(raw[i + 1]);
        const int low = hexValue(raw[i + 2]);
        if (high < 0 || low < 0)
            return false;
        const char decoded = char(high * 16 + low);
        if (decoded == '\0')
            return false;
        dst[written++] = decoded;
        i += 2;
    }
    out.truncate(written);
    return true;
}

enum class LineState { Complete, Partial, TooLong };

struct Line
{
    LineState state;
    qsizetype contentEnd = 0; //!< end of the line without CR LF (Complete)
    qsizetype next = 0; //!< start of the next line (Complete)
};

/*
    Finds the end of the line that starts at \a start; \a scanned bytes of it were already
    searched by an earlier call and are not searched again. Accepts CR LF or a bare LF. The
    search never looks further than a line of \a maxContent bytes could reach, and reports
    TooLong as soon as the bytes present prove the line will exceed it.
*/
Line findLine(QByteArrayView data, qsizetype start, qsizetype &scanned, qsizetype maxContent)
{
    const qsizetype window = std::min(data.size(), start + maxContent + 2); // content, CR, LF
    const qsizetype from = start + scanned;
    if (from < window) {
        const void *hit = std::memchr(data.data() + from, '\n', std::size_t(window - from));
        if (hit) {
            const qsizetype lf = static_cast<const char *>(hit) - data.data();
            const qsizetype end = (lf > start && data[lf - 1] == '\r') ? lf - 1 : lf;
            scanned = 0;
            if (end - start > maxContent)
                return {LineState::TooLong};
            return {LineState::Complete, end, lf + 1};
        }
        scanned = window - start;
    }
    // No line end yet. A trailing CR may still turn out to be the line end's first half.
    const qsizetype present = data.size() - start;
    const qsizetype atLeast = present - (present > 0 && data.back() == '\r' ? 1 : 0);
    return {atLeast > maxContent ? LineState::TooLong : LineState::Partial};
}

// Strict CR LF line end for chunked framing: a bare LF there is a request-smuggling vector.
inline bool endsWithCrLf(qsizetype contentEnd, qsizetype next)
{
    return next - contentEnd == 2;
}

} // namespace

HttpRequestParser::HttpRequestParser(const Limits &limits)
    : m_limits(limits)
{ }

HttpRequestParser::Result HttpRequestParser::parse(QByteArrayView data)
{
    m_footprintKnown = false;
    if (m_state.phase == Phase::Failed)
        return {Status::Error, 0, m_errorStatus};
    if (m_state.phase == Phase::RequestLine || m_state.phase == Phase::Headers) {
        if (data.size() < m_state.lineStart + m_state.lineScanned) {
            // The caller dropped bytes it was not told to: start this request over.
            startRequest();
        }
        const Result head = parseHead(data);
        if (head.status != Status::Complete)
            return head;
        return parseBody(data, head.consumed);
    }
    if (data.size() < m_state.lineScanned)
        m_state.lineScanned = 0;
    return parseBody(data, 0);
}

HttpRequest HttpRequestParser::takeRequest()
{
    HttpRequest taken = std::move(m_request);
    m_request = HttpRequest();
    m_footprintKnown = false;
    return taken;
}

qsizetype HttpRequestParser::footprint() const
{
    if (!m_footprintKnown) {
        m_footprint = m_current.footprint() + m_request.footprint();
        m_footprintKnown = true;
    }
    return m_footprint;
}

bool HttpRequestParser::isInProgress() const
{
    switch (m_state.phase) {
    case Phase::RequestLine:
        return m_state.started;
    case Phase::Failed:
        return false;
    default:
        return true;
    }
}

bool HttpRequestParser::expectsContinue() const
{
    // Still in the body: Complete (and the next startRequest()) clears it.
    return m_state.continueWanted && m_state.phase != Phase::RequestLine
        && m_state.phase != Phase::Headers && m_state.phase != Phase::Failed;
}

void HttpRequestParser::reset()
{
    startRequest();
    m_errorStatus = 0;
    m_current = HttpRequest();
    m_request = HttpRequest();
    m_footprintKnown = false;
}

void HttpRequestParser::startRequest()
{
    m_state = {};
}

HttpRequestParser::Result HttpRequestParser::fail(int status)
{
    m_state.phase = Phase::Failed;
    m_errorStatus = status;
    return {Status::Error, 0, status};
}

HttpRequestParser::Result HttpRequestParser::complete(qsizetype consumed)
{
    // Qt's move assignment swaps, so m_current may get the previous request's storage back:
    // reset what the next head does not overwrite (a cleared list keeps its capacity).
    m_request = std::move(m_current);
    m_current.query.clear();
    m_current.headers.clear();
    m_current.contentLength = 0;
    m_current.chunked = false;
    startRequest();
    return {Status::Complete, consumed, 0};
}

/*
    Parses head lines from m_state.lineStart on. Nothing is consumed until the blank line that ends
    the head: then the result is Complete with consumed = the head's size (the caller of
    parseHead continues with the body).
*/
HttpRequestParser::Result HttpRequestParser::parseHead(QByteArrayView data)
{
    for (;;) {
        const bool requestLine = m_state.phase == Phase::RequestLine;
        const qsizetype maxContent = requestLine
            ? m_limits.maxRequestLine
            : std::min<qsizetype>(m_limits.maxHeaderLine,
                                  m_limits.maxHeaderBytes - m_state.headerBytes);
        const Line line = findLine(data, m_state.lineStart, m_state.lineScanned, maxContent);
        if (line.state == LineState::TooLong)
            return fail(requestLine ? 414 : 431);
        if (line.state == LineState::Partial) {
            // A lone CR may yet be an empty line; anything else starts the request.
            if (requestLine && !m_state.started) {
                const qsizetype present = data.size() - m_state.lineStart;
                m_state.started = present > 1 || (present == 1 && data.back() != '\r');
            }
            return {Status::NeedMore, 0, 0};
        }

        const QByteArrayView content
            = data.sliced(m_state.lineStart, line.contentEnd - m_state.lineStart);
        m_state.lineStart = line.next;
        if (requestLine) {
            if (content.isEmpty()) {
                if (++m_state.emptyLines > maxLeadingEmptyLines)
                    return fail(400);
                continue;
            }
            m_state.started = true;
            if (const int error = parseRequestLine(content))
                return fail(error);
            m_state.phase = Phase::Headers;
            continue;
        }

        if (content.isEmpty()) {
            const qsizetype headSize = m_state.lineStart;
            if (const int error = finishHead())
                return fail(error);
            return {Status::Complete, headSize, 0};
        }
        if (++m_state.headerCount > m_limits.maxHeaderCount)
            return fail(431);
        m_state.headerBytes += content.size();
        if (const int error = parseHeaderLine(content))
            return fail(error);
    }
}

int HttpRequestParser::parseRequestLine(QByteArrayView line)
{
    const char *begin = line.data();
    const qsizetype size = line.size();
    const char *space1 = static_cast<const char *>(std::memchr(begin, ' ', std::size_t(size)));
    if (!space1)
        return 400;
    const qsizetype methodEnd = space1 - begin;
    const char *space2 = static_cast<const char *>(
        std::memchr(space1 + 1, ' ', std::size_t(size - methodEnd - 1)));
    if (!space2)
        return 400;
    const qsizetype targetEnd = space2 - begin;
    const QByteArrayView method = line.first(methodEnd);
    const QByteArrayView target = line.sliced(methodEnd + 1, targetEnd - methodEnd - 1);
    const QByteArrayView version = line.sliced(targetEnd + 1);

    // HTTP-version = "HTTP/" DIGIT "." DIGIT, case-sensitive.
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' || version[5] < '0'
        || version[5] > '9' || version[7] < '0' || version[7] > '9')
        return 400;
    if (!isToken(method))
        return 400;
    if (const int error = parseTarget(target))
        return error;
    const int major = version[5] - '0';
    const int minor = version[7] - '0';
    if (major != 1 || minor > 1)
        return 505;

    m_current.method = internedCopy(method);
    m_current.versionMajor = major;
    m_current.versionMinor = minor;
    m_current.headers.clear();
    m_current.headers.reserve(16);
    return 0;
}

int HttpRequestParser::parseTarget(QByteArrayView target)
{
    if (target.isEmpty() || !allOf(target, Target))
        return 400;

    QByteArrayView pathAndQuery;
    if (target.front() == '/') {
        pathAndQuery = target; // origin-form
    } else if (target.size() == 1 && target.front() == '*') {
        m_current.target = internedCopy(target); // asterisk-form
        m_current.path = m_current.target;
        m_current.query = QByteArray();
        return 0;
    } else {
        // absolute-form: only http(s), with a non-empty authority and no userinfo.
        qsizetype schemeEnd = 0;
        if (target.size() >= 7 && equalsLower(target.first(7), "http://"))
            schemeEnd = 7;
        else if (target.size() >= 8 && equalsLower(target.first(8), "https://"))
            schemeEnd = 8;
        else
            return 400;
        qsizetype authorityEnd = schemeEnd;
        while (authorityEnd < target.size() && target[authorityEnd] != '/'
               && target[authorityEnd] != '?')
            ++authorityEnd;
        const QByteArrayView authority = target.sliced(schemeEnd, authorityEnd - schemeEnd);
        if (authority.isEmpty() || authority.contains('@'))
            return 400;
        pathAndQuery = target.sliced(authorityEnd);
    }

    const char *question = static_cast<const char *>(
        std::memchr(pathAndQuery.data(), '?', std::size_t(pathAndQuery.size())));
    const qsizetype pathSize = question ? question - pathAndQuery.data() : pathAndQuery.size();
    const QByteArrayView rawPath = pathAndQuery.first(pathSize);
    if (rawPath.isEmpty()) {
        m_current.path = internSlash;
    } else if (!percentDecode(rawPath, m_current.path)) {
        return 400;
    }
    m_current.query = question ? internedCopy(pathAndQuery.sliced(pathSize + 1)) : QByteArray();
    m_current.target = internedCopy(target);
    return 0;
}

int HttpRequestParser::parseHeaderLine(QByteArrayView line)
{
    QByteArrayView name;
    QByteArrayView value;
    if (!splitField(line, name, value))
        return 400;

    switch (name.size()) {
    case 4:
        if (equalsLower(name, "host")) {
            if (!HostFilter::isWellFormed(value))
                return 400; // RFC 9112 §3.2: an invalid Host gets 400
            ++m_state.hostCount;
        }
        break;
    case 6:
        if (equalsLower(name, "expect")) {
            if (equalsLower(value, "100-continue"))
                m_state.expectContinue = true;
            else
                m_state.expectOther = true;
        }
        break;
    case 10:
        if (equalsLower(name, "connection"))
            parseConnection(value);
        break;
    case 14:
        if (equalsLower(name, "content-length")) {
            // Duplicates are refused even when equal: a lenient proxy in front may disagree.
            if (m_state.hasContentLength || value.isEmpty())
                return 400;
            m_state.hasContentLength = true;
            qint64 length = 0;
            for (const char c : value) {
                if (c < '0' || c > '9')
                    return 400;
                if (length <= m_limits.maxBodyBytes) // stops growing past the limit: no overflow
                    length = length * 10 + (c - '0');
            }
            m_state.contentLength = std::min(length, m_limits.maxBodyBytes + 1);
        }
        break;
    case 17:
        if (equalsLower(name, "transfer-encoding")) {
            m_state.hasTransferEncoding = true;
            if (const int error = parseTransferEncoding(value))
                return error;
        }
        break;
    default:
        break;
    }

    m_current.headers.append(qMakePair(internedCopy(name), internedCopy(value)));
    return 0;
}

// Several Transfer-Encoding lines form one list, so the codings are tallied across calls.
int HttpRequestParser::parseTransferEncoding(QByteArrayView value)
{
    qsizetype pos = 0;
    while (pos <= value.size()) {
        const char *comma = static_cast<const char *>(
            std::memchr(value.data() + pos, ',', std::size_t(value.size() - pos)));
        const qsizetype end = comma ? comma - value.data() : value.size();
        const QByteArrayView element = trimmedOws(value.sliced(pos, end - pos));
        pos = end + 1;
        if (element.isEmpty())
            continue; // RFC 9110 §5.6.1: empty list elements are ignored
        const qsizetype semicolon = element.indexOf(';');
        const QByteArrayView coding
            = trimmedOws(semicolon < 0 ? element : element.first(semicolon));
        if (!isToken(coding))
            return 400;
        ++m_state.teCodings;
        // "chunked" takes no parameters; with some it is an unknown coding.
        m_state.teLastIsChunked = semicolon < 0 && equalsLower(coding, "chunked");
        if (m_state.teLastIsChunked)
            ++m_state.teChunked;
        else
            m_state.teOtherCoding = true;
    }
    return 0;
}

void HttpRequestParser::parseConnection(QByteArrayView value)
{
    qsizetype pos = 0;
    while (pos < value.size()) {
        const char *comma = static_cast<const char *>(
            std::memchr(value.data() + pos, ',', std::size_t(value.size() - pos)));
        const qsizetype end = comma ? comma - value.data() : value.size();
        const QByteArrayView option = trimmedOws(value.sliced(pos, end - pos));
        pos = end + 1;
        if (equalsLower(option, "close"))
            m_state.connectionClose = true;
        else if (equalsLower(option, "keep-alive"))
            m_state.connectionKeepAlive = true;
    }
}

// Checks the head as a whole and decides how the body is framed.
int HttpRequestParser::finishHead()
{
    const bool http11 = m_current.versionMinor == 1;
    if (http11 ? m_state.hostCount != 1 : m_state.hostCount > 1)
        return 400;

    // RFC 9110 §10.1.1: an expectation other than 100-continue may be refused with 417; an
    // HTTP/1.0 request's expectation is ignored.
    if (http11 && m_state.expectOther)
        return 417;

    if (m_state.hasTransferEncoding) {
        // RFC 9112 §6.1: TE in HTTP/1.0 or together with Content-Length is a smuggling attempt.
        if (!http11 || m_state.hasContentLength)
            return 400;
        if (m_state.teCodings == 0 || !m_state.teLastIsChunked || m_state.teChunked > 1)
            return 400; // the body length cannot be determined
        if (m_state.teOtherCoding)
            return 501; // e.g. "gzip, chunked": a coding this server does not implement
        m_current.chunked = true;
        m_state.phase = Phase::ChunkSize;
    } else if (m_state.hasContentLength) {
        if (m_state.contentLength > m_limits.maxBodyBytes)
            return 413;
        m_current.contentLength = m_state.contentLength;
        m_state.bodyRemaining = m_state.contentLength;
        m_state.phase = Phase::Body;
    } else {
        m_state.phase = Phase::Body; // no body: m_state.bodyRemaining is 0
    }

    m_current.keepAlive = http11 ? !m_state.connectionClose
                                 : (m_state.connectionKeepAlive && !m_state.connectionClose);
    m_state.continueWanted
        = http11 && m_state.expectContinue && (m_current.chunked || m_state.bodyRemaining > 0);
    m_state.lineStart = 0;
    m_state.lineScanned = 0;
    return 0;
}

/*
    Consumes body bytes from \a offset on and discards them. Lines (chunk sizes, trailers)
    always start at the consumed position, so m_state.lineScanned stays valid across calls.
*/
HttpRequestParser::Result HttpRequestParser::parseBody(QByteArrayView data, qsizetype offset)
{
    qsizetype pos = offset;
    for (;;) {
        switch (m_state.phase) {
        case Phase::Body:
        case Phase::ChunkData: {
            const qint64 take = std::min<qint64>(m_state.bodyRemaining, data.size() - pos);
            pos += qsizetype(take);
            m_state.bodyRemaining -= take;
            if (m_state.bodyRemaining > 0)
                return {Status::NeedMore, pos, 0};
            if (m_state.phase == Phase::Body)
                return complete(pos);
            m_state.phase = Phase::ChunkDataEnd;
            break;
        }
        case Phase::ChunkDataEnd: {
            const qsizetype present = data.size() - pos;
            if ((present >= 1 && data[pos] != '\r') || (present >= 2 && data[pos + 1] != '\n'))
                return fail(400);
            if (present < 2)
                return {Status::NeedMore, pos, 0};
            pos += 2;
            m_state.phase = Phase::ChunkSize;
            break;
        }
        case Phase::ChunkSize: {
            const Line line = findLine(data, pos, m_state.lineScanned, maxChunkSizeLine);
            if (line.state == LineState::TooLong)
                return fail(400);
            if (line.state == LineState::Partial)
                return {Status::NeedMore, pos, 0};
            if (!endsWithCrLf(line.contentEnd, line.next))
                return fail(400);
            // chunk-size [ BWS ";" chunk-ext ]: hex digits, then only extensions.
            const QByteArrayView content = data.sliced(pos, line.contentEnd - pos);
            qsizetype i = 0;
            qint64 size = 0;
            for (; i < content.size(); ++i) {
                const int digit = hexValue(content[i]);
                if (digit < 0)
                    break;
                if (size <= m_limits.maxBodyBytes) // stops growing past the limit: no overflow
                    size = size * 16 + digit;
            }
            if (i == 0)
                return fail(400);
            const QByteArrayView rest = trimmedOws(content.sliced(i));
            if (!rest.isEmpty() && (rest.front() != ';' || !allOf(rest, FieldValue)))
                return fail(400);
            if (size > m_limits.maxBodyBytes - m_state.bodyTotal)
                return fail(413);
            m_state.bodyTotal += size;
            m_state.bodyRemaining = size;
            pos = line.next;
            m_state.phase = size == 0 ? Phase::Trailers : Phase::ChunkData;
            break;
        }
        case Phase::Trailers: {
            const qsizetype maxContent = std::min<qsizetype>(
                m_limits.maxHeaderLine, m_limits.maxHeaderBytes - m_state.headerBytes);
            const Line line = findLine(data, pos, m_state.lineScanned, maxContent);
            if (line.state == LineState::TooLong)
                return fail(431);
            if (line.state == LineState::Partial)
                return {Status::NeedMore, pos, 0};
            if (!endsWithCrLf(line.contentEnd, line.next))
                return fail(400);
            const QByteArrayView content = data.sliced(pos, line.contentEnd - pos);
            pos = line.next;
            if (content.isEmpty()) {
                m_current.contentLength = m_state.bodyTotal;
                return complete(pos);
            }
            if (++m_state.headerCount > m_limits.maxHeaderCount)
                return fail(431);
            m_state.headerBytes += content.size();
            // Trailer fields are checked like header fields, then dropped.
            QByteArrayView name;
            QByteArrayView value;
            if (!splitField(content, name, value))
                return fail(400);
            break;
        }
        default:
            Q_ASSERT_X(false, "HttpRequestParser::parseBody", "not a body phase");
            return fail(400);
        }
    }
}
