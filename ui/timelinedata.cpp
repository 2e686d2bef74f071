#include "timelinedata.h"

#include "monitortext.h"

#include <QtCore/QSet>

#include <algorithm>

namespace {
// An open bar older than the window by this much lost its end (a dropped event); let it go.
constexpr qint64 openBarGraceMs = 120000;
} // namespace

TimelineData::TimelineData() = default;

void TimelineData::setMaxBars(int bars)
{
    m_maxBars = std::max(1, bars);
    trim();
}

void TimelineData::setWindowMs(qint64 ms)
{
    m_windowMs = std::max<qint64>(1000, ms);
}

void TimelineData::setWorkerCount(int workers)
{
    m_workerCount = std::max(0, workers);
}

TimelineData::Bar *TimelineData::openBar(quint64 requestId)
{
    const auto it = m_open.constFind(requestId);
    if (it == m_open.cend() || it.value() < m_frontSeq)
        return nullptr;
    return &m_bars[size_t(it.value() - m_frontSeq)];
}

void TimelineData::appendEvents(const ServerEventBatch &events)
{
    for (const ServerEvent &event : events) {
        m_latestMs = std::max(m_latestMs, event.timeMs);
        switch (event.type) {
        case ServerEvent::Type::RequestStarted: {
            if (m_open.contains(event.requestId))
                break;
            Bar bar;
            bar.requestId = event.requestId;
            bar.connectionId = event.connectionId;
            bar.startMs = event.timeMs;
            bar.handleStartMs = event.timeMs;
            bar.thread = event.thread;
            bar.mode = event.mode;
            bar.method = event.method;
            bar.target = event.target;
            m_open.insert(bar.requestId, m_frontSeq + m_bars.size());
            m_openByConnection.insert(bar.connectionId, bar.requestId);
            m_bars.push_back(std::move(bar));
            break;
        }
        case ServerEvent::Type::StateChanged: {
            const auto it = m_openByConnection.constFind(event.connectionId);
            if (it == m_openByConnection.cend())
                break;
            Bar *bar = openBar(it.value());
            if (!bar)
                break;
            if (event.state == ConnectionState::Queued) {
                bar->handleStartMs = -1;
            } else if (event.state == ConnectionState::Handling) {
                if (bar->handleStartMs < 0)
                    bar->handleStartMs = event.timeMs;
                bar->thread = event.thread; // the lane of the thread that now runs it
            }
            break;
        }
        case ServerEvent::Type::RequestFinished: {
            Bar *bar = openBar(event.requestId);
            if (!bar) {
                // Its start was never seen (the monitor came late): draw it from its duration.
                Bar closed;
                closed.requestId = event.requestId;
                closed.connectionId = event.connectionId;
                closed.startMs = event.timeMs - event.durationUs / 1000;
                closed.handleStartMs = closed.startMs;
                closed.mode = event.mode;
                closed.method = event.method;
                closed.target = event.target;
                m_bars.push_back(std::move(closed));
                bar = &m_bars.back();
            }
            bar->endMs = std::max(event.timeMs, bar->startMs);
            if (bar->handleStartMs < 0)
                bar->handleStartMs = bar->endMs;
            // RequestStarted comes when a handler takes the request; its duration counts from
            // the parsed head, so the time it waited in line shows as the bar's first part.
            bar->startMs = std::min(bar->startMs, bar->endMs - event.durationUs / 1000);
            bar->status = event.status;
            bar->thread = event.thread;
            m_open.remove(event.requestId);
            if (m_openByConnection.value(event.connectionId) == event.requestId)
                m_openByConnection.remove(event.connectionId);
            break;
        }
        case ServerEvent::Type::ConnectionClosed: {
            // A request cut short (the client went away) ends with its connection.
            const auto it = m_openByConnection.constFind(event.connectionId);
            if (it == m_openByConnection.cend())
                break;
            if (Bar *bar = openBar(it.value())) {
                bar->endMs = std::max(event.timeMs, bar->startMs);
                if (bar->handleStartMs < 0)
                    bar->handleStartMs = bar->endMs;
                m_open.remove(bar->requestId);
            }
            m_openByConnection.erase(it);
            break;
        }
        case ServerEvent::Type::ConnectionOpened:
        case ServerEvent::Type::SleepStarted:
        case ServerEvent::Type::SleepFinished:
        case ServerEvent::Type::SleepCancelled:
            break;
        }
    }
    trim();
}

void TimelineData::trim()
{
    while (m_bars.size() > size_t(m_maxBars)) {
        const Bar &front = m_bars.front();
        if (front.isOpen()) {
            m_open.remove(front.requestId);
            if (m_openByConnection.value(front.connectionId) == front.requestId)
                m_openByConnection.remove(front.connectionId);
        }
        m_bars.pop_front();
        ++m_frontSeq;
    }
}

void TimelineData::prune(qint64 nowMs)
{
    const qint64 horizon = nowMs - m_windowMs;
    const auto expired = [&](const Bar &bar) {
        return bar.isOpen() ? bar.startMs < horizon - openBarGraceMs : bar.endMs < horizon;
    };
    const auto forget = [&](const Bar &bar) {
        if (!bar.isOpen())
            return;
        m_open.remove(bar.requestId);
        if (m_openByConnection.value(bar.connectionId) == bar.requestId)
            m_openByConnection.remove(bar.connectionId);
    };
    // Bars mostly expire in start order, from the front.
    while (!m_bars.empty() && expired(m_bars.front())) {
        forget(m_bars.front());
        m_bars.pop_front();
        ++m_frontSeq;
    }
    // A long request at the front must not keep short ones behind it alive.
    if (std::none_of(m_bars.cbegin(), m_bars.cend(), expired))
        return;
    for (const Bar &bar : m_bars) {
        if (expired(bar))
            forget(bar);
    }
    m_bars.erase(std::remove_if(m_bars.begin(), m_bars.end(), expired), m_bars.end());
    for (size_t i = 0; i < m_bars.size(); ++i) {
        if (m_bars[i].isOpen())
            m_open.insert(m_bars[i].requestId, m_frontSeq + i);
    }
}

void TimelineData::clear()
{
    m_frontSeq += m_bars.size();
    m_bars.clear();
    m_open.clear();
    m_openByConnection.clear();
    m_latestMs = 0;
}

QList<TimelineData::Lane> TimelineData::lanes() const
{
    QSet<int> threads;
    for (int thread = 0; thread <= m_workerCount; ++thread)
        threads.insert(thread);
    for (const Bar &bar : m_bars)
        threads.insert(bar.thread);
    QList<int> sorted(threads.cbegin(), threads.cend());
    std::sort(sorted.begin(), sorted.end());
    QList<Lane> result;
    result.reserve(sorted.size());
    for (int thread : sorted)
        result.append(Lane {thread, MonitorText::threadName(thread)});
    return result;
}

QList<TimelineData::Bar> TimelineData::bars(qint64 fromMs, qint64 toMs) const
{
    QList<Bar> result;
    for (const Bar &bar : m_bars) {
        if (bar.startMs <= toMs && (bar.isOpen() || bar.endMs >= fromMs))
            result.append(bar);
    }
    return result;
}

bool TimelineData::hasBarsIn(qint64 fromMs, qint64 toMs) const
{
    // Newest first: the bars inside a recent window are usually the last ones.
    return std::any_of(m_bars.crbegin(), m_bars.crend(), [&](const Bar &bar) {
        return bar.startMs <= toMs && (bar.isOpen() || bar.endMs >= fromMs);
    });
}
