#!/usr/bin/python3
"""The acknowledgement flow end to end with the real binary: a reminder email
received by a real SMTP sink (aiosmtpd) carries a signed link; GET on it shows
a confirmation page and changes nothing; the POST from that page marks the
obligation done; later reminders of it are skipped "done"; undo restores them.
Forged, tampered, expired and cross-obligation tokens get 403; the JSON API
needs its bearer token."""
import base64
import hashlib
import hmac
import html
import http.client
import json
import os
import re
import shutil
import subprocess
import urllib.parse

import itlib
from itlib import DUE, START, IntegrationTest, free_port, maildir_files, read_message, recipients_of, rows_where

UNITS = [
    {"id": "stp", "name": "Sở Tư pháp", "email": ["vanthu@stp.example.test"]},
    {"id": "snv", "name": "Sở Nội vụ", "email": ["vanthu@snv.example.test"]},
]
TASK_TITLE = "Báo cáo kết quả kiểm soát TTHC quý I"
TASKS = [{"id": "I.1", "title": TASK_TITLE, "lead": ["stp"], "support": ["snv"], "product": "Báo cáo",
          "schedule": "{ date = %s }" % DUE}]
ACK_SECRET = "bí-mật-ký-liên-kết-0123456789"
API_TOKEN = "api-token-mot-cua-0123456789"
LINK_RE = re.compile(r"Xác nhận đã hoàn thành: (\S+)")


def make_token(secret, plan, task, occurrence, unit, expiry):
    """The documented token format, made independently of the daemon."""
    payload = "\x1f".join([plan, task, occurrence, unit, str(expiry)]).encode("utf-8")
    encoded = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    mac = hmac.new(secret.encode("utf-8"), ("deadlined-ack-v1." + encoded).encode(), hashlib.sha256).hexdigest()
    return encoded + "." + mac


def decode_payload(token):
    encoded = token.split(".")[0]
    return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8").split("\x1f")


class AckTest(IntegrationTest):
    def setUp(self):
        super().setUp()
        self.port = free_port()
        self.smtp_port, self.maildir, _ = self.start_smtp_sink()
        self.secret_file = self.write_file("ack-secret", ACK_SECRET + "\n")
        self.api_file = self.write_file("api-token", API_TOKEN + "\n")

    def configure(self, ttl=None, undo_window=30 * 86400):
        smtp = {"url": "smtp://127.0.0.1:%d" % self.smtp_port, "require_tls": False, "connect_timeout": 5,
                "timeout": 20}
        lines = ["[http]", 'listen = "127.0.0.1:%d"' % self.port, 'base_url = "http://127.0.0.1:%d"' % self.port,
                 "ack_secret_file = " + itlib.toml_str(self.secret_file),
                 "api_token_file = " + itlib.toml_str(self.api_file), "timeout = 5"]
        if ttl is not None:
            lines.append("ack_link_ttl = %d" % ttl)
        lines += ["", "[acks]", "undo_window = %d" % undo_window, ""]
        self.write_config(itlib.config_text(self.state_dir, UNITS, TASKS, smtp=smtp) + "\n" + "\n".join(lines))

    def start(self, now):
        daemon = self.start_daemon(now=now)
        self.wait_started(daemon)
        self.wait_for(lambda: self.try_request("GET", "/healthz"), 15, "the HTTP listener")
        return daemon

    # -- clients ---------------------------------------------------------------
    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode("utf-8")
        finally:
            connection.close()

    def try_request(self, method, path):
        try:
            return self.request(method, path)
        except OSError:
            return None

    def post_form(self, path, fields):
        return self.request("POST", path, body=urllib.parse.urlencode(fields).encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})

    def post_json(self, path, body, token=API_TOKEN):
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["Authorization"] = "Bearer " + token
        status, _, text = self.request("POST", path, body=json.dumps(body).encode(), headers=headers)
        return status, json.loads(text)

    # -- observing -------------------------------------------------------------
    def messages(self):
        return [read_message(path) for path in maildir_files(self.maildir)]

    def wait_messages(self, count):
        self.wait_for(lambda: len(maildir_files(self.maildir)) >= count, 30, "%d messages at the SMTP sink" % count)
        return self.messages()

    def link_of(self, message):
        parts = {part.get_content_type(): part for part in message.iter_parts()}
        text = parts["text/plain"].get_content()
        found = LINK_RE.findall(text)
        self.assertEqual(len(found), 1, text)
        url = found[0]
        self.assertTrue(url.startswith("http://127.0.0.1:%d/ack?t=" % self.port), url)
        # The HTML part links to the same URL.
        self.assertIn('href="%s"' % html.escape(url, quote=True), parts["text/html"].get_content())
        return url

    def link_for(self, messages, address):
        for message in messages:
            if address in recipients_of(message):
                return self.link_of(message)
        self.fail("no message to %s" % address)

    def acks(self):
        return self.sql("SELECT plan, task, occurrence, unit, action, how, note FROM ack_events ORDER BY id")

    def state_of(self):
        return {(row["unit"], row["stage"]): (row["state"], row["skip_reason"]) for row in self.outbox()}

    def path_of(self, url):
        parsed = urllib.parse.urlsplit(url)
        return parsed.path + "?" + parsed.query

    # -- tests -------------------------------------------------------------------
    def test_01_link_get_shows_post_marks_done_reminders_skipped_undo_restores(self):
        self.configure()
        daemon = self.start(START)
        messages = self.wait_messages(1)
        self.wait_for(lambda: len(rows_where(self.outbox() or [], stage="before-10", state="sent")) == 1, 20,
                      "the before-10 stage to be sent")
        url = self.link_for(messages, "vanthu@stp.example.test")
        token = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["t"][0]
        self.assertEqual(decode_payload(token)[:4], ["kstthc-2022", "I.1", DUE, "stp"])

        # GET (as a mail scanner would, twice, and HEAD) shows the page and changes nothing.
        before = self.state_of()
        for method in ("GET", "GET", "HEAD"):
            status, headers, body = self.request(method, self.path_of(url))
            self.assertEqual(status, 200, body)
        status, headers, body = self.request("GET", self.path_of(url))
        self.assertTrue(headers["Content-Type"].startswith("text/html"))
        self.assertEqual(headers.get("Cache-Control"), "no-store")
        for expected in ("I.1", TASK_TITLE, "Sở Tư pháp", "31/03/2022", '<form method="post"', 'name="note"',
                         'name="t" value="%s"' % token):
            self.assertIn(expected, body)
        self.assertEqual(self.state_of(), before, "GET changed the outbox")
        self.assertEqual(self.acks(), [], "GET recorded an acknowledgement")

        # The POST from the page marks it done, by link, with the note.
        status, _, body = self.post_form("/ack", {"t": token, "note": "Đã gửi báo cáo số 12/BC-STP"})
        self.assertEqual(status, 200, body)
        self.assertIn("Đã ghi nhận hoàn thành đúng hạn", body)
        self.assertIn("/ack/undo", body)
        self.assertEqual(self.acks(), [("kstthc-2022", "I.1", DUE, "stp", "done", "link", "Đã gửi báo cáo số 12/BC-STP")])
        after = self.state_of()
        for stage in ("before-5", "before-1", "due"):
            self.assertEqual(after[("stp", stage)], ("skipped", "done"), stage)
        self.assertEqual(after[("snv", "before-5")][0], "pending", "the supporting unit is not done")
        # Again: already done, nothing recorded.
        status, _, body = self.post_form("/ack", {"t": token})
        self.assertEqual(status, 200)
        self.assertIn("đã được xác nhận trước đó", body)
        self.assertEqual(len(self.acks()), 1)
        daemon.stop()

        # A week later: the supporting unit's reminder goes out, nothing for the done obligation.
        count = len(maildir_files(self.maildir))
        self.run_once(now="2022-03-24T08:00:00+07:00")
        new = self.wait_messages(count + 1)[count:]
        self.assertEqual([recipients_of(m) for m in new], [["vanthu@snv.example.test"]])
        self.assertEqual(rows_where(self.outbox(), unit="stp", state="sent", stage="before-5"), [])

        # Undo (within the window) restores the future reminders.
        daemon = self.start("2022-03-24T09:00:00+07:00")
        status, _, body = self.post_form("/ack/undo", {"t": token})
        self.assertEqual(status, 200, body)
        self.assertIn("Đã hoàn tác", body)
        self.assertEqual([row[4:6] for row in self.acks()], [("done", "link"), ("undo", "link")])
        restored = self.state_of()
        for stage in ("before-1", "due"):
            self.assertEqual(restored[("stp", stage)][0], "pending", stage)
        self.assertEqual(restored[("stp", "before-5")], ("skipped", "done"), "past stages stay skipped")
        status, _, body = self.post_form("/ack/undo", {"t": token})
        self.assertEqual(status, 409, body)
        daemon.stop()
        count = len(maildir_files(self.maildir))
        self.run_once(now="2022-03-30T08:00:00+07:00")
        new = self.wait_messages(count + 1)[count:]
        self.assertEqual([recipients_of(m) for m in new], [["vanthu@stp.example.test"]])

    def test_02_forged_tampered_and_cross_obligation_tokens_are_refused(self):
        self.configure()
        self.start(START)
        messages = self.wait_messages(1)
        self.wait_for(lambda: len(rows_where(self.outbox() or [], stage="before-10", state="sent")) == 1, 20,
                      "the before-10 stage to be sent")
        token = urllib.parse.parse_qs(urllib.parse.urlsplit(self.link_for(messages, "vanthu@stp.example.test")).query)["t"][0]
        payload, mac = token.split(".")
        expiry = int(decode_payload(token)[4])
        other = make_token("not-the-secret", "kstthc-2022", "I.1", DUE, "snv", expiry)
        tampered_mac = payload + "." + ("0" if mac[0] != "0" else "1") + mac[1:]
        snv_payload = make_token(ACK_SECRET, "kstthc-2022", "I.1", DUE, "snv", expiry).split(".")[0]
        bad = {
            "forged (wrong secret)": make_token("not-the-secret", "kstthc-2022", "I.1", DUE, "stp", expiry),
            "cross-obligation (snv payload, stp MAC)": snv_payload + "." + mac,
            "tampered MAC": tampered_mac,
            "MAC made with another secret": payload + "." + other.split(".")[1],
            "garbage": "xyz",
        }
        before = self.state_of()
        for name, bad_token in bad.items():
            status, _, body = self.request("GET", "/ack?t=" + urllib.parse.quote(bad_token))
            self.assertEqual(status, 403, name)
            self.assertIn("không hợp lệ", body, name)
            for path in ("/ack", "/ack/undo"):
                status, _, _ = self.post_form(path, {"t": bad_token})
                self.assertEqual(status, 403, name + " " + path)
        self.assertEqual(self.acks(), [])
        self.assertEqual(self.state_of(), before)
        # The genuine token of the other obligation works for that one only.
        genuine_snv = make_token(ACK_SECRET, "kstthc-2022", "I.1", DUE, "snv", expiry)
        status, _, body = self.post_form("/ack", {"t": genuine_snv})
        self.assertEqual(status, 200, body)
        self.assertEqual([row[3] for row in self.acks()], ["snv"])
        status, _, _ = self.request("GET", "/ack")
        self.assertEqual(status, 400)

    def test_03_expired_links_are_refused(self):
        self.configure(ttl=60)
        daemon = self.start(START)
        messages = self.wait_messages(1)
        url = self.link_for(messages, "vanthu@stp.example.test")
        status, _, _ = self.request("GET", self.path_of(url))
        self.assertEqual(status, 200)
        daemon.stop()
        self.start("2022-03-17T08:05:00+07:00")  # five minutes later: past the 60 s ttl
        status, _, body = self.request("GET", self.path_of(url))
        self.assertEqual(status, 403)
        self.assertIn("hết hạn", body)
        token = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)["t"][0]
        status, _, _ = self.post_form("/ack", {"t": token})
        self.assertEqual(status, 403)
        self.assertEqual(self.acks(), [])

    def test_04_json_api_requires_the_bearer_token(self):
        self.configure()
        self.start(START)
        body = {"plan": "kstthc-2022", "task": "I.1", "occurrence": DUE, "unit": "stp", "note": "qua API",
                "by": "hệ thống một cửa"}
        status, answer = self.post_json("/api/v1/done", body, token=None)
        self.assertEqual((status, answer["error"]), (401, "unauthorized"))
        status, answer = self.post_json("/api/v1/done", body, token="wrong")
        self.assertEqual((status, answer["error"]), (403, "forbidden"))
        self.assertEqual(self.acks(), [])
        status, answer = self.post_json("/api/v1/done", body)
        self.assertEqual(status, 200, answer)
        self.assertEqual((answer["ok"], answer["action"], answer["unit"], answer["due"], answer["late"]),
                         (True, "done", "stp", DUE, False))
        self.assertEqual(self.acks(), [("kstthc-2022", "I.1", DUE, "stp", "done", "api", "qua API")])
        self.assertEqual(self.sql("SELECT actor FROM ack_events"), [("hệ thống một cửa",)])
        status, answer = self.post_json("/api/v1/done", body)
        self.assertEqual((status, answer["error"]), (409, "conflict"))
        status, answer = self.post_json("/api/v1/undo", body)
        self.assertEqual((status, answer["action"]), (200, "undo"))
        status, answer = self.post_json("/api/v1/undo", body)
        self.assertEqual(status, 409)
        status, answer = self.post_json("/api/v1/done", {"task": "I.1", "unit": "nobody"})
        self.assertEqual((status, answer["error"]), (404, "not_found"))
        status, answer = self.post_json("/api/v1/done", {"unit": "stp"})
        self.assertEqual((status, answer["error"]), (400, "bad_request"))
        status, _, text = self.request("POST", "/api/v1/done", body=b"{not json",
                                       headers={"Authorization": "Bearer " + API_TOKEN})
        self.assertEqual(status, 400, text)
        self.assertEqual(len(self.acks()), 2)

    def test_05_confirmation_page_in_headless_chromium_changes_nothing(self):
        from test_http import ocr_text, png_summary  # the screenshot checks of the status page test
        chromium = shutil.which("chromium")
        self.assertIsNotNone(chromium, "chromium missing: install the Debian package chromium (scripts/setup)")
        self.configure()
        self.start(START)
        url = self.link_for(self.wait_messages(1), "vanthu@stp.example.test")
        self.wait_for(lambda: len(rows_where(self.outbox() or [], stage="before-10", state="sent")) == 1, 20,
                      "the before-10 stage to be sent")
        before = self.state_of()
        profile = os.path.join(self.tmp, "chromium-profile")
        common = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=900,700"]
        dom = subprocess.run(common + ["--dump-dom", url], capture_output=True, timeout=120)
        self.assertEqual(dom.returncode, 0, dom.stderr.decode(errors="replace")[-2000:])
        text = dom.stdout.decode("utf-8")
        for expected in ("Xác nhận hoàn thành nhiệm vụ", TASK_TITLE, "Sở Tư pháp", "31/03/2022",
                         "Xác nhận đã hoàn thành", 'lang="vi"'):
            self.assertIn(expected, text)
        screenshot = os.path.join(self.tmp, "ack.png")
        shot = subprocess.run(common + ["--screenshot=" + screenshot, url], capture_output=True, timeout=120)
        self.assertEqual(shot.returncode, 0, shot.stderr.decode(errors="replace")[-2000:])
        width, height, distinct, dark = png_summary(screenshot)
        self.assertEqual((width, height), (900, 700))
        self.assertGreater(distinct, 16, "the screenshot is not blank")
        self.assertGreater(dark, 0.002, "some pixels are text (dark)")
        # The screenshot shows the page's text (OCR): the unit and the task.
        ocr = ocr_text(screenshot)
        for expected in ("Sở Tư pháp", "I.1"):
            self.assertIn(expected, ocr)
        # A real browser (with its prefetching) opened the link twice: still nothing recorded.
        self.assertEqual(self.acks(), [])
        self.assertEqual(self.state_of(), before)


if __name__ == "__main__":
    itlib.main()
