#pragma once

#include "accesslog.h"

#include "serverconfig.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QString>
#include <QtCore/QStringList>

/*!
    The servescope command line: parses and validates the options into a ServerConfig and the
    app's own flags (--headless, --access-log, --lang).

    Option descriptions and error messages are translated, so construct it after the
    translators are installed; languageArgument() and isHeadlessRequested() exist for the
    decisions that must be taken before that.
*/
class CommandLine
{
    Q_DECLARE_TR_FUNCTIONS(CommandLine)

public:
    enum class Result {
        Run, //!< start the server
        ShowHelp, //!< --help: print helpText(), exit 0
        ShowVersion, //!< --version: print versionText(), exit 0
        ShowHelpAll, //!< --help-all: showHelpAll()
        Error, //!< print errorText(), exit 2
    };

    CommandLine();

    /*! Parses \a arguments (program name first, as QCoreApplication::arguments()). */
    Result parse(const QStringList &arguments);

    const ServerConfig &config() const { return m_config; }
    /*! Names of the server options given explicitly ("bind", "port", "mode", ...). */
    const QStringList &setOptions() const { return m_setOptions; }
    bool isHeadless() const { return m_headless; }
    /*! The --access-log target: a file name, "-" for standard output, empty when off. */
    const QString &accessLogPath() const { return m_accessLogPath; }
    /*! --access-log-format: clf (the default), combined or json. */
    AccessLog::Format accessLogFormat() const { return m_accessLogFormat; }
    /*! The --lang value ("zh_CN", "en"), empty for the system locale. */
    const QString &language() const { return m_language; }

    /*! The one-line reason parse() returned Error, and a hint to --help. */
    QString errorText() const;
    QString helpText() const;
    QString versionText() const;
    /*!
        Prints the help with Qt's own options (those of the application object that exists)
        and exits 0: only QCommandLineParser::process() can, so \a arguments are parsed again.
    */
    [[noreturn]] void showHelpAll(const QStringList &arguments);
    /*!
        For what parse() returned when it is not Run: prints the help, the version or the error
        and returns the process's exit code (0, or 2 for an error).
    */
    int printOutcome(Result result, const QStringList &arguments);

    /*!
        Whether \a argv asks for no window (--headless, or --help/--version, which print and
        exit): decides between QCoreApplication and QApplication before either exists.
        --help-all is not one: it lists the options of the application object, QApplication's
        (-platform, -style, ...) when there is a display.
    */
    static bool isHeadlessRequested(int argc, char **argv);
    /*!
        Whether \a argv has --headless itself: the one case main() hands to the Qt Core-only
        servescope-headless (--help and --version print and exit either way).
    */
    static bool hasHeadlessFlag(int argc, char **argv);
    /*!
        Whether a window can be shown: a display, or a Qt platform chosen (QT_QPA_PLATFORM).
        Without one QApplication aborts with a long platform-plugin message; checking first
        lets the caller say what to do instead.
    */
    static bool hasDisplay();
    /*!
        The --lang value in \a arguments if it is a supported one, else empty: the translators
        must be installed before the translated options can be built and parsed.
    */
    static QString languageArgument(const QStringList &arguments);
    /*! The languages --lang accepts. */
    static QStringList supportedLanguages();

private:
    bool validate();
    bool fail(const QString &message);

    QCommandLineParser m_parser;
    QCommandLineOption m_headlessOption;
    QCommandLineOption m_bindOption;
    QCommandLineOption m_portOption;
    QCommandLineOption m_modeOption;
    QCommandLineOption m_threadsOption;
    QCommandLineOption m_sleepOption;
    QCommandLineOption m_blockingSleepOption;
    QCommandLineOption m_allowedHostOption;
    QCommandLineOption m_diagnosticThresholdOption;
    QCommandLineOption m_memoryBudgetOption;
    QCommandLineOption m_accessLogOption;
    QCommandLineOption m_accessLogFormatOption;
    QCommandLineOption m_langOption;
    QCommandLineOption m_helpOption;
    QCommandLineOption m_versionOption;

    ServerConfig m_config;
    QStringList m_setOptions;
    bool m_headless = false;
    QString m_accessLogPath;
    AccessLog::Format m_accessLogFormat = AccessLog::Format::Common;
    QString m_language;
    QString m_error;
};
