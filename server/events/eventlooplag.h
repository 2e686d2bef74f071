#pragma once

/*!
    How late the server thread's event loop answered, over the last seconds: quantiles of the
    delay of a heartbeat timer (as Node's monitorEventLoopDelay), in milliseconds. Near 0 when
    the loop is free; a handler that holds the server thread shows as its duration.
*/
struct EventLoopLag
{
    double p50Ms = 0;
    double p99Ms = 0;
    double maxMs = 0;
};
