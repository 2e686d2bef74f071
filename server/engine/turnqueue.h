#pragma once

#include <QtCore/QObject>

#include <deque>
#include <functional>

class ServerStats;

/*!
    Sequential mode's discipline, the blocking server of chapter 9: one request at a time on
    the server thread, in arrival order. A connection whose request is complete asks for the
    turn; it runs at once if the turn is free, or waits (counted as queued) until the request
    before it has been answered. The next holder is started from the event loop, never inside
    the previous request's call stack.
*/
class TurnQueue : public QObject
{
    Q_OBJECT

public:
    /*! Runs the request of connection \a id now; false when that connection is gone. */
    using RunFunction = std::function<bool(quint64 id)>;

    TurnQueue(ServerStats &stats, RunFunction run, QObject *parent = nullptr);

    /*! \a id has a request: true when it holds the turn now (run it inline); else it waits. */
    bool request(quint64 id);
    /*! \a id's request was answered: the turn passes on. */
    void finished(quint64 id);
    /*! \a id's connection closed: it leaves the queue, and the turn if it held it. */
    void remove(quint64 id);
    /*!
        Sequential mode ended: everyone still waiting, in arrival order (a turn granted but not
        started yet comes first), out of the queue and its count.
    */
    std::deque<quint64> releaseAll();

private:
    void passTurn();

    ServerStats &m_stats;
    RunFunction m_run;
    quint64 m_holder = 0; //!< the connection whose request runs now; 0 when none
    bool m_pending = false; //!< the holder was granted its turn but has not started yet
    std::deque<quint64> m_waiting;
};
