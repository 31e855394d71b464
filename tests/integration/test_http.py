#!/usr/bin/python3
"""The daemon's HTTP surface with real clients: /healthz; /metrics checked by
promtool (Debian package prometheus) and changing after a delivery; the ICS
feed parsed by python3-icalendar with the right dates and alarm instants;
tokens; 4xx answers for bad requests; the status page rendered by headless
Chromium (Debian package chromium). Missing tools fail the test, never skip it."""
import datetime
import html
import http.client
import json
import os
import re
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import time
import urllib.parse
import zlib

import itlib

# Headings and names large and plain enough for OCR to read reliably.
OCR_EXPECTED = ("thực hiện nhiệm vụ", "Tỷ lệ đúng hạn theo đơn vị", "Sở Tư pháp")


def ocr_text(png):
    """Text in a screenshot, read by tesseract (Vietnamese and English models)."""
    tesseract = shutil.which("tesseract")
    if tesseract is None:
        raise AssertionError("tesseract missing: install tesseract-ocr and tesseract-ocr-vie (scripts/setup)")
    result = subprocess.run([tesseract, png, "stdout", "-l", "vie+eng"], capture_output=True, timeout=120)
    if result.returncode != 0:
        raise AssertionError("tesseract failed: " + result.stderr.decode(errors="replace")[-2000:])
    return " ".join(result.stdout.decode("utf-8", errors="replace").split())
from itlib import DUE, IntegrationTest, free_port, maildir_files

import icalendar  # python3-icalendar (scripts/setup)

UNITS = [
    {"id": "stp", "name": "Sở Tư pháp", "email": ["vanthu@stp.example.test"]},
    {"id": "snv", "name": "Sở Nội vụ", "email": ["vanthu@snv.example.test"]},
]
TASKS = [{"id": "I.1", "title": "Báo cáo kết quả kiểm soát TTHC quý I", "lead": ["stp"], "support": ["snv"],
          "product": "Báo cáo", "when": "Trước ngày 31/3/2022", "schedule": "{ date = %s }" % DUE}]
STATUS_TOKEN = "token-của-quản-trị-viên"
FEED_SECRET = "feed-secret-0123456789"
# Three seconds before the before-10 stage (2022-03-17 08:00 +07).
JUST_BEFORE = "2022-03-17T07:59:57+07:00"
# Fifteen seconds before it: room for a slow machine to start the daemon and
# read the metrics before the stage goes out (the clock runs from --now).
WELL_BEFORE = "2022-03-17T07:59:45+07:00"
UTC = datetime.timezone.utc


def hmac_hex(secret, text):
    import hashlib
    import hmac
    return hmac.new(secret.encode(), text.encode(), hashlib.sha256).hexdigest()


class HttpTest(IntegrationTest):
    def setUp(self):
        super().setUp()
        self.port = free_port()
        token_file = self.write_file("status-token", STATUS_TOKEN + "\n")
        secret_file = self.write_file("feed-secret", FEED_SECRET + "\n")
        self.http_section = "\n".join([
            "[http]",
            'listen = "127.0.0.1:%d"' % self.port,
            "status_token_file = " + itlib.toml_str(token_file),
            "feed_secret_file = " + itlib.toml_str(secret_file),
            "timeout = 5",
            ""])

    def start(self, now=JUST_BEFORE):
        self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS) + "\n" + self.http_section)
        daemon = self.start_daemon(now=now)
        self.wait_started(daemon)
        self.wait_for(lambda: self.try_get("/healthz"), 15, "the HTTP listener")
        return daemon

    # -- clients ---------------------------------------------------------------
    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def try_get(self, path):
        try:
            return self.request("GET", path)
        except OSError:
            return None

    def raw(self, data, read_timeout=10):
        """Sends bytes as they are; returns the status line and the whole answer."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=read_timeout) as sock:
            sock.sendall(data)
            answer = b""
            while True:
                try:
                    chunk = sock.recv(65536)
                except ConnectionResetError:
                    break
                if not chunk:
                    break
                answer += chunk
                if b"\r\n\r\n" in answer and b"Connection: close" not in answer and b"connection: close" not in answer:
                    head, _, rest = answer.partition(b"\r\n\r\n")
                    length = [int(l.split(b":")[1]) for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")]
                    if length and len(rest) >= length[0]:
                        break
        return answer.split(b"\r\n", 1)[0].decode(), answer

    def metrics(self):
        status, headers, body = self.request("GET", "/metrics")
        self.assertEqual(status, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/plain; version=0.0.4"), headers)
        return body.decode("utf-8")

    def metric(self, text, name):
        for line in text.splitlines():
            if line.startswith(name + " "):
                return float(line.split()[-1])
        self.fail("no sample %s in\n%s" % (name, text))

    # -- tests -------------------------------------------------------------------
    def test_01_healthz(self):
        self.start()
        status, headers, body = self.request("GET", "/healthz")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/json")
        health = json.loads(body)
        self.assertEqual(health["status"], "ok")
        self.assertTrue(health["outbox"])
        self.assertRegex(health["version"], r"^\d+\.\d+")
        # HEAD: the same headers, no body.
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.request("HEAD", "/healthz")
        response = connection.getresponse()
        self.assertEqual(response.status, 200)
        self.assertEqual(response.read(), b"")
        connection.close()

    def test_02_metrics_pass_promtool_and_change_after_a_delivery(self):
        promtool = shutil.which("promtool")
        self.assertIsNotNone(promtool, "promtool missing: install the Debian package prometheus (scripts/setup)")
        launched = time.monotonic()
        self.start(now=WELL_BEFORE)
        before = self.metrics()
        read_after = "read %.1f s after the start, at 15 s the stage goes out" % (time.monotonic() - launched)
        check = subprocess.run([promtool, "check", "metrics"], input=before.encode(), capture_output=True)
        self.assertEqual(check.returncode, 0, "promtool check metrics:\n%s%s\n%s" % (
            check.stdout.decode(), check.stderr.decode(), before))
        self.assertEqual(self.metric(before, 'deadlined_reminders_sent_total{channel="email"}'), 0, read_after)
        # Lead obligations only, as in the report and on /status (snv only supports I.1).
        self.assertEqual(self.metric(before, 'deadlined_obligations{plan="kstthc-2022",state="pending"}'), 1)
        self.assertEqual(self.metric(before, 'deadlined_obligations{plan="kstthc-2022",state="overdue"}'), 0)
        self.assertEqual(self.metric(before, "deadlined_last_delivery_success_time_seconds"), 0)
        before_10 = datetime.datetime(2022, 3, 17, 1, 0, tzinfo=UTC).timestamp()
        self.assertEqual(self.metric(before, "deadlined_next_send_time_seconds"), before_10, read_after)
        self.assertEqual(self.metric(before, 'deadlined_outbox_rows{state="sent"}'), 0)

        self.wait_for(lambda: maildir_files(self.state_maildir()), 60, "the before-10 reminder")
        self.wait_for(lambda: 'deadlined_reminders_sent_total{channel="email"} 1' in self.metrics(), 10,
                      "the sent counter")
        after = self.metrics()
        check = subprocess.run([promtool, "check", "metrics"], input=after.encode(), capture_output=True)
        self.assertEqual(check.returncode, 0, check.stdout.decode() + check.stderr.decode())
        self.assertEqual(self.metric(after, 'deadlined_outbox_rows{state="sent"}'), 1)
        self.assertGreaterEqual(self.metric(after, "deadlined_last_delivery_success_time_seconds"), before_10)
        self.assertEqual(self.metric(after, 'deadlined_messages_total{channel="email",outcome="sent"}'), 1)
        # The next stage is before-5 of both units (2022-03-24 08:00 +07).
        self.assertEqual(self.metric(after, "deadlined_next_send_time_seconds"),
                         datetime.datetime(2022, 3, 24, 1, 0, tzinfo=UTC).timestamp())

    def test_03_reloads_are_counted(self):
        daemon = self.start()
        daemon.signal(signal.SIGHUP)
        self.wait_for(lambda: 'deadlined_config_reloads_total{result="success"} 1' in self.metrics(), 10,
                      "a counted reload")
        with open(self.config_path, "a", encoding="utf-8") as out:
            out.write("\n[bogus]\n")
        daemon.signal(signal.SIGHUP)
        self.wait_for(lambda: 'deadlined_config_reloads_total{result="failure"} 1' in self.metrics(), 10,
                      "a counted failed reload")
        self.assertEqual(self.request("GET", "/healthz")[0], 200)

    def test_04_ics_feed_parsed_by_icalendar(self):
        self.start()
        status, headers, body = self.request("GET", "/ics/stp.ics?token=" + hmac_hex(FEED_SECRET, "stp"))
        self.assertEqual(status, 200, body)
        self.assertTrue(headers["Content-Type"].startswith("text/calendar"))
        for line in body.split(b"\r\n"):
            self.assertLessEqual(len(line), 75, line)
        calendar = icalendar.Calendar.from_ical(body)
        events = [c for c in calendar.walk() if c.name == "VEVENT"]
        self.assertEqual(len(events), 1)
        event = events[0]
        self.assertEqual(event.decoded("DTSTART"), datetime.date(2022, 3, 31))
        self.assertEqual(event.decoded("DTEND"), datetime.date(2022, 4, 1))
        self.assertEqual(str(event["SUMMARY"]), "I.1 Báo cáo kết quả kiểm soát TTHC quý I")
        self.assertIn("Vai trò: chủ trì", str(event["DESCRIPTION"]))
        self.assertIn("Sản phẩm: Báo cáo", str(event["DESCRIPTION"]))
        self.assertEqual(str(event["UID"]), "kstthc-2022/I.1/2022-03-31/stp@ubnd.example.test")
        alarms = sorted(alarm.decoded("TRIGGER") for alarm in event.walk("VALARM"))
        # Default lead stages: 10, 5, 1 working days before and the due day, each at 08:00 +07.
        expected = [datetime.datetime(2022, 3, d, 1, 0, tzinfo=UTC) for d in (17, 24, 30, 31)]
        self.assertEqual(alarms, expected)

        status, _, body = self.request("GET", "/ics/snv.ics?token=" + hmac_hex(FEED_SECRET, "snv"))
        self.assertEqual(status, 200)
        event = [c for c in icalendar.Calendar.from_ical(body).walk() if c.name == "VEVENT"][0]
        self.assertIn("Vai trò: phối hợp", str(event["DESCRIPTION"]))
        self.assertEqual([a.decoded("TRIGGER") for a in event.walk("VALARM")],
                         [datetime.datetime(2022, 3, 24, 1, 0, tzinfo=UTC)])

    def test_05_tokens(self):
        self.start()
        self.assertEqual(self.request("GET", "/ics/stp.ics")[0], 401)
        self.assertEqual(self.request("GET", "/ics/stp.ics?token=" + hmac_hex(FEED_SECRET, "snv"))[0], 403)
        self.assertEqual(self.request("GET", "/ics/stp.ics?token=" + hmac_hex("wrong", "stp"))[0], 403)
        self.assertEqual(self.request("GET", "/ics/stp.ics?token=" + "0" * 64)[0], 403)
        self.assertEqual(self.request("GET", "/status")[0], 401)
        self.assertEqual(self.request("GET", "/status?token=wrong")[0], 403)
        self.assertEqual(self.request("GET", "/status", headers={"Authorization": "Bearer wrong"})[0], 403)
        quoted = "/status?token=" + "".join("%%%02X" % b for b in STATUS_TOKEN.encode())
        self.assertEqual(self.request("GET", quoted)[0], 200)
        status, _, body = self.request("GET", "/status", headers={"Authorization": "Bearer " + "x"})
        self.assertEqual(status, 403)

    def test_06_bad_requests(self):
        self.start()
        self.assertEqual(self.request("GET", "/nope")[0], 404)
        self.assertEqual(self.request("POST", "/healthz", body=b"{}")[0], 405)
        self.assertEqual(self.request("PUT", "/metrics", body=b"x")[0], 405)
        self.assertEqual(self.request("DELETE", "/status")[0], 405)
        # 413: announced and actually sent.
        status, _ = self.raw(b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n")
        self.assertIn(" 413 ", status)
        self.assertEqual(self.request("POST", "/healthz", body=b"x" * 200000)[0], 413)
        # 431 for a huge header, 400 for garbage.
        status, _ = self.raw(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 20000 + b"\r\n\r\n")
        self.assertIn(" 431 ", status)
        for garbage in (b"GARBAGE\r\n\r\n", b"GET /healthz HTTP/9\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\r\n\r\n",
                        b"GET healthz HTTP/1.1\r\nHost: x\r\n\r\n", b"GET /status?token=%zz HTTP/1.1\r\nHost: x\r\n\r\n"):
            status, _ = self.raw(garbage)
            self.assertIn(" 400 ", status, garbage)
        # Path traversal: paths are matched exactly, never mapped to files.
        for path in ("/../../etc/passwd", "/ics/../../etc/passwd", "/ics/..%2f..%2fetc%2fpasswd.ics",
                     "/ics/%2e%2e/%2e%2e/etc/passwd.ics", "/ics/../status", "/status/../healthz", "/healthz/",
                     "//healthz", "/ics/stp.ics/../snv.ics"):
            status, _ = self.raw(("GET %s?token=%s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                                  % (path, hmac_hex(FEED_SECRET, "stp"))).encode())
            self.assertIn(" 404 ", status, path)
        # Keep-alive: several requests on one connection.
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        for _ in range(3):
            connection.request("GET", "/healthz")
            response = connection.getresponse()
            self.assertEqual(response.status, 200)
            response.read()
        connection.close()
        # A client that sends nothing does not hold up the daemon, which still answers others.
        idle = socket.create_connection(("127.0.0.1", self.port))
        self.assertEqual(self.request("GET", "/healthz")[0], 200)
        idle.settimeout(15)
        self.assertEqual(idle.recv(10), b"", "an idle connection is closed after http.timeout")
        idle.close()

    def test_07_status_page_in_headless_chromium(self):
        chromium = shutil.which("chromium")
        self.assertIsNotNone(chromium, "chromium missing: install the Debian package chromium (scripts/setup)")
        self.start()
        self.wait_for(lambda: maildir_files(self.state_maildir()), 20, "the before-10 reminder")
        self.wait_for(lambda: self.sql("select count(*) from reminders where state = 'sent'")[0][0] == 1, 10,
                      "the sent row")
        url = "http://127.0.0.1:%d/status?token=%s" % (
            self.port, "".join("%%%02X" % b for b in STATUS_TOKEN.encode()))
        profile = os.path.join(self.tmp, "chromium-profile")
        common = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1200,900"]
        dom = subprocess.run(common + ["--dump-dom", url], capture_output=True, timeout=120)
        self.assertEqual(dom.returncode, 0, dom.stderr.decode(errors="replace")[-2000:])
        text = dom.stdout.decode("utf-8")
        for expected in ("Tình hình thực hiện nhiệm vụ", "Kế hoạch kiểm soát thủ tục hành chính năm 2022",
                         "Sở Tư pháp", "Sở Nội vụ", "Hộp thư đi", "Đã gửi", "Lần gửi gần đây",
                         "vanthu@stp.example.test", "trước hạn 10 ngày",
                         "/ics/stp.ics?token=" + hmac_hex(FEED_SECRET, "stp")):
            self.assertIn(expected, text)
        self.assertIn('lang="vi"', text)
        screenshot = os.path.join(self.tmp, "status.png")
        shot = subprocess.run(common + ["--screenshot=" + screenshot, url], capture_output=True, timeout=120)
        self.assertEqual(shot.returncode, 0, shot.stderr.decode(errors="replace")[-2000:])
        width, height, distinct, dark = png_summary(screenshot)
        self.assertEqual((width, height), (1200, 900))
        self.assertGreater(os.path.getsize(screenshot), 20000, "a screenshot of a page with text is not tiny")
        self.assertGreater(distinct, 16, "the screenshot is not blank")
        self.assertGreater(dark, 0.002, "some pixels are text (dark)")
        # The screenshot itself shows the expected text (OCR, Debian's tesseract-ocr-vie).
        ocr = ocr_text(screenshot)
        for expected in OCR_EXPECTED:
            self.assertIn(expected, ocr)

    def test_10_charts_match_the_json_report(self):
        """/status and report --format html draw the numbers of report --format json, same day."""
        chromium = shutil.which("chromium")
        self.assertIsNotNone(chromium, "chromium missing: install the Debian package chromium (scripts/setup)")
        tasks = TASKS + [
            {"id": "I.2", "title": "Rà soát thủ tục hành chính", "lead": ["stp", "snv"], "support": ["vp"],
             "schedule": "{ date = 2021-12-31 }"},
            {"id": "I.3", "title": "Rà soát thủ tục hành chính", "lead": ["snv"], "schedule": "{ date = 2022-02-15 }"},
            {"id": "I.4", "title": "Báo cáo năm", "lead": ["vp"], "schedule": "{ date = 2022-12-15 }"}]
        units = UNITS + [{"id": "vp", "name": "Văn phòng UBND tỉnh", "tier": "province",
                          "email": ["vanthu@vp.example.test"]}]
        self.write_config(itlib.config_text(self.state_dir, units, tasks) + "\n" + self.http_section)
        daemon = self.start_daemon(now=JUST_BEFORE)
        self.wait_started(daemon)
        self.wait_for(lambda: self.try_get("/healthz"), 15, "the HTTP listener")
        url = "http://127.0.0.1:%d/status?token=%s" % (
            self.port, "".join("%%%02X" % b for b in STATUS_TOKEN.encode()))
        status_dom = self.chromium(["--dump-dom", url]).decode("utf-8")

        def report(fmt):
            result = subprocess.run([itlib.BINARY, "report", "--config", self.config_path, "--state-dir",
                                     self.state_dir, "--as-of", "2022-03-17", "--format", fmt],
                                    capture_output=True, timeout=60)
            self.assertEqual(result.returncode, 0, result.stderr.decode(errors="replace"))
            return result.stdout
        expected = json.loads(report("json"))
        self.assertEqual(expected["totals"]["overdue"], 3)  # I.2 stp, snv; I.3 snv; vp only supports I.2
        html_path = os.path.join(self.tmp, "report.html")
        with open(html_path, "wb") as f:
            f.write(report("html"))
        report_dom = self.chromium(["--dump-dom", "file://" + html_path]).decode("utf-8")
        for name, dom in (("status", status_dom), ("report", report_dom)):
            with self.subTest(page=name):
                self.assertNotIn("<script", dom)
                for chart in ("chart-units", "chart-tiers", "chart-heat-map", "chart-timeline"):
                    self.assertIn('id="%s"' % chart, dom)
                self.assertEqual(chart_rows(dom, "unit"), groups_of(expected["by_unit"]))
                self.assertEqual(chart_rows(dom, "tier"), groups_of(expected["by_tier"]))
                # Worst first: the units chart starts with the unit with the most overdue.
                first = re.search(r'data-unit="([^"]+)" data-on-time', dom).group(1)
                self.assertEqual(first, "snv")
                heat = {}
                for unit, month, count in re.findall(
                        r'<g class="cell" data-unit="([^"]+)" data-month="([^"]+)" data-overdue="(\d+)"', dom):
                    heat[unit] = heat.get(unit, 0) + int(count)
                self.assertEqual(heat, {g["id"]: g["overdue"] for g in expected["by_unit"]})
                marks = {}
                for task, due, status, count in re.findall(
                        r'data-task="([^"]+)" data-due="([^"]+)" data-status="([^"]+)" data-count="(\d+)"', dom):
                    marks[(task, due)] = (status, int(count))
                wanted = {}
                for entry in expected["entries"]:
                    key = (entry["task"], entry["due"])
                    status, count = wanted.get(key, (entry["status"], 0))
                    if entry["status"] == "overdue":
                        status = "overdue"
                    wanted[key] = (status, count + 1)
                self.assertEqual(marks, wanted)
                # Task ids are shown with the titles (I.2 and I.3 have the same title).
                self.assertIn(">I.2</tspan> Rà soát thủ tục hành chính", dom)
                self.assertIn(">I.3</tspan> Rà soát thủ tục hành chính", dom)
        self.assertIn('<td class="id">I.3</td><td>Rà soát thủ tục hành chính</td>', report_dom)
        # Screenshots read back by OCR: the charts' captions and a unit are on screen.
        for name, target, words in (("status", url, ("thực hiện nhiệm vụ", "Tỷ lệ đúng hạn theo đơn vị")),
                                    ("report", "file://" + html_path, ("thực hiện nhiệm vụ",
                                                                       "Tỷ lệ đúng hạn theo đơn vị"))):
            png = os.path.join(self.tmp, name + "-charts.png")
            self.chromium(["--screenshot=" + png, target], size="1280,1400")
            width, height, distinct, dark = png_summary(png)
            self.assertEqual((width, height), (1280, 1400))
            self.assertGreater(distinct, 16)
            ocr = ocr_text(png)
            for word in words:
                self.assertIn(word, ocr, name)

    def test_10b_pages_with_long_names_on_a_desktop_and_a_phone(self):
        """A province's long unit names and task titles: no chart label runs out of its chart on a desktop; on a
        phone (375 px) neither /status nor the HTML report is wider than the screen (wide tables scroll inside their
        box) and the unit chart's names stay legible (drawn as a table there, not an SVG scaled down)."""
        self.assertIsNotNone(shutil.which("chromium"),
                             "chromium missing: install the Debian package chromium (scripts/setup)")
        places = ["thị xã Hương Thủy", "thị xã Hương Trà", "huyện Phong Điền", "huyện Quảng Điền",
                  "huyện Phú Vang", "huyện Phú Lộc", "huyện Nam Đông", "huyện A Lưới"]
        units = [{"id": "xa-%d" % i, "name": "Ủy ban nhân dân các xã, phường, thị trấn thuộc " + place,
                  "tier": "commune", "email": ["vanthu@xa%d.example.test" % i]} for i, place in enumerate(places)]
        units.append({"id": "bql", "name": "Ban Quản lý Khu kinh tế, công nghiệp tỉnh Thừa Thiên Huế",
                      "email": ["vanthu@bql.example.test"]})
        title = ("Tổng hợp, đánh giá tình hình thực hiện công tác kiểm soát thủ tục hành chính, triển khai cơ chế "
                 "một cửa, một cửa liên thông trong giải quyết thủ tục hành chính")
        tasks = [{"id": "VIII.%d" % i, "title": title, "lead": [u["id"] for u in units],
                  "schedule": "{ date = 2022-0%d-15 }" % i} for i in range(1, 6)]
        self.write_config(itlib.config_text(self.state_dir, units, tasks) + "\n" + self.http_section)
        daemon = self.start_daemon(now=JUST_BEFORE)
        self.wait_started(daemon)
        self.wait_for(lambda: self.try_get("/healthz"), 15, "the HTTP listener")
        status, _, body = self.request("GET", "/status?token=" + urllib.parse.quote(STATUS_TOKEN))
        self.assertEqual(status, 200)
        report = subprocess.run([itlib.BINARY, "report", "--config", self.config_path, "--state-dir",
                                 self.state_dir, "--as-of", "2022-03-17", "--format", "html"],
                                capture_output=True, timeout=60)
        self.assertEqual(report.returncode, 0, report.stderr.decode(errors="replace"))
        for name, page in (("status", body.decode("utf-8")), ("report", report.stdout.decode("utf-8"))):
            self.assertIn(units[0]["name"], page, "the full name is kept (in the chart's tooltip and the tables)")
            for width in (1280, 375):
                with self.subTest(page=name, width=width):
                    measured = itlib.layout_in_chromium(self.tmp, page, width)
                    self.assertEqual(measured["clipped"], [], "chart text outside its chart")
                    self.assertLessEqual(measured["width"], width, "page wider than the screen")
                    self.assertGreaterEqual(measured["label"], 10, "chart labels too small to read")

    def test_10c_a_province_of_many_units_and_plans_fits_a_phone(self):
        """60 units and three plans over three years (a heat map of 36 months, a timeline of plan/task ids): at
        375 px neither /status nor /report scrolls sideways (document.documentElement.scrollWidth <=
        window.innerWidth) and no chart is wider than the screen: the rate charts are tables there, legible, and
        the heat map and the timeline shrink to their box; wide tables scroll inside their own box. The office to
        contact (email.contact) is on the page."""
        self.assertIsNotNone(shutil.which("chromium"),
                             "chromium missing: install the Debian package chromium (scripts/setup)")
        units = [{"id": "xa-%02d" % i, "tier": "commune", "email": ["vanthu@xa%d.example.test" % i],
                  "name": "Ủy ban nhân dân xã Phong Hiền số %d, huyện Phong Điền, tỉnh Thừa Thiên Huế" % i}
                 for i in range(60)]
        title = ("Báo cáo tình hình, kết quả thực hiện kiểm soát thủ tục hành chính, thực hiện cơ chế một cửa, một "
                 "cửa liên thông")
        lead = [u["id"] for u in units]
        tasks = [{"id": "VIII.%d" % m, "title": title, "lead": lead[m::3], "schedule": "{ date = 2022-%02d-15 }" % m}
                 for m in range(1, 4)]
        contact = "Văn phòng UBND tỉnh Thừa Thiên Huế, ĐT 0234 3822 123, email vanphong@thuathienhue.example.test"
        text = itlib.config_text(self.state_dir, units, tasks, email_section={"contact": contact})
        for year in (2023, 2024):
            text += ('[[plan]]\nid = "kiem-soat-thu-tuc-hanh-chinh-nam-%d"\ntitle = "Kế hoạch kiểm soát thủ tục hành '
                     'chính năm %d của Ủy ban nhân dân tỉnh Thừa Thiên Huế"\nyear = %d\n\n' % (year, year, year))
            for m in (1, 6, 12):
                text += ('[[plan.task]]\nid = "VIII.%d"\ntitle = "%s"\nlead = %s\nschedule = { date = %d-%02d-20 }\n\n'
                         % (m, title, itlib.toml_list(lead), year, m))
        self.write_config(text + "\n" + self.http_section)
        daemon = self.start_daemon(now=JUST_BEFORE)
        self.wait_started(daemon)
        self.wait_for(lambda: self.try_get("/healthz"), 15, "the HTTP listener")
        status, _, body = self.request("GET", "/status?token=" + urllib.parse.quote(STATUS_TOKEN))
        self.assertEqual(status, 200)
        page = body.decode("utf-8")
        self.assertIn('<p class="contact">Liên hệ: ' + contact + "</p>", page)
        status, _, report = self.request("GET", "/report?token=" + urllib.parse.quote(STATUS_TOKEN))
        self.assertEqual(status, 200)
        for name, html_text in (("status", page), ("report", report.decode("utf-8"))):
            self.assertIn('id="chart-heat-map"', html_text)
            with self.subTest(page=name):
                measured = itlib.layout_in_chromium(self.tmp, html_text, 375)
                self.assertLessEqual(measured["width"], measured["inner"], "the page scrolls sideways")
                self.assertEqual(measured["scrolling"], [], "charts wider than the screen")
                self.assertEqual(measured["clipped"], [], "chart text outside its chart")
                # The units' chart is read, not guessed: its names at a legible size.
                self.assertGreaterEqual(measured["label_font"], 12, "unit names too small to read")

    def chromium(self, arguments, size="1200,900"):
        chromium = shutil.which("chromium")
        profile = os.path.join(self.tmp, "chromium-profile")
        common = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=" + size]
        result = subprocess.run(common + arguments, capture_output=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stderr.decode(errors="replace")[-2000:])
        return result.stdout

    def test_08_bind_failure_is_a_clear_startup_error(self):
        blocker = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        blocker.bind(("127.0.0.1", self.port))
        blocker.listen(1)
        try:
            self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS) + "\n" + self.http_section)
            daemon = self.start_daemon()
            code = daemon.wait(20)
            self.assertEqual(code, 1, daemon.log())
            self.assertIn("cannot listen on 127.0.0.1:%d (http.listen)" % self.port, daemon.log())
            # Found before planning: a restart loop does not plan again and again.
            self.assertNotIn("started:", daemon.log())
            outbox = os.path.join(self.state_dir, "outbox.sqlite")
            if os.path.exists(outbox):
                with sqlite3.connect(outbox) as db:
                    self.assertEqual(db.execute("SELECT COUNT(*) FROM reminders").fetchone()[0], 0)
        finally:
            blocker.close()

    def test_09_missing_secret_file_is_a_config_error(self):
        self.http_section = self.http_section.replace(os.path.join(self.tmp, "feed-secret"),
                                                      os.path.join(self.tmp, "no-such-file"))
        self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS) + "\n" + self.http_section)
        daemon = self.start_daemon()
        self.assertEqual(daemon.wait(20), 78, daemon.log())
        self.assertIn("http feed secret", daemon.log())

    def test_11_status_pages_its_tables(self):
        """61 units, 61 deliveries: /status shows 50 rows a page, links to the next and previous pages (followed
        as Chromium renders them), totals and charts over everything."""
        units = [{"id": "u%02d" % i, "name": "Đơn vị số %02d" % i, "email": ["vanthu@u%02d.example.test" % i]}
                 for i in range(1, 62)]
        tasks = [dict(TASKS[0], lead=[u["id"] for u in units], support=[])]
        self.write_config(itlib.config_text(self.state_dir, units, tasks) + "\n" + self.http_section)
        daemon = self.start_daemon(now=JUST_BEFORE)
        self.wait_started(daemon)
        self.wait_for(lambda: self.try_get("/healthz"), 15, "the HTTP listener")
        self.wait_for(lambda: self.sql("select count(*) from reminders where state = 'sent'")[0][0] == 61, 30,
                      "61 deliveries")
        base = "http://127.0.0.1:%d" % self.port
        first = self.chromium(["--dump-dom", base + "/status?token=" + urllib.parse.quote(STATUS_TOKEN)])
        first = first.decode("utf-8")
        self.assertIn("Đơn vị 1–50 trong 61 · trang 1/2", first)
        self.assertIn("Lần gửi 1–50 trong 61 · trang 1/2", first)
        self.assertEqual(len(re.findall(r'<tr data-unit="', first)), 50)
        self.assertEqual(len(re.findall(r'<tr><td class="date">', first)), 50)
        self.assertNotIn('rel="prev"', first)
        # Totals and charts (the SVG chart and its table for a phone) cover all 61 units on every page.
        self.assertIn("Tổng cộng 61 nhiệm vụ chủ trì", first)
        self.assertEqual(len(re.findall(r'<g class="row" data-id="[^"]+" data-unit="[^"]+" data-on-time', first)), 61)
        self.assertEqual(len(re.findall(r'<tr class="row" data-id="[^"]+" data-unit="[^"]+" data-on-time', first)), 61)
        nexts = re.findall(r'<p class="pager" id="units-pager">.*?<a href="([^"]+)" rel="next"', first)
        self.assertEqual(len(nexts), 1, first)
        following = html.unescape(nexts[0])
        self.assertTrue(following.startswith("/status?token="), following)
        second = self.chromium(["--dump-dom", base + following]).decode("utf-8")
        self.assertIn("Đơn vị 51–61 trong 61 · trang 2/2", second)
        self.assertEqual(len(re.findall(r'<tr data-unit="', second)), 11)
        self.assertIn("Tổng cộng 61 nhiệm vụ chủ trì", second)
        self.assertEqual(len(re.findall(r'<g class="row" data-id="[^"]+" data-unit="[^"]+" data-on-time', second)), 61)
        self.assertEqual(len(re.findall(r'<tr class="row" data-id="[^"]+" data-unit="[^"]+" data-on-time', second)), 61)
        self.assertIn('rel="prev"', second)
        shown = set(re.findall(r'<tr data-unit="([^"]+)"', first)) | set(re.findall(r'<tr data-unit="([^"]+)"', second))
        self.assertEqual(shown, {u["id"] for u in units})
        # Deliveries have their own page parameter.
        recent = re.findall(r'<p class="pager" id="recent-pager">.*?<a href="([^"]+)" rel="next"', first)
        self.assertEqual(len(recent), 1)
        deliveries = self.chromium(["--dump-dom", base + html.unescape(recent[0])]).decode("utf-8")
        self.assertIn("Lần gửi 51–61 trong 61 · trang 2/2", deliveries)
        self.assertEqual(len(re.findall(r'<tr><td class="date">', deliveries)), 11)
        self.assertIn("Đơn vị 1–50 trong 61 · trang 1/2", deliveries)

    def test_12_held_open_connections_do_not_lock_out_healthz(self):
        """Slowloris: 300 connections trickling one header line each second; /healthz still answers at once
        (within 5 s on a loaded machine, where a locked-out client would wait for http.timeout, 30 s)."""
        self.http_section = self.http_section.replace("timeout = 5", "timeout = 30")
        self.start()
        held = []
        for i in range(300):
            try:
                sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
                held.append(sock)
            except OSError:
                pass
        try:
            for probe in range(5):
                for sock in held:  # keep them trickling
                    try:
                        sock.sendall(b"X-Slow-%d: y\r\n" % probe)
                    except OSError:
                        pass
                started = time.monotonic()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                try:
                    connection.request("GET", "/healthz")
                    status = connection.getresponse().status
                finally:
                    connection.close()
                self.assertEqual(status, 200)
                self.assertLess(time.monotonic() - started, 5.0, "probe %d" % probe)
                time.sleep(0.5)
        finally:
            for sock in held:
                sock.close()


def chart_rows(dom, kind):
    """{id: (on_time, late, pending, overdue, rate)} of the rate chart rows of one kind (unit or tier)."""
    rows = {}
    pattern = (r'<g class="row" data-id="([^"]*)" data-%s="[^"]*" data-on-time="(\d+)" data-late="(\d+)" '
               r'data-pending="(\d+)" data-overdue="(\d+)" data-total="\d+" data-rate="([^"]*)"' % kind)
    for ident, on_time, late, pending, overdue, rate in re.findall(pattern, dom):
        rows[ident] = (int(on_time), int(late), int(pending), int(overdue), round(float(rate), 4) if rate else None)
    return rows


def groups_of(groups):
    return {g["id"]: (g["on_time"], g["late"], g["pending"], g["overdue"],
                      round(g["on_time_rate"], 4) if g["on_time_rate"] is not None else None) for g in groups}


def png_summary(path):
    """(width, height, distinct byte values of the pixel rows, share of dark pixels) of an 8-bit RGB(A) PNG."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos = 8
    idat = b""
    width = height = 0
    color_type = 2
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        chunk = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color_type = struct.unpack(">IIBB", chunk[:10])
            assert depth == 8, "8-bit PNG expected"
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    channels = {2: 3, 6: 4}[color_type]
    stride = width * channels
    # Undo the row filters (PNG spec 9.2) to count dark pixels.
    rows = []
    previous = bytearray(stride)
    i = 0
    for _ in range(height):
        kind = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - channels] if x >= channels else 0
            b = previous[x]
            c = previous[x - channels] if x >= channels else 0
            if kind == 1:
                line[x] = (line[x] + a) & 0xFF
            elif kind == 2:
                line[x] = (line[x] + b) & 0xFF
            elif kind == 3:
                line[x] = (line[x] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    dark = 0
    values = set()
    for line in rows:
        values.update(line[::7])
        for x in range(0, stride, channels * 3):
            if line[x] + line[x + 1] + line[x + 2] < 300:
                dark += 1
    return width, height, len(values), dark / (width * height / 3.0)


if __name__ == "__main__":
    itlib.main()
