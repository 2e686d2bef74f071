#pragma once

#include <QtCore/QLatin1StringView>

/*!
    Where a connection is in its life; the window shows it and the counters mirror
    nginx's stub_status (reading, writing, idle/waiting).
    Queued means a request waits for a handler: a pool worker in pooled mode, or its turn on
    the server thread in sequential mode.
*/
enum class ConnectionState : quint8 { Reading, Queued, Handling, Sleeping, Writing, Idle, Closed };

/*! A stable lower-case English name for logs and JSON ("reading", "queued", ...). */
QLatin1StringView connectionStateName(ConnectionState state);
