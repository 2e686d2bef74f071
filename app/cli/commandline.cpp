#include "commandline.h"

#include "consoleoutput.h"
#include "dispatchmode.h"

#include <QtCore/QCoreApplication>
#include <QtCore/QUrl>

#include <algorithm>
#include <cstddef>

#include <cstdlib>
#include <cstring>

CommandLine::CommandLine()
    : m_headlessOption(QStringLiteral("headless"),
                       tr("Run the server without a window (for scripts, CI and "
                          "terminals)."))
    , m_bindOption(QStringLiteral("bind"),
                   tr("Listen on <address> (default 127.0.0.1, this machine only; "
                      "0.0.0.0 or :: exposes the server to the network)."),
                   tr("address"))
    , m_portOption(QStringLiteral("port"),
                   tr("Listen on <port> (default 7878; 0 picks a free port)."), tr("port"))
    , m_modeOption(QStringLiteral("mode"),
                   tr("How requests are handled: sequential (one connection at a "
                      "time), concurrent (event-driven on one thread) or pooled "
                      "(handlers on a thread pool). Default: pooled."),
                   tr("mode"))
    , m_threadsOption(QStringLiteral("threads"),
                      tr("Thread pool size, 1 to %1 (default %2 on this machine).")
                          .arg(ServerConfig::maxThreads)
                          .arg(ServerConfig::defaultThreadCount()),
                      tr("n"))
    , m_sleepOption(QStringLiteral("sleep-ms"),
                    tr("How long /sleep waits when the request gives no ?ms=, "
                       "0 to %1 milliseconds (default 5000).")
                        .arg(ServerConfig::maxSleepMs),
                    tr("ms"))
    , m_blockingSleepOption(QStringLiteral("blocking-sleep"),
                            tr("Make /sleep block the thread that handles it: "
                               "the classic mistake of blocking inside an "
                               "executor, shown on purpose."))
    , m_allowedHostOption(QStringLiteral("allowed-host"),
                          tr("Also answer requests for <name> while listening on loopback "
                             "(by default only localhost and loopback addresses are, against "
                             "DNS rebinding). May be given more than once."),
                          tr("name"))
    , m_diagnosticThresholdOption(
          QStringLiteral("diagnostic-threshold-ms"),
          tr("Report a mistake (in /-/status) when a handler holds a thread, or a request "
             "waits, at least <ms> milliseconds, %1 to %2 (default %3).")
              .arg(ServerConfig::minDiagnosticThresholdMs)
              .arg(ServerConfig::maxDiagnosticThresholdMs)
              .arg(ServerConfig::defaultDiagnosticThresholdMs),
          tr("ms"))
    , m_memoryBudgetOption(
          QStringLiteral("memory-budget-mib"),
          tr("Memory for what all connections buffer together (requests being read, "
             "responses not yet sent), %1 to %2 MiB (default %3). When it is used up, the "
             "biggest holders stop being read and the idlest get 503.")
              .arg(ServerConfig::minMemoryBudgetMib)
              .arg(ServerConfig::maxMemoryBudgetMib)
              .arg(ServerConfig::defaultMemoryBudgetMib),
          tr("MiB"))
    , m_accessLogOption(QStringLiteral("access-log"),
                        tr("Append one line per request to <file>; - means standard output. "
                           "Off by default."),
                        tr("file"))
    , m_accessLogFormatOption(QStringLiteral("access-log-format"),
                              tr("The access log's format: clf (the Common Log Format, the "
                                 "default), combined (clf with the referer and the user agent) "
                                 "or json (one JSON object per line, with the request's "
                                 "phases)."),
                              tr("format"))
    , m_langOption(QStringLiteral("lang"),
                   tr("Language of the interface: zh_CN or en (default: the "
                      "system's)."),
                   tr("language"))
    , m_helpOption(m_parser.addHelpOption())
    , m_versionOption(m_parser.addVersionOption())
{
    m_parser.setApplicationDescription(
        tr("ServeScope runs a small HTTP/1.1 server (the web server of chapter 9 of "
           "Asynchronous Programming in Rust) and shows it serving: sequentially, "
           "concurrently on one thread, or on a thread pool."));
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsCompactedShortOptions);
    m_parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsOptions);
    m_parser.addOptions({m_headlessOption, m_bindOption, m_portOption, m_modeOption,
                         m_threadsOption, m_sleepOption, m_blockingSleepOption, m_allowedHostOption,
                         m_diagnosticThresholdOption, m_memoryBudgetOption, m_accessLogOption,
                         m_accessLogFormatOption, m_langOption});
}

CommandLine::Result CommandLine::parse(const QStringList &arguments)
{
    m_config = ServerConfig();
    m_setOptions.clear();
    m_error.clear();
    if (!m_parser.parse(arguments)) {
        // QCommandLineParser's own messages ("Unknown option 'x'.") are translated by qtbase.
        m_error = m_parser.errorText();
        return Result::Error;
    }
    if (m_parser.isSet(m_helpOption))
        return Result::ShowHelp;
    if (m_parser.isSet(m_versionOption))
        return Result::ShowVersion;
    if (m_parser.isSet(QStringLiteral("help-all"))) // added by addHelpOption()
        return Result::ShowHelpAll;
    return validate() ? Result::Run : Result::Error;
}

bool CommandLine::fail(const QString &message)
{
    m_error = message;
    return false;
}

bool CommandLine::validate()
{
    const QStringList positional = m_parser.positionalArguments();
    if (!positional.isEmpty())
        return fail(tr("Unexpected argument '%1'.").arg(positional.first()));

    m_headless = m_parser.isSet(m_headlessOption);

    if (m_parser.isSet(m_bindOption)) {
        const QString value = m_parser.value(m_bindOption).trimmed();
        QHostAddress address;
        // "localhost" is what people type; anything else must be a literal address, so the
        // server never depends on name resolution to start.
        if (value.compare(QLatin1StringView("localhost"), Qt::CaseInsensitive) == 0)
            address = QHostAddress(QHostAddress::LocalHost);
        else if (!address.setAddress(value))
            return fail(tr("Invalid bind address '%1': expected an IP "
                           "address such as 127.0.0.1, 0.0.0.0 or ::1.")
                            .arg(value));
        m_config.bindAddress = address;
        m_setOptions.append(m_bindOption.names().constFirst());
    }

    if (m_parser.isSet(m_portOption)) {
        const QString value = m_parser.value(m_portOption);
        bool ok = false;
        const uint port = value.toUInt(&ok);
        // Digits only: toUInt() also takes "+8080" and " 8080".
        const bool digits = !value.isEmpty()
            && std::all_of(value.begin(), value.end(), [](QChar c) { return c.isDigit(); });
        if (!ok || !digits || port > 65535)
            return fail(tr("Invalid port '%1': expected a number from 0 to 65535 "
                           "(0 picks a free port).")
                            .arg(value));
        m_config.port = quint16(port);
        m_setOptions.append(m_portOption.names().constFirst());
    }

    if (m_parser.isSet(m_modeOption)) {
        const QString value = m_parser.value(m_modeOption);
        const std::optional<DispatchMode> mode = dispatchModeFromName(value);
        if (!mode)
            return fail(
                tr("Invalid mode '%1': expected sequential, concurrent or pooled.").arg(value));
        m_config.mode = *mode;
        m_setOptions.append(m_modeOption.names().constFirst());
    }

    if (m_parser.isSet(m_threadsOption)) {
        const QString value = m_parser.value(m_threadsOption);
        bool ok = false;
        const int threads = value.toInt(&ok);
        if (!ok || threads < 1 || threads > ServerConfig::maxThreads)
            return fail(tr("Invalid thread count '%1': expected a number from 1 to %2.")
                            .arg(value)
                            .arg(ServerConfig::maxThreads));
        m_config.threads = threads;
        m_setOptions.append(m_threadsOption.names().constFirst());
    }

    if (m_parser.isSet(m_sleepOption)) {
        const QString value = m_parser.value(m_sleepOption);
        bool ok = false;
        const int ms = value.toInt(&ok);
        if (!ok || ms < 0 || ms > ServerConfig::maxSleepMs)
            return fail(tr("Invalid sleep time '%1': expected milliseconds from 0 to %2.")
                            .arg(value)
                            .arg(ServerConfig::maxSleepMs));
        m_config.sleepMs = ms;
        m_setOptions.append(m_sleepOption.names().constFirst());
    }

    if (m_parser.isSet(m_blockingSleepOption)) {
        m_config.blockingSleep = true;
        m_setOptions.append(m_blockingSleepOption.names().constFirst());
    }

    if (m_parser.isSet(m_allowedHostOption)) {
        for (const QString &value : m_parser.values(m_allowedHostOption)) {
            QUrl url;
            url.setHost(value, QUrl::StrictMode);
            if (value.isEmpty() || !url.isValid() || url.host().isEmpty())
                return fail(tr("Invalid host name '%1'.").arg(value));
            // The ASCII form (xn--…) of an international name: what browsers send as Host.
            m_config.allowedHosts.append(url.host(QUrl::EncodeUnicode));
        }
        m_setOptions.append(m_allowedHostOption.names().constFirst());
    }

    if (m_parser.isSet(m_diagnosticThresholdOption)) {
        const QString value = m_parser.value(m_diagnosticThresholdOption);
        bool ok = false;
        const int ms = value.toInt(&ok);
        if (!ok)
            return fail(tr("Invalid diagnostic threshold '%1': expected milliseconds from %2 to "
                           "%3.")
                            .arg(value)
                            .arg(ServerConfig::minDiagnosticThresholdMs)
                            .arg(ServerConfig::maxDiagnosticThresholdMs));
        // A number out of range is clamped, not refused: any threshold works, only its
        // usefulness changes.
        m_config.diagnosticThresholdMs = ServerConfig::clampDiagnosticThresholdMs(ms);
        m_setOptions.append(m_diagnosticThresholdOption.names().constFirst());
    }

    if (m_parser.isSet(m_memoryBudgetOption)) {
        const QString value = m_parser.value(m_memoryBudgetOption);
        bool ok = false;
        const int mib = value.toInt(&ok);
        // Digits only: toInt() would take "+64" or " 64".
        const bool digits = !value.isEmpty()
            && std::all_of(value.cbegin(), value.cend(), [](QChar c) { return c.isDigit(); });
        if (!ok || !digits || mib < ServerConfig::minMemoryBudgetMib
            || mib > ServerConfig::maxMemoryBudgetMib)
            return fail(tr("Invalid memory budget '%1': expected MiB from %2 to %3.")
                            .arg(value)
                            .arg(ServerConfig::minMemoryBudgetMib)
                            .arg(ServerConfig::maxMemoryBudgetMib));
        m_config.memoryBudgetMib = mib;
        m_setOptions.append(m_memoryBudgetOption.names().constFirst());
    }

    m_accessLogPath.clear();
    if (m_parser.isSet(m_accessLogOption)) {
        m_accessLogPath = m_parser.value(m_accessLogOption);
        if (m_accessLogPath.isEmpty())
            return fail(tr("The access log needs a file name, or - for standard output."));
    }
    m_accessLogFormat = AccessLog::Format::Common;
    if (m_parser.isSet(m_accessLogFormatOption)) {
        const QString value = m_parser.value(m_accessLogFormatOption);
        if (!AccessLog::parseFormat(value, &m_accessLogFormat))
            return fail(
                tr("Unknown access log format '%1': expected clf, combined or json.").arg(value));
    }

    m_language.clear();
    if (m_parser.isSet(m_langOption)) {
        const QString value = m_parser.value(m_langOption);
        if (!supportedLanguages().contains(value))
            return fail(tr("Unsupported language '%1': expected zh_CN or en.").arg(value));
        m_language = value;
    }
    return true;
}

QString CommandLine::errorText() const
{
    const QString program = QCoreApplication::applicationName();
    return program % QLatin1StringView(": ") % m_error % u'\n'
        % tr("Try '%1 --help' for more information.").arg(program) % u'\n';
}

QString CommandLine::helpText() const
{
    return m_parser.helpText();
}

void CommandLine::showHelpAll(const QStringList &arguments)
{
    m_parser.process(arguments);
    std::exit(0); // not reached: process() exits on --help-all
}

int CommandLine::printOutcome(Result result, const QStringList &arguments)
{
    switch (result) {
    case Result::ShowHelp:
        ConsoleOutput::print(stdout, helpText());
        return 0;
    case Result::ShowVersion:
        ConsoleOutput::print(stdout, versionText());
        return 0;
    case Result::ShowHelpAll:
        showHelpAll(arguments);
    case Result::Error:
        ConsoleOutput::print(stderr, errorText());
        return 2;
    case Result::Run:
        break;
    }
    return 0;
}

QString CommandLine::versionText() const
{
    return QCoreApplication::applicationName() % u' ' % QCoreApplication::applicationVersion()
        % u'\n';
}

bool CommandLine::hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY")
        || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
        || !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

namespace {

// Whether one of \a flags is among the options (before "--", after which all are arguments).
template<std::size_t N>
bool hasAnyFlag(int argc, char **argv, const char *const (&flags)[N])
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--") == 0)
            break;
        for (const char *flag : flags) {
            if (std::strcmp(argv[i], flag) == 0)
                return true;
        }
    }
    return false;
}

} // namespace

bool CommandLine::isHeadlessRequested(int argc, char **argv)
{
    static const char *const windowless[] = {"--headless", "--help", "-h", "--version", "-v"};
    return hasAnyFlag(argc, argv, windowless);
}

bool CommandLine::hasHeadlessFlag(int argc, char **argv)
{
    static const char *const headless[] = {"--headless"};
    return hasAnyFlag(argc, argv, headless);
}

QString CommandLine::languageArgument(const QStringList &arguments)
{
    const QLatin1StringView option("--lang");
    const QLatin1StringView optionWithValue("--lang=");
    QString value;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &argument = arguments.at(i);
        if (argument == QLatin1StringView("--"))
            break;
        if (argument == option && i + 1 < arguments.size())
            value = arguments.at(++i);
        else if (argument.startsWith(optionWithValue))
            value = argument.mid(optionWithValue.size());
    }
    return supportedLanguages().contains(value) ? value : QString();
}

QStringList CommandLine::supportedLanguages()
{
    return {QStringLiteral("zh_CN"), QStringLiteral("en")};
}
