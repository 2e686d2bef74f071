#pragma once

#include <QtCore/QByteArrayView>

#include <array>
#include <atomic>

/*!
    Requests by status code and method, their durations and the part of it they waited (unread
    in the kernel, for a turn or a worker) as histograms: the counters
    behind /-/metrics, as atomics any thread may add to. The label sets are bounded: methods
    outside the known list count as "other", status codes outside the ones this server sends
    as "other" too, so a hostile client cannot grow them.
*/
class RequestMetrics
{
public:
    static constexpr std::array<const char *, 10> methods
        = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "other"};
    static constexpr std::array<int, 15> codes
        = {200, 400, 403, 404, 405, 408, 413, 414, 417, 431, 500, 501, 503, 505, 0}; // 0: other
    /*! Upper bounds of both histograms' buckets in seconds, 1 ms to 60 s (+Inf is implied). */
    static constexpr std::array<double, 15> bucketBounds
        = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    struct Snapshot
    {
        std::array<std::array<qint64, codes.size()>, methods.size()> requests {};
        std::array<qint64, bucketBounds.size() + 1> buckets {}; //!< not cumulative; last: +Inf
        qint64 durationSumUs = 0;
        qint64 count = 0;
        std::array<qint64, bucketBounds.size() + 1> waitBuckets {}; //!< as buckets, of the waits
        qint64 waitSumUs = 0;
    };

    /*!
        A response with \a status went out for a request with \a method \a durationUs after
        it arrived, of which it waited \a waitUs.
    */
    void record(QByteArrayView method, int status, qint64 durationUs, qint64 waitUs);
    Snapshot snapshot() const;

    static std::size_t methodIndex(QByteArrayView method);
    static std::size_t codeIndex(int status);
    static std::size_t bucketIndex(qint64 us);

private:
    std::array<std::array<std::atomic<qint64>, codes.size()>, methods.size()> m_requests {};
    std::array<std::atomic<qint64>, bucketBounds.size() + 1> m_buckets {};
    std::atomic<qint64> m_durationSumUs {0};
    std::array<std::atomic<qint64>, bucketBounds.size() + 1> m_waitBuckets {};
    std::atomic<qint64> m_waitSumUs {0};
};
