#pragma once

#include "server.h"

#include <QtTest/QSignalSpy>
#include <QtTest/QTest>

// Starts \a server and fails the test unless it reports started() with a real port. A macro,
// not a function: QVERIFY must return from the test function itself.
#define START_SERVER(server, config)                                                               \
    do {                                                                                           \
        QSignalSpy started_(&(server), &Server::started);                                          \
        QSignalSpy failed_(&(server), &Server::startFailed);                                       \
        (server).start(config);                                                                    \
        QTRY_VERIFY_WITH_TIMEOUT(started_.count() + failed_.count() > 0, 10000);                   \
        QVERIFY2(failed_.isEmpty(),                                                                \
                 qPrintable(failed_.isEmpty() ? QString() : failed_.front().front().toString()));  \
        QVERIFY((server).port() != 0);                                                             \
    } while (false)
