#!/usr/bin/python3
"""A stop honours delivery.drain_timeout whatever the transfer: the real
binary delivers to a peer on 127.0.0.1 that accepts and never answers (no
SMTP greeting, no HTTP status), with transfer timeouts of an hour (SMTP) and
ten minutes (webhooks); SIGTERM with drain_timeout = 2 s exits within a few
seconds, the reminder is pending again with its attempt not counted, and the
next run sends it once. Each of the four ways a message leaves: the plain
pipelined SMTP client, libcurl's SMTP, the plain HTTP client and libcurl's
HTTP (through a proxy, which the plain client leaves to libcurl).
"""
import json
import os
import signal
import sys
import time

import itlib
from itlib import DUE, IntegrationTest, free_port, maildir_files, rows_where

DRAIN = 2
# Exit within this much after the drain deadline: the cut and the last
# commit take milliseconds; the rest is a loaded machine's margin.
MARGIN = 3.0
UNIT = {"id": "stp", "name": "Sở Tư pháp", "email": ["vanthu@stp.example.test"]}
TASK = {"id": "I.1", "title": "Báo cáo quý I", "lead": ["stp"], "schedule": "{ date = %s }" % DUE}
SLOW_SMTP = {"require_tls": False, "timeout": 3600, "connect_timeout": 600}


def events(log, kind):
    if not os.path.exists(log):
        return []
    with open(log, encoding="utf-8") as f:
        return [entry for entry in map(json.loads, f) if entry["event"] == kind]


class StopTest(IntegrationTest):
    def write(self, unit, smtp=None, webhooks=None):
        self.write_config(itlib.config_text(self.state_dir, [unit], [TASK], smtp=smtp, webhooks=webhooks,
                                            delivery={"drain_timeout": DRAIN, "timer_cap": 60}))

    def stop_while_silent(self, daemon, peer_log, wait_for_bytes):
        """SIGTERM while the delivery waits on the silent peer; returns the
        seconds from the signal to the exit."""
        self.wait_started(daemon)
        kind = "received" if wait_for_bytes else "accepted"
        self.wait_for(lambda: events(peer_log, kind), 20, "the delivery to reach the silent peer (%s)" % kind)
        signalled = time.monotonic()
        daemon.signal(signal.SIGTERM)
        # Without the cut the stop waits for the transfer's own timeout.
        code = daemon.wait(DRAIN + 30)
        took = time.monotonic() - signalled
        sys.stderr.write("%s: SIGTERM to exit %.2f s (drain_timeout %d s)\n" % (self.id(), took, DRAIN))
        self.assertEqual(code, 0, self.diagnostics())
        self.assertLess(took, DRAIN + MARGIN, self.diagnostics())
        log = daemon.log()
        self.assertIn("1 deliveries still in flight at the drain deadline", log)
        self.assertIn("outcome=interrupted", log)
        rows = rows_where(self.outbox(), stage="before-10")
        self.assertEqual([(r["state"], r["attempts"]) for r in rows], [("pending", 0)], rows)
        details = [detail for (detail,) in self.sql("SELECT detail FROM events WHERE key = ? ORDER BY id",
                                                    (rows[0]["key"],))]
        self.assertTrue(details[-1].startswith("interrupted by a stop"), details)
        return took

    def assert_sent_once(self):
        rows = rows_where(self.outbox(), stage="before-10")
        self.assertEqual([(r["state"], r["attempts"]) for r in rows], [("sent", 1)], rows)

    def check_smtp(self, url_of):
        port, peer_log, peer = self.start_silent_peer()
        self.write(UNIT, smtp=dict(SLOW_SMTP, url=url_of(port)))
        self.stop_while_silent(self.start_daemon(), peer_log, wait_for_bytes=False)
        peer.stop()
        sink_port, maildir, _ = self.start_smtp_sink()
        self.write(UNIT, smtp=dict(SLOW_SMTP, url=url_of(sink_port)))
        self.run_once()
        self.assert_sent_once()
        self.assertEqual(len(maildir_files(maildir)), 1)

    def test_plain_smtp_to_a_server_that_never_greets(self):
        self.check_smtp(lambda port: "smtp://127.0.0.1:%d" % port)

    def test_libcurl_smtp_to_a_server_that_never_greets(self):
        # A path in the URL (libcurl's EHLO name) keeps the server with libcurl.
        self.check_smtp(lambda port: "smtp://127.0.0.1:%d/deadlined.example.test" % port)

    def check_webhook(self, proxied):
        peer_port, peer_log, peer = self.start_silent_peer()
        # Proxied, the URL's own port is where the sink listens at the next run.
        hook_port = free_port() if proxied else peer_port
        unit = dict(UNIT, email=[], webhook=[{"url": "http://127.0.0.1:%d/hook" % hook_port}])
        self.write(unit, webhooks={"timeout": 600})
        env = {"http_proxy": "http://127.0.0.1:%d" % peer_port} if proxied else None
        self.stop_while_silent(self.start_daemon(env=env), peer_log, wait_for_bytes=True)
        peer.stop()
        _, sink_log, _ = self.start_http_sink(port=hook_port)
        self.run_once()
        self.assert_sent_once()
        with open(sink_log, encoding="utf-8") as f:
            posts = [json.loads(line) for line in f]
        self.assertEqual(len(posts), 1)

    def test_plain_http_webhook_to_a_server_that_never_answers(self):
        self.check_webhook(proxied=False)

    def test_libcurl_http_webhook_through_a_proxy_that_never_answers(self):
        self.check_webhook(proxied=True)


if __name__ == "__main__":
    itlib.main()
