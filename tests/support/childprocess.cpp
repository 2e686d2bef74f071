#include "childprocess.h"

#include <QtCore/QProcess>

#include <csignal>

#include <sys/prctl.h>
#include <unistd.h>

void ChildProcess::endWithTest(QProcess &process, std::function<void()> setUp)
{
    const pid_t parent = ::getpid();
    process.setChildProcessModifier([parent, setUp = std::move(setUp)] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) // the test ended before the line above took effect
            ::_exit(127);
        if (setUp)
            setUp();
    });
}
