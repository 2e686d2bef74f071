#include "serverthread.h"

#include "eventlooplagmonitor.h"
#include "happensbefore.h"
#include "servercontext.h"
#include "serverengine.h"

#include <QtCore/QScopeGuard>

ServerThread::ServerThread(std::shared_ptr<ServerContext> context, QObject *parent)
    : QThread(parent)
    , m_context(std::move(context))
{
    setObjectName(QStringLiteral("ServeScope server"));
}

void ServerThread::run()
{
    // First, so it runs last: the whole run, the engine's teardown included, happens before
    // Server's QThread::wait() returns (which TSan cannot see through).
    const auto done = qScopeGuard([this] { HappensBefore::release(this); });
    ServerEngine engine(m_context);
    QString error;
    if (!engine.listen(&error)) {
        Q_EMIT listenFailed(error);
        return;
    }
    connect(this, &ServerThread::modeChangeRequested, &engine, &ServerEngine::applyMode,
            Qt::QueuedConnection);
    connect(this, &ServerThread::threadCountChangeRequested, &engine,
            &ServerEngine::applyThreadCount, Qt::QueuedConnection);
    // Created here, so its timer runs on this thread's loop, the one it measures.
    EventLoopLagMonitor lag(m_context->eventLoopLag);
    lag.start();
    Q_EMIT listening(engine.port());
    if (!m_context->isStopping())
        exec();
    engine.shutdown();
}
