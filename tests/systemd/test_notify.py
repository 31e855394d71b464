#!/usr/bin/python3
"""The systemd side of `deadlined run`, without systemd.

systemd cannot run as PID 1 here, so these tests play its part of the
protocol: NOTIFY_SOCKET points at a datagram socket of ours, WATCHDOG_USEC is
set, signals are sent by hand, credentials come from a CREDENTIALS_DIRECTORY.

Environment: DEADLINED_BINARY (the built executable) and DEADLINED_SOURCE_DIR
(the source tree, for the shipped config). ctest sets both (label "systemd").
"""
import datetime
import hashlib
import json
import hmac
import http.server
import os
import re
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import unittest
from pathlib import Path

BINARY = os.environ.get("DEADLINED_BINARY", "")
SOURCE = Path(os.environ.get("DEADLINED_SOURCE_DIR", Path(__file__).resolve().parents[2]))
STDERR_LINE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:?\d\d \w+ ")


class NotifySocket:
    """systemd's end of sd_notify(3): one AF_UNIX datagram per message."""

    def __init__(self, directory):
        self.path = os.path.join(directory, "notify.sock")
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(self.path)
        self.messages = []  # (monotonic time, {key: value}, raw)
        self.lock = threading.Lock()
        self.closed = False
        self.thread = threading.Thread(target=self._receive, daemon=True)
        self.thread.start()

    def _receive(self):
        self.sock.settimeout(0.2)
        while not self.closed:
            try:
                data = self.sock.recv(4096)
            except socket.timeout:
                continue
            except OSError:
                return
            raw = data.decode()
            fields = dict(line.split("=", 1) for line in raw.split("\n") if "=" in line)
            with self.lock:
                self.messages.append((time.monotonic(), fields, raw))

    def snapshot(self):
        with self.lock:
            return list(self.messages)

    def wait_for(self, key, value=None, after=0, timeout=120):
        """Index of the first message at or after `after` carrying key (=value)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for index, (_, fields, _) in enumerate(self.snapshot()):
                if index >= after and key in fields and (value is None or fields[key] == value):
                    return index
            time.sleep(0.05)
        raise AssertionError(f"no {key}={value} notification within {timeout} s; got {self.snapshot()}")

    def wait_count(self, key, value, count, timeout=120):
        """The receive times of the first `count` messages carrying key=value,
        once that many have come."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            times = [t for t, fields, _ in self.snapshot() if fields.get(key) == value]
            if len(times) >= count:
                return times[:count]
            time.sleep(0.05)
        raise AssertionError(f"fewer than {count} {key}={value} notifications within {timeout} s: {self.snapshot()}")

    def flush(self):
        """Returns once every datagram sent before this call has been read: a
        marker of the test's own follows them through the socket's queue."""
        marker = f"X_TEST_FLUSH={time.monotonic_ns()}"
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as sender:
            sender.sendto(marker.encode(), self.path)
        self.wait_for("X_TEST_FLUSH", marker.split("=", 1)[1], timeout=30)

    def close(self):
        self.closed = True
        self.thread.join()
        self.sock.close()


def copy_config(directory, log_level=None):
    """The shipped example config, in a scratch dir (holidays, units, plans)."""
    config_dir = Path(directory) / "etc"
    shutil.copytree(SOURCE / "config", config_dir)
    main = config_dir / "deadlined.toml"
    if log_level:
        set_log_level(main, log_level)
    return main


def set_log_level(main, level):
    text = main.read_text(encoding="utf-8")
    text = re.sub(r'\nlog_level = "[a-z]+"\n', "\n", text)
    text = text.replace("[daemon]\n", f'[daemon]\nlog_level = "{level}"\n', 1)
    main.write_text(text, encoding="utf-8")


class Daemon:
    def __init__(self, config, state_dir, notify=None, watchdog_usec=None, credentials=None, extra_args=(),
                 journal_stream=False):
        env = {k: v for k, v in os.environ.items()
               if k not in ("NOTIFY_SOCKET", "WATCHDOG_USEC", "WATCHDOG_PID", "CREDENTIALS_DIRECTORY",
                            "JOURNAL_STREAM", "LISTEN_FDS", "LISTEN_PID")}
        if notify:
            env["NOTIFY_SOCKET"] = notify.path
        if watchdog_usec:
            env["WATCHDOG_USEC"] = str(watchdog_usec)
        if credentials:
            env["CREDENTIALS_DIRECTORY"] = str(credentials)
        self.stderr_path = Path(state_dir).parent / f"stderr-{time.monotonic_ns()}.log"
        self.stderr_file = open(self.stderr_path, "wb")
        if journal_stream:
            # What systemd does for StandardError=journal: JOURNAL_STREAM names
            # the device and inode of the stderr it hands over.
            info = os.fstat(self.stderr_file.fileno())
            env["JOURNAL_STREAM"] = f"{info.st_dev}:{info.st_ino}"
        self.process = subprocess.Popen(
            [BINARY, "run", "--config", str(config), "--state-dir", str(state_dir), *extra_args],
            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self.stderr_file)

    def stderr(self):
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def wait(self, timeout=30):
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.stderr_file.close()

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.stderr_file.close()


def parse_journal_datagram(data):
    """systemd's native journal protocol: KEY=VALUE lines, or KEY, newline,
    little-endian 64-bit length, the bytes, newline for values with newlines."""
    fields = {}
    while data:
        newline = data.index(b"\n")
        line = data[:newline]
        if b"=" in line:
            key, value = line.split(b"=", 1)
            data = data[newline + 1:]
        else:
            key = line
            (size,) = struct.unpack("<Q", data[newline + 1:newline + 9])
            value = data[newline + 9:newline + 9 + size]
            data = data[newline + 10 + size:]
        fields[key.decode()] = value.decode(errors="replace")
    return fields


def journal_helper(out, config, state, credentials, *args):
    """Runs inside `unshare -m`: a private /run/systemd with our own journal
    socket, then the daemon with JOURNAL_STREAM naming its stderr."""
    subprocess.run(["mount", "-t", "tmpfs", "tmpfs", "/run/systemd"], check=True)
    os.makedirs("/run/systemd/journal")
    journal = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    journal.bind("/run/systemd/journal/socket")
    journal.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    daemon = Daemon(config, state, credentials=credentials, extra_args=args, journal_stream=True)
    code = daemon.wait(timeout=60)
    entries = []
    journal.setblocking(False)
    while True:
        try:
            entries.append(parse_journal_datagram(journal.recv(1 << 20)))
        except BlockingIOError:
            break
    Path(out).write_text(json.dumps({"code": code, "stderr": daemon.stderr(), "entries": entries}), encoding="utf-8")


@unittest.skipUnless(BINARY and os.access(BINARY, os.X_OK), "DEADLINED_BINARY not set")
class NotifyProtocolTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="deadlined-notify-")
        self.state = Path(self.dir) / "state"
        self.notify = NotifySocket(self.dir)
        self.daemons = []

    def tearDown(self):
        for daemon in self.daemons:
            daemon.kill()
        self.notify.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def start(self, config, **kwargs):
        daemon = Daemon(config, self.state, notify=self.notify, **kwargs)
        self.daemons.append(daemon)
        return daemon

    def test_ready_status_watchdog_and_stop(self):
        config = copy_config(self.dir)
        daemon = self.start(config, watchdog_usec=2_000_000)
        ready = self.notify.wait_for("READY", "1")
        fields = self.notify.snapshot()[ready][1]
        self.assertIn("STATUS", fields, "READY=1 comes with a STATUS= text")
        self.assertRegex(fields["STATUS"], r"\d+ pending")

        # WATCHDOG_USEC=2 s: a ping about every second (half the interval).
        # Five pings, however long they take to come; their spacing is the
        # daemon's, measured where they are received.
        pings = self.notify.wait_count("WATCHDOG", "1", 5, timeout=60)
        gaps = [b - a for a, b in zip(pings, pings[1:])]
        median = sorted(gaps)[len(gaps) // 2]
        self.assertGreater(median, 0.7, gaps)
        self.assertLess(median, 1.3, gaps)
        self.assertLess(max(gaps), 2.0, "never a gap as long as the watchdog interval")

        before = len(self.notify.snapshot())
        daemon.process.send_signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(), 0, daemon.stderr())
        self.notify.wait_for("STOPPING", "1", after=before, timeout=30)
        self.assertIn("received SIGTERM, stopping", daemon.stderr())

    def test_reload_sends_reloading_then_ready_and_applies_log_level(self):
        config = copy_config(self.dir, log_level="warn")
        daemon = self.start(config)
        self.notify.wait_for("READY", "1")
        self.assertNotIn(" info ", daemon.stderr(), "log_level = warn hides info lines")

        set_log_level(config, "info")
        before = len(self.notify.snapshot())
        daemon.process.send_signal(signal.SIGHUP)
        reloading = self.notify.wait_for("RELOADING", "1", after=before)
        fields = self.notify.snapshot()[reloading][1]
        self.assertRegex(fields.get("MONOTONIC_USEC", ""), r"^\d+$", "RELOADING=1 carries MONOTONIC_USEC")
        ready = self.notify.wait_for("READY", "1", after=reloading + 1)
        self.assertGreater(ready, reloading)
        self.assertNotIn("reload failed", self.notify.snapshot()[ready][1].get("STATUS", ""))
        # Logged just before READY=1; the bound only turns a missing line into
        # a failure, so it is generous for a loaded machine.
        deadline = time.monotonic() + 60
        while "reloaded:" not in daemon.stderr() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertIn(" info reloaded:", daemon.stderr(), "the new log level applies after the reload")

        # A broken config on reload: RELOADING, then READY with the old config kept.
        config.write_text(config.read_text(encoding="utf-8") + "\nno_such_key = 1\n", encoding="utf-8")
        before = len(self.notify.snapshot())
        daemon.process.send_signal(signal.SIGHUP)
        reloading = self.notify.wait_for("RELOADING", "1", after=before)
        ready = self.notify.wait_for("READY", "1", after=reloading + 1)
        self.assertIn("reload failed", self.notify.snapshot()[ready][1].get("STATUS", ""))
        self.assertIsNone(daemon.process.poll(), "a failed reload keeps the daemon running")

        daemon.process.send_signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(), 0, daemon.stderr())
        self.notify.wait_for("STOPPING", "1", timeout=30)

    def test_a_start_in_steps_extends_the_start_timeout_after_each(self):
        """Six times the shipped example (bench/daemon/gen_scale.py): more
        rows than one planning step (Dispatcher::k_start_step_rows, 20,000),
        so systemd hears EXTEND_TIMEOUT_USEC with a STATUS= of the progress
        after the step, again before the catch-up, then READY."""
        out = Path(self.dir) / "x6"
        subprocess.run([sys.executable, str(SOURCE / "bench" / "daemon" / "gen_scale.py"), "--repo", str(SOURCE),
                        "--out", str(out), "--copies", "6", "--state-dir", str(self.state)], check=True,
                       capture_output=True)
        config = out / "deadlined.toml"

        def start_and_extensions():
            before = len(self.notify.snapshot())
            daemon = self.start(config)
            ready = self.notify.wait_for("READY", "1", after=before, timeout=240)
            extensions = [f for _, f, _ in self.notify.snapshot()[before:ready] if "EXTEND_TIMEOUT_USEC" in f]
            daemon.process.send_signal(signal.SIGTERM)
            self.assertEqual(daemon.wait(60), 0, daemon.stderr())
            return extensions

        extensions = start_and_extensions()
        self.assertEqual([f["EXTEND_TIMEOUT_USEC"] for f in extensions], ["120000000"] * 3, extensions)
        statuses = [f["STATUS"] for f in extensions]
        self.assertEqual(statuses[0], "planning: 20000 reminders", "nothing stored yet to estimate from")
        planned = re.fullmatch(r"planned (\d+) reminders; dropping what the configuration no longer plans",
                               statuses[1])
        self.assertTrue(planned, statuses)
        self.assertGreater(int(planned.group(1)), 20000)
        self.assertEqual(statuses[2], "catching up on missed reminders")

        # A restart estimates from what the outbox holds.
        again = start_and_extensions()
        self.assertEqual(again[0]["STATUS"], "planning: 20000 of ~%s reminders" % planned.group(1))

    def test_sigterm_during_a_long_start_stops_it_and_keeps_its_steps(self):
        """SIGTERM after the first committed step of a start at 12x the seed
        (about 44,000 reminders, so steps and a catch-up still follow): the
        daemon stops at the end of a step (exit 0, never READY) instead of
        planning to the end, and the next start finds whole steps stored."""
        out = Path(self.dir) / "x12"
        subprocess.run([sys.executable, str(SOURCE / "bench" / "daemon" / "gen_scale.py"), "--repo", str(SOURCE),
                        "--out", str(out), "--copies", "12", "--state-dir", str(self.state)], check=True,
                       capture_output=True)
        config = out / "deadlined.toml"
        daemon = self.start(config)
        self.notify.wait_for("STATUS", "planning: 20000 reminders", timeout=240)
        daemon.process.send_signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(60), 0, daemon.stderr())
        self.assertIn("stopped while starting; what was planned is kept", daemon.stderr())
        self.assertEqual([f for _, f, _ in self.notify.snapshot() if "READY" in f], [])

        # The next start finds the committed step: only the rest is new.
        before = len(self.notify.snapshot())
        again = self.start(config)
        self.notify.wait_for("READY", "1", after=before, timeout=240)
        again.process.send_signal(signal.SIGTERM)
        self.assertEqual(again.wait(60), 0, again.stderr())
        started = re.search(r"started: (\d+) reminders planned \((\d+) new", again.stderr())
        self.assertTrue(started, again.stderr())
        kept = int(started.group(1)) - int(started.group(2))
        self.assertTrue(kept > 0 and kept % 20000 == 0, started.group(0))  # whole committed steps, none lost

    def scaled_config(self, copies):
        out = Path(self.dir) / f"x{copies}"
        subprocess.run([sys.executable, str(SOURCE / "bench" / "daemon" / "gen_scale.py"), "--repo", str(SOURCE),
                        "--out", str(out), "--copies", str(copies), "--state-dir", str(self.state)], check=True,
                       capture_output=True)
        return out / "deadlined.toml"

    def planned_keys(self, state):
        import sqlite3
        connection = sqlite3.connect(f"file:{state / 'outbox.sqlite'}?mode=ro", uri=True)
        try:
            return {row[0] for row in connection.execute("SELECT key FROM reminders")}
        finally:
            connection.close()

    def keys_of_a_whole_start(self, config, now):
        """What a start that plans everything before it delivers leaves
        (`run --once`, which has no ready window), on a state of its own."""
        state = Path(self.dir) / "whole-state"
        daemon = Daemon(config, state, extra_args=("--once", "--now", now))
        self.assertEqual(daemon.wait(600), 0, daemon.stderr())
        return self.planned_keys(state)

    def wait_stderr(self, daemon, text, timeout=600):
        deadline = time.monotonic() + timeout
        while text not in daemon.stderr():
            self.assertIsNone(daemon.process.poll(), daemon.stderr()[-3000:])
            self.assertLess(time.monotonic(), deadline, f"no {text!r}: {daemon.stderr()[-3000:]}")
            time.sleep(0.05)

    def test_ready_comes_before_the_rest_is_planned_and_the_outbox_ends_complete(self):
        """At 12x the seed on New Year's Day 2022 (about 44,000 reminders, a
        few thousand of them due within the two-day ready window): READY
        comes once the window is planned, the rest is planned while the
        daemon runs, and the outbox ends with every reminder a start that
        plans everything first writes."""
        config = self.scaled_config(12)
        now = "2022-01-01T00:00:00+07:00"
        daemon = self.start(config, extra_args=("--now", now))
        ready = self.notify.wait_for("READY", "1", timeout=600)
        started = re.search(r"started: (\d+) reminders planned .*; (\d+) more, due from (\S+), planned in the "
                            r"background", daemon.stderr())
        self.assertTrue(started, daemon.stderr()[-3000:])
        near, beyond = int(started.group(1)), int(started.group(2))
        self.assertGreater(beyond, near, "most of the year is planned after READY")
        # The window ends two days after the daemon's clock read at the start:
        # --now plus the seconds it took to load the configuration.
        frontier = datetime.datetime.fromisoformat(started.group(3))
        window_start = frontier - datetime.timedelta(days=2)
        self.assertGreaterEqual(window_start, datetime.datetime.fromisoformat(now))
        self.assertLess(window_start, datetime.datetime.fromisoformat(now) + datetime.timedelta(minutes=10))
        self.wait_stderr(daemon, "start completed:")
        completed = [i for i, (_, f, _) in enumerate(self.notify.snapshot())
                     if i > ready and "READY" not in f and "STATUS" in f]
        self.assertTrue(completed, "a STATUS= after the rest, not a second READY")
        daemon.process.send_signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(60), 0, daemon.stderr())
        keys = self.planned_keys(self.state)
        self.assertEqual(len(keys), near + beyond)
        self.assertEqual(keys, self.keys_of_a_whole_start(config, now))

    def test_sigterm_while_the_rest_is_planned_keeps_it_and_the_next_start_completes_it(self):
        config = self.scaled_config(12)
        now = "2022-01-01T00:00:00+07:00"
        daemon = self.start(config, extra_args=("--now", now))
        self.notify.wait_for("READY", "1", timeout=600)
        daemon.process.send_signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(120), 0, daemon.stderr())
        if "start completed:" not in daemon.stderr():
            self.assertIn("stopped while planning the rest: what was written is kept", daemon.stderr())
        kept = self.planned_keys(self.state)

        again = self.start(config, extra_args=("--now", now))
        self.wait_stderr(again, "start completed:")
        again.process.send_signal(signal.SIGTERM)
        self.assertEqual(again.wait(60), 0, again.stderr())
        keys = self.planned_keys(self.state)
        self.assertLessEqual(kept, keys)
        self.assertEqual(keys, self.keys_of_a_whole_start(config, now))

    def test_bad_config_exits_78_without_ready(self):
        config = copy_config(self.dir)
        config.write_text(config.read_text(encoding="utf-8").replace("[daemon]\n", "[daemon]\nsend_tme = \"08:00\"\n"),
                          encoding="utf-8")
        daemon = self.start(config, watchdog_usec=2_000_000)
        self.assertEqual(daemon.wait(), 78, daemon.stderr())
        self.notify.flush()  # everything the daemon sent before it exited has been read
        self.assertEqual([f for _, f, _ in self.notify.snapshot() if "READY" in f], [])
        self.assertIn("send_tme", daemon.stderr())
        self.assertIn("configuration has errors; not starting", daemon.stderr())

    def test_stderr_format_without_journal(self):
        config = copy_config(self.dir)
        daemon = self.start(config)
        self.notify.wait_for("READY", "1")
        daemon.process.send_signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(), 0)
        lines = [line for line in daemon.stderr().splitlines() if line.strip()]
        started = [line for line in lines if "starting with" in line]
        self.assertTrue(started, lines)
        self.assertRegex(started[0], STDERR_LINE, "timestamped lines when stderr is not the journal")


class _Hook(http.server.BaseHTTPRequestHandler):
    received = []

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        _Hook.received.append((dict(self.headers), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@unittest.skipUnless(BINARY and os.access(BINARY, os.X_OK), "DEADLINED_BINARY not set")
class CredentialsTest(unittest.TestCase):
    """smtp.password_credential and unit.webhook.secret_credential come from
    $CREDENTIALS_DIRECTORY (systemd LoadCredential=)."""

    SECRET = "s3cr3t-webhook-key"

    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="deadlined-cred-"))
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
        _Hook.received = []
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        port = self.server.server_address[1]
        self.config = self.dir / "deadlined.toml"
        self.config.write_text(f'''
[daemon]
timezone = "Asia/Ho_Chi_Minh"
state_dir = "{self.dir / 'unused'}"
send_time = "08:00"

[calendar]
holidays_dir = "{SOURCE / 'config' / 'holidays'}"

[smtp]
url = "smtps://127.0.0.1:9"
username = "nhacviec"
password_credential = "smtp-password"

[[unit]]
id = "so-tu-phap"
name = "Sở Tư pháp"
tier = "department"
webhook = [{{ url = "http://127.0.0.1:{port}/hook", secret_credential = "webhook-secret" }}]

[[plan]]
id = "p"
title = "Kế hoạch thử"
year = 2022

[[plan.task]]
id = "T1"
title = "Báo cáo thử"
lead = ["so-tu-phap"]
schedule = {{ date = 2022-03-21 }}
''', encoding="utf-8")
        self.credentials = self.dir / "credentials"
        self.credentials.mkdir(mode=0o700)
        (self.credentials / "smtp-password").write_text("smtp-pass\n", encoding="utf-8")
        (self.credentials / "webhook-secret").write_text(self.SECRET + "\n", encoding="utf-8")

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def run_once(self, credentials):
        # 08:00:30 on the due day (a Monday): the due-day reminder is due.
        daemon = Daemon(self.config, self.dir / "state", credentials=credentials,
                        extra_args=("--once", "--now", "2022-03-21T08:00:30+07:00"))
        try:
            return daemon.wait(timeout=60), daemon.stderr()
        finally:
            daemon.kill()

    def test_secrets_from_credentials_directory(self):
        code, stderr = self.run_once(self.credentials)
        self.assertEqual(code, 0, stderr)
        self.assertEqual(len(_Hook.received), 1, stderr)
        headers, body = _Hook.received[0]
        timestamp = headers["X-Deadlined-Timestamp"]
        expected = "sha256=" + hmac.new(self.SECRET.encode(), timestamp.encode() + b"." + body,
                                        hashlib.sha256).hexdigest()
        self.assertEqual(headers["X-Deadlined-Signature"], expected, "signed with the credential's secret")
        self.assertIn("outcome=sent", stderr)

    def test_missing_credentials_directory_is_a_config_error(self):
        code, stderr = self.run_once(None)
        self.assertEqual(code, 78, stderr)
        self.assertIn("CREDENTIALS_DIRECTORY", stderr)
        self.assertEqual(_Hook.received, [])

    def test_missing_credential_file_is_a_config_error(self):
        (self.credentials / "smtp-password").unlink()
        code, stderr = self.run_once(self.credentials)
        self.assertEqual(code, 78, stderr)
        self.assertIn("smtp-password", stderr)
        self.assertEqual(_Hook.received, [])

    def test_journal_fields_under_systemd(self):
        """With JOURNAL_STREAM naming stderr, entries go to the journal socket
        with a priority and, on delivery lines, the structured fields."""
        probe = subprocess.run(["unshare", "-m", "--propagation", "private", "true"], capture_output=True)
        if probe.returncode != 0 or not os.path.isdir("/run/systemd"):
            self.skipTest("needs unshare -m (root) to fake journald's socket")
        out = self.dir / "journal.json"
        subprocess.run(["unshare", "-m", "--propagation", "private", sys.executable, __file__, "--journal-helper",
                        str(out), str(self.config), str(self.dir / "state"), str(self.credentials),
                        "--once", "--now", "2022-03-21T08:00:30+07:00"],
                       env={**os.environ, "DEADLINED_BINARY": BINARY, "DEADLINED_SOURCE_DIR": str(SOURCE)},
                       check=True, timeout=120)
        result = json.loads(out.read_text(encoding="utf-8"))
        self.assertEqual(result["code"], 0, result)
        self.assertNotIn("outcome=sent", result["stderr"], "log lines go to the journal, not stderr")
        entries = result["entries"]
        for entry in entries:
            self.assertEqual(entry["SYSLOG_IDENTIFIER"], "deadlined")
            self.assertIn(entry["PRIORITY"], {"2", "3", "4", "6", "7"})
        starting = [e for e in entries if "starting with" in e["MESSAGE"]]
        self.assertEqual(len(starting), 1, entries)
        self.assertEqual(starting[0]["PRIORITY"], "6")
        self.assertNotRegex(starting[0]["MESSAGE"], STDERR_LINE, "no timestamp: the journal has its own")
        warnings = [e for e in entries if "clock starts at" in e["MESSAGE"]]
        self.assertEqual(warnings[0]["PRIORITY"], "4", warnings)
        deliveries = [e for e in entries if e["MESSAGE"].startswith("delivery ")]
        self.assertEqual(len(deliveries), 1, entries)
        entry = deliveries[0]
        self.assertEqual(entry["DEADLINED_TASK"], "T1")
        self.assertEqual(entry["DEADLINED_UNIT"], "so-tu-phap")
        self.assertEqual(entry["DEADLINED_CHANNEL"], "webhook")
        self.assertEqual(entry["DEADLINED_OUTCOME"], "sent")
        self.assertTrue(entry["DEADLINED_STAGE"], entry)
        self.assertTrue(entry["DEADLINED_RECIPIENT"].startswith("http://127.0.0.1:"), entry)
        self.assertIn(" outcome=sent", entry["MESSAGE"], "the message text is the stderr text")
        self.assertEqual(entry["PRIORITY"], "6")


def unit_credentials():
    """The credential IDs systemd/deadlined.service loads (LoadCredential=ID:...)."""
    text = (SOURCE / "systemd" / "deadlined.service").read_text(encoding="utf-8")
    return re.findall(r"^LoadCredential=([^:\s]+):", text, re.M)


def enable_shipped_http(main, port):
    """Uncomments the shipped [http] block, as the comment above it invites, on
    a free loopback port."""
    lines = main.read_text(encoding="utf-8").split("\n")
    start = lines.index("# [http]")
    end = start
    while end < len(lines) and lines[end].strip():
        end += 1  # the block ends at the first blank line
    out = lines[:start]
    for line in lines[start:end]:
        out.append(line[2:] if line.startswith("# ") and ("=" in line or line == "# [http]") else line)
    out += lines[end:]
    text = "\n".join(out).replace('listen = "127.0.0.1:8787"', f'listen = "127.0.0.1:{port}"')
    main.write_text(text, encoding="utf-8")


@unittest.skipUnless(BINARY and os.access(BINARY, os.X_OK), "DEADLINED_BINARY not set")
class ShippedUnitWithHttpTest(unittest.TestCase):
    """The shipped unit and the shipped config work together with [http] on:
    every credential the config can name is one the unit loads, and the
    service starts in the unit's environment (CREDENTIALS_DIRECTORY holding
    what LoadCredential= put there)."""

    def setUp(self):
        self.dir = Path(tempfile.mkdtemp(prefix="deadlined-unit-http-"))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.main = copy_config(self.dir)
        enable_shipped_http(self.main, self.port)
        self.credentials = self.dir / "credentials"
        self.credentials.mkdir(mode=0o700)
        for name in unit_credentials():
            (self.credentials / name).write_text(f"{name}-value\n", encoding="utf-8")
        self.notify = NotifySocket(str(self.dir))

    def tearDown(self):
        self.notify.close()
        shutil.rmtree(self.dir, ignore_errors=True)

    def check(self):
        env = {k: v for k, v in os.environ.items() if k != "CREDENTIALS_DIRECTORY"}
        env["CREDENTIALS_DIRECTORY"] = str(self.credentials)
        return subprocess.run([BINARY, "check", "--config", str(self.main)], env=env, capture_output=True,
                              text=True, timeout=60)

    def test_every_credential_the_shipped_config_names_is_loaded_by_the_unit(self):
        names = set()
        for path in (SOURCE / "config").rglob("*.toml"):
            names.update(re.findall(r'_credential\s*=\s*"([^"]+)"', path.read_text(encoding="utf-8")))
        self.assertIn("ack-secret", names)
        self.assertEqual(sorted(names - set(unit_credentials())), [], "credentials the unit does not load")

    def test_service_starts_with_http_on_and_check_agrees(self):
        self.assertIn("[http]\nlisten", self.main.read_text(encoding="utf-8"))
        result = self.check()
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("http:        on 127.0.0.1:", result.stdout)
        daemon = Daemon(self.main, self.dir / "state", notify=self.notify, credentials=self.credentials)
        try:
            self.notify.wait_for("READY", "1", timeout=120)
            import urllib.request
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=10) as answer:
                self.assertEqual(answer.status, 200)
            daemon.process.send_signal(signal.SIGTERM)
            self.assertEqual(daemon.wait(), 0, daemon.stderr())
        finally:
            daemon.kill()

    def test_check_names_a_missing_credential_and_the_line_to_add(self):
        (self.credentials / "ack-secret").unlink()
        result = self.check()
        self.assertEqual(result.returncode, 78, result.stdout)
        self.assertIn("http ack secret", result.stderr)
        self.assertIn("LoadCredential=ack-secret:deadlined.ack-secret", result.stderr)

    def test_check_without_credentials_directory_lists_the_lines(self):
        env = {k: v for k, v in os.environ.items() if k != "CREDENTIALS_DIRECTORY"}
        result = subprocess.run([BINARY, "check", "--config", str(self.main)], env=env, capture_output=True,
                                text=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        for name in ("status-token", "feed-secret", "ack-secret", "api-token"):
            self.assertIn(f"LoadCredential={name}:deadlined.{name}", result.stdout)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--journal-helper":
        journal_helper(*sys.argv[2:6], *sys.argv[6:])
    else:
        unittest.main(verbosity=2)
