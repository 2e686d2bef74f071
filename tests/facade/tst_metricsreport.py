#!/usr/bin/python3
"""GET /-/metrics read by Prometheus' own text parser (Debian's python3-prometheus-client).

Starts `servescope --headless --port 0` (the path is the first argument), sends a known mix of
requests over loopback, and checks every family, its type and the counts. Exits non-zero on
the first mismatch; the last line is the plain 'N passed, N failed' summary.
"""
import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import check, summary  # noqa: E402


def get(port, path, data=None):
    request = urllib.request.Request("http://127.0.0.1:%d%s" % (port, path), data=data)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def raw(port, request_bytes):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        connection.sendall(request_bytes)
        received = b""
        while True:
            chunk = connection.recv(65536)
            if not chunk:
                return received
            received += chunk


def scrape(port):
    body = get(port, "/-/metrics")[2].decode()
    found = {f.name: f for f in text_string_to_metric_families(body)}

    def gauge(name):
        family = found.get(name)
        check(family is not None and family.type == "gauge", name + " gauge")
        return family.samples[0].value if family is not None and family.samples else None
    return gauge("servescope_buffered_bytes"), gauge("servescope_memory_budget_bytes")


def check_budget_option(executable, env):
    """--memory-budget-mib 32: the budget as given; an unfinished head is charged while held."""
    server = subprocess.Popen([executable, "--headless", "--port", "0", "--memory-budget-mib", "32"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        line = server.stdout.readline().decode()
        port = int(line.split("127.0.0.1:")[1].split("/")[0])
        idle, budget = scrape(port)
        check(budget == 32 * 1024 * 1024, "servescope_memory_budget_bytes = %s" % budget)
        held = b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Pad: " + b"p" * 7000 + b"\r\n"
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(held)
            holding = idle
            for _ in range(100):  # bounded: the server reads it within milliseconds
                holding, _ = scrape(port)
                if holding >= idle + len(held):
                    break
            check(holding >= idle + len(held), "an unfinished head is charged: %s" % holding)
        after = holding
        for _ in range(100):
            after, _ = scrape(port)
            if after <= idle:
                break
        check(after <= idle, "given back once it closed: %s, %s before" % (after, idle))
    finally:
        server.send_signal(signal.SIGINT)
        try:
            check(server.wait(timeout=10) == 0, "exit code 0 after SIGINT (budget run)")
        except subprocess.TimeoutExpired:
            server.kill()
            check(False, "stopped within 10 s (budget run)")


def main():
    executable = sys.argv[1]
    env = dict(os.environ, LANG="C")
    # One worker, so that requests at once wait for it (the wait histogram).
    server = subprocess.Popen([executable, "--headless", "--port", "0", "--threads", "1"],
                              stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, env=env)
    try:
        line = server.stdout.readline().decode()
        check(line.startswith("ServeScope listening on http://127.0.0.1:"), "listening line: " + line)
        port = int(line.split("127.0.0.1:")[1].split("/")[0])

        for _ in range(3):
            check(get(port, "/")[0] == 200, "GET /")
        check(get(port, "/sleep?ms=60")[0] == 200, "GET /sleep")
        check(get(port, "/nope")[0] == 404, "GET /nope")
        check(get(port, "/", data=b"x")[0] == 405, "POST /")
        check(raw(port, b"BREW /pot HTTP/1.1\r\nHost: localhost\r\n\r\n").startswith(b"HTTP/1.1 501"),
              "BREW /pot")

        status, headers, body = get(port, "/-/metrics")
        check(status == 200, "GET /-/metrics status")
        check(headers.get("Content-Type") == "text/plain; version=0.0.4; charset=utf-8",
              "Content-Type: %s" % headers.get("Content-Type"))
        families = {family.name: family for family in text_string_to_metric_families(body.decode())}

        def family(*names):
            for name in names:
                if name in families:
                    return families[name]
            check(False, "family %s missing (have %s)" % (names[0], sorted(families)))
            return None

        def value(found, name, labels=None):
            for sample in found.samples if found else []:
                if sample.name == name and (labels is None or sample.labels == labels):
                    return sample.value
            return None

        requests = family("http_requests", "http_requests_total")
        check(requests is not None and requests.type == "counter", "http_requests_total counter")
        expected = {("200", "GET"): 4, ("404", "GET"): 1, ("405", "POST"): 1, ("501", "other"): 1}
        for (code, method), count in expected.items():
            got = value(requests, "http_requests_total", {"code": code, "method": method})
            check(got == count, "http_requests_total{code=%s,method=%s} = %s, not %s"
                  % (code, method, got, count))
        total = sum(s.value for s in requests.samples) if requests else 0
        check(total == 7, "7 responses counted, not %s" % total)

        duration = family("http_request_duration_seconds")
        check(duration is not None and duration.type == "histogram", "duration histogram")
        buckets = [(s.labels["le"], s.value) for s in duration.samples
                   if s.name == "http_request_duration_seconds_bucket"]
        check(buckets[0][0] == "0.001" and buckets[-1][0] == "+Inf", "buckets 1 ms to +Inf")
        check(all(a[1] <= b[1] for a, b in zip(buckets, buckets[1:])), "buckets cumulative")
        count = value(duration, "http_request_duration_seconds_count")
        check(count == 7 and buckets[-1][1] == 7, "histogram count 7, not %s" % count)
        check(value(duration, "http_request_duration_seconds_sum") >= 0.06, "sum includes the sleep")

        gauges = {
            "servescope_connections": None, "servescope_sleeps_pending": 0,
            "servescope_worker_queue_length": 0, "servescope_threads": None,
            "process_start_time_seconds": None, "process_resident_memory_bytes": None,
            "process_open_fds": None,
            "servescope_buffered_bytes": None,
            "servescope_memory_budget_bytes": 256 * 1024 * 1024,
        }
        for name, expected_value in gauges.items():
            found = family(name)
            check(found is not None and found.type == "gauge", name + " gauge")
            if found is not None and expected_value is not None:
                check(value(found, name) == expected_value, "%s = %s" % (name, value(found, name)))
        states = {s.labels.get("state") for s in families["servescope_connections"].samples}
        check(states == {"reading", "writing", "idle"}, "connection states %s" % states)
        check(value(family("servescope_mode_info"), "servescope_mode_info", {"mode": "pooled"}) == 1,
              "servescope_mode_info{mode=pooled} 1")
        accepted = family("servescope_connections_accepted", "servescope_connections_accepted_total")
        check(value(accepted, "servescope_connections_accepted_total") >= 8, "accepted total")
        check(value(families["process_resident_memory_bytes"], "process_resident_memory_bytes") > 0,
              "resident memory")
        check(value(families["process_open_fds"], "process_open_fds") > 3, "open descriptors")
        # The scrape's own connection holds its request while it is answered, and little more.
        buffered = value(families["servescope_buffered_bytes"], "servescope_buffered_bytes")
        check(buffered is not None and 0 < buffered < 64 * 1024,
              "servescope_buffered_bytes while scraping: %s" % buffered)
        lag = family("servescope_event_loop_lag_seconds")
        check(lag is not None and lag.type == "gauge", "servescope_event_loop_lag_seconds gauge")
        quantiles = {s.labels.get("quantile"): s.value for s in lag.samples} if lag else {}
        check(set(quantiles) == {"0.5", "0.99", "1"}, "event-loop lag quantiles %s" % quantiles)
        if set(quantiles) == {"0.5", "0.99", "1"}:
            check(0 <= quantiles["0.5"] <= quantiles["0.99"] <= quantiles["1"] < 5,
                  "event-loop lag p50 <= p99 <= max, in seconds: %s" % quantiles)

        # Waiting: none so far worth a bucket above 250 ms; then three computations at once on a
        # pool of --threads 1 make two of them wait for the worker, about 300 and 600 ms.
        def wait_buckets():
            metrics = get(port, "/-/metrics")[2].decode()
            found = {f.name: f for f in text_string_to_metric_families(metrics)}
            wait = found.get("servescope_request_wait_seconds")
            check(wait is not None and wait.type == "histogram", "wait histogram")
            if wait is None:
                return {}, 0, 0
            buckets = {s.labels["le"]: s.value for s in wait.samples
                       if s.name == "servescope_request_wait_seconds_bucket"}
            return (buckets, value(wait, "servescope_request_wait_seconds_count"),
                    value(wait, "servescope_request_wait_seconds_sum"))

        buckets, count, _ = wait_buckets()
        check(count == 8 and buckets.get("+Inf") == 8, "wait count 8, not %s" % count)
        check(buckets.get("0.25") == 8, "no request waited 250 ms yet: %s" % buckets)
        threads = [threading.Thread(target=get, args=(port, "/compute?ms=300")) for _ in range(3)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=20)
        buckets, count, total = wait_buckets()
        check(count == 12, "wait count 12, not %s" % count)
        check(buckets.get("0.25", 0) <= 10 and buckets.get("1") == 12,
              "two waited between 250 ms and 1 s for the worker: %s" % buckets)
        check(0.7 <= total <= 3.0, "waits add up to about 0.9 s: %s" % total)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            check(server.wait(timeout=10) == 0, "exit code 0 after SIGINT")
        except subprocess.TimeoutExpired:
            server.kill()
            check(False, "stopped within 10 s")
    check_budget_option(executable, env)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
