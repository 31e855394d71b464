#!/usr/bin/python3
"""kill -9 in the middle of a burst of 1,000 reminders, then a restart: every
recipient gets its reminder, and duplicates happen only for messages that were
in flight at the kill: handed to the server but not yet recorded as sent, at
most `delivery.max_unrecorded` of them."""
import collections
import os
import re
import signal
import sqlite3
import sys
import time

import itlib
from itlib import DUE, START, IntegrationTest, maildir_files, read_message, recipients_of

UNITS = 1000
KILL_AFTER = 200
MAX_UNRECORDED = 4


class CrashTest(IntegrationTest):
    def test_07_kill_9_during_a_burst_then_restart_delivers_everything(self):
        # A slowish sink: 20 ms before each 250 to DATA, so deliveries are in flight at the kill.
        port, maildir, _ = self.start_smtp_sink(delay=0.02)
        units = [{"id": "u%04d" % i, "name": "UBND xã số %d" % i, "tier": "commune",
                  "email": ["vanthu%04d@xa.example.test" % i]} for i in range(UNITS)]
        group = {"id": "ubnd-cap-xa", "name": "UBND cấp xã", "members": [u["id"] for u in units]}
        tasks = [{"id": "I.1", "title": "Báo cáo kết quả kiểm soát TTHC quý I", "lead": ["ubnd-cap-xa"],
                  "schedule": "{ date = %s }" % DUE}]
        smtp = {"url": "smtp://127.0.0.1:%d" % port, "require_tls": False, "max_connections": 4,
                "connect_timeout": 5, "timeout": 30}
        self.write_config(itlib.config_text(self.state_dir, units, tasks, groups=[group], smtp=smtp,
                                            delivery={"workers": 4, "max_unrecorded": MAX_UNRECORDED}))
        expected = {u["email"][0] for u in units}

        daemon = self.start_daemon(now=START)
        self.wait_for(lambda: len(maildir_files(maildir)) >= KILL_AFTER or not daemon.alive(), 60,
                      "%d messages at the sink" % KILL_AFTER)
        self.assertTrue(daemon.alive(), "the daemon exited before the kill\n" + self.diagnostics())
        os.kill(daemon.pid, signal.SIGKILL)
        daemon.wait(10)
        files_at_kill = len(maildir_files(maildir))

        counts = dict(self.sql("SELECT state, COUNT(*) FROM reminders WHERE stage = 'before-10' GROUP BY state"))
        sending_at_kill = self.sql("SELECT COUNT(*) FROM reminders WHERE state = 'sending'")[0][0]
        sent_at_kill = counts.get("sent", 0)
        self.assertLess(sent_at_kill, UNITS, "the kill came too late to test anything")
        self.assertEqual(sum(counts.values()), UNITS, counts)
        # `sending` rows were claimed: queued for a worker, on the wire, or sent and not yet recorded.

        # Restart at the same instant (well within catch_up): delivers what is left, then exits.
        started = time.monotonic()
        restarted = self.start_daemon(now=START, once=True)
        code = restarted.wait(120)
        self.assertEqual(code, 0, self.diagnostics())
        restart_seconds = time.monotonic() - started
        self.assertRegex(restarted.log(), r"%d requeued after a stop" % sending_at_kill)

        received = collections.defaultdict(list)
        for path in maildir_files(maildir):
            message = read_message(path)
            for recipient in recipients_of(message):
                received[recipient].append(str(message["Message-ID"]))
        missing = expected - set(received)
        duplicates = {r: ids for r, ids in received.items() if len(ids) == 2}
        more = {r: ids for r, ids in received.items() if len(ids) > 2}
        total = sum(len(ids) for ids in received.values())
        report = ("kill -9 burst: %d units; at the kill: %d messages at the sink, %d rows sent, %d rows sending, "
                  "%d pending/failed; after the restart (%.1f s): %d messages for %d distinct recipients, "
                  "%d recipients received 2 (duplicates), %d received more than 2, %d missing"
                  % (UNITS, files_at_kill, sent_at_kill, sending_at_kill,
                     counts.get("pending", 0) + counts.get("failed", 0), restart_seconds, total, len(received),
                     len(duplicates), len(more), len(missing)))
        sys.stderr.write("\n" + report + "\n")
        sys.stderr.flush()

        self.assertEqual(set(received) - expected, set(), "messages to unknown recipients")
        self.assertEqual(missing, set(), "every recipient gets its reminder")
        self.assertEqual(more, {})
        self.assertLessEqual(len(duplicates), sending_at_kill,
                             "duplicates only for rows in flight (sending) at the kill")
        # Stronger: at most delivery.max_unrecorded messages are sent and not yet recorded.
        self.assertLessEqual(len(duplicates), MAX_UNRECORDED,
                             "more duplicates than messages that can be unrecorded")
        for recipient, ids in duplicates.items():
            self.assertEqual(len(set(ids)), 1, "a re-send carries the same Message-ID (%s)" % recipient)
        rows = dict(self.sql("SELECT state, COUNT(*) FROM reminders WHERE stage = 'before-10' GROUP BY state"))
        self.assertEqual(rows, {"sent": UNITS})


    def test_08_a_second_instance_is_refused_and_nothing_is_sent_twice(self):
        units_count = 300
        port, maildir, _ = self.start_smtp_sink(delay=0.02)
        units = [{"id": "u%04d" % i, "name": "UBND xã số %d" % i, "tier": "commune",
                  "email": ["vanthu%04d@xa.example.test" % i]} for i in range(units_count)]
        tasks = [{"id": "I.1", "title": "Báo cáo quý I", "lead": [u["id"] for u in units],
                  "schedule": "{ date = %s }" % DUE}]
        smtp = {"url": "smtp://127.0.0.1:%d" % port, "require_tls": False, "max_connections": 2,
                "connect_timeout": 5, "timeout": 30}
        self.write_config(itlib.config_text(self.state_dir, units, tasks, smtp=smtp, delivery={"workers": 2}))

        first = self.start_daemon(now=START, name="first")
        self.wait_for(lambda: len(maildir_files(maildir)) >= 20 or not first.alive(), 60, "20 messages at the sink")
        self.assertTrue(first.alive(), self.diagnostics())
        self.assertGreater(self.sql("SELECT COUNT(*) FROM reminders WHERE state = 'sending'")[0][0], 0,
                           "the first daemon has rows in flight for the second one to steal")

        for once in (False, True):
            second = self.start_daemon(now=START, once=once, name="second-once" if once else "second")
            code = second.wait(15)
            self.assertEqual(code, 75, "a second daemon on one state directory exits 75\n" + second.log())
            self.assertIn("another deadlined (PID %d) is running" % first.pid, second.log())
            self.assertIn("deadlined.lock", second.log())
            self.assertNotIn("requeued", second.log())

        # Another state directory whose outbox.sqlite is a symlink to the
        # first's is the same outbox: refused too (it took over 63 rows in
        # flight and sent 48 of them again).
        other = os.path.join(self.tmp, "other-state")
        os.makedirs(other)
        os.symlink(os.path.join(self.state_dir, "outbox.sqlite"), os.path.join(other, "outbox.sqlite"))
        linked = itlib.Process([itlib.BINARY, "run", "--config", self.config_path, "--state-dir", other,
                                "--now", START], os.path.join(self.tmp, "linked"))
        self.processes.append(linked)
        self.assertEqual(linked.wait(15), 75, "a daemon on a symlink to the outbox exits 75\n" + linked.log())
        self.assertIn("another deadlined (PID %d) is running" % first.pid, linked.log())
        self.assertNotIn("requeued", linked.log())

        # Read-only and acknowledging commands keep working beside the daemon.
        rows = self.outbox()
        self.assertIsNotNone(rows, "`outbox` works beside the running daemon")
        self.assertGreaterEqual(len([r for r in rows if r["stage"] == "before-10"]), 1)

        self.wait_for(lambda: self.sql("SELECT COUNT(*) FROM reminders WHERE state = 'sent'")[0][0] == units_count,
                      120, "every reminder sent")
        first.signal(signal.SIGTERM)
        self.assertEqual(first.wait(15), 0, self.diagnostics())
        received = collections.Counter()
        for path in maildir_files(maildir):
            for recipient in recipients_of(read_message(path)):
                received[recipient] += 1
        self.assertEqual(len(received), units_count)
        self.assertEqual({r: n for r, n in received.items() if n > 1}, {}, "nobody receives two copies")

        # The lock dies with its holder: after a kill -9 a new daemon starts at once.
        crashed = self.start_daemon(now=START, name="crashed")
        self.wait_started(crashed)
        os.kill(crashed.pid, signal.SIGKILL)
        crashed.wait(10)
        after = self.start_daemon(now=START, once=True, name="after-crash")
        self.assertEqual(after.wait(30), 0, after.log())

    def test_09_a_crash_loop_then_an_outage_kills_no_reminder(self):
        """13 kill -9 with transfers in flight, then the server goes away: rows that never
        reached a server are not dead, and no row has more attempts than transfers."""
        units_count = 50
        port, _, sink = self.start_smtp_sink(delay=60)  # accepts, then stalls every transfer
        units = [{"id": "u%02d" % i, "name": "U %d" % i, "email": ["a%02d@x.example.test" % i]}
                 for i in range(units_count)]
        tasks = [{"id": "I.1", "title": "T", "lead": [u["id"] for u in units], "schedule": "{ date = %s }" % DUE}]
        smtp = {"url": "smtp://127.0.0.1:%d" % port, "require_tls": False, "timeout": 120}
        delivery = {"retry_base": 60, "retry_cap": 21600, "timer_cap": 60, "workers": 4}
        self.write_config(itlib.config_text(self.state_dir, units, tasks, smtp=smtp, delivery=delivery))
        for crash in range(13):
            begun = self.smtp_data_begun()
            daemon = self.start_daemon(now=START, name="crash-%02d" % crash)
            self.wait_started(daemon)
            self.wait_for(lambda: self.sql("SELECT COUNT(*) FROM reminders WHERE state = 'sending'")[0][0] > 0,
                          10, "rows in flight")
            # A message of this run is at the server, which stalls it: a transfer in flight.
            self.wait_for(lambda: self.smtp_data_begun() > begun, 30, "a message of this run at the sink")
            os.kill(daemon.pid, signal.SIGKILL)
            daemon.wait(10)
        # Only the claims of the last run, not yet handed back, count one each.
        most = self.sql("SELECT MAX(attempts) FROM reminders")[0][0]
        self.assertLessEqual(most, 1, "crashes used up attempts")
        self.assertEqual(self.sql("SELECT COUNT(*) FROM reminders WHERE attempts > 0 AND state <> 'sending'")[0][0], 0)

        sink.stop()  # now connection refused: one real failed transfer each
        daemon = self.start_daemon(now=START, name="outage")
        self.wait_for(lambda: self.sql("SELECT COUNT(*) FROM reminders WHERE stage = 'before-10' "
                                       "AND state = 'failed'")[0][0] == units_count, 30,
                      "every reminder failed once")
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(15), 0, self.diagnostics())
        states = dict(self.sql("SELECT state, COUNT(*) FROM reminders WHERE stage = 'before-10' GROUP BY state"))
        self.assertEqual(states, {"failed": units_count})
        self.assertEqual(self.sql("SELECT COUNT(*) FROM reminders WHERE state = 'dead'")[0][0], 0)
        self.assertEqual(self.sql("SELECT MAX(attempts) FROM reminders")[0][0], 1)


    def test_09b_an_outbox_deleted_under_the_daemon_stops_it_and_the_next_start_is_clean(self):
        # It went on writing (and acknowledging) into the deleted file, /healthz
        # said ok, and its log left behind made every later start fail with
        # "database disk image is malformed".
        tasks = [{"id": "I.1", "title": "Báo cáo quý I", "lead": ["stp"], "schedule": "{ date = %s }" % DUE}]
        units = [{"id": "stp", "name": "Sở Tư pháp", "email": ["vanthu@stp.example.test"]}]
        self.write_config(itlib.config_text(self.state_dir, units, tasks))
        daemon = self.start_daemon(now=START, name="deleted")
        self.wait_started(daemon)
        os.remove(os.path.join(self.state_dir, "outbox.sqlite"))
        # 78: the unit's RestartPreventExitStatus. With 1, systemd restarted it
        # 10 s later on a new outbox, which sent everything again before anyone
        # could restore the file.
        self.assertEqual(daemon.wait(20), 78, daemon.log())
        self.assertIn("outbox.sqlite is gone", daemon.log())
        self.assertIn("stopping: what is written now would be lost", daemon.log())

        again = self.start_daemon(now=START, once=True, name="again")
        self.assertEqual(again.wait(30), 0, again.log())
        self.assertNotIn("malformed", again.log())

    def test_10_an_outbox_locked_past_the_busy_timeout_refuses_turns_and_the_loop_recovers(self):
        units_count = 200
        # 50 ms a message over two connections: the burst lasts seconds after
        # the lock is taken, so a turn runs into it even when this test is
        # slow to take it (a burst over before the lock refuses nothing).
        port, maildir, _ = self.start_smtp_sink(delay=0.05)
        units = [{"id": "u%04d" % i, "name": "UBND xã số %d" % i, "email": ["vt%04d@xa.example.test" % i]}
                 for i in range(units_count)]
        tasks = [{"id": "I.1", "title": "Báo cáo quý I", "lead": [u["id"] for u in units],
                  "schedule": "{ date = %s }" % DUE}]
        smtp = {"url": "smtp://127.0.0.1:%d" % port, "require_tls": False, "max_connections": 2,
                "connect_timeout": 5, "timeout": 30}
        # ready_window 0: the whole plan is written before the burst. With a
        # window the rest is planned in the background meanwhile, and on a
        # slow machine that planning, not a turn, can be what the lock refuses
        # ("cannot plan the rest ...: database is locked"); no turn is refused
        # and "turns are recorded again" never comes.
        self.write_config(itlib.config_text(self.state_dir, units, tasks, smtp=smtp,
                                            delivery={"workers": 2, "ready_window": 0}))
        daemon = self.start_daemon(now=START)
        self.wait_for(lambda: len(maildir_files(maildir)) >= 20 or not daemon.alive(), 60, "20 messages")
        # Another process holds the write lock longer than the daemon's 5 s busy timeout.
        blocker = sqlite3.connect(os.path.join(self.state_dir, "outbox.sqlite"), isolation_level=None, timeout=30)
        blocker.execute("BEGIN EXCLUSIVE")
        self.wait_for(lambda: re.search(r" error outbox: .*database is locked", daemon.log()) or not daemon.alive(),
                      30, "a turn refused by the locked outbox")
        blocker.execute("ROLLBACK")
        blocker.close()
        self.assertTrue(daemon.alive(), "a refused turn does not stop the daemon\n" + self.diagnostics())
        self.wait_for(lambda: self.sql("SELECT COUNT(*) FROM reminders WHERE state = 'sent'")[0][0] == units_count,
                      120, "every reminder sent after the lock is gone")
        # The log reaches this test through a pipe, after the rows it describes.
        self.wait_for(lambda: "turns are recorded again" in daemon.log(), 30, "the recovery in the log")
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(15), 0, "recovered, so a clean stop\n" + self.diagnostics())
        received = collections.Counter()
        for path in maildir_files(maildir):
            for recipient in recipients_of(read_message(path)):
                received[recipient] += 1
        self.assertEqual(len(received), units_count)
        # Outcomes not recorded while refused are recorded later, not sent again.
        self.assertEqual({r: n for r, n in received.items() if n > 1}, {})


if __name__ == "__main__":
    itlib.main()
