#include "serverlog.h"

Q_LOGGING_CATEGORY(lcServer, "servescope.server", QtInfoMsg)
