#!/usr/bin/python3
"""Smoke test of servescope-sleepers (bench/sleepers), the sleeps client of bench/compare.py.

Starts `servescope --headless --port 0` in concurrent and in pooled mode and runs the client
for 200 connections of GET /sleep?ms=100 against each. It checks counts only (every answer a
200, no error, no timeout, every latency at least the sleep), never a time: timing goals are
for bench/compare.py. Arguments: the servescope executable, then the client.
"""
import json
import os
import signal
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
from checks import check, summary  # noqa: E402

COUNT = 200
SLEEP_MS = 100


def run(executable, client, mode):
    server = subprocess.Popen([executable, "--headless", "--port", "0", "--mode", mode],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=dict(os.environ, LANG="C"))
    try:
        line = server.stdout.readline().decode()
        if not check("127.0.0.1:" in line, "%s: listening line: %r" % (mode, line)):
            return
        port = int(line.split("127.0.0.1:")[1].split("/")[0])
        out = subprocess.run([client, "--count", str(COUNT), "--ms", str(SLEEP_MS),
                              "--port", str(port), "--timeout", "30"],
                             capture_output=True, text=True, timeout=60)
        check(out.returncode == 0, "%s: exit code %d: %s" % (mode, out.returncode, out.stderr))
        result = json.loads(out.stdout.strip().splitlines()[-1])
        for key, expected in (("count", COUNT), ("ok", COUNT), ("other_status", 0),
                              ("errors", 0), ("timeouts", 0)):
            check(result.get(key) == expected,
                  "%s: %s = %s, not %s" % (mode, key, result.get(key), expected))
        latency = result.get("latency_ms") or {}
        check(latency.get("min", 0) >= SLEEP_MS,
              "%s: every answer after its sleep (min %s ms)" % (mode, latency.get("min")))
        check(result.get("wall_s", 0) >= SLEEP_MS / 1000, "%s: wall time measured" % mode)
    finally:
        server.send_signal(signal.SIGINT)
        try:
            check(server.wait(timeout=10) == 0, "%s: exit code 0 after SIGINT" % mode)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            check(False, "%s: stopped within 10 s" % mode)


def main():
    executable, client = sys.argv[1], sys.argv[2]
    for mode in ("concurrent", "pooled"):
        run(executable, client, mode)
    return summary()


if __name__ == "__main__":
    sys.exit(main())
