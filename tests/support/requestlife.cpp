#include "requestlife.h"

#include "testevents.h"

#include <algorithm>

ServerEvent RequestLife::base(ServerEvent::Type type, qint64 us) const
{
    ServerEvent e = TestEvents::event(type, connection ? connection : 100 + id, id, us / 1000);
    e.mode = mode;
    return e;
}

ServerEventBatch RequestLife::events(qint64 nowUs) const
{
    ServerEventBatch out;
    const RequestPhases &p = phases;
    RequestPhases known = p;
    known.startedUs = known.handlerEndUs = known.sleepStartUs = known.sleepEndUs = known.doneUs = 0;
    known.thread = 0;
    if (p.queue != RequestPhases::Queue::None && p.parsedUs <= nowUs) {
        ServerEvent e = base(ServerEvent::Type::RequestQueued, p.parsedUs);
        e.phases = known;
        out.append(e);
    }
    if (p.startedUs == 0 || p.startedUs > nowUs)
        return out;
    known.startedUs = p.startedUs;
    known.thread = p.thread;
    ServerEvent started = base(ServerEvent::Type::RequestStarted, p.startedUs);
    started.phases = known;
    started.thread = p.thread;
    started.method = "GET";
    started.target = target;
    if (startTold)
        out.append(started);
    if (p.sleepStartUs > 0 && p.sleepStartUs <= nowUs) {
        ServerEvent e = base(ServerEvent::Type::SleepStarted, p.sleepStartUs);
        e.thread = p.sleepBlocking ? p.thread : ServerEvent::noThread;
        // The phases so far (a parked sleep: the handler has returned).
        e.phases = known;
        e.phases.sleepBlocking = p.sleepBlocking;
        e.phases.sleepStartUs = p.sleepStartUs;
        if (!p.sleepBlocking)
            e.phases.handlerEndUs = p.handlerEndUs;
        out.append(e);
        if (p.sleepEndUs > 0 && p.sleepEndUs <= nowUs) {
            ServerEvent end = base(ServerEvent::Type::SleepFinished, p.sleepEndUs);
            end.thread = e.thread;
            end.phases.sleepEndUs = p.sleepEndUs;
            out.append(end);
        }
    }
    if (p.doneUs > 0 && p.doneUs <= nowUs) {
        ServerEvent e = base(ServerEvent::Type::RequestFinished, p.doneUs);
        e.phases = p;
        e.thread = p.thread;
        e.status = status;
        e.durationUs = p.totalUs();
        e.method = "GET";
        e.target = target;
        e.peer = QStringLiteral("127.0.0.1");
        e.peerPort = peerPort;
        out.append(e);
    }
    return out;
}

RequestLife RequestLife::plain(quint64 id, qint64 atUs, qint64 us, int thread)
{
    RequestLife life;
    life.id = id;
    RequestPhases &p = life.phases;
    p.arrivedUs = p.readUs = p.parsedUs = p.startedUs = atUs;
    p.handlerEndUs = p.doneUs = atUs + us;
    p.thread = thread;
    p.arrivalFromKernel = true;
    return life;
}

QList<RequestLife> RequestLife::blockingStaircase(int count, qint64 atUs, qint64 sleepUs)
{
    QList<RequestLife> lives;
    for (int i = 0; i < count; ++i) {
        RequestLife life;
        life.id = quint64(i + 1);
        life.target = "/sleep?ms=" + QByteArray::number(sleepUs / 1000);
        RequestPhases &p = life.phases;
        p.arrivedUs = atUs;
        p.arrivalFromKernel = true;
        p.readUs = p.parsedUs = p.startedUs = p.sleepStartUs = atUs + i * sleepUs;
        p.sleepBlocking = true;
        p.sleepEndUs = p.handlerEndUs = p.doneUs = atUs + (i + 1) * sleepUs;
        lives.append(life);
    }
    return lives;
}

ServerEventBatch RequestLife::recorded(const QList<RequestLife> &lives, qint64 nowUs)
{
    ServerEventBatch all;
    for (const RequestLife &life : lives)
        all.append(life.events(nowUs));
    std::stable_sort(all.begin(), all.end(), [](const ServerEvent &a, const ServerEvent &b) {
        return a.timeMs < b.timeMs;
    });
    return all;
}
