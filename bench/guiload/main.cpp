// servescope-guiload: the real monitor window under an external wrk load, measured.

#include "commandline.h"
#include "guiloadbench.h"
#include "languageloader.h"
#include "requestlogmodel.h"
#include "serverconfig.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QCoreApplication>
#include <QtCore/QSettings>
#include <QtCore/QStandardPaths>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTextStream>
#include <QtWidgets/QApplication>

#include <cstdio>

namespace {

//! The translation context of this file's strings (lupdate reads GuiLoad::tr()).
class GuiLoad
{
    Q_DECLARE_TR_FUNCTIONS(GuiLoad)
};

int positiveOption(const QCommandLineParser &parser, const QCommandLineOption &option, int low,
                   int high, bool *ok)
{
    bool parsed = false;
    const int value = parser.value(option).toInt(&parsed);
    if (!parsed || value < low || value > high) {
        *ok = false;
        return low;
    }
    return value;
}

/*!
    The request log column \a name asks for ("duration", "bytes", ...; ":desc" for descending
    order), or false for a name no column has.
*/
bool parseSort(const QString &name, GuiLoadBench::Options *options)
{
    static const struct
    {
        const char *name;
        RequestLogModel::Column column;
    } columns[] = {
        {"time", RequestLogModel::TimeColumn},         {"peer", RequestLogModel::PeerColumn},
        {"method", RequestLogModel::MethodColumn},     {"target", RequestLogModel::TargetColumn},
        {"status", RequestLogModel::StatusColumn},     {"bytes", RequestLogModel::BytesColumn},
        {"duration", RequestLogModel::DurationColumn}, {"thread", RequestLogModel::ThreadColumn},
        {"mode", RequestLogModel::ModeColumn},
    };
    QString column = name.toLower();
    options->sortOrder = Qt::AscendingOrder;
    if (column.endsWith(QLatin1StringView(":desc"))) {
        column.chop(5);
        options->sortOrder = Qt::DescendingOrder;
    }
    for (const auto &entry : columns) {
        if (column == QLatin1StringView(entry.name)) {
            options->sortColumn = entry.column;
            return true;
        }
    }
    return false;
}

} // namespace

int main(int argc, char *argv[])
{
    // The window under test needs a screen, if only an offscreen one; --help and --version
    // need none, and anything else says what to do rather than abort in QApplication.
    if (!CommandLine::hasDisplay()) {
        if (!CommandLine::isHeadlessRequested(argc, argv)) {
            std::fputs("servescope-guiload: no display; run it under xvfb-run or with "
                       "QT_QPA_PLATFORM=offscreen.\n",
                       stderr);
            return 2;
        }
        qputenv("QT_QPA_PLATFORM", "offscreen");
    }
    QApplication app(argc, argv);
    // Each window setup closes its window; the run goes on until the last setup.
    app.setQuitOnLastWindowClosed(false);
    QCoreApplication::setApplicationName(QStringLiteral("servescope-guiload"));
    QCoreApplication::setOrganizationName(QStringLiteral("ServeScopeBench"));
    // The window under test speaks the user's language, and so do the bench's own lines (the
    // same --lang pre-scan as servescope, before the help text is built).
    LanguageLoader::install(&app, CommandLine::languageArgument(app.arguments()));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QCommandLineParser parser;
    parser.setApplicationDescription(GuiLoad::tr(
        "Runs wrk against the ServeScope server with the real monitor window shown, with "
        "it hidden, and headless, and prints requests per second, event-loop gaps, repaints "
        "per second and memory. Run it under a display (e.g. xvfb-run) or with "
        "QT_QPA_PLATFORM=offscreen."));
    parser.addHelpOption();
    const QCommandLineOption duration(QStringLiteral("duration"),
                                      GuiLoad::tr("Seconds of load per setup (1-120)."),
                                      QStringLiteral("s"), QStringLiteral("10"));
    const QCommandLineOption connections(QStringLiteral("connections"),
                                         GuiLoad::tr("wrk connections (1-10000)."),
                                         QStringLiteral("n"), QStringLiteral("64"));
    const QCommandLineOption wrkThreads(QStringLiteral("wrk-threads"),
                                        GuiLoad::tr("wrk threads (1-64)."), QStringLiteral("n"),
                                        QStringLiteral("1"));
    const QCommandLineOption mode(QStringLiteral("mode"),
                                  GuiLoad::tr("Dispatch mode: sequential, concurrent or pooled."),
                                  QStringLiteral("mode"), QStringLiteral("pooled"));
    const QCommandLineOption threads(QStringLiteral("threads"),
                                     GuiLoad::tr("Pool size (1-256); default: the server's."),
                                     QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption route(QStringLiteral("route"), GuiLoad::tr("The path wrk requests."),
                                   QStringLiteral("path"), QStringLiteral("/"));
    const QCommandLineOption rounds(QStringLiteral("rounds"),
                                    GuiLoad::tr("How often to run the setups in turn (1-20)."),
                                    QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption setups(
        QStringLiteral("setups"),
        GuiLoad::tr("Comma-separated setups in the order to run: window, hidden, headless."),
        QStringLiteral("list"), QStringLiteral("window,hidden,headless"));
    const QCommandLineOption wrk(QStringLiteral("wrk"), GuiLoad::tr("The wrk program."),
                                 QStringLiteral("path"), QStringLiteral("wrk"));
    const QCommandLineOption paintDetail(
        QStringLiteral("paint-detail"),
        GuiLoad::tr(
            "Also count the paint events of every widget and list those that painted most."));
    const QCommandLineOption logPaused(
        QStringLiteral("log-paused"),
        GuiLoad::tr("Turn the request log's \"Follow newest\" off, as a person reading it would."));
    const QCommandLineOption sort(
        QStringLiteral("sort"),
        GuiLoad::tr("Sort the request log by this column before the load, as a click on its "
                    "header would: time, peer, method, target, status, bytes, duration, thread "
                    "or mode; add :desc for descending order (default: arrival order)."),
        QStringLiteral("column"));
    const QCommandLineOption lang(
        QStringLiteral("lang"),
        GuiLoad::tr("Language of the window and of this report: zh_CN or en "
                    "(default: the system locale)."),
        QStringLiteral("language"));
    parser.addOptions({duration, connections, wrkThreads, mode, threads, route, rounds, setups, wrk,
                       paintDetail, logPaused, sort, lang});
    parser.process(app);

    GuiLoadBench::Options options;
    bool ok = true;
    options.wrk.durationS = positiveOption(parser, duration, 1, 120, &ok);
    options.wrk.connections = positiveOption(parser, connections, 1, 10000, &ok);
    options.wrk.threads = positiveOption(parser, wrkThreads, 1, 64, &ok);
    options.rounds = positiveOption(parser, rounds, 1, 20, &ok);
    options.threads = parser.value(threads) == QLatin1StringView("0")
        ? 0
        : positiveOption(parser, threads, 1, ServerConfig::maxThreads, &ok);
    const std::optional<DispatchMode> parsedMode = dispatchModeFromName(parser.value(mode));
    ok = ok && parsedMode.has_value();
    options.mode = parsedMode.value_or(DispatchMode::Pooled);
    options.route = parser.value(route);
    options.paintDetail = parser.isSet(paintDetail);
    options.logPaused = parser.isSet(logPaused);
    if (parser.isSet(sort))
        ok = parseSort(parser.value(sort), &options) && ok;
    ok = ok && options.route.startsWith(QLatin1Char('/'));
    ok = ok
        && (!parser.isSet(lang) || CommandLine::supportedLanguages().contains(parser.value(lang)));
    options.setups.clear();
    for (const QString &name : parser.value(setups).split(QLatin1Char(','))) {
        if (name == QLatin1StringView("window"))
            options.setups.append(GuiLoadBench::Setup::Window);
        else if (name == QLatin1StringView("hidden"))
            options.setups.append(GuiLoadBench::Setup::HiddenWindow);
        else if (name == QLatin1StringView("headless"))
            options.setups.append(GuiLoadBench::Setup::Headless);
        else
            ok = false;
    }
    options.wrk.program = QStandardPaths::findExecutable(parser.value(wrk));
    if (options.wrk.program.isEmpty()) {
        err << GuiLoad::tr("servescope-guiload: cannot find %1 (install the wrk package).")
                   .arg(parser.value(wrk))
            << '\n';
        return 1;
    }
    if (!ok || options.setups.isEmpty()) {
        err << GuiLoad::tr("servescope-guiload: invalid option value; see --help.") << '\n';
        return 2;
    }

    // The window remembers settings: keep the bench's away from the user's.
    QTemporaryDir settingsDir;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());

    GuiLoadBench bench(options, out);
    QObject::connect(&bench, &GuiLoadBench::finished, &app, &QCoreApplication::exit);
    bench.start();
    return app.exec();
}
