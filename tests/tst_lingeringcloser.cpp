#include "lingeringcloser.h"

#include <QtTest/QtTest>

#include <cerrno>
#include <fcntl.h>
#include <sys/epoll.h>
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

/*! The keys epoll reports as readable now. */
std::vector<quint64> readyKeys(int epoll)
{
    epoll_event events[64];
    const int n = ::epoll_wait(epoll, events, 64, 0);
    std::vector<quint64> keys;
    for (int i = 0; i < n; ++i)
        keys.push_back(events[i].data.u64);
    return keys;
}

} // namespace

/*!
    LingeringCloser over socket pairs and a real epoll set: the peer sees the end of the
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
    int m_epoll = -1;
};

void tst_LingeringCloser::init()
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    QVERIFY(m_epoll >= 0);
}

void tst_LingeringCloser::cleanup()
{
    ::close(m_epoll);
}

void tst_LingeringCloser::peerReadsEndOfStreamAtOnce()
{
    LingeringCloser closer(m_epoll);
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
    LingeringCloser closer(m_epoll);
    SocketPair pair;
    closer.add(pair.server(), 0);
    for (int round = 0; round < 10; ++round) {
        QCOMPARE(pair.send(10'000), qint64(10'000));
        const std::vector<quint64> keys = readyKeys(m_epoll);
        QCOMPARE(keys.size(), size_t(1));
        QVERIFY(LingeringCloser::isLingerKey(keys.front()));
        closer.onReadable(keys.front());
        QCOMPARE(closer.count(), 1); // discarded, still lingering
        QVERIFY(readyKeys(m_epoll).empty()); // all of it was read
    }
    pair.closeClient();
    const std::vector<quint64> keys = readyKeys(m_epoll);
    QCOMPARE(keys.size(), size_t(1));
    closer.onReadable(keys.front());
    QCOMPARE(closer.count(), 0);
    QVERIFY(!isOpen(pair.server()));
}

void tst_LingeringCloser::closesWhenTimeIsUp()
{
    LingeringCloser closer(m_epoll);
    SocketPair pair;
    closer.add(pair.server(), 1000);
    closer.sweep(1000 + LingeringCloser::lingerMs - 1);
    QCOMPARE(closer.count(), 1);
    QVERIFY(isOpen(pair.server()));
    closer.sweep(1000 + LingeringCloser::lingerMs);
    QCOMPARE(closer.count(), 0);
    QVERIFY(!isOpen(pair.server()));
}

void tst_LingeringCloser::closesAfterTooMuchInput()
{
    LingeringCloser closer(m_epoll);
    SocketPair pair;
    closer.add(pair.server(), 0);
    qint64 sent = 0;
    for (int round = 0; round < 10'000 && closer.count() == 1; ++round) {
        const qint64 n = pair.send(64 * 1024);
        QVERIFY2(n > 0 || n == -EAGAIN, QByteArray::number(n));
        if (n > 0)
            sent += n;
        for (quint64 key : readyKeys(m_epoll))
            closer.onReadable(key);
    }
    QCOMPARE(closer.count(), 0);
    QVERIFY(sent >= LingeringCloser::maxDrainBytes);
    QVERIFY2(sent < LingeringCloser::maxDrainBytes + 1024 * 1024, QByteArray::number(sent));
}

void tst_LingeringCloser::registeredDescriptorMovesToALingerKey()
{
    // The engine registered the connection under its id; lingering moves it, not adds it.
    LingeringCloser closer(m_epoll);
    SocketPair pair;
    epoll_event event {};
    event.events = EPOLLIN;
    event.data.u64 = 42;
    QCOMPARE(::epoll_ctl(m_epoll, EPOLL_CTL_ADD, pair.server(), &event), 0);
    closer.add(pair.server(), 0);
    QCOMPARE(pair.send(10), qint64(10));
    const std::vector<quint64> keys = readyKeys(m_epoll);
    QCOMPARE(keys.size(), size_t(1));
    QVERIFY(keys.front() != 42);
    QVERIFY(LingeringCloser::isLingerKey(keys.front()));
    QVERIFY(!LingeringCloser::isLingerKey(42));
}

void tst_LingeringCloser::capClosesAtOnce()
{
    LingeringCloser closer(m_epoll, 3);
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
        LingeringCloser closer(m_epoll);
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
