#include "dispatchmode.h"

#include <array>

namespace {
// The one table of the modes' names, in the enum's order.
constexpr std::array<const char *, 3> names = {"sequential", "concurrent", "pooled"};
static_assert(names.size() == std::size_t(DispatchMode::Pooled) + 1);
} // namespace

QLatin1StringView dispatchModeName(DispatchMode mode)
{
    return QLatin1StringView(names[std::size_t(mode) < names.size() ? std::size_t(mode) : 2]);
}

std::optional<DispatchMode> dispatchModeFromName(QStringView name)
{
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (name.compare(QLatin1StringView(names[i]), Qt::CaseInsensitive) == 0)
            return DispatchMode(i);
    }
    return std::nullopt;
}
