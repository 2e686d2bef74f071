#include "rateseries.h"

#include <algorithm>
#include <cmath>

qint64 RateSeries::secondOf(qint64 ms)
{
    // Floor division: a time before the epoch still lands in the right second.
    return ms >= 0 ? ms / 1000 : -((-ms + 999) / 1000);
}

namespace {
// Nearest-rank percentile of sorted samples.
qint64 percentile(const std::vector<qint64> &sorted, double p)
{
    if (sorted.empty())
        return 0;
    const auto rank = qsizetype(std::ceil(p * double(sorted.size())));
    return sorted[size_t(std::clamp<qsizetype>(rank - 1, 0, qsizetype(sorted.size()) - 1))];
}
} // namespace

RateSeries::RateSeries()
{
    m_buckets.resize(size_t(m_windowSeconds + 2));
}

void RateSeries::setWindowSeconds(int seconds)
{
    seconds = std::max(1, seconds);
    if (seconds == m_windowSeconds)
        return;
    m_windowSeconds = seconds;
    m_buckets.clear();
    m_buckets.resize(size_t(m_windowSeconds + 2));
    m_latestSecond = -1;
}

void RateSeries::setSampleCap(int samples)
{
    m_sampleCap = std::max(1, samples);
}

void RateSeries::clear()
{
    for (Bucket &bucket : m_buckets)
        bucket = Bucket();
    m_latestSecond = -1;
    m_totalCount = 0;
}

quint32 RateSeries::nextRandom()
{
    // xorshift32: plenty for choosing which samples a full bucket keeps.
    m_random ^= m_random << 13;
    m_random ^= m_random >> 17;
    m_random ^= m_random << 5;
    return m_random;
}

RateSeries::Bucket *RateSeries::claim(qint64 second)
{
    const auto size = qint64(m_buckets.size());
    if (m_latestSecond >= 0 && second <= m_latestSecond - size)
        return nullptr;
    m_latestSecond = std::max(m_latestSecond, second);
    Bucket &bucket = m_buckets[size_t(((second % size) + size) % size)];
    if (bucket.second != second) {
        bucket.second = second;
        bucket.requests = 0;
        bucket.samples.clear();
        bucket.loopLagUs = -1;
    }
    return &bucket;
}

void RateSeries::noteLoopLag(qint64 timeMs, qint64 lagUs)
{
    if (Bucket *bucket = claim(secondOf(timeMs)))
        bucket->loopLagUs = std::max(bucket->loopLagUs, std::max<qint64>(0, lagUs));
}

void RateSeries::appendEvents(const ServerEventBatch &events)
{
    for (const ServerEvent &event : events) {
        if (event.type != ServerEvent::Type::RequestFinished)
            continue;
        ++m_totalCount;
        Bucket *claimed = claim(secondOf(event.timeMs));
        if (!claimed)
            continue; // older than anything we keep
        Bucket &bucket = *claimed;
        ++bucket.requests;
        // Reservoir sampling: every request of the second has the same chance to be kept.
        if (bucket.samples.size() < size_t(m_sampleCap)) {
            bucket.samples.push_back(event.durationUs);
        } else {
            const quint32 slot = nextRandom() % quint32(bucket.requests);
            if (slot < quint32(m_sampleCap))
                bucket.samples[slot] = event.durationUs;
        }
        bucket.dirty = true;
    }
}

RateSeries::Point RateSeries::pointFor(qint64 second) const
{
    Point point;
    point.timeMs = second * 1000;
    const auto size = qint64(m_buckets.size());
    const Bucket &bucket = m_buckets[size_t(((second % size) + size) % size)];
    if (bucket.second != second)
        return point;
    point.loopLagUs = bucket.loopLagUs;
    if (bucket.requests == 0)
        return point;
    if (bucket.dirty) {
        std::vector<qint64> sorted = bucket.samples;
        std::sort(sorted.begin(), sorted.end());
        bucket.p50Us = percentile(sorted, 0.50);
        bucket.p99Us = percentile(sorted, 0.99);
        bucket.dirty = false;
    }
    point.requests = bucket.requests;
    point.p50Us = bucket.p50Us;
    point.p99Us = bucket.p99Us;
    return point;
}

QList<RateSeries::Point> RateSeries::points(qint64 nowMs) const
{
    const qint64 last = secondOf(nowMs) - 1;
    QList<Point> result;
    result.reserve(m_windowSeconds);
    for (qint64 second = last - m_windowSeconds + 1; second <= last; ++second)
        result.append(pointFor(second));
    return result;
}

RateSeries::Point RateSeries::lastSecond(qint64 nowMs) const
{
    return pointFor(secondOf(nowMs) - 1);
}

qint64 RateSeries::completedCount(qint64 nowMs) const
{
    const qint64 current = secondOf(nowMs);
    qint64 count = m_totalCount;
    for (const Bucket &bucket : m_buckets) {
        if (bucket.second >= current)
            count -= bucket.requests;
    }
    return count;
}
