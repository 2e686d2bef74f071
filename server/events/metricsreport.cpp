#include "metricsreport.h"

#include <QtCore/QLocale>

namespace {

void family(QByteArray &out, const char *name, const char *type, const char *help)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

void sample(QByteArray &out, const char *name, const QByteArray &labels, const QByteArray &value)
{
    out += name;
    if (!labels.isEmpty())
        out += '{' + labels + '}';
    out += ' ' + value + '\n';
}

QByteArray number(double value)
{
    return QByteArray::number(value, 'g', QLocale::FloatingPointShortest); // 0.0025, not 0.0025000…
}

} // namespace

QByteArray MetricsReport::escapeLabel(QByteArrayView value)
{
    QByteArray escaped;
    escaped.reserve(value.size());
    for (const char c : value) {
        if (c == '\\' || c == '"')
            escaped += '\\';
        if (c == '\n')
            escaped += "\\n";
        else
            escaped += c;
    }
    return escaped;
}

QByteArray MetricsReport::toText(const ServerStats::Snapshot &stats,
                                 const RequestMetrics::Snapshot &requests, DispatchMode mode,
                                 int threads, qint64 memoryBudgetBytes, const Process &process,
                                 const EventLoopLag &lag)
{
    QByteArray out;
    out.reserve(4096);

    family(out, "http_requests_total", "counter",
           "Responses sent, by status code and request method.");
    for (std::size_t m = 0; m < RequestMetrics::methods.size(); ++m) {
        for (std::size_t c = 0; c < RequestMetrics::codes.size(); ++c) {
            const qint64 count = requests.requests[m][c];
            if (count == 0)
                continue;
            const int code = RequestMetrics::codes[c];
            const QByteArray labels = "code=\""
                + (code == 0 ? QByteArray("other") : QByteArray::number(code)) + "\",method=\""
                + escapeLabel(RequestMetrics::methods[m]) + '"';
            sample(out, "http_requests_total", labels, QByteArray::number(count));
        }
    }

    // One histogram per measure, over the same buckets: the whole time, and its wait.
    const auto histogram = [&out](const char *name, const char *help, const auto &buckets,
                                  qint64 sumUs, qint64 count) {
        family(out, name, "histogram", help);
        qint64 cumulative = 0;
        for (std::size_t b = 0; b < buckets.size(); ++b) {
            cumulative += buckets[b];
            const QByteArray bound = b < RequestMetrics::bucketBounds.size()
                ? number(RequestMetrics::bucketBounds[b])
                : QByteArray("+Inf");
            sample(out, QByteArray(QByteArray(name) + "_bucket").constData(), "le=\"" + bound + '"',
                   QByteArray::number(cumulative));
        }
        sample(out, QByteArray(QByteArray(name) + "_sum").constData(), {},
               number(double(sumUs) / 1e6));
        sample(out, QByteArray(QByteArray(name) + "_count").constData(), {},
               QByteArray::number(count));
    };
    histogram("http_request_duration_seconds",
              "Time from a request's arrival (its bytes reaching the machine) to its response.",
              requests.buckets, requests.durationSumUs, requests.count);
    histogram("servescope_request_wait_seconds",
              "Time a request waited before a handler took it: unread in the kernel, then for "
              "its turn or a worker.",
              requests.waitBuckets, requests.waitSumUs, requests.count);

    family(out, "servescope_connections", "gauge",
           "Open connections by state (as nginx's stub_status: reading, writing, idle).");
    sample(out, "servescope_connections", "state=\"reading\"", QByteArray::number(stats.reading));
    sample(out, "servescope_connections", "state=\"writing\"", QByteArray::number(stats.writing));
    sample(out, "servescope_connections", "state=\"idle\"", QByteArray::number(stats.idle));
    family(out, "servescope_connections_accepted_total", "counter", "Connections accepted.");
    sample(out, "servescope_connections_accepted_total", {}, QByteArray::number(stats.accepted));
    family(out, "servescope_sleeps_pending", "gauge", "/sleep requests sleeping now.");
    sample(out, "servescope_sleeps_pending", {}, QByteArray::number(stats.pendingSleeps));
    family(out, "servescope_worker_queue_length", "gauge",
           "Requests waiting for a pool worker, or for their turn in sequential mode.");
    sample(out, "servescope_worker_queue_length", {}, QByteArray::number(stats.queuedForWorker));
    family(out, "servescope_buffered_bytes", "gauge",
           "Memory the connections hold for input not yet handled and output not yet sent.");
    sample(out, "servescope_buffered_bytes", {}, QByteArray::number(stats.bufferedBytes));
    family(out, "servescope_memory_budget_bytes", "gauge",
           "The budget for servescope_buffered_bytes (--memory-budget-mib).");
    sample(out, "servescope_memory_budget_bytes", {}, QByteArray::number(memoryBudgetBytes));
    family(out, "servescope_mode_info", "gauge", "The dispatch mode (the label), always 1.");
    sample(out, "servescope_mode_info",
           "mode=\""
               + escapeLabel(
                   QByteArrayView(dispatchModeName(mode).data(), dispatchModeName(mode).size()))
               + '"',
           "1");
    family(out, "servescope_threads", "gauge", "The thread pool size setting.");
    sample(out, "servescope_threads", {}, QByteArray::number(threads));
    // Quantiles as labels of a gauge (quantile 1 is the maximum): a summary's _sum and _count
    // would have to be counters since the start, and these are over the last 10 s.
    family(out, "servescope_event_loop_lag_seconds", "gauge",
           "How late the server thread's heartbeat timer fired over the last 10 s, by quantile.");
    sample(out, "servescope_event_loop_lag_seconds", "quantile=\"0.5\"", number(lag.p50Ms / 1e3));
    sample(out, "servescope_event_loop_lag_seconds", "quantile=\"0.99\"", number(lag.p99Ms / 1e3));
    sample(out, "servescope_event_loop_lag_seconds", "quantile=\"1\"", number(lag.maxMs / 1e3));

    family(out, "process_start_time_seconds", "gauge",
           "Start time of the process since unix epoch in seconds.");
    sample(out, "process_start_time_seconds", {}, number(process.startTimeSeconds));
    family(out, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    sample(out, "process_resident_memory_bytes", {}, QByteArray::number(process.residentBytes));
    family(out, "process_open_fds", "gauge", "Number of open file descriptors.");
    sample(out, "process_open_fds", {}, QByteArray::number(process.openDescriptors));
    return out;
}
