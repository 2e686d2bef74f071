#pragma once

#include "burstrunner.h"

#include <QtCore/QByteArray>
#include <QtCore/QUrl>
#include <QtNetwork/QHostAddress>

/*! What one burst is: the target, the request bytes, how many, how many at once, the timeout. */
struct BurstPlan
{
    QUrl url;
    QHostAddress address;
    quint16 port = 80;
    QByteArray request;
    int count = 0;
    int concurrency = 0;
    qint64 timeoutMs = BurstRunner::maximumRequestTimeoutMs;
};
