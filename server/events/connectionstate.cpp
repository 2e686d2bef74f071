#include "connectionstate.h"

#include <array>

namespace {
// The one table of the states' names, in the enum's order.
constexpr std::array<const char *, 7> names
    = {"reading", "queued", "handling", "sleeping", "writing", "idle", "closed"};
static_assert(names.size() == std::size_t(ConnectionState::Closed) + 1);
} // namespace

QLatin1StringView connectionStateName(ConnectionState state)
{
    const std::size_t index = std::size_t(state);
    return QLatin1StringView(names[index < names.size() ? index : names.size() - 1]);
}
