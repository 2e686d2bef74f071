#include "commandline.h"

#include <QtTest/QTest>

#include <vector>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(CommandLine::Result)

/*! The servescope command line: defaults, every option, and every rejected value. */
class tst_CommandLine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaults();
    void everyOption();
    void allowedHosts();
    void diagnosticThreshold_data();
    void diagnosticThreshold();
    void memoryBudget_data();
    void memoryBudget();
    void accessLogFormat_data();
    void accessLogFormat();
    void bindAddresses_data();
    void bindAddresses();
    void invalid_data();
    void invalid();
    void helpAndVersion_data();
    void helpAndVersion();
    void helpIsComplete();
    void isHeadlessRequested_data();
    void isHeadlessRequested();
    void languageArgument_data();
    void languageArgument();
};

namespace {

QStringList args(const QStringList &options)
{
    return QStringList {u"servescope"_s} + options;
}

} // namespace

void tst_CommandLine::defaults()
{
    CommandLine commandLine;
    QCOMPARE(commandLine.parse(args({})), CommandLine::Result::Run);
    const ServerConfig &config = commandLine.config();
    QCOMPARE(config.bindAddress, QHostAddress(QHostAddress::LocalHost));
    QCOMPARE(config.port, quint16(7878));
    QCOMPARE(config.mode, DispatchMode::Pooled);
    QCOMPARE(config.threads, ServerConfig::defaultThreadCount());
    QVERIFY(config.threads >= 2);
    QCOMPARE(config.sleepMs, 5000);
    QCOMPARE(config.blockingSleep, false);
    QCOMPARE(config.diagnosticThresholdMs, ServerConfig::defaultDiagnosticThresholdMs);
    QCOMPARE(config.diagnosticThresholdMs, 100);
    QCOMPARE(config.memoryBudgetMib, ServerConfig::defaultMemoryBudgetMib);
    QCOMPARE(config.memoryBudgetBytes(), qint64(256) * 1024 * 1024);
    QVERIFY(!commandLine.isHeadless());
    QVERIFY(commandLine.accessLogPath().isEmpty());
    QCOMPARE(commandLine.accessLogFormat(), AccessLog::Format::Common);
    QVERIFY(commandLine.language().isEmpty());
    QVERIFY(commandLine.setOptions().isEmpty());
}

void tst_CommandLine::everyOption()
{
    CommandLine commandLine;
    QCOMPARE(commandLine.parse(
                 args({u"--headless"_s, u"--bind"_s, u"::1"_s, u"--port=0"_s, u"--mode"_s,
                       u"sequential"_s, u"--threads"_s, u"7"_s, u"--sleep-ms"_s, u"300"_s,
                       u"--blocking-sleep"_s, u"--access-log"_s, u"-"_s, u"--lang"_s, u"zh_CN"_s})),
             CommandLine::Result::Run);
    const ServerConfig &config = commandLine.config();
    QCOMPARE(config.bindAddress, QHostAddress(QHostAddress::LocalHostIPv6));
    QCOMPARE(config.port, quint16(0));
    QCOMPARE(config.mode, DispatchMode::Sequential);
    QCOMPARE(config.threads, 7);
    QCOMPARE(config.sleepMs, 300);
    QCOMPARE(config.blockingSleep, true);
    QVERIFY(commandLine.isHeadless());
    QCOMPARE(commandLine.accessLogPath(), u"-"_s);
    QCOMPARE(commandLine.language(), u"zh_CN"_s);
    QCOMPARE(commandLine.setOptions(),
             QStringList({u"bind"_s, u"port"_s, u"mode"_s, u"threads"_s, u"sleep-ms"_s,
                          u"blocking-sleep"_s}));

    // Parsing again starts from the defaults.
    QCOMPARE(commandLine.parse(args({u"--mode"_s, u"concurrent"_s})), CommandLine::Result::Run);
    QCOMPARE(commandLine.config().mode, DispatchMode::Concurrent);
    QCOMPARE(commandLine.config().port, quint16(7878));
    QVERIFY(!commandLine.isHeadless());
    QVERIFY(commandLine.accessLogPath().isEmpty());
    QCOMPARE(commandLine.setOptions(), QStringList({u"mode"_s}));
}

void tst_CommandLine::allowedHosts()
{
    // Repeatable; international names are kept in the ASCII form browsers send as Host.
    CommandLine commandLine;
    QCOMPARE(commandLine.parse({u"servescope"_s, u"--allowed-host"_s, u"DevBox.example"_s,
                                u"--allowed-host=bücher.example"_s}),
             CommandLine::Result::Run);
    QCOMPARE(commandLine.config().allowedHosts,
             (QStringList {u"devbox.example"_s, u"xn--bcher-kva.example"_s}));
    QVERIFY(commandLine.setOptions().contains(u"allowed-host"_s));
}

void tst_CommandLine::diagnosticThreshold_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("expected");
    QTest::newRow("in range") << u"250"_s << 250;
    QTest::newRow("smallest") << u"10"_s << 10;
    QTest::newRow("too small: clamped") << u"1"_s << 10;
    QTest::newRow("negative: clamped") << u"-40"_s << 10;
    QTest::newRow("too large: clamped") << u"1000000"_s << 60000;
}

void tst_CommandLine::diagnosticThreshold()
{
    QFETCH(QString, value);
    QFETCH(int, expected);
    CommandLine commandLine;
    QCOMPARE(commandLine.parse(args({u"--diagnostic-threshold-ms"_s, value})),
             CommandLine::Result::Run);
    QCOMPARE(commandLine.config().diagnosticThresholdMs, expected);
    QCOMPARE(commandLine.setOptions(), QStringList({u"diagnostic-threshold-ms"_s}));
}

void tst_CommandLine::memoryBudget_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("expected");
    QTest::newRow("in range") << u"32"_s << 32;
    QTest::newRow("smallest") << u"1"_s << 1;
    QTest::newRow("largest") << u"65536"_s << 65536;
}

void tst_CommandLine::memoryBudget()
{
    QFETCH(QString, value);
    QFETCH(int, expected);
    CommandLine commandLine;
    QCOMPARE(commandLine.parse(args({u"--memory-budget-mib"_s, value})), CommandLine::Result::Run);
    QCOMPARE(commandLine.config().memoryBudgetMib, expected);
    QCOMPARE(commandLine.config().memoryBudgetBytes(), qint64(expected) * 1024 * 1024);
    QCOMPARE(commandLine.setOptions(), QStringList({u"memory-budget-mib"_s}));
}

void tst_CommandLine::accessLogFormat_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("expected");
    QTest::newRow("clf") << u"clf"_s << int(AccessLog::Format::Common);
    QTest::newRow("combined") << u"combined"_s << int(AccessLog::Format::Combined);
    QTest::newRow("json") << u"json"_s << int(AccessLog::Format::Json);
}

void tst_CommandLine::accessLogFormat()
{
    QFETCH(QString, value);
    QFETCH(int, expected);
    CommandLine commandLine;
    QCOMPARE(commandLine.parse(args({u"--access-log"_s, u"-"_s, u"--access-log-format"_s, value})),
             CommandLine::Result::Run);
    QCOMPARE(int(commandLine.accessLogFormat()), expected);
    QCOMPARE(commandLine.accessLogPath(), u"-"_s);
}

void tst_CommandLine::bindAddresses_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QHostAddress>("expected");
    QTest::newRow("ipv4") << u"192.168.1.20"_s << QHostAddress(u"192.168.1.20"_s);
    QTest::newRow("any ipv4") << u"0.0.0.0"_s << QHostAddress(QHostAddress::AnyIPv4);
    QTest::newRow("any ipv6") << u"::"_s << QHostAddress(QHostAddress::AnyIPv6);
    QTest::newRow("localhost") << u"localhost"_s << QHostAddress(QHostAddress::LocalHost);
    QTest::newRow("spaces") << u" 127.0.0.2 "_s << QHostAddress(u"127.0.0.2"_s);
}

void tst_CommandLine::bindAddresses()
{
    QFETCH(QString, value);
    QFETCH(QHostAddress, expected);
    CommandLine commandLine;
    QCOMPARE(commandLine.parse(args({u"--bind"_s, value})), CommandLine::Result::Run);
    QCOMPARE(commandLine.config().bindAddress, expected);
}

void tst_CommandLine::invalid_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("mentions"); // the one-line error names the offending value

    QTest::newRow("port too large") << QStringList {u"--port"_s, u"70000"_s} << u"'70000'"_s;
    QTest::newRow("port negative") << QStringList {u"--port"_s, u"-1"_s} << u"'-1'"_s;
    QTest::newRow("port not a number") << QStringList {u"--port=http"_s} << u"'http'"_s;
    // toUInt() takes these; a port is digits only.
    QTest::newRow("port with a sign") << QStringList {u"--port"_s, u"+8080"_s} << u"'+8080'"_s;
    QTest::newRow("port with a space") << QStringList {u"--port= 8080"_s} << u"' 8080'"_s;
    QTest::newRow("allowed host with a slash")
        << QStringList {u"--allowed-host"_s, u"a/b"_s} << u"'a/b'"_s;
    QTest::newRow("mode") << QStringList {u"--mode"_s, u"foo"_s} << u"'foo'"_s;
    QTest::newRow("threads zero") << QStringList {u"--threads"_s, u"0"_s} << u"'0'"_s;
    QTest::newRow("threads too many") << QStringList {u"--threads"_s, u"257"_s} << u"'257'"_s;
    QTest::newRow("sleep negative") << QStringList {u"--sleep-ms"_s, u"-5"_s} << u"'-5'"_s;
    QTest::newRow("sleep too long") << QStringList {u"--sleep-ms"_s, u"60001"_s} << u"'60001'"_s;
    QTest::newRow("diagnostic threshold not a number")
        << QStringList {u"--diagnostic-threshold-ms"_s, u"soon"_s} << u"'soon'"_s;
    QTest::newRow("memory budget zero")
        << QStringList {u"--memory-budget-mib"_s, u"0"_s} << u"'0'"_s;
    QTest::newRow("memory budget too large")
        << QStringList {u"--memory-budget-mib"_s, u"65537"_s} << u"'65537'"_s;
    QTest::newRow("memory budget with a sign")
        << QStringList {u"--memory-budget-mib"_s, u"+64"_s} << u"'+64'"_s;
    QTest::newRow("memory budget with a unit")
        << QStringList {u"--memory-budget-mib"_s, u"64M"_s} << u"'64M'"_s;
    QTest::newRow("bind bad octet")
        << QStringList {u"--bind"_s, u"999.1.1.1"_s} << u"'999.1.1.1'"_s;
    QTest::newRow("bind host name")
        << QStringList {u"--bind"_s, u"example.org"_s} << u"'example.org'"_s;
    QTest::newRow("empty access log") << QStringList {u"--access-log="_s} << u"access log"_s;
    QTest::newRow("access log format")
        << QStringList {u"--access-log-format"_s, u"xml"_s} << u"'xml'"_s;
    QTest::newRow("lang") << QStringList {u"--lang"_s, u"fr"_s} << u"'fr'"_s;
    QTest::newRow("unknown option") << QStringList {u"--bogus"_s} << u"bogus"_s;
    QTest::newRow("missing value") << QStringList {u"--port"_s} << u"--port"_s;
    QTest::newRow("positional") << QStringList {u"8080"_s} << u"'8080'"_s;
}

void tst_CommandLine::invalid()
{
    QFETCH(QStringList, options);
    QFETCH(QString, mentions);
    CommandLine commandLine;
    QCOMPARE(commandLine.parse(args(options)), CommandLine::Result::Error);
    const QStringList lines = commandLine.errorText().split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QVERIFY2(lines.at(0).contains(mentions), qPrintable(lines.at(0)));
    QVERIFY2(lines.at(1).contains(u"--help"_s), qPrintable(lines.at(1)));
}

void tst_CommandLine::helpAndVersion_data()
{
    QTest::addColumn<QString>("option");
    QTest::addColumn<CommandLine::Result>("expected");
    QTest::newRow("--help") << u"--help"_s << CommandLine::Result::ShowHelp;
    QTest::newRow("-h") << u"-h"_s << CommandLine::Result::ShowHelp;
    QTest::newRow("--version") << u"--version"_s << CommandLine::Result::ShowVersion;
    QTest::newRow("-v") << u"-v"_s << CommandLine::Result::ShowVersion;
    QTest::newRow("--help-all") << u"--help-all"_s << CommandLine::Result::ShowHelpAll;
}

void tst_CommandLine::helpAndVersion()
{
    QFETCH(QString, option);
    QFETCH(CommandLine::Result, expected);
    CommandLine commandLine;
    // Help and version win over other options, even invalid values.
    QCOMPARE(commandLine.parse(args({u"--port"_s, u"70000"_s, option})), expected);
}

void tst_CommandLine::helpIsComplete()
{
    CommandLine commandLine;
    const QString help = commandLine.helpText();
    for (const char *option :
         {"--headless", "--bind", "--port", "--mode", "--threads", "--sleep-ms", "--blocking-sleep",
          "--allowed-host", "--diagnostic-threshold-ms", "--memory-budget-mib", "--access-log",
          "--lang", "--help", "--version"}) {
        QVERIFY2(help.contains(QLatin1StringView(option)), option);
    }
    QCOMPARE(commandLine.versionText(),
             QCoreApplication::applicationName() % u' ' % QCoreApplication::applicationVersion()
                 % u'\n');
}

void tst_CommandLine::isHeadlessRequested_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<bool>("expected");
    QTest::newRow("none") << QStringList {} << false;
    QTest::newRow("headless") << QStringList {u"--port"_s, u"0"_s, u"--headless"_s} << true;
    QTest::newRow("help") << QStringList {u"--help"_s} << true;
    QTest::newRow("-h") << QStringList {u"-h"_s} << true;
    QTest::newRow("version") << QStringList {u"--version"_s} << true;
    // It lists the application object's options: QApplication's, where there is a display.
    QTest::newRow("help-all") << QStringList {u"--help-all"_s} << false;
    QTest::newRow("other options") << QStringList {u"--mode"_s, u"pooled"_s} << false;
    QTest::newRow("after --") << QStringList {u"--"_s, u"--headless"_s} << false;
}

void tst_CommandLine::isHeadlessRequested()
{
    QFETCH(QStringList, options);
    QFETCH(bool, expected);
    std::vector<QByteArray> storage;
    storage.push_back("servescope");
    for (const QString &option : options)
        storage.push_back(option.toLocal8Bit());
    std::vector<char *> argv;
    for (QByteArray &argument : storage)
        argv.push_back(argument.data());
    argv.push_back(nullptr);
    QCOMPARE(CommandLine::isHeadlessRequested(int(storage.size()), argv.data()), expected);
}

void tst_CommandLine::languageArgument_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none") << QStringList {} << QString();
    QTest::newRow("separate") << QStringList {u"--lang"_s, u"zh_CN"_s} << u"zh_CN"_s;
    QTest::newRow("equals") << QStringList {u"--headless"_s, u"--lang=en"_s} << u"en"_s;
    QTest::newRow("last wins") << QStringList {u"--lang=en"_s, u"--lang"_s, u"zh_CN"_s}
                               << u"zh_CN"_s;
    QTest::newRow("unsupported") << QStringList {u"--lang"_s, u"fr"_s} << QString();
    QTest::newRow("missing value") << QStringList {u"--lang"_s} << QString();
    QTest::newRow("after --") << QStringList {u"--"_s, u"--lang=zh_CN"_s} << QString();
}

void tst_CommandLine::languageArgument()
{
    QFETCH(QStringList, options);
    QFETCH(QString, expected);
    QCOMPARE(CommandLine::languageArgument(args(options)), expected);
}

QTEST_GUILESS_MAIN(tst_CommandLine)
#include "tst_commandline.moc"
