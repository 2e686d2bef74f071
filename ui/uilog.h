#pragma once

#include <QtCore/QLoggingCategory>

/*! The window's logging category, "servescope.ui". */
Q_DECLARE_LOGGING_CATEGORY(lcUi)
