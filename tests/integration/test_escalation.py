#!/usr/bin/python3
"""Escalation end to end with the real binary: when a lead unit has not marked
an obligation done `policy.escalate_after` working days after its due date,
its supervising unit receives one digest naming the late unit; a unit that
marked it done (`deadlined done`) is not escalated."""
import subprocess

import itlib
from itlib import IntegrationTest, maildir_files, read_message, recipients_of

UNITS = [
    {"id": "vp", "name": "Văn phòng UBND tỉnh", "tier": "province", "email": ["vanthu@vp.example.test"]},
    {"id": "stp", "name": "Sở Tư pháp", "email": ["vanthu@stp.example.test"]},
    {"id": "snv", "name": "Sở Nội vụ", "email": ["vanthu@snv.example.test"]},
]
# Due Thu 31/03/2022; two working days later is Mon 04/04/2022.
TASKS = [{"id": "I.1", "title": "Báo cáo kết quả kiểm soát TTHC quý I", "lead": ["stp", "snv"],
          "schedule": "{ date = 2022-03-31 }"}]
EXTRA = """
[[policy]]
id = "default"
escalate_after = 2

[policy.lead]
before = [10]
due_day = true
overdue_every = 0

[escalation]
department = "vp"
"""


class EscalationTest(IntegrationTest):
    def setUp(self):
        super().setUp()
        self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS) + EXTRA)

    def messages_to(self, address):
        found = []
        for path in maildir_files(self.state_maildir()):
            message = read_message(path)
            if address in recipients_of(message):
                found.append(message)
        return found

    def done(self, unit):
        result = subprocess.run([itlib.BINARY, "done", "--config", self.config_path, "--state-dir", self.state_dir,
                                 "--task", "I.1", "--unit", unit, "--by", "test"],
                                capture_output=True, text=True, timeout=30)
        self.assertEqual(result.returncode, 0, result.stderr)

    def test_supervisor_gets_one_digest_naming_only_the_late_unit(self):
        self.run_once(now="2022-03-17T08:00:00+07:00")  # before-10: the outbox exists
        self.assertEqual(self.messages_to("vanthu@vp.example.test"), [])
        self.done("snv")
        # Before the escalation day nothing reaches the supervisor.
        self.run_once(now="2022-04-01T08:00:00+07:00")
        self.assertEqual(self.messages_to("vanthu@vp.example.test"), [])
        self.run_once(now="2022-04-04T08:00:00+07:00")
        to_supervisor = self.messages_to("vanthu@vp.example.test")
        self.assertEqual(len(to_supervisor), 1, [str(m["Subject"]) for m in to_supervisor])
        body = to_supervisor[0].get_body(("plain",)).get_content()
        self.assertIn("Sở Tư pháp", body)
        self.assertIn("I.1", body)
        self.assertIn("31/03/2022", body)
        self.assertNotIn("Sở Nội vụ", body)
        # Durable and deduplicated: running again the same day sends nothing new.
        self.run_once(now="2022-04-04T09:00:00+07:00")
        self.assertEqual(len(self.messages_to("vanthu@vp.example.test")), 1)
        rows = [r for r in self.outbox() if r["stage"] == "escalation"]
        self.assertEqual(sorted((r["unit"], r["state"]) for r in rows if r["state"] == "sent"), [("stp", "sent")], rows)


if __name__ == "__main__":
    itlib.main()
