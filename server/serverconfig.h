#pragma once

#include "dispatchmode.h"

#include <QtCore/QThread>
#include <QtNetwork/QHostAddress>

#include <algorithm>

/*! Everything a server run starts with; the runtime-switchable parts change through Server. */
struct ServerConfig
{
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 7878; //!< the book's port; 0 picks a free one
    DispatchMode mode = DispatchMode::Pooled;
    int threads = defaultThreadCount();
    int sleepMs = 5000; //!< /sleep without ?ms=
    bool blockingSleep = false; //!< /sleep blocks the thread that handles it
    int keepAliveTimeoutMs = 5000; //!< idle keep-alive connections close after this
    int requestTimeoutMs = 10000; //!< a request head (and body) must arrive within this
    int writeTimeoutMs = 30000; //!< a client that reads nothing for this long is dropped
    int maxRequestsPerConnection = 1000;
    int maxConnections = 20000; //!< also capped below the descriptor limit at start

    static int defaultThreadCount() { return std::max(2, QThread::idealThreadCount()); }
    static constexpr int maxThreads = 256;
};
