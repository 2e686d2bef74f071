#pragma once

#include <functional>

class QProcess;

/*!
    Makes a test's child process end with the test. QProcess's destructor ends the child when
    the test ends normally; when it dies instead (a crash, a sanitizer's abort, CTest's
    timeout), the child would stay, a server listening with nobody left to stop it. Linux
    kills it then (PR_SET_PDEATHSIG).
*/
class ChildProcess
{
public:
    /*!
        The next child \a process starts ends with this process (with the thread that starts
        it: start it from the test's own thread). \a setUp, if given, also runs in the child
        before it executes the program.
    */
    static void endWithTest(QProcess &process, std::function<void()> setUp = {});
};
