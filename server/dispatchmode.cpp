#include "dispatchmode.h"

QLatin1StringView dispatchModeName(DispatchMode mode)
{
    switch (mode) {
    case DispatchMode::Sequential:
        return QLatin1StringView("sequential");
    case DispatchMode::Concurrent:
        return QLatin1StringView("concurrent");
    case DispatchMode::Pooled:
        break;
    }
    return QLatin1StringView("pooled");
}

std::optional<DispatchMode> dispatchModeFromName(QStringView name)
{
    for (DispatchMode mode :
         {DispatchMode::Sequential, DispatchMode::Concurrent, DispatchMode::Pooled}) {
        if (name.compare(dispatchModeName(mode), Qt::CaseInsensitive) == 0)
            return mode;
    }
    return std::nullopt;
}
