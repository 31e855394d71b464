#!/usr/bin/python3
"""The daemon's nightly compaction: started (with --now) just before
outbox.compact_at, it folds the rows past outbox.keep_final_days into the
summary at that time, while it runs; the counts stay, and the same plan year
run again sends nothing."""
import signal

import itlib
from itlib import DUE, START, IntegrationTest, maildir_files

# The rows per state as `outbox`, /metrics and /status count them (compacted rows included).
COUNTS = ("SELECT state, rows + compacted + CASE WHEN state = 'pending' THEN"
          " (SELECT COALESCE(MAX(rowid), 0) FROM reminders) ELSE 0 END FROM outbox_counts ORDER BY state")
UNITS = [{"id": "stp", "name": "Sở Tư pháp", "email": ["vanthu@stp.example.test"]}]
TASKS = [{"id": "I.1", "title": "Báo cáo kết quả kiểm soát TTHC quý I", "lead": ["stp"],
          "schedule": "{ date = %s }" % DUE}]


class CompactionTest(IntegrationTest):
    def test_the_daemon_compacts_at_compact_at_and_nothing_is_sent_again(self):
        self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS)
                          + '\n[outbox]\nkeep_final_days = 31\ncompact_at = "02:30"\n')
        self.run_once(now=START)  # before-10 of I.1: one message
        sent = maildir_files(self.state_maildir())
        self.assertEqual(len(sent), 1, self.diagnostics())
        counts_before = self.sql(COUNTS)

        # Ten seconds before 02:30 on 1 June: the stages missed since March
        # are skipped at the start; at 02:30 everything due before 1 May goes.
        daemon = self.start_daemon(now="2022-06-01T02:29:50+07:00")
        self.wait_started(daemon)
        self.wait_for(lambda: "compacted the outbox" in daemon.log() or not daemon.alive(), 40,
                      "the nightly compaction")
        self.assertIn("due before 2022-05-01", daemon.log())
        self.assertEqual(self.sql("SELECT COUNT(*) FROM reminders WHERE state IN ('sent', 'skipped')"), [(0,)],
                         self.diagnostics())
        folded = self.sql("SELECT SUM(reminders) FROM reminders_compacted WHERE state = 'sent'")
        self.assertEqual(folded, [(1,)])
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(20), 0, self.diagnostics())

        # The counts (as /metrics and `outbox` read them) did not change with
        # the compaction; the year run again sends nothing.
        rows = self.sql(COUNTS)
        self.assertEqual(sum(n for _, n in rows), sum(n for _, n in counts_before))
        self.run_once(now=START)
        self.assertEqual(len(maildir_files(self.state_maildir())), 1, self.diagnostics())


if __name__ == "__main__":
    itlib.main()
