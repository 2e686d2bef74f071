// servescope-sleepers: N connections at once, each GET /sleep?ms=M, and one line of JSON with
// the wall time, latencies and counts (bench/compare.py's sleeps measure reads it).
#include "sleepersclient.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

namespace {

const char usage[] = R"(Usage: servescope-sleepers [options]
Opens --count connections to --host:--port, each sending GET /sleep?ms=--ms with
Connection: close, reads every response to its end and prints one line of JSON: counts
(200, other status, errors, timeouts), wall time (first connect to last response) and
latencies (connect to last byte). Exit status 0 when every answer was 200, 1 otherwise,
2 when it could not run.

  --count N     connections, one request each (10000)
  --ms N        the sleep each request asks for (2000)
  --host ADDR   the server's IPv4 address (127.0.0.1)
  --port N      the server's port (7878)
  --sources N   source addresses 127.0.0.2 upwards, used in turn; 0: the kernel's (4)
  --rate N      connections started per second; 0: all at once (0)
  --timeout S   the whole run ends after S seconds, answered or not (ms/1000 + 30)
)";

// The kernel's TcpExt counters that say where a burst of connections was dropped or delayed.
// They count for the whole network namespace: another program's traffic shows too.
const char *const tcpExtCounters[]
    = {"ListenOverflows", "ListenDrops",   "TCPReqQFullDrop", "TCPReqQFullDoCookies",
       "SyncookiesSent",  "TCPSynRetrans", "TCPTimeouts"};

std::map<std::string, long long> tcpExt()
{
    std::map<std::string, long long> values;
    std::ifstream netstat("/proc/net/netstat");
    std::string names;
    std::string numbers;
    while (std::getline(netstat, names) && std::getline(netstat, numbers)) {
        if (names.rfind("TcpExt:", 0) != 0)
            continue;
        std::istringstream nameStream(names);
        std::istringstream numberStream(numbers);
        std::string name;
        std::string number;
        nameStream >> name;
        numberStream >> number; // the "TcpExt:" prefixes
        while (nameStream >> name && numberStream >> number)
            values[name] = std::atoll(number.c_str());
    }
    return values;
}

std::string loadAverage()
{
    std::ifstream file("/proc/loadavg");
    double one = 0;
    double five = 0;
    double fifteen = 0;
    if (!(file >> one >> five >> fifteen))
        return "null";
    char text[64];
    std::snprintf(text, sizeof text, "[%.2f,%.2f,%.2f]", one, five, fifteen);
    return text;
}

// Nearest rank: the smallest value with at least p of them at or below it.
double percentile(const std::vector<double> &sorted, double p)
{
    const size_t rank = size_t(std::ceil(p * double(sorted.size())));
    return sorted[std::min(sorted.size() - 1, rank > 0 ? rank - 1 : 0)];
}

std::string summary(std::vector<double> values, bool withMin)
{
    if (values.empty())
        return "null";
    std::sort(values.begin(), values.end());
    char text[160];
    if (withMin) {
        std::snprintf(text, sizeof text, "{\"min\":%.1f,\"p50\":%.1f,\"p99\":%.1f,\"max\":%.1f}",
                      values.front(), percentile(values, 0.5), percentile(values, 0.99),
                      values.back());
    } else {
        std::snprintf(text, sizeof text, "{\"p50\":%.2f,\"p99\":%.2f,\"max\":%.2f}",
                      percentile(values, 0.5), percentile(values, 0.99), values.back());
    }
    return text;
}

bool number(const char *text, double low, double high, double *value)
{
    char *end = nullptr;
    errno = 0;
    *value = std::strtod(text, &end);
    return errno == 0 && end != text && *end == '\0' && *value >= low && *value <= high;
}

} // namespace

int main(int argc, char **argv)
{
    SleepersClient::Options options;
    double timeout = -1;
    for (int i = 1; i < argc; ++i) {
        const std::string option = argv[i];
        if (option == "--help" || option == "-h") {
            std::fputs(usage, stdout);
            return 0;
        }
        double value = 0;
        if (i + 1 >= argc) {
            std::fprintf(stderr, "servescope-sleepers: %s needs a value\n%s", option.c_str(),
                         usage);
            return 2;
        }
        const char *text = argv[++i];
        bool ok = true;
        if (option == "--count")
            ok = number(text, 1, 1000000, &value) && (options.count = int(value), true);
        else if (option == "--ms")
            ok = number(text, 0, 600000, &value) && (options.sleepMs = int(value), true);
        else if (option == "--port")
            ok = number(text, 1, 65535, &value) && (options.port = uint16_t(value), true);
        else if (option == "--sources")
            ok = number(text, 0, 250, &value) && (options.sources = int(value), true);
        else if (option == "--rate")
            ok = number(text, 0, 1e9, &value) && (options.rate = value, true);
        else if (option == "--timeout")
            ok = number(text, 0.1, 3600, &timeout);
        else if (option == "--host")
            options.host = text;
        else
            ok = false;
        if (!ok) {
            std::fprintf(stderr, "servescope-sleepers: bad option %s %s\n%s", option.c_str(), text,
                         usage);
            return 2;
        }
    }
    options.timeoutSeconds = timeout > 0 ? timeout : options.sleepMs / 1000.0 + 30;

    const std::string load = loadAverage();
    const std::map<std::string, long long> before = tcpExt();
    SleepersClient client(options);
    std::string error;
    if (!client.run(&error)) {
        std::fprintf(stderr, "servescope-sleepers: %s\n", error.c_str());
        return 2;
    }
    const std::map<std::string, long long> after = tcpExt();
    const SleepersClient::Result &result = client.result();

    std::string counters;
    for (const char *name : tcpExtCounters) {
        const auto was = before.find(name);
        const auto is = after.find(name);
        if (was == before.end() || is == after.end())
            continue;
        counters += (counters.empty() ? "\"" : ",\"") + std::string(name)
            + "\":" + std::to_string(is->second - was->second);
    }
    std::printf("{\"count\":%d,\"sleep_ms\":%d,\"rate\":%g,\"sources\":%d,\"ok\":%d,"
                "\"other_status\":%d,\"errors\":%d,\"timeouts\":%d,\"wall_s\":%.3f,"
                "\"connects_issued_s\":%.3f,\"latency_ms\":%s,\"connect_ms\":%s,"
                "\"tcpext\":{%s},\"loadavg\":%s}\n",
                options.count, options.sleepMs, options.rate, options.sources, result.ok,
                result.otherStatus, result.errors, result.timeouts, result.wallSeconds,
                result.connectsIssuedSeconds, summary(result.latencyMs, true).c_str(),
                summary(result.connectMs, false).c_str(), counters.c_str(), load.c_str());
    return result.ok == options.count ? 0 : 1;
}
