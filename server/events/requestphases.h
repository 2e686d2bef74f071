#pragma once

#include <QtCore/QtGlobal>

/*!
    The life of one request as the engine measured it, each step a time on ServerClock (µs;
    0 = not reached). From these come what the window draws and the log shows:

        arrived ─kernel wait─ read ─receiving─ parsed ─queue wait─ started ─handler─ done
            ─sending─ sent

    where the handler's part holds a sleep: parked on a timer (no thread) or blocking the
    handler's thread. waited = kernel wait + queue wait; handled = started → done.

    The server thread's own work for it is measured too: reading and parsing its head
    (receiveStart → parsed) and writing its response (writeStart → sent). Between read and
    parsed, or done and sent, the thread may do other things (a head or a response in pieces);
    these two spans hold only the pass in which it did this request's part.
*/
struct RequestPhases
{
    /*! What the request waited in line for after it was parsed. */
    enum class Queue : quint8 {
        None, //!< a handler took it at once (Concurrent)
        Turn, //!< its connection's turn (Sequential)
        Pool, //!< a free pool worker (Pooled)
    };

    qint64 arrivedUs = 0; //!< its first bytes reached the machine (the kernel's receive stamp)
    qint64 readUs = 0; //!< the server read those bytes
    qint64 parsedUs = 0; //!< its head was complete and routed
    /*! The server thread began the read-and-parse pass that completed its head. */
    qint64 receiveStartUs = 0;
    qint64 startedUs = 0; //!< a handler began on thread
    qint64 handlerEndUs = 0; //!< the handler returned (before a parked sleep, if any)
    qint64 sleepStartUs = 0; //!< a sleep began (parked, or blocking thread)
    qint64 sleepEndUs = 0;
    qint64 doneUs = 0; //!< the response was handed to the connection to send
    /*! Its last byte was handed to the kernel (0: not, when the connection closed first). */
    qint64 sentUs = 0;
    /*! The server thread began the write that sent its last byte; a write that carried several
        pipelined responses is shared out among them in order, so none is counted twice. */
    qint64 writeStartUs = 0;
    int thread = 0; //!< the thread that ran the handler: 0 = server thread, n = worker n
    Queue queue = Queue::None;
    bool sleepBlocking = false; //!< the sleep held thread (the blocking-sleep setting)
    /*! arrivedUs is the kernel's stamp; otherwise it is readUs (the system gave none). */
    bool arrivalFromKernel = false;

    /*! Time its bytes sat in the kernel, unread (behind a blocked thread, say). */
    qint64 kernelWaitUs() const { return span(arrivedUs, readUs); }
    /*! Time it waited for its turn or a worker once parsed. */
    qint64 queueWaitUs() const { return queue == Queue::None ? 0 : span(parsedUs, startedUs); }
    qint64 waitedUs() const { return kernelWaitUs() + queueWaitUs(); }
    /*! From a handler taking it to its response: running, sleeping, blocked. */
    qint64 handledUs() const { return span(startedUs, doneUs); }
    /*! From the response handed over to its last byte written (a client that reads slowly). */
    qint64 sendingUs() const { return span(doneUs, sentUs); }
    /*! The server-side total: from arrival to the response. */
    qint64 totalUs() const { return span(arrivedUs, doneUs); }
    bool hasSleep() const { return sleepStartUs > 0; }

private:
    static qint64 span(qint64 from, qint64 to) { return from > 0 && to > from ? to - from : 0; }
};
