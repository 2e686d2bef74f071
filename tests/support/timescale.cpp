#include "timescale.h"

#include <QtCore/QString>

double TimeScale::factor()
{
    static const double factor = [] {
        bool ok = false;
        const double value = qEnvironmentVariable("SERVESCOPE_TEST_TIME_SCALE").toDouble(&ok);
        return ok && value >= 1.0 ? value : 1.0;
    }();
    return factor;
}
