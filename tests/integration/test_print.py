#!/usr/bin/python3
"""The HTML report printed: headless Chromium prints `deadlined report --format
html` of 120 units with long Vietnamese names (a unit chart some 3,400 px tall)
to PDF. The first page holds the start of the charts, not just the title
(a chart taller than a page used to be pushed to the next page whole, leaving
the first one blank), and no page before the last is empty."""
import os
import shutil
import subprocess

import itlib
from itlib import IntegrationTest

COMMUNES = 120


def units():
    result = [{"id": "vp", "name": "Văn phòng UBND tỉnh", "tier": "province", "email": ["vanthu@vp.example.test"]}]
    for i in range(COMMUNES):
        result.append({"id": "xa-%03d" % i, "tier": "commune", "email": ["xa%d@example.test" % i],
                       "name": "Ủy ban nhân dân xã Phong Hiền số %d, huyện Phong Điền, tỉnh Thừa Thiên Huế" % i})
    return result


class PrintTest(IntegrationTest):
    def pdf_text(self, pdf, page):
        result = subprocess.run(["pdftotext", "-layout", "-f", str(page), "-l", str(page), pdf, "-"],
                                capture_output=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.decode("utf-8")

    def pages(self, pdf):
        result = subprocess.run(["pdfinfo", pdf], capture_output=True, timeout=60)
        self.assertEqual(result.returncode, 0, result.stderr)
        for line in result.stdout.decode().splitlines():
            if line.startswith("Pages:"):
                return int(line.split()[1])
        self.fail("pdfinfo names no page count")

    def test_printed_report_starts_its_charts_on_the_first_page(self):
        self.assertIsNotNone(shutil.which("chromium"), "chromium missing: install chromium (scripts/setup)")
        self.assertIsNotNone(shutil.which("pdftotext"), "pdftotext missing: install poppler-utils (scripts/setup)")
        all_units = units()
        # Half the communes are late on the first task, so the chart's top rows are red and named.
        tasks = [{"id": "I.1", "title": "Báo cáo kết quả rà soát thủ tục hành chính",
                  "lead": [u["id"] for u in all_units[1::2]], "schedule": "{ date = 2022-02-25 }"},
                 {"id": "I.2", "title": "Công khai thủ tục hành chính", "lead": [u["id"] for u in all_units[1:]],
                  "schedule": "{ date = 2022-05-31 }"}]
        self.write_config(itlib.config_text(self.state_dir, all_units, tasks))
        os.makedirs(self.state_dir)
        report = subprocess.run([itlib.BINARY, "report", "--config", self.config_path, "--state-dir", self.state_dir,
                                 "--as-of", "2022-03-21", "--format", "html"], capture_output=True, timeout=120)
        self.assertEqual(report.returncode, 0, report.stderr.decode(errors="replace"))
        page = self.write_file("report.html", report.stdout.decode("utf-8"))
        pdf = os.path.join(self.tmp, "report.pdf")
        result = subprocess.run([shutil.which("chromium"), "--headless", "--no-sandbox", "--disable-gpu",
                                 "--disable-quic", "--no-first-run", "--disable-background-networking",
                                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                                 "--user-data-dir=" + os.path.join(self.tmp, "chromium-profile"),
                                 "--no-pdf-header-footer", "--print-to-pdf=" + pdf, "file://" + page],
                                capture_output=True, timeout=180)
        self.assertEqual(result.returncode, 0, result.stderr.decode(errors="replace")[-2000:])
        count = self.pages(pdf)
        first = self.pdf_text(pdf, 1)
        self.assertIn("Tỷ lệ đúng hạn theo đơn vị", first)
        # The chart itself begins there: its first rows (the late communes) are on page 1.
        self.assertIn("Phong Hiền số 0,", first.replace("\n", " "), first)
        for number in range(1, count):
            with self.subTest(page=number):
                self.assertGreater(len(self.pdf_text(pdf, number).split()), 40, "page %d is nearly empty" % number)


if __name__ == "__main__":
    itlib.main()
