#!/usr/bin/python3
"""The state directory's file system turns read-only under a running daemon
in the middle of a burst (ext4 with errors=remount-ro after an I/O error, as
a failing disk does): its turns are refused, so it starts no further
delivery (each one would be sent again, its outcome never recorded), a stop
exits without losing a reminder, and once the file system is repaired the
next run sends what was left. Only the messages in flight at the break are
sent twice. Needs root, loop devices and ext4 (CI runs as root); elsewhere
skipped."""
import collections
import datetime
import os
import re
import signal
import subprocess

import itlib
from itlib import DUE, IntegrationTest, maildir_files, read_message, recipients_of

UNITS = 300
# Outcomes waiting for their batch at the break (a flush interval of a slow
# sink's messages over two connections) plus those on the wire: a handful.
# Without the pause the workers went on through the burst: about a hundred.
MOST_REPEATED = 12


def run(argv):
    return subprocess.run(argv, capture_output=True, text=True)


class ReadOnlyStateTest(IntegrationTest):
    def mount_breakable_state_dir(self):
        if os.geteuid() != 0:
            self.skipTest("a loop-mounted ext4 state directory needs root (CI runs as root)")
        os.makedirs(self.state_dir)
        self.image = os.path.join(self.tmp, "state.ext4")
        made = run(["truncate", "-s", "64M", self.image])
        if made.returncode == 0:
            made = run(["mkfs.ext4", "-q", "-F", self.image])
        if made.returncode != 0:
            self.skipTest("cannot make an ext4 image: " + made.stderr.strip())
        mounted = run(["mount", "-o", "loop,errors=remount-ro", self.image, self.state_dir])
        if mounted.returncode != 0:
            self.skipTest("cannot mount a loop device here: " + mounted.stderr.strip())
        self.addCleanup(run, ["umount", "-l", self.state_dir])
        device = run(["losetup", "-j", self.image]).stdout.split(":")[0]
        self.trigger = "/sys/fs/ext4/%s/trigger_fs_error" % os.path.basename(device)
        if not os.path.exists(self.trigger):
            self.skipTest("no %s to fail the file system with" % self.trigger)

    def repair(self):
        self.assertEqual(run(["umount", self.state_dir]).returncode, 0)
        run(["e2fsck", "-y", "-f", self.image])  # exit 1: errors corrected
        mounted = run(["mount", "-o", "loop", self.image, self.state_dir])
        self.assertEqual(mounted.returncode, 0, mounted.stderr)

    def test_a_state_directory_gone_read_only_mid_burst_repeats_only_what_was_in_flight(self):
        self.mount_breakable_state_dir()
        port, maildir, _ = self.start_smtp_sink(delay=0.05)
        units = [{"id": "u%04d" % i, "name": "UBND xã số %d" % i, "email": ["vt%04d@xa.example.test" % i]}
                 for i in range(UNITS)]
        tasks = [{"id": "I.1", "title": "Báo cáo quý I", "lead": [u["id"] for u in units],
                  "schedule": "{ date = %s }" % DUE}]
        smtp = {"url": "smtp://127.0.0.1:%d" % port, "require_tls": False, "max_connections": 2}
        self.write_config(itlib.config_text(self.state_dir, units, tasks, smtp=smtp,
                                            delivery={"workers": 4, "drain_timeout": 5, "ready_window": 0,
                                                      # Every commit on the disk before the break:
                                                      # the break loses none (with "normal" it
                                                      # may, as a power loss).
                                                      "synchronous": "full"}))
        daemon = self.start_daemon()
        self.wait_started(daemon)
        self.wait_for(lambda: len(maildir_files(maildir)) >= 20 or not daemon.alive(), 60, "20 messages")
        with open(self.trigger, "w") as trigger:
            trigger.write("deadlined integration test\n")
        # Refused turns over two seconds of the daemon's own clock: seconds in
        # which the workers could have gone on through the burst.
        refused = re.compile(r"^(\S+) error outbox: .*(read-only|I/O error)", re.MULTILINE)

        def refused_for_two_seconds():
            times = [datetime.datetime.fromisoformat(t) for t, _ in refused.findall(daemon.log())]
            return not daemon.alive() or (times and (times[-1] - times[0]).total_seconds() >= 2)

        self.wait_for(refused_for_two_seconds, 60, "turns refused for two seconds by the read-only outbox")
        self.assertTrue(daemon.alive(), "a refused turn does not stop the daemon\n" + self.diagnostics())
        daemon.signal(signal.SIGTERM)
        # Outcomes it could not record: exit 1, and no crash.
        self.assertEqual(daemon.wait(30), 1, self.diagnostics())
        self.repair()
        self.run_once(timeout=120)
        received = collections.Counter()
        for path in maildir_files(maildir):
            for recipient in recipients_of(read_message(path)):
                received[recipient] += 1
        self.assertEqual(len(received), UNITS, "a reminder was lost")
        repeated = {r: n for r, n in received.items() if n > 1}
        self.assertLessEqual(len(repeated), MOST_REPEATED, repeated)
        self.assertEqual(max(received.values()), 2 if repeated else 1)
        states = dict(self.sql("SELECT state, COUNT(*) FROM reminders WHERE stage = 'before-10' GROUP BY state"))
        self.assertEqual(states, {"sent": UNITS})


if __name__ == "__main__":
    itlib.main()
