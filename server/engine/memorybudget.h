#pragma once

#include <QtCore/QtGlobal>

#include <atomic>

/*!
    The global budget for what connections buffer: input read but not yet handled (the read
    buffer, the head being parsed, the request in flight) and output not yet sent, counted by
    allocated capacity. Each HttpConnection charges the difference whenever its footprint
    changes and releases all of it when it closes. The engine reads it to pause the biggest
    holders, to shed the idlest and to trim the heap. The counter is atomic: /-/status and
    /-/metrics read it from any thread.
*/
class MemoryBudget
{
public:
    explicit MemoryBudget(qint64 limitBytes);

    qint64 limitBytes() const { return m_limit; }
    qint64 bufferedBytes() const { return m_buffered.load(std::memory_order_relaxed); }
    /*! Adds \a delta bytes (negative to release). */
    void charge(qint64 delta) { m_buffered.fetch_add(delta, std::memory_order_relaxed); }

    /*! The budget is used up: the biggest holders stop reading, the idlest are shed. */
    bool isExhausted() const { return bufferedBytes() >= m_limit; }
    /*! Below this, paused connections read again and shedding stops (hysteresis). */
    qint64 resumeBytes() const { return m_resume; }
    bool allowsResume() const { return bufferedBytes() < m_resume; }

private:
    const qint64 m_limit;
    const qint64 m_resume;
    std::atomic<qint64> m_buffered {0};
};
