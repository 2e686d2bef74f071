#pragma once

#include <QtCore/QtGlobal>

/*!
    How much slower than a plain build this test binary runs: SERVESCOPE_TEST_TIME_SCALE, set by
    the sanitizer test presets (a sanitizer makes the code itself several times slower), 1
    otherwise. Bounds on how long the code's own work may take are scaled by it, so under a
    sanitizer they still tell blocking from not blocking instead of measuring the sanitizer.
*/
class TimeScale
{
public:
    static double factor();
    static qint64 scaled(qint64 bound) { return qint64(double(bound) * factor()); }
};
