#include "lingeringcloser.h"

#include "platform.h"
#include "poller.h"
#include "serverconfig.h"

#include <vector>

LingeringCloser::LingeringCloser(Poller &poller, int maxLingering)
    : m_poller(poller)
    , m_maxLingering(maxLingering)
{ }

LingeringCloser::~LingeringCloser()
{
    closeAll();
}

void LingeringCloser::add(int fd, qint64 nowMs)
{
    if (fd < 0)
        return;
    // The response is out: a FIN follows it, whatever happens to the input.
    Platform::shutdownWrite(fd);
    const quint64 key = keyTag | quint64(quint32(fd));
    if (count() >= m_maxLingering
        || (!m_poller.modify(fd, key, Poller::ReadInterest)
            && !m_poller.add(fd, key, Poller::ReadInterest))) {
        m_poller.remove(fd);
        Platform::closeSocket(fd);
        return;
    }
    m_lingering[fd] = Linger {nowMs + ServerConfig::lingerMs, 0};
}

void LingeringCloser::onReadable(quint64 key)
{
    const int fd = int(quint32(key & ~keyTag));
    const auto it = m_lingering.find(fd);
    if (it == m_lingering.end())
        return;
    // A few reads per wake-up at most, so one fast sender cannot hold up the server thread;
    // readiness is level-triggered, so what is left wakes us again.
    thread_local char discard[64 * 1024];
    for (int round = 0; round < 4; ++round) {
        const qint64 n = Platform::receive(fd, discard, sizeof discard);
        if (n == 0)
            return; // nothing more for now
        if (n < 0)
            break; // end of stream, or an error: done either way
        it->second.drained += n;
        if (it->second.drained >= ServerConfig::maxLingerDrainBytes)
            break; // enough: a client that keeps sending gets its reset after all
    }
    if (it->second.drained < ServerConfig::maxLingerDrainBytes && !Platform::hasPeerFinished(fd))
        return; // four full reads: the rest on the next wake-up
    close(fd);
}

void LingeringCloser::sweep(qint64 nowMs)
{
    std::vector<int> expired;
    for (const auto &[fd, linger] : m_lingering) {
        if (linger.deadlineMs <= nowMs)
            expired.push_back(fd);
    }
    for (int fd : expired)
        close(fd);
}

void LingeringCloser::closeAll()
{
    for (const auto &[fd, linger] : m_lingering) {
        m_poller.remove(fd);
        Platform::closeSocket(fd);
    }
    m_lingering.clear();
}

void LingeringCloser::close(int fd)
{
    m_lingering.erase(fd);
    m_poller.remove(fd);
    Platform::closeSocket(fd);
}
