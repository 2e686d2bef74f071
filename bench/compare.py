#!/usr/bin/env python3
"""Measure ServeScope against nginx, QHttpServer and Node in one run, and print ratios.

The machine is shared and noisy: absolute figures drift from run to run, so every figure is
printed beside the reference servers' from the same run, interleaved round by round, and the
targets of the performance issue are judged on medians of those ratios. Instruction counts
(valgrind --tool=callgrind) do not drift and are printed as they are.

Measures (each bounded in time; loopback only):

  keep-alive   wrk -t1 -c64, GET /, requests/s and p99 latency
  pipelined    the same with 16 requests in flight per connection (a wrk Lua script)
  new conn     the same with Connection: close, a new connection per request
  sleeps       --sleepers (10,000) connections at once, each GET /sleep?ms=2000, from source
               addresses 127.0.0.2-5, --rounds times per server: wall time, p50/p99, answers,
               and the kernel's ListenOverflows; judged on the median wall. The client is
               servescope-sleepers (bench/sleepers, C++ and epoll); without it, a Python
               asyncio client, which is itself the bottleneck (about 6 s for any server)
  compute      ServeScope's /compute?ms=20 throughput per mode (wrk -t1 -c4, unpinned: the
               pool may use both cores), and Pooled's ratio to Concurrent
  callgrind    instructions per keep-alive GET / on the server side: two runs of different
               request counts, so start-up and shutdown cancel out; for ServeScope also with
               its events recorded (an access log to /dev/null, whose writing on the main
               thread is not counted), what the window costs the server's threads
  memory       ServeScope's resident memory idle and after the keep-alive rounds
  window       the window's cost: servescope-guiload under xvfb-run, window shown and hidden
               against headless in the same process and run

With two or more cores the throughput measures run pinned, the server to CPU 1 and wrk to CPU
0 (taskset), and once more unpinned (--pinning chooses); the targets are judged pinned. The
sleeps client is pinned too. The tools are Debian packages (wrk, nginx-light,
qt6-httpserver-dev, nodejs, valgrind, xvfb), those the chosen measures need installed when
missing if run as root; the QHttpServer reference (bench/reference) is built when missing.
Everything printed also goes to bench/RESULTS.md (--results; --quick writes none unless
asked). --quick runs every measure for a few seconds, to see that it works; its figures are
not worth comparing. Only the servers this script started are stopped, by their PIDs.
"""

import argparse
import asyncio
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.path.join(ROOT, "build")
HELLO = os.path.join(ROOT, "resources", "hello.html")
# The tools each measure needs, and the Debian package of each.
PACKAGES = {"wrk": "wrk", "nginx": "nginx-light", "node": "nodejs", "valgrind": "valgrind",
            "xvfb-run": "xvfb"}
NEEDS = {"throughput": ("wrk", "nginx", "node"), "compute": ("wrk",), "sleeps": ("node",),
         "callgrind": ("valgrind", "nginx"), "window": ("wrk", "xvfb-run")}
PIPELINE_DEPTH = 16
COMPUTE_MS = 20  # per /compute request of the compute measure


def use_build_tree(build):
    """Where the programs measured are: the build tree's (--build), in one place."""
    global BUILD, QHTTPSERVER, SLEEPERS, GUILOAD, HEADLESS
    BUILD = build
    QHTTPSERVER = os.path.join(BUILD, "bench", "reference", "servescope-ref-qhttpserver")
    SLEEPERS = os.path.join(BUILD, "bench", "sleepers", "servescope-sleepers")
    GUILOAD = os.path.join(BUILD, "bench", "guiload", "servescope-guiload")
    # What servescope --headless becomes (execv, same PID). Run directly under callgrind,
    # which does not follow an exec (--trace-children=no) and would count nothing of it.
    HEADLESS = os.path.join(BUILD, "libexec", "servescope", "servescope-headless")


use_build_tree(BUILD)


def ensure_tools(measures):
    tools = {tool for measure in measures for tool in NEEDS[measure]}
    missing = sorted({PACKAGES[tool] for tool in tools if not shutil.which(tool)})
    qhttpserver = "throughput" in measures and not os.path.exists(QHTTPSERVER)
    if qhttpserver and not os.path.exists("/usr/lib/x86_64-linux-gnu/cmake/Qt6HttpServer"):
        missing += ["qt6-httpserver-dev", "qt6-websockets-dev"]
    if missing:
        if os.geteuid() != 0:
            sys.exit("compare: missing; run as root or: apt-get install " + " ".join(missing))
        subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *missing],
                       check=True, stdout=subprocess.DEVNULL,
                       env=dict(os.environ, DEBIAN_FRONTEND="noninteractive"))
    if qhttpserver:
        subprocess.run(["cmake", "-S", ROOT, "-B", BUILD], check=True, stdout=subprocess.DEVNULL)
        subprocess.run(["cmake", "--build", BUILD, "--target", "servescope-ref-qhttpserver"],
                       check=True, stdout=subprocess.DEVNULL)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def pin(cpu):
    return ["taskset", "-c", str(cpu)] if os.cpu_count() >= 2 and shutil.which("taskset") else []


class Server:
    """One server process, pinned, started and waited for until it answers GET /."""

    def __init__(self, name, command, port, workdir=None, wrapper=()):
        self.name = name
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen([*wrapper, *command], cwd=workdir,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120  # valgrind starts slowly
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                sys.exit(f"compare: {name} did not start: {self.process.stderr.read()}")
            time.sleep(0.1)

    def answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
                s.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                return s.recv(12).startswith(b"HTTP/1.1 200")
        except OSError:
            return False

    def rss_mib(self):
        with open(f"/proc/{self.process.pid}/status") as status:
            return int(re.search(r"VmRSS:\s+(\d+)", status.read()).group(1)) / 1024.0

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def servescope(mode, threads, port, wrapper=(), extra=(), direct=False):
    """servescope --headless, as people run it; direct: the program it becomes."""
    program = HEADLESS if direct else os.path.join(BUILD, "app", "servescope")
    return Server(f"ServeScope {mode}",
                  [program, "--headless", "--port", str(port),
                   "--mode", mode, "--threads", str(threads), *extra], port, wrapper=wrapper)


def nginx(workdir, port, wrapper=(), single_process=False):
    with open(os.path.join(ROOT, "bench", "reference", "nginx.conf.in")) as template:
        config = template.read()
    config = config.replace("@PREFIX@", workdir).replace("@PORT@", str(port))
    config = config.replace("@ROOT@", os.path.dirname(HELLO))
    if single_process:  # for callgrind: the worker's work in the one process measured
        config = config.replace("master_process on;", "master_process off;")
    path = os.path.join(workdir, f"nginx-{port}.conf")
    with open(path, "w") as file:
        file.write(config)
    return Server("nginx (1 worker)", ["nginx", "-p", workdir, "-c", path], port,
                  wrapper=wrapper)


def reference_servers(workdir, wrapper):
    # Node and QHttpServer print the port they got, but a port chosen here is simpler.
    port = free_port()
    qt = Server("QHttpServer 6.4", [QHTTPSERVER, HELLO, str(port)], port, wrapper=wrapper)
    port = free_port()
    node = Server("Node http", ["node", os.path.join(ROOT, "bench", "reference",
                                                     "node-server.js"), HELLO, str(port)],
                  port, wrapper=wrapper)
    return [nginx(workdir, free_port(), wrapper=wrapper), qt, node]


def wrk(url, seconds, extra=(), wrapper=None, connections=64, path="/"):
    wrapper = pin(0) if wrapper is None else wrapper
    command = [*wrapper, "wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", *extra,
               url + path]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 1e-3, "ms": 1.0, "s": 1e3}
    errors = 0
    for pattern in (r"Non-2xx or 3xx responses: (\d+)",
                    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"):
        match = re.search(pattern, out)
        if match:
            errors += sum(int(n) for n in match.groups())
    return rate, float(p99.group(1)) * scale[p99.group(2)] if p99 else float("nan"), errors


def pipeline_script(workdir):
    path = os.path.join(workdir, "pipeline.lua")
    with open(path, "w") as script:
        script.write(f"""-- {PIPELINE_DEPTH} requests in one write, answered in order
init = function(args)
  local r = {{}}
  for i = 1, {PIPELINE_DEPTH} do r[i] = wrk.format(nil, "/") end
  req = table.concat(r)
end
request = function() return req end
""")
    return path


def listen_overflows():
    with open("/proc/net/netstat") as netstat:
        lines = netstat.read().splitlines()
    for names, values in zip(lines[::2], lines[1::2]):
        if names.startswith("TcpExt:"):
            table = dict(zip(names.split()[1:], values.split()[1:]))
            return int(table.get("ListenOverflows", 0))
    return 0


def sleepers(port, count, sleep_ms):
    """count connections at once, each GET /sleep: a dict with the wall time (s), how many got
    200 ("ok"), and, from servescope-sleepers, p50/p99 (ms), errors and timeouts."""
    if not os.path.exists(SLEEPERS):
        wall, ok = asyncio.run(sleepers_asyncio(port, count, sleep_ms))
        return {"wall_s": wall, "ok": ok, "client": "asyncio"}
    timeout = sleep_ms / 1000 + 30  # the client ends by itself then; this is a backstop
    out = subprocess.run([*pin(0), SLEEPERS, "--count", str(count), "--ms", str(sleep_ms),
                          "--port", str(port), "--timeout", str(timeout)],
                         capture_output=True, text=True, timeout=timeout + 30)
    if out.returncode not in (0, 1):  # 1: not every answer was 200, still measured
        sys.exit(f"compare: servescope-sleepers failed: {out.stderr.strip()}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["client"] = "servescope-sleepers"
    return result


async def sleepers_asyncio(port, count, sleep_ms):
    """The fallback client when servescope-sleepers is not built: wall time, how many got 200."""
    request = (f"GET /sleep?ms={sleep_ms} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               "Connection: close\r\n\r\n").encode()

    async def one(index):
        source = (f"127.0.0.{2 + index % 4}", 0)  # four source addresses: ports to spare
        try:
            reader, writer = await asyncio.wait_for(
                asyncio.open_connection("127.0.0.1", port, local_addr=source), 30)
            writer.write(request)
            answer = await asyncio.wait_for(reader.read(64), sleep_ms / 1000 + 30)
            writer.close()
            return answer.startswith(b"HTTP/1.1 200")
        except (OSError, asyncio.TimeoutError):
            return False

    start = time.monotonic()
    results = await asyncio.gather(*(one(i) for i in range(count)))
    return time.monotonic() - start, sum(results)


def callgrind_per_request(make_server, counts, workdir, without_main_thread=False):
    """Instructions per request: the difference of two runs over the difference of counts.
    without_main_thread counts the server's other threads only (callgrind numbers the main
    thread's file -01)."""
    totals = []
    for count in counts:
        out = os.path.join(workdir, f"callgrind-{time.monotonic_ns()}.out")
        threads = ["--separate-threads=yes"] if without_main_thread else []
        server = make_server(["valgrind", "--tool=callgrind", "--trace-children=no", *threads,
                              f"--callgrind-out-file={out}"])
        request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        with socket.create_connection(("127.0.0.1", server.port), timeout=60) as s:
            done = 0
            while done < count:
                # Keep-alive, at most 999 per connection (the servers close after 1000).
                batch = min(count - done, 999)
                for _ in range(batch):
                    s.sendall(request)
                    answer = b""
                    while b"</html>" not in answer:
                        answer += s.recv(65536)
                done += batch
                if done < count:
                    s.close()
                    s = socket.create_connection(("127.0.0.1", server.port), timeout=60)
        server.stop()
        total = 0
        for name in os.listdir(workdir):  # threads write one file each with --separate-threads
            if not name.startswith(os.path.basename(out)):
                continue
            if without_main_thread and name.endswith("-01"):
                continue
            with open(os.path.join(workdir, name)) as data:
                total += max((int(line.split()[1]) for line in data
                              if line.startswith(("summary:", "totals:"))), default=0)
        if total == 0:
            sys.exit(f"compare: callgrind counted no instructions for {server.name}")
        totals.append(total)
    return (totals[1] - totals[0]) / (counts[1] - counts[0])


def throughput(args, workdir, pinned, verdict):
    """keep-alive, pipelined and new-connection rates against the references; the targets are
    judged only on a pinned run."""
    server_pin, load_pin = (pin(1), pin(0)) if pinned else ([], [])
    print(f"\nthroughput, {'pinned: servers on CPU 1, wrk on CPU 0' if pinned else 'unpinned'}:")
    ours = [servescope("concurrent", args.threads, free_port(), server_pin),
            servescope("pooled", args.threads, free_port(), server_pin)]
    idle = {server.name: server.rss_mib() for server in ours}
    servers = ours + reference_servers(workdir, server_pin)
    measures = {"keep-alive": (), "pipelined x16": ("-s", pipeline_script(workdir)),
                "new conn": ("-H", "Connection: close")}
    rates = {(m, s.name): [] for m in measures for s in servers}
    p99s = {s.name: [] for s in servers}
    errors = 0
    try:
        for _ in range(args.rounds):
            for measure, extra in measures.items():
                for server in servers:
                    rate, p99, failed = wrk(server.url, args.seconds, extra, load_pin)
                    rates[(measure, server.name)].append(rate)
                    errors += failed
                    if measure == "keep-alive":
                        p99s[server.name].append(p99)
        after = {server.name: server.rss_mib() for server in ours}
    finally:
        for server in servers:
            server.stop()
    names = [s.name for s in servers]
    print(f"\n{'requests/s, median':24}" + "".join(f"{n:>20}" for n in names))
    for measure in measures:
        print(f"{measure:24}" + "".join(
            f"{statistics.median(rates[(measure, n)]):>20,.0f}" for n in names))
    print(f"{'keep-alive p99, ms':24}" + "".join(
        f"{statistics.median(p99s[n]):>20.2f}" for n in names))
    if errors:
        print(f"compare: {errors} wrk errors (non-2xx or socket errors)")

    def ratio(measure, ours_name, reference):
        pairs = zip(rates[(measure, ours_name)], rates[(measure, reference)])
        return statistics.median(a / b for a, b in pairs)  # per round: same conditions

    print("\nratios (median of the per-round ratios):")
    for measure in measures:
        for mine in ("ServeScope concurrent", "ServeScope pooled"):
            line = ", ".join(f"{ratio(measure, mine, ref):.2f}x {ref}"
                             for ref in names[2:])
            print(f"  {measure:14} {mine:22} {line}")
    if not pinned:
        return
    nginx_name, qt_name = names[2], names[3]
    # The performance issue's ratio targets: measure, ours, reference, the least ratio.
    for measure, mine, reference, least in (
            ("keep-alive", "pooled", qt_name, 1.0), ("keep-alive", "pooled", nginx_name, 1.0),
            ("keep-alive", "concurrent", nginx_name, 1.5),
            ("pipelined x16", "pooled", nginx_name, 1.0)):
        value = ratio(measure, f"ServeScope {mine}", reference)
        verdict(f"{measure} {mine} >= {least:.1f}x {reference.split()[0]} ({value:.2f})",
                value >= least)
    for mine in ("ServeScope concurrent", "ServeScope pooled"):
        value = ratio("new conn", mine, nginx_name)
        verdict(f"new conn {mine.split()[1]} >= 1.0x nginx ({value:.2f})", value >= 1.0)
        p99 = statistics.median(a / b for a, b in zip(p99s[mine], p99s[nginx_name]))
        verdict(f"keep-alive p99 {mine.split()[1]} <= 1.2x nginx ({p99:.2f})", p99 <= 1.2)
    for name in idle:
        print(f"memory: {name}: {idle[name]:.1f} MiB idle, {after[name]:.1f} MiB after "
              "the rounds")
        verdict(f"{name} RSS idle <= 20 MiB ({idle[name]:.1f})", idle[name] <= 20)


def compute(args):
    """/compute throughput per mode: the pool runs handlers in parallel, the server thread one
    after another. Unpinned, so that the pool has both cores (wrk's share is small). No
    target: the figures show the lesson."""
    print(f"\n/compute?ms={COMPUTE_MS} throughput, wrk -t1 -c4, unpinned, pool of "
          f"{args.threads}:")
    rates = {"concurrent": [], "pooled": []}
    for _ in range(args.rounds):
        for mode in rates:
            server = servescope(mode, args.threads, free_port())
            try:
                rate, _, _ = wrk(server.url, args.seconds, (), [], 4,
                                 f"/compute?ms={COMPUTE_MS}")
            finally:
                server.stop()
            rates[mode].append(rate)
    for mode, values in rates.items():
        print(f"  ServeScope {mode:12} {statistics.median(values):>10,.1f} requests/s "
              f"(one handler: {1000 / COMPUTE_MS:.0f}/s)")
    ratio = statistics.median(p / c for p, c in zip(rates["pooled"], rates["concurrent"]))
    print(f"  pooled / concurrent: {ratio:.2f}x (at most the pool size, {args.threads}, and "
          f"the cores, {os.cpu_count()})")


def window(args, verdict):
    """The window's cost: servescope-guiload (window shown, hidden, headless in turn)."""
    if not os.path.exists(GUILOAD):
        print(f"\nwindow: {GUILOAD} is not built (SERVESCOPE_BUILD_BENCH=OFF?); skipped")
        return
    command = ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", GUILOAD, "--lang", "en",
               "--duration", str(args.seconds), "--rounds", str(args.rounds),
               "--mode", "pooled", "--threads", str(args.threads)]
    print(f"\nthe window's cost (servescope-guiload, pooled, {args.rounds} rounds of "
          f"{args.seconds} s per setup):")
    timeout = args.rounds * 3 * (args.seconds + 30) + 60
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # a real (virtual) display, as a user has
    out = subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    summary = out.stdout[out.stdout.find("summary"):] if "summary" in out.stdout else ""
    if out.returncode != 0 or not summary:
        failed = [line for line in out.stdout.splitlines() if line.startswith("FAILED")]
        print(f"  servescope-guiload failed ({out.returncode}): "
              f"{' '.join(failed) or out.stderr.strip()[-2000:]}")
        verdict("window: servescope-guiload ran", False)
        return
    for line in summary.splitlines():
        print("  " + line.strip())
    for setup, target in (("window shown", 0.90), ("window hidden", 0.95)):
        match = re.search(setup + r": [\d,.]+ requests/s, ([\d.]+) x headless", summary)
        if match:
            value = float(match.group(1))
            verdict(f"{setup} >= {target:.2f}x headless ({value:.3f})", value >= target)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8, help="per wrk run")
    parser.add_argument("--threads", type=int, default=2, help="ServeScope's pool size")
    parser.add_argument("--sleepers", type=int, default=10000,
                        help="connections of the sleeps measure")
    parser.add_argument("--pinning", choices=["pinned", "unpinned", "both"], default="both",
                        help="how the throughput measures run")
    parser.add_argument("--skip", action="append", default=[], choices=list(NEEDS))
    parser.add_argument("--quick", action="store_true",
                        help="one round of 2 s per measure, 1,000 sleeps: does it all work?")
    parser.add_argument("--results", help="where to write the report (default: "
                        "bench/RESULTS.md; none with --quick)")
    parser.add_argument("--build", default=BUILD,
                        help="the build tree with ServeScope and the bench programs")
    args = parser.parse_args()
    use_build_tree(os.path.abspath(args.build))
    if args.quick:
        args.rounds, args.seconds, args.sleepers = 1, 2, min(args.sleepers, 1000)
    if args.results is None and not args.quick:
        args.results = os.path.join(ROOT, "bench", "RESULTS.md")
    report = Tee(sys.stdout)
    sys.stdout = report
    ensure_tools([m for m in NEEDS if m not in args.skip])
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # 10,000 client sockets
    workdir = tempfile.mkdtemp(prefix="servescope-compare-")
    print(f"compare: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}; "
          f"{args.rounds} rounds of {args.seconds} s per measure, interleaved")
    verdicts = []

    def verdict(text, ok):
        verdicts.append(f"{'PASS' if ok else 'MISS'}  {text}")

    if "throughput" not in args.skip:
        for pinned in {"pinned": (True,), "unpinned": (False,),
                       "both": (True, False)}[args.pinning]:
            throughput(args, workdir, pinned, verdict)

    if "compute" not in args.skip:
        compute(args)

    if "sleeps" not in args.skip:
        client = "servescope-sleepers" if os.path.exists(SLEEPERS) else \
            "the asyncio client (servescope-sleepers not built: it bounds the wall time)"
        print(f"\n{args.sleepers:,} connections at once, each GET /sleep?ms=2000, "
              f"{args.rounds} rounds, with {client}:")
        makers = [lambda p: servescope("concurrent", args.threads, p, pin(1)),
                  lambda p: servescope("pooled", args.threads, p, pin(1)),
                  lambda p: Server("Node http", ["node", os.path.join(
                      ROOT, "bench", "reference", "node-server.js"), HELLO, str(p)], p,
                      wrapper=pin(1))]
        runs = {}
        for _ in range(args.rounds):
            for make in makers:
                server = make(free_port())
                load = os.getloadavg()[0]
                before = listen_overflows()
                try:
                    result = sleepers(server.port, args.sleepers, 2000)
                finally:
                    overflows = listen_overflows() - before
                    server.stop()
                result["overflows"] = overflows
                runs.setdefault(server.name, []).append(result)
                latency = result.get("latency_ms") or {}
                # The client's connects take part of the wall time: shown apart, so what
                # follows the last connect (the sleep and the server's tail) is seen too.
                issued = result.get("connects_issued_s")
                spread = (f" (connects over {issued:.2f} s, last connect to last answer "
                          f"{result['wall_s'] - issued:.2f} s), p50 {latency['p50'] / 1000:.2f} "
                          f"s, p99 {latency['p99'] / 1000:.2f} s" if latency else "")
                failed = (f", {result['other_status']} other status, {result['errors']} errors, "
                          f"{result['timeouts']} timeouts" if "errors" in result else "")
                print(f"  {server.name:22} wall {result['wall_s']:.2f} s{spread}, "
                      f"{result['ok']:,} of {args.sleepers:,} answered 200{failed}, "
                      f"{overflows} listen overflows (load average {load:.1f})")
        for name, results in runs.items():
            if not name.startswith("ServeScope"):
                continue
            wall = statistics.median(r["wall_s"] for r in results)
            ok = min(r["ok"] for r in results)
            overflows = sum(r["overflows"] for r in results)
            verdict(f"{args.sleepers:,} sleeps, {name}: all 200, median wall <= 2.3 s, no "
                    f"overflow (fewest 200s {ok:,}, {wall:.2f} s, {overflows})",
                    ok == args.sleepers and wall <= 2.3 and overflows == 0)

    if "callgrind" not in args.skip:
        counts = (500, 2500) if args.quick else (2000, 12000)
        print(f"\ninstructions per keep-alive GET / on the server (callgrind, "
              f"{counts[1]} - {counts[0]} requests):")
        figures = {}
        for mode in ("concurrent", "pooled"):
            figures[mode] = callgrind_per_request(
                lambda w, m=mode: servescope(m, args.threads, free_port(), w, direct=True),
                counts, workdir)
        figures["nginx"] = callgrind_per_request(
            lambda w: nginx(workdir, free_port(), w, single_process=True), counts, workdir)
        for name, value in figures.items():
            print(f"  {name:12} {value:>10,.0f}")
        # What recording the events costs the server (the window's share on the server side):
        # an access log makes a headless server record them; its own writing, on the main
        # thread, is left out, and so is the main thread on the other side.
        print("  with the events recorded (--access-log /dev/null), on the server's threads "
              "but the main one:")
        for mode in ("concurrent", "pooled"):
            plain = callgrind_per_request(
                lambda w, m=mode: servescope(m, args.threads, free_port(), w, direct=True),
                counts, workdir, without_main_thread=True)
            recorded = callgrind_per_request(
                lambda w, m=mode: servescope(m, args.threads, free_port(), w,
                                             ("--access-log", os.devnull), direct=True),
                counts, workdir, without_main_thread=True)
            print(f"  {mode:12} {recorded:>10,.0f}, {recorded - plain:+,.0f} against "
                  f"{plain:,.0f} with none")
        for mode in ("concurrent", "pooled"):
            verdict(f"callgrind {mode} <= nginx ({figures[mode]:,.0f} vs "
                    f"{figures['nginx']:,.0f})", figures[mode] <= figures["nginx"])

    if "window" not in args.skip:
        window(args, verdict)

    shutil.rmtree(workdir, ignore_errors=True)
    print("\ntargets:")
    for line in verdicts:
        print("  " + line)
    sys.stdout = report.stream
    if args.results:
        report.write_markdown(args.results, sys.argv[1:])
        print(f"compare: wrote {args.results}")
    return 0


class Tee:
    """Prints as it goes and keeps what was printed, for the report."""

    def __init__(self, stream):
        self.stream = stream
        self.lines = []

    def write(self, text):
        self.lines.append(text)
        return self.stream.write(text)

    def flush(self):
        self.stream.flush()

    def write_markdown(self, path, argv):
        commit = subprocess.run(["git", "-C", ROOT, "describe", "--always", "--dirty"],
                                capture_output=True, text=True).stdout.strip() or "unknown"
        with open(path, "w") as out:
            command = " ".join(["bench/compare.py", *argv])
            out.write("# Benchmark results\n\n"
                      f"The last run of `{command}` at {commit}, as it printed it. The "
                      "figures drift from run to run on a shared machine; the ratios, "
                      "measured round by round in the same run, and the instruction counts "
                      "are what to compare.\n\n```\n")
            out.write("".join(self.lines).rstrip("\n") + "\n```\n")


if __name__ == "__main__":
    sys.exit(main())
