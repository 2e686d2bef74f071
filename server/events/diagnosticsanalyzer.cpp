#include "diagnosticsanalyzer.h"

#include <algorithm>

namespace {

using Kind = Diagnostic::Kind;

constexpr quint8 bit(Kind kind)
{
    return quint8(1u << int(kind));
}

// A long target would make an unreadable sentence; its start says enough.
constexpr qsizetype maxLabelTargetChars = 80;

qint64 span(qint64 from, qint64 to)
{
    return from > 0 && to > from ? to - from : 0;
}

} // namespace

DiagnosticsAnalyzer::DiagnosticsAnalyzer(const DiagnosticThresholds &thresholds)
    : m_thresholds(thresholds)
    , m_holdUs(qint64(std::max(1, thresholds.holdMs)) * 1000)
    , m_waitUs(qint64(std::max(1, thresholds.waitMs)) * 1000)
{
    for (int k = 0; k < kindCount; ++k)
        m_kinds[k].diagnostic.kind = Kind(k);
}

bool DiagnosticsAnalyzer::isWorthAdding(const RequestPhases &phases, DispatchMode mode) const
{
    // The common case, a short request that did not wait, leaves after these comparisons.
    return span(phases.startedUs, phases.handlerEndUs) >= m_holdUs
        || span(phases.arrivedUs, phases.startedUs) >= m_waitUs
        || (mode == DispatchMode::Sequential && span(phases.startedUs, phases.doneUs) >= m_holdUs);
}

qint64 DiagnosticsAnalyzer::overlap(qint64 a0, qint64 a1, qint64 b0, qint64 b1)
{
    return std::max<qint64>(0, std::min(a1, b1) - std::max(a0, b0));
}

void DiagnosticsAnalyzer::add(const RequestPhases &phases, DispatchMode mode, QByteArrayView method,
                              QByteArrayView target, quint64 requestId, int poolSize)
{
    if (!isWorthAdding(phases, mode))
        return;
    const qint64 nowUs = std::max({phases.doneUs, phases.handlerEndUs, phases.startedUs});
    const qint64 nowMs = nowUs / 1000;
    prune(nowUs);

    // As a waiter: which waits it had. Behind the server thread, the whole wait counts (bytes
    // unread in the kernel, then maybe its turn); for a worker or a turn, the queue wait.
    const qint64 threadWaitFrom = phases.arrivedUs;
    const qint64 queueWaitFrom = phases.parsedUs;
    const qint64 waitTo = phases.startedUs;
    const bool waitedLong = span(threadWaitFrom, waitTo) >= m_waitUs;
    const bool queuedLong = phases.queueWaitUs() >= m_waitUs;
    quint8 wanted = 0;
    if (waitedLong)
        wanted |= bit(Kind::ServerThreadBlocked) | bit(Kind::CpuOnEventLoop);
    if (queuedLong && phases.queue == RequestPhases::Queue::Pool)
        wanted |= bit(Kind::PoolSaturated);
    if (queuedLong && phases.queue == RequestPhases::Queue::Turn)
        wanted |= bit(Kind::SequentialQueue);

    quint8 attributed = 0;
    if (wanted != 0) {
        const auto waitFrom = [&](int k) {
            return Kind(k) == Kind::ServerThreadBlocked || Kind(k) == Kind::CpuOnEventLoop
                ? threadWaitFrom
                : queueWaitFrom;
        };
        const auto holdEnd = [](const Hold &hold, int k) {
            return Kind(k) == Kind::SequentialQueue ? hold.turnEndUs : hold.threadEndUs;
        };
        // Holds come in finish order, and a hold ends before its request finished: once one
        // finished before this wait began, so did every older one.
        const auto inRange = [&](const Hold &hold) {
            return hold.turnEndUs > threadWaitFrom;
        };
        std::array<qint64, kindCount> overlapUs {};
        for (auto it = m_holds.crbegin(); it != m_holds.crend() && inRange(*it); ++it) {
            for (int k = 0; k < kindCount; ++k) {
                if ((wanted & it->kinds & bit(Kind(k))) != 0)
                    overlapUs[k] += overlap(waitFrom(k), waitTo, it->startUs, holdEnd(*it, k));
            }
        }
        for (int k = 0; k < kindCount; ++k) {
            // Its wait was the holds' doing only if they overlapped it by the threshold; a
            // blocked server thread explains a turn wait too, so that is not counted twice.
            if (overlapUs[k] < m_waitUs)
                continue;
            if (Kind(k) == Kind::SequentialQueue
                && (attributed & (bit(Kind::ServerThreadBlocked) | bit(Kind::CpuOnEventLoop))))
                continue;
            attributed |= bit(Kind(k));
            KindState &state = m_kinds[k];
            touch(state, poolSize, nowMs);
            Diagnostic &d = state.diagnostic;
            ++d.count;
            d.maxWaitUs = std::max(d.maxWaitUs, span(waitFrom(k), waitTo));
            for (auto it = m_holds.rbegin(); it != m_holds.rend() && inRange(*it); ++it) {
                if ((it->kinds & bit(Kind(k))) && !(it->counted & bit(Kind(k)))
                    && overlap(waitFrom(k), waitTo, it->startUs, holdEnd(*it, k)) > 0)
                    countCulprit(*it, Kind(k));
            }
            noteRequest(d, requestId);
        }
    }

    // As a hold: what it held, and so which mistakes it can be a culprit of.
    Hold hold;
    hold.startUs = phases.startedUs;
    hold.threadEndUs = phases.handlerEndUs;
    hold.turnEndUs = nowUs;
    hold.requestId = requestId;
    hold.blocking = phases.sleepBlocking;
    if (span(phases.startedUs, phases.handlerEndUs) >= m_holdUs) {
        if (phases.thread >= 1)
            hold.kinds |= bit(Kind::PoolSaturated);
        else if (mode != DispatchMode::Pooled)
            hold.kinds |= phases.sleepBlocking ? bit(Kind::ServerThreadBlocked)
                                               : bit(Kind::CpuOnEventLoop);
    }
    if (mode == DispatchMode::Sequential && span(phases.startedUs, phases.doneUs) >= m_holdUs)
        hold.kinds |= bit(Kind::SequentialQueue);
    if (hold.kinds == 0)
        return;
    if (!method.isEmpty()) {
        hold.label = QString::fromLatin1(method) + u' '
            + QString::fromUtf8(target.first(std::min(target.size(), maxLabelTargetChars)));
    }
    m_holds.push_back(std::move(hold));
    // A request that waited behind the mistake and then held the thread in turn is part of
    // it: ten blocking sleeps back to back block the server thread for all ten.
    for (int k = 0; k < kindCount; ++k) {
        if ((attributed & m_holds.back().kinds & bit(Kind(k))) != 0)
            countCulprit(m_holds.back(), Kind(k));
    }
    if (qsizetype(m_holds.size()) > maxHolds)
        m_holds.pop_front();
}

void DiagnosticsAnalyzer::countCulprit(Hold &hold, Kind kind)
{
    hold.counted |= bit(kind);
    KindState &state = m_kinds[int(kind)];
    Diagnostic &d = state.diagnostic;
    ++d.culpritCount;
    d.heldUs
        += span(hold.startUs, kind == Kind::SequentialQueue ? hold.turnEndUs : hold.threadEndUs);
    if (hold.blocking)
        ++state.blockingCulprits;
    d.culpritBlocking = 2 * state.blockingCulprits >= d.culpritCount;
    if (!hold.label.isEmpty()) {
        auto it = state.labels.find(hold.label);
        if (it == state.labels.end() && state.labels.size() < maxLabels)
            it = state.labels.insert(hold.label, 0);
        if (it != state.labels.end()) {
            ++it.value();
            if (it.value() > d.culpritLabelCount || it.key() == d.culpritLabel) {
                d.culpritLabel = it.key();
                d.culpritLabelCount = it.value();
            }
        }
    }
    noteRequest(d, hold.requestId);
}

void DiagnosticsAnalyzer::touch(KindState &state, int poolSize, qint64 nowMs)
{
    Diagnostic &d = state.diagnostic;
    if (!state.fired) {
        state.fired = true;
        d.firstSeenMs = nowMs;
    }
    d.lastSeenMs = nowMs;
    d.workers = poolSize;
}

void DiagnosticsAnalyzer::noteRequest(Diagnostic &diagnostic, quint64 requestId)
{
    QList<quint64> &ids = diagnostic.requestIds;
    if (requestId == 0 || (!ids.isEmpty() && ids.constLast() == requestId))
        return;
    ids.append(requestId);
    if (ids.size() > Diagnostic::maxRequestIds)
        ids.removeFirst();
}

void DiagnosticsAnalyzer::prune(qint64 nowUs)
{
    while (!m_holds.empty() && m_holds.front().turnEndUs < nowUs - holdRetentionUs)
        m_holds.pop_front();
}

QList<Diagnostic> DiagnosticsAnalyzer::diagnostics() const
{
    QList<Diagnostic> fired;
    for (const KindState &state : m_kinds) {
        if (state.fired)
            fired.append(state.diagnostic);
    }
    return fired;
}

void DiagnosticsAnalyzer::clear()
{
    m_holds.clear();
    for (int k = 0; k < kindCount; ++k) {
        m_kinds[k] = KindState();
        m_kinds[k].diagnostic.kind = Kind(k);
    }
}

qsizetype DiagnosticsAnalyzer::countedLabels() const
{
    qsizetype labels = 0;
    for (const KindState &state : m_kinds)
        labels += state.labels.size();
    return labels;
}
