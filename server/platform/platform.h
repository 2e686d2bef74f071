#pragma once

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QtGlobal>

/*!
    Every operating-system call ServeScope makes outside Qt, behind small named functions: socket
    I/O on raw descriptors, the descriptor limit, and the stop signals of the headless server.
    This is the one place a port to another system has to change (the readiness mechanism has
    its own seam, Poller). The POSIX implementation is platform.cpp.
*/
namespace Platform {

/*! Raises the soft descriptor limit to the hard one; returns the limit now in force. */
qint64 raiseDescriptorLimit();
/*!
    The longest accept queue the kernel grants a listening socket (Linux: net.core.somaxconn),
    or 0 where unknown. A smaller backlog drops SYNs under a burst of connections, and each
    dropped one is retried a second later.
*/
int listenBacklogLimit();

/*!
    Accepts one connection waiting on the listening socket \a listenFd, ready for the engine:
    non-blocking, closed on exec, Nagle off (a response leaves in one write), and no SIGPIPE
    for writes to a peer that left where the system has a per-socket switch for it. Returns its
    descriptor and sets the peer's \a address (without port, an IPv4-mapped address shown as
    IPv4) and \a port, or returns -1
    when none waits or accept failed (the listener stays readable: the caller tries again at
    its next readiness).
*/
int acceptSocket(int listenFd, QString *address, quint16 *port);
/*!
    Asks the kernel to stamp the data a listening socket's connections receive with its arrival
    time (SO_TIMESTAMPNS; accepted sockets inherit it). False where the system has no such stamp.
*/
bool enableArrivalStamps(int listenFd);
/*!
    One read: > 0 bytes read, 0 when nothing is there now, -1 at end of stream or on error.
    With \a arrivalNs, also when the bytes reached the machine (real-time clock, ns since the
    epoch; for TCP the stamp of the last segment read), or 0 when the kernel gave no stamp.
*/
qint64 receive(int fd, char *data, qint64 maxSize, qint64 *arrivalNs = nullptr);
/*! One write that never raises SIGPIPE: bytes taken (0 when the buffer is full), -1 on error. */
qint64 send(int fd, const char *data, qint64 size);
/*! Stops writing: the peer reads the end of stream after what was sent. */
void shutdownWrite(int fd);
/*!
    Without reading: true when the peer has closed its side or reset the connection, or the
    socket failed. Data still waiting to be read does not hide it.
*/
bool isPeerGone(int fd);
/*! True when the peer has finished sending (end of stream) or the socket failed. */
bool hasPeerFinished(int fd);
void closeSocket(int fd);
/*!
    True when the socket has a pending error (a reset, say), which this call clears: how a
    poller without hang-up reports tells a reset from a readable socket.
*/
bool takeSocketError(int fd);

/*!
    Routes SIGINT and SIGTERM, and SIGHUP when \a catchHangUp, to a descriptor (the self-pipe
    trick): the handler only writes the signal's number there. Returns the descriptor to watch
    for reading, or -1 (errno set). Also ignores SIGPIPE, so a reader that goes away cannot
    kill the process. Without \a catchHangUp a hang-up ends the process as before (a server
    started from a terminal that closes).
*/
int openStopSignalPipe(bool catchHangUp);
/*! Reads what the signal pipe holds: the signal numbers, in order (empty when none). */
QList<int> takeStopSignals(int fd);
/*! SIGHUP: what logrotate sends after it moved the log (postrotate kill -HUP). */
bool isReopenSignal(int signalNumber);
/*! Restores the default signal actions and closes the pipe. */
void closeStopSignalPipe();
/*! "SIGINT", "SIGTERM", ... for messages. */
QString signalName(int signalNumber);
/*!
    Opens \a path (in the file system's encoding) for appending, creating it (mode 0644) if
    needed: every write lands at the end, even on a FIFO or a terminal where seeking fails.
    Returns the descriptor, or -1 (see lastErrorString()).
*/
int openForAppend(const QByteArray &path);
void closeFile(int fd);
/*! The process's resident memory in bytes (0 where unknown). */
qint64 residentMemoryBytes();
/*!
    Returns the allocator's free memory to the system where it can (glibc: malloc_trim), so
    resident memory falls after a peak; elsewhere does nothing.
*/
void releaseFreeMemory();
/*! How many descriptors the process has open (0 where unknown). */
qint64 openDescriptorCount();
/*! When the process started, in seconds since the epoch. */
double processStartTimeSeconds();
/*! The text of the calling thread's last system error (errno). */
QString lastErrorString();

} // namespace Platform
