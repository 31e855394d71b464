#!/usr/bin/python3
"""A full disk under the state directory: the daemon refuses turns, stays up,
loses nothing and sends nothing twice once space is back; a start that cannot
write the rest of its plan keeps running and writes it once space is back; a
first start on a full disk fails with a clear message and leaves no outbox to
mistake for a new one. A reload the full disk refuses is tried again and applied once space is
back. The state directory is a small tmpfs, so this needs root (CI runs as root);
elsewhere the tests are skipped."""
import collections
import errno
import http.client
import json
import os
import signal
import subprocess

import itlib
from itlib import DUE, START, IntegrationTest, maildir_files, read_message, recipients_of


def fill(path):
    """Writes to `path` until the file system is full; returns the bytes written."""
    written = 0
    chunk = b"\0" * 65536
    with open(path, "wb", buffering=0) as out:
        while True:
            try:
                written += out.write(chunk)
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
                break
    # The last partial pages: byte by byte until nothing more fits.
    with open(path, "ab", buffering=0) as out:
        while True:
            try:
                out.write(b"\0" * 512)
                written += 512
            except OSError as error:
                if error.errno != errno.ENOSPC:
                    raise
                return written


class DiskFullTest(IntegrationTest):
    def mount_small_state_dir(self, size):
        if os.geteuid() != 0:
            self.skipTest("a small tmpfs for the state directory needs root (CI runs as root)")
        os.makedirs(self.state_dir)
        mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=%s,mode=0755" % size, "deadlined-test",
                                  self.state_dir], capture_output=True, text=True)
        if mounted.returncode != 0:
            self.skipTest("cannot mount a tmpfs here: " + mounted.stderr.strip())
        # After the daemons are stopped (tearDown), before the temp dir is removed.
        self.addCleanup(subprocess.run, ["umount", "-l", self.state_dir])

    def sink_and_config(self, units_count, delay):
        port, maildir, _ = self.start_smtp_sink(delay=delay)
        units = [{"id": "u%04d" % i, "name": "UBND xã số %d" % i, "email": ["vt%04d@xa.example.test" % i]}
                 for i in range(units_count)]
        tasks = [{"id": "I.1", "title": "Báo cáo quý I", "lead": [u["id"] for u in units],
                  "schedule": "{ date = %s }" % DUE}]
        smtp = {"url": "smtp://127.0.0.1:%d" % port, "require_tls": False, "max_connections": 2,
                "connect_timeout": 5, "timeout": 30}
        self.write_config(itlib.config_text(self.state_dir, units, tasks, smtp=smtp, delivery={"workers": 2}))
        return maildir

    def assert_each_received_once(self, maildir, units_count):
        received = collections.Counter()
        for path in maildir_files(maildir):
            for recipient in recipients_of(read_message(path)):
                received[recipient] += 1
        self.assertEqual(len(received), units_count, "every recipient got its reminder")
        self.assertEqual({r: n for r, n in received.items() if n > 1}, {}, "nobody receives two copies")

    def test_01_the_disk_fills_mid_burst_then_frees(self):
        units_count = 400
        self.mount_small_state_dir("32m")
        maildir = self.sink_and_config(units_count, delay=0.05)
        daemon = self.start_daemon(now=START)
        self.wait_for(lambda: len(maildir_files(maildir)) >= 20 or not daemon.alive(), 60, "20 messages")
        # The disk fills during the burst's turns, not while the start still
        # plans the later stages in the background: a start that cannot write
        # its plan stops on purpose (test_02, and the next start plans the rest).
        self.wait_for(lambda: "start completed:" in daemon.log() or not daemon.alive(), 60,
                      "the later stages planned in the background")

        filler = os.path.join(self.state_dir, "filler")
        fill(filler)
        self.wait_for(lambda: "disk is full" in daemon.log() or not daemon.alive(), 60,
                      "a turn refused by the full disk")
        self.assertTrue(daemon.alive(), "a full disk does not stop the daemon\n" + self.diagnostics())
        sent_while_full = self.sql("SELECT COUNT(*) FROM reminders WHERE state = 'sent'")[0][0]
        self.assertLess(sent_while_full, units_count, "the disk filled before the burst ended")

        os.remove(filler)
        self.wait_for(lambda: self.sql("SELECT COUNT(*) FROM reminders WHERE state = 'sent'")[0][0] == units_count,
                      180, "every reminder sent once space is back")
        # Logged after the turn's commit, so possibly after the rows are seen.
        self.wait_for(lambda: "turns are recorded again" in daemon.log(), 30, "the recovery in the log")
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(15), 0, "recovered, so a clean stop\n" + self.diagnostics())
        self.assert_each_received_once(maildir, units_count)
        self.assertEqual(self.sql("SELECT COUNT(*) FROM reminders WHERE state = 'dead'")[0][0], 0)

    def test_02_a_first_start_on_a_full_disk_fails_clearly_and_leaves_no_outbox(self):
        units_count = 20
        self.mount_small_state_dir("4m")
        maildir = self.sink_and_config(units_count, delay=0.0)
        filler = os.path.join(self.state_dir, "filler")
        fill(filler)

        daemon = self.start_daemon(now=START, once=True)
        code = daemon.wait(30)
        self.assertNotEqual(code, 0, "a start with no room for its lock file fails\n" + daemon.log())
        self.assertIn(os.path.join(self.state_dir, "deadlined.lock") + ": cannot write: No space left on device",
                      daemon.log())
        self.assert_no_outbox_and_nothing_sent(maildir)

        os.remove(filler)
        self.run_once(now=START)
        self.assert_each_received_once(maildir, units_count)

    def test_03_no_room_for_a_new_outbox_fails_clearly_and_leaves_no_outbox(self):
        units_count = 20
        self.mount_small_state_dir("4m")
        maildir = self.sink_and_config(units_count, delay=0.0)
        # A lock file from an earlier run keeps its page, so the start gets as
        # far as creating the outbox.
        with open(os.path.join(self.state_dir, "deadlined.lock"), "w") as lock:
            lock.write("4242\n")
        filler = os.path.join(self.state_dir, "filler")
        fill(filler)

        daemon = self.start_daemon(now=START, once=True)
        code = daemon.wait(30)
        self.assertNotEqual(code, 0, "a start that cannot create its outbox fails\n" + daemon.log())
        self.assertIn("full", daemon.log())
        self.assertIn(self.state_dir, daemon.log(), "the message names where space is missing")
        self.assert_no_outbox_and_nothing_sent(maildir)

        os.remove(filler)
        self.run_once(now=START)
        self.assert_each_received_once(maildir, units_count)

    def test_04_a_start_that_cannot_write_its_rest_keeps_running_and_writes_it_once_space_is_back(self):
        self.mount_small_state_dir("48m")
        # Nothing due within the start's ready window: every reminder is part
        # of the rest, planned in the background after "started:".
        units = [{"id": "u%04d" % i, "name": "UBND xã số %d" % i, "email": ["vt%04d@xa.example.test" % i]}
                 for i in range(100)]
        tasks = [{"id": "T.%d" % n, "title": "Báo cáo đợt %d" % n, "lead": [u["id"] for u in units],
                  "schedule": "{ date = 2022-%02d-%02d }" % (5 + n % 8, 10 + n % 15)} for n in range(30)]
        self.write_config(itlib.config_text(self.state_dir, units, tasks))
        # Room for the lock file, the outbox's schema and the window, not the rest.
        filler = os.path.join(self.state_dir, "filler")
        written = fill(filler)
        os.truncate(filler, written - 1024 * 1024)

        daemon = self.start_daemon(now=START)
        self.wait_for(lambda: "cannot plan the rest of the reminders" in daemon.log() or not daemon.alive(), 120,
                      "the rest refused by the full disk")
        self.assertTrue(daemon.alive(), "a start that cannot write its rest keeps running\n" + self.diagnostics())
        self.assertIn("trying again in 10 s", daemon.log())
        self.assertNotIn("start completed:", daemon.log())

        os.remove(filler)
        self.wait_for(lambda: "start completed:" in daemon.log() or not daemon.alive(), 120,
                      "the rest planned once space is back")
        self.assertTrue(daemon.alive(), self.diagnostics())
        self.assertIn("planning the rest of the reminders again", daemon.log())
        planned = self.sql("SELECT COUNT(DISTINCT unit), COUNT(DISTINCT task), COUNT(*) FROM reminders")[0]
        self.assertEqual(planned[:2], (100, 30), "every unit's and task's reminders are planned")
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(15), 0, "recovered, so a clean stop\n" + self.diagnostics())

        # The next start finds the whole plan written: nothing new.
        again = self.start_daemon(now=START, name="again")
        self.wait_for(lambda: "start completed:" in again.log() or not again.alive(), 120, "the second start")
        self.assertIn("(0 new,", again.log().split("start completed:")[1].splitlines()[0])
        self.assertEqual(self.sql("SELECT COUNT(*) FROM reminders")[0][0], planned[2])
        again.signal(signal.SIGTERM)
        self.assertEqual(again.wait(15), 0, self.diagnostics())

    def test_05_a_reload_the_full_disk_refuses_is_tried_again_and_applied_once_space_is_back(self):
        self.mount_small_state_dir("48m")
        units = [{"id": "u%04d" % i, "name": "UBND xã số %d" % i, "email": ["vt%04d@xa.example.test" % i]}
                 for i in range(100)]

        def tasks(count):
            return [{"id": "T.%d" % n, "title": "Báo cáo đợt %d" % n, "lead": [u["id"] for u in units],
                     "schedule": "{ date = 2022-%02d-%02d }" % (5 + n % 8, 10 + n % 15)} for n in range(count)]

        self.write_config(itlib.config_text(self.state_dir, units, tasks(5), delivery={"ready_window": 0}))
        daemon = self.start_daemon(now=START)
        self.wait_for(lambda: "started:" in daemon.log() or not daemon.alive(), 120, "the start")
        self.assertTrue(daemon.alive(), self.diagnostics())

        # Forty more tasks for every unit, and no room left to write them.
        self.write_config(itlib.config_text(self.state_dir, units, tasks(45), delivery={"ready_window": 0}))
        filler = os.path.join(self.state_dir, "filler")
        written = fill(filler)
        os.truncate(filler, written - 256 * 1024)
        daemon.signal(signal.SIGHUP)
        self.wait_for(lambda: "trying the reload again in 10 s" in daemon.log() or not daemon.alive(), 120,
                      "the reload refused by the full disk")
        self.assertTrue(daemon.alive(), "a reload the disk refuses keeps the daemon running\n" + self.diagnostics())
        self.assertNotIn("reloaded:", daemon.log())
        # Its transaction rolled back: the outbox still answers.
        self.assertGreaterEqual(self.sql("SELECT COUNT(DISTINCT task) FROM reminders WHERE state = 'pending'")[0][0], 5)

        os.remove(filler)
        self.wait_for(lambda: "reloaded:" in daemon.log() or not daemon.alive(), 120,
                      "the reload applied once space is back")
        self.assertTrue(daemon.alive(), self.diagnostics())
        self.assertEqual(self.sql("SELECT COUNT(DISTINCT unit), COUNT(DISTINCT task) FROM reminders")[0], (100, 45),
                         "every task of the new configuration is planned")
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(15), 0, "recovered, so a clean stop\n" + self.diagnostics())

    def healthz(self, port):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        try:
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            return response.status, json.loads(response.read())
        finally:
            connection.close()

    def test_06_healthz_says_the_outbox_cannot_record_while_the_disk_is_full_and_recovers(self):
        units_count = 30
        self.mount_small_state_dir("16m")
        port, maildir, _ = self.start_smtp_sink(delay=0.0)
        units = [{"id": "u%04d" % i, "name": "UBND xã số %d" % i, "email": ["vt%04d@xa.example.test" % i]}
                 for i in range(units_count)]
        tasks = [{"id": "I.1", "title": "Báo cáo quý I", "lead": [u["id"] for u in units],
                  "schedule": "{ date = %s }" % DUE}]
        smtp = {"url": "smtp://127.0.0.1:%d" % port, "require_tls": False, "connect_timeout": 5, "timeout": 30}
        http_port = itlib.free_port()
        self.write_config(itlib.config_text(self.state_dir, units, tasks, smtp=smtp) +
                          '\n[http]\nlisten = "127.0.0.1:%d"\n' % http_port)
        # The before-10 stage goes out 8 s after the start: by then the disk is full.
        daemon = self.start_daemon(now="2022-03-17T07:59:52+07:00")
        self.wait_for(lambda: "start completed:" in daemon.log() or not daemon.alive(), 60, "the start")
        self.wait_for(lambda: self.healthz(http_port)[0] == 200, 15, "the HTTP listener")
        self.assertEqual(self.healthz(http_port)[1]["status"], "ok")

        filler = os.path.join(self.state_dir, "filler")
        fill(filler)
        # Before any turn is refused, the free space says it.
        status, body = self.healthz(http_port)
        self.assertEqual(status, 503, body)
        self.assertIn(body["status"], ("degraded", "failing"), body)
        self.assertFalse(body["outbox"], body)
        self.assertIn("free on the file system of the outbox", body["reason"])
        # Once the stage is due, its turn is refused: failing, with SQLite's reason.
        self.wait_for(lambda: "disk is full" in daemon.log() or not daemon.alive(), 60, "a turn refused")
        status, body = self.healthz(http_port)
        self.assertEqual((status, body["status"]), (503, "failing"), body)
        self.assertIn("the outbox refuses to record deliveries", body["reason"])
        self.assertIn("full", body["reason"])
        self.assertTrue(daemon.alive(), self.diagnostics())

        os.remove(filler)
        self.wait_for(lambda: self.healthz(http_port)[0] == 200, 60, "/healthz ok once space is back")
        self.assertEqual(self.healthz(http_port)[1], {"status": "ok", "version": body["version"], "outbox": True})
        self.wait_for(lambda: self.sql("SELECT COUNT(*) FROM reminders WHERE state = 'sent'")[0][0] == units_count,
                      60, "every reminder sent once space is back")
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(15), 0, self.diagnostics())
        self.assert_each_received_once(maildir, units_count)

    def assert_no_outbox_and_nothing_sent(self, maildir):
        leftovers = sorted(name for name in os.listdir(self.state_dir) if name.startswith("outbox"))
        self.assertEqual(leftovers, [], "no empty or partial outbox is left to be taken for a new one")
        self.assertEqual(len(maildir_files(maildir)), 0, "nothing sent without an outbox")


if __name__ == "__main__":
    itlib.main()
