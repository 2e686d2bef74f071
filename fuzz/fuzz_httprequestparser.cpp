// libFuzzer harness for HttpRequestParser: every input is parsed as one byte stream three
// ways, whole, in pieces cut at points derived from the input, and one byte at a time, and
// the three must agree on every request, the final error status and the bytes consumed. The
// parser promises that how the bytes arrive never changes what it makes of them; a
// disagreement is a bug even when nothing crashes, so it traps.

#include "httprequestparser.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>

#include <cstdint>
#include <cstdio>

namespace {

/*! What a parse of the whole stream produced, however it was delivered. */
struct Transcript
{
    QList<HttpRequest> requests;
    int errorStatus = 0; //!< 0 when the stream ended without an error
    qsizetype consumed = 0; //!< -1 after an error
    bool inProgress = false; //!< a request was started and not finished at the end
    bool expectsContinue = false;
};

bool sameRequest(const HttpRequest &a, const HttpRequest &b)
{
    return a.method == b.method && a.target == b.target && a.path == b.path && a.query == b.query
        && a.versionMajor == b.versionMajor && a.versionMinor == b.versionMinor
        && a.keepAlive == b.keepAlive && a.contentLength == b.contentLength
        && a.chunked == b.chunked && a.headers == b.headers;
}

bool operator==(const Transcript &a, const Transcript &b)
{
    if (a.requests.size() != b.requests.size())
        return false;
    for (qsizetype i = 0; i < a.requests.size(); ++i) {
        if (!sameRequest(a.requests[i], b.requests[i]))
            return false;
    }
    return a.errorStatus == b.errorStatus && a.consumed == b.consumed
        && a.inProgress == b.inProgress && a.expectsContinue == b.expectsContinue;
}

void check(bool condition, const char *what)
{
    if (!condition) {
        std::fprintf(stderr, "fuzz_httprequestparser: %s\n", what);
        __builtin_trap();
    }
}

/*!
    Delivers \a stream to a fresh parser in pieces ending at \a cuts (ascending, the last is
    the stream's size), as HttpConnection does: the unconsumed bytes stay in a buffer and are
    passed again with what arrived.
*/
Transcript parseInPieces(const HttpRequestParser::Limits &limits, QByteArrayView stream,
                         const QList<qsizetype> &cuts)
{
    HttpRequestParser parser(limits);
    Transcript transcript;
    QByteArray buffer;
    qsizetype from = 0;
    for (const qsizetype cut : cuts) {
        buffer.append(stream.sliced(from, cut - from));
        from = cut;
        for (;;) {
            const HttpRequestParser::Result result = parser.parse(buffer);
            check(result.consumed >= 0 && result.consumed <= buffer.size(),
                  "consumed outside the buffer");
            buffer.remove(0, result.consumed);
            transcript.consumed += result.consumed;
            if (result.status == HttpRequestParser::Status::Complete) {
                check(result.consumed > 0, "a complete request consumed nothing");
                transcript.requests.append(parser.takeRequest());
                continue;
            }
            if (result.status == HttpRequestParser::Status::Error) {
                check(result.errorStatus >= 400 && result.errorStatus < 600,
                      "an error without an error status");
                // The error state sticks until reset(): the connection closes.
                const HttpRequestParser::Result again = parser.parse(buffer);
                check(again.status == HttpRequestParser::Status::Error
                          && again.errorStatus == result.errorStatus && again.consumed == 0,
                      "the parser left its error state");
                transcript.errorStatus = result.errorStatus;
                // How much of a failed request was consumed before the error depends on the
                // pieces (a body is consumed as it comes) and matters to nobody: it closes.
                transcript.consumed = -1;
                return transcript;
            }
            break; // NeedMore
        }
    }
    transcript.inProgress = parser.isInProgress();
    transcript.expectsContinue = parser.expectsContinue();
    return transcript;
}

/*! Cut points from a small generator seeded by the input itself: reproducible from the file. */
QList<qsizetype> randomCuts(QByteArrayView stream, quint64 seed, qsizetype maxPiece)
{
    for (const char c : stream)
        seed = (seed ^ uchar(c)) * 0x100000001b3ULL; // FNV-1a
    QList<qsizetype> cuts;
    qsizetype at = 0;
    while (at < stream.size()) {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        at = std::min(stream.size(), at + 1 + qsizetype(seed % quint64(maxPiece)));
        cuts.append(at);
    }
    return cuts;
}

void compareDeliveries(const HttpRequestParser::Limits &limits, QByteArrayView stream)
{
    const Transcript whole = parseInPieces(limits, stream, {stream.size()});
    check(whole.consumed <= stream.size(), "consumed more than the stream");
    check(whole == parseInPieces(limits, stream, randomCuts(stream, 0xcbf29ce484222325ULL, 16)),
          "small random pieces disagree with the whole stream");
    check(whole == parseInPieces(limits, stream, randomCuts(stream, 0x9e3779b97f4a7c15ULL, 512)),
          "large random pieces disagree with the whole stream");
    QList<qsizetype> bytes;
    for (qsizetype i = 1; i <= stream.size(); ++i)
        bytes.append(i);
    check(whole == parseInPieces(limits, stream, bytes),
          "byte-at-a-time disagrees with the whole stream");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView stream(reinterpret_cast<const char *>(data), qsizetype(size));
    compareDeliveries(HttpRequestParser::Limits(), stream);
    // Limits small enough that short inputs reach every refusal (414, 431, 413) too.
    HttpRequestParser::Limits tight;
    tight.maxRequestLine = 64;
    tight.maxHeaderLine = 48;
    tight.maxHeaderBytes = 160;
    tight.maxHeaderCount = 6;
    tight.maxBodyBytes = 100;
    compareDeliveries(tight, stream);
    return 0;
}
