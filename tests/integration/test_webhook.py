#!/usr/bin/python3
"""Webhook delivery to a real HTTP peer (ThreadingHTTPServer on 127.0.0.1):
a transient 500 then success, a permanent 400, and the HMAC signature checked
with an independent implementation (Python hmac/hashlib, per docs/webhooks.md)."""
import base64
import datetime
import hashlib
import hmac
import json
import os
import re
import signal

import itlib
from itlib import DUE, IntegrationTest, rows_where

UNIT = {"id": "so-tc", "name": "Sở Tài chính"}
TASKS = [
    {"id": "CCHC-03", "title": "Báo cáo kết quả cải cách hành chính quý I", "lead": ["so-tc"],
     "schedule": "{ date = %s }" % DUE, "product": "Báo cáo tổng hợp"},
    {"id": "PCTN-07", "title": "Tự kiểm tra nội bộ về phòng, chống tham nhũng", "lead": ["so-tc"],
     "schedule": "{ date = %s }" % DUE},
]


def read_requests(path):
    # Complete lines only: tests poll this while the sink may be appending one.
    try:
        with open(path, encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.endswith("\n") and line.strip()]
    except FileNotFoundError:
        return []


def header(request, name):
    for key, value in request["headers"].items():
        if key.lower() == name.lower():
            return value
    return None


class WebhookTest(IntegrationTest):
    def configure(self, port, secret_file=None, tasks=TASKS):
        hook = {"url": "http://127.0.0.1:%d/hooks/so-tc" % port}
        if secret_file:
            hook["secret_file"] = secret_file
        unit = dict(UNIT, webhook=[hook])
        self.write_config(itlib.config_text(self.state_dir, [unit], tasks))
        return hook["url"]

    def test_04_webhook_500_then_204_is_delivered_once(self):
        port, log, _ = self.start_http_sink(codes="500,204")
        self.configure(port)
        daemon = self.start_daemon()

        def sent():
            rows = rows_where(self.outbox() or [], stage="before-10")
            return rows if len(rows) == 2 and all(r["state"] == "sent" for r in rows) else None

        rows = self.wait_for(sent, 20, "the webhook digest to be sent after a 500")
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(20), 0)

        self.assertTrue(all(row["attempts"] == 2 for row in rows), rows)
        requests = read_requests(log)
        self.assertEqual([r["status"] for r in requests], [500, 204], "one failed POST, one successful POST")
        keys = {header(r, "Idempotency-Key") for r in requests}
        self.assertEqual(len(keys), 1, "a retry carries the same Idempotency-Key")
        key = keys.pop()
        self.assertTrue(key)
        successes = [r for r in requests if 200 <= r["status"] < 300 and header(r, "Idempotency-Key") == key]
        self.assertEqual(len(successes), 1)
        bodies = [json.loads(base64.b64decode(r["body_b64"])) for r in requests]
        self.assertTrue(all(body["idempotency_key"] == key for body in bodies))
        self.assertTrue(all(body["count"] == 2 for body in bodies), "both reminders in one digest")
        log_text = daemon.log()
        self.assertIn("outcome=failed detail=HTTP 500", log_text)
        self.assertIn("outcome=sent", log_text)

    def test_05_webhook_400_is_dead_and_never_retried(self):
        port, log, _ = self.start_http_sink(codes="400")
        self.configure(port, tasks=TASKS[:1])
        daemon = self.start_daemon()

        def dead():
            rows = rows_where(self.outbox() or [], stage="before-10")
            return rows if len(rows) == 1 and rows[0]["state"] == "dead" else None

        rows = self.wait_for(dead, 20, "the webhook row to be dead after a 400")
        self.assertEqual(rows[0]["attempts"], 1)
        self.assertEqual(rows[0]["next_attempt_at"], "", "a dead row has no next attempt")
        self.assertIn("400", rows[0]["last_error"])
        # The turn's delivery lines are written after its commit: wait for them.
        self.wait_for(lambda: re.search(r"delivery task=CCHC-03 unit=so-tc stage=before-10 channel=webhook "
                                        r"recipient=\S+ outcome=dead detail=HTTP 400", daemon.log()), 15,
                      "the dead delivery in the log")
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(20), 0)
        # A restart at the same instant must not pick the dead row up again either.
        self.run_once()
        self.assertEqual(len(read_requests(log)), 1, "exactly one POST, never retried")
        rows = rows_where(self.outbox(), stage="before-10")
        self.assertEqual((rows[0]["state"], rows[0]["attempts"]), ("dead", 1))

    def test_07_an_outcome_is_committed_without_waiting_for_the_batch(self):
        # Outcomes go to the outbox in batches (half of delivery.max_unrecorded,
        # 256 by default), and at the latest 100 ms after the first of a batch
        # arrived. The sink answers the first of four posts at once and holds
        # the rest (one at a time: max_per_host 1) until the test releases
        # them: the first "sent" must reach the outbox while the second post
        # is still unanswered. Holding, not a delay, so that a loaded machine
        # cannot make the test read the outbox too late.
        release = os.path.join(self.tmp, "release")
        port, log, _ = self.start_http_sink(hold=release, hold_from=1)
        units = [{"id": "don-vi-%d" % i, "name": "Đơn vị %d" % i,
                  "webhook": [{"url": "http://127.0.0.1:%d/hooks/don-vi-%d" % (port, i)}]} for i in range(4)]
        tasks = [{"id": "CCHC-09", "title": "Báo cáo rà soát thủ tục hành chính",
                  "lead": [unit["id"] for unit in units], "schedule": "{ date = %s }" % DUE}]
        # timer_cap 60 (the tests' default is 1 s): no timer wake commits for it.
        self.write_config(itlib.config_text(self.state_dir, units, tasks, webhooks={"max_per_host": 1},
                                            delivery={"timer_cap": 60}))
        daemon = self.start_daemon()
        self.wait_started(daemon)

        def sent():
            return self.sql("SELECT count(*) FROM reminders WHERE state = 'sent'")[0][0]

        self.wait_for(lambda: sent() == 1 or None, 30,
                      "the first webhook to be recorded as sent while the second is held")
        self.assertLessEqual(len(read_requests(log)), 2, "the third post was made while the second was held")
        with open(release, "w"):
            pass
        self.wait_for(lambda: sent() == 4 or None, 30, "all four webhooks to be sent")
        self.assertEqual(len(read_requests(log)), 4)
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(20), 0)

    def test_06_signature_verifies_with_an_independent_hmac(self):
        secret = "s3cret-bí-mật-webhook"
        secret_file = self.write_file("webhook-secret", secret + "\n")
        port, log, _ = self.start_http_sink(codes="204")
        url = self.configure(port, secret_file=secret_file)
        self.run_once()

        requests = read_requests(log)
        self.assertEqual(len(requests), 1)
        request = requests[0]
        body = base64.b64decode(request["body_b64"])
        timestamp = header(request, "X-Deadlined-Timestamp")
        signature = header(request, "X-Deadlined-Signature")
        self.assertRegex(timestamp or "", r"^[0-9]+$")
        self.assertRegex(signature or "", r"^sha256=[0-9a-f]{64}$")

        def verify(key, ts, payload, sig):
            expected = "sha256=" + hmac.new(key, ts.encode() + b"." + payload, hashlib.sha256).hexdigest()
            return hmac.compare_digest(expected, sig)

        self.assertTrue(verify(secret.encode("utf-8"), timestamp, body, signature),
                        "signature does not verify with HMAC-SHA256(secret, timestamp + '.' + body)")
        # The verifier is not trivially true: any change breaks it.
        self.assertFalse(verify(secret.encode("utf-8"), timestamp, body + b" ", signature))
        self.assertFalse(verify(secret.encode("utf-8"), str(int(timestamp) + 1), body, signature))
        self.assertFalse(verify((secret + "\n").encode("utf-8"), timestamp, body, signature),
                         "the trailing newline of the secret file is not part of the key")

        self.assertEqual(request["path"], "/hooks/so-tc")
        self.assertEqual(header(request, "Content-Type"), "application/json")
        self.assertTrue((header(request, "User-Agent") or "").startswith("deadlined/"))
        payload = json.loads(body.decode("utf-8"), object_pairs_hook=lambda pairs: pairs)
        self.assertEqual([name for name, _ in payload],
                         ["type", "version", "idempotency_key", "unit", "slot", "generated_at", "count", "items"])
        document = json.loads(body.decode("utf-8"))
        self.assertEqual(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), body,
                         "compact UTF-8 JSON, no insignificant white space")
        self.assertEqual(document["type"], "deadlined.digest")
        self.assertEqual(document["version"], 1)
        self.assertEqual(document["idempotency_key"], header(request, "Idempotency-Key"))
        self.assertEqual(document["unit"], {"id": "so-tc", "name": "Sở Tài chính"})
        self.assertEqual(document["slot"], "2022-03-17T08:00:00+07:00")
        self.assertEqual(document["count"], 2)
        self.assertEqual(sorted(item["task_id"] for item in document["items"]), ["CCHC-03", "PCTN-07"])
        for item in document["items"]:
            self.assertEqual((item["role"], item["stage"], item["due"], item["days_left"]),
                             ("lead", "before-10", DUE, 10))
            self.assertEqual(item["stage_text"], "còn 10 ngày làm việc")
        # The timestamp is the daemon's clock (started with --now), the instant of generated_at.
        generated = datetime.datetime.fromisoformat(document["generated_at"])
        self.assertLessEqual(abs(generated.timestamp() - int(timestamp)), 5)
        rows = rows_where(self.outbox(), stage="before-10", recipient=url)
        self.assertTrue(rows and all(row["state"] == "sent" for row in rows), rows)

    def test_08_standard_webhooks_headers_verify_with_an_independent_verifier(self):
        """webhook-id / webhook-timestamp / webhook-signature (standardwebhooks.com),
        checked with Python's hmac and base64 only, for a plain secret (verifier
        secret "whsec_" + base64(secret)) and for a secret written "whsec_<base64>"."""
        def verify_standard(whsec, request, body):
            key = base64.b64decode(whsec[len("whsec_"):])
            signed = ("%s.%s." % (header(request, "webhook-id"), header(request, "webhook-timestamp"))).encode() + body
            expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
            return any(hmac.compare_digest(expected, sig.split(",", 1)[1])
                       for sig in (header(request, "webhook-signature") or "").split() if sig.startswith("v1,"))

        plain = "s3cret-bí-mật-webhook"
        spec = "whsec_" + base64.b64encode(bytes(range(24))).decode()
        for n, (secret, verifier_secret) in enumerate(
                ((plain, "whsec_" + base64.b64encode(plain.encode()).decode()), (spec, spec))):
            with self.subTest(secret=secret):
                self.state_dir = os.path.join(self.tmp, "state-%d" % n)
                secret_file = self.write_file("webhook-secret-%d" % n, secret + "\n")
                port, log, _ = self.start_http_sink(codes="204", name="http-sink-%d" % n)
                self.configure(port, secret_file=secret_file)
                self.run_once()
                requests = read_requests(log)
                self.assertEqual(len(requests), 1)
                request = requests[0]
                body = base64.b64decode(request["body_b64"])
                self.assertEqual(header(request, "webhook-id"), header(request, "Idempotency-Key"))
                self.assertEqual(header(request, "webhook-id"), json.loads(body)["idempotency_key"])
                self.assertEqual(header(request, "webhook-timestamp"), header(request, "X-Deadlined-Timestamp"))
                self.assertRegex(header(request, "webhook-signature") or "", r"^v1,[A-Za-z0-9+/]{43}=$")
                self.assertTrue(verify_standard(verifier_secret, request, body))
                self.assertFalse(verify_standard(verifier_secret, request, body + b" "))
                tampered = dict(request, headers=dict(request["headers"], **{"webhook-id": "other"}))
                self.assertFalse(verify_standard(verifier_secret, tampered, body), "the id is signed")
                # The existing scheme is unchanged: the key is the secret as written.
                ts = header(request, "X-Deadlined-Timestamp")
                expected = "sha256=" + hmac.new(secret.encode(), ts.encode() + b"." + body, hashlib.sha256).hexdigest()
                self.assertEqual(header(request, "X-Deadlined-Signature"), expected)

    def test_09_docs_examples_have_the_keys_the_daemon_sends(self):
        """Every JSON example of docs/webhooks.md against payloads the daemon
        really sent to a server on loopback: the same keys, recursively."""
        port, log, _ = self.start_http_sink(codes="204")
        ack_secret = self.write_file("ack-secret", "ack-secret-value\n")
        units = [dict(UNIT, webhook=[{"url": "http://127.0.0.1:%d/hooks/so-tc" % port}]),
                 {"id": "vp", "name": "Văn phòng UBND tỉnh", "tier": "province",
                  "webhook": [{"url": "http://127.0.0.1:%d/hooks/vp" % port}]}]
        tasks = TASKS[:1] + [{"id": "VIII.1", "title": "Báo cáo kết quả kiểm soát thủ tục hành chính",
                              "lead": ["so-tc"], "when": "Báo cáo Quý I/2022; Báo cáo 6 tháng/2022"}]
        extra = ("\n[[policy]]\nid = \"default\"\nescalate_after = 2\n\n[escalation]\ndepartment = \"vp\"\n\n"
                 "[report]\nto = \"vp\"\nevery = \"weekly\"\nweekday = \"monday\"\n\n"
                 "[http]\nenabled = false\nbase_url = \"https://nhacviec.example.test\"\nack_secret_file = %s\n"
                 % json.dumps(ack_secret))
        self.write_config(itlib.config_text(self.state_dir, units, tasks) + extra)
        self.run_once(now="2022-03-17T08:00:00+07:00")
        self.run_once(now="2022-04-04T08:00:00+07:00")  # Monday: overdue, escalation, weekly report
        bodies = [json.loads(base64.b64decode(r["body_b64"])) for r in read_requests(log)]
        digests = [b for b in bodies if b["type"] == "deadlined.digest"]
        reports = [b for b in bodies if b["type"] == "deadlined.report"]
        own = [item for b in digests for item in b["items"] if "late_unit" not in item]
        escalations = [item for b in digests for item in b["items"] if "late_unit" in item]
        self.assertTrue(own and escalations and reports, [b["type"] for b in bodies])
        self.assertTrue(any(item["ack_url"].startswith("https://nhacviec.example.test/ack?t=") for item in own))
        self.assertIn("Báo cáo Quý I/2022", {item["period"] for item in own})

        def same_shape(doc, real, path):
            if isinstance(doc, dict):
                self.assertIsInstance(real, dict, path)
                if doc:  # {} in the docs: any object
                    self.assertEqual(sorted(doc), sorted(real), path)
                    for key in doc:
                        same_shape(doc[key], real[key], path + "." + key)
            elif isinstance(doc, list):
                self.assertIsInstance(real, list, path)
            else:
                self.assertEqual(type(doc), type(real), path)

        with open(os.path.join(itlib.SOURCE_DIR, "docs", "webhooks.md"), encoding="utf-8") as doc:
            text = doc.read()
        examples = [json.loads(block) for block in re.findall(r"```json\n(.*?)```", text, re.S)]
        self.assertEqual(sorted(e["type"] for e in examples), ["deadlined.digest", "deadlined.report"])
        for example in examples:
            if example["type"] == "deadlined.report":
                same_shape(example, reports[0], "report")
                continue
            real = dict(digests[0])
            same_shape({k: v for k, v in example.items() if k != "items"},
                       {k: v for k, v in real.items() if k != "items"}, "digest")
            doc_own = [item for item in example["items"] if "late_unit" not in item]
            doc_escalations = [item for item in example["items"] if "late_unit" in item]
            self.assertTrue(doc_own and doc_escalations)
            for item in doc_own:
                for real_item in own:
                    same_shape(item, real_item, "items[]")
            for item in doc_escalations:
                for real_item in escalations:
                    same_shape(item, real_item, "items[] (escalation)")

    def test_10_the_write_ahead_log_stays_bounded_through_a_burst(self):
        """The outbox's write-ahead log stays bounded while the loop sends a
        burst of 6,000 webhooks (about 10,000 frames, 40 MiB, of log without
        a checkpoint that lets it start over): near the 4,000 frames (16 MiB)
        at which the loop's commits checkpoint, plus what a loaded machine
        adds while a checkpoint is busy. Progress is read from the daemon's
        log, not the outbox: a reader would hold the log back itself."""
        count = 6000
        port, log, _ = self.start_http_sink(codes="204")
        units = [{"id": "u%04d" % i, "name": "Đơn vị %d" % i,
                  "webhook": [{"url": "http://127.0.0.1:%d/hooks/u%04d" % (port, i)}]} for i in range(count)]
        tasks = [{"id": "CCHC-01", "title": "Báo cáo kết quả cải cách hành chính", "lead": [u["id"] for u in units],
                  "schedule": "{ date = %s }" % DUE}]
        self.write_config(itlib.config_text(self.state_dir, units, tasks))
        daemon = self.start_daemon()
        log_file = os.path.join(self.state_dir, "outbox.sqlite-wal")
        largest = [0]

        def all_sent():
            if os.path.exists(log_file):
                largest[0] = max(largest[0], os.path.getsize(log_file))
            return daemon.log().count("outcome=sent") >= count or None

        self.wait_for(all_sent, 180, "%d webhooks to be sent" % count, interval=0.02)
        largest[0] = max(largest[0], os.path.getsize(log_file))
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(30), 0)
        self.assertEqual(len(read_requests(log)), count)
        sent = self.sql("SELECT count(*) FROM reminders WHERE stage = 'before-10' AND state = 'sent'")[0][0]
        self.assertEqual(sent, count)
        self.assertLess(largest[0], 28 * 1024 * 1024, "largest write-ahead log: %d bytes" % largest[0])
        print("largest write-ahead log during the burst: %d bytes" % largest[0])

    def burst_to_one_host(self, pipeline):
        """Twelve digests for one host and one worker, the sink answering
        204, 204, 503 and then 204: returns the sink's requests once every
        digest was delivered and the daemon stopped."""
        port, log, _ = self.start_http_sink(codes="204,204,503,204", peek=0.3)
        units = [{"id": "u%02d" % i, "name": "Đơn vị %d" % i,
                  "webhook": [{"url": "http://127.0.0.1:%d/hooks/u%02d" % (port, i)}]} for i in range(12)]
        tasks = [{"id": "CCHC-01", "title": "Báo cáo kết quả cải cách hành chính",
                  "lead": [u["id"] for u in units], "schedule": "{ date = %s }" % DUE}]
        webhooks = {"max_per_host": 1}
        if pipeline is not None:
            webhooks["pipeline"] = pipeline
        self.write_config(itlib.config_text(self.state_dir, units, tasks, webhooks=webhooks))
        daemon = self.start_daemon()
        self.wait_for(lambda: daemon.log().count("outcome=sent") >= 12 or None, 60, "12 webhooks to be delivered")
        daemon.signal(signal.SIGTERM)
        self.assertEqual(daemon.wait(20), 0)
        requests = read_requests(log)
        delivered = sorted(r["path"] for r in requests if r["status"] == 204)
        self.assertEqual(delivered, ["/hooks/u%02d" % i for i in range(12)], "each delivered once")
        self.assertEqual(len([r for r in requests if r["status"] == 503]), 1, requests)
        self.assertEqual(len(requests), 13, "the 503 retried once, nothing else sent twice")
        self.assertEqual(self.sql("SELECT state, count(*) FROM reminders WHERE stage = 'before-10' GROUP BY state"),
                         [("sent", 12)])
        return requests

    def test_11_posts_to_one_host_are_pipelined_and_each_delivered_once(self):
        """With webhooks.pipeline (default 8) the worker writes several posts
        before the first answer: the sink finds the next request waiting once
        it has read one."""
        requests = self.burst_to_one_host(None)
        self.assertTrue([r for r in requests if r["pipelined_bytes"] > 0], "no request came behind another")

    def test_12_pipeline_1_sends_one_post_at_a_time(self):
        requests = self.burst_to_one_host(1)
        self.assertEqual([r["path"] for r in requests if r["pipelined_bytes"] > 0], [],
                         "a request came before the answer to the one before it")


if __name__ == "__main__":
    itlib.main()
