#!/usr/bin/python3
"""The service's life cycle with the Maildir channel (no SMTP server
configured): restart after downtime, SIGHUP with a broken and with a changed
configuration, SIGTERM."""
import collections
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import time

import itlib
from itlib import DUE, START, IntegrationTest, maildir_files, read_message, recipients_of, rows_where

UNITS = [
    {"id": "stp", "name": "Sở Tư pháp", "email": ["vanthu@stp.example.test"]},
    {"id": "snv", "name": "Sở Nội vụ", "email": ["vanthu@snv.example.test"]},
]
LATE = "changed by a reload after its send time"


def task(task_id, title, lead, due):
    return {"id": task_id, "title": title, "lead": lead, "schedule": "{ date = %s }" % due}


class LifecycleTest(IntegrationTest):
    def test_08_restart_after_downtime_collapses_missed_stages(self):
        self.write_config(itlib.config_text(self.state_dir, UNITS[:1],
                                            [task("I.1", "Báo cáo kết quả kiểm soát TTHC quý I", ["stp"], DUE)]))
        # Day of before-10: exactly one message.
        self.run_once(now=START)
        files = maildir_files(self.state_maildir())
        self.assertEqual(len(files), 1, self.diagnostics())
        first = read_message(files[0])
        self.assertIn("còn 10 ngày làm việc", first.get_body(("plain",)).get_content())

        # Down from 17/3 to 1/4: before-5 (24/3), before-1 (30/3) and due (31/3, 08:00) were missed.
        daemon = self.run_once(now="2022-04-01T08:00:00+07:00")
        files = maildir_files(self.state_maildir())
        self.assertEqual(len(files), 2, "exactly one message for the obligation after the downtime\n"
                         + self.diagnostics())
        second = read_message([path for path in files if read_message(path)["Message-ID"] != first["Message-ID"]][0])
        self.assertIn("I.1", second.get_body(("plain",)).get_content())
        self.assertRegex(daemon.log(), r"delivery task=I\.1 unit=stp stage=due channel=email .*outcome=sent")
        self.assertNotRegex(daemon.log(), r"stage=before-(5|1) .*outcome=")

        rows = {row["stage"]: row for row in self.outbox()}
        self.assertEqual(rows["before-10"]["state"], "sent")
        for stage in ("before-5", "before-1"):
            self.assertEqual((rows[stage]["state"], rows[stage]["skip_reason"]), ("skipped", "missed while down"),
                             rows[stage])
        self.assertEqual(rows["due"]["state"], "sent", "the latest missed stage is the one sent")
        self.assertEqual(rows["due"]["attempts"], 1)
        for stage in ("overdue-1", "overdue-2", "overdue-3"):
            self.assertEqual(rows[stage]["state"], "pending", rows[stage])
        self.assertRegex(daemon.log(), r"2 missed stages collapsed")

    def test_08b_missed_stage_older_than_catch_up_is_not_sent(self):
        self.write_config(itlib.config_text(self.state_dir, UNITS[:1],
                                            [task("I.1", "Báo cáo kết quả kiểm soát TTHC quý I", ["stp"], DUE)],
                                            delivery={"catch_up": 86400}))
        self.run_once(now=START)
        self.assertEqual(len(maildir_files(self.state_maildir())), 1)
        # 5/4 09:00: the latest missed stage, overdue-1 (4/4 08:00), is 25 h old, beyond catch_up (24 h).
        daemon = self.run_once(now="2022-04-05T09:00:00+07:00")
        self.assertEqual(len(maildir_files(self.state_maildir())), 1, "nothing stale goes out\n"
                         + self.diagnostics())
        self.assertNotIn("outcome=", "\n".join(l for l in daemon.log().splitlines() if "delivery " in l))
        rows = {row["stage"]: row for row in self.outbox()}
        for stage in ("before-5", "before-1", "due"):
            self.assertEqual((rows[stage]["state"], rows[stage]["skip_reason"]), ("skipped", "missed while down"))
        self.assertEqual((rows["overdue-1"]["state"], rows["overdue-1"]["skip_reason"]),
                         ("skipped", "missed while down, too old to matter"))
        self.assertEqual([rows[s]["state"] for s in ("overdue-2", "overdue-3")], ["pending", "pending"])

    def test_09_sighup_with_a_broken_config_keeps_running(self):
        tasks = [task("I.1", "Báo cáo kết quả kiểm soát TTHC quý I", ["stp"], DUE)]
        good = itlib.config_text(self.state_dir, UNITS, tasks)
        self.write_config(good)
        daemon = self.start_daemon()
        self.wait_started(daemon)
        self.wait_for(lambda: maildir_files(self.state_maildir()), 15, "the first reminder")

        broken = good.replace('send_time = "08:00"', "send_time = 08:00 ]]")
        self.assertNotEqual(broken, good)
        self.write_config(broken)
        daemon.signal(signal.SIGHUP)
        self.wait_for(lambda: "keeping the running configuration" in daemon.log(), 15, "the failed reload")
        log = daemon.log()
        self.assertRegex(log, re.escape(self.config_path) + r":\d+:\d+: ", "a file:line:col: diagnostic")
        line = next(l for l in log.splitlines() if re.search(re.escape(self.config_path) + r":\d+:\d+: ", l))
        broken_line = broken.splitlines().index("send_time = 08:00 ]]") + 1
        self.assertRegex(line, re.escape(self.config_path) + r":%d:\d+: " % broken_line,
                         "the error is located on the broken line")
        self.assertTrue(daemon.alive(), "the daemon must survive a broken config")

        tasks.append(task("I.2", "Cập nhật cơ sở dữ liệu quốc gia về TTHC", ["snv"], "2022-04-29"))
        self.write_config(itlib.config_text(self.state_dir, UNITS, tasks))
        daemon.signal(signal.SIGHUP)
        match = self.wait_for(lambda: re.search(r"reloaded: (\d+) new", daemon.log()), 15, "the reload")
        self.assertEqual(int(match.group(1)), 7, "before-10/5/1, due and three overdue stages of the new task")
        self.assertTrue(daemon.alive())
        rows = rows_where(self.outbox(), task="I.2")
        self.assertEqual(len(rows), 7)
        self.assertTrue(all(row["state"] == "pending" for row in rows), rows)
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(20), 0)
        self.assertEqual(len(maildir_files(self.state_maildir())), 1)

    def test_09b_sighup_logs_the_warnings_check_prints(self):
        tasks = [task("I.1", "Báo cáo kết quả kiểm soát TTHC quý I", ["stp"], DUE)]
        self.write_config(itlib.config_text(self.state_dir, UNITS, tasks))
        daemon = self.start_daemon()
        self.wait_started(daemon)
        # Valid, with two warnings: an address listed twice, and a year no
        # official holiday notice covers (a provisional calendar).
        twice = [dict(UNITS[0], email=UNITS[0]["email"] * 2), UNITS[1]]
        tasks.append(task("I.2", "Tổng kết công tác kiểm soát TTHC", ["snv"], "2041-03-29"))
        self.write_config(itlib.config_text(self.state_dir, twice, tasks))
        check = subprocess.run([itlib.BINARY, "check", "--config", self.config_path], capture_output=True)
        self.assertEqual(check.returncode, 0, check.stderr)
        warnings = [line.split("warning: ", 1)[1] for line in check.stderr.decode().splitlines()
                    if "warning: " in line]
        self.assertTrue(any("listed twice" in w for w in warnings), warnings)
        self.assertTrue(any("no official holiday notice for 2041" in w for w in warnings), warnings)
        daemon.signal(signal.SIGHUP)
        self.wait_for(lambda: "reloaded:" in daemon.log(), 15, "the reload")
        log = daemon.log()
        for warning in warnings:
            self.assertIn(warning, log, "a reload logs what check warns of")
        self.assertTrue(daemon.alive())

    def test_10_sighup_with_a_changed_config_replans(self):
        before = [
            task("I.1", "Báo cáo kết quả kiểm soát TTHC quý I", ["stp"], DUE),
            task("I.2", "Rà soát quy định, thủ tục hành chính", ["snv"], "2022-04-14"),
            task("I.3", "Kiểm tra việc thực hiện kiểm soát TTHC", ["stp"], "2022-04-20"),
        ]
        self.write_config(itlib.config_text(self.state_dir, UNITS, before))
        daemon = self.start_daemon()
        self.wait_started(daemon)

        def first_sent():
            rows = rows_where(self.outbox() or [], task="I.1", stage="before-10", unit="stp")
            return rows if rows and rows[0]["state"] == "sent" else None

        self.wait_for(first_sent, 15, "the before-10 reminder of I.1")
        self.assertEqual(len(maildir_files(self.state_maildir())), 1)
        old = self.outbox()
        self.assertEqual(len(rows_where(old, task="I.3")), 7)
        self.assertTrue(all(r["state"] == "pending" for r in rows_where(old, task="I.2")))

        units = UNITS + [{"id": "sxd", "name": "Sở Xây dựng", "email": ["vanthu@sxd.example.test"]}]
        after = [
            task("I.1", "Báo cáo kết quả kiểm soát TTHC quý I", ["stp", "sxd"], DUE),  # a unit added
            task("I.2", "Rà soát quy định, thủ tục hành chính", ["snv"], "2022-03-30"),  # due date moved earlier
            # I.3 removed
        ]
        self.write_config(itlib.config_text(self.state_dir, units, after))
        daemon.signal(signal.SIGHUP)
        self.wait_for(lambda: "reloaded:" in daemon.log(), 15, "the reload")
        # The removal is named in the journal before the reload is applied.
        self.assertRegex(daemon.log(), r"reload removes 1 task \([^)]*/I\.3\): their pending reminders will be skipped")
        self.assertNotIn("reload removes 1 unit", daemon.log())
        # Stop right away: SIGTERM drains whatever the reload might have started
        # and requeues (as failed) whatever it queued, so both would be seen below.
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(20), 0)

        self.assertEqual(len(maildir_files(self.state_maildir())), 1, "nothing sent again, nothing fired at once")
        rows = self.outbox()
        self.assertEqual([r for r in rows if r["state"] in ("sending", "failed", "dead")], [])
        self.assertEqual(len([r for r in rows if r["state"] == "sent"]), 1)

        sent = rows_where(rows, task="I.1", unit="stp", stage="before-10")[0]
        self.assertEqual((sent["state"], sent["attempts"]), ("sent", 1))

        removed = rows_where(rows, task="I.3")
        self.assertEqual(len(removed), 7)
        self.assertTrue(all(r["state"] == "skipped" and r["skip_reason"] == "task removed" for r in removed),
                        removed)

        old_due = rows_where(rows, task="I.2", due="2022-04-14")
        self.assertEqual(len(old_due), 7)
        self.assertTrue(all(r["state"] == "skipped" and r["skip_reason"] == "config changed" for r in old_due),
                        old_due)
        new_due = {r["stage"]: r for r in rows_where(rows, task="I.2", due="2022-03-30")}
        self.assertEqual(len(new_due), 7)
        # before-10 of the new date was 16/3, before the reload: not fired at once.
        self.assertEqual((new_due["before-10"]["state"], new_due["before-10"]["skip_reason"]), ("skipped", LATE))
        self.assertTrue(all(r["state"] == "pending" for s, r in new_due.items() if s != "before-10"), new_due)

        added = {r["stage"]: r for r in rows_where(rows, task="I.1", unit="sxd")}
        self.assertEqual(len(added), 7)
        # Its before-10 was due at 17/3 08:00, i.e. before the reload.
        self.assertEqual((added["before-10"]["state"], added["before-10"]["skip_reason"]), ("skipped", LATE))
        self.assertTrue(all(r["state"] == "pending" for s, r in added.items() if s != "before-10"), added)
        self.assertNotRegex(daemon.log(), r"unit=sxd .*outcome=")

    def test_10b_sighup_or_sigusr1_before_the_loop_runs_is_held_not_fatal(self):
        # SIGHUP's default action ended a daemon that was still loading its
        # configuration or opening its outbox, and systemd counts death by
        # SIGHUP as a clean exit: no restart, no reminders. Here the start is
        # held in Outbox::open by a lock another process keeps, after the
        # daemon wrote its PID to deadlined.lock: the window is as long as
        # the test wants.
        self.write_config(itlib.config_text(self.state_dir, UNITS, [task("I.1", "Báo cáo quý I", ["stp"], DUE)]))
        self.run_once()
        blocker = sqlite3.connect(os.path.join(self.state_dir, "outbox.sqlite"), isolation_level=None, timeout=30)
        blocker.execute("PRAGMA locking_mode = EXCLUSIVE")
        blocker.execute("BEGIN EXCLUSIVE")
        blocker.execute("UPDATE reminders SET updated_at = updated_at WHERE 0")
        daemon = self.start_daemon()
        lock_file = os.path.join(self.state_dir, "deadlined.lock")

        def holds_the_lock():
            with open(lock_file) as f:
                return f.read().strip() == str(daemon.pid)

        self.wait_for(lambda: holds_the_lock() or not daemon.alive(), 15, "the daemon to take deadlined.lock")
        daemon.signal(signal.SIGUSR1)
        daemon.signal(signal.SIGALRM)
        daemon.signal(signal.SIGHUP)
        blocker.execute("ROLLBACK")
        blocker.close()
        self.wait_started(daemon)
        # The held SIGHUP is a reload once the start is through.
        self.wait_for(lambda: "reloaded:" in daemon.log() or not daemon.alive(), 30, "the held SIGHUP's reload")
        self.assertIn("received SIGUSR1, ignored", daemon.log())
        self.assertIn("received SIGALRM, ignored", daemon.log())
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(20), 0, self.diagnostics())

    def test_11_sigterm_exits_zero(self):
        self.write_config(itlib.config_text(self.state_dir, UNITS,
                                            [task("I.1", "Báo cáo kết quả kiểm soát TTHC quý I", ["stp", "snv"],
                                                  DUE)]))
        daemon = self.start_daemon()
        self.wait_started(daemon)
        self.wait_for(lambda: len(maildir_files(self.state_maildir())) == 2, 15, "the two reminders")
        self.assertTrue(daemon.alive(), "without --once the daemon keeps running")
        # SIGUSR1 and SIGUSR2 ("reopen logs" elsewhere) are logged and ignored;
        # by default they would end the daemon without a word.
        daemon.signal(signal.SIGUSR1)
        daemon.signal(signal.SIGUSR2)
        self.wait_for(lambda: "received SIGUSR2, ignored" in daemon.log(), 15, "SIGUSR2 logged")
        self.assertIn("received SIGUSR1, ignored", daemon.log())
        self.assertTrue(daemon.alive(), "SIGUSR1 and SIGUSR2 must not stop the daemon")
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(20), 0)
        self.assertIn("received SIGTERM, stopping", daemon.log())

    def test_11c_a_closed_log_pipe_sigpipe_or_sigxfsz_does_not_end_the_daemon(self):
        # Their default action ended the daemon without a word: a logger
        # reading its stderr through a pipe that exits makes the next log
        # line raise SIGPIPE; a write past RLIMIT_FSIZE raises SIGXFSZ.
        self.write_config(itlib.config_text(self.state_dir, UNITS[:1], [task("I.1", "Báo cáo quý I", ["stp"], DUE)]))
        argv = [itlib.BINARY, "run", "--config", self.config_path, "--state-dir", self.state_dir, "--now", START]
        daemon = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  start_new_session=True)
        try:
            log = b""
            while b"started:" not in log:
                line = daemon.stderr.readline()
                self.assertTrue(line, "the daemon ended before it started: %s" % log.decode(errors="replace"))
                log += line
            daemon.stderr.close()  # the log's reader is gone
            daemon.stdout.close()
            os.kill(daemon.pid, signal.SIGPIPE)
            os.kill(daemon.pid, signal.SIGXFSZ)
            # A reload logs several lines, each now a write into a broken pipe.
            self.write_config(itlib.config_text(self.state_dir, UNITS,
                                                [task("I.1", "Báo cáo quý I", ["stp", "snv"], DUE)]))
            os.kill(daemon.pid, signal.SIGHUP)
            self.wait_for(lambda: self.sql("SELECT COUNT(*) FROM reminders WHERE unit = 'snv'")[0][0] > 0
                          or daemon.poll() is not None, 30, "the reload's rows for snv")
            self.assertIsNone(daemon.poll(), "the daemon ended (exit %s)" % daemon.returncode)
            os.kill(daemon.pid, signal.SIGTERM)
            self.assertEqual(daemon.wait(20), 0)
        finally:
            if daemon.poll() is None:
                daemon.kill()
                daemon.wait()

    def test_11d_no_signal_but_sigkill_ends_the_daemon_unasked(self):
        # Every signal whose default action ends a process: the timer and
        # I/O signals, real-time signals and terminal stops are logged and
        # ignored; fault signals another process sends are not faults of the
        # daemon; SIGQUIT, SIGXCPU and SIGPWR stop it the clean way (exit 0).
        self.write_config(itlib.config_text(self.state_dir, UNITS, [task("I.1", "Báo cáo quý I", ["stp"], DUE)]))
        ignored = [signal.SIGALRM, signal.SIGVTALRM, signal.SIGPROF, signal.SIGPOLL, signal.SIGSTKFLT,
                   signal.SIGUSR1, signal.SIGUSR2, signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU,
                   signal.SIGRTMIN, signal.SIGRTMIN + 5, signal.SIGRTMAX]
        faults = [signal.SIGSEGV, signal.SIGBUS, signal.SIGILL, signal.SIGFPE, signal.SIGTRAP, signal.SIGSYS]
        for stop in (signal.SIGQUIT, signal.SIGXCPU, signal.SIGPWR):
            daemon = self.start_daemon()
            self.wait_started(daemon)
            for signum in ignored + faults:
                daemon.signal(signum)
                time.sleep(0.05)
            self.wait_for(lambda: "received SIGRTMAX, ignored" in daemon.log() or not daemon.alive(), 15,
                          "the last ignored signal logged")
            self.assertTrue(daemon.alive(), "an ignored signal ended the daemon\n" + self.diagnostics())
            log = daemon.log()
            for signum in ignored:
                name = "SIGRTMIN+5" if signum == signal.SIGRTMIN + 5 else signal.Signals(signum).name
                name = {"SIGIO": "SIGPOLL"}.get(name, name)
                self.assertIn("received %s, ignored" % name, log)
            for signum in faults:
                self.assertRegex(log, r"received %s from PID \d+, ignored" % signal.Signals(signum).name)
            daemon.signal(stop)
            self.assertEqual(daemon.wait(20), 0, self.diagnostics())
            self.assertIn("received %s, stopping" % signal.Signals(stop).name, daemon.log())

    def test_11e_a_storm_of_signals_through_a_burst_loses_and_repeats_nothing(self):
        # Thousands of signals of every kind the daemon ignores or reloads on,
        # from its first milliseconds through a burst of 300 reminders: it
        # keeps running, a SIGTERM then stops it cleanly, and every recipient
        # has exactly one message once the rest is sent.
        units = [{"id": "u%03d" % i, "name": "UBND xã %d" % i, "email": ["vt%03d@xa.example.test" % i]}
                 for i in range(300)]
        self.write_config(itlib.config_text(self.state_dir, units,
                                            [task("I.1", "Báo cáo quý I", [u["id"] for u in units], DUE)]))
        storm = [signal.SIGALRM, signal.SIGVTALRM, signal.SIGPROF, signal.SIGPOLL, signal.SIGUSR1, signal.SIGUSR2,
                 signal.SIGTSTP, signal.SIGTTIN, signal.SIGTTOU, signal.SIGSEGV, signal.SIGBUS, signal.SIGFPE,
                 signal.SIGILL, signal.SIGTRAP, signal.SIGSYS, signal.SIGHUP, signal.SIGPIPE,
                 signal.SIGXFSZ, signal.SIGWINCH, signal.SIGCHLD] + list(range(signal.SIGRTMIN, signal.SIGRTMAX + 1))
        daemon = self.start_daemon()

        # From the moment `run` holds its signals and handles the fault ones:
        # before that (exec, the dynamic loader, a sanitizer's start-up) no
        # program can guard itself, and under ASan that lasts longer than any
        # fixed pause.
        def guarded():
            try:
                with open("/proc/%d/status" % daemon.pid) as status:
                    fields = dict(line.split(":", 1) for line in status if ":" in line)
            except OSError:
                return None
            blocked = int(fields.get("SigBlk", "0").strip(), 16)
            caught = int(fields.get("SigCgt", "0").strip(), 16)
            return bool(blocked >> (signal.SIGRTMIN - 1) & 1 and caught >> (signal.SIGSEGV - 1) & 1) or None

        self.wait_for(guarded, 30, "the daemon to hold its signals", interval=0.001)
        rng = random.Random(7)
        sent = 0
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline and daemon.alive():
            os.kill(daemon.pid, rng.choice(storm))
            sent += 1
            if sent % 50 == 0:
                time.sleep(0.005)
        self.assertTrue(daemon.alive(), "ended by the storm after %d signals (exit %s)\n%s"
                        % (sent, daemon.popen.poll(), self.diagnostics()))
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(30), 0, self.diagnostics())
        self.run_once()
        received = collections.Counter()
        for path in maildir_files(self.state_maildir()):
            for recipient in recipients_of(read_message(path)):
                received[recipient] += 1
        self.assertEqual(len(received), len(units), "every recipient got its reminder")
        self.assertEqual({r: n for r, n in received.items() if n > 1}, {}, "nobody receives two copies")

    def test_11b_sigterm_drains_the_delivery_in_flight_and_leaves_the_rest_pending(self):
        # One POST at a time to the sink, held unanswered until the test
        # releases it: at SIGTERM one digest is on the wire and the other waits
        # in the queue, however long the signal takes to arrive.
        release = os.path.join(self.tmp, "release")
        port, log, _ = self.start_http_sink(codes="204", hold=release)
        units = [dict(UNITS[0], email=[], webhook=[{"url": "http://127.0.0.1:%d/stp" % port}]),
                 dict(UNITS[1], email=[], webhook=[{"url": "http://127.0.0.1:%d/snv" % port}])]
        self.write_config(itlib.config_text(self.state_dir, units,
                                            [task("I.1", "Báo cáo quý I", ["stp", "snv"], DUE)],
                                            # One post at a time: the second must wait unsent.
                                            webhooks={"max_per_host": 1, "pipeline": 1},
                                            delivery={"drain_timeout": 60}))
        daemon = self.start_daemon()
        self.wait_started(daemon)
        self.wait_for(lambda: os.path.exists(log), 15, "the first POST")
        daemon.signal(signal.SIGTERM)
        self.wait_for(lambda: re.search(r"waiting up to \d+ s for 1 deliveries in flight", daemon.log())
                      or not daemon.alive(), 15, "the stop to wait for the delivery in flight")
        with open(release, "w"):
            pass
        self.assertEqual(daemon.wait(20), 0)
        self.assertRegex(daemon.log(), r"waiting up to \d+ s for 1 deliveries in flight")
        rows = rows_where(self.outbox(), stage="before-10")
        states = sorted((r["state"], r["last_error"]) for r in rows)
        # The queued digest was never claimed: still pending, never attempted.
        self.assertEqual(states, [("pending", ""), ("sent", "")], rows)
        self.assertEqual(sorted(r["attempts"] for r in rows), [0, 1], rows)
        with open(log) as f:
            self.assertEqual(len(f.readlines()), 1)
        # The next start delivers the one left pending.
        self.run_once()
        rows = rows_where(self.outbox(), stage="before-10")
        self.assertEqual(sorted(r["state"] for r in rows), ["sent", "sent"], rows)
        with open(log) as f:
            paths = sorted(json.loads(line)["path"] for line in f)
        self.assertEqual(paths, ["/snv", "/stp"])


if __name__ == "__main__":
    itlib.main()
