#!/usr/bin/python3
"""Configurations that once crashed or hung `check` and killed the running
daemon on SIGHUP (reliability trial 1, D3/D5/D9): a time zone or holidays_dir
of 256+ characters, an include glob over a symlink loop, over "/**/*" or over
a FIFO, a table header 100,000 levels deep, a directory or an empty file as
the main config, a broken template. `check` exits 78 with a located error, in
bounded time; SIGHUP with each keeps the daemon running on the old config, and
SIGTERM then exits 0."""
import json
import os
import re
import signal
import subprocess
import time
import urllib.request

import itlib
from itlib import DUE, IntegrationTest, rows_where

UNITS = [{"id": "stp", "name": "Sở Tư pháp", "email": ["vanthu@stp.example.test"]}]
TASKS = [{"id": "I.1", "title": "Báo cáo kết quả kiểm soát TTHC quý I", "lead": ["stp"],
          "schedule": "{ date = %s }" % DUE}]
LOCATED = r":\d+:\d+: "


class BadConfigTest(IntegrationTest):
    def good(self, include=None):
        text = itlib.config_text(self.state_dir, UNITS, TASKS)
        if include is not None:
            text = "include = [%s]\n" % itlib.toml_str(include) + text
        return text

    # Each case: (name, prepare) where prepare() writes the broken config and
    # returns a regex the error output must match; undo() puts the good one back.
    def cases(self):
        def replace_key(key, value):
            return lambda: (self.write_config(re.sub(r"(?m)^%s = .*$" % key, "%s = %s" % (key, itlib.toml_str(value)),
                                                     self.good())),
                            re.escape(self.config_path) + LOCATED + ".*" + key.split(".")[-1])[1]

        def symlink_loop():
            units = os.path.join(self.tmp, "units")
            os.makedirs(units, exist_ok=True)
            for name in ("loop1.toml", "loop2.toml"):
                if os.path.lexists(os.path.join(units, name)):
                    os.unlink(os.path.join(units, name))
            os.symlink("loop2.toml", os.path.join(units, "loop1.toml"))
            os.symlink("loop1.toml", os.path.join(units, "loop2.toml"))
            self.write_config(self.good("units/*.toml"))
            return re.escape(self.config_path) + r":1:\d+: .*symbolic links"

        def fifo():
            units = os.path.join(self.tmp, "fifo-units")
            os.makedirs(units, exist_ok=True)
            if not os.path.exists(os.path.join(units, "f.toml")):
                os.mkfifo(os.path.join(units, "f.toml"))
            self.write_config(self.good("fifo-units/*.toml"))
            return re.escape(self.config_path) + r":1:\d+: .*FIFO"

        def glob_root():
            self.write_config(self.good("/**/*"))
            return re.escape(self.config_path) + r":1:\d+: include"

        def deep_header():
            self.write_config("[" + ".".join(["a"] * 100000) + "]\nx = 1\n" + self.good())
            return re.escape(self.config_path) + r":1:1: .*nested"

        def deep_dotted_key():
            self.write_config(self.good() + "\n[[unit]]\n" + ".".join(["b"] * 100000) + " = 1\n")
            return re.escape(self.config_path) + LOCATED + ".*nested"

        def directory():
            os.unlink(self.config_path)
            os.mkdir(self.config_path)
            return re.escape(self.config_path) + r": .*directory"

        def empty():
            self.write_config("")
            return re.escape(self.config_path) + r":1:1: .*empty"

        return [
            ("timezone-256", replace_key("timezone", "x" * 256)),
            ("timezone-300", replace_key("timezone", "Asia/" + "x" * 300)),
            ("holidays_dir-1000", replace_key("holidays_dir", "y" * 1000)),
            ("include-symlink-loop", symlink_loop),
            ("include-fifo", fifo),
            ("include-root-glob", glob_root),
            ("deep-table-header", deep_header),
            ("deep-dotted-key", deep_dotted_key),
            ("config-is-a-directory", directory),
            ("config-is-empty", empty),
        ]

    def restore(self):
        if os.path.isdir(self.config_path):
            os.rmdir(self.config_path)
        self.write_config(self.good())

    def check(self):
        started = time.monotonic()
        result = subprocess.run([itlib.BINARY, "check", "--config", self.config_path], stdin=subprocess.DEVNULL,
                                capture_output=True, timeout=60)
        return result.returncode, result.stderr.decode("utf-8", "replace"), time.monotonic() - started

    def test_check_exits_78_with_a_located_error(self):
        for name, prepare in self.cases():
            with self.subTest(name):
                pattern = prepare()
                code, err, seconds = self.check()
                self.assertEqual(code, 78, "%s: exit %s\n%s" % (name, code, err[-2000:]))
                self.assertRegex(err, pattern, name)
                self.assertLess(seconds, 20, name)
                self.restore()
        code, err, _ = self.check()
        self.assertEqual(code, 0, err)

    def test_check_rejects_a_broken_template(self):
        templates = os.path.join(self.tmp, "templates")
        os.makedirs(templates)
        with open(os.path.join(templates, "body.txt.mustache"), "w", encoding="utf-8") as out:
            out.write("Kính gửi {{unit_name}},\n{{#items}}\n{{task_id}}\n")  # {{#items}} never closed
        text = self.good().replace("[email]\n", "[email]\ntemplates_dir = %s\n" % itlib.toml_str(templates))
        self.write_config(text)
        code, err, _ = self.check()
        self.assertEqual(code, 78, err)
        self.assertRegex(err, re.escape(os.path.join(templates, "body.txt.mustache")) + r":2:1: .*items")
        os.unlink(os.path.join(templates, "body.txt.mustache"))
        os.mkdir(os.path.join(templates, "body.txt.mustache"))
        code, err, _ = self.check()
        self.assertEqual(code, 78, err)
        self.assertIn("directory", err)

    def test_sighup_with_each_broken_config_keeps_the_running_one(self):
        self.write_config(self.good())
        daemon = self.start_daemon(now="2022-03-17T07:00:00+07:00")
        self.wait_started(daemon)
        self.wait_for(lambda: len(self.outbox() or []) == 7, 15, "7 planned reminders")
        failed = 0
        for name, prepare in self.cases():
            with self.subTest(name):
                prepare()
                daemon.signal(signal.SIGHUP)
                failed += 1
                self.wait_for(lambda: daemon.log().count("keeping the running configuration") >= failed
                              or not daemon.alive(), 30, "the failed reload of " + name)
                self.assertTrue(daemon.alive(), "%s killed the daemon\n%s" % (name, self.diagnostics()))
                self.restore()
        self.assertNotIn("reloaded:", daemon.log())
        rows = self.outbox()
        self.assertEqual(len(rows), 7)
        self.assertEqual(rows_where(rows, state="skipped"), [], "no reload dropped the pending reminders")
        # The running config is intact: a good reload still works.
        daemon.signal(signal.SIGHUP)
        self.wait_for(lambda: "reloaded:" in daemon.log(), 15, "the good reload")
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(20), 0, self.diagnostics())

    def test_a_refused_reload_shows_in_healthz_and_metrics_until_one_succeeds(self):
        port = itlib.free_port()
        token = self.write_file("status-token", "status-token-0123456789\n")

        def config(timezone="Asia/Ho_Chi_Minh", token_file=token):
            text = self.good().replace('timezone = "Asia/Ho_Chi_Minh"', "timezone = " + itlib.toml_str(timezone))
            return text + "\n[http]\nlisten = \"127.0.0.1:%d\"\nstatus_token_file = %s\n" % (
                port, itlib.toml_str(token_file))

        def get(path):
            with urllib.request.urlopen("http://127.0.0.1:%d%s" % (port, path), timeout=10) as answer:
                return answer.status, answer.read().decode("utf-8")

        def metric(text, name):
            found = re.search(r"(?m)^%s (\S+)$" % re.escape(name), text)
            self.assertIsNotNone(found, name)
            return float(found.group(1))

        self.write_config(config())
        daemon = self.start_daemon(now="2022-03-17T07:00:00+07:00")
        self.wait_started(daemon)
        self.wait_for(lambda: "http: listening" in daemon.log(), 15, "the HTTP listener")
        status, body = get("/healthz")
        self.assertNotIn("last_reload", json.loads(body))
        metrics = get("/metrics")[1]
        self.assertEqual(metric(metrics, "deadlined_config_last_reload_successful"), 1)
        loaded_at_start = metric(metrics, "deadlined_config_last_reload_success_timestamp_seconds")
        self.assertGreater(loaded_at_start, 0)

        refused = 0
        for broken, reason in ((config(timezone="Mars/Olympus"), "daemon.timezone"),
                               (config(token_file=os.path.join(self.tmp, "missing-token")), "http status token")):
            self.write_config(broken)
            daemon.signal(signal.SIGHUP)
            refused += 1
            self.wait_for(lambda: daemon.log().count("keeping the running configuration") >= refused
                          or not daemon.alive(), 30, "the refused reload")
            status, body = get("/healthz")
            health = json.loads(body)
            self.assertEqual((status, health["status"]), (200, "ok"), "the previous configuration runs: " + body)
            self.assertEqual(health["last_reload"]["result"], "failed", body)
            self.assertIn(reason, health["last_reload"]["error"])
            self.assertRegex(health["last_reload"]["time"], r"^2022-03-17T07:\d\d:\d\d\+07:00$")
            metrics = get("/metrics")[1]
            self.assertEqual(metric(metrics, "deadlined_config_last_reload_successful"), 0)
            self.assertEqual(metric(metrics, 'deadlined_config_reloads_total{result="failure"}'), refused)
            self.assertEqual(metric(metrics, "deadlined_config_last_reload_success_timestamp_seconds"),
                             loaded_at_start)

        self.write_config(config())
        daemon.signal(signal.SIGHUP)
        self.wait_for(lambda: "reloaded:" in daemon.log() or not daemon.alive(), 30, "the good reload")
        status, body = get("/healthz")
        health = json.loads(body)
        self.assertEqual(health["last_reload"], {"time": health["last_reload"]["time"], "result": "ok"}, body)
        metrics = get("/metrics")[1]
        self.assertEqual(metric(metrics, "deadlined_config_last_reload_successful"), 1)
        self.assertEqual(metric(metrics, 'deadlined_config_reloads_total{result="success"}'), 1)
        self.assertGreaterEqual(metric(metrics, "deadlined_config_last_reload_success_timestamp_seconds"),
                                loaded_at_start)
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(20), 0, self.diagnostics())


if __name__ == "__main__":
    itlib.main()
