#pragma once

#include <QtCore/QLatin1StringView>
#include <QtCore/QList>
#include <QtCore/QMetaType>
#include <QtCore/QString>

/*!
    One mistake DiagnosticsAnalyzer found in how requests were served, with the numbers that
    make its sentence: how many requests waited and how long, which requests held the
    thread(s) meanwhile, and when it was seen. A plain value; message() is the English sentence
    /-/status gives (the window may build its own, translated, from the same numbers).
*/
struct Diagnostic
{
    enum class Kind : quint8 {
        ServerThreadBlocked, //!< a blocking sleep held the server thread while others waited
        PoolSaturated, //!< every pool worker was held while requests waited for one
        CpuOnEventLoop, //!< CPU work held the server thread while others waited
        SequentialQueue, //!< Sequential mode made requests wait for their turn
    };

    /*! The ids kept for highlighting: the newest of the waiters and culprits. */
    static constexpr qsizetype maxRequestIds = 256;

    Kind kind = Kind::ServerThreadBlocked;
    qint64 count = 0; //!< requests that waited (at least the wait threshold)
    qint64 maxWaitUs = 0; //!< the longest of those waits
    /*!
        Requests that held the thread, the workers or the turn while others waited, or that
        waited behind them and then held it in turn (ten blocking sleeps in a row: all ten).
    */
    qint64 culpritCount = 0;
    qint64 heldUs = 0; //!< how long the culprits held them, in total
    QString culpritLabel; //!< the most common "METHOD target" among the culprits
    qint64 culpritLabelCount = 0; //!< how many culprits had culpritLabel
    bool culpritBlocking = false; //!< most culprits held their thread in a blocking sleep
    int workers = 0; //!< the pool size when it was last seen
    qint64 firstSeenMs = 0; //!< ServerClock ms
    qint64 lastSeenMs = 0; //!< ServerClock ms
    QList<quint64> requestIds; //!< waiters and culprits, oldest first, at most maxRequestIds

    /*! "serverThreadBlocked", "poolSaturated", "cpuOnEventLoop" or "sequentialQueue". */
    static QLatin1StringView kindName(Kind kind);
    /*! What happened, with its numbers, and what to do about it, in English. */
    QString message() const;
    /*! "1.5 s" from a second on, "250 ms" below: how message() writes durations. */
    static QString formatDuration(qint64 us);
};

Q_DECLARE_METATYPE(Diagnostic)
