#!/usr/bin/env python3
"""Soak and flood the headless server on loopback, and say whether it stayed flat.

Starts `servescope --headless --port 0` (the build's, or --server), then runs, each bounded in
count and time:

  soak       wrk keep-alive GET / until --requests (default 1,000,000) or --soak-seconds;
  pipelined  h2load --h1, 16 requests in flight per connection;
  slowloris  slowhttptest -H (slow headers) while a probe times a normal GET every 0.2 s;
  slowread   slowhttptest -X (a client that reads its responses slowly), the same probe;
  storm      --storm connections (default 4,000) that send a request, /, /sleep or /compute,
             then reset (SO_LINGER 0) or half-close and leave without reading.

Before and after, it reads the server's resident memory and open descriptors from /proc and
its counters from /-/status, and waits for every connection, sleep and queued request to be
gone. It prints one line per phase and exits non-zero when a phase had errors, the probe went
unanswered, the counters did not return to zero, descriptors leaked, or memory grew past
--rss-slack-mib over what it held after the first soak round (a warmed-up server).

Every tool is a Debian package (wrk, nghttp2-client, slowhttptest); missing ones are
installed when run as root. Only 127.0.0.1 is ever contacted, and only the server this
script started is stopped, by its PID.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = {"wrk": "wrk", "h2load": "nghttp2-client", "slowhttptest": "slowhttptest"}


def ensure_tools():
    missing = sorted({package for tool, package in TOOLS.items() if not shutil.which(tool)})
    if not missing:
        return
    if os.geteuid() != 0:
        sys.exit("soak: missing tools; run as root or: apt-get install " + " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],
                   check=True, env=env, stdout=subprocess.DEVNULL)


class Server:
    def __init__(self, program, mode, threads):
        self.process = subprocess.Popen(
            [program, "--headless", "--port", "0", "--mode", mode, "--threads", str(threads),
             "--sleep-ms", "200"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.process.stdout.readline()  # the one line it prints once it listens
        match = re.match(r"ServeScope listening on http://127\.0\.0\.1:(\d+)/", line)
        if not match:
            self.process.kill()
            sys.exit("soak: the server did not start: " + line + self.process.stderr.read())
        self.port = int(match.group(1))
        self.url = f"http://127.0.0.1:{self.port}"

    def status(self):
        with urllib.request.urlopen(self.url + "/-/status", timeout=10) as response:
            return json.load(response)

    def memory(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            rss_kib = int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1))
        fds = len(os.listdir(f"/proc/{self.process.pid}/fd"))
        return rss_kib / 1024.0, fds

    def idle(self, timeout):
        """Waits until nothing is open, sleeping or queued; the last status read."""
        deadline = time.monotonic() + timeout
        while True:
            status = self.status()
            # The status request itself is the one active connection.
            quiet = (status["connections"]["active"] <= 1 and status["pendingSleeps"] == 0
                     and status["queuedForWorker"] == 0)
            if quiet or time.monotonic() > deadline:
                return quiet, status
            time.sleep(0.2)

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return -9


class Probe:
    """A normal GET / every 0.2 s on a new connection; the slowest answer, and failures."""

    def __init__(self, port):
        self.port = port
        self.worst_ms = 0.0
        self.failures = 0
        self.count = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
        while not self._stop.wait(0.2):
            start = time.monotonic()
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=5) as s:
                    s.sendall(request)
                    answer = b""
                    while chunk := s.recv(65536):
                        answer += chunk
                ok = answer.startswith(b"HTTP/1.1 200")
            except OSError:
                ok = False
            self.count += 1
            if not ok:
                self.failures += 1
            self.worst_ms = max(self.worst_ms, (time.monotonic() - start) * 1000)


def run(command, timeout):
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    return result.stdout + result.stderr


def wrk_round(url, seconds, connections):
    out = run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", url + "/"], seconds + 30)
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = 0
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        errors += int(non2xx.group(1))
    return requests, errors


def storm(port, count, seed):
    """Connections that ask and leave: reset or half-close, without reading the answer."""
    rng = random.Random(seed)
    targets = [b"/", b"/sleep?ms=2000", b"/compute?ms=50", b"/sleep?ms=10"]
    ways = {"reset": 0, "half-close": 0, "pipelined reset": 0}
    for i in range(count):
        target = rng.choice(targets)
        request = b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(5)
        try:
            s.connect(("127.0.0.1", port))
            way = rng.choice(list(ways))
            if way == "pipelined reset":
                s.sendall(request * rng.randint(2, 20))
            else:
                s.sendall(request)
            if way == "half-close":
                s.shutdown(socket.SHUT_WR)
            else:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            ways[way] += 1
        except OSError:
            pass
        finally:
            s.close()
    return ways


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default=os.path.join(ROOT, "build", "app", "servescope"))
    parser.add_argument("--mode", default="pooled", choices=["sequential", "concurrent", "pooled"])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--soak-seconds", type=int, default=180, help="at most, for the soak")
    parser.add_argument("--flood-seconds", type=int, default=15, help="each slowhttptest phase")
    parser.add_argument("--storm", type=int, default=4000)
    parser.add_argument("--rss-slack-mib", type=float, default=4.0)
    args = parser.parse_args()
    if args.mode == "sequential" and args.storm:
        # Sequential mode serves one connection at a time: the storm's sleeps queue by design.
        print("soak: note: in sequential mode the storm's sleeps are served one at a time")
    ensure_tools()

    server = Server(args.server, args.mode, args.threads)
    problems = []
    started = time.monotonic()
    rss0, fds0 = server.memory()
    print(f"soak: {args.mode} mode, {server.url}; start: RSS {rss0:.1f} MiB, {fds0} fds")

    def phase(name, detail, quiet_timeout=30):
        quiet, status = server.idle(quiet_timeout)
        rss, fds = server.memory()
        if not quiet:
            problems.append(f"{name}: not idle afterwards: {status}")
        print(f"soak: {name:9} {detail}; then RSS {rss:.1f} MiB, {fds} fds, "
              f"connections {status['connections']['active']}, sleeps "
              f"{status['pendingSleeps']}, queued {status['queuedForWorker']}")
        return rss, fds

    # The soak, in rounds; memory after the first round is the warmed-up reference.
    total = errors = 0
    warm_rss = None
    deadline = time.monotonic() + args.soak_seconds
    while total < args.requests and time.monotonic() < deadline:
        requests, failed = wrk_round(server.url, 5, 64)
        total += requests
        errors += failed
        if warm_rss is None:
            # The pool's threads and the first connections' buffers exist from here on; wrk's
            # connections are measured gone first.
            server.idle(30)
            warm_rss, warm_fds = server.memory()
    if errors:
        problems.append(f"soak: {errors} errors")
    rss_soak, _ = phase("soak", f"{total:,} keep-alive requests, {errors} errors "
                                f"(warmed up: RSS {warm_rss:.1f} MiB)")
    if total < args.requests:
        problems.append(f"soak: only {total:,} of {args.requests:,} requests in time")

    # Rounds of fewer than 1000 requests per connection: the server closes a connection after
    # its 1000th (README), and h2load does not resend what it had pipelined past that.
    done = succeeded = 0
    for _ in range(5):
        out = run(["h2load", "--h1", "-n", "30000", "-c", "32", "-m", "16", server.url + "/"],
                  120)
        match = re.search(r"requests: (\d+) total, (\d+) started, (\d+) done, (\d+) "
                          r"succeeded, (\d+) failed", out)
        if not match:
            problems.append("pipelined: h2load printed no summary: " + out[-500:])
            break
        done += int(match.group(3))
        succeeded += int(match.group(4))
    if succeeded != done or done == 0:
        problems.append(f"pipelined: {done - succeeded} of {done} failed")
    phase("pipelined", f"{done:,} pipelined requests (h2load --h1 -m 16), {succeeded:,} "
                       "succeeded")

    attacks = {
        "slowloris": ["-H", "-c", "1000", "-r", "200", "-i", "5"],
        "slowread": ["-X", "-c", "500", "-r", "200", "-w", "512", "-y", "1024", "-n", "5",
                     "-z", "32", "-k", "3"],
    }
    for name, options in attacks.items():
        with Probe(server.port) as probe:
            run(["slowhttptest", *options, "-l", str(args.flood_seconds), "-u",
                 server.url + "/"], args.flood_seconds + 60)
        if probe.failures:
            problems.append(f"{name}: {probe.failures} of {probe.count} probes failed")
        phase(name, f"probe: {probe.count} GETs, {probe.failures} failed, slowest "
                    f"{probe.worst_ms:.1f} ms")

    if args.storm:
        ways = storm(server.port, args.storm, seed=9)
        phase("storm", f"{args.storm:,} connections left early "
                       + ", ".join(f"{n:,} {way}" for way, n in ways.items()))

    rss1, fds1 = server.memory()
    code = server.stop()
    if code != 0:
        problems.append(f"the server exited {code} after SIGTERM")
    if fds1 > warm_fds:
        problems.append(f"descriptors: {warm_fds} warmed up, {fds1} at the end")
    if rss1 > warm_rss + args.rss_slack_mib:
        problems.append(f"memory: {warm_rss:.1f} MiB warmed up, {rss1:.1f} MiB at the end")
    print(f"soak: end: RSS {rss1:.1f} MiB (warmed up {warm_rss:.1f}, after the soak "
          f"{rss_soak:.1f}), {fds1} fds (start {fds0}, warmed up {warm_fds}); "
          f"{time.monotonic() - started:.0f} s")
    for problem in problems:
        print("soak: PROBLEM: " + problem)
    print("soak: " + ("flat and clean" if not problems else f"{len(problems)} problem(s)"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
