#!/usr/bin/python3
"""The periodic compliance report as the coordinator's mail client shows it:
the daemon sends the weekly report email (`[report]`) to the Maildir, its HTML
part is opened in headless Chromium, and the charts (HTML tables, since mail
clients do not show SVG) carry the same numbers as `deadlined report --format
json` for the same day; a screenshot is read back by OCR."""
import json
import os
import re
import shutil
import subprocess

import itlib
from itlib import IntegrationTest, maildir_files, read_message, recipients_of

UNITS = [
    {"id": "vp", "name": "Văn phòng UBND tỉnh", "tier": "province", "email": ["vanthu@vp.example.test"]},
    {"id": "stp", "name": "Sở Tư pháp", "email": ["vanthu@stp.example.test"]},
    {"id": "snv", "name": "Sở Nội vụ", "email": ["vanthu@snv.example.test"]},
]
TASKS = [
    {"id": "I.1", "title": "Báo cáo kết quả kiểm soát TTHC tháng 2", "lead": ["stp", "snv"],
     "schedule": "{ date = 2022-02-25 }"},
    {"id": "I.2", "title": "Rà soát quy định, thủ tục hành chính", "lead": ["snv"], "schedule": "{ date = 2022-03-10 }"},
    {"id": "I.3", "title": "Công khai thủ tục hành chính", "lead": ["stp"], "schedule": "{ date = 2022-05-31 }"},
]
REPORT = """
[report]
to = "vp"
every = "weekly"
weekday = "monday"
"""
MONDAY = "2022-03-21T08:00:00+07:00"


class ReportEmailTest(IntegrationTest):
    def cli(self, *arguments):
        result = subprocess.run([itlib.BINARY, *arguments, "--config", self.config_path, "--state-dir",
                                 self.state_dir], capture_output=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr.decode(errors="replace"))
        return result.stdout.decode("utf-8")

    def chromium(self, arguments):
        profile = os.path.join(self.tmp, "chromium-profile")
        common = [shutil.which("chromium"), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--disable-dev-shm-usage", "--hide-scrollbars", "--user-data-dir=" + profile,
                  "--window-size=1100,1400"]
        result = subprocess.run(common + arguments, capture_output=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr.decode(errors="replace")[-2000:])
        return result.stdout

    def test_report_email_charts_match_the_json_report(self):
        from test_http import ocr_text, png_summary  # the screenshot checks of the status page test
        self.assertIsNotNone(shutil.which("chromium"),
                             "chromium missing: install the Debian package chromium (scripts/setup)")
        self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS) + REPORT)
        self.run_once(now=MONDAY)

        reports = []
        for path in maildir_files(self.state_maildir()):
            message = read_message(path)
            if "vanthu@vp.example.test" in recipients_of(message):
                reports.append(message)
        self.assertEqual(len(reports), 1, self.diagnostics())
        parts = {part.get_content_type(): part for part in reports[0].iter_parts()}
        page = self.write_file("report-email.html", parts["text/html"].get_content())

        expected = json.loads(self.cli("report", "--format", "json", "--as-of", "2022-03-21"))
        dom = self.chromium(["--dump-dom", "file://" + page]).decode("utf-8")
        self.assertNotIn("<svg", dom, "mail clients do not show SVG")
        rows = {}
        for ident, on_time, late, pending, overdue in re.findall(
                r'<tr class="row" data-id="([^"]*)" data-unit="[^"]*" data-on-time="(\d+)" data-late="(\d+)" '
                r'data-pending="(\d+)" data-overdue="(\d+)"', dom):
            rows[ident] = (int(on_time), int(late), int(pending), int(overdue))
        wanted = {g["id"]: (g["on_time"], g["late"], g["pending"], g["overdue"]) for g in expected["by_unit"]}
        self.assertEqual(rows, wanted)
        self.assertEqual(wanted["snv"][3], 2, "snv is overdue on I.1 and I.2")
        self.assertEqual(wanted["stp"], (0, 0, 1, 1), "stp is overdue on I.1, I.3 is ahead")
        heat = {}
        for unit, count in re.findall(r'<td class="cell" data-unit="([^"]+)" data-month="[^"]+" data-overdue="(\d+)"',
                                      dom):
            heat[unit] = heat.get(unit, 0) + int(count)
        self.assertEqual({u: n for u, n in heat.items() if n}, {g["id"]: g["overdue"] for g in expected["by_unit"]
                                                                 if g["overdue"]})

        screenshot = os.path.join(self.tmp, "report-email.png")
        self.chromium(["--screenshot=" + screenshot, "file://" + page])
        width, height, distinct, _ = png_summary(screenshot)
        self.assertEqual((width, height), (1100, 1400))
        self.assertGreater(distinct, 8)
        ocr = ocr_text(screenshot)
        for word in ("Sở Nội vụ", "Sở Tư pháp"):
            self.assertIn(word, ocr)

    def test_report_email_of_a_second_year_fits_a_reading_pane_and_a_phone(self):
        """A plan's second year beside its first: the heat map has 24 months. The report email is no wider than
        an 800 px reading pane or a 375 px phone (wide charts and tables scroll inside their box)."""
        places = ["thị xã Hương Thủy", "thị xã Hương Trà", "huyện Phong Điền", "huyện Quảng Điền", "huyện Phú Vang"]
        units = UNITS[:1] + [{"id": "xa-%d" % i, "name": "Ủy ban nhân dân các xã, phường, thị trấn thuộc " + place,
                              "tier": "commune", "email": ["vanthu@xa%d.example.test" % i]}
                             for i, place in enumerate(places)]
        leads = [u["id"] for u in units[1:]]
        tasks = [{"id": "VIII.1", "title": "Báo cáo tình hình kiểm soát thủ tục hành chính hằng tháng", "lead": leads,
                  "when": "Hằng tháng, trước ngày 25"}]
        second_year = "\n".join([
            "", "[[plan]]", 'id = "kstthc-2023"', 'title = "Kế hoạch kiểm soát thủ tục hành chính năm 2023"',
            "year = 2023", "", "[[plan.task]]", 'id = "VIII.1"',
            'title = "Báo cáo tình hình kiểm soát thủ tục hành chính hằng tháng"',
            "lead = " + itlib.toml_list(leads), 'when = "Hằng tháng, trước ngày 25"', ""])
        self.write_config(itlib.config_text(self.state_dir, units, tasks) + second_year + REPORT)
        self.run_once(now="2023-12-04T08:00:00+07:00")  # a Monday
        reports = [read_message(path) for path in maildir_files(self.state_maildir())
                   if "vanthu@vp.example.test" in recipients_of(read_message(path))]
        self.assertEqual(len(reports), 1, self.diagnostics())
        page = {part.get_content_type(): part for part in reports[0].iter_parts()}["text/html"].get_content()
        self.assertGreaterEqual(len(re.findall(r'<td class="cell" data-unit="xa-0"', page)), 24)
        for width in (800, 375):
            with self.subTest(width=width):
                measured = itlib.layout_in_chromium(self.tmp, page, width)
                self.assertLessEqual(measured["width"], width, "the report email is wider than the screen")
                # A bar as tall as its name's lines (2 at 800 px, 4 at 375): the page's table margins,
                # borders and padding stay off the chart's tables (they made it 59 and 84 px).
                self.assertGreater(measured["row"], 0)
                self.assertLessEqual(measured["row"], 44 if width == 800 else 72, "a unit's bar is too tall")
                # The heat map's names keep a column of their own (the months scroll beside them): squeezed
                # by 24 months they were 5 lines of one word each on a phone.
                self.assertGreaterEqual(measured["heat_label"], 120, "the heat map's names are squeezed")


if __name__ == "__main__":
    itlib.main()
