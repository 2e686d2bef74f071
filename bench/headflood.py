#!/usr/bin/python3
"""Memory under many unfinished request heads: a headless servescope's resident memory before,
at the peak and after the clients left, with its memory budget's own figures.

Usage: bench/headflood.py build/app/servescope [--connections 2000] [--budget-mib N]

Starts `servescope --headless --port 0` (with --memory-budget-mib N if given), opens the
connections on loopback one after another, each sending an unfinished ~40 KiB head (a long
target and four long fields, under every limit, without the blank line), reads the server's
VmRSS from /proc/<pid>/status and its /-/status, then closes every connection and reads them
again. Raises this script's own descriptor limit (soft, within the hard one) if it must.
Bounded: the connections open within --open-seconds (the server's 10 s request timeout would
answer them 408 after that), and every wait has a deadline.
"""
import argparse
import json
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.request


def rss_bytes(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def status(port):
    with urllib.request.urlopen("http://127.0.0.1:%d/-/status" % port, timeout=10) as response:
        return json.loads(response.read())


def buffered(document):
    # A server without a budget (before it had one) reports no "memory": shown as 0.
    return document.get("memory", {}).get("bufferedBytes", 0)


def mib(value):
    return "%.1f MiB" % (value / (1024 * 1024))


def large_unfinished_head():
    head = b"GET /" + b"a" * 8000 + b" HTTP/1.1\r\nHost: localhost\r\n"
    for i in range(4):
        head += b"X-Pad-%d: " % i + b"p" * 7900 + b"\r\n"
    return head


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("executable")
    parser.add_argument("--connections", type=int, default=2000)
    parser.add_argument("--budget-mib", type=int)
    parser.add_argument("--open-seconds", type=float, default=8.0)
    args = parser.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = args.connections + 64
    if soft < wanted:
        if hard != resource.RLIM_INFINITY and hard < wanted:
            sys.exit("needs %d descriptors; the hard limit is %d" % (wanted, hard))
        resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))

    command = [args.executable, "--headless", "--port", "0"]
    if args.budget_mib:
        command += ["--memory-budget-mib", str(args.budget_mib)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    sockets = []
    try:
        line = server.stdout.readline().decode()
        port = int(line.split("127.0.0.1:")[1].split("/")[0])
        first = status(port)
        before = rss_bytes(server.pid)
        head = large_unfinished_head()

        opened_at = time.monotonic()
        for _ in range(args.connections):
            if time.monotonic() - opened_at > args.open_seconds:
                break
            connection = socket.create_connection(("127.0.0.1", port), timeout=5)
            connection.sendall(head)
            sockets.append(connection)
        opened = time.monotonic() - opened_at

        # The peak: until the server's buffered bytes stop growing (or 3 s).
        peak = rss_bytes(server.pid)
        at_peak = status(port)
        settle = time.monotonic() + 3
        while time.monotonic() < settle:
            time.sleep(0.2)
            peak = max(peak, rss_bytes(server.pid))
            now = status(port)
            if buffered(now) == buffered(at_peak):
                at_peak = now
                break
            at_peak = now

        for connection in sockets:
            connection.close()
        sockets = []
        deadline = time.monotonic() + 10
        after_status = status(port)
        while after_status["connections"]["active"] > 1 and time.monotonic() < deadline:
            time.sleep(0.1)
            after_status = status(port)
        # The heap trim is rate-limited to once a second: give it two.
        time.sleep(2.0)
        after = rss_bytes(server.pid)
        after_status = status(port)

        print("servescope %s, %d connections opened in %.1f s, each an unfinished %d-byte head"
              % (" ".join(command[1:]), args.connections, opened, len(head)))
        print("  budget                 %s" % mib(first.get("memory", {}).get("budgetBytes", 0)))
        print("  RSS before             %s" % mib(before))
        print("  RSS at the peak        %s  (buffered %s, %d connections open, %d answered 503)"
              % (mib(peak), mib(buffered(at_peak)),
                 at_peak["connections"]["active"] - 1, at_peak["requests"]["5xx"]))
        print("  RSS after they closed  %s  (buffered %s, %d connections open)"
              % (mib(after), mib(buffered(after_status)),
                 after_status["connections"]["active"] - 1))
    finally:
        for connection in sockets:
            connection.close()
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


if __name__ == "__main__":
    main()
