#pragma once

#include "burstplan.h"
#include "burstrunner.h"

#include <QtCore/QByteArray>
#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>
#include <QtCore/QTimer>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

class QTcpSocket;

/*!
    The client side of a burst. Created in the burst thread, so its sockets and timers are too;
    everything is event-driven (no waitFor*). Each slot is one connection carrying one request
    at a time; a slot reuses its connection (keep-alive) unless the server closes it.
    Internal to the loadclient library: only BurstRunner creates one.
*/
class BurstWorker : public QObject
{
public:
    using Deliver = std::function<void(const BurstRunner::Result &)>;
    using Progress = std::function<void(int, int)>;

    BurstWorker(BurstPlan plan, std::shared_ptr<std::atomic<bool>> cancel, Deliver deliver,
                Progress progress);

    void run();

private:
    enum class Body { Length, Chunked, UntilClose };
    enum class Chunk { Size, Data, DataEnd, Trailer };

    struct Slot
    {
        QTcpSocket *socket = nullptr;
        bool busy = false;
        bool reused = false; // the request went out on a kept-alive connection
        bool retried = false;
        bool gotBytes = false; // any byte of the response arrived
        qint64 startNs = 0; // steadyNs()
        qint64 connectedNs = 0; // 0 until a new connection is up, and for a reused one
        quint16 localPort = 0;
        qint64 deadlineMs = 0;
        QByteArray buffer;
        bool headDone = false;
        bool closeAfter = false;
        Body body = Body::Length;
        qint64 remaining = 0; // Length: body bytes to come; Chunked: bytes of this chunk
        Chunk chunk = Chunk::Size;
    };

    qint64 nowMs() const;
    /*! std::chrono::steady_clock, so timings can be put on the server's clock. */
    static qint64 steadyNs();

    void startNext(Slot &slot);
    void send(Slot &slot);
    void dropSocket(Slot &slot);
    void onReadyRead(Slot &slot, QTcpSocket *socket);
    void onSocketGone(Slot &slot, QTcpSocket *socket);
    void parse(Slot &slot);
    static bool parseHead(Slot &slot, const QByteArray &head);
    bool parseChunks(Slot &slot);
    void complete(Slot &slot);
    void fail(Slot &slot);
    void afterRequest(Slot &slot);
    void recordTiming(const Slot &slot, qint64 endNs, bool ok);
    void poll();
    void reportProgress(bool force);
    void finish(bool cancelled);

    BurstPlan m_plan;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    Deliver m_deliver;
    Progress m_progress;
    BurstRunner::Result m_result;
    std::vector<Slot> m_slots; // sized once in run(): lambdas keep indexes into it
    QElapsedTimer m_clock;
    QTimer m_poll;
    qint64 m_firstSentNs = -1;
    qint64 m_lastDoneNs = 0;
    qint64 m_lastReportMs = -1;
    int m_next = 0;
    int m_reportedDone = 0;
    bool m_finished = false;
};
