#pragma once

#include "diagnostic.h"
#include "diagnosticthresholds.h"
#include "dispatchmode.h"
#include "requestphases.h"

#include <QtCore/QByteArrayView>
#include <QtCore/QHash>
#include <QtCore/QList>
#include <QtCore/QString>

#include <array>
#include <deque>

/*!
    Names the mistakes in how requests were served, from the phases of each finished request
    (pure: no threads, no clock, no QObject). A request that held a thread, a worker or its
    turn for at least holdMs is remembered as a hold; a request that waited at least waitMs is
    matched against the holds its wait overlapped, and the kind of those holds says which
    mistake it was (see Diagnostic::Kind). Holds are kept in a bounded ring, so a waiter that
    finishes after its culprits is still attributed while memory and per-request cost stay
    bounded; a request that neither held nor waited costs a few comparisons.

    Not thread-safe: the engine guards it with a mutex (DiagnosticsCollector).
*/
class DiagnosticsAnalyzer
{
public:
    /*! Holds remembered at most; the oldest go first. */
    static constexpr qsizetype maxHolds = 4096;
    /*! Holds older than this (before the newest request's end) are forgotten too. */
    static constexpr qint64 holdRetentionUs = 10 * 60 * 1000000LL;
    /*! Distinct culprit labels counted per kind; labels beyond it are not counted. */
    static constexpr qsizetype maxLabels = 64;

    explicit DiagnosticsAnalyzer(const DiagnosticThresholds &thresholds = {});

    const DiagnosticThresholds &thresholds() const { return m_thresholds; }

    /*!
        Whether add() would look at this request at all: it held a thread or its turn, or
        waited, at least the thresholds. Reads only the thresholds, so a caller may ask it
        without the lock that guards add().
    */
    bool isWorthAdding(const RequestPhases &phases, DispatchMode mode) const;

    /*!
        One finished request, in finish order (phases.doneUs never goes back): \a mode it ran
        in, its \a method and \a target (for the culprit label), and the pool size
        \a poolSize at that moment.
    */
    void add(const RequestPhases &phases, DispatchMode mode, QByteArrayView method,
             QByteArrayView target, quint64 requestId, int poolSize);

    /*! The kinds that fired since the start or the last clear(), in Kind order. */
    QList<Diagnostic> diagnostics() const;
    void clear();

    /*! Holds remembered now (at most maxHolds): for tests of the bounds. */
    qsizetype rememberedHolds() const { return qsizetype(m_holds.size()); }
    /*! Distinct culprit labels counted now, over all kinds (at most 4 × maxLabels). */
    qsizetype countedLabels() const;

private:
    static constexpr int kindCount = 4;

    struct Hold
    {
        qint64 startUs = 0;
        qint64 threadEndUs = 0; //!< the handler returned: its thread was free again
        qint64 turnEndUs = 0; //!< its response (finish order): the sequential turn was free
        quint64 requestId = 0;
        QString label; //!< "METHOD target"
        bool blocking = false; //!< it held its thread in a blocking sleep
        quint8 kinds = 0; //!< bit per Kind: the mistakes it can be a culprit of
        quint8 counted = 0; //!< bit per Kind: already counted as that kind's culprit
    };

    struct KindState
    {
        Diagnostic diagnostic;
        bool fired = false;
        QHash<QString, qint64> labels; //!< culprits per label, at most maxLabels
        qint64 blockingCulprits = 0;
    };

    /*! The overlapping part of [a0, a1] and [b0, b1]. */
    static qint64 overlap(qint64 a0, qint64 a1, qint64 b0, qint64 b1);
    void countCulprit(Hold &hold, Diagnostic::Kind kind);
    static void touch(KindState &state, int poolSize, qint64 nowMs);
    static void noteRequest(Diagnostic &diagnostic, quint64 requestId);
    void prune(qint64 nowUs);

    DiagnosticThresholds m_thresholds;
    qint64 m_holdUs = 0;
    qint64 m_waitUs = 0;
    std::deque<Hold> m_holds; //!< in finish order, newest last
    std::array<KindState, kindCount> m_kinds;
};
