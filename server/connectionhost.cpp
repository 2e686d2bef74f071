#include "connectionhost.h"

ConnectionHost::~ConnectionHost() = default;
