#pragma once

/*!
    Hands a --headless run to servescope-headless, the same command line built on Qt Core and
    Network only. The dynamic linker maps every library an executable names before main()
    runs, so servescope cannot drop Qt Gui and Widgets itself: it replaces its image with the
    helper's (execv: same PID, arguments and environment), which never maps them.
*/
class HeadlessHandoff
{
public:
    /*!
        Replaces this process with servescope-headless, found at its install path relative to
        this executable, given \a argv as it is. Returns only when that is not possible (not
        found, not executable): the caller then runs headless in this process instead.
    */
    static void exec(char **argv);
};
