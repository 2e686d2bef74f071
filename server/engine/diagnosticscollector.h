#pragma once

#include "diagnosticsanalyzer.h"

#include <atomic>
#include <mutex>

/*!
    The run's DiagnosticsAnalyzer behind a mutex: fed by EventRecorder on the server thread as
    requests finish, read by /-/status (on a pool worker too) and the facade. Requests that
    neither held nor waited are turned away before the lock.
*/
class DiagnosticsCollector
{
public:
    /*! \a poolSize is read only for requests worth analysing. */
    DiagnosticsCollector(const DiagnosticThresholds &thresholds, const std::atomic<int> &poolSize);

    void add(const RequestPhases &phases, DispatchMode mode, QByteArrayView method,
             QByteArrayView target, quint64 requestId);
    QList<Diagnostic> diagnostics() const;
    void clear();

private:
    const std::atomic<int> &m_poolSize;
    mutable std::mutex m_mutex;
    DiagnosticsAnalyzer m_analyzer;
};
