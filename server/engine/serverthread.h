#pragma once

#include <QtCore/QThread>

#include <memory>

class ServerContext;

/*!
    The thread the listening socket, the connections and the engine live in. The engine is
    created inside run(), so every socket is created in the thread that uses it.
*/
class ServerThread : public QThread
{
    Q_OBJECT

public:
    explicit ServerThread(std::shared_ptr<ServerContext> context, QObject *parent = nullptr);

Q_SIGNALS:
    void listening(quint16 port);
    void listenFailed(const QString &message);
    // Emitted by the owner; delivered to the engine in this thread.
    void modeChangeRequested();
    void threadCountChangeRequested();

protected:
    void run() override;

private:
    std::shared_ptr<ServerContext> m_context;
};
