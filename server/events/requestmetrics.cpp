#include "requestmetrics.h"

#include <algorithm>

std::size_t RequestMetrics::methodIndex(QByteArrayView method)
{
    for (std::size_t i = 0; i + 1 < methods.size(); ++i) {
        if (method == QByteArrayView(methods[i]))
            return i;
    }
    return methods.size() - 1;
}

std::size_t RequestMetrics::codeIndex(int status)
{
    const auto it = std::find(codes.begin(), codes.end() - 1, status);
    return std::size_t(it - codes.begin()); // the last entry, "other", when not found
}

std::size_t RequestMetrics::bucketIndex(qint64 us)
{
    const double seconds = double(us) / 1e6;
    return std::size_t(std::lower_bound(bucketBounds.begin(), bucketBounds.end(), seconds)
                       - bucketBounds.begin());
}

void RequestMetrics::record(QByteArrayView method, int status, qint64 durationUs, qint64 waitUs)
{
    m_requests[methodIndex(method)][codeIndex(status)].fetch_add(1, std::memory_order_relaxed);
    m_buckets[bucketIndex(durationUs)].fetch_add(1, std::memory_order_relaxed);
    m_durationSumUs.fetch_add(durationUs, std::memory_order_relaxed);
    m_waitBuckets[bucketIndex(waitUs)].fetch_add(1, std::memory_order_relaxed);
    m_waitSumUs.fetch_add(waitUs, std::memory_order_relaxed);
}

RequestMetrics::Snapshot RequestMetrics::snapshot() const
{
    Snapshot s;
    for (std::size_t m = 0; m < methods.size(); ++m) {
        for (std::size_t c = 0; c < codes.size(); ++c)
            s.requests[m][c] = m_requests[m][c].load(std::memory_order_relaxed);
    }
    for (std::size_t b = 0; b < m_buckets.size(); ++b) {
        s.buckets[b] = m_buckets[b].load(std::memory_order_relaxed);
        s.count += s.buckets[b];
    }
    s.durationSumUs = m_durationSumUs.load(std::memory_order_relaxed);
    for (std::size_t b = 0; b < m_waitBuckets.size(); ++b)
        s.waitBuckets[b] = m_waitBuckets[b].load(std::memory_order_relaxed);
    s.waitSumUs = m_waitSumUs.load(std::memory_order_relaxed);
    return s;
}
