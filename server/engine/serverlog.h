#pragma once

#include <QtCore/QLoggingCategory>

/*! The server's logging category, "servescope.server". */
Q_DECLARE_LOGGING_CATEGORY(lcServer)
