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

void RequestMetrics::record(QByteArrayView method, int status, qint64 durationUs)
{
    m_requests[methodIndex(method)][codeIndex(status)].fetch_add(1, std::memory_order_relaxed);
    const double seconds = double(durationUs) / 1e6;
    const auto bucket = std::size_t(
        std::lower_bound(bucketBounds.begin(), bucketBounds.end(), seconds) - bucketBounds.begin());
    m_buckets[bucket].fetch_add(1, std::memory_order_relaxed);
    m_durationSumUs.fetch_add(durationUs, std::memory_order_relaxed);
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
    return s;
}
