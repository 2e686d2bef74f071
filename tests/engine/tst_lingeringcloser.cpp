#include "lingeringcloser.h"
#include "poller.h"
#include "serverconfig.h"

#include <QtTest/QTest>

#include <cerrno>
#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <vector>

namespace {

bool isOpen(int fd)
{
    return ::fcntl(fd, F_GETFD) != -1 || errno != EBADF;
}

/*! A connected pair: server() is handed to the closer, client() plays the peer. */
class SocketPair
{
public:
    SocketPair()
    {
        int fds[2] = {-1, -1};
        if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) == 0) {
            m_server = fds[0];
            m_client = fds[1];
        }
    }
    ~SocketPair()
    {
        if (m_client >= 0)
            ::close(m_client);
        // m_server belongs to the closer once added.
    }
    int server() const { return m_server; }
    int client() const { return m_client; }
    void closeClient()
    {
        ::close(m_client);
        m_client = -1;
    }
    /*! Sends \a bytes from the client; how many the socket took. */
    qint64 send(qint64 bytes) const
    {
        const std::vector<char> data(size_t(bytes), 'x');
        const ssize_t n = ::send(m_client, data.data(), data.size(), MSG_NOSIGNAL);
        return n < 0 ? -errno : n;
    }

private:
    int m_server = -1;
    int m_client = -1;
};

} // namespace

/*!
    LingeringCloser over socket pairs and the platform's Poller (epoll, or the portable one
    with SERVESCOPE_POLLER=qt): the peer sees the end of the
    response at once, may go on sending for a while, and the descriptor closes when the peer is
    done, when the time is up, or when too much came; never more descriptors than the cap.
*/
class tst_LingeringCloser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void peerReadsEndOfStreamAtOnce();
    void drainsUntilThePeerCloses();
    void closesWhenTimeIsUp();
    void closesAfterTooMuchInput();
    void registeredDescriptorMovesToALingerKey();
    void capClosesAtOnce();
    void closeAllClosesEverything();

private:
    /*! The keys the poller reports as readable now. */
    std::vector<quint64> readyKeys();

    std::unique_ptr<Poller> m_poller;
    std::vector<quint64> m_ready;
};

void tst_LingeringCloser::init()
{
    m_poller = Poller::create();
    QVERIFY(m_poller->isValid());
    m_poller->setReadyFunction([this](quint64 key, unsigned ready) {
        if (ready & (Poller::Readable | Poller::HangUp))
            m_ready.push_back(key);
    });
}

void tst_LingeringCloser::cleanup()
{
    m_poller.reset();
}

std::vector<quint64> tst_LingeringCloser::readyKeys()
{
    m_ready.clear();
    m_poller->dispatch();
    return m_ready;
}

void tst_LingeringCloser::peerReadsEndOfStreamAtOnce()
{
    LingeringCloser closer(*m_poller, ServerConfig::maxLingering);
    SocketPair pair;
    QVERIFY(pair.server() >= 0);
    QCOMPARE(::send(pair.server(), "HTTP/1.1 413", 12, MSG_NOSIGNAL), ssize_t(12));
    closer.add(pair.server(), 0);
    QCOMPARE(closer.count(), 1);
    QVERIFY(isOpen(pair.server()));
    // The response, then the end of the stream (a FIN): the peer need not wait for the close.
    char buffer[64];
    QCOMPARE(::recv(pair.client(), buffer, sizeof buffer, 0), ssize_t(12));
    QCOMPARE(::recv(pair.client(), buffer, sizeof buffer, 0), ssize_t(0));
    // And it may still send: nothing is reset.
    QCOMPARE(pair.send(1000), qint64(1000));
}

void tst_LingeringCloser::drainsUntilThePeerCloses()
{
    LingeringCloser closer(*m_poller, ServerConfig::maxLingering);
    SocketPair pair;
    closer.add(pair.server(), 0);
    for (int round = 0; round < 10; ++round) {
        QCOMPARE(pair.send(10'000), qint64(10'000));
        const std::vector<quint64> keys = readyKeys();
        QCOMPARE(keys.size(), size_t(1));
        QVERIFY(LingeringCloser::isLingerKey(keys.front()));
        closer.onReadable(keys.front());
        QCOMPARE(closer.count(), 1); // discarded, still lingering
        QVERIFY(readyKeys().empty()); // all of it was read
    }
    pair.closeClient();
    const std::vector<quint64> keys = readyKeys();
    QCOMPARE(keys.size(), size_t(1));
    closer.onReadable(keys.front());
    QCOMPARE(closer.count(), 0);
    QVERIFY(!isOpen(pair.server()));
}

void tst_LingeringCloser::closesWhenTimeIsUp()
{
    LingeringCloser closer(*m_poller, ServerConfig::maxLingering);
    SocketPair pair;
    closer.add(pair.server(), 1000);
    closer.sweep(1000 + ServerConfig::lingerMs - 1);
    QCOMPARE(closer.count(), 1);
    QVERIFY(isOpen(pair.server()));
    closer.sweep(1000 + ServerConfig::lingerMs);
    QCOMPARE(closer.count(), 0);
    QVERIFY(!isOpen(pair.server()));
}

void tst_LingeringCloser::closesAfterTooMuchInput()
{
    LingeringCloser closer(*m_poller, ServerConfig::maxLingering);
    SocketPair pair;
    closer.add(pair.server(), 0);
    qint64 sent = 0;
    for (int round = 0; round < 10'000 && closer.count() == 1; ++round) {
        const qint64 n = pair.send(64 * 1024);
        QVERIFY2(n > 0 || n == -EAGAIN, QByteArray::number(n));
        if (n > 0)
            sent += n;
        for (quint64 key : readyKeys())
            closer.onReadable(key);
    }
    QCOMPARE(closer.count(), 0);
    QVERIFY(sent >= ServerConfig::maxLingerDrainBytes);
    QVERIFY2(sent < ServerConfig::maxLingerDrainBytes + 1024 * 1024, QByteArray::number(sent));
}

void tst_LingeringCloser::registeredDescriptorMovesToALingerKey()
{
    // The engine registered the connection under its id; lingering moves it, not adds it.
    LingeringCloser closer(*m_poller, ServerConfig::maxLingering);
    SocketPair pair;
    QVERIFY(m_poller->add(pair.server(), 42, Poller::ReadInterest));
    closer.add(pair.server(), 0);
    QCOMPARE(pair.send(10), qint64(10));
    const std::vector<quint64> keys = readyKeys();
    QCOMPARE(keys.size(), size_t(1));
    QVERIFY(keys.front() != 42);
    QVERIFY(LingeringCloser::isLingerKey(keys.front()));
    QVERIFY(!LingeringCloser::isLingerKey(42));
}

void tst_LingeringCloser::capClosesAtOnce()
{
    LingeringCloser closer(*m_poller, 3);
    std::vector<std::unique_ptr<SocketPair>> pairs;
    for (int i = 0; i < 5; ++i) // all made first, so no closed descriptor's number is reused
        pairs.push_back(std::make_unique<SocketPair>());
    for (const auto &pair : pairs)
        closer.add(pair->server(), 0);
    QCOMPARE(closer.count(), 3);
    QVERIFY(isOpen(pairs[2]->server()));
    QVERIFY(!isOpen(pairs[3]->server()));
    QVERIFY(!isOpen(pairs[4]->server()));
}

void tst_LingeringCloser::closeAllClosesEverything()
{
    std::vector<std::unique_ptr<SocketPair>> pairs;
    {
        LingeringCloser closer(*m_poller, ServerConfig::maxLingering);
        for (int i = 0; i < 3; ++i) {
            pairs.push_back(std::make_unique<SocketPair>());
            closer.add(pairs.back()->server(), 0);
        }
        closer.closeAll();
        QCOMPARE(closer.count(), 0);
        for (const auto &pair : pairs)
            QVERIFY(!isOpen(pair->server()));
        pairs.push_back(std::make_unique<SocketPair>());
        closer.add(pairs.back()->server(), 0);
    } // and the destructor closes what is left
    QVERIFY(!isOpen(pairs.back()->server()));
}

QTEST_GUILESS_MAIN(tst_LingeringCloser)
#include "tst_lingeringcloser.moc"
