#!/usr/bin/python3
"""kill -9 in the middle of a burst of 1,000 reminders, then a restart: every
recipient gets its reminder, and duplicates happen only for messages that were
in flight at the kill: handed to the server but not yet recorded as sent, at
most `delivery.max_unrecorded` of them."""
import collections
import os
import signal
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


if __name__ == "__main__":
    itlib.main()
