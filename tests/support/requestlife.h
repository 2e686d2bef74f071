#pragma once

#include "serverevent.h"

#include <QtCore/QByteArray>
#include <QtCore/QList>

#include <limits>

/*!
    One request's life as the engine measures it (its RequestPhases), and the events the
    engine records for it, in the engine's order: RequestQueued when it waits for a turn or a
    worker, RequestStarted on its handler's thread, SleepStarted/SleepFinished (thread noThread
    when parked), RequestFinished with every phase. For the tests of what the window draws
    from recorded event sequences (the timeline, the waterfall), without sockets.
*/
struct RequestLife
{
    quint64 id = 1;
    quint64 connection = 0; //!< 100 + id unless set
    DispatchMode mode = DispatchMode::Concurrent;
    RequestPhases phases;
    QByteArray target = "/";
    int status = 200;
    /*!
        Whether a RequestStarted tells its start. The engine records one only for a handler
        that takes time (/sleep, /compute); for one that answers at once, the RequestFinished
        tells it (RequestHandler::run()). Both must draw the same.
    */
    bool startTold = true;
    quint16 peerPort = 0;

    /*! Its events up to \a nowUs (all, by default). */
    ServerEventBatch events(qint64 nowUs = std::numeric_limits<qint64>::max()) const;

    /*! A GET handled at once on \a thread: arrived, read and parsed at \a atUs, for \a us. */
    static RequestLife plain(quint64 id, qint64 atUs, qint64 us, int thread = 0);
    /*!
        Concurrent mode with blocking sleep: \a count requests for /sleep?ms=<\a sleepUs/1000>
        arrived together at \a atUs on one server thread; request n waits (n - 1) sleeps
        unread in the kernel, then blocks the thread for its own.
    */
    static QList<RequestLife> blockingStaircase(int count, qint64 atUs, qint64 sleepUs);
    /*! Everything \a lives record up to \a nowUs, in time order, as the hub delivers it. */
    static ServerEventBatch recorded(const QList<RequestLife> &lives,
                                     qint64 nowUs = std::numeric_limits<qint64>::max());

private:
    ServerEvent base(ServerEvent::Type type, qint64 us) const;
};
