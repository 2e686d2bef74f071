#include "chartpalette.h"

#include <algorithm>
#include <cmath>

double ChartPalette::niceCeiling(double value, double minimum)
{
    value = std::max(value, minimum);
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 5.0, 10.0}) {
        if (step * magnitude >= value)
            return step * magnitude;
    }
    return 10.0 * magnitude;
}
