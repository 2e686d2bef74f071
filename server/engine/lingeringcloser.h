#pragma once

#include <QtCore/QtGlobal>

#include <unordered_map>

class Poller;

/*!
    Closes connections the way a careful server does once it has said its last word: it stops
    writing (a FIN follows the response), reads and discards whatever the client still sends,
    and closes when the client is done, after ServerConfig::lingerMs, or after
    ServerConfig::maxLingerDrainBytes. Closing a socket with unread input makes the kernel send a
    reset instead; a client still uploading a body the server refused (413) or still sending
    when its request failed (400) would get a broken pipe, and on a real network the reset can
    destroy the response in flight.

    Descriptors stay in the engine's Poller under keys with keyTag set; the engine hands those
    keys to onReadable() and calls sweep() from its timeout timer. At most maxLingering
    descriptors linger at once (a flood closes at once instead). Lives on the server thread.
*/
class LingeringCloser
{
public:
    static constexpr quint64 keyTag = quint64(1) << 63;

    /*! Watches descriptors in \a poller (not owned); at most \a maxLingering at once. */
    explicit LingeringCloser(Poller &poller, int maxLingering);
    ~LingeringCloser();

    LingeringCloser(const LingeringCloser &) = delete;
    LingeringCloser &operator=(const LingeringCloser &) = delete;

    /*!
        Takes ownership of \a fd, a connected socket whose response has been written. If it is
        registered with the poller already (under any key), it moves to a linger key.
    */
    void add(int fd, qint64 nowMs);
    static bool isLingerKey(quint64 key) { return (key & keyTag) != 0; }
    /*! The descriptor behind \a key is readable: discard what came; close at its end. */
    void onReadable(quint64 key);
    /*! Closes the descriptors whose time is up (monotonic \a nowMs). */
    void sweep(qint64 nowMs);
    void closeAll();
    int count() const { return int(m_lingering.size()); }

private:
    struct Linger
    {
        qint64 deadlineMs = 0;
        qint64 drained = 0;
    };

    void close(int fd);

    Poller &m_poller;
    const int m_maxLingering;
    std::unordered_map<int, Linger> m_lingering;
};
