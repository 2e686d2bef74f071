// servescope: the command line and the wiring; the server is in server/, the window in ui/.

#include "commandline.h"
#include "consoleoutput.h"
#include "guirunner.h"
#include "headlesshandoff.h"
#include "headlessrunner.h"
#include "languageloader.h"
#include "programidentity.h"

#include <QtCore/QCoreApplication>
#include <QtGui/QGuiApplication>
#include <QtWidgets/QApplication>

#include <memory>

int main(int argc, char *argv[])
{
    // A headless server does not need the window's libraries; this returns only if their
    // absence cannot be had (no helper), and the run goes on here.
    if (CommandLine::hasHeadlessFlag(argc, argv))
        HeadlessHandoff::exec(argv);

    ProgramIdentity::apply();
    // The installed desktop entry's name: Wayland's app id and X11's hint that match the
    // window to its entry and icon (the executable's name would not).
    QGuiApplication::setDesktopFileName(QStringLiteral(SERVESCOPE_APP_ID));

    // Decided before any application object exists: headless runs (and --help, --version)
    // must not need a display or initialise the GUI.
    const bool windowless
        = CommandLine::isHeadlessRequested(argc, argv) || !CommandLine::hasDisplay();
    std::unique_ptr<QCoreApplication> app;
    if (windowless)
        app = std::make_unique<QCoreApplication>(argc, argv);
    else
        app = std::make_unique<QApplication>(argc, argv);

    // Before the command line is built, so that --help is translated too.
    LanguageLoader::install(app.get(), CommandLine::languageArgument(app->arguments()));

    CommandLine commandLine;
    const CommandLine::Result result = commandLine.parse(app->arguments());
    if (result != CommandLine::Result::Run)
        return commandLine.printOutcome(result, app->arguments());
    if (commandLine.isHeadless())
        return HeadlessRunner::run(commandLine);

    if (windowless) {
        ConsoleOutput::printError(QCoreApplication::translate(
            "CommandLine",
            "No display found (DISPLAY and WAYLAND_DISPLAY are not set). Use --headless to "
            "run the server without a window."));
        return 1;
    }
    GuiRunner gui(commandLine.config(), commandLine.setOptions(), commandLine.accessLogPath(),
                  commandLine.accessLogFormat());
    // The window decides when the application ends: hidden into the tray is not the end.
    QApplication::setQuitOnLastWindowClosed(false);
    QObject::connect(&gui, &GuiRunner::finished, app.get(), &QCoreApplication::exit,
                     Qt::QueuedConnection);
    if (!gui.start())
        return 1;
    return app->exec();
}
