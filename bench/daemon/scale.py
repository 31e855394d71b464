#!/usr/bin/python3
"""The scale curve (docs/performance.md, "Scale"): configs K times the shipped
example (gen_scale.py), and for each size, with `run` on an empty state:

  * ready: seconds from exec to "started:" (ready: the ready window planned,
    or everything with a binary without one) and to the first /healthz
    answer; all planned: to "start completed:" (the rest of the year written
    in the background), the same as ready for a binary without a window;
  * restart: the same on the state the first start left;
  * reload: SIGHUP with /healthz polled every 10 ms by another thread: the
    reload's duration (SIGHUP to "reloaded:") and the slowest /healthz answer
    during it;
  * memory: the daemon's peak RSS (VmHWM) after the reload;
  * outbox rows and size on disk.

  scale.py --binary deadlined --repo REPO --tmp DIR [--sizes 1,10,100] [--json FILE]

Exits 1 when a target of docs/performance.md is missed at 100x (ready under
5 s, /healthz under 50 ms during a reload, under 300 MiB)."""
import argparse
import http.client
import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time

NOW = "2022-01-01T00:00:00+07:00"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthz(port, timeout=60.0):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", "/healthz")
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


class Daemon:
    def __init__(self, binary, config, state_dir, log_path):
        self.log_path = log_path
        self.log_file = open(log_path, "ab")
        self.started_at = time.monotonic()
        self.child = subprocess.Popen([binary, "run", "--config", config, "--state-dir", state_dir, "--now", NOW],
                                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.log_file)

    def log(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_log(self, text, start_offset=0, timeout=900):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.log()[start_offset:]:
                return time.monotonic()
            if self.child.poll() is not None:
                raise RuntimeError("deadlined exited %s:\n%s" % (self.child.returncode, self.log()[-3000:]))
            time.sleep(0.01)
        raise RuntimeError("no %r within %d s" % (text, timeout))

    def vm_hwm_mib(self):
        with open("/proc/%d/status" % self.child.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
        return float("nan")

    def stop(self):
        if self.child.poll() is None:
            self.child.send_signal(signal.SIGTERM)
            try:
                self.child.wait(120)
            except subprocess.TimeoutExpired:
                self.child.kill()
                self.child.wait()
        self.log_file.close()
        return self.child.returncode


def start_until_ready(args, config, state_dir, port, log_path):
    """Seconds to "started:" (ready), to the first /healthz answer and to the
    whole plan written: "start completed:" when the start planned a ready
    window first and the rest in the background, else ready."""
    daemon = Daemon(args.binary, config, state_dir, log_path)
    ready = daemon.wait_log("started:") - daemon.started_at
    deadline = time.monotonic() + 60
    while True:
        try:
            healthz(port, timeout=5)
            break
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.005)
    healthz_up = time.monotonic() - daemon.started_at
    complete = ready
    if "planned in the background" in daemon.log():
        complete = daemon.wait_log("start completed:") - daemon.started_at
    return daemon, ready, healthz_up, complete


def measure_reload(daemon, port):
    latencies = []
    errors = []
    done = threading.Event()

    def poll():
        while not done.is_set():
            began = time.monotonic()
            try:
                healthz(port)
                latencies.append(time.monotonic() - began)
            except OSError as error:
                errors.append(str(error))
            time.sleep(0.01)

    poller = threading.Thread(target=poll)
    poller.start()
    time.sleep(0.2)
    offset = len(daemon.log())
    sent = time.monotonic()
    daemon.child.send_signal(signal.SIGHUP)
    finished = daemon.wait_log("reloaded:", offset)
    time.sleep(0.2)
    done.set()
    poller.join()
    return finished - sent, max(latencies) if latencies else float("nan"), len(latencies), errors


def outbox_rows(state_dir):
    path = os.path.join(state_dir, "outbox.sqlite")
    connection = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    try:
        return connection.execute("SELECT COUNT(*) FROM reminders").fetchone()[0]
    finally:
        connection.close()


def disk_mib(state_dir):
    total = 0
    for name in os.listdir(state_dir):
        if name.startswith("outbox.sqlite"):
            total += os.path.getsize(os.path.join(state_dir, name))
    return total / (1024.0 * 1024.0)


def run_size(args, copies):
    base = os.path.join(args.tmp, "scale-x%d" % copies)
    state_dir = os.path.join(base, "state")
    os.makedirs(state_dir, exist_ok=True)
    port = free_port()
    subprocess.run([sys.executable, os.path.join(args.repo, "bench", "daemon", "gen_scale.py"), "--repo", args.repo,
                    "--out", base, "--copies", str(copies), "--state-dir", state_dir, "--http-port", str(port)],
                   check=True)
    config = os.path.join(base, "deadlined.toml")
    check = subprocess.run([args.binary, "check", "--config", config], capture_output=True, text=True)
    if check.returncode != 0:
        raise RuntimeError("check failed for x%d:\n%s" % (copies, check.stderr[-3000:]))

    result = {"size": "x%d" % copies}
    daemon, result["ready_s"], result["healthz_after_s"], result["complete_s"] = start_until_ready(
        args, config, state_dir, port, os.path.join(base, "first.log"))
    result["reload_s"], result["healthz_max_ms_during_reload"], result["healthz_probes"], errors = \
        measure_reload(daemon, port)
    result["healthz_max_ms_during_reload"] *= 1000.0
    result["healthz_errors"] = len(errors)
    result["peak_rss_mib"] = daemon.vm_hwm_mib()
    result["exit"] = daemon.stop()
    result["outbox_rows"] = outbox_rows(state_dir)
    result["outbox_mib"] = disk_mib(state_dir)
    daemon, result["restart_ready_s"], _, result["restart_complete_s"] = start_until_ready(
        args, config, state_dir, port, os.path.join(base, "restart.log"))
    daemon.stop()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--repo", required=True)
    parser.add_argument("--tmp", required=True)
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--json")
    args = parser.parse_args()
    results = []
    print("| size | outbox rows | outbox MiB | ready s | /healthz up s | all planned s | restart ready s | "
          "restart all planned s | reload s | /healthz max ms in reload (probes) | peak RSS MiB |")
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for copies in [int(size) for size in args.sizes.split(",")]:
        r = run_size(args, copies)
        results.append(r)
        print("| %s | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f (%d) | %.0f |" % (
            r["size"], r["outbox_rows"], r["outbox_mib"], r["ready_s"], r["healthz_after_s"], r["complete_s"],
            r["restart_ready_s"], r["restart_complete_s"], r["reload_s"], r["healthz_max_ms_during_reload"],
            r["healthz_probes"], r["peak_rss_mib"]), flush=True)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)
    missed = []
    for r in results:
        if r["size"] == "x100":
            if r["ready_s"] >= 5.0:
                missed.append("x100 ready %.1f s (target < 5 s)" % r["ready_s"])
            if r["healthz_max_ms_during_reload"] >= 50.0:
                missed.append("x100 /healthz %.0f ms during a reload (target < 50 ms)"
                              % r["healthz_max_ms_during_reload"])
            if r["peak_rss_mib"] >= 300.0:
                missed.append("x100 peak RSS %.0f MiB (target < 300 MiB)" % r["peak_rss_mib"])
    for line in missed:
        print("missed: " + line)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
