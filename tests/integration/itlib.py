"""Shared helpers of the daemon integration tests (tests/integration/*.py).

Every test drives the REAL `deadlined` binary against real peers on 127.0.0.1
(aiosmtpd sinks, an HTTP sink), each in its own temp dir, and waits only by
polling an observable condition (a file, a log line, the outbox) with a
deadline. Run with Debian's /usr/bin/python3:

    /usr/bin/python3 tests/integration/test_x.py --binary BUILD/daemon/deadlined --source-dir /work/main

(or set DEADLINED_BINARY / DEADLINED_SOURCE_DIR). DEADLINED_IT_KEEP=1 keeps the
temp dirs for inspection.
"""
import email
import email.policy
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = "/usr/bin/python3"  # Debian's: it has python3-aiosmtpd
BINARY = os.environ.get("DEADLINED_BINARY", "")
SOURCE_DIR = os.environ.get("DEADLINED_SOURCE_DIR", os.path.dirname(os.path.dirname(HERE)))

# 2022-03-31 (Thursday) minus 10 working days is 2022-03-17: the before-10
# stage of a task due 2022-03-31 goes out exactly at this instant.
START = "2022-03-17T08:00:00+07:00"
DUE = "2022-03-31"


def main():
    """unittest.main() after taking --binary/--source-dir off the command line."""
    global BINARY, SOURCE_DIR
    argv = [sys.argv[0]]
    args = sys.argv[1:]
    i = 0
    while i < len(args):
        if args[i] in ("--binary", "--source-dir") and i + 1 < len(args):
            if args[i] == "--binary":
                BINARY = args[i + 1]
            else:
                SOURCE_DIR = args[i + 1]
            i += 2
            continue
        argv.append(args[i])
        i += 1
    if not BINARY or not os.access(BINARY, os.X_OK):
        sys.stderr.write("deadlined binary not found: pass --binary PATH or set DEADLINED_BINARY\n")
        sys.exit(2)
    unittest.main(argv=argv, verbosity=2)


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def toml_str(text):
    # JSON string escapes are valid TOML basic-string escapes.
    return json.dumps(text, ensure_ascii=False)


def toml_list(items):
    return "[" + ", ".join(toml_str(item) for item in items) + "]"


def config_text(state_dir, units, tasks, groups=(), smtp=None, delivery=None, email_section=None, webhooks=None,
                plan_title="Kế hoạch kiểm soát thủ tục hành chính năm 2022"):
    """A complete main config file.

    units: dicts with id, name, [tier], [email: list], [webhook: list of {url, [secret_file]}]
    tasks: dicts with id, title, lead, [support], [schedule: TOML inline table text], [when], [product]
    smtp: dict of [smtp] keys (None: Maildir under the state dir)
    """
    lines = [
        "[daemon]",
        'timezone = "Asia/Ho_Chi_Minh"',
        "state_dir = " + toml_str(state_dir),
        'send_time = "08:00"',
        'log_level = "info"',
        "",
        "[calendar]",
        "holidays_dir = " + toml_str(os.path.join(SOURCE_DIR, "config", "holidays")),
        "",
        "[email]",
    ]
    email_keys = {"from": "nhacviec@ubnd.example.test", "from_name": "Hệ thống nhắc việc",
                  "message_id_domain": "ubnd.example.test"}
    email_keys.update(email_section or {})
    for key, value in email_keys.items():
        lines.append("%s = %s" % (key, toml_str(value)))
    lines.append("")
    if smtp is not None:
        lines.append("[smtp]")
        for key, value in smtp.items():
            if isinstance(value, bool):
                lines.append("%s = %s" % (key, "true" if value else "false"))
            elif isinstance(value, int):
                lines.append("%s = %d" % (key, value))
            else:
                lines.append("%s = %s" % (key, toml_str(value)))
        lines.append("")
    if webhooks:
        lines.append("[webhooks]")
        lines += ["%s = %d" % (key, value) for key, value in webhooks.items()]
        lines.append("")
    delivery_keys = {"retry_base": 1, "retry_cap": 2, "timer_cap": 1, "drain_timeout": 10, "workers": 4}
    delivery_keys.update(delivery or {})
    lines.append("[delivery]")
    for key, value in delivery_keys.items():
        lines.append("%s = %s" % (key, toml_str(value)) if isinstance(value, str) else "%s = %d" % (key, value))
    lines.append("")
    for unit in units:
        lines += ["[[unit]]", "id = " + toml_str(unit["id"]), "name = " + toml_str(unit["name"]),
                  "tier = " + toml_str(unit.get("tier", "department"))]
        if unit.get("email"):
            lines.append("email = " + toml_list(unit["email"]))
        if unit.get("webhook"):
            hooks = []
            for hook in unit["webhook"]:
                hooks.append("{ " + ", ".join("%s = %s" % (k, toml_str(v)) for k, v in hook.items()) + " }")
            lines.append("webhook = [" + ", ".join(hooks) + "]")
        lines.append("")
    for group in groups:
        lines += ["[[group]]", "id = " + toml_str(group["id"]), "name = " + toml_str(group["name"]),
                  "members = " + toml_list(group["members"]), ""]
    lines += ["[[plan]]", 'id = "kstthc-2022"', "title = " + toml_str(plan_title),
              'decision = "3489/QĐ-UBND ngày 30/12/2021"', "year = 2022", ""]
    for task in tasks:
        lines += ["[[plan.task]]", "id = " + toml_str(task["id"]), "title = " + toml_str(task["title"]),
                  "lead = " + toml_list(task["lead"])]
        if task.get("support"):
            lines.append("support = " + toml_list(task["support"]))
        if task.get("product"):
            lines.append("product = " + toml_str(task["product"]))
        if task.get("when"):
            lines.append("when = " + toml_str(task["when"]))
        if task.get("schedule"):
            lines.append("schedule = " + task["schedule"])
        lines.append("")
    return "\n".join(lines) + "\n"


class Process:
    """A child process with stdout/stderr captured to files."""

    def __init__(self, argv, log_prefix, env=None):
        self.argv = argv
        self.stdout_path = log_prefix + ".out"
        self.stderr_path = log_prefix + ".err"
        self.stdout = open(self.stdout_path, "ab")
        self.stderr = open(self.stderr_path, "ab")
        self.popen = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=self.stdout, stderr=self.stderr,
                                      env=env, start_new_session=True)
        self.pid = self.popen.pid

    def alive(self):
        return self.popen.poll() is None

    def signal(self, signum):
        if self.alive():
            self.popen.send_signal(signum)

    def wait(self, timeout):
        try:
            return self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError("%s did not exit within %s s" % (os.path.basename(self.argv[0]), timeout))

    def stop(self, grace=3.0):
        if self.alive():
            self.popen.send_signal(signal.SIGTERM)
            try:
                self.popen.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait()
        self.stdout.close()
        self.stderr.close()

    def log(self):
        with open(self.stderr_path, "rb") as f:
            return f.read().decode("utf-8", "replace")


class IntegrationTest(unittest.TestCase):
    """Base: a temp dir per test, processes killed and the dir removed in tearDown."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="deadlined-it-")
        self.state_dir = os.path.join(self.tmp, "state")
        self.config_path = os.path.join(self.tmp, "deadlined.toml")
        self.processes = []
        self.daemons = []

    def tearDown(self):
        for process in reversed(self.processes):
            process.stop()
        if os.environ.get("DEADLINED_IT_KEEP"):
            sys.stderr.write("kept %s\n" % self.tmp)
        else:
            shutil.rmtree(self.tmp, ignore_errors=True)

    # -- waiting ---------------------------------------------------------------
    def wait_for(self, condition, timeout, what, interval=0.05):
        deadline = time.monotonic() + timeout
        while True:
            value = condition()
            if value:
                return value
            if time.monotonic() >= deadline:
                self.fail("timed out after %.1f s waiting for %s\n%s" % (timeout, what, self.diagnostics()))
            time.sleep(interval)

    def diagnostics(self):
        text = []
        for daemon in self.daemons:
            log = daemon.log().splitlines()
            text.append("--- deadlined stderr (pid %d, last 40 lines) ---" % daemon.pid)
            text += log[-40:]
        return "\n".join(text)

    # -- config and processes ----------------------------------------------------
    def write_config(self, text, path=None):
        path = path or self.config_path
        with open(path + ".tmp", "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(path + ".tmp", path)
        return path

    def write_file(self, name, content):
        path = os.path.join(self.tmp, name)
        with open(path, "w", encoding="utf-8") as out:
            out.write(content)
        return path

    def start_daemon(self, now=START, once=False, name=None, env=None):
        """env: variables added to the daemon's environment."""
        argv = [BINARY, "run", "--config", self.config_path, "--state-dir", self.state_dir, "--now", now]
        if once:
            argv.append("--once")
        name = name or "deadlined-%d" % len(self.daemons)
        daemon = Process(argv, os.path.join(self.tmp, name), env=dict(os.environ, **env) if env else None)
        self.processes.append(daemon)
        self.daemons.append(daemon)
        return daemon

    def run_once(self, now=START, timeout=30, expect=0):
        """expect: 0 when every delivery of the run went out, 69 when one failed."""
        daemon = self.start_daemon(now=now, once=True)
        code = daemon.wait(timeout)
        self.assertEqual(code, expect, "deadlined run --once exited %s\n%s" % (code, self.diagnostics()))
        return daemon

    def wait_started(self, daemon, timeout=15):
        # The signal handlers exist once "started:" is logged.
        self.wait_for(lambda: "started:" in daemon.log() or not daemon.alive(), timeout, "the daemon to start")
        self.assertTrue(daemon.alive(), "daemon exited early\n" + self.diagnostics())

    def start_process(self, argv, name):
        process = Process(argv, os.path.join(self.tmp, name))
        self.processes.append(process)
        return process

    def _wait_ready(self, process, ready, what, may_retry=False):
        """True once the sink is listening; False when it could not bind a port
        free_port() gave (another process took it meanwhile) and may_retry."""
        self.wait_for(lambda: os.path.exists(ready) or not process.alive(), 15, what)
        if not process.alive():
            with open(process.stderr_path, errors="replace") as err:
                text = err.read()
            if may_retry and "address already in use" in text.lower():
                return False
            self.fail("%s exited: %s" % (what, text))
        return True

    def _start_sink(self, port, argv_for, name, what):
        """Starts argv_for(port) until it listens; with no port given, a port
        taken between free_port() and the sink's bind is replaced by another."""
        for _ in range(5):
            chosen = port or free_port()
            process = self.start_process(argv_for(chosen), name)
            if self._wait_ready(process, os.path.join(self.tmp, name + ".ready"), what % chosen,
                                may_retry=port is None):
                return chosen, process
        self.fail("no free port for %s" % name)

    def start_smtp_sink(self, port=None, tls=False, user=None, password=None, delay=0.0, name="smtp-sink"):
        maildir = os.path.join(self.tmp, name + "-maildir")
        ready = os.path.join(self.tmp, name + ".ready")
        options = []
        if tls:
            cert, key = self.make_certificate()
            options += ["--cert", cert, "--key", key]
        if user is not None:
            options += ["--user", user, "--password", password]

        data_log = os.path.join(self.tmp, name + ".data")

        def argv(chosen):
            return [PYTHON, os.path.join(HERE, "smtp_sink.py"), "--port", str(chosen), "--maildir", maildir,
                    "--ready", ready, "--delay", str(delay), "--data-log", data_log] + options

        port, process = self._start_sink(port, argv, name, "the SMTP sink on port %d")
        return port, maildir, process

    def smtp_data_begun(self, name="smtp-sink"):
        """How many DATA commands the SMTP sink `name` has begun (its --data-log)."""
        path = os.path.join(self.tmp, name + ".data")
        if not os.path.exists(path):
            return 0
        with open(path, encoding="utf-8") as f:
            return sum(1 for _ in f)

    def start_http_sink(self, codes="204", name="http-sink", delay=0.0, hold=None, hold_from=0, port=None, peek=0.0):
        """hold: a path; the sink answers no POST (from the hold_from'th on, counting from 0)
        until it exists. port: None for any free one. peek: seconds the sink waits, after
        reading a request, for bytes of a next one (its log says how many came)."""
        log = os.path.join(self.tmp, name + ".jsonl")
        ready = os.path.join(self.tmp, name + ".ready")

        def argv(chosen):
            return [PYTHON, os.path.join(HERE, "http_sink.py"), "--port", str(chosen), "--log", log, "--ready", ready,
                    "--codes", codes, "--delay", str(delay), "--peek", str(peek)] + \
                (["--hold", hold, "--hold-from", str(hold_from)] if hold else [])

        port, process = self._start_sink(port, argv, name, "the HTTP sink on port %d")
        return port, log, process

    def start_silent_peer(self, name="silent-peer", port=None):
        """A peer that accepts and never answers (silent_peer.py); its log
        has a JSON line per connection accepted and per read."""
        log = os.path.join(self.tmp, name + ".jsonl")
        ready = os.path.join(self.tmp, name + ".ready")

        def argv(chosen):
            return [PYTHON, os.path.join(HERE, "silent_peer.py"), "--port", str(chosen), "--log", log,
                    "--ready", ready]

        port, process = self._start_sink(port, argv, name, "the silent peer on port %d")
        return port, log, process

    def make_certificate(self):
        cert = os.path.join(self.tmp, "cert.pem")
        key = os.path.join(self.tmp, "key.pem")
        if not os.path.exists(cert):
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                            "-days", "30", "-subj", "/CN=localhost",
                            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return cert, key

    # -- observing -------------------------------------------------------------
    def outbox(self):
        """Rows of `deadlined outbox --format json` (the product's own view)."""
        result = subprocess.run([BINARY, "outbox", "--config", self.config_path, "--state-dir", self.state_dir,
                                 "--format", "json"], capture_output=True)
        if result.returncode != 0:
            return None
        return json.loads(result.stdout.decode("utf-8"))

    def sql(self, query, params=()):
        """Read the outbox database directly (works while the daemon runs)."""
        db = sqlite3.connect("file:%s?mode=ro" % os.path.join(self.state_dir, "outbox.sqlite"), uri=True,
                             timeout=10)
        try:
            return db.execute(query, params).fetchall()
        finally:
            db.close()

    def state_maildir(self):
        return os.path.join(self.state_dir, "Maildir")


def maildir_files(maildir):
    files = []
    for sub in ("new", "cur"):
        directory = os.path.join(maildir, sub)
        if os.path.isdir(directory):
            files += [os.path.join(directory, name) for name in sorted(os.listdir(directory))]
    return files


def read_message(path):
    with open(path, "rb") as f:
        return email.message_from_binary_file(f, policy=email.policy.default)


def recipients_of(message):
    """Envelope recipients recorded by the SMTP sink, else the To addresses."""
    if message.get("X-RcptTo"):
        return [a.strip().strip("<>") for a in re.split(r",\s*", str(message["X-RcptTo"])) if a.strip()]
    return [address.addr_spec for address in message["To"].addresses] if message.get("To") else []


def rows_where(rows, **conditions):
    return [row for row in rows if all(row.get(key) == value for key, value in conditions.items())]


# Measures a page as Chromium lays it out in a frame `width` px wide: headless
# Chromium never makes its window narrower than 500 px, so a phone's 375 px
# is a frame of that width in a larger window. The page goes in as srcdoc
# (same origin as the host, so the host's script reads its layout; the page
# itself runs no script). Returns {inner: the frame's viewport width, width:
# the page's scroll width, clipped: chart texts outside their chart, label:
# the drawn height of the first unit chart's first label shown, SVG or (on a
# phone) table (0: none), label_font: its drawn font size in px, scrolling:
# the ids of the figures (charts) wider than their box, row: the
# height of the first row of the unit chart drawn as an HTML table, as in the
# report email (0: none), heat_label: the width of the first name cell of the
# heat map drawn as an HTML table (0: none)}.
LAYOUT_PROBE = """<script>
window.addEventListener('load', () => {
  const frame = document.getElementById('frame');
  const d = frame.contentDocument;
  const out = {inner: frame.contentWindow.innerWidth, width: d.documentElement.scrollWidth, clipped: [], label: 0};
  for (const svg of d.querySelectorAll('svg.chart')) {
    const box = svg.getBoundingClientRect();
    for (const text of svg.querySelectorAll('text')) {
      const r = text.getBoundingClientRect();
      if (r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5)) out.clipped.push(text.textContent);
    }
  }
  // The first unit label shown: the SVG chart's, or on a phone its table's.
  const label = [...d.querySelectorAll('#chart-units svg text[text-anchor="end"], #chart-units table.chart tr.row > td')]
      .find(e => e.getBoundingClientRect().height > 0);
  out.label = label ? label.getBoundingClientRect().height : 0;
  out.label_font = label ? parseFloat(getComputedStyle(label).fontSize) * label.getBoundingClientRect().height /
      (label.getBBox ? label.getBBox().height : label.getBoundingClientRect().height) : 0;
  out.scrolling = [...d.querySelectorAll('figure')].filter(f => f.scrollWidth > f.clientWidth + 1).map(f => f.id);
  const row = d.querySelector('#chart-units table.chart tr.row');
  out.row = row ? row.getBoundingClientRect().height : 0;
  const heat = d.querySelector('#chart-heat-map table.chart tr.row > td');
  out.heat_label = heat ? heat.getBoundingClientRect().width : 0;
  document.body.setAttribute('data-probe', JSON.stringify(out));
});
</script>"""


def layout_in_chromium(tmp, page_html, width):
    import html as html_module
    chromium = shutil.which("chromium")
    if chromium is None:
        raise AssertionError("chromium missing: install the Debian package chromium (scripts/setup)")
    host = os.path.join(tmp, "layout-%d.html" % width)
    with open(host, "w", encoding="utf-8") as f:
        f.write('<!DOCTYPE html><html><body style="margin:0"><iframe id="frame" style="border:0" width="%d" '
                'height="800" srcdoc="%s"></iframe>%s</body></html>'
                % (width, html_module.escape(page_html, quote=True), LAYOUT_PROBE))
    result = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                             "--disable-background-networking", "--disable-component-update", "--disable-sync",
                             "--disable-dev-shm-usage", "--user-data-dir=" + os.path.join(tmp, "chromium-layout"),
                             "--window-size=%d,900" % max(width + 100, 800), "--dump-dom", "file://" + host],
                            capture_output=True, timeout=120)
    if result.returncode != 0:
        raise AssertionError(result.stderr.decode(errors="replace")[-2000:])
    found = re.search(r'data-probe="([^"]*)"', result.stdout.decode("utf-8"))
    if found is None:
        raise AssertionError("the layout probe did not run")
    measured = json.loads(html_module.unescape(found.group(1)))
    if measured["inner"] != width:
        raise AssertionError("the frame is %d px wide, not %d" % (measured["inner"], width))
    return measured
