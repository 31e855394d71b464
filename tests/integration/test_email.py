#!/usr/bin/python3
"""Email delivery through a real SMTP peer (aiosmtpd on 127.0.0.1): encoding of
a Vietnamese digest over STARTTLS + AUTH, the HTML part as a reader's browser
shows it (headless Chromium, OCR), a wrong password, and a server that is down
at first."""
import os
import re
import shutil
import signal
import subprocess

import itlib
from itlib import DUE, IntegrationTest, maildir_files, read_message, recipients_of, rows_where

UNIT_NAME = "Sở Tư pháp tỉnh Thừa Thiên Huế"
RECIPIENT = "vanthu@stp.example.test"
TASKS = [
    {"id": "I.1", "title": "Rà soát, đánh giá thủ tục hành chính thuộc phạm vi quản lý", "lead": ["stp"],
     "schedule": "{ date = %s }" % DUE, "product": "Báo cáo kết quả rà soát"},
    {"id": "II.3", "title": "Công khai thủ tục hành chính trên Cổng Dịch vụ công", "lead": ["stp"],
     "schedule": "{ date = %s }" % DUE},
]


class EmailTest(IntegrationTest):
    def unit(self):
        return {"id": "stp", "name": UNIT_NAME, "email": [RECIPIENT]}

    def smtp_config(self, port, password_file=None, tls=True):
        smtp = {"url": "smtp://127.0.0.1:%d" % port, "require_tls": tls, "connect_timeout": 5, "timeout": 20,
                "max_connections": 2}
        if tls:
            smtp["ca_file"] = os.path.join(self.tmp, "cert.pem")
        if password_file:
            smtp["username"] = "nhacviec"
            smtp["password_file"] = password_file
        return smtp

    def test_01_vietnamese_subject_and_body_over_starttls_and_auth(self):
        port, maildir, _ = self.start_smtp_sink(tls=True, user="nhacviec", password="mật-khẩu-đúng")
        password_file = self.write_file("smtp-password", "mật-khẩu-đúng\n")
        self.write_config(itlib.config_text(self.state_dir, [self.unit()], TASKS,
                                            smtp=self.smtp_config(port, password_file)))
        daemon = self.run_once()

        files = maildir_files(maildir)
        self.assertEqual(len(files), 1, "one digest for one recipient in one slot\n" + self.diagnostics())
        with open(files[0], "rb") as f:
            raw = f.read()
        message = read_message(files[0])
        self.assertEqual(recipients_of(message), [RECIPIENT])

        subject = message["Subject"]
        self.assertIn("Nhắc việc", subject)
        # The subject names the most urgent item, its due date and days left (the unit is in To:).
        self.assertEqual(subject, "[Nhắc việc] I.1 hạn 31/03/2022 (còn 10 ngày làm việc) và 1 nhiệm vụ khác")
        # Headers must be 7-bit (RFC 2047 encoded words), the decoded form must be exact.
        raw_headers = raw.split(b"\r\n\r\n", 1)[0]
        self.assertTrue(all(byte < 128 for byte in raw_headers), "non-ASCII bytes in the raw header block")
        self.assertEqual(message["From"].addresses[0].display_name, "Hệ thống nhắc việc")
        self.assertEqual(message["From"].addresses[0].addr_spec, "nhacviec@ubnd.example.test")
        self.assertIn(RECIPIENT, [a.addr_spec for a in message["To"].addresses])

        self.assertIsNotNone(message["Date"], "Date header missing")
        self.assertIsNotNone(message["Date"].datetime, "Date header does not parse")
        self.assertEqual(message["Date"].datetime.utcoffset().total_seconds(), 7 * 3600)
        self.assertEqual(message["Date"].datetime.date().isoformat(), "2022-03-17")
        self.assertRegex(str(message["Message-ID"]), r"^<[^<>@\s]+@ubnd\.example\.test>$")
        # RFC 2919: the plan's list under the sender's domain, its title decoded from RFC 2047.
        self.assertEqual(str(message["List-Id"]),
                         "Kế hoạch kiểm soát thủ tục hành chính năm 2022 <kstthc-2022.deadlined.ubnd.example.test>")
        self.assertEqual(str(message["MIME-Version"]), "1.0")

        self.assertEqual(message.get_content_type(), "multipart/alternative")
        parts = {part.get_content_type(): part for part in message.iter_parts()}
        self.assertIn("text/plain", parts)
        self.assertIn("text/html", parts)
        for kind in ("text/plain", "text/html"):
            self.assertEqual(parts[kind].get_content_charset(), "utf-8")
        text = parts["text/plain"].get_content()
        html = parts["text/html"].get_content()
        for task in TASKS:
            self.assertIn(task["id"], text)
            self.assertIn(task["title"], text)
            self.assertIn(task["id"], html)
            self.assertIn(task["title"], html)
        self.assertIn(UNIT_NAME, text)
        self.assertIn("còn 10 ngày làm việc", text)
        self.assertIn("Báo cáo kết quả rà soát", text)
        self.assertIn("Kế hoạch kiểm soát thủ tục hành chính năm 2022", text)
        self.assertIn("<html", html)

        log = daemon.log()
        self.assertRegex(log, r"delivery task=I\.1 unit=stp stage=before-10 channel=email recipient=%s outcome=sent"
                         % re.escape(RECIPIENT))
        rows = rows_where(self.outbox(), stage="before-10")
        self.assertEqual(len(rows), 2)
        self.assertTrue(all(row["state"] == "sent" and row["attempts"] == 1 for row in rows), rows)

    def test_01b_html_part_as_a_browser_shows_it(self):
        """The HTML part received by the SMTP peer, opened in headless Chromium:
        the visible text says what to do by when (ids, titles, dd/mm/yyyy due
        dates, working days left), no ISO date, and the screenshot reads back
        the same by OCR."""
        from test_http import ocr_text, png_summary  # the screenshot checks of the status page test
        chromium = shutil.which("chromium")
        self.assertIsNotNone(chromium, "chromium missing: install the Debian package chromium (scripts/setup)")
        port, maildir, _ = self.start_smtp_sink(tls=False)
        self.write_config(itlib.config_text(self.state_dir, [self.unit()], TASKS, smtp=self.smtp_config(port, tls=False)))
        self.run_once()
        files = maildir_files(maildir)
        self.assertEqual(len(files), 1, self.diagnostics())
        message = read_message(files[0])
        html = {part.get_content_type(): part for part in message.iter_parts()}["text/html"].get_content()
        page = self.write_file("reminder.html", html)

        profile = os.path.join(self.tmp, "chromium-profile")
        common = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1000,800"]
        dumped = subprocess.run(common + ["--dump-dom", "file://" + page], capture_output=True, timeout=120)
        self.assertEqual(dumped.returncode, 0, dumped.stderr.decode(errors="replace")[-2000:])
        dom = dumped.stdout.decode("utf-8")
        visible = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<head>.*?</head>", "", dom)))
        for task in TASKS:
            self.assertIn(task["id"], visible)
            self.assertIn(task["title"], visible)
        self.assertIn("Kính gửi " + UNIT_NAME, visible)
        self.assertIn("31/03/2022", visible)
        self.assertIn("còn 10 ngày làm việc", visible)
        self.assertIn("Báo cáo kết quả rà soát", visible)
        self.assertNotRegex(visible, r"\b20\d\d-\d\d-\d\d\b", "people read dd/mm/yyyy")

        screenshot = os.path.join(self.tmp, "reminder.png")
        shot = subprocess.run(common + ["--hide-scrollbars", "--screenshot=" + screenshot, "file://" + page],
                              capture_output=True, timeout=120)
        self.assertEqual(shot.returncode, 0, shot.stderr.decode(errors="replace")[-2000:])
        width, height, distinct, _ = png_summary(screenshot)
        self.assertEqual((width, height), (1000, 800))
        self.assertGreater(distinct, 8)
        ocr = ocr_text(screenshot)
        for expected in ("Kính gửi", "Hệ thống nhắc việc", "31/03/2022", "Hạn hoàn thành", "Báo cáo kết quả rà soát"):
            self.assertIn(expected, ocr)

    def test_01c_html_part_fits_a_phone_screen(self):
        """Officials read reminders on phones: at 375 px the HTML part of a digest with long Vietnamese titles,
        products and unit names is no wider than the screen (nothing cut off on the right), and every item's
        due date and status stay next to its title."""
        chromium = shutil.which("chromium")
        self.assertIsNotNone(chromium, "chromium missing: install the Debian package chromium (scripts/setup)")
        long_title = ("Tổng hợp, đánh giá tình hình thực hiện công tác kiểm soát thủ tục hành chính, triển khai cơ chế "
                      "một cửa, một cửa liên thông theo Thông tư số 01/2021/TT-VPCP ngày 21/10/2021")
        tasks = [{"id": "VIII.%d" % i, "title": "%s (nội dung %d)" % (long_title, i), "lead": ["stp"],
                  "schedule": "{ date = %s }" % DUE,
                  "product": "Dự thảo Báo cáo trình Ủy ban nhân dân tỉnh Thừa Thiên Huế phê duyệt"} for i in range(1, 6)]
        unit = dict(self.unit(), name="Ủy ban nhân dân các xã, phường, thị trấn thuộc thị xã Hương Thủy")
        port, maildir, _ = self.start_smtp_sink(tls=False)
        self.write_config(itlib.config_text(self.state_dir, [unit], tasks, smtp=self.smtp_config(port, tls=False)))
        self.run_once()
        files = maildir_files(maildir)
        self.assertEqual(len(files), 1, self.diagnostics())
        message = read_message(files[0])
        html = {part.get_content_type(): part for part in message.iter_parts()}["text/html"].get_content()
        self.assertIn('name="viewport"', html)
        measured = itlib.layout_in_chromium(self.tmp, html, 375)
        self.assertLessEqual(measured["width"], 375, "the reminder is wider than a phone screen")
        # And the text is all there, each item's due date and status beside its title.
        page = self.write_file("reminder-phone.html", html)
        profile = os.path.join(self.tmp, "chromium-profile")
        dumped = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                 "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--dump-dom",
                                 "file://" + page], capture_output=True, timeout=120)
        self.assertEqual(dumped.returncode, 0, dumped.stderr.decode(errors="replace")[-2000:])
        dom = dumped.stdout.decode("utf-8")
        visible = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.sub(r"(?s)<head>.*?</head>", "", dom)))
        for task in tasks:
            self.assertIn("%s. %s" % (task["id"], task["title"]), visible)
        self.assertEqual(visible.count("Hạn hoàn thành: 31/03/2022 · còn 10 ngày làm việc"), len(tasks), visible)

    def test_02_wrong_password_is_dead_with_a_clear_log_line(self):
        port, maildir, _ = self.start_smtp_sink(tls=True, user="nhacviec", password="mật-khẩu-đúng")
        password_file = self.write_file("smtp-password", "mật-khẩu-sai\n")
        self.write_config(itlib.config_text(self.state_dir, [self.unit()], TASKS[:1],
                                            smtp=self.smtp_config(port, password_file)))
        # A --once run whose delivery failed says so in its exit status (69).
        daemon = self.run_once(expect=69)
        self.assertIn("done:", daemon.log())
        self.assertEqual(daemon.log().count("done:"), 1, daemon.log())

        dead_lines = [line for line in daemon.log().splitlines() if "outcome=dead" in line]
        self.assertEqual(len(dead_lines), 1, self.diagnostics())
        line = dead_lines[0]
        self.assertIn("task=I.1", line)
        self.assertIn("recipient=" + RECIPIENT, line)
        self.assertIn("535", line)
        self.assertRegex(line, r"(?i)login denied|authentication")
        self.assertEqual(maildir_files(maildir), [])
        rows = rows_where(self.outbox(), stage="before-10")
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0]["state"], "dead")
        self.assertEqual(rows[0]["attempts"], 1, "a permanent failure is not retried")
        self.assertIn("535", rows[0]["last_error"])

    def test_03_smtp_down_then_up_delivers_exactly_once(self):
        port = itlib.free_port()  # nothing listens there yet
        self.write_config(itlib.config_text(self.state_dir, [self.unit()], TASKS,
                                            smtp=self.smtp_config(port, tls=False)))
        daemon = self.start_daemon()
        self.wait_started(daemon)

        def failed_rows():
            rows = self.outbox() or []
            rows = rows_where(rows, stage="before-10")
            return rows if len(rows) == 2 and all(r["state"] == "failed" and r["attempts"] >= 1 for r in rows) \
                else None

        rows = self.wait_for(failed_rows, 15, "the rows to be failed while the SMTP server is down")
        self.assertTrue(all(row["last_error"] for row in rows), rows)
        # The turn's delivery lines are written after its commit: wait for them.
        self.wait_for(lambda: "outcome=failed" in daemon.log(), 15, "the failed delivery in the log")

        _, maildir, _ = self.start_smtp_sink(port=port)
        self.wait_for(lambda: maildir_files(maildir), 30, "the message once the server is up")

        def all_sent():
            rows = rows_where(self.outbox() or [], stage="before-10")
            return rows if len(rows) == 2 and all(r["state"] == "sent" for r in rows) else None

        rows = self.wait_for(all_sent, 15, "the rows to be sent")
        self.assertTrue(all(row["attempts"] >= 2 for row in rows), rows)
        # Stop the daemon (draining anything in flight) before counting.
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(20), 0)

        files = maildir_files(maildir)
        self.assertEqual(len(files), 1, "delivered exactly once")
        message_ids = {str(read_message(path)["Message-ID"]) for path in files}
        self.assertEqual(len(message_ids), 1)
        self.assertEqual(len(re.findall(r"outcome=sent", daemon.log())), 2, "one sent line per row of the digest")


if __name__ == "__main__":
    itlib.main()
