#include "uilog.h"

Q_LOGGING_CATEGORY(lcUi, "servescope.ui", QtInfoMsg)
