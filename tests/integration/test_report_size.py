#!/usr/bin/python3
"""The weekly report email of the shipped example at scale, as the daemon
sends it: the whole raw message (headers, both parts base64 encoded) stays
under the budget that keeps Gmail from clipping it (about 102 KB; the budget
is 100,000 bytes, k_report_mail_budget), at 1x the
seed (2022) and 10x over two plan years (bench/daemon/gen_scale.py), with a
plain-text part that makes sense alone and a signed link to the whole report
on the status server, which opens it. Sizes are printed for docs/performance.md."""
import http.client
import os
import re
import subprocess
import sys
import urllib.parse

import itlib
from itlib import IntegrationTest, free_port, maildir_files, read_message

BUDGET = 100 * 1000
# Mondays late in the plans' last year: nearly everything is due.
MONDAY_2022 = "2022-12-05T08:00:00+07:00"
MONDAY_2023 = "2023-12-04T08:00:00+07:00"


class ReportSizeTest(IntegrationTest):
    def generate(self, copies, http_port, years=None):
        out = os.path.join(self.tmp, "x%d" % copies)
        subprocess.run([sys.executable, os.path.join(itlib.SOURCE_DIR, "bench", "daemon", "gen_scale.py"), "--repo",
                        itlib.SOURCE_DIR, "--out", out, "--copies", str(copies), "--state-dir", self.state_dir]
                       + (["--years", years] if years else []), check=True, timeout=300)
        with open(os.path.join(out, "ack-secret"), "w") as f:
            f.write("report-link-secret-0123456789\n")
        with open(os.path.join(out, "status-token"), "w") as f:
            f.write("status-token-0123\n")
        with open(os.path.join(out, "deadlined.toml"), "a", encoding="utf-8") as f:
            f.write('\n[http]\nlisten = "127.0.0.1:%d"\nbase_url = "http://127.0.0.1:%d"\n'
                    'status_token_file = "status-token"\nack_secret_file = "ack-secret"\n' % (http_port, http_port))
        self.config_path = os.path.join(out, "deadlined.toml")

    def report_emails(self):
        found = []
        for path in maildir_files(self.state_maildir()):
            message = read_message(path)
            if str(message["Subject"]).startswith("[Báo cáo]"):
                message.raw_size = os.path.getsize(path)
                found.append(message)
        return found

    def parts(self, message):
        parts = {part.get_content_type(): part.get_content() for part in message.iter_parts()}
        return parts["text/plain"], parts["text/html"]

    def check_email(self, copies, message):
        text, html = self.parts(message)
        html_bytes = len(html.encode("utf-8"))
        print("report email at %dx the seed: raw message %d bytes (HTML %d bytes, text %d bytes decoded)"
              % (copies, message.raw_size, html_bytes, len(text.encode("utf-8"))), flush=True)
        self.assertLessEqual(message.raw_size, BUDGET)
        # On the list of every plan of the sender's domain (the report covers them all).
        self.assertRegex(str(message["List-Id"]), r"<deadlined\.[a-z0-9.-]+>$")
        self.assertIn("Xem báo cáo đầy đủ", html)
        link = re.search(r'Báo cáo đầy đủ \(theo đơn vị, nhiệm vụ và chi tiết\): (\S+)', text)
        self.assertIsNotNone(link, text)
        self.assertIn(link.group(1).replace("&", "&amp;"), html)
        # The text part stands alone: totals, tiers, the worst units.
        for needle in ("Tỷ lệ đúng hạn:", "Theo cấp:", "Đơn vị có nhiệm vụ quá hạn:"):
            self.assertIn(needle, text)
        return link.group(1)

    def test_seed_report_email_is_under_the_budget_and_its_link_opens_the_whole_report(self):
        port = free_port()
        self.generate(1, port)
        daemon = self.start_daemon(now=MONDAY_2022)
        self.wait_started(daemon, timeout=60)
        self.wait_for(lambda: self.report_emails(), 60, "the report email")
        link = urllib.parse.urlsplit(self.check_email(1, self.report_emails()[0]))
        self.assertEqual(link.path, "/report")

        def get(target):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                connection.request("GET", target)
                response = connection.getresponse()
                return response.status, response.read().decode("utf-8")
            finally:
                connection.close()

        status, page = get(link.path + "?" + link.query)
        self.assertEqual(status, 200, page)
        self.assertIn("<svg", page)
        self.assertNotIn("Thư này chỉ nêu", page)
        # The whole report: one row per unit with obligations, as `deadlined report` counts them.
        report = subprocess.run([itlib.BINARY, "report", "--config", self.config_path, "--state-dir", self.state_dir,
                                 "--as-of", "2022-12-05", "--format", "html"], capture_output=True, timeout=120)
        self.assertEqual(report.returncode, 0, report.stderr)
        whole = report.stdout.decode("utf-8")
        self.assertEqual(page.count("<tr data-unit="), whole.count("<tr data-unit="))
        self.assertGreater(page.count("<tr data-unit="), 30)
        tampered = link.query.replace("as_of=2022-12-05", "as_of=2022-12-06")
        self.assertNotEqual(tampered, link.query)
        self.assertEqual(get(link.path + "?" + tampered)[0], 403)

    def test_ten_times_the_seed_report_email_is_under_the_budget(self):
        self.generate(10, free_port(), years="2022-2023")
        self.run_once(now=MONDAY_2023, timeout=600)
        emails = self.report_emails()
        self.assertEqual(len(emails), 2, self.diagnostics())  # the office's two addresses: the same report
        self.check_email(10, emails[0])
        self.assertIn("Thư này chỉ nêu", self.parts(emails[0])[1])


if __name__ == "__main__":
    itlib.main()
