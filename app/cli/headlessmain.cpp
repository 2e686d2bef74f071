// servescope-headless: `servescope --headless` without the window's libraries. servescope
// replaces itself with this program (same PID, same arguments) when it is asked for --headless,
// so a headless server maps Qt Core and Network only, not Qt Gui and Widgets and what they
// load (about 7 MiB of resident pages at idle).

#include "commandline.h"
#include "headlessrunner.h"
#include "languageloader.h"
#include "programidentity.h"

#include <QtCore/QCoreApplication>

int main(int argc, char *argv[])
{
    ProgramIdentity::apply();
    QCoreApplication app(argc, argv);
    LanguageLoader::install(&app, CommandLine::languageArgument(app.arguments()));

    CommandLine commandLine;
    const CommandLine::Result result = commandLine.parse(app.arguments());
    if (result != CommandLine::Result::Run)
        return commandLine.printOutcome(result, app.arguments());
    // This program has no window to show: it runs headless with or without the flag.
    return HeadlessRunner::run(commandLine);
}
