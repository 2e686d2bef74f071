#pragma once

#include <QtGui/QColor>

/*!
    The chart series colours, chosen to read on light and dark palettes alike (mid lightness,
    strong saturation); everything else in the charts comes from the widget palette.
*/
class ChartPalette
{
public:
    static QColor requests() { return QColor(0x3b, 0x82, 0xf6); } // blue
    static QColor p50() { return QColor(0x10, 0xb9, 0x81); } // green
    static QColor p99() { return QColor(0xf5, 0x9e, 0x0b); } // amber
    static QColor finished() { return QColor(0x3b, 0x82, 0xf6); }
    static QColor failed() { return QColor(0xef, 0x44, 0x44); } // red: 4xx and 5xx
    static QColor loopLag() { return QColor(0x7c, 0x3a, 0xed); } // violet, as a blocked thread
    static QColor open() { return QColor(0xf5, 0x9e, 0x0b); } // still running
    // The timeline's phases: a thread running, a thread held doing nothing, a parked sleep.
    static QColor running() { return QColor(0x3b, 0x82, 0xf6); } // blue
    static QColor blocked() { return QColor(0x7c, 0x3a, 0xed); } // violet
    static QColor parked() { return QColor(0x10, 0xb9, 0x81); } // green, drawn as an outline
    static QColor waiting() { return QColor(0xf5, 0x9e, 0x0b); } // amber, hatched
    static QColor sending() { return QColor(0x06, 0xb6, 0xd4); } // cyan: a response on its way
    /*! The server thread's own reading, parsing and writing: plain overhead, stone grey. */
    static QColor serverIo() { return QColor(0x78, 0x71, 0x6c); }
    static QColor client() { return QColor(0x64, 0x74, 0x8b); } // slate: what a burst's client saw

    /*! 1, 2 or 5 times a power of ten, at least \a value (and at least \a minimum). */
    static double niceCeiling(double value, double minimum = 1.0);
};
