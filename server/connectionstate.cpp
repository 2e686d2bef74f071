#include "connectionstate.h"

QLatin1StringView connectionStateName(ConnectionState state)
{
    switch (state) {
    case ConnectionState::Reading:
        return QLatin1StringView("reading");
    case ConnectionState::Queued:
        return QLatin1StringView("queued");
    case ConnectionState::Handling:
        return QLatin1StringView("handling");
    case ConnectionState::Sleeping:
        return QLatin1StringView("sleeping");
    case ConnectionState::Writing:
        return QLatin1StringView("writing");
    case ConnectionState::Idle:
        return QLatin1StringView("idle");
    case ConnectionState::Closed:
        break;
    }
    return QLatin1StringView("closed");
}
