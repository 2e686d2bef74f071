#include "diagnosticscollector.h"

DiagnosticsCollector::DiagnosticsCollector(const DiagnosticThresholds &thresholds,
                                           const std::atomic<int> &poolSize)
    : m_poolSize(poolSize)
    , m_analyzer(thresholds)
{ }

void DiagnosticsCollector::add(const RequestPhases &phases, DispatchMode mode,
                               QByteArrayView method, QByteArrayView target, quint64 requestId)
{
    // Only the thresholds are read here, and they never change: no lock for the common case.
    if (!m_analyzer.isWorthAdding(phases, mode))
        return;
    const int poolSize = m_poolSize.load(std::memory_order_relaxed);
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_analyzer.add(phases, mode, method, target, requestId, poolSize);
}

QList<Diagnostic> DiagnosticsCollector::diagnostics() const
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_analyzer.diagnostics();
}

void DiagnosticsCollector::clear()
{
    const std::lock_guard<std::mutex> lock(m_mutex);
    m_analyzer.clear();
}
