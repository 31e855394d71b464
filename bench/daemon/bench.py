#!/usr/bin/env python3
"""Daemon delivery benchmarks (docs/performance.md, "Daemon delivery").

Run by scripts/bench-daemon, which builds the binary and passes it here. Every
file it makes goes under --tmp; every process it starts (nginx, smtp-sink,
wrk, smtp-source, strace, deadlined) is its own child and is stopped by pid at
the end, also on error or Ctrl-C.

  webhooks  `deadlined run --once` delivering WEBHOOKS reminders (one task due
            now for WEBHOOKS units, each with its own URL on one nginx that
            returns 204), against `wrk -t1 -c<webhooks.max_per_host>` POSTing a
            payload of the same size to the same nginx location, interleaved,
            RUNS times each. Target: daemon >= 0.5 x wrk.
            With --baseline, a second binary runs in every round too.
  email     the same with EMAILS messages to postfix's smtp-sink, against
            `smtp-source -s <smtp.max_connections> -d -m EMAILS -l <size of the
            daemon's message>` on the same sink. Target: daemon >= 0.6 x peer.
  idle      RUNS daemons (`run`, no --once) on TASKS tasks x STAGES stages
            (TASKS*STAGES outbox rows, nothing due for months); CPU time
            (utime+stime, /proc/PID/stat) and context switches of all threads
            over IDLE_SECONDS starting 5 s after "started:"; one more daemon
            under `strace -f` over the same window for its wait syscalls.
            Target: < 0.05 s CPU, no wakeup period shorter than the timer cap.
  memory    VmHWM of those daemons (planned 100k rows from an empty outbox,
            then idled), and the peak RSS (wait4) of `run --once` restarting on
            the full outbox. Target: < 50 MB.

The daemon's rate is deliveries / (exit - the "started:" log line), the
delivery phase; the end-to-end rate (process start to exit, including config
load and planning) is shown beside it.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = "2022-03-17T08:00:00+07:00"   # gen_config.py's due slot
CLK_TCK = os.sysconf("SC_CLK_TCK")

children = []   # every Popen we started, stopped by pid in stop_all()


def log(text):
    print(text, flush=True)


def spawn(cmd, **kwargs):
    child = subprocess.Popen(cmd, **kwargs)
    children.append(child)
    return child


def stop(child, sig=signal.SIGTERM, wait=10):
    if child.poll() is None:
        try:
            os.kill(child.pid, sig)
            child.wait(timeout=wait)
        except subprocess.TimeoutExpired:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
        except ProcessLookupError:
            pass


def stop_all():
    for child in reversed(children):
        stop(child)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, child, what, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            sys.exit(f"bench-daemon: {what} exited with {child.returncode} at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    sys.exit(f"bench-daemon: {what} does not listen on 127.0.0.1:{port}")


def median(values):
    return statistics.median(values) if values else float("nan")


def gen(kind, out, *args):
    subprocess.run([sys.executable, f"{HERE}/gen_config.py", kind, out, *map(str, args)], check=True)


def prepare(args, kind, name, *gen_args):
    out = f"{args.tmp}/{name}"
    gen(kind, out, *gen_args)
    shutil.copytree(f"{args.repo}/config/holidays", f"{out}/holidays")
    check = subprocess.run([args.binary, "check", "-c", f"{out}/deadlined.toml"], capture_output=True, text=True)
    if check.returncode != 0:
        sys.exit(f"bench-daemon: generated config {out} does not check:\n{check.stdout}{check.stderr}")
    return out


class DaemonRun:
    """One `deadlined run`: stderr read live; times of start, "started:", exit."""

    def __init__(self, binary, config, state_dir, once, extra_env=None, prefix=()):
        env = dict(os.environ)
        env.pop("JOURNAL_STREAM", None)   # log to stderr, never to the journal
        env.pop("NOTIFY_SOCKET", None)
        env.pop("WATCHDOG_USEC", None)
        env.update(extra_env or {})
        cmd = [*prefix, binary, "run", "-c", config, "--state-dir", state_dir, "--now", NOW]
        if once:
            cmd.append("--once")
        self.outcomes = {}
        self.errors = []
        self.started_at = None
        self.started_line = ""
        self.start = time.perf_counter()
        self.child = spawn(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        self.started_event = threading.Event()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        pattern = re.compile(r" outcome=(\w+)")
        for raw in self.child.stderr:
            line = raw.decode("utf-8", "replace")
            if " started: " in line and self.started_at is None:
                self.started_at = time.perf_counter()
                self.started_line = line.strip()
                self.started_event.set()
            match = pattern.search(line)
            if match:
                self.outcomes[match.group(1)] = self.outcomes.get(match.group(1), 0) + 1
            elif " error " in line or " critical " in line:
                self.errors.append(line.strip())
        self.started_event.set()

    def wait(self):
        """For --once runs: wall time, delivery phase, peak RSS (KiB), CPU seconds."""
        _, status, usage = os.wait4(self.child.pid, 0)
        end = time.perf_counter()
        self.child.returncode = os.waitstatus_to_exitcode(status)
        self.reader.join()
        if self.child.returncode != 0:
            sys.exit(f"bench-daemon: deadlined run exited with {self.child.returncode}: {self.errors[-5:]}")
        if self.started_at is None:
            sys.exit("bench-daemon: deadlined logged no \"started:\" line")
        return {"wall": end - self.start, "startup": self.started_at - self.start,
                "delivery": end - self.started_at, "maxrss_kib": usage.ru_maxrss,
                "cpu": usage.ru_utime + usage.ru_stime, "outcomes": dict(self.outcomes)}


def outbox_counts(state_dir):
    databases = [f for f in os.listdir(state_dir) if f.endswith((".db", ".sqlite", ".sqlite3"))]
    if not databases:
        return {}
    with sqlite3.connect(f"file:{state_dir}/{databases[0]}?mode=ro", uri=True) as db:
        return dict(db.execute("SELECT state, COUNT(*) FROM reminders GROUP BY state").fetchall())


def nginx_requests(port):
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(b"GET /nginx_status HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
        data = b""
        while chunk := s.recv(4096):
            data += chunk
    numbers = re.search(rb"\n\s*(\d+)\s+(\d+)\s+(\d+)\s*\n", data)
    return int(numbers.group(3))


def webhook_body(size):
    """A digest-shaped JSON body of about SIZE bytes for wrk."""
    body = {"type": "deadlined.digest", "version": 1, "idempotency_key": "deadlined-" + "0" * 32,
            "unit": {"id": "u00000", "name": "Đơn vị thử u00000"}, "slot": NOW, "generated_at": NOW,
            "count": 1, "items": [{"plan_title": "Kế hoạch đo hiệu năng gửi nhắc việc", "task_id": "1",
                                    "task_title": "Nộp báo cáo", "role": "lead", "stage": "due",
                                    "stage_text": "đến hạn hôm nay", "due": "2022-03-17", "days_left": 0,
                                    "when": "", "product": "Báo cáo", "pad": ""}]}
    text = json.dumps(body, ensure_ascii=False)
    body["items"][0]["pad"] = "x" * max(0, size - len(text.encode()))
    return json.dumps(body, ensure_ascii=False)


# ---------------------------------------------------------------- webhooks

def bench_webhooks(args, results):
    port = free_port()
    prefix = f"{args.tmp}/nginx"
    os.makedirs(prefix)
    with open(f"{HERE}/nginx.conf.in") as f:
        conf = f.read().replace("@PREFIX@", prefix).replace("@PORT@", str(port))
    with open(f"{prefix}/nginx.conf", "w") as f:
        f.write(conf)
    nginx = spawn(["nginx", "-c", f"{prefix}/nginx.conf", "-p", f"{prefix}/"],
                  stdout=subprocess.DEVNULL, stderr=open(f"{prefix}/stderr.log", "w"))
    wait_port(port, nginx, "nginx")
    out = prepare(args, "webhook", "webhook", args.webhooks, port)
    concurrency = args.max_per_host
    # The daemon's payload for one item is about 900 bytes; wrk posts the same size.
    body_size = args.webhook_body
    lua = f"{args.tmp}/post.lua"
    with open(lua, "w") as f:
        f.write('wrk.method = "POST"\n'
                f"wrk.body = [==[{webhook_body(body_size)}]==]\n"
                'wrk.headers["Content-Type"] = "application/json"\n')
    log(f"\n== webhooks: {args.webhooks} reminders to nginx 127.0.0.1:{port} (204), "
        f"peer wrk -t1 -c{concurrency} -d{args.wrk_seconds}s, {args.runs} runs interleaved")
    peer, daemon, baseline = [], [], []
    for run in range(args.runs):
        wrk = spawn(["wrk", "-t1", f"-c{concurrency}", f"-d{args.wrk_seconds}s", "-s", lua,
                     f"http://127.0.0.1:{port}/hook/u00000"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                    text=True)
        text, err = wrk.communicate()
        rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
        errors = re.search(r"Non-2xx or 3xx responses: (\d+)|Socket errors: .*", text)
        if not rate or wrk.returncode != 0 or errors or err.strip():
            sys.exit(f"bench-daemon: wrk failed:\n{text}{err}")
        peer.append(float(rate.group(1)))

        for label, binary, runs in daemons_of(args, daemon, baseline):
            state = f"{args.state_root or out}/webhook-state-{os.getpid()}-{run}-{label}"
            before = nginx_requests(port)
            r = DaemonRun(binary, f"{out}/deadlined.toml", state, once=True).wait()
            received = nginx_requests(port) - before - 1   # minus the status request itself
            sent = r["outcomes"].get("sent", 0)
            counts = outbox_counts(state)
            if sent != args.webhooks or received != args.webhooks or counts.get("sent") != args.webhooks:
                sys.exit(f"bench-daemon: webhooks run {run} ({label}): outcomes {r['outcomes']}, nginx got "
                         f"{received}, outbox {counts}; expected {args.webhooks} sent")
            r["rate"] = sent / r["delivery"]
            r["rate_e2e"] = sent / r["wall"]
            runs.append(r)
            shutil.rmtree(state)
            log(f"run {run + 1}: wrk {peer[-1]:.0f} req/s; {label} {sent} sent, nginx got {received}: "
                f"wall {r['wall']:.2f} s (startup {r['startup']:.2f} s, delivery {r['delivery']:.2f} s), "
                f"{r['rate']:.0f}/s delivery phase ({r['rate'] / peer[-1]:.3f} of wrk), "
                f"{r['rate_e2e']:.0f}/s end to end, CPU {r['cpu']:.2f} s, peak RSS {r['maxrss_kib'] // 1024} MiB")
    stop(nginx, signal.SIGQUIT)
    summarize(results, "webhooks", args.webhooks, peer, daemon, "wrk", 0.5, baseline)


def daemons_of(args, daemon, baseline):
    """The binaries measured in one round: deadlined, then the baseline (--baseline) if any."""
    out = [("deadlined", args.binary, daemon)]
    if args.baseline:
        out.append(("baseline", args.baseline, baseline))
    return out


def summarize(results, name, count, peer, daemon, peer_name, target, baseline=()):
    rate = median([r["rate"] for r in daemon])
    ratio = rate / median(peer)
    results[name] = {"count": count, "peer": peer_name, "peer_rate": median(peer), "peer_runs": peer,
                     "rate": rate, "rate_runs": [r["rate"] for r in daemon],
                     "rate_e2e": median([r["rate_e2e"] for r in daemon]),
                     "wall": median([r["wall"] for r in daemon]), "startup": median([r["startup"] for r in daemon]),
                     "delivery": median([r["delivery"] for r in daemon]),
                     "cpu": median([r["cpu"] for r in daemon]),
                     "maxrss_mib": median([r["maxrss_kib"] for r in daemon]) / 1024,
                     "ratio": ratio, "ratio_e2e": median([r["rate_e2e"] for r in daemon]) / median(peer),
                     "target": target, "met": ratio >= target}
    if baseline:
        results[name]["baseline"] = {"rate": median([r["rate"] for r in baseline]),
                                     "rate_runs": [r["rate"] for r in baseline],
                                     "ratio": median([r["rate"] for r in baseline]) / median(peer)}


# ---------------------------------------------------------------- email

def bench_email(args, results):
    port = free_port()
    sink = spawn(["smtp-sink", "-u", "nobody", f"127.0.0.1:{port}", "256"],
                 stdout=subprocess.DEVNULL, stderr=open(f"{args.tmp}/smtp-sink.log", "w"))
    wait_port(port, sink, "smtp-sink")
    out = prepare(args, "email", "email", args.emails, port)
    # The size of one of the daemon's messages: the same reminder into a Maildir.
    probe = prepare(args, "email", "email-probe", 1, 0)
    DaemonRun(args.binary, f"{probe}/deadlined.toml", f"{probe}/state", once=True).wait()
    maildir = f"{probe}/state/Maildir/new"
    message_size = os.path.getsize(f"{maildir}/{os.listdir(maildir)[0]}")
    sessions = args.max_connections
    log(f"\n== email: {args.emails} messages ({message_size} bytes each) to smtp-sink 127.0.0.1:{port}, "
        f"peer smtp-source -s {sessions} -d -m {args.emails} -l {message_size}, {args.runs} runs interleaved")
    peer, daemon, baseline = [], [], []
    for run in range(args.runs):
        start = time.perf_counter()
        source = spawn(["smtp-source", "-s", str(sessions), "-d", "-m", str(args.emails), "-l", str(message_size),
                        "-f", "bench@bench.example.vn", "-t", "sink@bench.example.vn", f"127.0.0.1:{port}"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        _, err = source.communicate()
        elapsed = time.perf_counter() - start
        if source.returncode != 0 or err.strip():
            sys.exit(f"bench-daemon: smtp-source failed ({source.returncode}): {err}")
        peer.append(args.emails / elapsed)

        for label, binary, runs in daemons_of(args, daemon, baseline):
            state = f"{args.state_root or out}/email-state-{os.getpid()}-{run}-{label}"
            r = DaemonRun(binary, f"{out}/deadlined.toml", state, once=True).wait()
            sent = r["outcomes"].get("sent", 0)
            counts = outbox_counts(state)
            if sent != args.emails or counts.get("sent") != args.emails:
                sys.exit(f"bench-daemon: email run {run} ({label}): outcomes {r['outcomes']}, outbox {counts}; "
                         f"expected {args.emails} sent")
            r["rate"] = sent / r["delivery"]
            r["rate_e2e"] = sent / r["wall"]
            runs.append(r)
            shutil.rmtree(state)
            log(f"run {run + 1}: smtp-source {elapsed:.2f} s = {peer[-1]:.0f} msg/s; {label} {sent} sent: "
                f"wall {r['wall']:.2f} s (startup {r['startup']:.2f} s, delivery {r['delivery']:.2f} s), "
                f"{r['rate']:.0f}/s delivery phase ({r['rate'] / peer[-1]:.3f} of smtp-source), "
                f"{r['rate_e2e']:.0f}/s end to end, CPU {r['cpu']:.2f} s, peak RSS {r['maxrss_kib'] // 1024} MiB")
    stop(sink)
    summarize(results, "email", args.emails, peer, daemon, "smtp-source", 0.6, baseline)
    results["email"]["message_size"] = message_size


# ---------------------------------------------------------------- idle and memory

def proc_sample(pid):
    """utime+stime (s), on-CPU ns (schedstat), voluntary and involuntary switches, over all threads."""
    ticks, on_cpu, voluntary, involuntary, threads = 0, 0, 0, 0, 0
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
        ticks = int(fields[11]) + int(fields[12])       # utime, stime: fields 14, 15
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                on_cpu += int(f.read().split()[0])
            with open(f"/proc/{pid}/task/{tid}/status") as f:
                for line in f:
                    if line.startswith("voluntary_ctxt_switches:"):
                        voluntary += int(line.split()[1])
                    elif line.startswith("nonvoluntary_ctxt_switches:"):
                        involuntary += int(line.split()[1])
            threads += 1
        except FileNotFoundError:
            pass
    return {"cpu": ticks / CLK_TCK, "on_cpu_ns": on_cpu, "voluntary": voluntary, "involuntary": involuntary,
            "threads": threads}


def vm_hwm_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


WAIT_SYSCALLS = "epoll_wait,epoll_pwait,epoll_pwait2,poll,ppoll,select,pselect6,nanosleep,clock_nanosleep," \
                "futex,timerfd_settime,read"


def parse_strace(path):
    """Syscall counts, the main loop's wakeups (epoll returns with a result >= 0;
    an attach may interrupt one with EINTR/ERESTARTSYS, not counted) and the
    waits armed on Asio's timerfd (seconds)."""
    counts, wakes_by_tid, armed = {}, {}, []
    line_re = re.compile(r"^(\d+)\s+(\d+):(\d+):(\d+\.\d+)\s+(?:<\.\.\. )?(\w+)(.*)$")
    for line in open(path, errors="replace"):
        m = line_re.match(line)
        if not m or "unfinished ..." in line or "detached ..." in line:
            continue   # counted when it resumes
        tid, h, mi, s, name, rest = m.groups()
        counts[name] = counts.get(name, 0) + 1
        if name.startswith("epoll") and re.search(r"= \d+$", rest.strip()):
            wakes_by_tid.setdefault(tid, []).append(int(h) * 3600 + int(mi) * 60 + float(s))
        if name == "timerfd_settime":
            value = re.search(r"it_value=\{tv_sec=(\d+), tv_nsec=(\d+)\}", rest)
            if value and (int(value.group(1)) or int(value.group(2))):
                armed.append(int(value.group(1)) + int(value.group(2)) / 1e9)
    intervals = []
    for times in wakes_by_tid.values():
        intervals += [b - a for a, b in zip(times, times[1:])]
    wakeups = sum(len(times) for times in wakes_by_tid.values())
    return counts, wakeups, intervals, armed


def bench_idle_memory(args, results):
    out = prepare(args, "resident", "resident", args.tasks, args.stages)
    rows = args.tasks * args.stages
    log(f"\n== idle and memory: {args.tasks} tasks x {args.stages} stages = {rows} outbox rows, "
        f"nothing due at {NOW}; {args.runs} daemons + 1 under strace, {args.idle_seconds} s window")
    daemons = [DaemonRun(args.binary, f"{out}/deadlined.toml", f"{out}/state-{i}", once=False)
               for i in range(args.runs)]
    traced = DaemonRun(args.binary, f"{out}/deadlined.toml", f"{out}/state-traced", once=False)
    for d in [*daemons, traced]:
        if not d.started_event.wait(timeout=300) or d.started_at is None:
            sys.exit(f"bench-daemon: idle daemon did not start: {d.errors[-5:]}")
    startup = [d.started_at - d.start for d in daemons]
    log(f"started ({', '.join(f'{s:.1f} s' for s in startup)} to plan {rows} rows from an empty outbox, "
        "concurrently)")
    # The window opens 5 s after the last "started:".
    time.sleep(max(0.0, 5 - (time.perf_counter() - max(d.started_at for d in [*daemons, traced]))))
    strace_log = f"{args.tmp}/idle.strace"
    strace = spawn(["strace", "-f", "-tt", "-e", f"trace={WAIT_SYSCALLS}", "-o", strace_log,
                    "-p", str(traced.child.pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first = [proc_sample(d.child.pid) for d in daemons]
    opened = time.perf_counter()
    time.sleep(args.idle_seconds)
    last = [proc_sample(d.child.pid) for d in daemons]
    elapsed = time.perf_counter() - opened
    stop(strace, signal.SIGINT)
    hwm = [vm_hwm_kib(d.child.pid) for d in daemons]
    for d in [*daemons, traced]:
        stop(d.child, signal.SIGTERM, wait=30)
        d.reader.join()
    counts = outbox_counts(f"{out}/state-0")
    if counts.get("pending") != rows:
        sys.exit(f"bench-daemon: resident outbox holds {counts}, expected {rows} pending")
    cpu = [b["cpu"] - a["cpu"] for a, b in zip(first, last)]
    on_cpu = [(b["on_cpu_ns"] - a["on_cpu_ns"]) / 1e9 for a, b in zip(first, last)]
    switches = [b["voluntary"] + b["involuntary"] - a["voluntary"] - a["involuntary"] for a, b in zip(first, last)]
    syscalls, wakeups, intervals, armed = parse_strace(strace_log)
    for i in range(args.runs):
        log(f"daemon {i + 1}: CPU {cpu[i]:.3f} s (utime+stime), {on_cpu[i]:.4f} s on CPU (schedstat), "
            f"{switches[i]} context switches over {elapsed:.1f} s, {last[i]['threads']} threads, "
            f"VmHWM {hwm[i] / 1024:.1f} MiB")
    waits = {k: v for k, v in sorted(syscalls.items())}
    shortest = min(intervals) if intervals else None
    shortest_armed = min(armed) if armed else None
    log(f"strace (daemon {args.runs + 1}, {args.idle_seconds} s): syscalls {waits or 'none'}; "
        f"{wakeups} event-loop wakeups, shortest gap between two "
        f"{'-' if shortest is None else f'{shortest:.1f} s'}; waits armed on the timerfd: "
        f"{', '.join(f'{a:.1f} s' for a in armed) or 'none'}")
    timer_cap = args.timer_cap
    polls_ok = ((shortest is None or shortest >= timer_cap - 1)
                and (shortest_armed is None or shortest_armed >= timer_cap - 1)
                and wakeups <= args.idle_seconds / timer_cap + 1)
    results["idle"] = {"window": elapsed, "cpu": median(cpu), "cpu_runs": cpu, "on_cpu": median(on_cpu),
                       "switches": median(switches), "syscalls": waits, "wakeups": wakeups,
                       "shortest_interval": shortest, "armed": armed, "timer_cap": timer_cap,
                       "met": median(cpu) < 0.05 and polls_ok}

    # Memory: the idle daemons' high-water mark (planned from empty, then idled),
    # and `run --once` restarting on the full outbox (reconcile, nothing due).
    restart = []
    for i in range(args.runs):
        r = DaemonRun(args.binary, f"{out}/deadlined.toml", f"{out}/state-{i}", once=True).wait()
        restart.append(r)
    log("run --once on the full outbox (restart): " + ", ".join(
        f"{r['wall']:.2f} s, peak RSS {r['maxrss_kib'] / 1024:.1f} MiB" for r in restart))
    hwm_mib = median(hwm) / 1024
    restart_mib = median([r["maxrss_kib"] for r in restart]) / 1024
    results["memory"] = {"tasks": args.tasks, "rows": rows, "first_start_mib": hwm_mib,
                         "first_start_s": median(startup), "restart_mib": restart_mib,
                         "restart_s": median([r["wall"] for r in restart]),
                         "met": max(hwm_mib, restart_mib) < 50}


# ---------------------------------------------------------------- table

def table(results, args):
    lines = ["| benchmark | deadlined (median of %d) | peer, same run (median) | ratio | target | result |" % args.runs,
             "|---|---|---|---|---|---|"]

    def verdict(r):
        return "met" if r["met"] else "**MISSED**"
    if "webhooks" in results:
        w = results["webhooks"]
        lines.append(f"| webhooks, {w['count']} to nginx 204 | {w['rate']:.0f}/s delivery phase "
                     f"({w['delivery']:.2f} s; {w['rate_e2e']:.0f}/s end to end, {w['wall']:.2f} s) "
                     f"| wrk -c{args.max_per_host}: {w['peer_rate']:.0f} req/s "
                     f"| {w['ratio']:.3f} ({w['ratio_e2e']:.3f} end to end) | >= {w['target']} | {verdict(w)} |")
    if "email" in results:
        e = results["email"]
        lines.append(f"| email, {e['count']} to smtp-sink | {e['rate']:.0f}/s delivery phase "
                     f"({e['delivery']:.2f} s; {e['rate_e2e']:.0f}/s end to end, {e['wall']:.2f} s) "
                     f"| smtp-source -s {args.max_connections} -d: {e['peer_rate']:.0f} msg/s "
                     f"| {e['ratio']:.3f} ({e['ratio_e2e']:.3f} end to end) | >= {e['target']} | {verdict(e)} |")
    if "idle" in results:
        i = results["idle"]
        shortest = "-" if i["shortest_interval"] is None else f"{i['shortest_interval']:.1f} s"
        lines.append(f"| idle, {args.tasks} tasks / {args.tasks * args.stages} rows, {i['window']:.0f} s "
                     f"| CPU {i['cpu']:.3f} s ({i['on_cpu']:.4f} s on CPU), {i['switches']:.0f} context switches; "
                     f"{i['wakeups']} loop wakeups (strace), timer armed for "
                     f"{', '.join(f'{a:.0f} s' for a in i['armed']) or '-'} | - | - "
                     f"| < 0.05 s, no poll < {i['timer_cap']} s | {verdict(i)} |")
    if "memory" in results:
        m = results["memory"]
        lines.append(f"| memory, {m['tasks']} tasks / {m['rows']} rows | VmHWM {m['first_start_mib']:.1f} MiB "
                     f"(plan from empty + idle), {m['restart_mib']:.1f} MiB (`run --once` restart) | - | - "
                     f"| < 50 MB | {verdict(m)} |")
    for name in ("webhooks", "email"):
        if name in results and "baseline" in results[name]:
            b = results[name]["baseline"]
            lines.append(f"| {name}, baseline ({args.baseline}) | {b['rate']:.0f}/s delivery phase "
                         f"| (same peer runs) | {b['ratio']:.3f} | - | - |")
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", required=True)
    p.add_argument("--repo", required=True)
    p.add_argument("--tmp", required=True)
    p.add_argument("--only", default="webhooks,email,idle", help="comma-separated: webhooks,email,idle")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--webhooks", type=int, default=10000)
    p.add_argument("--webhook-body", type=int, default=900)
    p.add_argument("--wrk-seconds", type=int, default=5)
    p.add_argument("--emails", type=int, default=2000)
    p.add_argument("--tasks", type=int, default=10000)
    p.add_argument("--stages", type=int, default=10)
    p.add_argument("--idle-seconds", type=int, default=60)
    p.add_argument("--max-per-host", type=int, default=4, help="webhooks.max_per_host of the config (default)")
    p.add_argument("--max-connections", type=int, default=2, help="smtp.max_connections of the config (default)")
    p.add_argument("--timer-cap", type=int, default=60, help="delivery.timer_cap of the config (default)")
    p.add_argument("--baseline", help="another deadlined binary measured in the same rounds (before/after)")
    p.add_argument("--state-root", help="put the throughput runs' state here (e.g. /dev/shm: no disk fsync)")
    p.add_argument("--json", help="also write the results here")
    args = p.parse_args()
    only = set(args.only.split(","))
    for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, lambda *_: sys.exit(130))
    results = {}
    try:
        if "webhooks" in only:
            bench_webhooks(args, results)
        if "email" in only:
            bench_email(args, results)
        if "idle" in only or "memory" in only:
            bench_idle_memory(args, results)
    finally:
        stop_all()
    log("\n== results")
    log(table(results, args))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)
    missed = [name for name, r in results.items() if not r["met"]]
    if missed:
        log(f"\nbench-daemon: target missed: {', '.join(missed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
