#include "serverthread.h"

#include "servercontext.h"
#include "serverengine.h"

ServerThread::ServerThread(std::shared_ptr<ServerContext> context, QObject *parent)
    : QThread(parent)
    , m_context(std::move(context))
{
    setObjectName(QStringLiteral("ServeScope server"));
}

void ServerThread::run()
{
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
    Q_EMIT listening(engine.port());
    if (!m_context->isStopping())
        exec();
    engine.shutdown();
}
