#include "headlesshandoff.h"

#include <climits>
#include <cstring>
#include <string>

#include <unistd.h>

void HeadlessHandoff::exec(char **argv)
{
    // This executable's own path (argv[0] may be a bare name found through PATH).
    char self[PATH_MAX];
    const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
    if (length <= 0)
        return;
    std::string path(self, std::size_t(length));
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos)
        return;
    // SERVESCOPE_HEADLESS_PATH is relative to the directory of servescope, the same in the
    // build tree as installed (app/CMakeLists.txt).
    path.resize(slash + 1);
    path += SERVESCOPE_HEADLESS_PATH;
    ::execv(path.c_str(), argv);
}
